"""Golden files for the JSON, JUnit, HTML and markdown reports of one broken workbook: any change
to what a reader of a report sees shows up as a diff. Regenerate after an intended change with

    UPDATE_GOLDEN=1 python -m pytest tests/test_golden_reports.py
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .conftest import ROOT, run_cli

GOLDEN = Path(__file__).resolve().parent / "golden"
WORKBOOK = "fixtures/golden/broken.xlsx"  # reference with '3 支出总表'!E9 and '11 机构人员情况表'!B16 changed


@pytest.mark.parametrize("fmt, name", [("json", "report.json"), ("junit", "report.junit.xml"),
                                       ("markdown", "report.md"), ("text", "report.txt")])
def test_report_matches_golden(fmt: str, name: str, tmp_path: Path) -> None:
    out = tmp_path / name
    proc = run_cli("validate", WORKBOOK, "--format", fmt, "--output", str(out), cwd=ROOT)
    assert proc.returncode == 1, proc.stderr
    _compare(out.read_text(encoding="utf-8"), GOLDEN / name)


def test_html_report_matches_golden() -> None:
    from budgetcheck.contracts.profiles import load_rules
    from budgetcheck.engine import validate_paths
    from budgetcheck.reports.html import render_html

    cwd = os.getcwd()
    os.chdir(ROOT)  # the report names the workbook by the path it was given
    try:
        ruleset = load_rules(None)
        html = render_html(validate_paths([WORKBOOK], ruleset), ruleset)
    finally:
        os.chdir(cwd)
    _compare(html, GOLDEN / "report.html")


def _compare(actual: str, golden: Path) -> None:
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(actual, encoding="utf-8")
    assert actual == golden.read_text(encoding="utf-8"), f"{golden.name} differs (UPDATE_GOLDEN=1 to accept)"

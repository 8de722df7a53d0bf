"""A finding in a PDF narrative names its page beside file, line and sentence.

seed002.pdf (fixtures/narrative/make_pdf.py) typesets the non-blank lines of the seed-002 text 42
to a page with "- N -" at the foot of page N: the page of a line is checked against both.
"""

from __future__ import annotations

import json
from pathlib import Path

from budgetcheck.narrative import check_narrative
from budgetcheck.narrative.document import document_from_pages

from .conftest import run_cli

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "narrative"
PDF = FIXTURES / "seed002.pdf"
TEXT = FIXTURES / "002_7fe24cca4b7a4db4.txt"
LINES_PER_PAGE = 42  # make_pdf.py


def typeset_page(line: str) -> int:
    """The page make_pdf.py put a line of the seed text on."""
    lines = [t.strip() for t in TEXT.read_text(encoding="utf-8").splitlines() if t.strip()]
    return lines.index(line.strip()) // LINES_PER_PAGE + 1


def printed_page(lines: list[str], line: int) -> int:
    """The page number printed at the foot of the page a line (1-based) is on."""
    foot = next(t for t in lines[line - 1:] if t.strip().startswith("- ") and t.strip().endswith(" -"))
    return int(foot.strip(" -"))


def test_pdf_findings_name_their_page() -> None:
    result = check_narrative(PDF)
    assert [f.rule for f in result.findings] == ["NAR-SUM-002"] + ["NAR-PRJ-002"] * 3
    lines = result.document.lines
    for f in result.findings:
        line = f.location["line"]
        assert f.location["page"] == typeset_page(lines[line - 1]), f.location
        assert f.location["page"] == printed_page(lines, line), f.location
    assert [f.location["page"] for f in result.findings] == [5, 9, 10, 11]
    for f in result.findings:  # the other fact a finding names: its page beside its line
        assert f.args["other_page"] == printed_page(lines, f.args["other_line"]), f.args


def test_text_findings_have_no_page() -> None:
    assert all("page" not in f.location for f in check_narrative(TEXT).findings)


def test_pages_follow_page_breaks() -> None:
    doc = document_from_pages(["一\n二\n", "", "三\r\n四"], "x.pdf")
    assert doc.lines == ["一", "二", "", "", "三", "四"]
    assert [doc.page_of(n) for n in range(1, 7)] == [1, 1, 1, 2, 3, 3]
    assert doc.page_of(0) is None and doc.page_of(99) == 3


def test_reports_show_the_page(reference, tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    run_cli("validate", str(reference), "--narrative", str(PDF), "--format", "json",
            "--output", str(out))
    findings = json.loads(out.read_text(encoding="utf-8"))["submissions"][0]["findings"]
    pages = {f["location"]["line"]: f["location"].get("page") for f in findings if f.get("location")}
    assert pages[200] == 5
    for fmt, mark in (("text", "seed002.pdf:200（第 5 页）"), ("markdown", "seed002.pdf:200（第 5 页）")):
        out = tmp_path / f"r.{fmt}"
        run_cli("validate", str(reference), "--narrative", str(PDF), "--format", fmt,
                "--output", str(out))
        assert mark in out.read_text(encoding="utf-8"), fmt
    out = tmp_path / "r.en.txt"
    run_cli("validate", str(reference), "--narrative", str(PDF), "--format", "text", "--lang", "en",
            "--output", str(out))
    assert "seed002.pdf:200 (page 5)" in out.read_text(encoding="utf-8")

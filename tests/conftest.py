"""Shared test helpers: the reference workbook, mutated copies, and running the CLI."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
REFERENCE = FIXTURES / "shangrao_2024_unit_budget.xlsx"


def split_ref(ref: str) -> tuple[str, str]:
    """"'1 收支总表'!B5" -> ("1 收支总表", "B5")."""
    sheet, cell = ref.rsplit("!", 1)
    return sheet.strip("'").replace("''", "'"), cell


def mutate(source: Path, changes: dict[str, object], target: Path) -> Path:
    """A copy of ``source`` with cells replaced ({"'sheet'!A1": value}); the source is untouched."""
    import openpyxl

    workbook = openpyxl.load_workbook(source)
    for ref, value in changes.items():
        sheet, cell = split_ref(ref)
        workbook[sheet][cell] = value
    workbook.save(target)
    return target


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "budgetcheck.cli", *args],
        capture_output=True, text=True, cwd=cwd or ROOT, timeout=120,
    )


def validate_json(path: Path, *extra: str) -> tuple[int, dict]:
    proc = run_cli("validate", str(path), "--format", "json", *extra)
    return proc.returncode, json.loads(proc.stdout) if proc.stdout.strip() else {}


def flat(report: dict) -> set[tuple[str, str]]:
    """Findings flattened to (rule, cell) pairs."""
    return {
        (f["rule"], cell)
        for sub in report["submissions"]
        for f in sub["findings"]
        for cell in f["cells"]
    }


@pytest.fixture
def reference(tmp_path: Path) -> Path:
    """A private copy of the reference workbook."""
    target = tmp_path / REFERENCE.name
    shutil.copy(REFERENCE, target)
    return target

"""Shared helpers of the publishing tests: the reference workbook and a copy with one wrong cell."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "fixtures" / "shangrao_2024_unit_budget.xlsx"
# 收入总表, row 2101501 行政运行: the 财政拨款 小计 737.94 becomes 799.99, which breaks the row
# identities INC-001 (合计 = sources) and INC-002 (小计 = fund types) and the tree INC-003.
BROKEN_SHEET, BROKEN_CELL, BROKEN_VALUE = "2 收入总表", "E9", 799.99
BROKEN_RULES = {"INC-001", "INC-002", "INC-003"}
# The reference leaves four 指标值 of table 10 blank (a transcription gap; TGT-003 warns there).
# The published PDF has them: a copy with them filled in has no finding at all.
TARGETS_SHEET = "10 项目绩效目标表"
GAP_VALUES = {"D12": "=12个月", "D13": "=1次/月", "D55": "=12个月", "D56": "=1次/月"}


def _filled(book) -> None:
    for cell, value in GAP_VALUES.items():
        target = book[TARGETS_SHEET][cell]
        target.value = value
        target.data_type = "s"  # text as published, not a formula


def clean_copy(folder: Path, name: str = "clean.xlsx") -> Path:
    """The reference with its four blank 指标值 filled: no finding at all."""
    from openpyxl import load_workbook

    folder.mkdir(parents=True, exist_ok=True)
    book = load_workbook(REFERENCE)
    _filled(book)
    target = folder / name
    book.save(target)
    return target


def broken_copy(folder: Path, name: str = "broken.xlsx") -> Path:
    from openpyxl import load_workbook

    folder.mkdir(parents=True, exist_ok=True)
    book = load_workbook(REFERENCE)
    _filled(book)
    book[BROKEN_SHEET][BROKEN_CELL].value = BROKEN_VALUE
    target = folder / name
    book.save(target)
    return target


def run_cli(*args: str, cwd: Path | None = None):
    """Run the CLI in-process; return (exit code, stdout, stderr)."""
    from click.testing import CliRunner

    from budgetcheck.cli import main

    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr

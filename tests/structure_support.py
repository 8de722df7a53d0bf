"""Helpers for the structure and project-target tests: the reference workbook, mutated copies
written with openpyxl to tmp_path, and running the rule catalogue on them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from budgetcheck.contracts.rules import load_ruleset
from budgetcheck.engine.run import check_submission
from budgetcheck.model import Finding, Submission
from budgetcheck.readers import read_submission

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "fixtures" / "shangrao_2024_unit_budget.xlsx"
TARGETS_SHEET = "10 项目绩效目标表"


def ref(sheet: str, cell: str) -> str:
    return f"'{sheet}'!{cell}"


def mutated(tmp_path: Path, changes: dict[str, Any], name: str = "mutated.xlsx",
            drop_sheets: tuple[str, ...] = ()) -> Path:
    """A copy of the reference with cells replaced ({"'sheet'!A1": value}) and sheets dropped."""
    import openpyxl

    book = openpyxl.load_workbook(REFERENCE)
    for where, value in changes.items():
        sheet, cell = where.rsplit("!", 1)
        target = book[sheet.strip("'")][cell]
        target.value = value
        if isinstance(value, str) and value.startswith(("=", "#")):
            target.data_type = "s"  # text as typed ('=1次/月, '#N/A), not a formula or an error
    for sheet in drop_sheets:
        del book[sheet]
    path = tmp_path / name
    book.save(path)
    return path


_RULES = None


def rules():
    global _RULES
    if _RULES is None:
        _RULES = load_ruleset()
    return _RULES


def findings(source: Path | Submission) -> list[Finding]:
    submission = source if isinstance(source, Submission) else read_submission(str(source))
    return check_submission(submission, rules())[0]


def pairs(found: list[Finding], rule: str) -> list[tuple[str, tuple[str, ...]]]:
    """The (rule, cells) of the findings of one rule, in report order."""
    return [(f.rule, tuple(f.cells)) for f in found if f.rule == rule]

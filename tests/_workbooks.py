"""Helpers of the catalogue tests: mutate a copy of the reference workbook, run a rule set."""

from __future__ import annotations

from pathlib import Path
from typing import Any

REFERENCE = Path(__file__).resolve().parent.parent / "fixtures" / "shangrao_2024_unit_budget.xlsx"

S1, S2, S3, S4 = "1 收支总表", "2 收入总表", "3 支出总表", "4 财政拨款收支总表"
S5, S6, S7 = "5 一般公共预算支出表", "6 一般公共预算基本支出表", "7 三公经费支出表"
S8, S9, S11 = "8 政府性基金预算支出表", "9 国有资本经营预算支出表", "11 机构人员情况表"


def ref(sheet: str, cell: str) -> str:
    return f"'{sheet}'!{cell}"


def mutate(tmp_path: Path, edits: dict[tuple[str, str], Any], name: str = "case.xlsx") -> str:
    """A copy of the reference workbook with some cells changed (sheet, A1) -> value."""
    import openpyxl

    book = openpyxl.load_workbook(REFERENCE)
    for (sheet, cell), value in edits.items():
        book[sheet][cell] = value
    out = tmp_path / name
    book.save(out)
    return str(out)


def findings_of(path: str, profile: str | None = None, prefix: str = "") -> set[tuple[str, tuple[str, ...]]]:
    """(rule, cells) of every finding of a rule whose id starts with prefix."""
    from budgetcheck.contracts.profiles import load_rules
    from budgetcheck.engine import check_submission
    from budgetcheck.readers import read_submission

    findings, _ = check_submission(read_submission(path), load_rules(profile))
    return {f.key() for f in findings if f.rule.startswith(prefix)}

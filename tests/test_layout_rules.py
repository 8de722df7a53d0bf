"""Layout rules (checks/layout.yaml, STR-010..STR-014): a failing and a passing fixture each.

The failing fixture is the reference with one trait added; the passing one is the same
workbook without it (an evaluable formula instead of an unreadable one, the row or column
shown, the table on a visible sheet)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from .layout_cases import S3, S5, S6, reference_book, save
from .structure_support import findings


def _error(book: Any, fail: bool) -> None:
    book[S5]["C8"] = "#REF!" if fail else 737.94


def _formula(book: Any, fail: bool) -> None:
    book[S3]["C9"] = '=INDIRECT("D9")+E9' if fail else "=D9+E9"


def _hidden_row(book: Any, fail: bool) -> None:
    book[S6].row_dimensions[8].hidden = fail


def _hidden_column(book: Any, fail: bool) -> None:
    book[S3].column_dimensions["E"].hidden = fail


def _hidden_sheet(book: Any, fail: bool) -> None:
    book[S3].sheet_state = "hidden" if fail else "visible"


# rule -> (edit of the reference, a cell the failing finding names; "" for a finding without cells)
CASES: dict[str, tuple[Callable[[Any, bool], None], str]] = {
    "STR-010": (_error, f"'{S5}'!C8"),
    "STR-011": (_formula, f"'{S3}'!C9"),
    "STR-012": (_hidden_row, f"'{S6}'!C8"),
    "STR-013": (_hidden_column, f"'{S3}'!E9"),
    "STR-014": (_hidden_sheet, ""),
}


def _rule_findings(tmp_path: Path, rule: str, fail: bool):
    edit, _ = CASES[rule]
    book = reference_book()
    edit(book, fail)
    path = save(book, tmp_path / f"{rule}-{'fail' if fail else 'pass'}.xlsx")
    return [f for f in findings(path) if f.rule == rule]


@pytest.mark.parametrize("rule", sorted(CASES))
def test_failing_fixture(rule: str, tmp_path: Path) -> None:
    found = _rule_findings(tmp_path, rule, True)
    cell = CASES[rule][1]
    assert len(found) == 1
    assert (cell in found[0].cells) if cell else found[0].args.get("sheet") == S3


@pytest.mark.parametrize("rule", sorted(CASES))
def test_passing_fixture(rule: str, tmp_path: Path) -> None:
    assert _rule_findings(tmp_path, rule, False) == []


def test_hidden_column_and_formula_messages(tmp_path: Path) -> None:
    from budgetcheck.reports.messages import render

    from .structure_support import rules

    (hidden,) = _rule_findings(tmp_path, "STR-013", True)
    (formula,) = _rule_findings(tmp_path, "STR-011", True)
    by_id = rules().by_id()
    assert "E 列是隐藏列" in render(hidden, by_id["STR-013"], rules(), "zh")
    assert '=INDIRECT("D9")+E9' in render(formula, by_id["STR-011"], rules(), "en")

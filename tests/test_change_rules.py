"""Change columns (checks/change.yaml): last year's figures, 增减额 and 增减率 are read and checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetcheck.readers import read_submission

from .layout_cases import S3, reference_book, save, with_prior_year
from .structure_support import findings

# rule -> (cell edits on the table with prior-year columns, a cell the finding names)
CASES = {
    "CHG-001": ({"G9": -36.71}, f"'{S3}'!G9"),   # 853.45 - 880.16 = -26.71
    "CHG-002": ({"H10": -36.91}, f"'{S3}'!H10"),  # -51.10 / 189.90 = -26.91 %
}


def _rule_cells(path: Path, rule: str) -> set[str]:
    return {c for f in findings(path) if f.rule == rule for c in f.cells}


@pytest.mark.parametrize("rule", sorted(CASES))
def test_failing_fixture(rule: str, tmp_path: Path) -> None:
    edits, cell = CASES[rule]
    book = with_prior_year(reference_book())
    for a1, value in edits.items():
        book[S3][a1] = value
    assert cell in _rule_cells(save(book, tmp_path / "fail.xlsx"), rule)


@pytest.mark.parametrize("rule", sorted(CASES))
def test_passing_fixture(rule: str, tmp_path: Path) -> None:
    assert _rule_cells(save(with_prior_year(reference_book()), tmp_path / "pass.xlsx"), rule) == set()


@pytest.mark.parametrize("style", ["percent", "text", "fraction"])
def test_prior_year_columns_are_read_apart_from_this_year(style: str, tmp_path: Path) -> None:
    path = save(with_prior_year(reference_book(), style), tmp_path / f"{style}.xlsx")
    table = read_submission(str(path)).tables["expenditure"]
    total = table.row("total")
    assert total.cells["total"].ref == f"'{S3}'!C6"  # this year's 合计, not last year's
    assert total.cells["prior.total"].ref == f"'{S3}'!F6"
    assert str(total.cells["change.total"].value) == "-72.8"
    assert "rate.total" in total.cells and "rate.total" not in table.columns
    # last year's figures are summed like this year's; a change, derived from two rounded
    # figures, is checked by CHG-001 only (its rounding is twice a published figure's)
    assert "prior.total" in table.columns and "change.total" not in table.columns
    found = [f for f in findings(path) if f.rule.startswith(("CHG", "EXP", "STR"))]
    assert found == []


def test_a_truncated_rate_passes_and_a_wrong_one_does_not(tmp_path: Path) -> None:
    book = with_prior_year(reference_book())
    book[S3]["H6"] = -6.27  # -72.80 / 1159.36 = -6.2793…: cut, not rounded
    assert _rule_cells(save(book, tmp_path / "cut.xlsx"), "CHG-002") == set()
    book[S3]["H6"] = -6.26
    assert f"'{S3}'!H6" in _rule_cells(save(book, tmp_path / "off.xlsx"), "CHG-002")

"""Values and tables a budget cannot hold (checks/structure.yaml STR-020..STR-024, readers/domain.py):
a failing and a passing fixture each, and the hostile values the reader refuses outright."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from budgetcheck.amounts import AmountError, parse_decimal

from .layout_cases import S3, S5, reference_book, save
from .structure_support import findings


def _huge(book: Any, fail: bool) -> None:
    book[S5]["C8"] = 1e16 if fail else 737.94  # 10^16 万元: beyond 10^15 元


def _too_fine(book: Any, fail: bool) -> None:
    book[S5]["C8"] = 737.9412345 if fail else 737.9400000000001  # float noise is not a decimal


def _copy(book: Any, fail: bool, change: bool) -> None:
    if fail:
        copy = book.copy_worksheet(book[S3])
        copy.title = "支出总表(修改)"
        if change:
            copy["C9"] = 900


def _twice_differing(book: Any, fail: bool) -> None:
    _copy(book, fail, True)


def _twice_same(book: Any, fail: bool) -> None:
    _copy(book, fail, False)


def _empty(book: Any, fail: bool) -> None:
    if fail:
        for row in book[S3].iter_rows(min_row=6, max_row=book[S3].max_row, min_col=3, max_col=5):
            for cell in row:
                cell.value = None


# rule -> (edit of the reference, a cell the failing finding names, or "sheet=<name>")
CASES: dict[str, tuple[Callable[[Any, bool], None], str]] = {
    "STR-020": (_huge, f"'{S5}'!C8"),
    "STR-021": (_too_fine, f"'{S5}'!C8"),
    "STR-022": (_twice_differing, f"'{S3}'!C9"),
    "STR-023": (_twice_same, f"sheet={S3}"),
    "STR-024": (_empty, f"sheet={S3}"),
}


def _rule_findings(tmp_path: Path, case: str, fail: bool):
    edit, _ = CASES[case]
    book = reference_book()
    edit(book, fail)
    path = save(book, tmp_path / f"{case}-{'fail' if fail else 'pass'}.xlsx")
    return [f for f in findings(path) if f.rule == case]


@pytest.mark.parametrize("case", sorted(CASES))
def test_failing_fixture(case: str, tmp_path: Path) -> None:
    found = _rule_findings(tmp_path, case, True)
    where = CASES[case][1]
    assert len(found) == 1, found
    if where.startswith("sheet="):
        assert found[0].args["sheet"] == where[len("sheet="):]
    else:
        assert where in found[0].cells


@pytest.mark.parametrize("case", sorted(CASES))
def test_passing_fixture(case: str, tmp_path: Path) -> None:
    assert _rule_findings(tmp_path, case, False) == []


def test_a_value_beyond_the_domain_makes_its_relations_not_checkable(tmp_path: Path) -> None:
    """1e16 in table 5 is reported once (STR-020), not as a dozen sums that fail on it, and
    formatting it never raises (decimal.InvalidOperation once crashed report rendering)."""
    from budgetcheck.engine import validate_paths
    from budgetcheck.reports.json_report import render_json

    from .structure_support import rules

    book = reference_book()
    book[S5]["C8"] = 1e308
    path = save(book, tmp_path / "huge.xlsx")
    (result,) = validate_paths([str(path)], rules())
    assert result.status == "failed"
    assert [f.rule for f in result.findings if f.severity == "error"] == ["STR-020"]
    assert result.submission is not None and result.submission.not_checkable
    assert "1e+308" in render_json([result], rules(), "en")


@pytest.mark.parametrize("text", ["8,7,6,.,7,4", "1,2,3", "1,,086.56", "1086,56", "12,34.5"])
def test_separators_that_do_not_group_thousands_are_text(text: str) -> None:
    with pytest.raises(AmountError):
        parse_decimal(text)


@pytest.mark.parametrize(("text", "value"), [("1,086.56", "1086.56"), ("-1,086", "-1086"),
                                             ("(12,345,678.90)", "-12345678.90"), ("１，０８６．５６", "1086.56")])
def test_thousands_separators_still_read(text: str, value: str) -> None:
    from decimal import Decimal

    assert parse_decimal(text)[0] == Decimal(value)

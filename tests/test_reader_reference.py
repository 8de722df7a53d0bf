"""The reader on the real reference workbook: every table found, every value with its cell."""

from decimal import Decimal

from budgetcheck.readers import read_submission

from .conftest import REFERENCE


def test_all_tables_found_by_title():
    sub = read_submission(str(REFERENCE))
    assert set(sub.tables) == {
        "summary", "income", "expenditure", "fiscal", "general", "basic",
        "three_public", "gov_fund", "soe", "headcount",
    } | ({"targets"} if "targets" in sub.tables else set())
    assert any("封面" in note for note in sub.notes)


def test_summary_lines_and_cells():
    summary = read_submission(str(REFERENCE)).tables["summary"]
    cell = summary.row("income.grand_total").cells["amount"]
    assert (cell.ref, cell.value) == ("'1 收支总表'!B18", Decimal("1086.56"))
    assert summary.row("expense.line.210").cells["amount"].ref == "'1 收支总表'!D5"
    assert summary.row("income.carryover").cells["amount"].value == Decimal("209.81")


def test_short_kuan_codes_are_completed():
    income = read_submission(str(REFERENCE)).tables["income"]
    assert [r.key for r in income.rows] == ["total", "210", "21015", "2101501", "2101502", "2101504", "2101506"]
    row = income.row("2101501")
    assert row.cells["fiscal_general"].ref == "'2 收入总表'!F9"
    assert row.cells["carryover"].value == Decimal("115.51")


def test_economic_codes_and_columns():
    basic = read_submission(str(REFERENCE)).tables["basic"]
    assert basic.columns == ["personnel", "public", "total"]
    assert basic.row("30239").cells["public"].value == Decimal("22.94")


def test_empty_tables_8_and_9():
    sub = read_submission(str(REFERENCE))
    assert sub.tables["gov_fund"].empty and sub.tables["soe"].empty


def test_headcount_by_kind():
    head = read_submission(str(REFERENCE)).tables["headcount"]
    counts = {r.key: r.cells["count"].value for r in head.rows}
    assert counts["establishment.total"] == 26
    assert counts["serving.civil_servant_managed"] == 24
    assert counts["retired"] == 6 and counts["actual.total"] == 30


def test_reading_leaves_the_file_untouched():
    before = REFERENCE.read_bytes()
    read_submission(str(REFERENCE))
    assert REFERENCE.read_bytes() == before

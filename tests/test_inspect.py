"""``budgetcheck inspect``: on every fixture workbook, and what it shows of a page break, formulas,
an error cell and a hidden sheet."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import FIXTURES, run_cli
from .layout_cases import S3, S5, S6, reference_book, save, with_formula_totals, with_page_break

WORKBOOKS = sorted(p for p in FIXTURES.rglob("*") if p.suffix in (".xlsx", ".xls") and "bad" not in p.parts)
TABLE_KEYS = {"table", "number", "name", "sheet", "range", "found_by", "hidden_sheet", "unit", "header",
              "rows_read", "rows", "rows_skipped", "hidden_columns", "formulas"}


def _inspect(*paths: Path) -> dict:
    proc = run_cli("inspect", *map(str, paths), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_every_fixture_workbook() -> None:
    assert len(WORKBOOKS) >= 10
    report = _inspect(*WORKBOOKS)
    assert [w["path"] for w in report["workbooks"]] == [str(p) for p in WORKBOOKS]
    for workbook in report["workbooks"]:
        assert set(workbook) == {"path", "sha256", "sheets", "tables", "missing", "notes", "unreadable", "marks"}
        assert workbook["tables"], workbook["path"]
        for table in workbook["tables"]:
            assert set(table) == TABLE_KEYS
            assert table["rows_read"] == len(table["rows"]) > 0
            assert table["found_by"] in {"title", "sheet-name", "sheet-number", "header"}
            assert all({"key", "column", "header"} == set(c) for c in table["header"]["columns"])


def test_reference_reading() -> None:
    (workbook,) = _inspect(FIXTURES / "shangrao_2024_unit_budget.xlsx")["workbooks"]
    expenditure = next(t for t in workbook["tables"] if t["table"] == "expenditure")
    assert expenditure["sheet"] == S3 and expenditure["range"] == "A3:E12"
    assert expenditure["found_by"] == "title"
    assert expenditure["unit"] == {"name": "万元", "stated": True, "cell": f"'{S3}'!E2", "scale_to_wan": "1"}
    assert {(c["key"], c["column"], c["header"]) for c in expenditure["header"]["columns"]} == {
        ("total", "C", "合计"), ("basic", "D", "基本支出"), ("project", "E", "项目支出")}
    assert [r["key"] for r in expenditure["rows"]][:3] == ["total", "210", "21015"]
    headcount = next(t for t in workbook["tables"] if t["table"] == "headcount")
    assert headcount["unit"] is None
    assert any("封面" in note for note in workbook["notes"])


def test_page_break_rows_are_skipped_with_their_reason(tmp_path: Path) -> None:
    book, _ = with_page_break(reference_book())
    (workbook,) = _inspect(save(book, tmp_path / "break.xlsx"))["workbooks"]
    by_table = {t["table"]: t for t in workbook["tables"]}
    reasons = {(s["row"], s["reason"]) for s in by_table["expenditure"]["rows_skipped"]}
    assert {(10, "continued"), (11, "repeated title"), (12, "unit line"), (13, "repeated header"),
            (14, "repeated header"), (15, "column numbers")} <= reasons
    assert {(16, "repeated header"), (17, "page number")} <= {
        (s["row"], s["reason"]) for s in by_table["basic"]["rows_skipped"]}
    text = run_cli("inspect", str(tmp_path / "break.xlsx")).stdout
    assert "跳过第 10 行：续表行" in text and "跳过第 17 行：页码" in text


def test_formulas_errors_and_hidden_sheets(tmp_path: Path) -> None:
    book = with_formula_totals(reference_book())
    book[S5]["C9"] = "#N/A"
    book[S6].sheet_state = "hidden"
    (workbook,) = _inspect(save(book, tmp_path / "marks.xlsx"))["workbooks"]
    by_table = {t["table"]: t for t in workbook["tables"]}
    formulas = {f["cell"]: f for f in by_table["expenditure"]["formulas"]}
    assert formulas[f"'{S3}'!C8"] == {"cell": f"'{S3}'!C8", "formula": "=SUM(C9:C12)",
                                      "evaluated": True, "value": "1086.55"}
    # C5 = ROUND(C6) <- C6 = C7 <- C7 = C8 + C9 need the error cell: unreadable too, but the one
    # mark (a finding when validated) is at the cause
    assert workbook["unreadable"] == {f"'{S5}'!C9": "#N/A", f"'{S5}'!C7": "=C8+C9",
                                      f"'{S5}'!C6": "=C7", f"'{S5}'!C5": "=ROUND(C6,2)"}
    assert [m for m in workbook["marks"] if m["table"] == "general"] == [
        {"kind": "error_cell", "table": "general", "cells": [f"'{S5}'!C9"]}]
    # C7 = C8 + C9 needs the error cell: not evaluable, and said so
    c7 = next(f for f in by_table["general"]["formulas"] if f["cell"] == f"'{S5}'!C7")
    assert c7["evaluated"] is False and c7["value"] is None
    assert by_table["basic"]["hidden_sheet"] is True
    assert {"kind": "hidden_sheet", "table": "basic", "cells": []} in workbook["marks"]


@pytest.mark.parametrize("path", ["missing.xlsx", "fixtures/bad/truncated.xlsx"])
def test_unreadable_input_is_one_line_and_exit_2(path: str) -> None:
    proc = run_cli("inspect", path)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr

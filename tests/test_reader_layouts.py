"""Layouts the generator does not produce: several tables stacked in one sheet, a headcount table
laid out horizontally, sheets without titles found by name or header."""

from __future__ import annotations

from pathlib import Path

from .conftest import REFERENCE, run_cli, validate_json


def _copy_sheet(source, target, row_offset: int = 0) -> None:
    for row in source.iter_rows():
        for cell in row:
            if cell.value is not None:
                target.cell(row=cell.row + row_offset, column=cell.column, value=cell.value)
    for merged in source.merged_cells.ranges:
        target.merge_cells(start_row=merged.min_row + row_offset, end_row=merged.max_row + row_offset,
                           start_column=merged.min_col, end_column=merged.max_col)


def test_all_tables_stacked_in_one_sheet(tmp_path: Path) -> None:
    import openpyxl

    source = openpyxl.load_workbook(REFERENCE)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "预算公开表"
    offset = 0
    for table in source.worksheets[1:]:
        _copy_sheet(table, sheet, offset)
        offset += table.max_row + 3
    sheet.cell(row=offset + 30, column=1, value=999)  # the views keep true row numbers
    path = tmp_path / "stacked.xlsx"
    book.save(path)
    code, report = validate_json(path)
    assert code == 0, report
    # a change deep in the sheet is reported at its true cell
    sheet["E60"] = 800  # table 4 "一般公共预算" of its class line, 4th table down
    book.save(path)
    code, report = validate_json(path)
    cells = {c for f in report["submissions"][0]["findings"] for c in f["cells"]}
    assert code == 1 and "'预算公开表'!E60" in cells


def test_horizontal_headcount(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.load_workbook(REFERENCE)
    old = book["11 机构人员情况表"]
    labels = [old.cell(row=r, column=1).value for r in range(4, 17)]
    counts = [old.cell(row=r, column=2).value for r in range(4, 17)]
    book.remove(old)
    sheet = book.create_sheet("人员")
    sheet["A1"] = "XX单位2024年机构人员情况表"
    for i, (label, count) in enumerate(zip(labels, counts, strict=True)):
        sheet.cell(row=3, column=i + 1, value=label.replace("其中：", ""))
        sheet.cell(row=4, column=i + 1, value=count)
    path = tmp_path / "horizontal.xlsx"
    book.save(path)
    assert validate_json(path)[0] == 0
    sheet["B4"] = 1  # 行政编制 1: 编制 26 no longer equals its kinds
    book.save(path)
    code, report = validate_json(path)
    assert ("HC-001", "'人员'!B4") in {(f["rule"], c) for f in report["submissions"][0]["findings"] for c in f["cells"]}


def test_titleless_sheets_found_by_name_or_number(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.load_workbook(REFERENCE)
    for number, sheet in enumerate(book.worksheets[1:], start=1):
        sheet["A1"] = None  # no title: the sheet name or the header has to say which table it is
        sheet.title = f"表{'一二三四五六七八九十'[number - 1] if number <= 10 else '十一'}"
    path = tmp_path / "titleless.xlsx"
    book.save(path)
    proc = run_cli("validate", str(path))
    assert proc.returncode == 0, proc.stdout + proc.stderr

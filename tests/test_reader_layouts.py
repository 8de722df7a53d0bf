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


def _write_rows(sheet, lines, first_row: int = 1) -> None:
    """Write rows of values (None leaves a cell empty) from ``first_row`` down."""
    for r, values in enumerate(lines, start=first_row):
        for c, value in enumerate(values, start=1):
            if value is not None:
                sheet.cell(row=r, column=c, value=value)


def _final_accounts_summary(book) -> None:
    """Replace table 1 with a 决算-style 收入支出决算总表: 行次 columns, 年初结转和结余, 结余分配."""
    old = book["1 收支总表"]
    index = book.worksheets.index(old)
    book.remove(old)
    sheet = book.create_sheet("收入支出决算总表", index)
    rows = [
        ["XX单位2023年度收入支出决算总表"],
        ["编制单位：XX单位", None, None, None, None, "单位：万元"],
        ["收入", None, None, "支出"],
        ["项目", "行次", "金额", "项目", "行次", "金额"],
        ["一、财政拨款收入", 1, "876.74", "一、卫生健康支出", 31, "1,066.56"],
        ["（一）一般公共预算收入", 2, "876.74", None, None, None],
        ["本年收入合计", 9, "876.74", "本年支出合计", 59, "1,066.56"],
        ["年初结转和结余", 10, "209.81", "结余分配", 60, "5.00"],
        [None, None, None, "年末结转和结余", 61, "15.00"],
        ["总计", 12, "1,086.56", "总计", 62, "1,086.56"],
    ]
    _write_rows(sheet, rows)


def test_final_accounts_summary_with_line_numbers(tmp_path: Path) -> None:
    import openpyxl

    from budgetcheck.readers import read_submission

    book = openpyxl.load_workbook(REFERENCE)
    _final_accounts_summary(book)
    path = tmp_path / "final.xlsx"
    book.save(path)
    summary = read_submission(str(path)).tables["summary"]
    keys = {row.key: row.cells["amount"].ref for row in summary.rows}
    assert keys["income.carryover"] == "'收入支出决算总表'!C8"  # 金额, not 行次
    assert keys["expense.after.结余分配"] == "'收入支出决算总表'!F8"
    assert keys["expense.carry_forward"] == "'收入支出决算总表'!F9"
    findings = {f["rule"] for f in validate_json(path)[1]["submissions"][0]["findings"]}
    assert not {r for r in findings if r.startswith("SUM-")}
    book["收入支出决算总表"]["C10"] = "1,096.56"
    book.save(path)
    cells = {(f["rule"], c) for f in validate_json(path)[1]["submissions"][0]["findings"] for c in f["cells"]}
    assert ("SUM-004", "'收入支出决算总表'!C10") in cells


def test_three_public_printed_one_line_per_item(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.load_workbook(REFERENCE)
    old = book["7 三公经费支出表"]
    index = book.worksheets.index(old)
    book.remove(old)
    sheet = book.create_sheet("三公", index)
    lines = [
        ("XX单位2024年一般公共预算“三公”经费支出表", None, None),
        ("单位：万元", None, None),
        ("项目", "2024年预算数", "2023年预算数"),
        ("合计", "5.00", "7.00"),
        ("1.因公出国(境)费", "-", "-"),
        ("2.公务接待费", "5.00", "7.00"),
        ("3.公务用车购置及运行维护费", "0.00", "-"),
        ("其中：（1）公务用车购置费", "-", "-"),
        ("（2）公务用车运行维护费", "0", "-"),
    ]
    _write_rows(sheet, lines)
    path = tmp_path / "vertical.xlsx"
    book.save(path)
    code, report = validate_json(path)
    assert code == 0, [f["rule"] for f in report["submissions"][0]["findings"]]
    sheet["B6"] = "3.00"  # 公务接待费 3 against 合计 5
    book.save(path)
    code, report = validate_json(path)
    cells = {(f["rule"], c) for f in report["submissions"][0]["findings"] for c in f["cells"]}
    assert code == 1 and ("TPE-001", "'三公'!B6") in cells


def test_headcount_matrix_one_line_per_kind(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.load_workbook(REFERENCE)
    old = book["11 机构人员情况表"]
    book.remove(old)
    sheet = book.create_sheet("机构人员")
    lines = [
        ("XX单位2024年机构人员情况表", None, None, None, None, None),
        ("单位：人", None, None, None, None, None),
        ("人员类别", "编制人数", "实有人数", "在职人数", "离休人数", "退休人数"),
        ("合计", 26, 30, 24, 0, 6),
        ("行政", 0, 0, 0, None, None),
        ("参照公务员法管理事业", 26, 30, 24, 0, 6),
    ]
    _write_rows(sheet, lines)
    path = tmp_path / "matrix.xlsx"
    book.save(path)
    from budgetcheck.readers import read_submission

    rows = {row.key: row.cells["count"].ref for row in read_submission(str(path)).tables["headcount"].rows}
    assert rows["establishment.total"] == "'机构人员'!B4" and rows["retired"] == "'机构人员'!F4"
    assert rows["serving.civil_servant_managed"] == "'机构人员'!D6"
    assert validate_json(path)[0] == 0
    sheet["D6"] = 27  # 参公在职 27 above its 编制 26, and no longer the 在职 total
    book.save(path)
    cells = {(f["rule"], c) for f in validate_json(path)[1]["submissions"][0]["findings"] for c in f["cells"]}
    assert {("HC-002", "'机构人员'!D6"), ("HC-003", "'机构人员'!D6")} <= cells


def test_codes_and_names_in_one_column_under_a_plain_header(tmp_path: Path) -> None:
    """"功能分类科目" over "2101501 行政运行": neither 编码 nor 名称 in the header."""
    import openpyxl

    book = openpyxl.load_workbook(REFERENCE)
    sheet = book["3 支出总表"]
    for row in range(6, 13):
        code, name = sheet.cell(row=row, column=1).value, sheet.cell(row=row, column=2).value
        sheet.cell(row=row, column=1, value=f"{code} {name}" if code else name)
        sheet.cell(row=row, column=2, value=None)
    sheet.unmerge_cells("A3:B3")
    sheet["A3"], sheet["A4"], sheet["B4"], sheet["A5"], sheet["B5"] = "功能分类科目", None, None, None, None
    path = tmp_path / "one_column.xlsx"
    book.save(path)
    from budgetcheck.readers import read_submission

    table = read_submission(str(path)).tables["expenditure"]
    assert [r.key for r in table.rows] == ["total", "210", "21015", "2101501", "2101502", "2101504", "2101506"]
    assert table.row("2101501").name == "行政运行"
    assert validate_json(path)[0] == 0


def test_final_accounts_groups_read_from_the_final_figures(tmp_path: Path) -> None:
    """年初预算数 | 全年预算数 | 决算数, each with 小计 / 基本支出 / 项目支出: the 决算数 group counts."""
    import openpyxl

    book = openpyxl.load_workbook(REFERENCE)
    old = book["5 一般公共预算支出表"]
    index = book.worksheets.index(old)
    book.remove(old)
    sheet = book.create_sheet("一般公共预算财政拨款支出决算表", index)
    sheet["A1"] = "XX单位2023年度一般公共预算财政拨款支出决算表"
    header = ["科目编码", "科目名称"] + ["小计", "基本支出", "项目支出"] * 3
    for c, value in enumerate(header, start=1):
        sheet.cell(row=4, column=c, value=value)
    for c, group in ((3, "年初预算数"), (6, "全年预算数"), (9, "决算数")):
        sheet.cell(row=3, column=c, value=group)
        sheet.merge_cells(start_row=3, end_row=3, start_column=c, end_column=c + 2)
    lines = [
        (None, "合计", 900, 700, 200, 880, 697.15, 182.85, 876.74, 697.15, 179.59),
        ("210", "卫生健康支出", 900, 700, 200, 880, 697.15, 182.85, 876.74, 697.15, 179.59),
        ("21015", "医疗保障管理事务", 900, 700, 200, 880, 697.15, 182.85, 876.74, 697.15, 179.59),
        ("2101501", "行政运行", 760, 700, 60, 740, 697.15, 42.85, 737.94, 697.15, 40.79),
        ("2101502", "一般行政管理事务", 140, 0, 140, 140, 0, 140, 138.8, 0, 138.8),
    ]
    _write_rows(sheet, lines, first_row=5)
    path = tmp_path / "final.xlsx"
    book.save(path)
    from budgetcheck.readers import read_submission

    table = read_submission(str(path)).tables["general"]
    assert table.row("total").cells["total"].ref == "'一般公共预算财政拨款支出决算表'!I5"
    assert validate_json(path)[0] == 0


def test_legacy_xls_reads_like_the_xlsx() -> None:
    """The reference saved as .xls (BIFF, merged headers kept): the same tables and values."""
    from budgetcheck.readers import read_submission

    xlsx = read_submission(str(REFERENCE))
    xls = read_submission(str(REFERENCE.with_suffix(".xls")))
    assert set(xls.tables) == set(xlsx.tables)
    for name, table in xlsx.tables.items():
        if name == "targets":
            continue  # the .xls copy was written without the four "=…" formula cells
        other = xls.tables[name]
        assert [(r.key, {c: (v.ref, v.value) for c, v in r.cells.items()}) for r in other.rows] == \
               [(r.key, {c: (v.ref, v.value) for c, v in r.cells.items()}) for r in table.rows], name
    assert validate_json(REFERENCE.with_suffix(".xls"))[0] == 0


def test_title_sharing_its_row(tmp_path: Path) -> None:
    """"附表3" beside the title, on one row: still the title, not the header."""
    import openpyxl

    book = openpyxl.load_workbook(REFERENCE)
    for sheet in book.worksheets[1:]:
        for merged in [m for m in sheet.merged_cells.ranges if m.min_row == 1]:
            sheet.unmerge_cells(str(merged))
        sheet["C1"], sheet["A1"] = sheet["A1"].value, "附表"
        sheet.title = f"S{book.worksheets.index(sheet)}"
    path = tmp_path / "shared_title_row.xlsx"
    book.save(path)
    code, report = validate_json(path)
    assert code == 0, report["submissions"][0].get("reason")

"""Workbooks with the layout traits real submissions have (issue 9), built from the reference:
a cover and a contents sheet, a header repeated after a page break, totals as formulas saved
without their results, Excel error cells, hidden rows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

REFERENCE = Path(__file__).resolve().parent.parent / "fixtures" / "shangrao_2024_unit_budget.xlsx"
S3, S5, S6 = "3 支出总表", "5 一般公共预算支出表", "6 一般公共预算基本支出表"


def reference_book() -> Any:
    import openpyxl

    return openpyxl.load_workbook(REFERENCE)


def with_contents(book: Any, name: str = "目录", heading: str | None = "目  录") -> Any:
    """A 封面 with the title only, then a contents sheet listing every table by number and title
    (two cells a line, as the printed contents page has them)."""
    cover = book["封面"]
    for row in cover.iter_rows(min_row=4):
        for cell in row:
            cell.value = None
    contents = book.create_sheet(name, 1)
    if heading:
        contents.append([heading])
    titles = ["单位收支总表", "单位收入总表", "单位支出总表", "财政拨款收支总表", "一般公共预算支出表",
              "一般公共预算基本支出表", "一般公共预算“三公”经费支出表", "政府性基金预算支出表",
              "国有资本经营预算支出表", "项目绩效目标表", "机构人员情况表"]
    for number, title in enumerate(titles, start=1):
        contents.append([f"表{'一二三四五六七八九十'[number - 1] if number <= 10 else '十一'}",
                         f"上饶市医疗保障服务中心2024年{title}"])
    return book


def insert_rows(sheet: Any, before: int, lines: list[list[Any]]) -> None:
    """Insert lines above row ``before`` (1-based), moving the merged ranges below with them."""
    sheet.insert_rows(before, len(lines))
    for merged in list(sheet.merged_cells.ranges):
        if merged.min_row >= before:
            merged.shift(0, len(lines))
    for r, values in enumerate(lines, start=before):
        for c, value in enumerate(values, start=1):
            sheet.cell(row=r, column=c, value=value)


def with_page_break(book: Any) -> tuple[Any, dict[str, str]]:
    """Tables 3 and 6 broken over two pages: a （续表） line, the title, unit line, header and
    column-number row repeated half-way down. Returns the book and where cells moved
    (reference cell -> new cell) for the rows below the break."""
    moved: dict[str, str] = {}
    sheet = book[S3]
    title, unit = sheet["A1"].value, sheet["A2"].value
    insert_rows(sheet, 10, [["（续表）"], [title], [unit, None, None, None, "单位：万元"],
                            ["支出功能分类科目", None, None, None, None],
                            ["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
                            ["**", "**", 1, 2, 3]])
    for col in "ABCDE":
        for row in (10, 11, 12):
            moved[f"'{S3}'!{col}{row}"] = f"'{S3}'!{col}{row + 6}"
    sheet = book[S6]
    insert_rows(sheet, 16, [["科目编码", "科目名称", "合计", "人员经费", "公用经费"],
                            ["第 1 页", None, None, None, None]])
    for col in "ABCDE":
        for row in range(16, 27):
            moved[f"'{S6}'!{col}{row}"] = f"'{S6}'!{col}{row + 2}"
    return book, moved


def with_formula_totals(book: Any) -> Any:
    """Every total of tables 3 and 5 as a formula (written without a cached result, as
    programs other than Excel save them)."""
    sheet = book[S3]
    sheet["C6"], sheet["D6"], sheet["E6"] = "=C7", "=D7", "=E7"
    sheet["C7"], sheet["D7"], sheet["E7"] = "=SUM(C8)", "=SUM(D8)", "=SUM(E8)"
    sheet["C8"], sheet["D8"], sheet["E8"] = "=SUM(C9:C12)", "=SUM(D9:D12)", "=SUM(E9:E12)"
    for row in range(9, 13):
        sheet[f"C{row}"] = f"=D{row}+E{row}"
    sheet = book[S5]
    for col in "CDE":
        sheet[f"{col}5"] = f"=ROUND({col}6,2)"
        sheet[f"{col}6"] = f"={col}7"
        sheet[f"{col}7"] = f"={col}8+{col}9"
    sheet["C8"] = "='5 一般公共预算支出表'!D8+E8"
    return book


def save(book: Any, path: Path) -> Path:
    book.save(path)
    return path


def in_unit(book: Any, sheet: str, unit: str, factor: int, unit_cell: str = "E2") -> Any:
    """A table restated in another unit: its figures times ``factor`` and its 单位 line saying so."""
    from decimal import Decimal

    ws = book[sheet]
    for row in ws.iter_rows(min_row=5, min_col=3):
        for cell in row:
            if isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool):
                value = Decimal(str(cell.value)) * factor
                cell.value = int(value) if value == value.to_integral_value() else float(value)
    ws[unit_cell] = f"单位：{unit}"
    return book


# 支出总表 rows 6-12 (合计, 210, 21015, 2101501, 2101502, 2101504, 2101506): last year's budget
PRIOR_S3 = {6: "1159.36", 7: "1159.36", 8: "1159.36", 9: "880.16", 10: "189.90", 11: "40.00", 12: "49.30"}


def with_prior_year(book: Any, rate_style: str = "percent") -> Any:
    """支出总表 with 上年预算数, 增减额 and 增减率 columns (F, G, H) after its own. ``rate_style``:
    "percent" (-6.28 under 增减率（%）), "text" ("-6.28%"), "fraction" (-0.0628 under 增减率)."""
    from decimal import ROUND_HALF_UP, Decimal

    ws = book[S3]
    ws["F3"], ws["G3"] = "上年预算数", "增减额"
    ws["H3"] = "增减率（%）" if rate_style == "percent" else "增减率"
    ws["F5"], ws["G5"], ws["H5"] = 4, 5, 6
    for row, prior in PRIOR_S3.items():
        current = Decimal(str(ws[f"C{row}"].value))
        change = current - Decimal(prior)
        rate = change / Decimal(prior) * 100
        ws[f"F{row}"], ws[f"G{row}"] = float(prior), float(change)
        if rate_style == "text":
            ws[f"H{row}"] = f"{rate.quantize(Decimal('0.01'), ROUND_HALF_UP)}%"
        elif rate_style == "fraction":
            ws[f"H{row}"] = float((rate / 100).quantize(Decimal("0.0001"), ROUND_HALF_UP))
        else:
            ws[f"H{row}"] = float(rate.quantize(Decimal("0.01"), ROUND_HALF_UP))
    ws["H2"], ws["E2"] = "单位：万元", None
    return book

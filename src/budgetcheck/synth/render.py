"""Render the logical tables into sheet grids under a layout, recording every amount and count
cell written (``PlacedValue``) so tests and rules can compare against ground truth.

Nothing here touches openpyxl: a grid is plain values, number formats and merged ranges.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from ..model import column_letter
from .layouts import Layout
from .model import ZERO, to_wan
from .tables import (
    TABLE_NAMES,
    CodeRow,
    CodeTable,
    CountTable,
    LineTable,
    Path,
    ProjectTable,
    SanGongTable,
)

NUMBER_FORMAT = "#,##0.00"


def column_name(path: Path) -> str:
    """A header path as one name without the spacing used for looks: "收入/预算数"."""
    return "/".join(part.replace(" ", "") for part in path)


def sheet_ref(sheet: str, a1: str) -> str:
    """A reference with the sheet always quoted, as the canonical model writes it."""
    return "'" + sheet.replace("'", "''") + "'!" + a1


@dataclass(frozen=True, slots=True)
class PlacedValue:
    """One amount or count cell as written, with the exact value it was published from."""

    table: int  # 1..11
    sheet: str
    a1: str  # e.g. "C7"
    ref: str  # e.g. "'1 收支总表'!C7"
    kind: Literal["amount", "count"]
    published: Decimal | None  # 万元 with 2 decimals, or the count; None for a blank zero
    exact: Decimal  # yuan for amounts, the count for counts
    key: str  # row: full code, "合计", line label, project name or headcount label
    column: str  # column header path joined with "/", e.g. "财政拨款/小计"
    written: object  # the raw cell value (float, int, str or None)


@dataclass(frozen=True, slots=True)
class CostIndicator:
    """A table-10 cost indicator written in 元 (text such as "≤1234550元")."""

    sheet: str
    a1: str
    ref: str
    project: str
    label: str
    yuan: Decimal
    is_total: bool


@dataclass(slots=True)
class SheetGrid:
    name: str
    table: int | None  # None for the cover sheet
    values: dict[tuple[int, int], object] = field(default_factory=dict)
    formats: dict[tuple[int, int], str] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    widths: dict[int, float] = field(default_factory=dict)


def format_amount(
    layout: Layout, wan: Decimal, rng: random.Random | None = None
) -> tuple[object, Decimal | None, str | None]:
    """(cell value, published value, number format) of a 万元 amount under the layout."""
    if wan == ZERO:
        if layout.zero_style == "blank":
            return None, None, None
        if layout.zero_style == "dash":
            return "-", Decimal("0.00"), None
        if layout.amount_style == "text":
            return "0.00", Decimal("0.00"), None
        return 0, Decimal("0.00"), NUMBER_FORMAT
    if layout.amount_style == "number":
        return float(wan), wan, NUMBER_FORMAT
    text = f"{wan:,.2f}"
    if rng is not None and rng.random() < 0.25:
        text = rng.choice((" ", "  ", "\u3000")) + text + rng.choice(("", " "))
    return text, wan, None


def format_count(layout: Layout, count: int) -> object:
    return str(count) if layout.amount_style == "text" else count


class Canvas:
    """Writes one table into a grid relative to the layout's origin and records value cells."""

    def __init__(self, grid: SheetGrid, layout: Layout, rng: random.Random, table: int):
        self.grid, self.layout, self.rng, self.table = grid, layout, rng, table
        self.row0, self.col0 = layout.origin
        self.placed: list[PlacedValue] = []
        self.costs: list[CostIndicator] = []

    def a1(self, row: int, col: int) -> str:
        return f"{column_letter(self.col0 + col)}{self.row0 + row + 1}"

    def put(self, row: int, col: int, value: object, number_format: str | None = None) -> None:
        if value is None or value == "":
            return
        key = (self.row0 + row, self.col0 + col)
        self.grid.values[key] = value
        if number_format:
            self.grid.formats[key] = number_format

    def merge(self, row1: int, col1: int, row2: int, col2: int) -> None:
        if (row1, col1) != (row2, col2):
            self.grid.merges.append(
                (self.row0 + row1, self.col0 + col1, self.row0 + row2, self.col0 + col2)
            )

    def record(self, row: int, col: int, kind: Literal["amount", "count"], written: object,
               published: Decimal | None, exact: Decimal, key: str, column: str) -> None:
        a1 = self.a1(row, col)
        self.placed.append(PlacedValue(
            self.table, self.grid.name, a1, sheet_ref(self.grid.name, a1), kind, published,
            exact, key, column, written,
        ))

    def amount(self, row: int, col: int, yuan: Decimal, key: str, column: str,
               blank: bool = False) -> None:
        if blank:
            value, published, number_format = None, None, None
        else:
            value, published, number_format = format_amount(self.layout, to_wan(yuan), self.rng)
        self.put(row, col, value, number_format)
        self.record(row, col, "amount", value, published, yuan, key, column)

    def count(self, row: int, col: int, count: int, key: str, column: str) -> None:
        value = format_count(self.layout, count)
        self.put(row, col, value)
        self.record(row, col, "count", value, Decimal(count), Decimal(count), key, column)

    def title(self, text: str, width: int, unit_line: str | None, unit_label: str) -> int:
        """Title row (merged across the table) and the 填报单位 … 单位 row; returns next row."""
        self.put(0, 0, text)
        self.merge(0, 0, 0, width - 1)
        if unit_line is None:
            return 2
        self.put(1, 0, unit_line)
        self.put(1, width - 1, unit_label)
        return 2

    def header(self, top: int, paths: list[Path]) -> int:
        """Merged multi-row header from column paths; returns the row after it."""
        depth = max(len(p) for p in paths)
        for level in range(depth):
            col = 0
            while col < len(paths):
                path = paths[col]
                if level >= len(path):
                    col += 1
                    continue
                if level == len(path) - 1:  # leaf label spans down to the last header row
                    self.put(top + level, col, path[level])
                    self.merge(top + level, col, top + depth - 1, col)
                    col += 1
                    continue
                end = col
                while (end + 1 < len(paths) and len(paths[end + 1]) - 1 > level
                       and paths[end + 1][: level + 1] == path[: level + 1]):
                    end += 1
                self.put(top + level, col, path[level])
                self.merge(top + level, col, top + level, end)
                col = end + 1
        for col, path in enumerate(paths):
            self.grid.widths[self.col0 + col] = 28.0 if path[-1].endswith("名称") else 14.0
        return top + depth

    def column_numbers(self, row: int, label_columns: int, value_columns: int) -> int:
        style = self.layout.column_numbers
        if style == "none":
            return row
        for col in range(label_columns):
            if style == "stars":
                self.put(row, col, "**")
            elif col == 0:
                self.put(row, col, "栏次")
        for index in range(value_columns):
            self.put(row, label_columns + index, index + 1)
        return row + 1


def title_text(layout: Layout, unit_name: str, year: int, table: int) -> str:
    name = TABLE_NAMES[table]
    if table <= 3:
        name = layout.title_prefix + name
    if table == 7 and layout.amount_style == "text":
        name = name.replace("“", '"').replace("”", '"')
    if table == 10 and layout.sheet_naming == "numbered" and layout.origin == (0, 0):
        return f"{name}（{year}年度）"
    return f"{unit_name}{year}年{name}"


def code_cells(layout: Layout, row: CodeRow, scheme: str) -> list[str]:
    """The code column(s) of a row as this layout prints them."""
    cuts = (3, 5, 7) if scheme == "functional" else (3, 5)
    parts = [row.code[start:end] for start, end in zip((0, *cuts), cuts, strict=False)]
    if layout.split_code:
        cells = [""] * len(cuts)
        for level in range(1, row.level + 1):
            if level == row.level or layout.repeat_parents:
                cells[level - 1] = parts[level - 1]
        return cells
    if row.level == 0:
        return [""]
    short = {2: layout.group_code == "short" and scheme == "functional",
             3: layout.item_code == "short"}
    return [parts[row.level - 1] if short.get(row.level) else row.code]


def render_code_table(canvas: Canvas, table: CodeTable, title: str, unit_line: str,
                      year: int) -> None:
    layout = canvas.layout
    group = table.value_group
    if group is None and layout.three_row_header:
        group = f"{year}年预算数"
    code_prefix: Path = (table.code_group,) if table.code_group else ()
    levels = ("类", "款", "项") if table.scheme == "functional" else ("类", "款")
    if layout.split_code:
        code_paths = [(*code_prefix, table.code_labels[0], lv) for lv in levels]
    else:
        code_paths = [(*code_prefix, table.code_labels[0])]
    value_paths = [((group,) if group else ()) + path for path in table.value_columns]
    paths = [*code_paths, (*code_prefix, table.code_labels[1]), *value_paths]
    labels = len(code_paths) + 1
    row = canvas.title(title, len(paths), unit_line, "单位：万元")
    row = canvas.header(row, paths)
    row = canvas.column_numbers(row, labels, len(value_paths))
    for code_row in table.rows:
        for col, text in enumerate(code_cells(layout, code_row, table.scheme)):
            canvas.put(row, col, text)
        canvas.put(row, labels - 1, code_row.name)
        key = code_row.code or "合计"
        for index, value in enumerate(code_row.values):
            canvas.amount(row, labels + index, value, key, column_name(table.value_columns[index]),
                          blank=table.empty_note is not None)
        row += 1
    if table.empty_note:
        canvas.put(row + 1, 0, table.empty_note)


def render_line_table(canvas: Canvas, table: LineTable, title: str, unit_line: str) -> None:
    row = canvas.title(title, len(table.columns), unit_line, "单位：万元")
    row = canvas.header(row, table.columns)
    for left, right in table.rows:
        start = 0
        for side in (left, right):
            canvas.put(row, start, side.label)
            width = (table.left_width if start == 0 else len(table.columns) - table.left_width)
            if side.values is not None:
                for index, value in enumerate(side.values):
                    column = column_name(table.columns[start + 1 + index])
                    canvas.amount(row, start + 1 + index, value, side.label, column)
            start += width
        row += 1


def render_sangong(canvas: Canvas, table: SanGongTable, title: str, unit_line: str) -> None:
    sg = table.sangong
    paths: list[Path] = [("单位编码",), ("单位名称",), ("合计",), ("因公出国(境)费",),
                         ("公务接待费",)]
    values = [sg.total, sg.abroad, sg.reception]
    if canvas.layout.sangong_grouped:
        group = "公务用车购置及运行维护费"
        paths += [(group, "小计"), (group, "购置费"), (group, "运行维护费")]
        values += [sg.vehicles, sg.vehicle_purchase, sg.vehicle_operation]
    else:
        paths += [("公务用车运行维护费",), ("公务用车购置",)]
        values += [sg.vehicle_operation, sg.vehicle_purchase]
    row = canvas.title(title, len(paths), unit_line, "单位：万元")
    row = canvas.header(row, paths)
    row = canvas.column_numbers(row, 2, len(values))
    canvas.put(row, 0, table.unit_code)
    canvas.put(row, 1, table.unit_name)
    for index, value in enumerate(values):
        canvas.amount(row, 2 + index, value, table.unit_code, column_name(paths[2 + index]))


def render_projects(canvas: Canvas, table: ProjectTable, title: str) -> None:
    with_carryover = canvas.layout.project_carryover_line
    canvas.title(title, 4, None, "")
    row = 2
    for project in table.projects:
        other = project.total - project.fiscal - (project.carryover if with_carryover else ZERO)
        canvas.put(row, 0, "项目名称")
        canvas.put(row, 1, project.name)
        canvas.merge(row, 1, row, 3)
        for col, text in enumerate(("主管部门及代码", table.department, "实施单位",
                                    table.unit_name)):
            canvas.put(row + 1, col, text)
        for col, text in enumerate(("项目属性", "特定目标类", "项目日期范围",
                                    f"{table.year}.1.1-{table.year}.12.31")):
            canvas.put(row + 2, col, text)
        lines = [("年度资金总额", project.total), ("其中：财政拨款", project.fiscal)]
        if with_carryover:
            lines.append(("上年结转", project.carryover))
        lines.append(("其他资金", other))
        row += 3
        canvas.put(row, 0, "项目资金（万元）")
        canvas.merge(row, 0, row + len(lines) - 1, 0)
        for label, value in lines:
            canvas.put(row, 1, label)
            canvas.amount(row, 2, value, project.name, label)
            row += 1
        for col, text in enumerate(("一级指标", "二级指标", "三级指标", "指标值")):
            canvas.put(row, col, text)
        row += 1
        for indicator in project.indicators:
            for col, text in enumerate((indicator.level1, indicator.level2, indicator.level3,
                                        indicator.value)):
                canvas.put(row, col, text)
            if indicator.cost_yuan is not None:
                a1 = canvas.a1(row, 3)
                canvas.costs.append(CostIndicator(
                    canvas.grid.name, a1, sheet_ref(canvas.grid.name, a1), project.name,
                    indicator.level3, indicator.cost_yuan, indicator.is_cost_total,
                ))
            row += 1
        row += 1
    for col, width in enumerate((18.0, 30.0, 30.0, 22.0)):
        canvas.grid.widths[canvas.col0 + col] = width


def render_counts(canvas: Canvas, table: CountTable, title: str, unit_line: str) -> None:
    row = canvas.title(title, 2, unit_line, "单位：人")
    row = canvas.header(row, [("项目",), ("人数",)])
    for label, count in table.rows:
        canvas.put(row, 0, label)
        canvas.count(row, 1, count, label, "人数")
        row += 1
    canvas.grid.widths[canvas.col0] = 30.0


def render_table(grid: SheetGrid, layout: Layout, rng: random.Random, table: object,
                 unit_name: str, year: int) -> Canvas:
    number: int = table.number  # type: ignore[attr-defined]
    canvas = Canvas(grid, layout, rng, number)
    title = title_text(layout, unit_name, year, number)
    unit_line = f"填报单位：{unit_name}"
    if isinstance(table, CodeTable):
        render_code_table(canvas, table, title, unit_line, year)
    elif isinstance(table, LineTable):
        render_line_table(canvas, table, title, unit_line)
    elif isinstance(table, SanGongTable):
        render_sangong(canvas, table, title, unit_line)
    elif isinstance(table, ProjectTable):
        render_projects(canvas, table, title)
    elif isinstance(table, CountTable):
        render_counts(canvas, table, title, unit_line)
    else:  # pragma: no cover - every table kind is handled above
        raise TypeError(type(table))
    return canvas


def render_cover(grid: SheetGrid, layout: Layout, unit_name: str, year: int) -> None:
    grid.values[(0, 0)] = f"{unit_name}{year}年{layout.title_prefix}预算"
    grid.values[(3, 0)] = "目录"
    for number, name in TABLE_NAMES.items():
        prefix = layout.title_prefix if number <= 3 else ""
        grid.values[(3 + number, 0)] = f"{number}. {prefix}{name}"
    grid.widths[0] = 40.0

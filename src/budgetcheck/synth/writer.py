"""Assemble a generated workbook (unit, tables, grids), write it with openpyxl, and inject one
error that rounding cannot explain.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import openpyxl
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font

from .build import build_unit
from .layouts import LAYOUTS, Layout
from .model import Unit
from .render import (
    CostIndicator,
    PlacedValue,
    SheetGrid,
    format_amount,
    format_count,
    render_cover,
    render_table,
)
from .tables import build_tables

# Tables whose cells inject_error may change: 8 and 9 are usually empty templates.
INJECTABLE_TABLES = frozenset({1, 2, 3, 4, 5, 6, 7, 10, 11})
CENT = Decimal("0.01")


def write_value(cell: Cell, value: object) -> None:
    """Set a cell; text such as "=1次/月" stays text (openpyxl would take it for a formula)."""
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"


@dataclass(slots=True)
class GeneratedWorkbook:
    """A synthetic submission: its ground truth and the grids to write."""

    seed: int
    layout: Layout
    rounding_heavy: bool
    unit: Unit
    sheets: list[SheetGrid]
    cells: list[PlacedValue]
    cost_indicators: list[CostIndicator] = field(default_factory=list)

    def cell(self, ref: str) -> PlacedValue:
        for placed in self.cells:
            if placed.ref == ref:
                return placed
        raise KeyError(ref)

    def save(self, path: str | Path, mutate: dict[str, Decimal] | None = None) -> Path:
        """Write the xlsx; ``mutate`` replaces recorded cells (by ref) with new values, which
        are written in the layout's style (万元 for amounts, integers for counts)."""
        overrides: dict[tuple[str, str], object] = {}
        formats: dict[tuple[str, str], str | None] = {}
        for ref, new in (mutate or {}).items():
            placed = self.cell(ref)
            if placed.kind == "count":
                overrides[(placed.sheet, placed.a1)] = format_count(self.layout, int(new))
                formats[(placed.sheet, placed.a1)] = None
            else:
                value, _, number_format = format_amount(self.layout, Decimal(new).quantize(CENT))
                overrides[(placed.sheet, placed.a1)] = value
                formats[(placed.sheet, placed.a1)] = number_format
        workbook = openpyxl.Workbook()
        workbook.remove(workbook.active)
        bold = Font(bold=True)
        for grid in self.sheets:
            sheet = workbook.create_sheet(grid.name)
            for (row, col), value in grid.values.items():
                cell = sheet.cell(row=row + 1, column=col + 1)
                write_value(cell, value)
                if (row, col) in grid.formats:
                    cell.number_format = grid.formats[(row, col)]
            for (sheet_name, a1), value in overrides.items():
                if sheet_name == grid.name:
                    write_value(sheet[a1], value)
                    sheet[a1].number_format = formats[(sheet_name, a1)] or "General"
            for row1, col1, row2, col2 in grid.merges:
                sheet.merge_cells(start_row=row1 + 1, start_column=col1 + 1,
                                  end_row=row2 + 1, end_column=col2 + 1)
                sheet.cell(row=row1 + 1, column=col1 + 1).alignment = Alignment(
                    horizontal="center", vertical="center", wrap_text=True)
            if grid.values:
                first = min(grid.values)
                sheet.cell(row=first[0] + 1, column=first[1] + 1).font = bold
            for col, width in grid.widths.items():
                sheet.column_dimensions[openpyxl.utils.get_column_letter(col + 1)].width = width
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        workbook.save(target)
        return target

    def inject_error(self, rng: random.Random) -> tuple[str, Decimal | None, Decimal]:
        """Pick one amount/count cell of tables 1-7, 10 or 11 and a clearly wrong value.

        Amounts move by at least 0.10 万元 and at least 1 % of the value (far beyond what
        rounding explains); counts by at least 1. Returns (ref, old published, new).
        """
        candidates = [c for c in self.cells if c.table in INJECTABLE_TABLES]
        placed = rng.choice(candidates)
        old = placed.published
        base = old if old is not None else Decimal(0)
        if placed.kind == "count":
            delta = Decimal(rng.randint(1, 3))
        else:
            least = max(Decimal("0.10"), (abs(base) / 100).quantize(CENT, rounding="ROUND_UP"))
            factor = Decimal(rng.randint(100, 400)) / 100
            delta = (least * factor).quantize(CENT, rounding="ROUND_UP")
        new = base - delta if base - delta >= 0 and rng.random() < 0.5 else base + delta
        return placed.ref, old, new


def generate(
    seed: int, layout: str = "standard", rounding_heavy: bool = False
) -> GeneratedWorkbook:
    """Build the unit for ``seed`` and lay its eleven tables out under ``layout``."""
    chosen = LAYOUTS[layout]
    unit = build_unit(random.Random(seed), heavy=rounding_heavy)
    tables = build_tables(unit)
    # A separate stream for presentation, so the unit does not depend on the layout.
    rng = random.Random(f"{seed}/{layout}")
    order = list(tables)
    if chosen.shuffled:
        rng.shuffle(order)
    sheets: list[SheetGrid] = []
    if chosen.cover:
        cover = SheetGrid("封面" if chosen.sheet_naming == "numbered" else "目录", None)
        render_cover(cover, chosen, unit.name, unit.year)
        sheets.append(cover)
    cells: list[PlacedValue] = []
    costs: list[CostIndicator] = []
    for position, number in enumerate(order, start=1):
        grid = SheetGrid(chosen.sheet_name(number, position), number)
        canvas = render_table(grid, chosen, rng, tables[number], unit.name, unit.year)
        sheets.append(grid)
        cells.extend(canvas.placed)
        costs.extend(canvas.costs)
    return GeneratedWorkbook(seed, chosen, rounding_heavy, unit, sheets, cells, costs)

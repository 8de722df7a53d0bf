"""The unit of account of a table, from its 单位 line ("单位：万元", "金额单位：元", a lone "元"
cell above the header), and the rescaling of its figures to the canonical 万元."""

from __future__ import annotations

import re
from dataclasses import replace

from ..amounts import Amount, Precision
from ..contracts.tables import Catalogue, UnitSpec
from ..model import Table, sheet_ref
from .workbook import Grid

_UNIT = re.compile(r"(?:金额|计量)?单位[:：]?(亿元|万元|千元|元)(?![\u4e00-\u9fff])|^[（(]?(亿元|万元|千元|元)[）)]?$")
_LOOK = 8  # rows above the header (title, 填报单位 … 单位 line) where the unit is stated


def table_unit(grid: Grid, header: int | None, catalogue: Catalogue) -> tuple[UnitSpec | None, str | None]:
    """The unit a table states above its header and the cell that says it; (None, None) when it
    states none (then it is in 万元, the contract's default)."""
    top = grid.top
    stop = min(header if header is not None else top + _LOOK, top + _LOOK, grid.height)
    for r in range(top, stop):
        for c, text in grid.texts(r):
            match = _UNIT.search(text)
            if match:
                name = match.group(1) or match.group(2)
                unit = catalogue.units.get(name)
                if unit is not None:
                    return unit, sheet_ref(grid.name, r, c)
    return None, None


def in_unit(catalogue: Catalogue, unit: UnitSpec | None) -> Catalogue:
    """The catalogue whose amount precision is that of the unit's figures."""
    if unit is None or unit.scale == 1 and unit.decimals == catalogue.amount.decimals:
        return catalogue
    limit = catalogue.amount.limit / unit.scale if catalogue.amount.limit is not None else None
    amount = Precision(decimals=unit.decimals, exact=False, blank_exact=catalogue.amount.blank_exact,
                       limit=limit)
    return replace(catalogue, amount=amount)


def rescale(table: Table, unit: UnitSpec | None) -> None:
    """Figures (and their rounding intervals) to 万元, exactly: 12,345 元 is 1.2345 万元 ± 0.00005."""
    if unit is None or unit.scale == 1:
        return
    for row in table.rows:
        for cell in row.cells.values():
            cell.amount = Amount(cell.amount.value * unit.scale, cell.amount.half_width * unit.scale)

"""Row tables such as the "三公" table: one row per unit (and perhaps a 合计 row), columns for
出国, 接待, 公务用车 (one column, or a group of 小计 / 购置 / 运行维护). Some places print it
the other way round, one line per item (项目 | 预算数); that is read into the same single row."""

from __future__ import annotations

from ..contracts.tables import Catalogue, TableSpec
from ..errors import InputError
from ..model import Cell, Row, Table, a1
from .columns import (
    CODE_HEADER,
    map_columns,
    map_period_columns,
    period_columns,
    read_cell,
    read_cells,
    read_period,
)
from .header import HeaderBlock, block, body_rows, header_start
from .text import code_and_name, label
from .workbook import Grid


def read_rows(grid: Grid, spec: TableSpec, catalogue: Catalogue, path: str) -> Table:
    start = header_start(grid)
    if start is None:
        raise InputError(path, f"{spec.name_zh}: no header row found", f"sheet '{grid.name}'")
    header = block(grid, start, CODE_HEADER)
    kinds = period_columns(header, set())
    mapping = map_columns(header, catalogue.columns[spec.id], set(kinds))
    period = map_period_columns(header, [(k, p) for k, p in catalogue.columns[spec.id]
                                         if k not in ("unit_code", "unit_name")], kinds)
    code_col = mapping.pop("unit_code", None)
    name_col = mapping.pop("unit_name", None)
    if "total" not in mapping or not {"abroad", "reception"} & set(mapping):
        vertical = _read_vertical(grid, header, spec, catalogue, path)
        if vertical is not None:
            return vertical
    if "total" not in mapping:
        raise InputError(path, f"{spec.name_zh}: no 合计 column in the header", f"sheet '{grid.name}'")
    label_cols = [c for c in (code_col, name_col) if c is not None] or [min(header.paths)]
    rows: list[Row] = []
    wanted = list(mapping.items())
    for r in body_rows(grid, header.data, header):
        cells = read_cells(grid, path, r, wanted, catalogue.amount)
        info = read_period(grid, path, r, header, period, catalogue, cells)
        code = code_and_name(grid.value(r, code_col))[0] if code_col is not None else ""
        name = grid.text(r, name_col) if name_col is not None else ""
        text = "".join(grid.text(r, c) for c in label_cols)
        if text.startswith(("合计", "总计")) or name.startswith(("合计", "总计")) or (not code and "合计" in text):
            key = "total"
        elif code:
            key = code
        elif name:
            key = f"name:{name}"
        elif all(c.blank for k, c in cells.items() if "." not in k):
            continue
        else:
            key = f"row:{r + 1}"
        rows.append(Row(key, name or text, 0 if key == "total" else 1, cells, r,
                        tuple(a1(r, c) for c in label_cols), info))
    columns = list(mapping) + [k for k in period if k.startswith("prior.")]
    return Table(spec.id, spec.name_zh, grid.name, columns, rows, (header.first, header.last))


def _read_vertical(grid: Grid, header: HeaderBlock, spec: TableSpec, catalogue: Catalogue,
                   path: str) -> Table | None:
    """One line per item (合计, 因公出国(境)费, 公务接待费, 公务用车…): the first amount column
    after the labels gives a single row, keyed like a 合计 row of the usual layout."""
    patterns = [(k, p) for k, p in catalogue.columns[spec.id] if k not in ("unit_code", "unit_name")]
    cells: dict[str, Cell] = {}
    for r in body_rows(grid, header.data, header):
        col, text = grid.texts(r)[0]
        value_col = next((c for c in sorted(header.paths) if c > col), None)
        key = next((k for k, pats in patterns if any(p.search(label(text)) for p in pats)), None)
        if key is None or value_col is None or key in cells:
            continue
        cells[key] = read_cell(grid, path, r, value_col, catalogue.amount)
    if "total" not in cells or len(cells) < 3:
        return None
    row = Row("total", "合计", 0, cells, cells["total"].row)
    return Table(spec.id, spec.name_zh, grid.name, list(cells), [row], (header.first, header.last))

"""Row tables such as the "三公" table: one row per unit (and perhaps a 合计 row), columns for
出国, 接待, 公务用车 (one column, or a group of 小计 / 购置 / 运行维护)."""

from __future__ import annotations

from ..contracts.tables import Catalogue, TableSpec
from ..errors import InputError
from ..model import Row, Table, a1
from .columns import CODE_HEADER, map_columns, read_cell
from .header import block, body_rows, header_start
from .text import code_and_name
from .workbook import Grid


def read_rows(grid: Grid, spec: TableSpec, catalogue: Catalogue, path: str) -> Table:
    start = header_start(grid)
    if start is None:
        raise InputError(path, f"{spec.name_zh}: no header row found", f"sheet '{grid.name}'")
    header = block(grid, start, CODE_HEADER)
    mapping = map_columns(header, catalogue.columns[spec.id], set())
    code_col = mapping.pop("unit_code", None)
    name_col = mapping.pop("unit_name", None)
    if "total" not in mapping:
        raise InputError(path, f"{spec.name_zh}: no 合计 column in the header", f"sheet '{grid.name}'")
    label_cols = [c for c in (code_col, name_col) if c is not None] or [min(header.paths)]
    rows: list[Row] = []
    for r in body_rows(grid, header.data):
        cells = {key: read_cell(grid, path, r, col, catalogue.amount) for key, col in mapping.items()}
        code = code_and_name(grid.value(r, code_col))[0] if code_col is not None else ""
        name = grid.text(r, name_col) if name_col is not None else ""
        text = "".join(grid.text(r, c) for c in label_cols)
        if text.startswith(("合计", "总计")) or name.startswith(("合计", "总计")) or (not code and "合计" in text):
            key = "total"
        elif code:
            key = code
        elif name:
            key = f"name:{name}"
        elif all(c.blank for c in cells.values()):
            continue
        else:
            key = f"row:{r + 1}"
        rows.append(Row(key, name or text, 0 if key == "total" else 1, cells, r,
                        tuple(a1(r, c) for c in label_cols)))
    return Table(spec.id, spec.name_zh, grid.name, list(mapping), rows, (header.first, header.last))

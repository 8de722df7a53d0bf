"""Tables whose rows are classification codes (收入总表, 支出总表, 一般公共预算支出表, 基本支出表,
政府性基金/国有资本经营预算支出表).

Codes arrive whole ("2101501"), shortened to their last two digits ("15" under "210"), split over
类 | 款 | 项 columns, or written with the name in one cell. The full code is rebuilt from the
rows above, the way a reader of the printed table does.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..amounts import Amount, sum_holds
from ..contracts.tables import Catalogue, TableSpec
from ..errors import InputError
from ..model import Row, Table
from .columns import (
    CODE_HEADER,
    NAME_HEADER,
    SPLIT_LEVELS,
    a1_refs,
    map_columns,
    map_period_columns,
    period_columns,
    read_cells,
    read_period,
)
from .header import HeaderBlock, block, body_rows, header_start
from .memo import Memo
from .text import code_and_name, indentation, is_digits, squash
from .workbook import Grid

_LEVEL_BY_LENGTH = {3: 1, 5: 2, 7: 3}


@dataclass
class _Context:
    """What the rows above say: the current 类 and 款, and how 款 rows are printed."""

    cls: str = ""
    kuan: str = ""
    kuan_indent: int = -1
    full_kuan_seen: bool = False
    last_level: int = 0
    kuan_total: Amount | None = None
    kuan_children: list[Amount] = field(default_factory=list)

    def kuan_complete(self) -> bool:
        """Do the 项 rows read so far already add up to the current 款?"""
        if self.kuan_total is None or not self.kuan_children:
            return False
        return sum_holds(self.kuan_total, self.kuan_children)


def _resolve_short(code: str, ctx: _Context, economic: bool, indent: int) -> tuple[str, int]:
    """A two-digit code: a 款 under the current 类, or a 项 under the current 款.

    Decided as a reader of the printed table does: a 款 printed in full means short codes are
    项; a deeper indent means 项; otherwise a short code is a 项 while the 项 rows read so far do
    not yet add up to their 款, and a new 款 once they do.
    """
    if economic or not ctx.kuan or ctx.last_level == 1:
        return ctx.cls + code, 2
    if ctx.full_kuan_seen or indent > ctx.kuan_indent:
        return ctx.kuan + code, 3
    if indent == ctx.kuan_indent and indent > 0:
        return ctx.cls + code, 2
    if ctx.kuan_complete():
        return ctx.cls + code, 2
    return ctx.kuan + code, 3


def _code_of_row(
    grid: Grid, r: int, code_cols: list[int], split: bool, ctx: _Context, economic: bool, indent: int,
    value: Amount | None,
) -> tuple[str, int, str]:
    """(full code, level, name found in the code cell) for row r; ('', 0, '') when it has none."""
    if split:
        texts = grid.text_map(r)
        parts = [texts.get(c, "").split(".")[0] for c in code_cols]
        cls, kuan, xiang = (parts + ["", "", ""])[:3]
        if not any(parts) or not all(is_digits(p) for p in parts if p):
            return "", 0, ""
        if cls:
            ctx.cls = cls[:3]
        if kuan:
            ctx.kuan = kuan if len(kuan) == 5 else ctx.cls + kuan[-2:]
        if xiang:
            return (xiang if len(xiang) == 7 else ctx.kuan + xiang[-2:]), 3, ""
        if kuan:
            return ctx.kuan, 2, ""
        return ctx.cls, 1, ""
    code, name = code_and_name(grid.value(r, code_cols[0])) if code_cols else ("", "")
    if not code:
        return "", 0, name
    if len(code) == 2 and ctx.cls:
        full, level = _resolve_short(code, ctx, economic, indent)
    else:
        full, level = code, _LEVEL_BY_LENGTH.get(len(code), 0)
    if level == 1:
        ctx.cls, ctx.kuan = full, ""
    elif level == 2:
        ctx.cls, ctx.kuan, ctx.kuan_indent = full[:3], full, indent
        ctx.full_kuan_seen = ctx.full_kuan_seen or len(code) == 5
        ctx.kuan_total, ctx.kuan_children = value, []
    elif level == 3 and value is not None:
        ctx.kuan_children.append(value)
    return full, level, name


def _code_column_by_content(grid: Grid, header: HeaderBlock) -> list[int]:
    """A header that says neither 编码 nor 名称 ("功能分类科目"): the column whose first lines
    start with a classification code ("210", "2101501 行政运行") holds the codes."""
    for col in sorted(header.paths):
        lines = [r for r in range(header.data, min(grid.height, header.data + 8)) if grid.text(r, col)]
        if lines and sum(1 for r in lines if code_and_name(grid.value(r, col))[0]) * 2 > len(lines):
            return [col]
    return []


@dataclass(frozen=True, slots=True)
class _Columns:
    """How a header is read: its code and name columns, and the column of each figure."""

    code_cols: tuple[int, ...]
    name_cols: tuple[int, ...]
    split: bool  # codes split over 类 | 款 | 项 columns
    columns: dict[str, int]  # current figures (read only: shared by the tables of one header)
    period: dict[str, int]  # prior / change / rate figures


# _Columns by header paths and table (bounded): the sheets of a template share their headers.
_COLUMNS = Memo(1024)


def _header_columns(header: HeaderBlock, spec: TableSpec, catalogue: Catalogue) -> _Columns | None:
    """The columns of a header, from its paths alone; None when it names neither a code nor a
    name column (then the body decides, ``_code_column_by_content``)."""
    patterns = catalogue.columns[spec.id]
    key = (spec.id, id(patterns), catalogue.final_group, tuple(header.paths.items()))
    hit = _COLUMNS.get(key)
    if hit is not None and hit[0] is patterns:
        return hit[1]
    leaves = {c: header.leaf(c) for c in header.paths}
    split_cols = sorted((c for c, leaf in leaves.items() if leaf in SPLIT_LEVELS), key=lambda c: SPLIT_LEVELS[leaves[c]])
    split = len(split_cols) >= 2
    code_cols = split_cols if split else [c for c, p in header.paths.items() if CODE_HEADER.search(p)][:1]
    name_cols = [c for c, p in header.paths.items() if NAME_HEADER.search(p) and c not in code_cols][:1]
    found = _figure_columns(header, spec, catalogue, code_cols, name_cols, split) if code_cols or name_cols else None
    _COLUMNS.remember(key, (patterns, found))
    return found


def _figure_columns(header: HeaderBlock, spec: TableSpec, catalogue: Catalogue, code_cols: list[int],
                    name_cols: list[int], split: bool) -> _Columns:
    skip = set(code_cols) | set(name_cols)
    final = [c for c, p in header.paths.items() if catalogue.final_group in p]
    if final and len(final) < len(header.paths) - len(skip):
        skip |= {c for c in header.paths if c not in final}  # 年初预算数 / 全年预算数 groups
    kinds = period_columns(header, skip)
    columns = map_columns(header, catalogue.columns[spec.id], skip | set(kinds))
    period = map_period_columns(header, catalogue.columns[spec.id], kinds)
    return _Columns(tuple(code_cols), tuple(name_cols), split, columns, period)


def read_coded(grid: Grid, spec: TableSpec, catalogue: Catalogue, path: str) -> Table:
    start = header_start(grid)
    if start is None:
        raise InputError(path, f"{spec.name_zh}: no header row found", f"sheet '{grid.name}'")
    header = block(grid, start, CODE_HEADER)
    found = _header_columns(header, spec, catalogue)
    if found is None:
        by_content = _code_column_by_content(grid, header)
        if not by_content:
            raise InputError(path, f"{spec.name_zh}: no code (科目编码) column in the header", f"sheet '{grid.name}'")
        found = _figure_columns(header, spec, catalogue, by_content, [], False)
    code_cols, name_cols, split = list(found.code_cols), list(found.name_cols), found.split
    columns, period = found.columns, found.period
    if "total" not in columns:
        raise InputError(path, f"{spec.name_zh}: no 合计 column in the header", f"sheet '{grid.name}'")
    economic = spec.codes == "economic"
    ctx = _Context()
    rows: list[Row] = []
    label_cols = code_cols + name_cols
    wanted = list(columns.items())
    code_refs_cols = tuple(code_cols)
    for r in body_rows(grid, header.data, header):
        name_raw = grid.value(r, name_cols[0]) if name_cols else ""
        indent = indentation(name_raw) if name_raw.__class__ is str else 0  # a text's indent only
        cells = read_cells(grid, path, r, wanted, catalogue.amount)
        info = read_period(grid, path, r, header, period, catalogue, cells) if period else None
        total = cells["total"].amount
        code, level, inline_name = _code_of_row(grid, r, code_cols, split, ctx, economic, indent, total)
        name = squash(name_raw) or inline_name
        if not code:
            label_text = "".join(grid.text(r, c) for c in label_cols)
            if label_text.startswith(("合计", "总计")) or name.startswith(("合计", "总计")):
                key, level = "total", 0
            elif not name and all(c.blank for c in cells.values()):
                continue
            else:
                key, level = f"name:{name or label_text}", -1
        else:
            key = code
            ctx.last_level = level
        code_refs = a1_refs(r, code_refs_cols)
        rows.append(Row(key, name, level, cells, r, code_refs, info))  # positional: a line each
    empty = all(cell.blank for row in rows for key, cell in row.cells.items() if "." not in key)
    return Table(
        kind=spec.id,
        title=spec.name_zh,
        sheet=grid.name,
        columns=list(columns) + [k for k in period if k.startswith("prior.")],
        rows=rows,
        header_rows=(header.first, header.last),
        empty=empty,
    )

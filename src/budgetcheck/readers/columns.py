"""Give header columns their canonical names, and read cells into ``Cell`` values."""

from __future__ import annotations

import math
import re
from math import copysign
from typing import Any

from ..amounts import AmountError, Precision, parse_decimal, to_amount
from ..errors import InputError
from ..model import Cell, a1, sheet_ref
from .domain import out_of_domain
from .evaluate import Unreadable
from .header import HeaderBlock
from .memo import Memo
from .workbook import Grid

CODE_HEADER = re.compile(r"编码|代码|科目编号")
NAME_HEADER = re.compile(r"名称|(^|/)项目$")  # some tables head the name column just 项目
SPLIT_LEVELS = {"类": 0, "款": 1, "项": 2}


def map_columns(
    header: HeaderBlock,
    patterns: list[tuple[str, list[re.Pattern[str]]]],
    skip: set[int],
) -> dict[str, int]:
    """Assign each canonical column the first free header column whose path matches it."""
    taken = set(skip)
    mapping: dict[str, int] = {}
    for key, pats in patterns:
        for col in sorted(header.paths):
            if col in taken:
                continue
            if any(p.search(header.paths[col]) for p in pats):
                mapping[key] = col
                taken.add(col)
                break
    return mapping


# A figure's amount by precision and the value a cell stores (a finite float, or a non-empty
# string: most figures arrive as text, "231.83"): a budget restates its figures (a 合计 row its
# parts' totals, one table another's), so most cells are found here. Bounded. A float and a string
# never share a key ("1.0" != 1.0); bools (True == 1.0) and -0.0 (== 0.0) are kept out of it.
_FIGURES: Memo = Memo(64)  # precision -> Memo of its figures
_FIGURES_KEPT = 16384


_LAST: list[Any] = [None, {}, None]  # the precision of the previous call, its figures, its blank


def _figures(precision: Precision) -> list[Any]:
    """[precision, its figures, its blank amount]: a table's cells share one precision, so it is
    hashed once per table, not once per cell."""
    last = _LAST
    if precision is not last[0]:
        known = _FIGURES.get(precision)
        if known is None:
            known = _FIGURES.remember(precision, Memo(_FIGURES_KEPT))
        last[:] = [precision, known, to_amount(None, precision)]
    return last


def read_cell(grid: Grid, path: str, row: int, col: int, precision: Precision) -> Cell:
    raw = grid.value(row, col)
    kind = raw.__class__
    last = _figures(precision)
    if kind is str and not raw or raw is None:  # an empty cell
        return Cell(grid.name, row, col, None, last[2])
    # a non-empty string, or a finite number (not -0.0: the cache does not tell it from 0.0)
    if kind is str or kind is float and raw - raw == 0.0 and (raw or copysign(1.0, raw) > 0):
        known = last[1]
        amount = known.get(raw)
        if amount is None:
            cell = _read_cell(grid, path, row, col, precision, raw)
            if cell.raw is raw:  # in the domain: the amount depends on the value alone
                known.remember(raw, cell.amount)
            return cell
        return Cell(grid.name, row, col, raw, amount)
    return _read_cell(grid, path, row, col, precision, raw)


def read_cells(grid: Grid, path: str, row: int, columns: list[tuple[str, int]],
               precision: Precision) -> dict[str, Cell]:
    """``{key: read_cell(grid, path, row, col, precision)}`` for the (key, column) pairs, in one
    loop: every line of every table is read this way, and the known figures (most cells) cost a
    dict look-up here instead of two calls each. Anything else goes through ``read_cell``."""
    line = grid.rows[row] if 0 <= row < len(grid.rows) else ()
    width = len(line)
    last = _figures(precision)
    known, blank = last[1].get, last[2]  # the Memo's get, bound once for the line
    sheet = grid.name
    cells: dict[str, Cell] = {}
    for key, col in columns:
        raw = line[col] if col < width else ""  # header columns: never negative
        kind = raw.__class__
        if kind is str:
            if not raw:  # an empty cell
                cells[key] = Cell(sheet, row, col, None, blank)
                continue
            amount = known(raw)
        elif kind is float and raw - raw == 0.0 and (raw or copysign(1.0, raw) > 0):  # as read_cell
            amount = known(raw)
        else:
            cells[key] = read_cell(grid, path, row, col, precision)
            continue
        if amount is None:  # a figure not seen yet: what read_cell does, without asking again
            cell = cells[key] = _read_cell(grid, path, row, col, precision, raw)
            if cell.raw is raw:  # in the domain: the amount depends on the value alone
                last[1].remember(raw, cell.amount)
        else:
            cells[key] = Cell(sheet, row, col, raw, amount)
    return cells


def _read_cell(grid: Grid, path: str, row: int, col: int, precision: Precision, raw: Any) -> Cell:
    if raw.__class__ is Unreadable:  # an error cell or a formula that could not be evaluated
        return Cell(grid.name, row, col, raw, to_amount(None, precision))
    if raw == "" or raw is None:
        return Cell(grid.name, row, col, None, to_amount(None, precision))
    if raw.__class__ is float and not math.isfinite(raw):  # NaN and infinity are no figures
        return Cell(grid.name, row, col, out_of_domain(raw, None, precision), to_amount(None, precision))
    try:
        parsed = parse_decimal(raw)
    except AmountError:
        raise InputError(
            path, f"text where a number belongs: '{str(raw).strip()[:40]}'", sheet_ref(grid.name, row, col)
        ) from None
    bad = out_of_domain(raw, parsed, precision)
    if bad is not None:  # not finite, or beyond what a budget can hold: reported, not computed
        return Cell(grid.name, row, col, bad, to_amount(None, precision))
    return Cell(grid.name, row, col, raw, to_amount(parsed, precision))


_REFS = Memo(8192)


def a1_refs(row: int, cols: tuple[int, ...]) -> tuple[str, ...]:
    """The A1 references of cells of a row (a row's code cells), remembered (bounded): the
    tables of a template put their lines at the same places in every workbook."""
    refs = _REFS.get((row, cols))
    if refs is None:
        refs = _REFS.remember((row, cols), tuple(a1(row, c) for c in cols))
    return refs


def blank_row(values: list[Any]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


# Columns of last year's figures and of the change against them. "上年结转" (carry-over, an
# income source) is not last year's figure: only 上年预算数 / 上年执行数 / 上年决算数 / 上年数 are.
PRIOR_HEADER = re.compile(r"上年(?:度)?(?:预算|执行|决算|实际)|上年数|上年同期|上一年")
CHANGE_HEADER = re.compile(r"增减(?:额|数|金额)?(?:[（(]万?元[)）])?$|增加额|增减变动$|变动额|比上年增减(?:额|数)?$")
RATE_HEADER = re.compile(r"增减率|增长率|增幅|增减幅度|增减比例|变动率|增减?[%％]|增长[%％]|增减[（(][%％][)）]|增长[（(][%％][)）]")
_YEAR = re.compile(r"(20\d\d)年")


def period_columns(header: HeaderBlock, skip: set[int]) -> dict[int, str]:
    """Header columns of last year's figures ("prior"), of the change ("change") and of the
    rate of change ("rate"). Two year groups (2023年预算数, 2024年预算数) make the earlier one
    last year's."""
    kinds: dict[int, str] = {}
    years = {c: int(m.group(1)) for c, p in header.paths.items() if c not in skip and (m := _YEAR.search(p))}
    latest = max(years.values(), default=None)
    for col, path in header.paths.items():
        if col in skip:
            continue
        if RATE_HEADER.search(path):
            kinds[col] = "rate"
        elif CHANGE_HEADER.search(path):
            kinds[col] = "change"
        elif PRIOR_HEADER.search(path) or (col in years and latest is not None and years[col] < latest
                                           and len(set(years.values())) > 1):
            kinds[col] = "prior"
    return kinds


def map_period_columns(header: HeaderBlock, patterns: list[tuple[str, list[re.Pattern[str]]]],
                       kinds: dict[int, str]) -> dict[str, int]:
    """``prior.<column>``, ``change.<column>`` and ``rate.<column>`` keys for the period columns:
    each group mapped like the current columns; a lone column of a kind is the total's."""
    mapping: dict[str, int] = {}
    for kind in ("prior", "change", "rate"):
        cols = [c for c, k in kinds.items() if k == kind]
        if not cols:
            continue
        if len(cols) == 1:
            mapping[f"{kind}.total"] = cols[0]
            continue
        others = set(header.paths) - set(cols)
        for key, col in map_columns(header, patterns, others).items():
            mapping[f"{kind}.{key}"] = col
    return mapping


def read_rate(grid: Grid, path: str, row: int, col: int, header: HeaderBlock) -> tuple[Cell, str]:
    """A rate of change as written, and how to read it: "percent" when the cell says % or the
    header does ("增减率（%）"), "either" for a bare number under a bare header (an Excel percent
    cell holds 0.0523 for 5.23%; some tables write 5.23)."""
    raw = grid.value(row, col)
    text = raw.strip() if isinstance(raw, str) else raw
    percent = "%" in header.paths.get(col, "") or "％" in header.paths.get(col, "")
    if isinstance(text, str) and text.endswith(("%", "％")):
        text, percent = text[:-1], True
    if raw.__class__ is Unreadable or text == "" or text is None:
        return Cell(grid.name, row, col, raw, to_amount(None, Precision(4))), "percent"
    try:
        parsed = parse_decimal(text)
    except AmountError:
        raise InputError(path, f"text where a rate belongs: '{str(raw).strip()[:40]}'",
                         sheet_ref(grid.name, row, col)) from None
    return Cell(grid.name, row, col, raw, to_amount(parsed, Precision(0))), "percent" if percent else "either"


def read_period(grid: Grid, path: str, row: int, header: HeaderBlock, period: dict[str, int],
                catalogue: Any, cells: dict[str, Cell]) -> dict[str, Any] | None:
    """Add a row's prior, change and rate cells to ``cells``; returns the row's ``info`` saying
    how each rate is to be read (``{"rates": {"rate.total": "percent"}}``), None without rates."""
    rates: dict[str, str] = {}
    for key, col in period.items():
        if key.startswith("rate."):
            cells[key], rates[key] = read_rate(grid, path, row, col, header)
        else:
            cells[key] = read_cell(grid, path, row, col, catalogue.amount)
    return {"rates": rates} if rates else None

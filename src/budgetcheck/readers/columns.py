"""Give header columns their canonical names, and read cells into ``Cell`` values."""

from __future__ import annotations

import math
import re
from typing import Any

from ..amounts import AmountError, Precision, parse_decimal, to_amount
from ..errors import InputError
from ..model import Cell, sheet_ref
from .domain import out_of_domain
from .evaluate import Unreadable
from .header import HeaderBlock
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


def read_cell(grid: Grid, path: str, row: int, col: int, precision: Precision) -> Cell:
    raw = grid.value(row, col)
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


def blank_row(values: list[Any]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)

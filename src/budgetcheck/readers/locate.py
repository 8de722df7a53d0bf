"""Decide which table of the budget set each sheet holds: by its title, then its sheet name,
then the text of its header, never by position alone."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..contracts.tables import Catalogue, TableSpec
from .header import header_start, row_texts
from .workbook import Grid

_NUMERALS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
             "十": 10, "十一": 11, "十二": 12}
_SHEET_NUMBER = re.compile(r"^(?:附?表|Sheet|sheet)?\s*([0-9]{1,2}|十[一二]?|[一二三四五六七八九])(?:[^0-9]|$)")


@dataclass(slots=True)
class Located:
    spec: TableSpec
    grid: Grid
    start: int | None  # header start row
    how: str  # title | sheet-name | header | sheet-number


def _match_title(text: str, tables: list[TableSpec]) -> TableSpec | None:
    for spec in tables:
        if any(pattern in text for pattern in spec.title):
            return spec
    return None


def _title_kind(grid: Grid, start: int | None, tables: list[TableSpec]) -> TableSpec | None | bool:
    """The kind named by the title rows; False when several cells name different tables (a
    cover or a table of contents)."""
    stop = start if start is not None else min(grid.height, 12)
    found: set[str] = set()
    first: TableSpec | None = None
    for r in range(stop):
        for _, text in row_texts(grid, r):
            spec = _match_title(text, tables)
            if spec is not None:
                found.add(spec.id)
                first = first or spec
    if len(found) > 1:
        return False
    return first


def _signature_kind(grid: Grid, start: int, tables: list[TableSpec]) -> TableSpec | None:
    text = "".join(t for r in range(start, min(start + 4, grid.height)) for _, t in row_texts(grid, r))
    for spec in tables:
        if spec.signature and all(s in text for s in spec.signature):
            return spec
    return None


def _sheet_number(name: str) -> int | None:
    match = _SHEET_NUMBER.match(name.strip())
    if not match:
        return None
    token = match.group(1)
    return int(token) if token.isdigit() else _NUMERALS.get(token)


def locate(grids: list[Grid], catalogue: Catalogue) -> tuple[dict[str, Located], list[str]]:
    """Map table ids to the sheet holding them. Returns the map and notes on skipped sheets."""
    tables = catalogue.tables
    found: dict[str, Located] = {}
    notes: list[str] = []
    pending: list[tuple[Grid, int | None]] = []
    for grid in grids:
        start = header_start(grid)
        kind = _title_kind(grid, start, tables)
        if kind is False:
            notes.append(f"sheet '{grid.name}': a cover or table of contents, skipped")
            continue
        how = "title"
        if kind is None:
            kind, how = _match_title(grid.name.replace(" ", ""), tables), "sheet-name"
        if kind is None and start is not None:
            kind, how = _signature_kind(grid, start, tables), "header"
        if kind is None:
            pending.append((grid, start))
            continue
        if kind.id in found:
            notes.append(f"sheet '{grid.name}': a second {kind.name_zh}, ignored")
            continue
        found[kind.id] = Located(kind, grid, start, how)
    by_number = {spec.number: spec for spec in tables}
    for grid, start in pending:
        number = _sheet_number(grid.name)
        spec = by_number.get(number) if number else None
        if start is not None and spec is not None and spec.id not in found:
            found[spec.id] = Located(spec, grid, start, "sheet-number")
        elif any(row_texts(grid, r) for r in range(min(grid.height, 5))):
            notes.append(f"sheet '{grid.name}': not a recognised table, skipped")
    return found, notes

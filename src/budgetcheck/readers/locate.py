"""Decide which table of the budget set each sheet holds: by its title, then its sheet name,
then the text of its header, never by position alone."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..contracts.tables import Catalogue, TableSpec
from .header import header_start, row_texts
from .memo import Memo
from .text import looks_numeric
from .workbook import Grid

_NUMERALS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
             "十": 10, "十一": 11, "十二": 12}
# "表三", "附表3", "3 …": a number the unit gave the table ("Sheet3" is only a position)
_SHEET_NUMBER = re.compile(r"^(?:附?表\s*([0-9]{1,2}|十[一二]?|[一二三四五六七八九])|([0-9]{1,2})(?=[^0-9]|$))")


# sheets that introduce the tables and are never one: a cover, a table of contents, notes
_FRONT_MATTER = re.compile(r"^(封面|封皮|目录|目次|说明|填报说明|编制说明|报表说明|公开说明|首页)$")


@dataclass(slots=True)
class Located:
    spec: TableSpec
    grid: Grid
    start: int | None  # header start row
    how: str  # title | sheet-name | header | sheet-number


def front_matter(grid: Grid) -> bool:
    """A cover, 目录 or 说明 sheet: by its name, or by a first line that says 目录 / 说明."""
    name = re.sub(r"^[\d\s.、_-]+", "", "".join(grid.name.split()))
    if _FRONT_MATTER.match(name):
        return True
    top = grid.top
    first = grid.texts(top) if top < grid.height else []
    return len(first) == 1 and bool(_FRONT_MATTER.match(first[0][1]))


def body_score(grid: Grid, start: int | None) -> int:
    """How much a candidate looks like a table: a header and the figures under it."""
    if start is None:
        return 0
    figures = 0
    for r in range(start + 1, min(grid.height, start + 60)):
        figures += sum(1 for c, _ in grid.texts(r) if looks_numeric(grid.value(r, c)))
    return 1 + figures


_Titles = tuple[list[TableSpec], re.Pattern[str], list[tuple[TableSpec, list[re.Pattern[str]]]], Memo]
_ANY_TITLE = Memo(16)  # by the (cached) catalogue's list of tables


def _titles(tables: list[TableSpec]) -> _Titles:
    """One pattern for every title word (most cells name no table, and one search says so), and
    each table's own patterns, compiled once; with the answers given so far, by text. (Asked for
    every text a sheet's segments hold: ``once_per``'s general key costs too much here.)"""
    cached = _ANY_TITLE.get(id(tables))
    if cached is None or cached[0] is not tables:
        words = [f"(?:{w})" for spec in tables for w in spec.title]
        own = [(spec, [re.compile(w) for w in spec.title]) for spec in tables]
        cached = _ANY_TITLE.remember(id(tables), (tables, re.compile("|".join(words)), own, Memo(4096)))
    return cached


def _match_title(text: str, tables: list[TableSpec]) -> TableSpec | None:
    """The first table (in catalogue order) whose title words appear in the text. Remembered by
    text (bounded): the same labels and titles come back on every sheet and in every workbook of
    a template, and segments, _title_kind and the sheet names all ask."""
    _, any_title, own, known = _titles(tables)
    if text in known:
        return known[text]
    found = None
    if any_title.search(text):
        found = next((spec for spec, patterns in own if any(p.search(text) for p in patterns)), None)
    return known.remember(text, found)


def _title_kind(grid: Grid, start: int | None, tables: list[TableSpec]) -> TableSpec | None | bool:
    """The kind named by the title rows; False when several cells name different tables (a
    cover or a table of contents)."""
    top = grid.top
    stop = start if start is not None else min(grid.height, top + 12)
    found: set[str] = set()
    first: TableSpec | None = None
    for r in range(top, stop):
        for _, text in row_texts(grid, r):
            spec = _match_title(text, tables)
            if spec is not None:
                found.add(spec.id)
                first = first or spec
    if len(found) > 1:
        return False
    return first


def _signature_kind(grid: Grid, start: int, tables: list[TableSpec], taken: set[str]) -> TableSpec | None:
    """The first table not yet found whose header words all appear in this header."""
    text = "".join(t for r in range(start, min(start + 4, grid.height)) for _, t in row_texts(grid, r))
    for spec in tables:
        if spec.id not in taken and spec.signature and all(s in text for s in spec.signature):
            return spec
    return None


def _sheet_number(name: str) -> int | None:
    match = _SHEET_NUMBER.match(name.strip())
    if not match:
        return None
    token = match.group(1) or match.group(2)
    return int(token) if token.isdigit() else _NUMERALS.get(token)


def _view(grid: Grid, first: int, end: int) -> Grid:
    """Rows first..end-1 of a sheet, at their own row numbers so that cell references hold."""
    rows = [[] for _ in range(first)] + grid.rows[first:end]
    merged = [m for m in grid.merged if first <= m[0][0] < end]
    return Grid(grid.name, rows, merged, grid.hidden, grid.hidden_rows, grid.hidden_cols, grid.formulas)


def segments(grid: Grid, tables: list[TableSpec]) -> list[Grid]:
    """Split a sheet that stacks several tables, each under its own title, into one view per
    table. A run of titles with no table between them is a table of contents, not tables; a
    table whose title repeats (project blocks) stays one table."""
    titles: list[tuple[int, str]] = []
    for r in range(grid.height):
        cells = grid.texts(r)
        if 1 <= len(cells) <= 2:
            spec = next((s for _, t in cells if len(t) >= 4 and (s := _match_title(t, tables))), None)
            if spec is not None:
                titles.append((r, spec.id))
    if len(titles) < 2:
        return [grid]
    parts: list[tuple[int, int, str]] = []
    for i, (row, kind) in enumerate(titles):
        end = titles[i + 1][0] if i + 1 < len(titles) else grid.height
        if not any(len(grid.texts(x)) >= 2 for x in range(row + 1, end)):
            continue  # a title with no table under it: a line of a table of contents
        if parts and parts[-1][2] == kind:
            parts[-1] = (parts[-1][0], end, kind)
        else:
            parts.append((row, end, kind))
    if len({kind for _, _, kind in parts}) < 2:
        return [grid]
    return [_view(grid, first, end) for first, end, _ in parts]


def locate(grids: list[Grid], catalogue: Catalogue,
           duplicates: dict[str, list[Located]] | None = None) -> tuple[dict[str, Located], list[str]]:
    """Map table ids to the sheet holding them. Returns the map and notes on skipped sheets.

    Visible sheets are read first; a hidden sheet only for a table no visible sheet holds. When
    two sheets claim one table, the one with a header and more figures under it wins and the
    other is named in the notes (and kept in ``duplicates``, by table id, to be compared)."""
    tables = catalogue.tables
    found: dict[str, Located] = {}
    notes: list[str] = []
    ordered = [g for g in grids if not g.hidden] + [g for g in grids if g.hidden]
    views = [view for grid in ordered for view in segments(grid, tables)]
    by_number = {spec.number: spec for spec in tables}
    untitled: list[tuple[Grid, int | None]] = []
    for grid in views:
        if front_matter(grid):
            notes.append(f"sheet '{grid.name}': a cover, contents or notes sheet, skipped")
            continue
        start = header_start(grid)
        kind = _title_kind(grid, start, tables)
        if kind is False:
            notes.append(f"sheet '{grid.name}': a cover or table of contents, skipped")
            continue
        how = "title"
        if kind is None:
            kind, how = _match_title(grid.name.replace(" ", ""), tables), "sheet-name"
        if kind is None:
            number = _sheet_number(grid.name)
            kind, how = (by_number.get(number) if number and start is not None else None), "sheet-number"
        if kind is None:
            untitled.append((grid, start))
            continue
        _claim(found, notes, Located(kind, grid, start, how), duplicates)
    for grid, start in untitled:  # header words decide last, among the tables still missing
        spec = _signature_kind(grid, start, tables, set(found)) if start is not None else None
        if spec is not None:
            _claim(found, notes, Located(spec, grid, start, "header"), duplicates)
        elif grid.top < grid.height:
            notes.append(f"sheet '{grid.name}': not a recognised table, skipped")
    for where in found.values():
        if where.grid.hidden:
            notes.append(f"sheet '{where.grid.name}': hidden, read for {where.spec.name_zh} "
                         "(no visible sheet holds it)")
    return found, notes


def _readable(where: Located) -> bool:
    """A second claimant worth comparing: it has a header and figures under it."""
    return where.start is not None and body_score(where.grid, where.start) > 0


def _claim(found: dict[str, Located], notes: list[str], new: Located,
           duplicates: dict[str, list[Located]] | None = None) -> None:
    """Record a candidate; of two for one table, the hidden one loses, then the one with fewer
    figures under a header."""
    old = found.get(new.spec.id)
    if old is None:
        found[new.spec.id] = new
        return
    if old.grid.hidden and not new.grid.hidden:
        better = True
    elif new.grid.hidden and not old.grid.hidden:
        better = False
    else:
        better = body_score(new.grid, new.start) > body_score(old.grid, old.start)
    if better:
        found[new.spec.id] = new
        old, new = new, old
    if (duplicates is not None and _readable(new) and new.grid.name != old.grid.name
            and not (new.grid.hidden or old.grid.hidden)):
        # two visible sheets claim the table (a hidden old version is not a second claim)
        duplicates.setdefault(new.spec.id, []).append(new)
    notes.append(f"sheet '{new.grid.name}': a second {new.spec.name_zh} (sheet '{old.grid.name}' "
                 "has the header and figures), ignored")

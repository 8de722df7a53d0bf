"""Find a table's header block and give every column its header path ("财政拨款/小计").

Real tables put a title and a 填报单位 … 单位：万元 line above the header, may start anywhere
on the sheet, merge header cells over two or three rows and add a "** ** 1 2 3" column-number
row under the header. None of that is assumed away: it is detected.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .memo import Memo
from .text import code_and_name, is_digits, looks_numeric
from .workbook import Grid

# a title cell: a longer text ending in 表 (perhaps with a （2024年度） after it)
_TITLE_CELL = re.compile(r"^.{4,}表([（(][^）)]*[）)])?$")
_UNIT_LINE = re.compile(r"^(填报单位|编制单位|单位名称[:：]|部门名称[:：]|(金额)?单位[:：]|单位万元|万元$|人$)")
_TOTAL = ("合计", "总计")  # what a total line's label starts with
_NOTE = "注"  # what a note line starts with (注：…, 注:…, 注…)
# lines a page break leaves inside a table: "（续表）", "表三（续）", "第 2 页 共 3 页", "- 2 -", "2/3"
_CONTINUED = re.compile(r"^[（(]?续表?[)）]?$|[（(]续表?[)）]$|^续表")
_PAGE = re.compile(r"^(第\d+页(共\d+页)?|共\d+页第\d+页|[-—－]\d+[-—－]|\d+/\d+|page\d+(of\d+)?)$", re.I)
_SEPARATOR = re.compile(r"^[-—－=_~*·.．]{3,}$")
_ZERO_MARKS = {"-", "—", "－", "--", "——", "/"}
_COLUMN_MARKS = frozenset({"**", "*", "栏次", "甲", "乙", "丙", "行次"})  # of a column-number row


@dataclass(slots=True)
class HeaderBlock:
    first: int  # first header row
    last: int  # last header row (column-number row excluded)
    data: int  # first data row
    paths: dict[int, str]  # column -> "parent/child" header path

    def leaf(self, col: int) -> str:
        return self.paths.get(col, "").rsplit("/", 1)[-1]


# (column, text) of a row's non-empty cells: Grid.texts itself (asked hundreds of times a
# workbook: a function that only called it was one Python call more each time)
row_texts = Grid.texts


def is_unit_line(cells: list[tuple[int, str]]) -> bool:
    return all(_UNIT_LINE.match(text) or "单位：" in text for _, text in cells)


def header_start(grid: Grid, limit: int = 20) -> int | None:
    """First row that looks like a header: two or more cells, not the 填报单位/单位 line.
    Found once per sheet (locate asks, then the table's reader)."""
    memo = grid.memo
    key = ("header_start", limit)
    if key not in memo:
        memo[key] = _header_start(grid, limit)
    return memo[key]


def _header_start(grid: Grid, limit: int) -> int | None:
    top = grid.top
    for r in range(top, min(top + limit, grid.height)):
        cells = row_texts(grid, r)
        if len(cells) < 2 or is_unit_line(cells) or any(_TITLE_CELL.match(t) for _, t in cells):
            continue  # a title row, even one with "附表1" or a date beside the title
        if looks_numeric(grid.rows[r][cells[0][0]]):
            continue
        return r
    return None


def is_number_row(grid: Grid, row: int) -> bool:
    """The column-number row: "** ** 1 2 3 …", "栏次 1 2 3" or "甲 乙 1 2"."""
    cells = row_texts(grid, row)
    if not cells:
        return False
    texts = [t for _, t in cells]
    if _COLUMN_MARKS.isdisjoint(texts) and "1" not in texts:
        return False  # neither a mark nor a column numbered 1
    marks = [t for t in texts if t in _COLUMN_MARKS]
    numbers = [t for _, t in cells if is_digits(t.split(".")[0]) and len(t) <= 4]
    return bool(marks) and len(marks) + len(numbers) == len(cells) or (
        len(numbers) >= 3 and numbers == [str(i) for i in range(1, len(numbers) + 1)]
    )


def is_data_row(grid: Grid, row: int, code_cols: list[int]) -> bool:
    """A row of figures: it has a code, or a 合计 label followed only by figures, or mostly figures."""
    cells = row_texts(grid, row)
    if not cells:
        return False
    for col in code_cols:
        code, _ = code_and_name(grid.value(row, col))
        if code:
            return True
    figures = [c for c, t in cells if t in _ZERO_MARKS or looks_numeric(grid.value(row, c))
               or (t.endswith(("%", "％")) and looks_numeric(t[:-1]))]  # a rate of change
    if cells[0][1].startswith(_TOTAL):
        return len(figures) == len(cells) - 1
    return len(figures) >= 2 and 2 * len(figures) >= len(cells)


# Header blocks by what block() read to make them (bounded): the sheets of a template share their
# headers, and reading one asks hundreds of questions of a few rows. A block depends on its rows
# (found by the first one, then compared) and on how it ended: the row after it, a row of figures
# that differs from sheet to sheet, is asked again whether it ends the block.
_BLOCKS = Memo(1024)  # first row -> [(what was read, how it ended, code columns, block)]
_VARIANTS_KEPT = 4  # blocks per first row
_DEPTH = 5  # block() reads the rows start .. start + 4 at most


def block(grid: Grid, start: int, code_pattern: re.Pattern[str] | None = None) -> HeaderBlock:
    """The header block starting at ``start``: rows up to the first data or number row."""
    width = max(map(len, grid.rows), default=0)
    first = grid.rows[start] if 0 <= start < len(grid.rows) else []
    head = (code_pattern, start, width, tuple(first), tuple(map(type, first)))
    variants = _BLOCKS.get(head)
    if variants is not None:
        for key, ended, code_cols, known in variants:
            if _reads_same(grid, start, key) and _ends_same(grid, known.last + 1, ended, code_cols):
                return HeaderBlock(known.first, known.last, known.data, dict(known.paths))  # the caller's to change
    found, ended, code_cols = _block(grid, start, code_pattern, width)
    key = _read_key(grid, start, found.last)
    if key is not None:
        if variants is None:
            variants = _BLOCKS.remember(head, [])
        elif len(variants) >= _VARIANTS_KEPT:
            del variants[0]
        variants.append((key, ended, code_cols, HeaderBlock(found.first, found.last, found.data, dict(found.paths))))
    return found


def _read_key(grid: Grid, start: int, last: int) -> tuple[Any, ...] | None:
    """What a block of the rows start .. last depends on, but for how it ended: those rows (values
    and their types: True == 1.0 but reads differently) and the merged ranges over them in their
    order. None (not remembered) when a merged range reaches into them from above: its text is
    outside the rows."""
    merged = tuple((tuple(a), tuple(b)) for a, b in grid.merged if a[0] <= last and b[0] >= start)
    if any(a[0] < start for a, _ in merged):
        return None
    rows = grid.rows[start:last + 1]
    return (last, merged, tuple(map(tuple, rows)), tuple(tuple(map(type, row)) for row in rows))


def _reads_same(grid: Grid, start: int, key: tuple[Any, ...]) -> bool:
    """``_read_key(grid, start, key's last) == key``, the values first: they differ first."""
    last = key[0]
    return tuple(map(tuple, grid.rows[start:last + 1])) == key[2] and _read_key(grid, start, last) == key


def _ends_same(grid: Grid, r: int, ended: str, code_cols: list[int]) -> bool:
    """Would ``_block`` end the same way at row r, after the same rows?"""
    if ended == "depth":
        return True  # row r is not read
    if ended == "end":
        return r == grid.height
    if is_number_row(grid, r):
        return ended == "number"
    return ended == "data" and is_data_row(grid, r, code_cols)


def _block(grid: Grid, start: int, code_pattern: re.Pattern[str] | None,
           width: int) -> tuple[HeaderBlock, str, list[int]]:
    """The header block, how it ended (at a "number" row, a "data" row, at its "depth" or the
    "end" of the sheet) and the code columns it found."""
    code_cols: list[int] = []
    last = start
    data = start + 1
    r = start
    ended = "end"
    while r < grid.height:
        if r > start and is_number_row(grid, r):
            data = r + 1
            ended = "number"
            break
        if r > start and is_data_row(grid, r, code_cols):
            data = r
            ended = "data"
            break
        if code_pattern is not None:
            for c, text in row_texts(grid, r):
                if code_pattern.search(text) and c not in code_cols:
                    code_cols.append(c)
        last = r
        r += 1
        if r - start >= _DEPTH:  # headers are at most a few rows deep
            data = r
            ended = "depth"
            break
    else:
        data = grid.height
    paths: dict[int, str] = {}
    # grid.merged_text(hr, c) for every cell of the header, its look-ups done once per row
    origins = grid.merge_origins()
    rows = [(hr, grid.text_map(hr)) for hr in range(start, last + 1)]
    for c in range(width):
        parts: list[str] = []
        for hr, texts in rows:
            at = origins.get((hr, c))
            text = texts.get(c, "") if at is None else grid.text(*at)
            if text and (not parts or parts[-1] != text):
                parts.append(text)
        if parts:
            paths[c] = "/".join(parts)
    return HeaderBlock(first=start, last=last, data=data, paths=paths), ended, code_cols


def is_note(text: str) -> bool:
    return text.startswith(_NOTE)


def header_words(grid: Grid, header: HeaderBlock) -> set[str]:
    """The texts of the header rows: a body row made only of them is the header repeated."""
    return {t for r in range(header.first, header.last + 1) for _, t in row_texts(grid, r)}


def skip_reason(grid: Grid, row: int, words: set[str] | None = None) -> str | None:
    """Why a row inside a table body is not a line of the table (None when it is one): what an
    export keeps from the printed pages (a repeated title, unit line, header or column-number
    row, a 续表 line, a page number) and separator lines."""
    cells = row_texts(grid, row)
    if not cells:
        return "blank"
    texts = [t for _, t in cells]
    first = texts[0]
    short = len(texts) <= 2
    # a line of figures fails every test on its first text or its length: those are asked first
    if _SEPARATOR.match(first) and all(_SEPARATOR.match(t) for t in texts):
        return "separator"
    if short and any(_CONTINUED.search(t) for t in texts):
        return "continued"
    if short and all(_PAGE.match(t) for t in texts):
        return "page number"
    if short and _TITLE_CELL.match(first) and not looks_numeric(first):
        return "repeated title"
    if (_UNIT_LINE.match(first) or "单位：" in first) and is_unit_line(cells):  # is_unit_line asks first first
        return "unit line"
    if words and first in words and all(t in words for t in texts) and (
            len(texts) >= 2 or not first.startswith(_TOTAL)):
        return "repeated header"
    if _COLUMN_MARKS.isdisjoint(texts):
        return None
    marks = [t for t in texts if t in _COLUMN_MARKS]
    numbers = [t for t in texts if is_digits(t)]
    if len(marks) + len(numbers) == len(texts) and numbers == [
            str(i) for i in range(1, len(numbers) + 1)]:
        return "column numbers"
    return None


def body_rows(grid: Grid, first: int, header: HeaderBlock | None = None) -> Iterator[int]:
    """The lines of a table body from ``first``, up to a note line ("注：…"). Rows that are not
    lines (``skip_reason``) are passed over and logged in ``grid.skipped`` with the reason."""
    words = header_words(grid, header) if header is not None else None
    last = next((r for r in range(grid.height - 1, first - 1, -1) if row_texts(grid, r)), first)
    for r in range(first, last + 1):
        texts = row_texts(grid, r)
        if texts and is_note(texts[0][1]):
            grid.skipped.setdefault(r, "note")
            return
        reason = skip_reason(grid, r, words)
        if reason is not None:
            grid.skipped.setdefault(r, reason)
            continue
        yield r

"""The headcount table (机构人员情况): 编制 by kind, 实有, 在职 by kind, 离休, 退休.

Laid out either as a vertical list (label | count) or as one header row of labels over a row of
counts. Labels are recognised by what they say (编制/在职 plus a kind), not by their position.
"""

from __future__ import annotations

import re

from ..contracts.tables import Catalogue, TableSpec, compiled_items
from ..errors import InputError
from ..model import Cell, Row, Table
from .columns import read_cell
from .header import body_rows, row_texts
from .memo import Memo, once_per
from .text import label, looks_numeric
from .workbook import Grid

_LABEL_ONLY = re.compile(r"^(项目|人数|单位[:：]|填报单位|编制单位)")


class _Vocabulary:
    def __init__(self, catalogue: Catalogue) -> None:
        vocab = catalogue.items["headcount"]
        self.sections = compiled_items(vocab["sections"], catalogue.path)
        self.totals = compiled_items(vocab["totals"], catalogue.path)
        self.kinds = compiled_items(vocab["kinds"], catalogue.path)
        self.known = Memo(4096)

    def key(self, text: str, section: str) -> tuple[str | None, str]:
        """The canonical key of a label and the section it opens or continues. Remembered
        (bounded): every workbook of a template repeats its labels."""
        hit = self.known.get((text, section))
        if hit is None:
            hit = self.known.remember((text, section), self._key(text, section))
        return hit

    def _key(self, text: str, section: str) -> tuple[str | None, str]:
        for key, pats in self.totals:
            if key != "actual.total" and any(p.search(text) for p in pats):
                return key, section
        kind = next((k for k, pats in self.kinds if any(p.search(text) for p in pats)), None)
        named = next((s for s, pats in self.sections if any(p.search(text) for p in pats)), None)
        if named is not None and kind is None:
            return f"{named}.total", named
        if kind is not None:
            where = named or section
            return (f"{where}.{kind}" if where else None), where
        for key, pats in self.totals:
            if any(p.search(text) for p in pats):
                return key, "actual"
        return None, section


_CJK_NUMERALS = re.compile(r"^[零〇一二三四五六七八九十百千万两]+人?$")
_WORDS = re.compile(r"[A-Za-z\u4e00-\u9fff]")


def _junk(value: object) -> bool:
    """A cell beside a headcount label that is neither a count nor a label: a boolean, a date,
    text with digits ("26万元", "26人"), Chinese numerals, or symbols with no word at all."""
    if value is None or value == "" or isinstance(value, (int, float)) and not isinstance(value, bool):
        return False
    if not isinstance(value, str):
        return True  # bool, date, datetime, time, duration
    text = "".join(value.split())
    if not text:
        return False
    return any(ch.isdigit() for ch in text) or bool(_CJK_NUMERALS.match(text)) or not _WORDS.search(text)


def _vertical(grid: Grid, vocab: _Vocabulary) -> list[tuple[str, int, int, str]]:
    """(key, row, value column, label) pairs of a label | count list."""
    pairs = []
    section = ""
    for r in range(grid.height):
        texts = row_texts(grid, r)
        if not texts or _LABEL_ONLY.match(texts[0][1]):
            continue
        col, text = texts[0]
        if looks_numeric(grid.value(r, col)):
            continue
        value_col = next(
            (c for c in range(col + 1, len(grid.rows[r])) if not grid.text(r, c) or looks_numeric(grid.value(r, c))),
            None,
        )
        junk = next((c for c in range(col + 1, value_col if value_col is not None else len(grid.rows[r]))
                     if _junk(grid.value(r, c))), None)
        if junk is not None:  # "26万元", True, a date, an emoji where the count belongs: refused
            value_col = junk
        key, section = vocab.key(label(text), section)
        if key is not None and value_col is not None:
            pairs.append((key, r, value_col, text))
    return pairs


def _horizontal(grid: Grid, vocab: _Vocabulary) -> list[tuple[str, int, int, str]]:
    """Header labels over rows of counts. One row: each column's header is its label. Several
    rows (a matrix with one line per kind, 行政 / 参照公务员法管理 / … and a 合计 line): the 合计
    line gives the totals and each kind's line its 编制 and 在职 counts."""
    for r in range(grid.height - 1):
        texts = row_texts(grid, r)
        if sum(1 for _, t in texts if "编制" in t or "在职" in t) < 2:
            continue
        data = next((d for d in range(r + 1, min(grid.height, r + 5))
                     if any(looks_numeric(grid.value(d, c)) for c, _ in texts)), None)
        if data is None:
            continue
        columns: dict[int, tuple[str, str]] = {}
        section = ""
        width = max(len(grid.rows[h]) for h in range(r, data))
        for c in range(width):
            path = "/".join(dict.fromkeys(grid.merged_text(h, c) for h in range(r, data) if grid.merged_text(h, c)))
            key, section = vocab.key(label(path), section) if path else (None, section)
            if key is not None:
                columns[c] = (key, path)
        lines = [d for d in body_rows(grid, data) if any(looks_numeric(grid.value(d, c)) for c in columns)]
        return _matrix_pairs(grid, vocab, columns, lines)
    return []


def _matrix_pairs(grid: Grid, vocab: _Vocabulary, columns: dict[int, tuple[str, str]],
                  lines: list[int]) -> list[tuple[str, int, int, str]]:
    first_value = min(columns, default=0)
    totals: list[tuple[str, int, int, str]] = []
    kinds: list[tuple[str, int, int, str]] = []
    for d in lines:
        row_label = next((t for c, t in grid.texts(d) if c < first_value), "")
        kind = next((k for k, pats in vocab.kinds if any(p.search(row_label) for p in pats)), None)
        if kind is None or len(lines) == 1:
            totals += [(key, d, c, path) for c, (key, path) in columns.items()]
            continue
        for c, (key, path) in columns.items():
            if key in ("establishment.total", "serving.total"):
                kinds.append((key.replace(".total", f".{kind}"), d, c, f"{path}/{row_label}"))
    return totals + kinds


_VOCABULARIES = Memo(16)


def _vocabulary(catalogue: Catalogue) -> _Vocabulary:
    """The compiled vocabulary, built once per catalogue (``in_unit`` copies share its items)."""
    return once_per(_VOCABULARIES, (catalogue.items,), lambda: _Vocabulary(catalogue))


def read_headcount(grid: Grid, spec: TableSpec, catalogue: Catalogue, path: str) -> Table:
    vocab = _vocabulary(catalogue)
    pairs = _vertical(grid, vocab)
    if len(pairs) < 2:
        pairs = _horizontal(grid, vocab)
    if not pairs:
        raise InputError(path, f"{spec.name_zh}: no 编制/在职 lines found", f"sheet '{grid.name}'")
    rows: list[Row] = []
    seen: set[str] = set()
    for key, r, c, text in pairs:
        if key in seen:
            continue
        seen.add(key)
        cell: Cell = read_cell(grid, path, r, c, catalogue.count)
        if cell.value != cell.value.to_integral_value():
            raise InputError(path, f"a headcount must be a whole number, not {cell.raw}", cell.ref)
        rows.append(Row(key=key, name=text, level=1, cells={"count": cell}, sheet_row=r))
    return Table(spec.id, spec.name_zh, grid.name, ["count"], rows)

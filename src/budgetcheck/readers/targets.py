"""The project performance-target table (项目绩效目标表): one block per project.

A block opens with a 项目名称 line, gives the project's funding (年度资金总额, 其中：财政拨款,
其他资金 and, in some layouts, 上年结转), then an indicator header (一级指标 | 二级指标 | 三级指标 |
指标值) and one line per indicator until the next 项目名称. Blocks may start anywhere on the
sheet, labels may be split over lines, and a level written once for several indicator lines may
be a merged range (calamine gives its value only in the top-left cell; ``Grid.merged_value`` fills
it) or simply left blank below its first line, which is read the same way (``carried``).

Canonical form, in sheet order, for project n (1-based):
  ``p<n>.total`` 年度资金总额, ``p<n>.fiscal`` 财政拨款, ``p<n>.other`` 其他资金,
  ``p<n>.carryover`` 上年结转 (only when the layout has the line) — each with an ``amount`` cell;
  ``p<n>.ind.<m>`` indicator m (1-based) with no amount cell.
Every row's ``info`` holds the text: ``project`` (name), ``project_ref``, ``unit`` (万元 | 元) and,
for funding rows, ``line`` (total | fiscal | other | carryover) and ``label``; for indicator rows
``level1``, ``level2``, ``level3``, ``value`` (text as published, '' when empty), ``carried``
(levels taken from the line above) and ``refs`` (column -> sheet!cell of each text cell).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..contracts.tables import Catalogue, TableSpec, compiled_items
from ..model import Cell, Row, Table, a1, column_letter, sheet_ref
from .columns import read_cell
from .header import is_note, row_texts
from .memo import Memo, once_per
from .text import label, looks_numeric
from .workbook import Grid

FUNDING_LINES = ("total", "fiscal", "other", "carryover")
LEVELS = ("level1", "level2", "level3", "value")
_NAME_INLINE = re.compile(r"^项目名称[:：]?(.+)$")


@dataclass
class Project:
    """A project block as rules see it: its name and its funding and indicator rows."""

    index: int
    name: str
    ref: str
    unit: str
    funding: dict[str, Row] = field(default_factory=dict)
    indicators: list[Row] = field(default_factory=list)


def projects(table: Table) -> list[Project]:
    """Group a targets table's rows back into projects, in sheet order."""
    found: dict[str, Project] = {}
    for row in table.rows:
        prefix, _, rest = row.key.partition(".")
        info = row.info or {}
        project = found.get(prefix)
        if project is None:
            project = found[prefix] = Project(
                int(prefix[1:]) if prefix[1:].isdigit() else len(found) + 1,
                info.get("project", ""), info.get("project_ref", ""), info.get("unit", "万元"),
            )
        if rest.startswith("ind."):
            project.indicators.append(row)
        else:
            project.funding[rest] = row
    return list(found.values())


def _either(patterns: list[re.Pattern[str]]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p.pattern})" for p in patterns))


def _keyed(items: list[tuple[str, list[re.Pattern[str]]]]) -> list[tuple[str, re.Pattern[str]]]:
    return [(key, _either(pats)) for key, pats in items]


_VOCABULARIES = Memo(16)


def _vocabulary(catalogue: Catalogue) -> _Vocabulary:
    """The compiled vocabulary of a catalogue, built once per catalogue object."""
    return once_per(_VOCABULARIES, (catalogue,), lambda: _Vocabulary(catalogue))


class _Vocabulary:
    """The targets vocabulary of the table catalogue (checks/tables.yaml items.targets), with
    its answers remembered by text (bounded): the labels of a template come back in every block
    and every workbook, and every text of the sheet is asked whether it opens a block."""

    def __init__(self, catalogue: Catalogue) -> None:
        vocab = catalogue.items["targets"]
        path = catalogue.path
        self.block = _either([re.compile(p) for p in vocab["block"]])
        self.funding = _keyed(compiled_items(vocab["funding"], path))
        self.unit_yuan = _either([re.compile(p) for p in vocab["unit_yuan"]])
        self.indicators = _keyed(compiled_items(vocab["indicators"], path))
        self._opens, self._funding, self._headers = Memo(4096), Memo(4096), Memo(4096)

    def opens_block(self, text: str) -> bool:
        hit = self._opens.get(text)
        if hit is None:
            hit = self._opens.remember(text, self.block.search(text) is not None)
        return hit

    def funding_line(self, text: str) -> str | None:
        return next((key for key, pattern in self.funding if pattern.search(text)), None)

    def funding_label(self, text: str) -> tuple[str | None, str]:
        """(the funding line a cell's text labels or None, the text as a label)."""
        hit = self._funding.get(text)
        if hit is None:
            plain = label(text)
            hit = self._funding.remember(text, (self.funding_line(plain), plain))
        return hit

    def header_column(self, text: str) -> str | None:
        if text in self._headers:
            return self._headers[text]
        return self._headers.remember(
            text, next((key for key, pattern in self.indicators if pattern.search(text)), None))


def _block_starts(texts: list[list[tuple[int, str]]], vocab: _Vocabulary) -> list[tuple[int, int]]:
    """(row, column) of every 项目名称 label, in sheet order."""
    starts = []
    for r, line in enumerate(texts):
        for c, text in line:
            if vocab.opens_block(text):
                starts.append((r, c))
                break
    return starts


def _project_name(grid: Grid, r: int, c: int) -> tuple[str, int, int]:
    """The project's name and its cell: inline after 项目名称：, or the next text cell right."""
    own = grid.text(r, c)
    inline = _NAME_INLINE.match(own)
    if inline and inline.group(1) and not inline.group(1).startswith("项目名称"):
        return inline.group(1), r, c
    width = len(grid.rows[r])
    for col in range(c + 1, width):
        if grid.merged_value(r, col) == grid.value(r, c) and not grid.value(r, col):
            continue  # the label's own merged range
        text = grid.text(r, col)
        if text:
            return text, r, col
    return "", r, c + 1  # where the name belongs


def _amount_column(grid: Grid, r: int, c: int) -> int:
    """The cell holding the amount of a funding label at (r, c): the first filled cell to its
    right outside the label's own merged range, else the first cell after that range."""
    origin = grid.merged_value(r, c)
    width = max(len(grid.rows[r]), c + 2)
    first_free = None
    for col in range(c + 1, width):
        if not grid.value(r, col) and grid.merged_value(r, col) == origin and origin:
            continue
        if first_free is None:
            first_free = col
        if grid.text(r, col):
            return col
    return first_free if first_free is not None else c + 1


def _funding(grid: Grid, texts: list[list[tuple[int, str]]], rows: range,
             vocab: _Vocabulary) -> list[tuple[str, str, int, int, int, int]]:
    """(line, label, label row, label col, amount row, amount col) of the funding lines."""
    found: list[tuple[str, str, int, int, int, int]] = []
    seen: set[str] = set()
    for r in rows:
        labelled = []
        for c, t in texts[r]:
            line, plain = vocab.funding_label(t)
            if line and line not in seen and not isinstance(grid.value(r, c), (int, float)):
                labelled.append((c, plain, line))
        if len(labelled) >= 2:
            # horizontal layout: the labels head columns, the amounts are in the next filled row
            data = next((d for d in range(r + 1, min(rows.stop, r + 4))
                         if any(looks_numeric(grid.value(d, c)) for c, _, _ in labelled)), None)
            if data is not None:
                for c, plain, line in labelled:
                    found.append((line, plain, r, c, data, c))
                    seen.add(line)
                continue
        for c, plain, line in labelled[:1]:
            found.append((line, plain, r, c, r, _amount_column(grid, r, c)))
            seen.add(line)
    return found


def _indicator_header(texts: list[list[tuple[int, str]]], rows: range,
                      vocab: _Vocabulary) -> tuple[int, dict[str, int]] | None:
    for r in rows:
        columns: dict[str, int] = {}
        for c, text in texts[r]:
            key = vocab.header_column(text)
            if key and key not in columns:
                columns[key] = c
        if "level1" in columns and "level3" in columns:
            if "level2" not in columns:
                columns["level2"] = columns["level1"] + 1
            if "value" not in columns:
                columns["value"] = columns["level3"] + 1
            return r, columns
    return None


def _value_text(raw: Any) -> str:
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw).strip()


def read_targets(grid: Grid, spec: TableSpec, catalogue: Catalogue, path: str) -> Table:
    vocab = _vocabulary(catalogue)
    texts = [row_texts(grid, r) for r in range(grid.height)]
    starts = _block_starts(texts, vocab)
    rows: list[Row] = []
    for n, (r0, c0) in enumerate(starts, start=1):
        stop = starts[n][0] if n < len(starts) else grid.height
        name, nr, nc = _project_name(grid, r0, c0)
        header = _indicator_header(texts, range(r0 + 1, stop), vocab)
        funding_stop = header[0] if header else stop
        block_text = "".join(t for r in range(r0, funding_stop) for _, t in texts[r])
        unit = "元" if vocab.unit_yuan.search(block_text) else "万元"
        base = {"project": name, "project_ref": sheet_ref(grid.name, nr, nc), "unit": unit}
        for line, text, lr, lc, ar, ac in _funding(grid, texts, range(r0 + 1, funding_stop), vocab):
            cell: Cell = read_cell(grid, path, ar, ac, catalogue.amount)
            rows.append(Row(
                key=f"p{n}.{line}", name=text, level=1 if line == "total" else 2,
                cells={"amount": cell}, sheet_row=ar, code_cells=(a1(lr, lc),),
                info={**base, "line": line, "label": text},
            ))
        if header is not None:
            rows += _indicators(grid, texts, n, header, stop, base)
    order = {line: i for i, line in enumerate(FUNDING_LINES)}
    rows.sort(key=lambda row: _sort_key(row, order))
    return Table(
        kind=spec.id, title=spec.name_zh, sheet=grid.name, columns=["amount"], rows=rows,
        header_rows=(starts[0][0], starts[0][0]) if starts else (0, 0), empty=not starts,
    )


def _sort_key(row: Row, order: dict[str, int]) -> tuple[int, int, int]:
    prefix, _, rest = row.key.partition(".")
    if rest.startswith("ind."):
        return int(prefix[1:]), 1, int(rest[4:])
    return int(prefix[1:]), 0, order.get(rest, 9)


def _indicators(grid: Grid, sheet_texts: list[list[tuple[int, str]]], n: int,
                header: tuple[int, dict[str, int]], stop: int, base: dict[str, Any]) -> list[Row]:
    hr, cols = header
    wanted = set(cols.values())
    sheet = sheet_ref(grid.name, 0, 0)[:-2]  # 'name'!
    letters = {k: column_letter(c) for k, c in cols.items()}
    cells = {k: f"{sheet}{letters[k]}" for k in cols}  # sheet_ref of a cell but its row: built once
    levels = [(k, cols[k]) for k in ("level1", "level2", "level3")]
    rows: list[Row] = []
    above: dict[str, str] = {}
    for r in range(hr + 1, stop):
        line = sheet_texts[r]
        own = grid.text_map(r)  # the line's texts by column
        if wanted.isdisjoint(own):
            continue
        if is_note(line[0][1]):
            break
        texts = {k: own.get(c) or grid.merged_text(r, c) for k, c in levels}
        value = _value_text(grid.merged_value(r, cols["value"]))
        carried = []
        if not texts["level1"] and above.get("level1"):
            texts["level1"] = above["level1"]
            carried.append("level1")
        if not texts["level2"] and above.get("level2") and texts["level1"] == above.get("level1"):
            texts["level2"] = above["level2"]
            carried.append("level2")
        above = texts
        m = len(rows) + 1
        number = str(r + 1)
        refs = {k: ref + number for k, ref in cells.items()}
        rows.append(Row(
            key=f"p{n}.ind.{m}", name=texts["level3"], level=3, cells={}, sheet_row=r,
            code_cells=(letters["level1"] + number,),  # a1(r, cols["level1"])
            info={**base, **texts, "value": value, "carried": tuple(carried), "refs": refs},
        ))
    return rows

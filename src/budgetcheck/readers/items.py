"""Two-sided item tables (收支总表, 财政拨款收支总表): 项目 | 预算数 pairs for income on the left
and expenditure on the right. Lines are recognised by their label, whatever their numbering."""

from __future__ import annotations

import re

from ..contracts.tables import Catalogue, TableSpec, compiled_items
from ..errors import InputError
from ..model import Cell, Row, Table
from .columns import read_cells
from .header import HeaderBlock, block, is_note, row_texts
from .memo import Memo, once_per
from .text import label
from .workbook import Grid

_LABEL_HEADER = re.compile(r"^项目|^收入项目|^支出项目|^科目")
_LINE_NUMBER = re.compile(r"(^|/)(行次|栏次|序号|行号)$")  # 决算 tables number their lines


def _find_header(grid: Grid) -> int | None:
    """The header row holding the 项目 label columns (the lowest such row of the header)."""
    top = grid.top
    for r in range(top, min(grid.height, top + 25)):
        cells = row_texts(grid, r)
        if any(_LABEL_HEADER.match(t) for _, t in cells) and len(cells) >= 2:
            return r
    return None


def _sides(header: HeaderBlock, label_row: int, grid: Grid) -> list[tuple[int, list[int]]]:
    """(label column, value columns) for each side of the table, left to right."""
    label_cols = [c for c, t in row_texts(grid, label_row) if _LABEL_HEADER.match(t)]
    sides = []
    for i, col in enumerate(label_cols):
        end = label_cols[i + 1] if i + 1 < len(label_cols) else max(header.paths, default=col) + 1
        values = [c for c in range(col + 1, end)
                  if c in header.paths and not _LINE_NUMBER.search(header.paths[c])]
        sides.append((col, values))
    return sides


def read_items(grid: Grid, spec: TableSpec, catalogue: Catalogue, path: str) -> Table:
    label_row = _find_header(grid)
    if label_row is None:
        raise InputError(path, f"{spec.name_zh}: no 项目 header row found", f"sheet '{grid.name}'")
    start = label_row
    while start > 0 and len(row_texts(grid, start - 1)) >= 2 and not any(
        "单位" in t for _, t in row_texts(grid, start - 1)
    ):
        start -= 1
    header = block(grid, start)
    header.data = label_row + 1
    header.last = label_row
    sides = _sides(header, label_row, grid)
    if not sides:
        raise InputError(path, f"{spec.name_zh}: no 项目 column", f"sheet '{grid.name}'")
    vocab = _vocabulary(catalogue, spec.id)
    side_names = ["income", "expense"]
    expense_columns = catalogue.columns.get(f"{spec.id}_expense", [])  # several amount columns
    rows: list[Row] = []
    seen: set[str] = set()
    for side_index, (label_col, value_cols) in enumerate(sides[:2]):
        side = side_names[side_index]
        column_keys = _value_keys(header, value_cols, expense_columns if side == "expense" and len(value_cols) > 1 else [])
        wanted = list(column_keys.items())
        closed = False  # past a closing 本年…合计 line: further lines lead to the grand total
        for r in range(header.data, grid.height):
            texts = row_texts(grid, r)
            if texts and is_note(texts[0][1]):
                break
            text = label(grid.value(r, label_col))
            if not text:
                continue
            key, other = vocab.key(side, text)
            if key is None:
                key = f"{side}.after.{text}" if closed else other  # after: e.g. 结余分配 (决算)
            closed = closed or (key == f"{side}.current_total" and "合计" in text)
            if key in seen:
                continue
            seen.add(key)
            cells: dict[str, Cell] = read_cells(grid, path, r, wanted, catalogue.amount)
            rows.append(Row(key=key, name=grid.text(r, label_col), level=1, cells=cells, sheet_row=r))
    missing = [k for k in spec.required_rows if k not in seen]
    if missing:
        raise InputError(path, f"{spec.name_zh}: line '{missing[0]}' not found", f"sheet '{grid.name}'")
    columns = sorted({c for row in rows for c in row.cells})
    return Table(spec.id, spec.name_zh, grid.name, columns, rows, (header.first, header.last))


def _value_keys(header: HeaderBlock, cols: list[int], patterns: list) -> dict[str, int]:
    if not patterns:
        return {"amount": cols[0]} if cols else {}
    keys: dict[str, int] = {}
    for key, pats in patterns:
        for col in cols:
            if col not in keys.values() and any(p.search(header.paths.get(col, "")) for p in pats):
                keys[key] = col
                break
    if "total" not in keys and cols:
        keys["total"] = cols[0]
    return keys


_VOCABULARIES = Memo(64)


def _vocabulary(catalogue: Catalogue, table: str) -> _Vocabulary:
    """The compiled vocabulary of a table, built once per catalogue (``in_unit`` copies of a
    catalogue share its items and classes, and so its vocabularies)."""
    return once_per(_VOCABULARIES, (catalogue.items, catalogue.classes),
                    lambda: _Vocabulary(catalogue, table), table)


class _Vocabulary:
    """The line labels of an item table (checks/tables.yaml items.<table>) and the functional
    classes, with the key each label was given: the workbooks of a template repeat their labels."""

    def __init__(self, catalogue: Catalogue, table: str) -> None:
        vocab = catalogue.items[table]
        self.patterns = {s: compiled_items(vocab[s], catalogue.path) for s in ("income", "expense") if s in vocab}
        self.class_by_name = {name: code for code, name in catalogue.classes.items()}
        self.known = Memo(4096)

    def key(self, side: str, text: str) -> tuple[str | None, str]:
        """(the vocabulary's key of a label or None, its key as a line of its own)."""
        hit = self.known.get((side, text))
        if hit is None:
            key = _classify(text, self.patterns.get(side, []))
            code = self.class_by_name.get(text) or _class_prefix(text, self.class_by_name)
            hit = self.known.remember((side, text), (key, f"{side}.line.{code or text}"))
        return hit


def _classify(text: str, patterns: list) -> str | None:
    for key, pats in patterns:
        if any(p.search(text) for p in pats):
            return key
    return None


def _class_prefix(text: str, class_by_name: dict[str, str]) -> str | None:
    for name, code in class_by_name.items():
        if text.startswith(name[:-2]) and text.endswith("支出"):
            return code
    return None

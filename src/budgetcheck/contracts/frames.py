"""The canonical frame of each table: the columns its schema (schemas/<table>.yaml) describes.

``table_records`` gives the frame as plain Python columns, and the sheet!cell of each value on
demand; the native schema executor reads these. ``table_frame`` builds the same frame as a pandas
DataFrame (pandas is imported lazily; the plain validate path never needs it) for pandera.

Columns by layout, then every amount column of the table (float64; None when the row has no cell
for it):
  coded      code (str; None for 合计 and uncoded lines), name
  headcount  key, label
  targets    key, project, level1, level2, level3, value (text of the indicator lines)
  others     key, name
A text column's cell is the row's code (label) cell — the name of a coded row is reported there —
or, for the targets text, the cell the text was read from.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..model import Row, Table, sheet_ref
from .tables import load_catalogue

TEXT_COLUMNS = {
    "coded": ("code", "name"),
    "headcount": ("key", "label"),
    "targets": ("key", "project", "level1", "level2", "level3", "value"),
}
DEFAULT_TEXT = ("key", "name")


@dataclass
class Records:
    """A canonical frame as columns of plain values, with the rows they came from."""

    table: Table
    columns: list[str]
    text: set[str]
    data: dict[str, list[Any]]
    rows: list[Row]

    @property
    def keys(self) -> list[str]:
        return [r.key for r in self.rows]

    def ref(self, index: int, column: str) -> str:
        """The sheet!cell the value at (index, column) was read from."""
        row = self.rows[index]
        cell = row.cells.get(column)
        if cell is not None:
            return cell.ref
        info = row.info or {}
        if column == "project" and "project_ref" in info:
            return info["project_ref"]
        where = info.get("refs", {}).get(column)
        return where if where else _label_ref(self.table, row)


def text_columns(table: Table) -> tuple[str, ...]:
    spec = load_catalogue().by_id.get(table.kind)
    return TEXT_COLUMNS.get(spec.layout if spec else "", DEFAULT_TEXT)


def _label_ref(table: Table, row: Row) -> str:
    """The cell naming a row: its code cell, else the cell left of its first amount."""
    if row.code_cells:
        sheet = table.sheet.replace("'", "''")
        return f"'{sheet}'!{row.code_cells[0]}"
    first = next(iter(row.cells.values()), None)
    if first is not None:
        return sheet_ref(first.sheet, first.row, max(first.col - 1, 0))
    return sheet_ref(table.sheet, row.sheet_row, 0)


_NO_INFO: dict[str, Any] = {}  # a row without text attributes (never written to)


def _text_values(rows: list[Row], column: str) -> list[str | None]:
    if column == "code":
        return [r.key if r.key.isdigit() else None for r in rows]
    if column == "key":
        return [r.key for r in rows]
    if column in ("name", "label"):
        return [r.name or None for r in rows]
    return [value if isinstance(value := (row.info or _NO_INFO).get(column), str) and value.strip()
            else None for row in rows]


def table_records(table: Table) -> Records:
    texts = text_columns(table)
    rows = table.rows
    data: dict[str, list[Any]] = {column: _text_values(rows, column) for column in texts}
    cells = [row.cells for row in rows]
    for column in table.columns:
        data[column] = [cell.amount.value if (cell := line.get(column)) is not None else None
                        for line in cells]
    return Records(table, [*texts, *table.columns], set(texts), data, list(rows))


def table_frame(table: Table) -> Any:
    """The canonical frame as a pandas DataFrame: text columns of dtype str, amounts float64."""
    import pandas as pd

    records = table_records(table)
    data = {}
    for column in records.columns:
        values = records.data[column]
        if column in records.text:
            data[column] = pd.Series(values, dtype="str")
        else:
            data[column] = pd.Series([float(v) if v is not None else float("nan") for v in values],
                                     dtype="float64")
    return pd.DataFrame(data, columns=records.columns)

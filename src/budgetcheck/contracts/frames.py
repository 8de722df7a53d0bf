"""The canonical frame of each table: the columns its schema (schemas/<table>.yaml) describes.

``table_records`` gives the frame as plain Python records, with the sheet!cell each value came
from; the native schema executor reads these. ``table_frame`` builds the same frame as a pandas
DataFrame (pandas is imported lazily; the plain validate path never needs it) for pandera.

Columns by layout, then every amount column of the table (float64, None when the row has no cell
for it):
  coded      code (str; None for 合计 and uncoded lines), name
  headcount  key, label
  targets    key, project, level1, level2, level3, value (text of the indicator lines)
  others     key, name
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
    """A canonical frame as records: column names, their kinds, values and cell references."""

    table: str
    columns: list[str]
    text: set[str]
    rows: list[dict[str, Any]]
    refs: list[dict[str, str]]
    keys: list[str]  # the canonical row key of each record
    names: list[str]


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


def _text_value(row: Row, column: str) -> str | None:
    if column == "code":
        return row.key if row.key.isdigit() else None
    if column == "key":
        return row.key
    if column in ("name", "label"):
        return row.name or None
    value = (row.info or {}).get(column)
    return value if isinstance(value, str) and value.strip() else None


def table_records(table: Table) -> Records:
    texts = text_columns(table)
    columns = [*texts, *table.columns]
    rows: list[dict[str, Any]] = []
    refs: list[dict[str, str]] = []
    for row in table.rows:
        values: dict[str, Any] = {}
        where: dict[str, str] = {}
        label_ref = _label_ref(table, row)
        info_refs = (row.info or {}).get("refs", {})
        for column in texts:
            values[column] = _text_value(row, column)
            if column == "project":
                where[column] = (row.info or {}).get("project_ref", label_ref)
            else:
                where[column] = info_refs.get(column, label_ref)
        for column in table.columns:
            cell = row.cells.get(column)
            values[column] = cell.value if cell is not None else None
            where[column] = cell.ref if cell is not None else label_ref
        rows.append(values)
        refs.append(where)
    return Records(table.kind, columns, set(texts), rows, refs, [r.key for r in table.rows],
                   [r.name for r in table.rows])


def table_frame(table: Table) -> Any:
    """The canonical frame as a pandas DataFrame: text columns of dtype str, amounts float64."""
    import pandas as pd

    records = table_records(table)
    data = {}
    for column in records.columns:
        values = [r[column] for r in records.rows]
        if column in records.text:
            data[column] = pd.Series(values, dtype="str")
        else:
            data[column] = pd.Series([float(v) if v is not None else float("nan") for v in values],
                                     dtype="float64")
    return pd.DataFrame(data, columns=records.columns)

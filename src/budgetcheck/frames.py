"""Canonical tables as pandas DataFrames, for Great Expectations and other frame-based tools.

One frame per table that has a schema (schemas/<table>.yaml): ``key`` (code, item key or ``total``,
str), ``level`` (int), ``sheet_row`` (1-based Excel row), then every column of the table's schema
with the very values the schema executors see (``contracts.frames.table_records``: text columns
str, amounts float64), then derived columns:

- for a schema column that is ``required: false`` and ``nullable: false``, ``<column>.null``: 1 where
  the table has the column and the row's value is missing, 0 where it is present, NaN in every row
  when the table lacks the column (so "not null" applies only when the table has it). Such a
  column itself is all-NaN when the table lacks it; a required column the table lacks is left out
  of the frame (its ``expect_column_to_exist`` fails);
- for a ``whole_number`` column, ``<column>.fraction``: value − nearest integer (exact, 0 for a whole
  number, NaN when the value is missing);
- for each per-row identity of the rule catalogue (``row_sum`` rules), computed exactly in Decimal
  before conversion:

  - ``<RULE>.residual``: total − Σ parts, as published;
  - ``<RULE>.slack``: the rounding slack of that row under the rule's tolerance model (the
    half-widths of the published values, from the precision contract; 0 for ``exact``);
  - ``<RULE>.excess``: the residual where rounding cannot explain it (|residual| > slack), else 0.
    The identity holds exactly when it is 0, and a failing row shows the very difference the
    verdict prints (差 −0.27), with the published decimals, not the residual less the slack.

  A row the rule does not apply to (no total or no part in the layout, or outside ``rows``) is
  NaN in all three, which Great Expectations treats as missing (not evaluated).

pandas is imported lazily: importing this module is free.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .amounts import ZERO
from .contracts.rules import RuleSet, RuleSpec
from .contracts.schema import ColumnSchema, TableSchema, load_schemas
from .contracts.tables import Catalogue, TableSpec
from .model import Row, Submission, Table

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

ID_COLUMNS = ("key", "level", "sheet_row")
DERIVED = ("residual", "slack", "excess")


def derived_column(source: str, what: str) -> str:
    """The name of a derived column: ``<RULE>.excess``, ``<column>.null``, ``<column>.fraction``."""
    return f"{source}.{what}"


def table_schema(spec: TableSpec, schemas: dict[str, TableSchema] | None = None) -> TableSchema | None:
    return (schemas if schemas is not None else load_schemas()).get(spec.id)


def frame_columns(spec: TableSpec, schemas: dict[str, TableSchema] | None = None) -> list[str] | None:
    """The schema columns a table's frame carries after the id columns (a required one only when
    the table has it), or None for a table without a schema (not framed)."""
    schema = table_schema(spec, schemas)
    if schema is None:
        return None
    return [name for name in schema.columns if name not in ID_COLUMNS]


def null_guarded(column: ColumnSchema) -> bool:
    """An optional column that must have no missing value when the table has it: its not-null
    check runs on the derived ``<column>.null``."""
    return not column.required and not column.nullable


def column_derived(schema: TableSchema) -> list[str]:
    """The derived columns of the schema's checks, in schema order."""
    names = []
    for name, column in schema.columns.items():
        if null_guarded(column):
            names.append(derived_column(name, "null"))
        if "whole_number" in column.checks:
            names.append(derived_column(name, "fraction"))
    return names


def row_rules(ruleset: RuleSet, table_id: str) -> list[RuleSpec]:
    """The per-row identities (row_sum rules) of a table, in catalogue order."""
    return [r for r in ruleset.rules if r.family == "row_sum" and r.params.get("table") == table_id]


@dataclass(frozen=True)
class Residual:
    residual: Decimal
    slack: Decimal

    @property
    def excess(self) -> Decimal:
        return self.residual if abs(self.residual) > self.slack else ZERO


def _present_parts(table: Table, rule: RuleSpec) -> list[str]:
    expand: dict[str, list[str]] = rule.params.get("expand") or {}
    present: list[str] = []
    for part in rule.params["parts"]:
        if part in table.columns:
            present.append(part)
        else:
            present += [p for p in expand.get(part, []) if p in table.columns]
    return present


def residuals(table: Table, rule: RuleSpec) -> Iterator[tuple[Row, Residual]]:
    """Residual and slack of a row_sum rule on every row it applies to (as the engine reads it)."""
    total_col = rule.params["total"]
    if total_col not in table.columns:
        return
    parts = _present_parts(table, rule)
    pattern = rule.params.get("rows", "*")
    exact = rule.params.get("tolerance", "interval") == "exact"
    for row in table.rows:
        if not fnmatch.fnmatchcase(row.key, pattern):
            continue
        total = row.cells.get(total_col)
        cells = [row.cells[p] for p in parts if p in row.cells]
        if total is None or not cells:
            continue
        value = sum((c.value for c in cells), ZERO)
        slack = ZERO if exact else total.amount.half_width + sum((c.amount.half_width for c in cells), ZERO)
        yield row, Residual(total.value - value, slack)


def table_frame(table: Table, schema: TableSchema, rules: list[RuleSpec]) -> pd.DataFrame:
    import pandas as pd

    from .contracts.frames import table_records

    records = table_records(table)
    nan = float("nan")
    size = len(table.rows)
    data: dict[str, Any] = {
        "key": pd.Series([row.key for row in table.rows], dtype="str"),
        "level": pd.Series([row.level for row in table.rows], dtype="int64"),
        "sheet_row": pd.Series([row.sheet_row + 1 for row in table.rows], dtype="int64"),
    }

    def floats(values: list[Any]) -> pd.Series:
        return pd.Series([float(v) if v is not None else nan for v in values], dtype="float64")

    for name, column in schema.columns.items():
        has = name in records.data
        if name in ID_COLUMNS or (column.required and not has):
            continue
        values = records.data[name] if has else [None] * size
        data[name] = pd.Series(values, dtype="str") if column.dtype == "str" else floats(values)
    for name, column in schema.columns.items():
        has = name in records.data
        values = records.data[name] if has else [None] * size
        if null_guarded(column):
            data[derived_column(name, "null")] = floats(
                [(1 if v is None else 0) if has else None for v in values])
        if "whole_number" in column.checks:
            data[derived_column(name, "fraction")] = floats(
                [v - Decimal(v).to_integral_value() if v is not None else None for v in values])
    derived: dict[int, dict[str, float]] = {}
    for rule in rules:
        for row, res in residuals(table, rule):
            slot = derived.setdefault(id(row), {})
            slot[derived_column(rule.id, "residual")] = float(res.residual)
            slot[derived_column(rule.id, "slack")] = float(res.slack)
            slot[derived_column(rule.id, "excess")] = float(res.excess)
    for rule in rules:
        for what in DERIVED:
            name = derived_column(rule.id, what)
            data[name] = pd.Series([derived.get(id(row), {}).get(name, nan) for row in table.rows],
                                   dtype="float64")
    return pd.DataFrame(data)


def submission_frames(submission: Submission, ruleset: RuleSet, catalogue: Catalogue,
                      schemas: dict[str, TableSchema] | None = None) -> dict[str, pd.DataFrame]:
    """One frame per canonical table found in the submission (tables without a schema are skipped)."""
    frames = {}
    for spec in catalogue.tables:
        table = submission.tables.get(spec.id)
        schema = table_schema(spec, schemas)
        if table is None or schema is None:
            continue
        frames[spec.id] = table_frame(table, schema, row_rules(ruleset, spec.id))
    return frames

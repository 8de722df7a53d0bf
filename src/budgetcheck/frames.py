"""Canonical tables as pandas DataFrames, for Great Expectations and other frame-based tools.

One frame per table: ``key`` (code, item key or ``total``, str), ``name`` (str), ``level`` (int),
``sheet_row`` (1-based Excel row), every amount column of the table catalogue as float (a column
the layout lacks is all-NaN), and for each per-row identity of the rule catalogue (``row_sum``
rules) three derived columns computed exactly in Decimal before conversion:

- ``<RULE>.residual``: total − Σ parts, as published;
- ``<RULE>.slack``: the rounding slack of that row under the rule's tolerance model (the
  half-widths of the published values, from the precision contract; 0 for ``exact``);
- ``<RULE>.excess``: the part of the residual rounding cannot explain,
  sign(residual)·max(0, |residual| − slack). The identity holds exactly when it is 0.

A row the rule does not apply to (no total or no part in the layout, or outside ``rows``) is NaN
in all three, which Great Expectations treats as missing (not evaluated).

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
from .contracts.tables import Catalogue, TableSpec
from .model import Row, Submission, Table

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

FRAMED_LAYOUTS = {"coded", "items", "rows", "headcount"}
ID_COLUMNS = ("key", "name", "level", "sheet_row")
DERIVED = ("residual", "slack", "excess")


def derived_column(rule_id: str, what: str) -> str:
    return f"{rule_id}.{what}"


def frame_columns(spec: TableSpec, catalogue: Catalogue) -> list[str] | None:
    """The value columns a table's frame always carries, or None for a table not framed."""
    if spec.layout not in FRAMED_LAYOUTS:
        return None
    if spec.layout == "headcount":
        return ["count"]
    if spec.layout == "items":
        extra = [key for key, _ in catalogue.columns.get(f"{spec.id}_expense", [])]
        return ["amount", *extra]
    return [key for key, _ in catalogue.columns.get(spec.id, []) if not key.startswith("unit_")]


def row_rules(ruleset: RuleSet, table_id: str) -> list[RuleSpec]:
    """The per-row identities (row_sum rules) of a table, in catalogue order."""
    return [r for r in ruleset.rules if r.family == "row_sum" and r.params.get("table") == table_id]


@dataclass(frozen=True)
class Residual:
    residual: Decimal
    slack: Decimal

    @property
    def excess(self) -> Decimal:
        over = abs(self.residual) - self.slack
        if over <= 0:
            return ZERO
        return over if self.residual > 0 else -over


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


def table_frame(table: Table, columns: list[str], rules: list[RuleSpec]) -> pd.DataFrame:
    import pandas as pd

    records: list[dict[str, Any]] = []
    derived: dict[int, dict[str, float]] = {}
    for rule in rules:
        for row, res in residuals(table, rule):
            slot = derived.setdefault(id(row), {})
            slot[derived_column(rule.id, "residual")] = float(res.residual)
            slot[derived_column(rule.id, "slack")] = float(res.slack)
            slot[derived_column(rule.id, "excess")] = float(res.excess)
    nan = float("nan")
    for row in table.rows:
        record: dict[str, Any] = {"key": row.key, "name": row.name, "level": row.level,
                                  "sheet_row": row.sheet_row + 1}
        for column in columns:
            cell = row.cells.get(column)
            record[column] = float(cell.value) if cell is not None else nan
        for rule in rules:
            for what in DERIVED:
                name = derived_column(rule.id, what)
                record[name] = derived.get(id(row), {}).get(name, nan)
        records.append(record)
    order = [*ID_COLUMNS, *columns, *(derived_column(r.id, w) for r in rules for w in DERIVED)]
    frame = pd.DataFrame.from_records(records, columns=order)
    frame = frame.astype({"key": "str", "name": "str", "level": "int64", "sheet_row": "int64"})
    for column in order[len(ID_COLUMNS):]:
        frame[column] = frame[column].astype("float64")
    return frame


def submission_frames(submission: Submission, ruleset: RuleSet, catalogue: Catalogue) -> dict[str, pd.DataFrame]:
    """One frame per canonical table found in the submission (tables not framed are skipped)."""
    frames = {}
    for spec in catalogue.tables:
        table = submission.tables.get(spec.id)
        columns = frame_columns(spec, catalogue)
        if table is None or columns is None:
            continue
        frames[spec.id] = table_frame(table, columns, row_rules(ruleset, spec.id))
    return frames

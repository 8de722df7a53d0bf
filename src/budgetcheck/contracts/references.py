"""Every reference of every rule checked against the table catalogue when contracts load.

A reference names a table, a row and a column (``summary/income.grand_total/amount``); some
parameters name a table alone (``table: expenditure``) or a table and a column
(``three_public/reception``). A misspelt table or column would load and silently check nothing,
forever; a reference with too few parts would fail only at run time. Both are refused here, at
the rule's file and line, with the closest known name. Rows are not checked: a row key is a code
or a line that a given submission may or may not have (a missing row is what the rules report).
"""

from __future__ import annotations

import difflib
from typing import Any

from ..errors import ContractError
from .tables import Catalogue, load_catalogue

# family -> parameter -> what it holds: "ref" (table/row/column), "refs" (a list of them),
# "pairs" (a list of [ref, ref]), "table", "tables", "table_column", "columns" (of the rule's
# tables, filling "{column}" in its references)
SHAPES: dict[str, dict[str, str]] = {
    "sum": {"total": "ref", "parts": "refs", "columns": "columns"},
    # the text rule reading the profiles' actual_headcount convention (auto: either reading)
    "narrative": {"actual_headcount": "refs_or_auto"},
    "equal": {"left": "ref", "right": "ref"},
    "not_above": {"small": "ref", "large": "ref"},
    "equal_pairs": {"pairs": "pairs"},
    "equal_matched": {"left": "ref", "right": "ref"},
    "not_above_total": {"small": "ref", "large": "table_column"},
    "subset_not_above": {"small": "table", "large": "table", "columns": "columns"},
    "same_codes": {"left": "table", "right": "table"},
    "row_sum": {"table": "table", "total": "column", "parts": "columns"},
    "tree_sum": {"table": "table"},
    "rows_total": {"table": "table", "columns": "columns"},
    "targets_cover": {"table": "table", "against": "ref"},
    "targets_funding": {"table": "table"},
    "targets_levels": {"table": "table"},
    "targets_value_present": {"table": "table"},
    "targets_value_parses": {"table": "table"},
    "targets_cost_sum": {"table": "table"},
}


def known_columns(catalogue: Catalogue, table: str) -> set[str] | None:
    """The canonical columns a table can have (None when the catalogue does not fix them)."""
    spec = catalogue.by_id.get(table)
    if spec is None:
        return set()
    if spec.layout == "headcount":
        return {"count"}
    if spec.layout == "items":
        return {"amount", "total"} | {key for key, _ in catalogue.columns.get(f"{table}_expense", [])}
    if table in catalogue.columns:
        return {key for key, _ in catalogue.columns[table]}
    return None  # project targets: columns of the reader's own


def _hint(word: str, options: set[str]) -> str:
    match = difflib.get_close_matches(word, sorted(options), n=1, cutoff=0.5)
    return f" (did you mean '{match[0]}'?)" if match else ""


class _Checker:
    def __init__(self, rule_id: str, params: dict[str, Any], path: str, line: int, catalogue: Catalogue) -> None:
        self.rule_id = rule_id
        self.params = params
        self.path = path
        self.default_line = line
        self.catalogue = catalogue

    def fail(self, key: str, reason: str) -> None:
        finder = getattr(self.params, "line_of", None)
        line = finder(key) if finder else self.default_line
        raise ContractError(self.path, line, f"rule {self.rule_id}: {reason}")

    def table(self, key: str, name: Any) -> str:
        if not isinstance(name, str) or not name:
            self.fail(key, f"'{key}' must name a table")
        tables = set(self.catalogue.by_id)
        if name not in tables:
            self.fail(key, f"'{key}' names an unknown table '{name}'{_hint(name, tables)}")
        return name

    def column(self, key: str, table: str, column: str, what: str) -> None:
        known = known_columns(self.catalogue, table)
        if known is None or "*" in column or "{" in column:
            return
        if column not in known:
            self.fail(key, f"{what}: table '{table}' has no column '{column}'{_hint(column, known)}")

    def ref(self, key: str, text: Any, columns: list[str] | None) -> None:
        if not isinstance(text, str) or text.count("/") != 2 or not all(text.split("/")):
            self.fail(key, f"'{text}' is not a table/row/column reference (three parts joined by '/')")
        table, _row, column = text.split("/")
        self.table(key, table)
        if "{column}" in column:
            if not columns:
                self.fail(key, f"'{text}' uses {{column}} but the rule has no 'columns'")
            for name in columns or []:
                self.column(key, table, column.replace("{column}", name), f"'{text}' with column '{name}'")
        else:
            self.column(key, table, column, f"'{text}'")


def check_references(family: str, rule_id: str, params: dict[str, Any], path: str, line: int,
                     catalogue: Catalogue | None = None) -> None:
    """Refuse a rule whose references do not fit the table catalogue (ContractError at the line
    of the parameter)."""
    shapes = SHAPES.get(family)
    if not shapes:
        return
    check = _Checker(rule_id, params, path, line, catalogue or load_catalogue())
    columns = params.get("columns") if isinstance(params.get("columns"), list) else None
    rule_table = params.get("table") if isinstance(params.get("table"), str) else None
    for key, shape in shapes.items():
        if key not in params:
            continue
        value = params[key]
        if shape == "ref":
            check.ref(key, value, columns)
        elif shape in ("refs", "refs_or_auto"):
            if shape == "refs_or_auto" and value == "auto":
                continue
            if not isinstance(value, list):
                check.fail(key, f"'{key}' must be a list of references")
            for item in value:
                check.ref(key, item, columns)
        elif shape == "pairs":
            for pair in value if isinstance(value, list) else []:
                for item in pair if isinstance(pair, list) else [pair]:
                    check.ref(key, item, columns)
        elif shape == "table":
            check.table(key, value)
        elif shape == "table_column":
            if not isinstance(value, str) or value.count("/") != 1 or not all(value.split("/")):
                check.fail(key, f"'{value}' is not a table/column reference (two parts joined by '/')")
            table, column = value.split("/")
            check.column(key, check.table(key, table), column, f"'{value}'")
        elif shape in ("column", "columns"):
            names = value if isinstance(value, list) else [value]
            tables = _tables_of(family, params, rule_table)
            for name in names:
                if not isinstance(name, str):
                    check.fail(key, f"'{key}' must name columns")
                for table in tables:
                    check.column(key, table, name, f"'{key}'")


def _tables_of(family: str, params: dict[str, Any], rule_table: str | None) -> list[str]:
    """The tables whose columns a 'columns' parameter names."""
    if rule_table:
        return [rule_table]
    if family == "subset_not_above":
        return [t for t in (params.get("small"), params.get("large")) if isinstance(t, str)]
    return []  # sum: the columns fill {column} and are checked through the references

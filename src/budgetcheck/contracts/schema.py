"""Table schemas (schemas/<table>.yaml, pandera's own YAML format) and a native executor for the
subset of it the project uses.

pandera validates a frame in about 2 ms; the warm validate of a whole workbook must stay within
about 10 ms, so the plain validate path interprets the schema files itself over the canonical
records (``frames.table_records``): dtype, nullable, unique, required, and the checks
greater_than_or_equal_to, str_matches, isin and the project's registered checks whole_number and
has_parent (``CUSTOM_CHECKS``; ``pandera_checks`` registers the very same functions with pandera).
tests/test_schema_parity.py asserts that pandera and this executor fail the same (column, row).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from ..errors import ContractError
from .frames import Records
from .paths import schemas_dir
from .yamlfile import Node, expect_keys, load_yaml


def _null(value: Any) -> bool:
    return value is None or (isinstance(value, float) and value != value)


# ``_null`` written out in the element-wise checks below (a call per value is most of their cost)

def whole_number(values: list[Any]) -> list[bool]:
    """Element-wise: the value is a whole number (nulls pass)."""
    return [v is None or (isinstance(v, float) and v != v) or v == int(v) for v in values]


def has_parent(values: list[Any]) -> list[bool]:
    """Element-wise: a 款 (5 digits) or 项 (7 digits) code has its parent code (its first 3 or 5
    digits) in the same column. Other lengths pass here; the code pattern reports them."""
    present = {v for v in values if not (v is None or (isinstance(v, float) and v != v))}
    return [v is None or (isinstance(v, float) and v != v) or len(v) not in (5, 7) or v[:-2] in present
            for v in values]


CUSTOM_CHECKS = {"whole_number": whole_number, "has_parent": has_parent}
BUILTIN_CHECKS = {"greater_than_or_equal_to", "str_matches", "isin"}
CHECKS = BUILTIN_CHECKS | set(CUSTOM_CHECKS)
PROPERTIES = {"dtype", "nullable", "unique", "required"}  # reported under these names too
DTYPES = {"str", "float64"}
_COLUMN_KEYS = {"dtype", "nullable", "unique", "required", "title", "description", *CHECKS}
_TOP_KEYS = {"schema_type", "version", "api", "name", "title", "description", "columns", "strict",
             "coerce", "ordered", "unique_column_names", "index", "checks"}


@dataclass(frozen=True)
class ColumnSchema:
    name: str
    dtype: str
    nullable: bool = False
    unique: bool = False
    required: bool = True
    checks: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class TableSchema:
    table: str
    path: str
    columns: dict[str, ColumnSchema]


@dataclass(frozen=True)
class Failure:
    """One failed check: the column, the record index (None for a column-level failure such as a
    missing required column or a wrong dtype), the check name, the value and its sheet!cell."""

    table: str
    column: str
    index: int | None
    check: str
    value: Any
    ref: str


def _column(name: str, node: Any, path: str, line: int) -> ColumnSchema:
    if not isinstance(node, Node):
        raise ContractError(path, line, f"column '{name}' must be a mapping")
    expect_keys(node, _COLUMN_KEYS, {"dtype"}, f"column '{name}'")
    dtype = str(node["dtype"])
    if dtype not in DTYPES:
        raise ContractError(path, node.line_of("dtype"), f"column '{name}': dtype must be one of {sorted(DTYPES)}")
    checks: dict[str, Any] = {}
    for key in [k for k in node if k in CHECKS]:  # in the order the file lists them
        value = node[key]
        where = node.line_of(key)
        if key in CUSTOM_CHECKS and value not in (None, {}):
            raise ContractError(path, where, f"column '{name}': {key} takes no statistic (write '{key}: null')")
        if key == "greater_than_or_equal_to" and (isinstance(value, bool) or not isinstance(value, (int, float))):
            raise ContractError(path, where, f"column '{name}': {key} needs a number")
        if key == "greater_than_or_equal_to":
            value = Decimal(str(value))  # amounts are Decimal; compare like with like
        if key == "str_matches":
            try:
                value = re.compile(str(value))
            except re.error as exc:
                raise ContractError(path, where, f"column '{name}': bad pattern ({exc})") from None
        if key == "isin":
            if not isinstance(value, list):
                raise ContractError(path, where, f"column '{name}': isin needs a list")
            value = frozenset(value)
        if key in ("str_matches", "isin", "has_parent") and dtype != "str" or (
                key in ("greater_than_or_equal_to", "whole_number") and dtype != "float64"):
            raise ContractError(path, where, f"column '{name}': {key} does not apply to dtype {dtype}")
        checks[key] = value
    for flag in ("nullable", "unique", "required"):
        if flag in node and not isinstance(node[flag], bool):
            raise ContractError(path, node.line_of(flag), f"column '{name}': {flag} must be true or false")
    return ColumnSchema(name, dtype, bool(node.get("nullable", False)), bool(node.get("unique", False)),
                        bool(node.get("required", True)), checks)


def load_schema(path: Path) -> TableSchema:
    root = load_yaml(path)
    expect_keys(root, _TOP_KEYS, {"columns"}, f"schema {path.name}")
    for key in ("index", "checks"):
        if root.get(key) is not None:
            raise ContractError(str(path), root.line_of(key), f"'{key}' is not supported by the native executor")
    columns = root["columns"]
    if not isinstance(columns, Node):
        raise ContractError(str(path), root.line_of("columns"), "columns must be a mapping")
    return TableSchema(
        table=str(root.get("name") or path.stem),
        path=str(path),
        columns={name: _column(name, node, str(path), columns.line_of(name)) for name, node in columns.items()},
    )


@cache
def load_schemas(directory: Path | None = None) -> dict[str, TableSchema]:
    """Every schema of the catalogue, by table id (the file's stem)."""
    directory = directory or schemas_dir()
    return {p.stem: load_schema(p) for p in sorted(directory.glob("*.yaml"))}


_DTYPE_TYPES = {"str": frozenset({str}), "float64": frozenset({int, float, Decimal})}
_USUAL_TYPE = {"str": str, "float64": Decimal}  # what the canonical records hold (frames.py)
_SIGNED = Decimal.is_signed  # negative, or -0


def run_schema(schema: TableSchema, records: Records, checks: Iterable[str] | None = None,
               columns: Iterable[str] | None = None) -> list[Failure]:
    """Every failure of the schema's checks over the records, in column then row order.

    ``checks`` limits the run to some check names (``CHECKS`` and ``PROPERTIES``); ``columns`` to
    some columns."""
    wanted = set(checks) if checks is not None else CHECKS | PROPERTIES
    only = set(columns) if columns is not None else None
    failures: list[Failure] = []
    table = records.table.kind
    for name, col in schema.columns.items():
        if only is not None and name not in only:
            continue
        if name not in records.columns:
            if col.required and "required" in wanted:
                failures.append(Failure(table, name, None, "required", None, ""))
            continue
        applying = [c for c in col.checks if c in wanted] if checks is not None else list(col.checks)
        dtype = "dtype" in wanted
        nullable = not col.nullable and "nullable" in wanted
        unique = col.unique and "unique" in wanted
        if not (applying or dtype or nullable or unique):
            continue
        values = records.data[name]
        given = [v for v in values if v is not None]
        # each check first asks whether any value fails (one C-level pass); only then are the
        # failing indexes looked up, in row order
        failed: list[tuple[str, Callable[[int, Any], bool]]] = []  # (check, fails(index, value))
        # the usual case first: every value of the column's one usual type (a count, in C)
        usual = list(map(type, given)).count(_USUAL_TYPE[col.dtype]) == len(given)
        if dtype and not (usual or set(map(type, given)) <= _DTYPE_TYPES[col.dtype]):
            failures.append(Failure(table, name, None, "dtype", col.dtype, ""))
        if nullable and len(given) < len(values):
            failures.extend(Failure(table, name, i, "nullable", v, records.ref(i, name))
                            for i, v in enumerate(values) if _null(v))
        if unique and len(set(given)) < len(given):
            counts: dict[Any, int] = {}
            for v in given:
                counts[v] = counts.get(v, 0) + 1
            failed.append(("unique", lambda i, v, counts=counts: counts[v] > 1))
        for check in applying:
            stat = col.checks[check]
            if check in CUSTOM_CHECKS:
                passed = CUSTOM_CHECKS[check](values)
                if not all(passed):
                    failed.append((check, lambda i, v, passed=passed: not passed[i]))
            elif check == "greater_than_or_equal_to":
                if usual and col.dtype == "float64" and stat == 0 and not any(map(_SIGNED, given)):
                    continue  # Decimals none of which has a sign: none below 0 (no comparisons)
                if given and min(given) < stat:
                    failed.append((check, lambda i, v, stat=stat: v < stat))
            elif check == "str_matches":
                if not all(map(stat.match, given)):
                    failed.append((check, lambda i, v, stat=stat: not stat.match(v)))
            elif check == "isin":
                if not stat.issuperset(given):
                    failed.append((check, lambda i, v, stat=stat: v not in stat))
        for check, test in failed:
            for i, v in enumerate(values):
                if v is not None and test(i, v):
                    failures.append(Failure(table, name, i, check, v, records.ref(i, name)))
    return failures

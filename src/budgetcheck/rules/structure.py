"""Structure rules: each table against its schema (schemas/<table>.yaml) through the native
executor, and the presence of the tables of the set."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from ..contracts.frames import Records, table_records
from ..contracts.schema import CHECKS, PROPERTIES, Failure, TableSchema, load_schemas, run_schema
from ..contracts.tables import load_catalogue
from ..errors import ContractError
from ..model import Finding, Submission, Table
from ..readers.memo import Memo, once_per
from .base import RuleContext
from .checked import checked_family, line_of

# each submission's schema results, by table id: the seven schema rules of a workbook share them,
# and a workbook's results are never dropped while its own rules run (one memory per submission)
_CHECKED: Memo = Memo(4)
ENGINES = ("native", "pandera")
_engine = "native"


def set_engine(engine: str) -> None:
    """Choose who runs the schemas: the native executor (default, fast) or pandera itself
    (``validate --engine pandera``; imports pandas and pandera, ~2 ms per table)."""
    global _engine
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {ENGINES}")
    _engine = engine
    _CHECKED.clear()


Checked = dict[int, tuple[Table, Records, list[Failure]]]  # by id() of the table


def submission_checked(submission: Submission) -> Checked:
    """The schema results of the submission's tables so far (asked once per rule)."""
    return once_per(_CHECKED, (submission,), dict)


def checked(done: Checked, table: Table, schema: TableSchema) -> tuple[Records, list[Failure]]:
    """The table's canonical records and every failure of its schema, computed once per table
    object of the submission (``done``); each structure rule then picks the failures of its own
    check."""
    hit = done.get(id(table))
    if hit is None or hit[0] is not table:
        records = table_records(table)
        if _engine == "pandera":
            from ..contracts.pandera_checks import pandera_failures

            failures = pandera_failures(schema, records)
        else:
            failures = run_schema(schema, records)
        hit = done[id(table)] = (table, records, failures)
    return hit[1], hit[2]


def _check_schema_params(rule_id: str, params: dict[str, Any], path: str, line: int) -> None:
    if params["check"] not in CHECKS | PROPERTIES:
        raise ContractError(path, line_of(params, "check", line),
                            f"rule {rule_id}: unknown check '{params['check']}' (known: {sorted(CHECKS | PROPERTIES)})")
    schemas = load_schemas()  # a wrong schema file is refused here, before any data is read
    for name in params.get("schemas") or []:
        if name not in schemas:
            raise ContractError(path, line_of(params, "schemas", line),
                                f"rule {rule_id}: no schema '{name}' in schemas/")
    known = {c for s in schemas.values() for c in s.columns}
    known |= {f"{t}.{c}" for t, s in schemas.items() for c in s.columns}
    for name in params.get("columns") or []:
        if name not in known:
            raise ContractError(path, line_of(params, "columns", line),
                                f"rule {rule_id}: no schema has a column '{name}'")


def _text(value: Any) -> str:
    if isinstance(value, Decimal):
        return format(value, "f")
    return "" if value is None else str(value)


def _args(records: Records, failure: Failure) -> dict[str, Any]:
    args: dict[str, Any] = {"table": failure.table, "column": failure.column, "check": failure.check,
                            "value": _text(failure.value)}
    if failure.index is not None:
        row = records.rows[failure.index]
        args["row"] = row.key
        args["row_name"] = row.name
    if failure.check == "has_parent":
        args["parent"] = str(failure.value)[:-2]
    return args


def covers(params: dict[str, Any], table: str, column: str) -> bool:
    """Does a schema rule speak for this column of this table? ``columns`` entries are column
    names, or ``table.column`` where one name means different things in different tables
    (``project`` is a project's name in table 10 and 项目支出 elsewhere)."""
    if params.get("schemas") and table not in params["schemas"]:
        return False
    wanted = params.get("columns")
    return not wanted or column in wanted or f"{table}.{column}" in wanted


@checked_family("schema", required={"check": str},
                optional={"schemas": list, "columns": list, "allow_negative": bool},
                prepare=_check_schema_params)
def schema(ctx: RuleContext) -> Iterator[Finding]:
    """Failures of one schema check (``check``) over the tables that have a schema."""
    check = ctx.params["check"]
    if check == "greater_than_or_equal_to" and ctx.params.get("allow_negative", False):
        return
    schemas = load_schemas()
    done = submission_checked(ctx.submission)
    wanted = ctx.params.get("schemas")
    for table_id, table in ctx.submission.tables.items():
        if table_id not in schemas or (wanted and table_id not in wanted):
            continue
        records, every = checked(done, table, schemas[table_id])
        if not every:
            continue
        failures = [f for f in every if f.check == check and covers(ctx.params, table_id, f.column)]
        if check == "unique":
            groups: dict[tuple[str, Any], list[Failure]] = {}
            for failure in failures:
                groups.setdefault((failure.column, failure.value), []).append(failure)
            for group in groups.values():
                args = _args(records, group[0])
                args["count"] = len(group)
                yield _finding(ctx, table_id, [f.ref for f in group], args)
            continue
        reported: set[tuple[str, str]] = set()
        for failure in failures:
            if failure.ref and (failure.column, failure.ref) in reported:
                continue  # one cell, one finding (a project's name is every line's project)
            reported.add((failure.column, failure.ref))
            yield _finding(ctx, table_id, [failure.ref] if failure.ref else [], _args(records, failure))


def _finding(ctx: RuleContext, table: str, cells: list[str], args: dict[str, Any]) -> Finding:
    return Finding(rule=ctx.rule_id, severity=ctx.severity,  # type: ignore[arg-type]
                   table=table, cells=cells, expected="", actual=args.get("value", ""), args=args)


def _check_tables(rule_id: str, params: dict[str, Any], path: str, line: int) -> None:
    known = load_catalogue().by_id
    for name in params["tables"]:
        if name not in known:
            raise ContractError(path, line_of(params, "tables", line), f"rule {rule_id}: unknown table '{name}'")


@checked_family("tables_present", required={"tables": list}, prepare=_check_tables)
def tables_present(ctx: RuleContext) -> Iterator[Finding]:
    """Each listed table is in the submission (an empty table counts as present)."""
    for name in ctx.params["tables"]:
        if name not in ctx.submission.tables:
            spec = load_catalogue().by_id[name]
            yield Finding(rule=ctx.rule_id, severity=ctx.severity,  # type: ignore[arg-type]
                          table=name, cells=[], expected=spec.name_zh, actual="",
                          args={"table": name, "number": spec.number})

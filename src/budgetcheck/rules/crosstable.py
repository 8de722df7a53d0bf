"""Cross-table (表间) families: lines of one table against lines of another.

A line missing on one side counts as an amount of zero there, so "a class present on one side
only" and "a code of table 5 absent from table 3" are the same finding as an amount mismatch:
the evidence names the cell that is present and the table where its counterpart is missing.
Every family is silent when a table it reads is absent from the submission (not applicable).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from ..amounts import ZERO, Amount
from ..errors import ContractError
from ..model import Cell, Finding, Row, Table
from .base import FAMILIES, Family, Ref, RuleContext, cells_of, family

_NO_AMOUNT = Amount(ZERO, ZERO)


def _table_no(table: str) -> str:
    from ..contracts.tables import load_catalogue

    spec = load_catalogue().by_id.get(table)
    return str(spec.number) if spec else table


def _differs(ctx: RuleContext, left: Amount, right: Amount) -> tuple[bool, Decimal]:
    """(the two amounts cannot be equal, allowed slack) under the rule's tolerance model."""
    if ctx.exact:
        return left.value != right.value, ZERO
    slack = left.half_width + right.half_width
    return abs(left.value - right.value) > slack, slack


def _pair_finding(ctx: RuleContext, left: tuple[Row, Cell] | None, right: tuple[Row, Cell] | None,
                  left_table: str, right_table: str) -> Iterator[Finding]:
    """One finding when two counterpart cells differ; a missing side counts as zero."""
    lamount = left[1].amount if left else _NO_AMOUNT
    ramount = right[1].amount if right else _NO_AMOUNT
    bad, slack = _differs(ctx, lamount, ramount)
    if not bad:
        if ctx.relations is not None:
            _relate_pair(ctx, left, right, slack, None)
        return
    # the subject is the side that is present (the left one when both are)
    (row, cell), table, other, here, there = (
        (left, left_table, right_table, lamount, ramount) if left
        else (right, right_table, left_table, ramount, lamount)
    )
    cells = [left[1], right[1]] if left and right else [cell]
    finding = ctx.finding(
        table, cells, here.value, there.value,
        row=row.key, row_name=row.name, column=_column_of(row, cell),
        other_table=other, other_no=_table_no(other), other_missing=not (left and right),
        diff=format(here.value - there.value, "f"), slack=format(slack, "f"),
    )
    yield finding
    _relate_pair(ctx, left, right, slack, finding)


def _relate_pair(ctx: RuleContext, left: tuple[Row, Cell] | None, right: tuple[Row, Cell] | None,
                 slack: Decimal, finding: Finding | None) -> None:
    """left - right within ±slack; a missing side is an exact zero (no term)."""
    terms = ((left[1], 1),) if left else ()
    if right:
        terms += ((right[1], -1),)
    ctx.relate(terms, -slack, slack, finding)


def _column_of(row: Row, cell: Cell) -> str:
    return next((k for k, c in row.cells.items() if c is cell), "")


class _PairsFamily(Family):
    """equal_pairs: each item of 'pairs' must be a list of two references."""

    def validate(self, rule_id: str, params: dict[str, Any], path: str, line: int) -> None:
        super().validate(rule_id, params, path, line)
        where = getattr(params, "line_of", lambda k: line)("pairs")
        for pair in params["pairs"]:
            if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(p, str) for p in pair)):
                raise ContractError(path, where, f"rule {rule_id}: each pair must be [left, right] references")
            for ref in pair:
                _check_ref(rule_id, ref, path, where)


class _MatchedFamily(Family):
    """Families whose references hold one '*' (the matched key) and an optional key pattern."""

    starred: tuple[str, ...] = ()

    def validate(self, rule_id: str, params: dict[str, Any], path: str, line: int) -> None:
        super().validate(rule_id, params, path, line)
        line_of = getattr(params, "line_of", lambda k: line)
        for name in self.starred:
            if name in params:
                _check_ref(rule_id, params[name], path, line_of(name))
                if params[name].split("/")[1].count("*") != 1:
                    raise ContractError(path, line_of(name), f"rule {rule_id}: '{name}' needs one '*' in its row")
        if "key" in params:
            try:
                re.compile(params["key"])
            except re.error as exc:
                raise ContractError(path, line_of("key"), f"rule {rule_id}: bad key pattern ({exc})") from None


def _check_ref(rule_id: str, ref: str, path: str, line: int) -> None:
    if ref.count("/") != 2 or not all(ref.split("/")):
        raise ContractError(path, line, f"rule {rule_id}: '{ref}' is not a table/row/column reference")


def _upgrade(name: str, cls: type[Family], **attrs: Any) -> None:
    """Give a registered family its own parameter validation."""
    base = FAMILIES[name]
    upgraded = cls(base.name, base.required, base.optional, base.run)
    for key, value in attrs.items():
        setattr(upgraded, key, value)
    FAMILIES[name] = upgraded


@family("equal_pairs", required={"pairs": list})
def equal_pairs(ctx: RuleContext) -> Iterator[Finding]:
    """Each pair of cells (usually in two tables) holds the same amount."""
    for left_text, right_text in ctx.params["pairs"]:
        left_ref, right_ref = Ref.parse(left_text), Ref.parse(right_text)
        left, right = cells_of(ctx.submission, left_ref), cells_of(ctx.submission, right_ref)
        if left and right:
            yield from _pair_finding(ctx, left[0], right[0], left_ref.table, right_ref.table)


def _starred(sub_tables: dict[str, Table], ref: Ref, key: re.Pattern[str] | None) -> dict[str, tuple[Row, Cell]] | None:
    """key → (row, cell) of the rows a starred reference matches; None when the table is absent."""
    table = sub_tables.get(ref.table)
    if table is None:
        return None
    prefix, _, suffix = ref.row.partition("*")
    found: dict[str, tuple[Row, Cell]] = {}
    for row in table.rows:
        if not (row.key.startswith(prefix) and row.key.endswith(suffix)) or len(row.key) < len(prefix) + len(suffix):
            continue
        wild = row.key[len(prefix): len(row.key) - len(suffix)]
        cell = row.cells.get(ref.column)
        if wild and cell is not None and (key is None or key.fullmatch(wild)) and wild not in found:
            found[wild] = (row, cell)
    return found


@family("equal_matched", required={"left": str, "right": str}, optional={"key": str})
def equal_matched(ctx: RuleContext) -> Iterator[Finding]:
    """Lines matched by the '*' of two references hold the same amount; a line on one side only
    must be zero."""
    left_ref, right_ref = Ref.parse(ctx.params["left"]), Ref.parse(ctx.params["right"])
    key = re.compile(ctx.params["key"]) if "key" in ctx.params else None
    left = _starred(ctx.submission.tables, left_ref, key)
    right = _starred(ctx.submission.tables, right_ref, key)
    if left is None or right is None:
        return
    for wild in [*left, *(k for k in right if k not in left)]:
        yield from _pair_finding(ctx, left.get(wild), right.get(wild), left_ref.table, right_ref.table)


def _coded_rows(table: Table, key: re.Pattern[str] | None) -> list[Row]:
    return [r for r in table.rows if r.key.isdigit() and (key is None or key.fullmatch(r.key))]


@family("subset_not_above", required={"small": str, "large": str}, optional={"columns": list, "key": str})
def subset_not_above(ctx: RuleContext) -> Iterator[Finding]:
    """Every code of the small table is a code of the large one, with amounts not larger, column
    by column (a code missing from the large table has zero there)."""
    small, large = ctx.table(ctx.params["small"]), ctx.table(ctx.params["large"])
    if small is None or large is None:
        return
    key = re.compile(ctx.params["key"]) if "key" in ctx.params else None
    columns = ctx.params.get("columns") or [c for c in small.columns if c in large.columns]
    index = large.index()
    for row in _coded_rows(small, key):
        other = index.get(row.key)
        for column in columns:
            cell = row.cells.get(column)
            if cell is None:
                continue
            limit_cell = other.cells.get(column) if other else None
            if other is not None and limit_cell is None:
                continue  # the large table has the row but not this column
            limit = limit_cell.amount if limit_cell else _NO_AMOUNT
            low = cell.value if ctx.exact else cell.amount.low
            high = limit.value if ctx.exact else limit.high
            finding = None
            if low > high:
                finding = ctx.finding(
                    small.kind, [cell, limit_cell] if limit_cell else [cell], limit.value, cell.value,
                    row=row.key, row_name=row.name, column=column, large_table=large.kind,
                    large_no=_table_no(large.kind), large_missing=other is None,
                )
                yield finding
            if ctx.relations is not None:  # small - large <= the two half-widths
                terms = ((cell, 1), (limit_cell, -1)) if limit_cell else ((cell, 1),)
                ctx.relate(terms, None, (cell.value - low) + (high - limit.value), finding)


@family("same_codes", required={"left": str, "right": str}, optional={"key": str, "nonzero": bool})
def same_codes(ctx: RuleContext) -> Iterator[Finding]:
    """Two coded tables carry the same codes; with nonzero, only rows with an amount count."""
    left, right = ctx.table(ctx.params["left"]), ctx.table(ctx.params["right"])
    if left is None or right is None:
        return
    key = re.compile(ctx.params["key"]) if "key" in ctx.params else None
    nonzero = ctx.params.get("nonzero", False)
    for this, other in ((left, right), (right, left)):
        present = {r.key for r in _coded_rows(other, key)}
        for row in _coded_rows(this, key):
            if row.key in present:
                continue
            cells = list(row.cells.values())
            if nonzero and all(c.value == 0 for c in cells):
                continue
            cell = row.cells.get("total") or (cells[0] if cells else None)
            yield ctx.finding(
                this.kind, [cell] if cell else [], Decimal(0), Decimal(0),
                row=row.key, row_name=row.name, other_table=other.kind, other_no=_table_no(other.kind),
            )


@family("not_above_total", required={"small": str, "large": str})
def not_above_total(ctx: RuleContext) -> Iterator[Finding]:
    """A cell stays within a column of a row table's 合计 row (or of its only row, when the table
    has one row and no 合计)."""
    small_ref = Ref.parse(ctx.params["small"])
    table_name, _, column = ctx.params["large"].partition("/")
    large_table = ctx.table(table_name)
    smalls = cells_of(ctx.submission, small_ref)
    if large_table is None or not smalls:
        return
    limit_row = large_table.row("total") or (large_table.rows[0] if len(large_table.rows) == 1 else None)
    limit = limit_row.cells.get(column) if limit_row else None
    if limit is None:
        return
    row, cell = smalls[0]
    low = cell.value if ctx.exact else cell.amount.low
    high = limit.value if ctx.exact else limit.amount.high
    finding = None
    if low > high:
        finding = ctx.finding(
            small_ref.table, [cell, limit], limit.value, cell.value,
            row=row.key, row_name=row.name, column=small_ref.column, large_table=table_name,
            large_no=_table_no(table_name), large_row=limit_row.name,
        )
        yield finding
    ctx.relate(((cell, 1), (limit, -1)), None, (cell.value - low) + (high - limit.value), finding)


@family("explanation_unused", required={})
def explanation_unused(ctx: RuleContext) -> Iterator[Finding]:
    """Not a check of the tables: the rule under which an accepted explanation (--explanations)
    that matches no finding is reported. Its findings come from the engine, never from here."""
    return iter(())


class _TotalFamily(Family):
    def validate(self, rule_id: str, params: dict[str, Any], path: str, line: int) -> None:
        super().validate(rule_id, params, path, line)
        line_of = getattr(params, "line_of", lambda k: line)
        _check_ref(rule_id, params["small"], path, line_of("small"))
        if params["large"].count("/") != 1 or not all(params["large"].split("/")):
            raise ContractError(path, line_of("large"), f"rule {rule_id}: 'large' must be table/column")


_upgrade("equal_pairs", _PairsFamily)
_upgrade("equal_matched", _MatchedFamily, starred=("left", "right"))
_upgrade("subset_not_above", _MatchedFamily)
_upgrade("same_codes", _MatchedFamily)
_upgrade("not_above_total", _TotalFamily)

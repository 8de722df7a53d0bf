"""Arithmetic families: sums of lines, row identities across columns, code hierarchies, equality
and upper bounds. Each compares with the rule's tolerance model (interval or exact)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from ..amounts import ZERO, Amount
from ..model import Cell, Finding, Row, Table
from .base import (
    AMOUNT,
    HALF_WIDTH,
    Ref,
    RuleContext,
    SumRelation,
    cells_of,
    family,
    match_rows,
    new_sum_relation,
)


def _check(ctx: RuleContext, total: Amount, parts: list[Amount]) -> tuple[bool, Decimal, Decimal]:
    """(holds, sum of parts, allowed slack) under the rule's tolerance model."""
    value, slack = ZERO, total.half_width
    for part in parts:  # a plain loop: this is the innermost step of every sum rule
        value += part.value
        slack += part.half_width
    if ctx.exact:
        return total.value == value, value, ZERO
    return abs(total.value - value) <= slack, value, slack


def _sum_finding(ctx: RuleContext, table: str, total: Cell, parts: list[Cell], row: Row | None,
                 column: str) -> Finding | None:
    """The finding of one sum (None when it holds); the relation is recorded either way.
    This runs for every sum of every table: the slack (the half-widths) is added only when the
    sum is off, since a sum that adds up exactly holds under either tolerance model whatever its
    slack (the relation adds it up if a diagnosis asks). A plain loop: most sums have one to
    three parts, for which building maps over attrgetters costs more than it saves."""
    amount = total.amount
    actual = ZERO
    for part in parts:
        actual += part.amount.value
    finding = slack = None
    if amount.value == actual:
        if ctx.exact:
            slack = ZERO
    else:
        if ctx.exact:
            slack = ZERO
        else:
            slack = sum(map(HALF_WIDTH, map(AMOUNT, parts)), amount.half_width)
        if ctx.exact or abs(amount.value - actual) > slack:
            finding = ctx.finding(
                table, [total, *parts], total.value, actual,
                row=row.key if row else "", row_name=row.name if row else "", column=column,
                diff=total.value - actual, slack=slack,
            )
    if ctx.relations is not None:  # total - sum(parts) within ±slack (Relation.of_sum, in place)
        ctx.relations.append(new_sum_relation(SumRelation, (ctx.rule_id, total, parts, slack, finding)))
    return finding


@family("sum", required={"total": str, "parts": list}, optional={"columns": list})
def sum_of_lines(ctx: RuleContext) -> Iterator[Finding]:
    """A total line equals the sum of its part lines (globs allowed)."""
    for column in ctx.params.get("columns") or [None]:
        total_ref = Ref.parse(ctx.params["total"], column)
        totals = cells_of(ctx.submission, total_ref)
        if not totals:
            continue
        row, total = totals[0]
        parts: list[Cell] = []
        for text in ctx.params["parts"]:
            parts += [cell for _, cell in cells_of(ctx.submission, Ref.parse(text, column), {row.key})]
        if not parts:
            continue
        finding = _sum_finding(ctx, total_ref.table, total, parts, row, total_ref.column)
        if finding is not None:
            yield finding


@family("equal", required={"left": str, "right": str})
def equal(ctx: RuleContext) -> Iterator[Finding]:
    """Two cells, in one table or two, hold the same amount."""
    left = cells_of(ctx.submission, Ref.parse(ctx.params["left"]))
    right = cells_of(ctx.submission, Ref.parse(ctx.params["right"]))
    if not left or not right:
        return
    (lrow, lcell), (rrow, rcell) = left[0], right[0]
    holds, _, slack = _check(ctx, lcell.amount, [rcell.amount])
    finding = None
    if not holds:
        table = Ref.parse(ctx.params["left"]).table
        finding = ctx.finding(
            table, [lcell, rcell], lcell.value, rcell.value,
            left_label=lrow.name, right_label=rrow.name, row=lrow.key, row_name=lrow.name,
            right_table=Ref.parse(ctx.params["right"]).table,
            diff=lcell.value - rcell.value, slack=slack,
        )
        yield finding
    ctx.relate(((lcell, 1), (rcell, -1)), -slack, slack, finding)


def _present_parts(table: Table, parts: list[str], expand: dict[str, list[str]]) -> list[str]:
    present: list[str] = []
    for part in parts:
        if part in table.columns:
            present.append(part)
        else:
            present += [p for p in expand.get(part, []) if p in table.columns]
    return present


@family("row_sum", required={"table": str, "total": str, "parts": list}, optional={"expand": dict, "rows": str})
def row_sum(ctx: RuleContext) -> Iterator[Finding]:
    """In every row, the total column equals the sum of the part columns present in the layout."""
    table = ctx.table(ctx.params["table"])
    total_col = ctx.params["total"]
    if table is None or total_col not in table.columns:
        return
    parts = _present_parts(table, ctx.params["parts"], ctx.params.get("expand") or {})
    if not parts:
        return
    for row in match_rows(table, ctx.params.get("rows", "*")):
        line = row.cells
        total = line.get(total_col)
        if total is None:
            continue
        cells = []  # a loop, not a list display (a function built and called per row)
        for part in parts:
            cell = line.get(part)
            if cell is not None:
                cells.append(cell)
        if not cells:
            continue
        finding = _sum_finding(ctx, table.kind, total, cells, row, total_col)
        if finding is not None:
            yield finding


def _parent_key(code: str, present: set[str]) -> str:
    """The nearest present ancestor of a code (款 for a 项, 类 for a 款), or 'total'."""
    for length in (5, 3):
        if len(code) > length and code[:length] in present:
            return code[:length]
    return "total"


@family("tree_sum", required={"table": str}, optional={"columns": list})
def tree_sum(ctx: RuleContext) -> Iterator[Finding]:
    """Every parent code equals the sum of its children; the 合计 row the sum of the top codes."""
    table = ctx.table(ctx.params["table"])
    if table is None:
        return
    coded = [r for r in table.rows if r.level > 0 and r.key.isdigit()]
    present = {r.key for r in coded}
    children: dict[str, list[Row]] = {}
    for row in coded:
        children.setdefault(_parent_key(row.key, present), []).append(row)
    index = table.index()
    for parent_key, kids in children.items():
        parent = index.get(parent_key)
        if parent is None:
            continue
        for column in ctx.params.get("columns") or table.columns:
            total = parent.cells.get(column)
            if total is None:
                continue
            cells = []  # a loop, not a list display: a parent has two children on average
            for kid in kids:
                cell = kid.cells.get(column)
                if cell is not None:
                    cells.append(cell)
            if not cells:
                continue
            finding = _sum_finding(ctx, table.kind, total, cells, parent, column)
            if finding is not None:
                yield finding


@family("rows_total", required={"table": str})
def rows_total(ctx: RuleContext) -> Iterator[Finding]:
    """The 合计 row equals the sum of the other rows, column by column."""
    table = ctx.table(ctx.params["table"])
    if table is None:
        return
    total_row = table.row("total")
    others = [r for r in table.rows if r.key != "total"]
    if total_row is None or not others:
        return
    for column in table.columns:
        total = total_row.cells.get(column)
        cells = [r.cells[column] for r in others if column in r.cells]
        if total is not None and cells:
            finding = _sum_finding(ctx, table.kind, total, cells, total_row, column)
            if finding is not None:
                yield finding


@family("not_above", required={"small": str, "large": str})
def not_above(ctx: RuleContext) -> Iterator[Finding]:
    """Each small line stays within its large counterpart ('*' pairs them by what it matches)."""
    small_ref, large_ref = Ref.parse(ctx.params["small"]), Ref.parse(ctx.params["large"])
    prefix, _, suffix = small_ref.row.partition("*")
    large_table = ctx.table(large_ref.table)
    if large_table is None:
        return
    for row, cell in cells_of(ctx.submission, small_ref):
        wild = row.key[len(prefix): len(row.key) - len(suffix)] if "*" in small_ref.row else ""
        large_row = large_table.row(large_ref.row.replace("*", wild))
        large = large_row.cells.get(large_ref.column) if large_row else None
        if large is None:
            continue
        limit = large.value if ctx.exact else large.amount.high
        low = cell.value if ctx.exact else cell.amount.low
        finding = None
        if low > limit:
            finding = ctx.finding(
                small_ref.table, [cell, large], large.value, cell.value,
                small_label=row.name, large_label=large_row.name, row=row.key, row_name=row.name,
            )
            yield finding
        # small - large <= the two half-widths
        ctx.relate(((cell, 1), (large, -1)), None, (cell.value - low) + (limit - large.value), finding)

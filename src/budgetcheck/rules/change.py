"""Change families: tables that carry last year's figures (上年预算数 / 上年执行数) and the change
against them (增减额, 增减率 or 增长%). The reader keys them ``prior.<column>``, ``change.<column>``
and ``rate.<column>`` beside the current ``<column>`` (readers/columns.py)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from itertools import repeat

from ..amounts import ZERO, Amount
from ..model import Cell, Finding, Table
from .base import RuleContext, family

_HUNDRED = Decimal(100)


def _has_prefixed_key(table: Table, prefix: str) -> bool:
    """Does any row of the table have a ``prefix`` cell? Most tables carry no prior-year figures:
    their keys are gathered in one C-level union instead of testing every cell in Python."""
    keys: set[str] = set().union(*[row.cells for row in table.rows])
    return any(map(str.startswith, keys, repeat(prefix)))


def _triples(ctx: RuleContext, kind: str) -> Iterator[tuple[str, object, str, dict[str, Cell]]]:
    """(table, row, column, {current, prior, change, rate}) for every row with a ``kind`` cell."""
    prefix = f"{kind}."
    for table_id in ctx.params["tables"]:
        table = ctx.table(table_id)
        if table is None or not _has_prefixed_key(table, prefix):
            continue
        for row in table.rows:
            for key, cell in row.cells.items():
                if not key.startswith(prefix):
                    continue
                column = key.split(".", 1)[1]
                found = {kind: cell}
                for other in ("prior", "change", "rate"):
                    if other != kind and f"{other}.{column}" in row.cells:
                        found[other] = row.cells[f"{other}.{column}"]
                if column in row.cells:
                    found["current"] = row.cells[column]
                yield table_id, row, column, found


@family("change_amount", required={"tables": list})
def change_amount(ctx: RuleContext) -> Iterator[Finding]:
    """增减额 = 本年 − 上年, each value with its rounding interval."""
    for table, row, column, cells in _triples(ctx, "change"):
        if "current" not in cells or "prior" not in cells:
            continue
        change, current, prior = cells["change"], cells["current"], cells["prior"]
        expected = current.value - prior.value
        slack = ZERO if ctx.exact else (change.amount.half_width + current.amount.half_width
                                        + prior.amount.half_width)
        if abs(change.value - expected) > slack:
            yield ctx.finding(table, [change, current, prior], expected, change.value,
                              row=row.key, row_name=row.name, column=column,  # type: ignore[attr-defined]
                              current=current.value, prior=prior.value,
                              diff=change.value - expected, slack=slack)


def _ratio_range(change: Amount, prior: Amount) -> tuple[Decimal, Decimal] | None:
    """The range of change ÷ prior over both intervals, in percent; None when the prior year's
    interval holds zero (no rate to speak of)."""
    if prior.low <= 0 <= prior.high:
        return None
    corners = [c / p * _HUNDRED for c in (change.low, change.high) for p in (prior.low, prior.high)]
    return min(corners), max(corners)


def _readings(cell: Cell, how: str) -> list[tuple[Decimal, Decimal]]:
    """(value, half-width) in percent of a rate cell: as written when it says %, else also as a
    fraction (an Excel percent cell holds 0.0523 for 5.23%)."""
    value, half = cell.amount.value, cell.amount.half_width
    readings = [(value, half)]
    if how == "either":
        readings.append((value * _HUNDRED, half * _HUNDRED))
    return readings


@family("change_rate", required={"tables": list}, optional={"truncation": bool})
def change_rate(ctx: RuleContext) -> Iterator[Finding]:
    """增减率 = 增减额 ÷ 上年 (or (本年 − 上年) ÷ 上年 without a 增减额 column), within the rounding
    of every value; with ``truncation``, a rate cut (not rounded) to its decimals also holds."""
    for table, row, column, cells in _triples(ctx, "rate"):
        rate, prior = cells["rate"], cells.get("prior")
        if rate.blank or prior is None:
            continue
        if "change" in cells:
            change = cells["change"].amount
        elif "current" in cells:
            current = cells["current"].amount
            change = Amount(current.value - prior.value, current.half_width + prior.amount.half_width)
        else:
            continue
        bounds = _ratio_range(change, prior.amount)
        if bounds is None:
            continue
        how = ((row.info or {}).get("rates") or {}).get(f"rate.{column}", "percent")  # type: ignore[attr-defined]
        low, high = bounds
        holds = False
        for value, half in _readings(rate, how):
            step = half * 2 if ctx.params.get("truncation", False) else ZERO
            r_low = value - half - (step if value < 0 else ZERO)
            r_high = value + half + (step if value > 0 else ZERO)
            holds = holds or (r_low <= high and low <= r_high)
        if not holds:
            expected = (change.value / prior.value * _HUNDRED).quantize(Decimal("0.01"))
            refs = [rate, prior] + ([cells["change"]] if "change" in cells else [cells["current"]])
            yield ctx.finding(table, refs, expected, rate.value,
                              row=row.key, row_name=row.name, column=column,  # type: ignore[attr-defined]
                              change=change.value, prior=prior.value)

"""Values a budget cannot hold, and tables that hide something, as the reader sees them.

A figure that is not finite or beyond what a budget can hold (checks/tables.yaml precision:
10^15 元) is not computed with: it becomes an unreadable cell (STR-020), so every relation that
needs it is reported as not checkable instead of failing or passing on a nonsense value. A figure
finer than a cent cannot be published in a 万元 table (STR-021, a warning: the table shows a
rounded value the sums do not use). A table found twice with different figures (STR-022) or the
same (STR-023, a warning), and a required table with no figure at all (STR-024) are reported too:
each hides which figures were meant.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from ..amounts import Precision
from ..contracts.tables import Catalogue, load_catalogue
from ..errors import InputError
from ..model import Mark, Submission, Table
from .evaluate import Unreadable
from .memo import Memo

# A float written by a spreadsheet carries binary noise (1086.5600000000002); only a difference
# above this fraction of the value counts as a real extra decimal.
_FLOAT_NOISE = Decimal("1e-11")


def out_of_domain(raw: Any, parsed: tuple[Decimal, int] | None, precision: Precision) -> Unreadable | None:
    """An unreadable marker for a value no budget can hold (None when it is in the domain)."""
    if isinstance(raw, float) and not math.isfinite(raw):
        return Unreadable("domain", repr(raw))
    if parsed is None:
        return None
    limit = precision.limit
    if limit is None:
        domain = load_catalogue().domain
        limit = domain.count_max if precision.exact else domain.amount_max
    if abs(parsed[0]) > limit:
        return Unreadable("domain", str(raw).strip()[:40])
    return None


# _too_fine's answers by (a float's?, value, places): a function of the number alone (a value
# written with more zeros, 1.100, is a multiple of the cent all the same). Bounded.
_FINE = Memo(16384)


def _too_fine(raw: Any, value: Decimal, places: int) -> bool:
    key = (raw.__class__ is float, value, places)
    known = _FINE.get(key)
    if known is None:
        known = _FINE.remember(key, _finer_than(raw, value, places))
    return known


def _finer_than(raw: Any, value: Decimal, places: int) -> bool:
    exponent = value.as_tuple().exponent
    if not isinstance(exponent, int) or -exponent <= places:
        return False
    rounded = value.quantize(Decimal(1).scaleb(-places))
    if isinstance(raw, float):
        return abs(value - rounded) > _FLOAT_NOISE * max(abs(value), Decimal(1))
    return value != rounded


# What table_marks found of a cell, by the value it stores (bounded, one memory per places, scale
# and kind of table). A cell's figure is its value parsed, times its table's scale (units.rescale):
# whether it is finer than a cent follows from the value, so most cells are answered by one
# look-up. An Unreadable is never kept, nor '' (an Unreadable equals ''); a bool never reaches a
# table (parse_decimal refuses it), and only text, floats and None are kept.
_BLANK, _PLAIN, _TOO_FINE = "blank", "plain", "too fine"
_STATES = Memo(64)
_STATES_KEPT = 16384
_UNREADABLE_KINDS = {"error": "error_cell", "formula": "unreadable_formula", "domain": "out_of_domain"}


def unreadable_mark(submission: Submission, table: Table, row: Any, key: str, cell: Any) -> Mark | None:
    """Record an unreadable cell; the mark that reports it (None for a dependent formula: the
    unreadable cell it needs is reported where it is)."""
    submission.unreadable[cell.ref] = cell.raw.detail
    if cell.raw.kind == "dependent":
        return None
    kind = _UNREADABLE_KINDS.get(cell.raw.kind, "unreadable_formula")
    return Mark(kind, table.kind, [cell.ref], {"cell": cell.ref, "detail": cell.raw.detail, "row": row.key,
                                               "row_name": row.name, "column": key})


def table_marks(submission: Submission, table: Table, catalogue: Catalogue, scale: Decimal = Decimal(1),
                unreadable: bool = False) -> None:
    """Figures finer than a cent, and a required table without a single figure. ``scale``: the
    factor its figures were rescaled by (units.rescale). With ``unreadable``, its unreadable cells
    are reported too, first (what ``readers._marks`` does for a table without hidden rows,
    columns or sheet)."""
    places = catalogue.domain.amount_max_decimals
    counts = table.kind == "headcount"
    memo_key = (places, counts, scale)
    states = _STATES.get(memo_key)
    if states is None:
        states = _STATES.remember(memo_key, Memo(_STATES_KEPT))
    known = states.get
    blank = True
    gone: list[Mark] = []
    fine: list[Mark] = []
    for row in table.rows:
        for cell in row.cells.values():
            state = known(cell.raw)
            if state is _PLAIN:
                blank = False
            elif state is not _BLANK:  # too fine, unreadable or not seen yet
                state = _cell_state(cell, places, counts, states)
                if state is _PLAIN:
                    blank = False
                elif state is _TOO_FINE:
                    blank = False
                    key = next(k for k, c in row.cells.items() if c is cell)
                    fine.append(Mark("excess_decimals", table.kind, [cell.ref],
                                     {"cell": cell.ref, "detail": str(cell.raw).strip()[:40],
                                      "row": row.key, "row_name": row.name, "column": key}))
                elif state is Unreadable and unreadable:
                    key = next(k for k, c in row.cells.items() if c is cell)
                    mark = unreadable_mark(submission, table, row, key, cell)
                    if mark is not None:
                        gone.append(mark)
    submission.marks += gone
    submission.marks += fine
    spec = catalogue.by_id.get(table.kind)
    if blank and spec is not None and not spec.optional:
        submission.marks.append(Mark("empty_table", table.kind, [], {"sheet": table.sheet}))


def _cell_state(cell: Any, places: int, counts: bool, states: Memo) -> Any:
    """_BLANK, _PLAIN, _TOO_FINE or Unreadable (the class) for a cell; kept by its value when
    that value is text (not ''), a float or None."""
    raw = cell.raw
    kind = raw.__class__
    if kind is Unreadable:
        return Unreadable
    if raw is None or isinstance(raw, str) and not raw.strip():
        state = _BLANK
    elif counts:
        state = _PLAIN
    else:
        too_fine = _FINE.get((kind is float, cell.amount.value, places))  # _too_fine's memory
        if too_fine is None:
            too_fine = _too_fine(raw, cell.amount.value, places)
        state = _TOO_FINE if too_fine else _PLAIN
    if raw is None or kind is float or kind is str and raw:
        states.remember(raw, state)
    return state


def duplicate_marks(submission: Submission, table: Table, copies: list[Table | InputError]) -> None:
    """A table found on more than one sheet: its figures differ (or a copy cannot be read), or
    the same table is simply there twice."""
    for copy in copies:
        if isinstance(copy, InputError):
            submission.marks.append(Mark("duplicate_table", table.kind, [],
                                         {"sheet": table.sheet, "other": copy.place or "?",
                                          "detail": "另一份无法读取 (the other copy cannot be read)"}))
            continue
        differ = _differences(table, copy)
        if differ is None:
            submission.marks.append(Mark("duplicate_copy", table.kind, [],
                                         {"sheet": table.sheet, "other": copy.sheet}))
            continue
        cells = [c for c in differ if "!" in c]
        submission.marks.append(Mark("duplicate_table", table.kind, cells,
                                     {"sheet": table.sheet, "other": copy.sheet,
                                      "detail": f"{differ[0]} ≠ {differ[1]}"}))


def _differences(table: Table, copy: Table) -> tuple[str, str] | None:
    """The first pair of cells (this table's, the copy's) whose figures differ."""
    theirs = {(row.key, key): cell for row in copy.rows for key, cell in row.cells.items()}
    ours = {(row.key, key): cell for row in table.rows for key, cell in row.cells.items()}
    for place, cell in ours.items():
        other = theirs.get(place)
        if other is None:
            if not cell.blank:
                return cell.ref, f"'{copy.sheet}'"
            continue
        if cell.value != other.value:
            return cell.ref, other.ref
    for place, other in theirs.items():
        if place not in ours and not other.blank:
            return f"'{table.sheet}'", other.ref
    return None

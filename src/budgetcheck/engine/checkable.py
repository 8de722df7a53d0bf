"""Relations that cannot be checked because a cell they need is unreadable (an Excel error value,
a formula with no result that cannot be evaluated).

Rule families are declarative and many; rather than teach each one about unreadable cells, the
relations that read such a cell are found by probing: the unreadable cells are given huge, distinct
values (once positive, once negative) and the rules run again. A relation that reads one of them
then fails and names it; a relation that does not read it is unaffected. Those relations are
reported as not checkable, and a finding of the plain run that involves an unreadable cell (a
"sum" computed with a zero in its place) is withdrawn.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from ..amounts import ZERO, Amount
from ..model import Cell, Finding, Submission

# A probe value: 10^12 times a distinct power of two per cell, so that no sum of probes and
# published figures can come back to a value a relation would accept.
_PROBE = Decimal(10) ** 12
_LAYOUT_FAMILY = "layout"


@dataclass(slots=True)
class NotCheckable:
    rule: str
    table: str
    cells: list[str]
    unreadable: dict[str, str] = field(default_factory=dict)  # ref -> error value or formula


def _unreadable_cells(submission: Submission) -> list[Cell]:
    cells = []
    for table in submission.tables.values():
        for row in table.rows:
            for cell in row.cells.values():
                if cell.ref in submission.unreadable:
                    cells.append(cell)
    return cells


def split_unreadable(submission: Submission, findings: list[Finding], layout_rules: set[str],
                     run: Callable[[], list[Finding]]) -> tuple[list[Finding], list[NotCheckable]]:
    """The findings that stand, and the relations that cannot be checked. ``run`` runs the rules
    again over the (probed) submission."""
    unreadable = submission.unreadable
    kept = [f for f in findings if f.rule in layout_rules or not set(f.cells) & unreadable.keys()]
    cells = _unreadable_cells(submission)
    saved = [cell.amount for cell in cells]
    found: dict[tuple[str, tuple[str, ...]], NotCheckable] = {}
    try:
        for sign in (1, -1):
            for i, cell in enumerate(cells):
                cell.amount = Amount(sign * _PROBE * 2 ** (i % 40), ZERO)
            for finding in run():
                hit = [c for c in finding.cells if c in unreadable]
                if finding.rule in layout_rules or not hit:
                    continue
                key = (finding.rule, tuple(finding.cells))
                found.setdefault(key, NotCheckable(finding.rule, finding.table, list(finding.cells),
                                                   {c: unreadable[c] for c in hit}))
    finally:
        for cell, amount in zip(cells, saved, strict=True):
            cell.amount = amount
    return kept, list(found.values())

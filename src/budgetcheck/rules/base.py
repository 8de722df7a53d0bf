"""The rule-family registry. A family is a decorated function that checks one kind of relation
for a rule's parameters and yields findings; rules themselves are declared in checks/*.yaml."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from operator import attrgetter, itemgetter
from typing import Any

from ..amounts import Amount
from ..errors import ContractError
from ..model import Cell, Finding, Row, Submission, Table

TOLERANCES = {"interval", "exact"}

FamilyFn = Callable[["RuleContext"], Iterator[Finding]]


@dataclass
class Family:
    name: str
    required: dict[str, type | tuple[type, ...]]
    optional: dict[str, type | tuple[type, ...]]
    run: FamilyFn

    def validate(self, rule_id: str, params: dict[str, Any], path: str, line: int) -> None:
        allowed = {**self.required, **self.optional}
        for key, value in params.items():
            if key not in allowed:
                raise ContractError(path, getattr(params, "line_of", lambda k: line)(key),
                                    f"rule {rule_id}: unknown parameter '{key}' for family {self.name}")
            if not isinstance(value, allowed[key]):
                raise ContractError(path, getattr(params, "line_of", lambda k: line)(key),
                                    f"rule {rule_id}: parameter '{key}' has the wrong type")
        for key in self.required:
            if key not in params:
                raise ContractError(path, line, f"rule {rule_id}: missing parameter '{key}'")
        if params.get("tolerance", "interval") not in TOLERANCES:
            raise ContractError(path, getattr(params, "line_of", lambda k: line)("tolerance"),
                                f"rule {rule_id}: tolerance must be one of {sorted(TOLERANCES)}")


FAMILIES: dict[str, Family] = {}


def family(name: str, required: dict[str, Any], optional: dict[str, Any] | None = None) -> Callable[[FamilyFn], FamilyFn]:
    def register(fn: FamilyFn) -> FamilyFn:
        FAMILIES[name] = Family(name, required, {"tolerance": str, **(optional or {})}, fn)
        return fn

    return register


class Relation:
    """One evaluated relation as a linear constraint over cells, for diagnosis: the residual
    sum(coef * cell value) must lie in [low, high] (None = unbounded), the rounding interval the
    rule allowed. ``finding`` is the finding it produced, None when it held.

    Every relation of a submission is recorded, but only a failed submission is diagnosed: a sum
    (most relations) is a ``SumRelation``, which keeps its total and parts instead."""

    __slots__ = ("rule", "_terms", "low", "high", "finding")

    def __init__(self, rule: str, terms: tuple[tuple[Cell, int], ...], low: Decimal | None,
                 high: Decimal | None, finding: Finding | None) -> None:
        self.rule, self._terms, self.low, self.high, self.finding = rule, terms, low, high, finding

    @classmethod
    def of_sum(cls, rule: str, total: Cell, parts: list[Cell], slack: Decimal | None,
               finding: Finding | None) -> SumRelation:
        """total - sum(parts) within ±slack."""
        return new_sum_relation(SumRelation, (rule, total, parts, slack, finding))

    @property
    def terms(self) -> tuple[tuple[Cell, int], ...]:
        return self._terms

    def cells(self) -> tuple[Cell, ...]:
        return tuple(map(TERM_CELL, self._terms))

    def touches(self, ids: set[int]) -> bool:
        """Does the relation involve a cell whose id() is in ``ids``?"""
        return any(id(cell) in ids for cell, _ in self._terms)

    def __repr__(self) -> str:
        return f"Relation({self.rule!r}, {self.terms!r}, {self.low!r}, {self.high!r}, {self.finding!r})"


class SumRelation(tuple):
    """total - sum(parts) within ±slack, the relation of one sum, as the tuple (rule, total,
    parts, slack, finding): built in one C call (``new_sum_relation``), as every sum of every
    table records one and only a failed workbook's are read.

    ``slack`` None stands for the rounding slack of the cells' amounts (the total's half-width
    plus the parts', added in that order as the rule adds them), computed when asked: a sum that
    holds exactly never needs it unless a diagnosis does. The amounts are the ones the rule saw
    (only the probes of ``engine.checkable`` change them, and they restore them at once)."""

    __slots__ = ()

    rule: str = property(itemgetter(0))  # type: ignore[assignment]
    finding: Finding | None = property(itemgetter(4))  # type: ignore[assignment]

    @property
    def slack(self) -> Decimal:
        slack = self[3]
        if slack is None:
            slack = sum(map(HALF_WIDTH, map(AMOUNT, self[2])), self[1].amount.half_width)
        return slack

    @property
    def low(self) -> Decimal:
        return -self.slack

    @property
    def high(self) -> Decimal:
        return self.slack

    @property
    def terms(self) -> tuple[tuple[Cell, int], ...]:
        return ((self[1], 1), *((p, -1) for p in self[2]))

    def cells(self) -> tuple[Cell, ...]:
        """The cells of the terms, without building the terms."""
        return (self[1], *self[2])

    def touches(self, ids: set[int]) -> bool:
        """Does the relation involve a cell whose id() is in ``ids``?"""
        return id(self[1]) in ids or not ids.isdisjoint(map(id, self[2]))

    def __repr__(self) -> str:
        return f"Relation({self.rule!r}, {self.terms!r}, {self.low!r}, {self.high!r}, {self.finding!r})"


new_sum_relation = tuple.__new__  # new_sum_relation(SumRelation, (rule, total, parts, slack, finding))
AMOUNT = attrgetter("amount")  # of a cell
HALF_WIDTH = attrgetter("half_width")  # of an amount
TERM_CELL = itemgetter(0)  # of a (cell, coefficient) term


@dataclass(slots=True)
class RuleContext:
    """What a family sees: the rule, its (profile-merged) parameters and the submission.
    ``relations``, when a list, receives every relation the families evaluate (held or not)."""

    rule_id: str
    severity: str
    params: dict[str, Any]
    submission: Submission
    relations: list[Relation] | None = None
    exact: bool = field(init=False, repr=False)  # the rule's tolerance model is ``exact``

    def __post_init__(self) -> None:
        # read by the innermost step of every sum: looked up once per rule, not per relation
        self.exact = self.params.get("tolerance", "interval") == "exact"

    def table(self, name: str) -> Table | None:
        return self.submission.tables.get(name)

    def finding(self, table: str, cells: list[Cell], expected: Decimal, actual: Decimal, **args: Any) -> Finding:
        return Finding(
            rule=self.rule_id,
            severity=self.severity,  # type: ignore[arg-type]
            table=table,
            cells=[c.ref for c in cells],
            expected=self.shown(expected),
            actual=self.shown(actual),
            args={"table": table, **{k: self.shown(v) if isinstance(v, Decimal) else v for k, v in args.items()}},
        )

    def relate(self, terms: tuple[tuple[Cell, int], ...], low: Decimal | None, high: Decimal | None,
               finding: Finding | None) -> None:
        """Record an evaluated relation (only when a diagnosis asked for them)."""
        if self.relations is not None:
            self.relations.append(Relation(self.rule_id, terms, low, high, finding))

    def relate_sum(self, total: Cell, parts: list[Cell], slack: Decimal | None,
                   finding: Finding | None) -> None:
        """Record total - sum(parts) within ±slack (only when a diagnosis asked for relations)."""
        if self.relations is not None:
            self.relations.append(Relation.of_sum(self.rule_id, total, parts, slack, finding))

    def shown(self, value: Decimal) -> str:
        """A value as the tables publish it: amounts with at least their published decimals
        (343.50, not the 343.5 a number cell stores), counts as integers."""
        if self.exact:
            return format(value, "f")
        from ..contracts.tables import load_catalogue

        places = load_catalogue().amount.decimals
        if value.as_tuple().exponent > -places:  # type: ignore[operator]
            value = value.quantize(Decimal(1).scaleb(-places))
        return format(value, "f")



@dataclass(frozen=True)
class Ref:
    table: str
    row: str
    column: str

    @staticmethod
    @lru_cache(maxsize=2048)
    def parse(text: str, column: str | None = None) -> Ref:
        """'table/row/column' ('{column}' filled in); cached, as rules parse the same few refs."""
        if column is not None:
            text = text.replace("{column}", column)
        table, row, col = text.split("/", 2)
        return Ref(table, row, col)


@lru_cache(maxsize=512)
def _glob(pattern: str) -> re.Pattern[str]:
    return re.compile(fnmatch.translate(pattern))


def match_rows(table: Table, pattern: str) -> list[Row]:
    """The rows whose key matches a glob ('*' any run of text), in table order."""
    if pattern == "*":
        return list(table.rows)
    if "*" not in pattern:
        row = table.row(pattern)
        return [row] if row is not None else []
    match = _glob(pattern).match
    return [row for row in table.rows if match(row.key)]


def cells_of(sub: Submission, ref: Ref, exclude: set[str] | None = None) -> list[tuple[Row, Cell]]:
    table = sub.tables.get(ref.table)
    if table is None:
        return []
    found = []
    for row in match_rows(table, ref.row):
        if exclude and row.key in exclude:
            continue
        cell = row.cells.get(ref.column)
        if cell is not None:
            found.append((row, cell))
    return found


def amounts(cells: list[Cell]) -> list[Amount]:
    return [c.amount for c in cells]

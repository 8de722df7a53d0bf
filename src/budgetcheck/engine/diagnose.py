"""Diagnosis: which cells to fix. One wrong cell breaks every relation it is in (its row sum, its
column sum, the matching cell of another table); the reviewer wants the cell, not the relations.

Every relation a rule evaluates is a linear constraint over cells: low <= sum(coef * value) <=
high, [low, high] being the rounding interval the rule allowed (see ``rules.base.Relation``). A
diagnosis is a smallest set S of cells such that changing the values of S (and nothing else)
makes every failing relation hold while every held relation keeps holding. Sets of one, two and
three cells are tried in turn, drawn from the cells of the failing relations (a minimal hitting
set enumeration: every failing relation must contain a cell of S); beyond three the submission
has "too many inconsistencies to localise" and nothing is guessed.

Why an exact search rather than an integer-programming solver: the systems are tiny (at most
three unknowns with coefficients ±1, a few dozen constraints per candidate set), the question
per candidate is plain feasibility, and all arithmetic must be exact on published decimals.
Fourier-Motzkin elimination over ``Decimal``/``Fraction`` answers it exactly in microseconds,
while a MILP solver works in floating point (a tolerance where the contract has none), costs a
model build per candidate and a heavy import on the validate path. The enumeration is bounded
(``MAX_CHECKS``) so a hopeless submission cannot stall validation.

Ranking: fewer cells first; then sets whose corrections look like real slips (two digits
swapped, a decimal point shifted, a sign lost; a figure copied from the neighbouring cell is
named as the pattern but not ranked on, see ``_Solution.score``); then sets whose cells explain
more failing relations. Equally good sets are all reported ("one
of these cells"), never one picked at random.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from operator import methodcaller

from ..model import Cell
from ..rules.base import Relation

MAX_CELLS = 3  # the most wrong cells a diagnosis names; more is "too many to localise"
MAX_CHECKS = 4000  # candidate sets tested before giving up as "too many"
MAX_TIED = 6  # explanations listed (all equally good ones, else the best few)
MAX_SUSPECTS = 12  # cells listed at most
PATTERN_WEIGHT = 3  # how much likelier a correction that matches a slip is than one that does not
SHIFTS = (1, 2, 3, 4)
RANKED_SLIPS = frozenset({"transposition", "shift", "sign"})  # decimal shifts tried (10^4: 元 typed into a 万元 table)

Key = tuple[str, int, int]  # sheet, row, col
_CELLS = methodcaller("cells")  # a relation's cells
Bound = Decimal | Fraction


@dataclass(slots=True)
class Suspect:
    """A cell the diagnosis names: its value now and the value the relations need."""

    cell: str
    value: str
    suggested: str
    explains: list[str]
    pattern: str  # transposition | shift | sign | copy | other
    confidence: float
    one_of: list[str] = field(default_factory=list)  # set when equally good alternatives exist
    alternative: bool = False  # from a lesser explanation than the best one

    def as_dict(self) -> dict[str, object]:
        item: dict[str, object] = {
            "cell": self.cell, "value": self.value, "suggested": self.suggested,
            "explains": self.explains, "pattern": self.pattern, "confidence": self.confidence,
        }
        if self.one_of:
            item["one_of"] = self.one_of
        if self.alternative:
            item["alternative"] = True
        return item


@dataclass(slots=True)
class Diagnosis:
    """status: none (no failing relation), localised, ambiguous (equally good explanations) or
    too_many (no set of at most MAX_CELLS cells explains every failure)."""

    status: str
    suspects: list[Suspect] = field(default_factory=list)


@dataclass(slots=True)
class _Rel:
    rule: str
    coefs: dict[Key, int]
    residual: Decimal
    low: Decimal | None
    high: Decimal | None
    failing: bool


@dataclass(slots=True)
class _Solution:
    cells: tuple[Key, ...]
    values: dict[Key, Decimal]
    patterns: dict[Key, str]
    overlap: int = 0
    weight: float = 1.0

    def score(self) -> tuple[int, int]:
        # a copy is named but not ranked on: a cell equal to its neighbour is often right (a
        # total with a single source line), while a swap, shift or sign landing inside the
        # narrow range the relations allow is hard to get by chance
        return (sum(1 for p in self.patterns.values() if p in RANKED_SLIPS), self.overlap)


def _key(cell: Cell) -> Key:
    return (cell.sheet, cell.row, cell.col)


def _places(cell: Cell) -> int:
    """Decimals the cell was published with: from its rounding interval, or its own digits."""
    half = cell.amount.half_width
    if half:
        return max(0, -(half * 2).adjusted())
    return max(0, -cell.value.as_tuple().exponent)  # type: ignore[operator]


def _shown(value: Decimal, places: int) -> str:
    return format(value.quantize(Decimal(1).scaleb(-places)), "f")


# ---- the search ---------------------------------------------------------------------------------

class _Problem:
    def __init__(self, relations: list[Relation]) -> None:
        self.relations = relations
        self.cells: dict[Key, Cell] = {}
        self.rels: list[_Rel] = []
        # every relation of the submission passes here: its cells are asked for once (not its
        # terms), for the held relations below and for the copied-figure test
        self._mentions = list(map(_CELLS, relations))
        failing = [r for r in relations if r.finding is not None
                   and not r.finding.explained and r.finding.severity == "error"]
        # only cells of failing relations are candidates, so only the held relations that touch
        # one of them can constrain a correction (one Cell object per sheet position; a Cell
        # hashes by identity)
        touched = {cell for rel in failing for cell in rel.cells()}
        held = [rel for rel, cells in zip(relations, self._mentions, strict=True)
                if rel.finding is None and not touched.isdisjoint(cells)]
        for rel in (*failing, *held):
            coefs: dict[Key, int] = {}
            residual = Decimal(0)
            for cell, coef in rel.terms:
                key = _key(cell)
                self.cells.setdefault(key, cell)
                coefs[key] = coefs.get(key, 0) + coef
                residual += coef * cell.value
            coefs = {k: c for k, c in coefs.items() if c}
            self.rels.append(_Rel(rel.rule, coefs, residual, rel.low, rel.high, rel.finding is not None))
        self.failing = [r for r in self.rels if r.failing]
        self.index: dict[Key, list[_Rel]] = {}
        for rel in self.rels:
            for key in rel.coefs:
                self.index.setdefault(key, []).append(rel)
        self.checks = 0
        self._neighbours: dict[Key, Cell] | None = None

    def candidates(self) -> list[Key]:
        seen: dict[Key, None] = {}
        for rel in self.failing:
            for key in rel.coefs:
                seen.setdefault(key, None)
        return list(seen)

    def hitting_sets(self, k: int) -> Iterator[tuple[Key, ...]]:
        """Every set of k cells that meets each failing relation (in a stable order)."""
        order = sorted(self.failing, key=lambda r: len(r.coefs))
        if _disjoint(order) > k:  # that many failing relations share no cell: k cells cannot do
            return
        seen: set[frozenset[Key]] = set()
        pool = self.candidates()

        def grow(chosen: tuple[Key, ...]) -> Iterator[tuple[Key, ...]]:
            unhit = next((r for r in order if not any(c in r.coefs for c in chosen)), None)
            if unhit is None:
                options = pool if len(chosen) == k - 1 else []  # a smaller set plus one cell
                if len(chosen) == k:
                    yield chosen
            else:
                options = list(unhit.coefs) if len(chosen) < k else []
            for key in options:
                if key in chosen:
                    continue
                grown = frozenset((*chosen, key))
                if grown in seen:
                    continue
                seen.add(grown)
                yield from grow((*chosen, key))

        yield from grow(())

    def constraints(self, cells: tuple[Key, ...]) -> list[tuple[tuple[int, ...], Decimal]] | None:
        """The relations touching the cells as rows a·d <= b over the cells' changes d; None
        when a failing relation is untouched (then no change of these cells can fix it)."""
        touched: dict[int, _Rel] = {}
        for key in cells:
            for rel in self.index.get(key, ()):
                touched[id(rel)] = rel
        if any(id(r) not in touched for r in self.failing):
            return None
        rows: list[tuple[tuple[int, ...], Decimal]] = []
        for i, key in enumerate(cells):  # amounts here are not negative: no fix makes one so
            value = self.cells[key].value
            if value >= 0:
                rows.append((tuple(-1 if j == i else 0 for j in range(len(cells))), value))
        for rel in touched.values():
            a = tuple(rel.coefs.get(key, 0) for key in cells)
            if rel.high is not None:
                rows.append((a, rel.high - rel.residual))
            if rel.low is not None:
                rows.append((tuple(-x for x in a), rel.residual - rel.low))
        return rows

    def solve(self, cells: tuple[Key, ...]) -> _Solution | None:
        self.checks += 1
        rows = self.constraints(cells)
        if rows is None:
            return None
        values: dict[Key, Decimal] = {}
        patterns: dict[Key, str] = {}
        # fix one cell at a time: its feasible range with the others free, then a value in it
        for i, key in enumerate(cells):
            span = _project(rows, i, len(cells))
            if span is None:
                return None
            cell = self.cells[key]
            free = set(cells[i + 1:])
            change, pattern = self._choose(key, cell, span, self._centre(key, free, values))
            if change is None or change == 0:
                return None  # no published value fits, or the cell need not change at all
            values[key] = cell.value + change
            patterns[key] = pattern
            rows = _substitute(rows, i, change)
        return _Solution(cells, values, patterns)

    def _choose(self, key: Key, cell: Cell, span: tuple[Bound | None, Bound | None],
                centre: Decimal | None) -> tuple[Decimal | None, str]:
        """The change for one cell: a slip's correction when one lies in the feasible range,
        else the value on the published grid that best balances the relations it alone still
        decides (residuals measured against each relation's own slack)."""
        low, high = span
        value = cell.value
        places = _places(cell)

        def inside(change: Decimal) -> bool:
            return (low is None or change >= low) and (high is None or change <= high)

        for pattern, fixed in _slips(value, places):
            if inside(fixed - value):
                return fixed - value, pattern
        grid = Decimal(1).scaleb(-places)
        lo = _ceil(low, grid) if low is not None else None
        hi = _floor(high, grid) if high is not None else None
        if lo is None and hi is None:
            return None, "other"
        if lo is not None and hi is not None and lo > hi:
            return None, "other"
        if centre is None:
            centre = lo if hi is None else hi if lo is None else (lo + hi) / 2
        try:
            best = centre.quantize(grid)
        except InvalidOperation:  # a figure too large to hold at this precision: no suggestion
            return None, "other"
        if lo is not None and best < lo:
            best = lo
        if hi is not None and best > hi:
            best = hi
        pattern = "copy" if self._copied(key, value) else "other"
        return best, pattern

    def _centre(self, key: Key, free: set[Key], fixed: dict[Key, Decimal]) -> Decimal | None:
        """The change that zeroes the residual of the tightest two-sided relation this cell
        decides alone (no other cell of the set still free in it), the cells already fixed
        counted at their new values; the median when several are equally tight."""
        points: list[tuple[Decimal, Decimal]] = []
        for rel in self.index.get(key, ()):
            if rel.low is None or rel.high is None or any(k in free for k in rel.coefs):
                continue
            residual = rel.residual
            for other, new in fixed.items():
                if other in rel.coefs:
                    residual += rel.coefs[other] * (new - self.cells[other].value)
            points.append((rel.high - rel.low, -residual / rel.coefs[key]))
        if not points:
            return None
        tightest = min(p[0] for p in points)
        zeros = sorted(z for w, z in points if w == tightest)
        return zeros[len(zeros) // 2]

    def _copied(self, key: Key, value: Decimal) -> bool:
        """The wrong value equals a neighbouring cell's (a figure copied from the next cell)."""
        if value == 0:
            return False
        if self._neighbours is None:  # every cell of the submission's relations, by position
            self._neighbours = {(c.sheet, c.row, c.col): c for cells in self._mentions for c in cells}
        sheet, row, col = key
        for near in ((sheet, row - 1, col), (sheet, row + 1, col), (sheet, row, col - 1), (sheet, row, col + 1)):
            other = self._neighbours.get(near)
            if other is not None and other.value == value:
                return True
        return False


def _disjoint(rels: list[_Rel]) -> int:
    """How many of the relations (taken greedily, smallest first) share no cell: a lower bound
    on the cells any explanation needs."""
    used: set[Key] = set()
    count = 0
    for rel in rels:
        if used.isdisjoint(rel.coefs):
            used.update(rel.coefs)
            count += 1
    return count


def _ceil(value: Bound, grid: Decimal) -> Decimal:
    steps = Fraction(value) / Fraction(grid)
    whole = -((-steps.numerator) // steps.denominator)
    return grid * whole


def _floor(value: Bound, grid: Decimal) -> Decimal:
    steps = Fraction(value) / Fraction(grid)
    return grid * (steps.numerator // steps.denominator)


def _slips(value: Decimal, places: int) -> Iterator[tuple[str, Decimal]]:
    """Values the published one could be a slip of: two adjacent digits swapped, the decimal
    point shifted, the sign lost."""
    if value == 0:
        return
    grid = Decimal(1).scaleb(-places)
    for power in SHIFTS:
        yield "shift", value.scaleb(power)
        smaller = value.scaleb(-power)
        if smaller == smaller.quantize(grid):  # only a value it could have been published as
            yield "shift", smaller
    text = _shown(abs(value), places)
    sign = -1 if value < 0 else 1
    digits = [i for i, ch in enumerate(text) if ch.isdigit()]
    for a, b in zip(digits, digits[1:], strict=False):
        if text[a] == text[b]:
            continue
        chars = list(text)
        chars[a], chars[b] = chars[b], chars[a]
        yield "transposition", sign * Decimal("".join(chars))
    yield "sign", -value


def _project(rows: list[tuple[tuple[int, ...], Decimal]], keep: int, n: int) -> tuple[Bound | None, Bound | None] | None:
    """The range of variable ``keep`` over the solutions of rows (a·d <= b), by Fourier-Motzkin
    elimination of the others, exactly; None when there is no solution."""
    current = rows
    for var in range(n):
        if var == keep:
            continue
        current = _eliminate(current, var)
        if current is None:
            return None
    low: Bound | None = None
    high: Bound | None = None
    for a, b in current:
        coef = a[keep]
        if coef == 0:
            if b < 0:
                return None
            continue
        bound: Bound = b if coef == 1 else -b if coef == -1 else Fraction(b) / coef
        if coef > 0:
            high = bound if high is None or bound < high else high
        else:
            low = bound if low is None or bound > low else low
    if low is not None and high is not None and low > high:
        return None
    return low, high


def _eliminate(rows: list[tuple[tuple[int, ...], Decimal]], var: int) -> list[tuple[tuple[int, ...], Decimal]] | None:
    pos, neg, rest = [], [], []
    for row in rows:
        coef = row[0][var]
        (pos if coef > 0 else neg if coef < 0 else rest).append(row)
    out = []
    for a, b in rest:
        if not any(a) and b < 0:
            return None
        out.append((a, b))
    for pa, pb in pos:
        for na, nb in neg:
            m, p = -na[var], pa[var]
            a = tuple(m * x + p * y for x, y in zip(pa, na, strict=True))
            b = m * pb + p * nb
            if not any(a):
                if b < 0:
                    return None
                continue
            out.append((a, b))
    return list(dict.fromkeys(out))


def _substitute(rows: list[tuple[tuple[int, ...], Decimal]], var: int, change: Decimal) -> list[tuple[tuple[int, ...], Decimal]]:
    out = []
    for a, b in rows:
        if a[var]:
            b = b - a[var] * change
            a = tuple(0 if j == var else x for j, x in enumerate(a))
        out.append((a, b))
    return out


# ---- ranking and output -------------------------------------------------------------------------

def diagnose(relations: list[Relation]) -> Diagnosis:
    """The smallest sets of cells that explain every failing relation, best first."""
    problem = _Problem(relations)
    if not problem.failing:
        return Diagnosis("none")
    for k in range(1, MAX_CELLS + 1):
        found: list[_Solution] = []
        for cells in problem.hitting_sets(k):
            if problem.checks >= MAX_CHECKS:
                return Diagnosis("too_many")
            solution = problem.solve(cells)
            if solution is not None:
                found.append(solution)
        if found:
            return _rank(problem, found)
    return Diagnosis("too_many")


def _rank(problem: _Problem, found: list[_Solution]) -> Diagnosis:
    """Suspects best first: the cells of the best explanation (with its equally good rivals as
    "one of these"), then the cells of lesser alternatives (flagged), with confidences that
    share the weight of every explanation found."""
    explains: dict[Key, list[str]] = {}
    for rel in problem.failing:
        for key in rel.coefs:
            rules = explains.setdefault(key, [])
            if rel.rule not in rules:
                rules.append(rel.rule)
    for sol in found:
        sol.overlap = sum(sum(1 for r in problem.failing if key in r.coefs) for key in sol.cells)
        sol.weight = float(PATTERN_WEIGHT ** sol.score()[0])
    found.sort(key=lambda s: s.score(), reverse=True)
    best = [s for s in found if s.score() == found[0].score()]
    total = sum(s.weight for s in found)
    confidence: dict[Key, float] = {}
    for sol in found:
        for key in sol.cells:
            confidence[key] = confidence.get(key, 0.0) + sol.weight / total
    common = set(best[0].cells).intersection(*(s.cells for s in best[1:]))
    either = list(dict.fromkeys(problem.cells[k].ref for s in best for k in s.cells if k not in common))
    suspects: list[Suspect] = []
    listed: set[Key] = set()
    for rank, sol in enumerate(found[: max(len(best), MAX_TIED)]):
        group = []
        for key in sol.cells:
            if key in listed:
                continue
            listed.add(key)
            cell = problem.cells[key]
            places = _places(cell)
            group.append(Suspect(
                cell=cell.ref, value=_shown(cell.value, places),
                suggested=_shown(sol.values[key], places), explains=explains.get(key, []),
                pattern=sol.patterns[key], confidence=round(confidence[key], 2),
                one_of=[] if key in common or rank >= len(best) else either,
                alternative=rank >= len(best),
            ))
        suspects += group
    suspects = suspects[:MAX_SUSPECTS]
    suspects.sort(key=lambda s: (s.alternative, bool(s.one_of), -s.confidence))
    return Diagnosis("ambiguous" if len(best) > 1 else "localised", suspects)

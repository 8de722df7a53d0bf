"""Diagnosis over generated workbooks: one, two or three errors injected in different tables
(amount changes, swapped digits, decimal shifts); the top-k suspects must be the injected cells
and their suggested values the originals. Clean and rounding-heavy workbooks have no suspects.

Workbooks are written once per seed and layout; the errors are injected into the grids calamine
read (as test_generated.py does), so the hundreds of variants run in seconds.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest

from budgetcheck.contracts.rules import load_ruleset
from budgetcheck.engine import check_submission
from budgetcheck.engine.diagnose import diagnose
from budgetcheck.readers import read_workbook
from budgetcheck.readers.workbook import Grid, Workbook, open_workbook
from budgetcheck.synth import LAYOUTS, PlacedValue, generate

RULES = load_ruleset()
CENT = Decimal("0.01")
SEEDS = range(40, 53)  # 13 seeds x 5 layouts = 65 workbooks, each broken 6 times (1, 2, 3 errors twice)
KINDS = ("change", "swap", "shift")


def _diagnosis(book: Workbook):
    relations: list = []
    findings, _ = check_submission(read_workbook(book), RULES, relations)
    return findings, diagnose(relations), relations


def _grid_with(book: Workbook, changes: dict[tuple[str, str], Decimal]) -> Workbook:
    """A copy of the read workbook with cells changed, each written in the cell's own style."""
    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

    grids = []
    for grid in book.grids:
        mine = {a1: new for (sheet, a1), new in changes.items() if sheet == grid.name}
        if mine:
            rows = [list(r) for r in grid.rows]
            for a1, new in mine.items():
                letters, number = coordinate_from_string(a1)
                row, col = number - 1, column_index_from_string(letters) - 1
                while len(rows) <= row:
                    rows.append([])
                while len(rows[row]) <= col:
                    rows[row].append(None)
                old = rows[row][col]
                text = isinstance(old, str) and old.strip() not in ("", "-")
                rows[row][col] = f"{new:,.2f}" if text else float(new)
            grid = Grid(grid.name, rows, grid.merged)
        grids.append(grid)
    return Workbook(book.path, book.sha256, grids)


def _twins(relations: list) -> set[str]:
    """Cells no equality separates from another: both are in exactly the same two-sided
    relations with the same coefficients up to one sign (the 三公 row, whose total and items meet
    in one sum only; a 年度资金总额 with a single source line). Which of them is wrong is
    undecidable from the tables, so the rates are measured on the other cells, and the twins
    have their own test (reported as "one of these cells")."""
    signature: dict[str, dict[int, int]] = {}
    for index, rel in enumerate(relations):
        if rel.low is None or rel.high is None:
            continue  # an upper bound narrows a correction but does not locate it
        for cell, coef in rel.terms:
            signature.setdefault(cell.ref, {})[index] = coef
    groups: dict[tuple, list[str]] = {}
    for ref, coefs in signature.items():
        items = sorted(coefs.items())
        sign = 1 if items[0][1] > 0 else -1
        groups.setdefault(tuple((i, c * sign) for i, c in items), []).append(ref)
    return {ref for refs in groups.values() if len(refs) > 1 for ref in refs}


def _swapped(value: Decimal, rng: random.Random) -> Decimal | None:
    text = format(value, ".2f")
    digits = [i for i, ch in enumerate(text) if ch.isdigit()]
    pairs = [(a, b) for a, b in zip(digits, digits[1:], strict=False) if text[a] != text[b]]
    if not pairs:
        return None
    a, b = rng.choice(pairs)
    chars = list(text)
    chars[a], chars[b] = chars[b], chars[a]
    return Decimal("".join(chars))


def _wrong(placed: PlacedValue, kind: str, rng: random.Random) -> Decimal | None:
    """A clearly wrong value of the given kind (None when the kind does not apply)."""
    old = placed.published or Decimal(0)
    if kind == "swap":
        new = _swapped(old, rng) if old else None
    elif kind == "shift":
        if not old:
            return None
        new = old * 10 if old % Decimal("0.1") or rng.random() < 0.5 else old / 10
    else:
        least = max(Decimal("0.10"), (abs(old) / 100).quantize(CENT, rounding="ROUND_UP"))
        delta = (least * Decimal(rng.randint(100, 400)) / 100).quantize(CENT, rounding="ROUND_UP")
        new = old - delta if old - delta >= 0 and rng.random() < 0.5 else old + delta
    if new is None or abs(new - old) < Decimal("0.10"):
        return None  # not clearly beyond rounding
    return new.quantize(CENT)


@dataclass
class Case:
    injected: dict[str, Decimal]  # ref -> original published value
    suspects: list
    status: str


def _base(layout: str, seed: int, tmp: Path, heavy: bool = False):
    generated = generate(seed=seed, layout=layout, rounding_heavy=heavy)
    path = generated.save(tmp / f"{layout}_{seed}{'_h' if heavy else ''}.xlsx")
    return generated, open_workbook(str(path))


def _cases(layout: str, seed: int, tmp: Path) -> list[Case]:
    generated, book = _base(layout, seed, tmp)
    _, clean, relations = _diagnosis(book)
    assert clean.status == "none" and not clean.suspects
    twins = _twins(relations)
    related = {c.ref for rel in relations for c, _ in rel.terms}
    by_table: dict[int, list[PlacedValue]] = {}
    for placed in generated.cells:
        if placed.kind == "amount" and placed.ref in related and placed.ref not in twins:
            by_table.setdefault(placed.table, []).append(placed)
    rng = random.Random(f"diagnose/{layout}/{seed}")
    cases = []
    for count in (1, 2, 3, 1, 2, 3):
        tables = rng.sample(sorted(by_table), count)
        changes: dict[tuple[str, str], Decimal] = {}
        injected: dict[str, Decimal] = {}
        for table in tables:
            for _attempt in range(20):
                placed = rng.choice(by_table[table])
                new = _wrong(placed, rng.choice(KINDS), rng)
                if new is not None:
                    break
            else:  # pragma: no cover - every table has a cell some kind applies to
                raise AssertionError(f"no injectable cell in table {table}")
            changes[(placed.sheet, placed.a1)] = new
            injected[placed.ref] = (placed.published or Decimal(0)).quantize(CENT)
        _, result, _ = _diagnosis(_grid_with(book, changes))
        cases.append(Case(injected, result.suspects, result.status))
    return cases


@pytest.fixture(scope="module")
def all_cases(tmp_path_factory: pytest.TempPathFactory) -> list[Case]:
    tmp = tmp_path_factory.mktemp("diagnose")
    return [case for layout in sorted(LAYOUTS) for seed in SEEDS for case in _cases(layout, seed, tmp)]


def test_top_k_suspects_are_the_injected_cells(all_cases: list[Case]) -> None:
    exact = [c for c in all_cases if {s.cell for s in c.suspects[: len(c.injected)]} == set(c.injected)]
    restored = [c for c in exact
                if all(Decimal(s.suggested) == c.injected[s.cell] for s in c.suspects[: len(c.injected)])]
    rate, value_rate = len(exact) / len(all_cases), len(restored) / max(1, len(exact))
    by_k = {k: sum(1 for c in exact if len(c.injected) == k) for k in (1, 2, 3)}
    print(f"\ndiagnosis over {len(all_cases)} broken workbooks ({len(all_cases) // 6} generated, each "
          f"broken 6 ways): top-k exact {rate:.1%} "
          f"(k=1..3: {by_k}), value restored {value_rate:.1%} of those")
    missed = [(c.status, dict(c.injected), [(s.cell, s.suggested) for s in c.suspects[:4]])
              for c in all_cases if c not in exact]
    assert len(all_cases) >= 300
    assert rate >= 0.95, missed[:5]
    assert value_rate >= 0.90


@pytest.mark.parametrize("heavy", [False, True], ids=["plain", "rounding-heavy"])
def test_clean_workbooks_have_no_suspects(heavy: bool, tmp_path: Path) -> None:
    for layout in sorted(LAYOUTS):
        for seed in (3, 4):
            _, book = _base(layout, seed, tmp_path, heavy)
            findings, result, relations = _diagnosis(book)
            assert findings == [] and result.status == "none" and result.suspects == []
            assert len(relations) > 100  # the relations were recorded, and all hold


def test_twin_cells_are_reported_as_one_of_them(tmp_path: Path) -> None:
    """A wrong cell that no equality separates from its twins is listed: as one of equally good
    cells ("one of these"), alone when a bound rules the twins out, or as an alternative after a
    twin whose correction is a slip (a swapped or shifted figure landing in the range by chance)."""
    tied = alone = behind_slip = 0
    for layout in sorted(LAYOUTS):
        generated, book = _base(layout, 5, tmp_path)
        _, _, relations = _diagnosis(book)
        twins = _twins(relations)
        rng = random.Random(layout)
        for placed in [p for p in generated.cells if p.ref in twins and p.kind == "amount"]:
            new = _wrong(placed, "change", rng)
            _, result, _ = _diagnosis(_grid_with(book, {(placed.sheet, placed.a1): new}))
            mine = [s for s in result.suspects if s.cell == placed.ref]
            assert mine, (placed.ref, result.status, result.suspects)
            if result.suspects[0].cell == placed.ref and not result.suspects[0].one_of:
                alone += 1
            elif mine[0].one_of:
                tied += 1
                assert result.status == "ambiguous" and placed.ref in mine[0].one_of
            else:
                behind_slip += 1
                assert mine[0].alternative and result.suspects[0].pattern in ("transposition", "shift", "sign")
    print(f"\ntwin cells: {tied} reported as one of several, {alone} located alone, "
          f"{behind_slip} listed after a slip")
    assert tied > 10


def test_more_than_three_wrong_cells_are_not_guessed(tmp_path: Path) -> None:
    """Five wrong cells in five tables: "too many inconsistencies to localise", no suspect."""
    statuses = []
    for layout in sorted(LAYOUTS):
        generated, book = _base(layout, 9, tmp_path)
        _, _, relations = _diagnosis(book)
        twins = _twins(relations)
        related = {c.ref for rel in relations for c, _ in rel.terms} - twins
        rng = random.Random(f"five/{layout}")
        for _ in range(4):
            changes = {}
            for table in rng.sample([1, 2, 3, 4, 5, 6], 5):
                cells = [p for p in generated.cells if p.table == table and p.ref in related and p.kind == "amount"]
                placed = rng.choice(cells)
                changes[(placed.sheet, placed.a1)] = _wrong(placed, "change", rng)
            _, result, _ = _diagnosis(_grid_with(book, changes))
            statuses.append(result.status)
            assert result.status == "too_many" and result.suspects == []
    assert len(statuses) == 20

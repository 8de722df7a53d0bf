"""Generated submissions in every layout: clean and rounding-heavy workbooks pass with no finding;
every single-cell change of more than rounding is caught, with the changed cell among the cells
of a finding.

The sweep changes cells in memory (in the grids calamine read) so that hundreds of variants run in
seconds; writing a changed workbook to disk and validating it through the CLI is covered by
test_cli.py and by the injected-error test below.
"""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path

import pytest

from budgetcheck.contracts.rules import load_ruleset
from budgetcheck.engine import check_submission
from budgetcheck.readers import read_workbook
from budgetcheck.readers.workbook import Grid, Workbook, open_workbook
from budgetcheck.synth import LAYOUTS, generate

from .conftest import flat, validate_json

SWEPT_TABLES = {1, 2, 3, 4, 5, 6, 7, 10, 11}
RULES = load_ruleset()


def _findings(book: Workbook) -> set[tuple[str, str]]:
    findings, _ = check_submission(read_workbook(book), RULES)
    return {(f.rule, cell) for f in findings for cell in f.cells}


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
@pytest.mark.parametrize("heavy", [False, True], ids=["plain", "rounding-heavy"])
def test_clean_workbooks_pass(layout: str, heavy: bool, tmp_path: Path) -> None:
    for seed in (11, 12, 13):
        path = generate(seed=seed, layout=layout, rounding_heavy=heavy).save(tmp_path / f"{seed}.xlsx")
        findings, _ = check_submission(read_workbook(open_workbook(str(path))), RULES)
        assert [(f.rule, f.cells[:1]) for f in findings] == [], f"{layout} seed {seed}"


def _changed(value: Decimal | None, kind: str, rng: random.Random) -> Decimal:
    """A change clearly larger than rounding: ≥ 0.10 万元 and ≥ 1 % for amounts, ≥ 1 for counts."""
    old = value or Decimal(0)
    if kind == "count":
        step = Decimal(rng.randint(1, 3))
    else:
        step = max(Decimal("0.10"), (abs(old) / 100).quantize(Decimal("0.01"))) * rng.randint(1, 4)
    return old - step if old - step >= 0 and rng.random() < 0.5 else old + step


def _with_value(book: Workbook, sheet: str, a1: str, new: Decimal) -> Workbook:
    """A copy of the read workbook with one cell changed, written in the cell's own style."""
    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

    letters, number = coordinate_from_string(a1)
    row, col = number - 1, column_index_from_string(letters) - 1
    grids = []
    for grid in book.grids:
        if grid.name == sheet:
            rows = [list(r) for r in grid.rows]
            old = rows[row][col]
            rows[row][col] = f"{new:,.2f}" if isinstance(old, str) and old.strip() not in ("", "-") else float(new)
            grid = Grid(grid.name, rows, grid.merged)
        grids.append(grid)
    return Workbook(book.path, book.sha256, grids)


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_every_single_cell_change_is_caught(layout: str, tmp_path: Path) -> None:
    generated = generate(seed=7, layout=layout)
    path = generated.save(tmp_path / "clean.xlsx")
    book = open_workbook(str(path))
    rng = random.Random(layout)
    missed = []
    swept = 0
    for placed in generated.cells:
        if placed.table not in SWEPT_TABLES:
            continue
        new = _changed(placed.published, placed.kind, rng)
        cells = {cell for _, cell in _findings(_with_value(book, placed.sheet, placed.a1, new))}
        swept += 1
        if placed.ref not in cells:
            missed.append((placed.ref, placed.key, placed.column, placed.published, new))
    assert swept > 100
    assert missed == []


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_injected_error_through_the_cli(layout: str, tmp_path: Path) -> None:
    generated = generate(seed=21, layout=layout)
    rng = random.Random(5)
    tables = {p.ref: p.table for p in generated.cells}
    for attempt in range(3):
        ref, old, new = generated.inject_error(rng)
        while tables[ref] not in SWEPT_TABLES:
            ref, old, new = generated.inject_error(rng)
        path = generated.save(tmp_path / f"broken{attempt}.xlsx", mutate={ref: new})
        code, report = validate_json(path)
        if any(ref == cell for _, cell in flat(report)):
            assert code in (0, 1)
            assert code == 1 or all(f["severity"] == "warning" for f in report["submissions"][0]["findings"])
        else:
            pytest.fail(f"{layout}: injected change {ref} {old} -> {new} not reported")

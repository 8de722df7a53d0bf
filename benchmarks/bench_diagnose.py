"""Benchmark: what the diagnosis (the cells to fix, engine/diagnose.py) adds to the warm validate
time of a failing workbook: validate with the diagnosis against validate without it (relations
not even recorded), measured alternately, medians.

    python benchmarks/bench_diagnose.py [--repeat N]

Workbooks: the golden broken reference (two wrong cells) and generated workbooks with one, two
and three wrong cells in different tables. Prints a markdown table (paste it into the README).
Not a test: timings vary by machine; the bound is 1.5x.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BROKEN = ROOT / "fixtures" / "golden" / "broken.xlsx"
BOUND = 1.5
TABLES = (1, 2, 3, 4, 5, 6)  # tables whose amounts the rules relate in both directions


def broken_generated(errors: int, directory: Path) -> tuple[Path, set[str]]:
    """A generated workbook with ``errors`` wrong amounts in different tables."""
    from budgetcheck.synth import generate

    workbook = generate(seed=200 + errors, layout="standard")
    rng = random.Random(f"bench/{errors}")
    mutate, tables = {}, set()
    while len(mutate) < errors:
        ref, _, new = workbook.inject_error(rng)
        table = next(c.table for c in workbook.cells if c.ref == ref)
        if table in TABLES and table not in tables:
            tables.add(table)
            mutate[ref] = new
    path = directory / f"generated_{errors}_errors.xlsx"
    workbook.save(path, mutate=mutate)
    return path, set(mutate)


def paired_median_ms(without, with_, repeat: int) -> tuple[float, float]:
    without()
    with_()  # warm caches (contracts, imports)
    a, b = [], []
    for _ in range(repeat):
        for fn, times in ((without, a), (with_, b)):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
    return statistics.median(a) * 1000, statistics.median(b) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=100)
    args = parser.parse_args()
    from budgetcheck.contracts.rules import load_ruleset
    from budgetcheck.engine import validate_paths

    ruleset = load_ruleset()
    with tempfile.TemporaryDirectory() as tmp:
        cases = [(BROKEN, {"'3 支出总表'!E9", "'11 机构人员情况表'!B16"})]
        cases += [broken_generated(n, Path(tmp)) for n in (1, 2, 3)]
        print("| workbook | wrong cells | without diagnosis (ms) | with diagnosis (ms) | ratio | bound | suspects (top k = injected) |")
        print("|---|---:|---:|---:|---:|---:|---|")
        for path, injected in cases:
            result = validate_paths([str(path)], ruleset)[0]
            top = {s.cell for s in result.diagnosis.suspects[: len(injected)]} if result.diagnosis else set()
            off, on = paired_median_ms(lambda p=path: validate_paths([str(p)], ruleset, diagnosis=False),
                                       lambda p=path: validate_paths([str(p)], ruleset), args.repeat)
            print(f"| {path.name} | {len(injected)} | {off:.2f} | {on:.2f} | {on / off:.2f}x | {BOUND}x | "
                  f"{result.diagnosis.status if result.diagnosis else '-'} ({'yes' if top == injected else 'no'}) |")


if __name__ == "__main__":
    main()

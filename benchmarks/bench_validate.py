"""Benchmark: per-workbook validate time in a warm process against the read-only floor
(python-calamine reading the same workbook), and the cold CLI against a cold pandera import.

    python benchmarks/bench_validate.py [WORKBOOK ...] [--repeat N] [--generated N]

Prints a markdown table (paste it into the README). Not a test: timings vary by machine.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "fixtures" / "shangrao_2024_unit_budget.xlsx"


def read_floor(path: Path) -> None:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    for name in book.sheet_names:
        book.get_sheet_by_name(name).to_python(skip_empty_area=False)


def warm_validate(path: Path, ruleset) -> None:
    from budgetcheck.engine import validate_paths

    validate_paths([str(path)], ruleset)


def paired_median_ms(floor_fn, warm_fn, repeat: int) -> tuple[float, float]:
    """Median times of the two, measured alternately so that a slow spell of the machine weighs
    on both alike."""
    floor_fn()
    warm_fn()  # warm caches (contracts, imports)
    floors, warms = [], []
    for _ in range(repeat):
        for fn, times in ((floor_fn, floors), (warm_fn, warms)):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
    return statistics.median(floors) * 1000, statistics.median(warms) * 1000


def cold_ms(command: list[str], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def generated_workbooks(count: int, directory: Path) -> list[Path]:
    try:
        from budgetcheck.synth import LAYOUTS, generate
    except ImportError:
        return []
    paths = []
    for i, layout in enumerate(sorted(LAYOUTS)[:count]):
        path = directory / f"generated_{layout}.xlsx"
        generate(seed=100 + i, layout=layout).save(path)
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workbooks", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--cold-repeat", type=int, default=7)
    parser.add_argument("--generated", type=int, default=4, help="also time N generated layouts")
    args = parser.parse_args()

    import compileall

    import budgetcheck
    from budgetcheck.contracts.profiles import load_rules

    # budgetcheck's bytecode written, as installing it does (pandera's is): under
    # PYTHONDONTWRITEBYTECODE=1 a checkout would compile every module at each cold start
    compileall.compile_dir(str(Path(budgetcheck.__file__).parent), quiet=1)
    ruleset = load_rules(None)  # the default profile, as `budgetcheck validate` runs it
    with tempfile.TemporaryDirectory() as tmp:
        books = list(args.workbooks) or [REFERENCE]
        books += generated_workbooks(args.generated, Path(tmp))
        print("| workbook | read floor (ms) | warm validate (ms) | ratio | bound |")
        print("|---|---:|---:|---:|---:|")
        for path in books:
            floor, warm = paired_median_ms(lambda p=path: read_floor(p),
                                           lambda p=path: warm_validate(p, ruleset), args.repeat)
            print(f"| {path.name} | {floor:.2f} | {warm:.2f} | {warm / floor:.1f}x | 6x |")
        cli = [sys.executable, "-m", "budgetcheck.cli", "validate", str(REFERENCE)]
        pandera = [sys.executable, "-c", "import pandera.pandas"]
        cold_cli = cold_ms(cli, args.cold_repeat)
        cold_pandera = cold_ms(pandera, args.cold_repeat)
        print()
        print("| cold command | median (ms) |")
        print("|---|---:|")
        print(f"| `budgetcheck validate` (reference) | {cold_cli:.0f} |")
        print(f"| `python -c \"import pandera.pandas\"` | {cold_pandera:.0f} |")
        print(f"| ratio (bound 1.3x) | {cold_cli / cold_pandera:.2f}x |")


if __name__ == "__main__":
    main()

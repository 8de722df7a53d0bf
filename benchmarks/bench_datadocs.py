"""Benchmark: Data Docs for a batch of generated workbooks against the plain validation of the
same batch, with the site's size and file count.

    python benchmarks/bench_datadocs.py [--count 200] [--keep DIR]

Plain validation is `validate_paths` in a warm process; Data Docs is the same validation plus
`build_data_docs` (which imports Great Expectations, runs one validation per table suite over the
whole batch and writes the site). Both are timed in this process, the Data Docs one last so the
plain time carries no GX import. Prints a markdown table (paste it into the README). Not a test.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def generated(count: int, directory: Path) -> list[str]:
    """``count`` workbooks of every layout, about one in five with one injected error."""
    from budgetcheck.synth import LAYOUTS, generate

    layouts = sorted(LAYOUTS)
    rng = random.Random(7)
    paths = []
    for i in range(count):
        path = directory / f"unit_{i:03d}.xlsx"
        book = generate(seed=1000 + i, layout=layouts[i % len(layouts)])
        mutate = None
        if rng.random() < 0.2:
            ref, _, new = book.inject_error(rng)
            mutate = {ref: new}
        book.save(path, mutate=mutate)
        paths.append(str(path))
    return paths


def site_size(directory: Path) -> tuple[int, int]:
    files = [p for p in directory.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--keep", type=Path, default=None, help="build the site here (default: a temp dir)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from budgetcheck.contracts.rules import load_ruleset
    from budgetcheck.engine import validate_paths

    with tempfile.TemporaryDirectory(prefix="bench-dd-") as tmp:
        paths = generated(args.count, Path(tmp))
        ruleset = load_ruleset()
        validate_paths(paths[:1], ruleset)  # warm the contract caches
        start = time.perf_counter()
        results = validate_paths(paths, ruleset)
        plain = time.perf_counter() - start
        site = args.keep or Path(tmp) / "site"
        from budgetcheck.reports.datadocs import build_data_docs

        start = time.perf_counter()
        results = validate_paths(paths, ruleset)
        build_data_docs(site, results, ruleset)
        docs = time.perf_counter() - start
        size, files = site_size(site)
        failed = sum(r.status == "failed" for r in results)
    print("| workbooks | failing | plain validate (s) | validate + Data Docs (s) | ratio | per workbook (ms) | site (MB) | files |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    print(f"| {args.count} | {failed} | {plain:.2f} | {docs:.2f} | {docs / plain:.1f}x | "
          f"{docs / args.count * 1000:.0f} | {size / 2**20:.1f} | {files} |")


if __name__ == "__main__":
    main()

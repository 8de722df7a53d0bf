"""Command line: write N synthetic workbooks per layout plus a manifest.json.

    python -m budgetcheck.synth OUTDIR --count 3 --layouts all [--rounding-heavy] [--seed 100]
        [--inject]
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

from . import LAYOUTS, generate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m budgetcheck.synth", description=__doc__)
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--count", type=int, default=1, help="workbooks per layout")
    parser.add_argument("--layouts", default="all",
                        help="'all' or comma-separated names: " + ", ".join(LAYOUTS))
    parser.add_argument("--rounding-heavy", action="store_true",
                        help="every non-zero leaf amount ends in 50 yuan")
    parser.add_argument("--seed", type=int, default=1, help="first seed")
    parser.add_argument("--inject", action="store_true",
                        help="inject one error per workbook and record it in the manifest")
    args = parser.parse_args(argv)
    names = list(LAYOUTS) if args.layouts == "all" else args.layouts.split(",")
    unknown = [n for n in names if n not in LAYOUTS]
    if unknown:
        parser.error(f"unknown layouts: {', '.join(unknown)}")
    manifest: dict[str, dict[str, object]] = {}
    for layout in names:
        for offset in range(args.count):
            seed = args.seed + offset
            workbook = generate(seed, layout, rounding_heavy=args.rounding_heavy)
            suffix = "_heavy" if args.rounding_heavy else ""
            filename = f"{layout}_{seed}{suffix}.xlsx"
            entry: dict[str, object] = {
                "layout": layout, "seed": seed, "rounding_heavy": args.rounding_heavy,
                "unit": workbook.unit.name, "injected": None,
            }
            mutate = None
            if args.inject:
                ref, old, new = workbook.inject_error(random.Random(f"inject/{seed}/{layout}"))
                mutate = {ref: new}
                entry["injected"] = {"ref": ref, "old": None if old is None else str(old),
                                     "new": str(new)}
            workbook.save(args.outdir / filename, mutate=mutate)
            manifest[filename] = entry
    manifest_path = args.outdir / "manifest.json"
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n",
                             encoding="utf-8")
    print(f"wrote {len(manifest)} workbooks and {manifest_path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Benchmark: a bureau's batch of generated workbooks.

    python benchmarks/bench_bureau.py [--count 1000] [--small 100] [--dir DIR] [--repeat 3]
        [--gx-sample 5]

Measures, on ``count`` generated workbooks (every layout of budgetcheck.synth, every other one with
an injected error):
- the read floor: python-calamine reading every sheet of every workbook, one process;
- ``budgetcheck batch --jobs 1`` and ``--jobs 2`` into a fresh SQLite store (the whole command,
  start-up included), and ``validate --jobs 2 --format jsonl`` without a store;
- the peak memory (resident set of the batch and its worker processes together, sampled) of
  ``batch --jobs 2`` at ``small`` and ``count`` workbooks;
- ``batch --dask`` on a local cluster of two worker processes (started before the clock);
- the baseline: one Great Expectations checkpoint per table of each workbook, in a fresh context
  per workbook (the GX way of checking one file), on a sample; per-workbook time, GX import
  excluded.
Prints a markdown table (paste it into the README). Not a test: timings vary by machine.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from budgetcheck.synth import LAYOUTS, generate


def make_inbox(directory: Path, count: int) -> list[Path]:
    marker = directory / f".complete-{count}"
    if marker.exists():
        return sorted(directory.glob("*.xlsx"))
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    layouts = sorted(LAYOUTS)
    for i in range(count):
        book = generate(10_000 + i, layouts[i % len(layouts)])
        mutate = None
        if i % 2:
            ref, _, new = book.inject_error(random.Random(i))
            mutate = {ref: new}
        book.save(directory / f"{i:05d}.xlsx", mutate=mutate)
    marker.touch()
    return sorted(directory.glob("*.xlsx"))


def read_floor(paths: list[Path]) -> float:
    from python_calamine import CalamineWorkbook

    start = time.perf_counter()
    for path in paths:
        book = CalamineWorkbook.from_path(str(path))
        for name in book.sheet_names:
            book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    return time.perf_counter() - start


def _tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        p = todo.pop()
        pids.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as handle:
                    todo += [int(c) for c in handle.read().split()]
        except OSError:
            continue
    return pids


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def timed(command: list[str]) -> tuple[float, float]:
    """Wall time (s) and peak resident memory (MiB) of the command with all its processes."""
    peak = 0
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, sum(_rss_kb(p) for p in _tree(proc.pid)))
            time.sleep(0.01)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed: {err.decode()[-1000:]}")
    return wall, peak / 1024


def batch(inbox: Path, jobs: int, work: Path) -> tuple[float, float]:
    store = work / f"store-{jobs}-{time.monotonic_ns()}.sqlite"
    result = timed([sys.executable, "-m", "budgetcheck.cli", "batch", str(inbox), "--store",
                    str(store), "--jobs", str(jobs)])
    for path in work.glob(f"{store.name}*"):
        path.unlink()
    return result


def dask_batch(inbox: Path, work: Path, repeat: int) -> list[float]:
    """``batch --dask`` against a local cluster of two single-threaded worker processes, started
    before the clock (a cluster is already running when one uses it)."""
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                      silence_logs=40) as cluster:
        times = []
        for _ in range(repeat):
            store = work / f"dask-{time.monotonic_ns()}.sqlite"
            times.append(timed([sys.executable, "-m", "budgetcheck.cli", "batch", str(inbox),
                                "--store", str(store), "--dask", cluster.scheduler_address])[0])
            for path in work.glob(f"{store.name}*"):
                path.unlink()
    return times


def gx_per_workbook(paths: list[Path]) -> list[float]:
    os.environ["GX_ANALYTICS_ENABLED"] = "False"
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    from budgetcheck.contracts.profiles import load_rules
    from budgetcheck.contracts.tables import load_catalogue
    from budgetcheck.frames import submission_frames
    from budgetcheck.readers import read_submission
    from budgetcheck.reports.datadocs import load_suites

    ruleset, catalogue, suites = load_rules(None), load_catalogue(), load_suites()
    times = []
    for path in paths:
        start = time.perf_counter()
        frames = submission_frames(read_submission(str(path)), ruleset, catalogue)
        context = gx.get_context(mode="ephemeral")
        context.variables.progress_bars = ProgressBarsConfig(globally=False,
                                                             metric_calculations=False)
        source = context.data_sources.add_pandas("frames")
        for table, frame in frames.items():
            if table not in suites:
                continue
            suite = context.suites.add(gx.ExpectationSuite(**suites[table]))
            batch_def = source.add_dataframe_asset(table).add_batch_definition_whole_dataframe("all")
            definition = context.validation_definitions.add(
                gx.ValidationDefinition(name=suites[table]["name"], data=batch_def, suite=suite))
            checkpoint = context.checkpoints.add(
                gx.Checkpoint(name=f"cp-{table}", validation_definitions=[definition]))
            checkpoint.run(batch_parameters={"dataframe": frame})
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--small", type=int, default=100)
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "bench_bureau")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--gx-sample", type=int, default=5)
    args = parser.parse_args()

    big = make_inbox(args.dir / f"inbox-{args.count}", args.count)
    small_dir = args.dir / f"inbox-{args.small}"
    if not (small_dir / f".complete-{args.small}").exists():
        shutil.rmtree(small_dir, ignore_errors=True)
        small_dir.mkdir(parents=True)
        for path in big[:args.small]:
            shutil.copy2(path, small_dir / path.name)
        (small_dir / f".complete-{args.small}").touch()
    work = args.dir / "work"
    work.mkdir(exist_ok=True)
    inbox = big[0].parent
    read_floor(big)  # page cache and imports warm for everyone
    floors, one, two, jsonl, mem_small, mem_big = [], [], [], [], [], []
    for _ in range(args.repeat):  # alternating, so that a slow spell weighs on all alike
        floors.append(read_floor(big))
        t, m = batch(inbox, 2, work)
        two.append(t)
        mem_big.append(m)
        one.append(batch(inbox, 1, work)[0])
        jsonl.append(timed([sys.executable, "-m", "budgetcheck.cli", "validate", *map(str, big),
                            "--format", "jsonl", "--jobs", "2"])[0])
        mem_small.append(batch(small_dir, 2, work)[1])
    dask = statistics.median(dask_batch(inbox, work, args.repeat))
    gx = gx_per_workbook(big[:args.gx_sample])
    floor, t1, t2, tj = (statistics.median(x) for x in (floors, one, two, jsonl))
    gx_ms = statistics.median(gx) * 1000
    per2 = t2 / args.count * 1000
    n = args.count
    print(f"| {n} generated workbooks | wall (s) | per workbook (ms) | vs read floor |")
    print("|---|---:|---:|---:|")
    print(f"| read floor (calamine, 1 process) | {floor:.2f} | {floor / n * 1000:.2f} | 1.0x |")
    print(f"| `batch --jobs 1` (SQLite store) | {t1:.2f} | {t1 / n * 1000:.2f} | {t1 / floor:.1f}x |")
    print(f"| `batch --jobs 2` (SQLite store) | {t2:.2f} | {per2:.2f} | {t2 / floor:.1f}x (bound 3x) |")
    print(f"| `validate --jobs 2 --format jsonl` | {tj:.2f} | {tj / n * 1000:.2f} | {tj / floor:.1f}x |")
    print(f"| `batch --dask` (local cluster, 2 worker processes) | {dask:.2f} | "
          f"{dask / n * 1000:.2f} | {dask / floor:.1f}x |")
    print(f"| GX checkpoints per workbook (sample of {len(gx)}) | — | {gx_ms:.0f} | "
          f"{gx_ms / per2:.0f}x slower than `batch --jobs 2` (bound 100x) |")
    ms, mb = statistics.median(mem_small), statistics.median(mem_big)
    print()
    print("| peak memory, `batch --jobs 2`, all processes | MiB |")
    print("|---|---:|")
    print(f"| {args.small} workbooks | {ms:.0f} |")
    print(f"| {n} workbooks | {mb:.0f} ({(mb / ms - 1) * 100:+.0f} %, bound ±20 %) |")
    print()
    print(f"Medians of {args.repeat} alternating runs; python {sys.version.split()[0]}, "
          f"{os.cpu_count()} cores.")


if __name__ == "__main__":
    main()

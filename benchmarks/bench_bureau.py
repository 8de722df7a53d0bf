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
budgetcheck's bytecode is written first, as installing the package does (a checkout run with
PYTHONDONTWRITEBYTECODE=1 would compile every module at each command's start).
Prints a markdown table (paste it into the README). Not a test: timings vary by machine.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
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


def _compile_package() -> None:
    """Write budgetcheck's bytecode, as installing the package does: in a checkout run with
    PYTHONDONTWRITEBYTECODE=1 every command would otherwise compile its modules from source at
    start-up (about half a second of CPU), which no installed copy does."""
    import compileall

    import budgetcheck

    compileall.compile_dir(str(Path(budgetcheck.__file__).parent), quiet=1)


def read_floor(paths: list[Path]) -> tuple[float, float]:
    """Wall and CPU seconds of reading every sheet of every workbook in this process."""
    from python_calamine import CalamineWorkbook

    start, cpu = time.perf_counter(), time.process_time()
    for path in paths:
        book = CalamineWorkbook.from_path(str(path))
        for name in book.sheet_names:
            book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    return time.perf_counter() - start, time.process_time() - cpu


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


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str]) -> tuple[float, float, float]:
    """Wall time (s), peak resident memory (MiB, the sum over the command's processes) and CPU
    time (s, every process of the command, workers included) of the command."""
    peak = 0
    cpu = _children_cpu()
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
    return wall, peak / 1024, _children_cpu() - cpu


def batch(inbox: Path, jobs: int, work: Path) -> tuple[float, float, float]:
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
        start = time.process_time()  # CPU: GX runs in this one process
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
        times.append(time.process_time() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--small", type=int, default=100)
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "bench_bureau")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--gx-sample", type=int, default=5)
    parser.add_argument("--no-dask", action="store_true")
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
    _compile_package()
    read_floor(big)  # page cache and imports warm for everyone
    runs: dict[str, list[tuple[float, float]]] = {}  # name -> [(wall, cpu)]
    mem_small, mem_big = [], []

    def note(name: str, wall: float, cpu: float) -> None:
        runs.setdefault(name, []).append((wall, cpu))

    for _ in range(args.repeat):  # alternating, so that a slow spell weighs on all alike
        note("floor", *read_floor(big))
        wall, mem, cpu = batch(inbox, 2, work)
        note("jobs2", wall, cpu)
        mem_big.append(mem)
        wall, _, cpu = batch(inbox, 1, work)
        note("jobs1", wall, cpu)
        wall, _, cpu = timed([sys.executable, "-m", "budgetcheck.cli", "validate", *map(str, big),
                              "--format", "jsonl", "--jobs", "2"])
        note("jsonl", wall, cpu)
        mem_small.append(batch(small_dir, 2, work)[1])
    if not args.no_dask:
        for wall in dask_batch(inbox, work, args.repeat):
            note("dask", wall, float("nan"))  # the workers are not our children: no CPU time
    gx = gx_per_workbook(big[:args.gx_sample])
    load = os.getloadavg()[0]
    n = args.count
    med = {k: (statistics.median(w for w, _ in v), statistics.median(c for _, c in v))
           for k, v in runs.items()}
    floor_wall, floor_cpu = med["floor"]
    print(f"| {n} generated workbooks | wall (s) | vs floor | CPU, all processes (s) | vs floor |")
    print("|---|---:|---:|---:|---:|")
    names = {"floor": "read floor (calamine, 1 process)", "jobs1": "`batch --jobs 1` (SQLite store)",
             "jobs2": "`batch --jobs 2` (SQLite store)", "jsonl": "`validate --jobs 2 --format jsonl`",
             "dask": "`batch --dask` (local cluster, 2 worker processes)"}
    for key, label in names.items():
        if key not in med:
            continue
        wall, cpu = med[key]
        cpu_cells = "— | —" if cpu != cpu else f"{cpu:.2f} | {cpu / floor_cpu:.1f}x"
        print(f"| {label} | {wall:.2f} | {wall / floor_wall:.1f}x | {cpu_cells} |")
    gx_ms = statistics.median(gx) * 1000
    per_wall = med["jobs2"][0] / n * 1000
    per_cpu = med["jobs2"][1] / n * 1000
    print()
    print("| per workbook | ms |")
    print("|---|---:|")
    print(f"| `batch --jobs 2`, wall | {per_wall:.1f} |")
    print(f"| `batch --jobs 2`, CPU | {per_cpu:.1f} |")
    print(f"| GX checkpoints (sample of {len(gx)}), CPU | {gx_ms:.0f} "
          f"({gx_ms / per_wall:.0f}x the wall, {gx_ms / per_cpu:.0f}x the CPU of `batch --jobs 2`) |")
    ms, mb = statistics.median(mem_small), statistics.median(mem_big)
    print()
    print("| peak memory, `batch --jobs 2`, all processes | MiB |")
    print("|---|---:|")
    print(f"| {args.small} workbooks | {ms:.0f} |")
    print(f"| {n} workbooks | {mb:.0f} ({(mb / ms - 1) * 100:+.0f} %) |")
    print()
    print(f"Medians of {args.repeat} alternating runs; python {sys.version.split()[0]}, "
          f"{os.cpu_count()} cores, load average {load:.1f} at the end.")


if __name__ == "__main__":
    main()

"""The hostile corpus, in full: generate it (budgetcheck.synth.hostile) and run the CLI on every
file alone, in a subprocess capped at 30 s and 2 GiB, and count what breaks the promise.

    python benchmarks/hostile_corpus.py [--scale 1.4] [--seed 0] [--jobs 2] [--keep DIR]

Prints exactly these counts (each should be 0 but the first two):
files, families, tracebacks, kills/aborts, runs > 500 MB, runs > 10 s, exit-2 lines not naming
the file or not one line, JSON runs not parseable, files modified, hidden problems passed
(a case that hides something answered with exit 0). ``--list`` also names each offending file.
Not a test (it takes a while); tests/test_hostile.py runs a sample.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from budgetcheck.errors import display_path  # noqa: E402
from budgetcheck.synth.hostile import Case, generate  # noqa: E402

TIME_CAP = 30  # seconds, wall clock
MEMORY_CAP = 2 * 2**30  # bytes of address space
RSS_BUDGET = 500 * 2**20
SECONDS_BUDGET = 10.0


@dataclass
class Run:
    case: Case
    returncode: int
    stdout: bytes
    stderr: bytes
    seconds: float
    max_rss: int  # bytes
    killed: bool
    problems: list[str] = field(default_factory=list)


def _limit_child() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def snapshot(path: bytes) -> tuple | None:
    """Content hash, size and mtime of a regular file (None for anything else)."""
    try:
        info = os.lstat(path)
        import stat

        if not stat.S_ISREG(info.st_mode):
            return None
        with open(path, "rb") as handle:
            digest = hashlib.sha256(handle.read()).hexdigest()
        return digest, info.st_size, info.st_mtime_ns, info.st_mode
    except OSError:
        return None


def run_case(case: Case, extra_env: dict[str, str] | None = None) -> Run:
    """The CLI on one file with --format json; wait4 gives this child's own peak RSS."""
    env = {**os.environ, **(extra_env or {}), "PYTHONPATH": str(ROOT / "src")}
    command = [sys.executable.encode(), b"-m", b"budgetcheck.cli", b"validate", b"--format", b"json", b"--", case.path]
    started = time.monotonic()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                            env=env, preexec_fn=_limit_child, cwd=tempfile.gettempdir())
    out: dict[str, bytes] = {}

    def drain(name: str, stream) -> None:
        out[name] = stream.read()

    readers = [threading.Thread(target=drain, args=(n, s)) for n, s in (("out", proc.stdout), ("err", proc.stderr))]
    for reader in readers:
        reader.start()
    killed = False
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() - started > TIME_CAP:
            proc.kill()
            killed = True
            pid, status, usage = os.wait4(proc.pid, 0)
            break
        time.sleep(0.02)
    seconds = time.monotonic() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    for reader in readers:
        reader.join()
    return Run(case, proc.returncode, out.get("out", b""), out.get("err", b""), seconds,
               usage.ru_maxrss * 1024, killed)


def judge(run: Run, before: tuple | None, after: tuple | None) -> None:
    """Append to run.problems every way this run breaks the promise."""
    err = run.stderr.decode("utf-8", errors="replace")
    if "Traceback (most recent call last)" in err:
        run.problems.append("traceback")
    if run.killed or run.returncode < 0 or run.returncode not in (0, 1, 2):
        run.problems.append("killed/aborted")
    if run.max_rss > RSS_BUDGET:
        run.problems.append("rss > 500 MB")
    if run.seconds > SECONDS_BUDGET:
        run.problems.append("time > 10 s")
    if run.returncode == 2:
        lines = [line for line in err.splitlines() if line.strip()]
        shown = display_path(os.fsdecode(run.case.path))
        if len(lines) != 1 or shown not in lines[0]:
            run.problems.append("exit-2 line")
    if run.returncode in (0, 1, 2) and not run.killed:
        try:
            json.loads(run.stdout.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            run.problems.append("json")
    if before != after:
        run.problems.append("modified")
    if run.case.must_not_pass and run.returncode == 0:
        run.problems.append("hidden passed")


LABELS = [
    ("traceback", "tracebacks"),
    ("killed/aborted", "kills/aborts"),
    ("rss > 500 MB", "runs > 500 MB"),
    ("time > 10 s", "runs > 10 s"),
    ("exit-2 line", "exit-2 lines not naming the file or not one line"),
    ("json", "JSON runs not parseable"),
    ("modified", "files modified"),
    ("hidden passed", "hidden problems passed (exit 0)"),
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.4)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--keep", help="generate into DIR and keep it")
    parser.add_argument("--families", help="comma-separated families (default: all)")
    parser.add_argument("--list", action="store_true", help="name every offending file")
    args = parser.parse_args(argv)
    workdir = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="budgetcheck-hostile-"))
    families = args.families.split(",") if args.families else None
    cases = generate(workdir, args.seed, args.scale, families)
    before = {case.path: snapshot(case.path) for case in cases}

    def one(case: Case) -> Run:
        run = run_case(case)
        judge(run, before[case.path], snapshot(case.path))
        return run

    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        runs = list(pool.map(one, cases))
    counts = Counter(problem for run in runs for problem in run.problems)
    exits = Counter(run.returncode for run in runs)
    print(f"files: {len(runs)}")
    print(f"families: {len({c.family for c in cases})}")
    print(f"exit codes: 0={exits.get(0, 0)} 1={exits.get(1, 0)} 2={exits.get(2, 0)}")
    for key, label in LABELS:
        print(f"{label}: {counts.get(key, 0)}")
    print(f"slowest run: {max(r.seconds for r in runs):.1f} s; "
          f"largest peak RSS: {max(r.max_rss for r in runs) / 2**20:.0f} MB")
    if args.list:
        for run in runs:
            if run.problems:
                last = run.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
                print(f"  {','.join(run.problems)}: [{run.case.family}] {run.case.note} "
                      f"{display_path(run.case.name)} rc={run.returncode} {run.seconds:.1f}s "
                      f"{run.max_rss / 2**20:.0f}MB :: {last[0][:200]}")
    return 1 if counts else 0


if __name__ == "__main__":
    sys.exit(main())

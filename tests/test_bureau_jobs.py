"""validate --jobs N: the same reports as one process, JSON lines as results finish, a progress
bar only on a terminal's stderr."""

from __future__ import annotations

import io
import json
import os
import random

import pytest

from budgetcheck.bureau.parallel import Progress, run_pool
from budgetcheck.synth import LAYOUTS, generate

from .conftest import REFERENCE, run_cli


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> list[str]:
    """Generated workbooks of every layout, about half with an injected error, the reference and
    a file that is not a workbook."""
    out = tmp_path_factory.mktemp("jobs")
    paths = []
    for i, layout in enumerate(sorted(LAYOUTS) * 2):
        book = generate(300 + i, layout)
        rng = random.Random(i)
        mutate = None
        if i % 2:
            ref, _, new = book.inject_error(rng)
            mutate = {ref: new}
        paths.append(str(book.save(out / f"{layout}_{i}.xlsx", mutate=mutate)))
    (out / "broken.xlsx").write_bytes(b"not a workbook")
    return [*paths, str(REFERENCE), str(out / "broken.xlsx")]


@pytest.mark.parametrize("fmt", ["json", "text", "junit", "markdown"])
def test_two_jobs_give_the_one_process_report(batch, fmt):
    one = run_cli("validate", *batch, "--format", fmt, "--jobs", "1")
    two = run_cli("validate", *batch, "--format", fmt, "--jobs", "2")
    assert one.returncode == two.returncode == 2  # the broken file
    assert two.stdout == one.stdout
    assert two.stderr == one.stderr  # the unreadable file's one line, no progress bar in a pipe
    if fmt == "json":
        statuses = {s["status"] for s in json.loads(one.stdout)["submissions"]}
        assert statuses == {"passed", "failed", "error"}


def test_jsonl_holds_the_json_submissions(batch):
    whole = json.loads(run_cli("validate", *batch, "--format", "json", "--jobs", "1").stdout)
    lines = run_cli("validate", *batch, "--format", "jsonl", "--jobs", "2").stdout.splitlines()
    streamed = [json.loads(line) for line in lines]
    assert len(streamed) == len(batch)
    by_path = {s["path"]: s for s in streamed}
    assert by_path == {s["path"]: s for s in whole["submissions"]}


def test_jsonl_to_a_file(batch, tmp_path):
    out = tmp_path / "r.jsonl"
    proc = run_cli("validate", *batch[:3], "--format", "jsonl", "-o", str(out))
    assert proc.stdout == ""
    assert len(out.read_text(encoding="utf-8").splitlines()) == 3


def _square(x: int) -> int:
    return x * x


def _pid(_: int) -> int:
    import os

    return os.getpid()


def test_pool_yields_every_index_once():
    got = dict(run_pool(list(range(50)), _square, 2))
    assert got == {i: i * i for i in range(50)}
    got = dict(run_pool(list(range(53)), _square, 2, recycle=5))  # across generations
    assert got == {i: i * i for i in range(53)}


def test_workers_are_replaced():
    from collections import Counter

    pids = dict(run_pool(list(range(40)), _pid, 2, recycle=5))
    tasks_per_process = Counter(pids.values())
    assert max(tasks_per_process.values()) <= 5  # each process is replaced after 5 tasks
    assert len(tasks_per_process) >= 8 and os.getpid() not in tasks_per_process


def _fail_on_three(x: int) -> int:
    if x == 3:
        raise ValueError("three")
    return x


def _die_on_three(x: int) -> int:
    if x == 3:
        os._exit(7)  # as a worker killed by the system would
    return x


def test_a_task_error_is_raised_in_the_parent_and_a_dead_worker_breaks_the_pool():
    from concurrent.futures.process import BrokenProcessPool

    with pytest.raises(ValueError, match="three") as raised:
        list(run_pool(list(range(8)), _fail_on_three, 2))
    assert any("_fail_on_three" in note for note in raised.value.__notes__)  # the worker's traceback
    with pytest.raises(BrokenProcessPool):
        list(run_pool(list(range(8)), _die_on_three, 2))


def test_stopping_early_ends_the_workers():
    import multiprocessing

    results = run_pool(list(range(20)), _square, 2)
    next(results)
    results.close()  # the consumer stops: the workers must not outlive it
    assert multiprocessing.active_children() == []


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_only_on_a_terminal():
    pipe, tty = io.StringIO(), _Tty()
    for stream in (pipe, tty):
        bar = Progress(3, stream, every=0)
        for failed in (False, True, False):
            bar.update(failed)
        bar.close()
    assert pipe.getvalue() == ""
    assert "3/3" in tty.getvalue() and "failing 1" in tty.getvalue()


@pytest.mark.parametrize("count", [2, 3, 5])
def test_a_few_items_are_spread_over_the_workers(count):
    pids = dict(run_pool(list(range(count)), _pid, 2))
    assert sorted(pids) == list(range(count))
    assert len(set(pids.values())) == 2  # not all queued on the first worker


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="counts open files in /proc")
def test_replaced_workers_leave_no_open_pipes_behind():
    import multiprocessing

    open_files = []
    for done, _ in enumerate(run_pool(list(range(120)), _square, 2, recycle=2), 1):
        if done in (20, 110):  # 10 and 55 processes replaced so far
            open_files.append(len(os.listdir("/proc/self/fd")))
    assert open_files[1] <= open_files[0] + 2  # a long batch must not run out of descriptors
    assert multiprocessing.active_children() == []

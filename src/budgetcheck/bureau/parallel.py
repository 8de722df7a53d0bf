"""Spread submissions over worker processes and hand the results back as they finish.

A bounded window of tasks is in flight (a few per worker), so memory stays flat whatever the batch
size: the parent holds the paths and the results not yet consumed, never the whole batch. Worker
processes are forked where the platform allows it, so they start with the contracts already loaded
(and any engine setting of the parent); elsewhere they load them in their initializer.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any, TextIO, TypeVar

T = TypeVar("T")
R = TypeVar("R")

TASKS_PER_WORKER = 4  # enough queued work that no worker idles while the parent writes
TASKS_PER_PROCESS = 100  # then a worker process is replaced (see run_pool)


def default_jobs() -> int:
    """The cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def _context() -> multiprocessing.context.BaseContext:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)


def run_pool(items: Sequence[T], task: Callable[[T], R], jobs: int,
             init: Callable[..., None] | None = None, init_args: tuple[Any, ...] = (),
             recycle: int = TASKS_PER_PROCESS) -> Iterator[tuple[int, R]]:
    """Yield ``(index, task(items[index]))`` in the order the tasks finish.

    With one job (or one item) everything runs in this process, in order. ``task`` and ``init``
    must be module-level functions (they are pickled by name when the platform cannot fork).
    Worker processes are replaced after about ``recycle`` tasks each: the validation's bounded
    caches (parsed amounts, cell references) and the allocator's fragmentation then cannot make a
    worker of a long batch bigger than one of a short batch.
    """
    if jobs <= 1 or len(items) <= 1:
        if init is not None:
            init(*init_args)
        for index, item in enumerate(items):
            yield index, _run(task, item)
        return
    workers = min(jobs, len(items))
    generation = workers * recycle
    for first in range(0, len(items), generation):
        yield from _generation(items, first, min(first + generation, len(items)), task, workers,
                               init, init_args)


def _generation(items: Sequence[T], first: int, end: int, task: Callable[[T], R], workers: int,
                init: Callable[..., None] | None, init_args: tuple[Any, ...]
                ) -> Iterator[tuple[int, R]]:
    """items[first:end] on a fresh pool, a bounded window of tasks in flight."""
    with ProcessPoolExecutor(max_workers=min(workers, end - first), mp_context=_context(),
                             initializer=_start, initargs=(init, init_args)) as pool:
        queue = iter(range(first, end))
        pending: dict[Future[R], int] = {}

        def fill() -> None:
            while len(pending) < workers * TASKS_PER_WORKER:
                index = next(queue, None)
                if index is None:
                    return
                pending[pool.submit(_run, task, items[index])] = index

        fill()
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                index = pending.pop(future)
                yield index, future.result()
            fill()


def _start(init: Callable[..., None] | None, init_args: tuple[Any, ...]) -> None:
    """A worker's start: its initializer, then what it holds so far (modules, contracts) is moved
    out of the cycle collector's sight: that is never garbage, and every full collection would
    walk it again."""
    if init is not None:
        init(*init_args)
    gc.freeze()


def _run(task: Callable[[T], R], item: T) -> R:
    """One task with the cycle collector off: a submission's objects hold no reference cycles
    and are freed by reference counting; collections while they are alive only walk them (about
    a twentieth of a validation, measured). It runs between tasks, when they are gone."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return task(item)
    finally:
        if enabled:
            gc.enable()


class Progress:
    """"done/total · failing · files/s" on one line of a terminal's stderr; silent when stderr is
    not a terminal (a log, a pipe, CI), so it never mixes with structured output."""

    def __init__(self, total: int, stream: TextIO | None = None, every: float = 0.2) -> None:
        self.stream = stream or sys.stderr
        self.active = total > 1 and _isatty(self.stream)
        self.total, self.done, self.failing = total, 0, 0
        self.start = self.last = time.monotonic()
        self.every = every

    def update(self, failed: bool) -> None:
        self.done += 1
        self.failing += int(failed)
        now = time.monotonic()
        if self.active and (now - self.last >= self.every or self.done == self.total):
            self.last = now
            rate = self.done / max(now - self.start, 1e-9)
            width = 24
            filled = int(width * self.done / self.total)
            bar = "#" * filled + "-" * (width - filled)
            self.stream.write(f"\r[{bar}] {self.done}/{self.total} · 未通过 failing {self.failing}"
                              f" · {rate:.1f} 个/s files/s ")
            self.stream.flush()

    def close(self) -> None:
        if self.active:
            self.stream.write("\n")
            self.stream.flush()


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False

"""Spread submissions over worker processes and hand the results back as they finish.

Each worker process holds the items (forked with the parent's memory, or given them once where the
platform cannot fork) and is sent indices into them over its own pipe, a few ahead of what it has
finished; it sends each result back as soon as it has it. The parent has no helper thread and no
shared queue to lock: a task costs it one small write, one read and the result's unpickling (a
ProcessPoolExecutor's threads and queues cost the parent about half a millisecond of CPU per task,
taken from the cores the workers run on). The few tasks in flight per worker keep memory flat
whatever the batch size. Worker processes are forked where the platform allows it, so they start
with the contracts already loaded (and any engine setting of the parent); elsewhere they load them
in their initializer.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.connection import Connection, wait
from typing import Any, TextIO, TypeVar

T = TypeVar("T")
R = TypeVar("R")

TASKS_PER_WORKER = 2  # sent ahead: the next index waits in the pipe while the parent writes
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
    Each worker process is replaced after ``recycle`` tasks (the others go on meanwhile): the
    validation's bounded caches (parsed amounts, cell references) and the allocator's
    fragmentation then cannot make a worker of a long batch bigger than one of a short batch.
    A task's exception is raised here; a worker that dies raises BrokenProcessPool.
    """
    if jobs <= 1 or len(items) <= 1:
        if init is not None:
            init(*init_args)
        for index, item in enumerate(items):
            yield index, _run(task, item)
        return
    indices = iter(range(len(items)))
    unsent = len(items)

    def feed(worker: _Worker, depth: int = TASKS_PER_WORKER) -> None:
        """Send it indices until ``depth`` are in flight; after its last one, tell it to exit."""
        nonlocal unsent
        while worker.pending < depth and worker.left > 0 and unsent:
            worker.send(next(indices))
            unsent -= 1
        if worker.left == 0 or not unsent:
            worker.stop()

    workers: list[_Worker] = []
    retired: list[_Worker] = []  # done and exiting: not waited for while the others work
    try:
        for _ in range(min(jobs, len(items))):
            workers.append(_Worker(items, task, init, init_args, recycle))
        for depth in range(1, TASKS_PER_WORKER + 1):  # round by round: two items go to two workers
            for worker in workers:
                feed(worker, depth)
        while workers:
            for conn in wait([worker.conn for worker in workers]):
                worker = next(w for w in workers if w.conn is conn)
                index, result = worker.receive()
                if worker.done():
                    workers.remove(worker)
                    worker.conn.close()
                    # its exit (freeing its memory) takes a few ms; those already gone are reaped
                    retired = [w for w in retired if w.process.is_alive()] + [worker]
                    if unsent:  # it was recycled: a fresh process takes its place
                        workers.append(_Worker(items, task, init, init_args, recycle))
                        feed(workers[-1])
                else:
                    feed(worker)
                yield index, result
    finally:
        for worker in workers:  # an error, or the consumer stopped early: stop the rest now
            worker.kill()
        for worker in retired:
            worker.process.join()


class _Worker:
    """One worker process and the parent's end of its pipe."""

    def __init__(self, items: Sequence[Any], task: Callable[[Any], Any],
                 init: Callable[..., None] | None, init_args: tuple[Any, ...], recycle: int) -> None:
        self.conn, child = multiprocessing.Pipe()
        self.process = _context().Process(target=_serve, args=(child, items, task, init, init_args),
                                          name="budgetcheck-worker")
        self.process.start()
        child.close()  # only the worker holds its end now: its death is an end of file here
        self.left = recycle  # tasks it may still be sent
        self.pending = 0  # sent, not answered yet
        self.stopped = False

    def send(self, index: int) -> None:
        self._write(index)
        self.pending += 1
        self.left -= 1

    def stop(self) -> None:
        """No more tasks: it exits once it has answered those it was sent."""
        if not self.stopped:
            self._write(None)
            self.stopped = True

    def _write(self, index: int | None) -> None:
        try:
            self.conn.send(index)
        except OSError:  # a broken pipe: the process is gone
            raise BrokenProcessPool("a worker process ended abruptly") from None

    def receive(self) -> tuple[int, Any]:
        try:
            index, ok, value = self.conn.recv()
        except (EOFError, OSError):
            raise BrokenProcessPool("a worker process ended abruptly") from None
        self.pending -= 1
        if not ok:
            raise value
        return index, value

    def done(self) -> bool:
        return self.stopped and not self.pending

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()
        self.conn.close()


def _serve(conn: Connection, items: Sequence[T], task: Callable[[T], R],
           init: Callable[..., None] | None, init_args: tuple[Any, ...]) -> None:
    """A worker process: its initializer, then ``task(items[index])`` for each index it is sent,
    until None. What it holds after the initializer (modules, contracts) is moved out of the
    cycle collector's sight: that is never garbage, and every full collection would walk it
    again. A task's exception goes back to the parent, with its traceback as a note."""
    try:
        if init is not None:
            init(*init_args)
        gc.freeze()
        while (index := conn.recv()) is not None:
            try:
                answer = (index, True, _run(task, items[index]))
                conn.send(answer)
            except KeyboardInterrupt:
                raise
            except BaseException as exc:  # noqa: BLE001 - raised in the parent, as an executor does
                exc.add_note("".join(traceback.format_exception(exc)).rstrip())
                try:
                    conn.send((index, False, exc))
                except Exception:  # noqa: BLE001 - an exception that cannot be pickled
                    conn.send((index, False, RuntimeError(f"{type(exc).__name__}: {exc}")))
    except (KeyboardInterrupt, EOFError, BrokenPipeError):
        pass  # interrupted, or the parent is gone: nothing to report to anyone
    finally:
        conn.close()


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

"""The batch's per-submission work on a Dask distributed cluster.

The task is ``work.batch_task`` itself, a module-level function of the installed package, so it
pickles by reference and a worker imports it like any module (the package must be installed on the
workers, as for any Dask task). Jobs carry absolute paths: a worker runs in its own directory,
and the inbox must be reachable from it under the same path (a shared filesystem). A bounded
window of futures is in flight, so the scheduler never holds the whole inbox.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..errors import InputError
from .work import Job

FUTURES_PER_THREAD = 4


def dask_records(address: str, todo: list[Job],
                 connect_timeout: float = 30) -> Iterator[dict[str, Any]]:
    """The record of every job, as the cluster finishes them."""
    try:
        from distributed import Client, as_completed
    except ImportError:  # pragma: no cover - a dependency of the package
        raise InputError("--dask", "dask.distributed is not installed") from None
    from .work import batch_task

    try:
        client = Client(address, timeout=connect_timeout, set_as_default=False)
    except OSError as exc:
        raise InputError(address, f"cannot reach the Dask scheduler ({exc})") from None
    with client:
        threads = sum(client.nthreads().values()) or 1
        window = threads * FUTURES_PER_THREAD
        queue = iter(todo)

        def submit(job):
            # pure=False: a resubmitted batch must run again, never reuse a cached result
            return client.submit(batch_task, job, pure=False, key=f"budgetcheck-{job[1]}-{id(job)}")

        first = [submit(job) for _, job in zip(range(window), queue, strict=False)]  # range first: no job lost
        pending = as_completed(first, loop=client.loop)  # not the default client: we set none
        for future in pending:
            record = future.result()
            future.release()
            nxt = next(queue, None)
            if nxt is not None:
                pending.add(submit(nxt))
            yield record

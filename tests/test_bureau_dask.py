"""batch --dask: the same per-submission work on a Dask distributed cluster (a local cluster of
worker processes here) writes the same store as the local run."""

from __future__ import annotations

import pytest

from budgetcheck.bureau.batch import run_batch

from .bureau_support import make_inbox, store_contents
from .conftest import run_cli


@pytest.fixture(scope="module")
def cluster():
    from distributed import LocalCluster

    # worker processes (not threads): the task must pickle by reference and import the package
    # in a fresh interpreter, as on a real cluster
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                      worker_dashboard_address=":0", silence_logs=40) as local:
        yield local.scheduler_address


@pytest.fixture(scope="module")
def inbox(tmp_path_factory):
    return make_inbox(tmp_path_factory.mktemp("dask_inbox"), 16, first_seed=700)


def test_dask_run_equals_the_local_run(cluster, inbox, tmp_path):
    local, remote = f"sqlite:///{tmp_path / 'local.sqlite'}", f"sqlite:///{tmp_path / 'dask.sqlite'}"
    run_batch(str(inbox), local, jobs=1)
    summary = run_batch(str(inbox), remote, jobs=1, dask=cluster)
    assert (summary.validated, summary.unreadable) == (17, 1)
    assert store_contents(remote) == store_contents(local)


def test_dask_from_the_command_line_resumes(cluster, inbox, tmp_path):
    store = str(tmp_path / "cli.sqlite")
    first = run_cli("batch", str(inbox), "--store", store, "--dask", cluster)
    assert first.returncode == 1, first.stderr  # some workbooks fail
    assert "17 validated" in first.stdout
    again = run_cli("batch", str(inbox), "--store", store, "--dask", cluster)
    assert "0 validated, 17 already recorded" in again.stdout


def test_unreachable_scheduler_is_one_line(inbox, tmp_path):
    proc = run_cli("batch", str(inbox), "--store", str(tmp_path / "h.sqlite"),
                   "--dask", "tcp://127.0.0.1:9")
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "Dask scheduler" in proc.stderr, proc.stderr

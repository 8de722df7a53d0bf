"""budgetcheck batch --store: the review history in SQLite and PostgreSQL, resumable, consistent
when killed, versioned by Alembic migrations."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from budgetcheck.bureau.batch import run_batch

from .bureau_support import fresh_database, make_inbox, postgres_server, store_contents  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def inbox(tmp_path_factory) -> Path:
    return make_inbox(tmp_path_factory.mktemp("inbox"), 24)


@pytest.fixture(scope="module")
def big_inbox(tmp_path_factory) -> Path:
    return make_inbox(tmp_path_factory.mktemp("big"), 90, first_seed=900)


def _sqlite(tmp_path: Path, name: str = "h.sqlite") -> str:
    return f"sqlite:///{tmp_path / name}"


def test_batch_records_and_resumes(inbox, tmp_path):
    url = _sqlite(tmp_path)
    first = run_batch(str(inbox), url, jobs=2)
    assert (first.seen, first.validated, first.skipped) == (25, 25, 0)
    assert first.unreadable == 1 and first.failed == 12
    contents = store_contents(url)
    assert len(contents) == 25
    verdicts = {sub[1]: sub[8] for sub, _ in contents}  # file: verdict
    assert verdicts['"zz_broken.xlsx"'] == '"error"'
    units = {sub[4] for sub, _ in contents}
    assert "null" in units and len(units) > 10  # the broken file has no unit; the others do
    again = run_batch(str(inbox), url, jobs=2)
    assert (again.validated, again.skipped) == (0, 25)
    forced = run_batch(str(inbox), url, jobs=1, force=True)
    assert forced.validated == 25
    assert store_contents(url) == contents


def test_a_failing_submission_keeps_its_findings(inbox, tmp_path):
    from sqlalchemy import func, select

    from budgetcheck.store.db import open_store
    from budgetcheck.store.models import FindingRow, SubmissionRow

    url = _sqlite(tmp_path)
    run_batch(str(inbox), url, jobs=1)
    sessions = open_store(url)
    with sessions() as session:
        for sub in session.scalars(select(SubmissionRow)):
            count = session.scalar(select(func.count()).where(FindingRow.submission_id == sub.id))
            assert count >= sub.errors + sub.warnings
            assert (sub.verdict == "failed") == (sub.errors > 0)
            if sub.verdict != "error":
                assert sub.year == 2024 and sub.unit_code and sub.unit_name


def test_sigkill_half_way_then_rerun_equals_an_uninterrupted_run(big_inbox, tmp_path):
    whole = _sqlite(tmp_path, "whole.sqlite")
    run_batch(str(big_inbox), whole, jobs=1)
    killed_db = tmp_path / "killed.sqlite"
    command = [sys.executable, "-m", "budgetcheck.cli", "batch", str(big_inbox),
               "--store", str(killed_db), "--jobs", "2"]
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)
    recorded = 0
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with sqlite3.connect(killed_db, timeout=1) as conn:
                recorded = conn.execute("select count(*) from submissions").fetchone()[0]
        except sqlite3.OperationalError:
            recorded = 0  # the schema is not there yet
        if recorded >= 20:
            break
        time.sleep(0.01)
    assert proc.poll() is None, f"the batch ended before it could be killed: {proc.stderr.read()}"
    os.killpg(proc.pid, signal.SIGKILL)  # the batch and its worker processes, mid-write
    proc.wait(timeout=30)
    partial = store_contents(str(killed_db))
    assert 20 <= len(partial) < 91
    with sqlite3.connect(killed_db) as conn:
        assert conn.execute("select status from runs").fetchall() == [("running",)]
    rerun = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 1, rerun.stderr  # some workbooks fail
    assert f"{len(partial)} already recorded" in rerun.stdout
    assert store_contents(str(killed_db)) == store_contents(whole)


def test_sqlite_and_postgresql_hold_the_same_rows(inbox, tmp_path, postgres_server):  # noqa: F811
    lite = _sqlite(tmp_path)
    pg = fresh_database(postgres_server)
    run_batch(str(inbox), lite, jobs=2)
    run_batch(str(inbox), pg, jobs=2)
    assert store_contents(pg) == store_contents(lite)
    again = run_batch(str(inbox), pg, jobs=1)
    assert again.skipped == 25  # resuming works on PostgreSQL too


def test_migrations_build_the_models_schema(tmp_path, postgres_server):  # noqa: F811
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from budgetcheck.store.db import HEAD, head_revision, open_store, schema_revision
    from budgetcheck.store.models import Base

    for url in (_sqlite(tmp_path), fresh_database(postgres_server)):
        engine = open_store(url).kw["bind"]
        assert schema_revision(engine) == head_revision() == HEAD  # HEAD skips Alembic when current
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        assert diff == [], diff
        engine.dispose()


def test_a_bad_store_or_inbox_is_one_line(tmp_path, inbox):
    from .conftest import run_cli

    missing = run_cli("batch", str(tmp_path / "nope"), "--store", str(tmp_path / "h.sqlite"))
    assert missing.returncode == 2 and missing.stderr.count("\n") == 1
    assert "inbox is not a directory" in missing.stderr
    bad = run_cli("batch", str(inbox), "--store", "postgresql://nobody@127.0.0.1:1/none")
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1, bad.stderr
    assert "cannot open the store" in bad.stderr and "Traceback" not in bad.stderr

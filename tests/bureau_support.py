"""Helpers for the batch, store, dashboard and cluster tests: generated inboxes, a real PostgreSQL
server, and a store's contents without its surrogate keys and clocks."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path
from typing import Any

import pytest

from budgetcheck.synth import LAYOUTS, generate

ROOT = Path(__file__).resolve().parent.parent
START_POSTGRES = ROOT / "ci" / "start-postgres.sh"


def make_inbox(directory: Path, count: int, first_seed: int = 500) -> Path:
    """``count`` generated workbooks over every layout, every other one with an injected error,
    and one file that is not a workbook."""
    directory.mkdir(parents=True, exist_ok=True)
    layouts = sorted(LAYOUTS)
    for i in range(count):
        layout = layouts[i % len(layouts)]
        book = generate(first_seed + i, layout)
        mutate = None
        if i % 2:
            ref, _, new = book.inject_error(random.Random(f"inbox/{i}"))
            mutate = {ref: new}
        book.save(directory / f"{i:04d}_{layout}.xlsx", mutate=mutate)
    (directory / "zz_broken.xlsx").write_bytes(b"PK\x03\x04 this is not a workbook")
    return directory


SUBMISSION_COLUMNS = ("sha256", "file", "file_name", "size", "unit_key", "unit_code", "unit_name",
                      "year", "verdict", "reason", "errors", "warnings", "explained", "rules_run",
                      "tool_version", "contracts_version", "profile", "profile_version", "suspects",
                      "artifacts")
FINDING_COLUMNS = ("seq", "rule", "severity", "table_name", "cells", "expected", "actual",
                   "message_zh", "message_en", "args", "location", "explained")


def store_contents(url: str) -> list[tuple[Any, ...]]:
    """Every submission with its findings, keyed by content (no ids, run ids or timestamps)."""
    import json

    from sqlalchemy import select

    from budgetcheck.store.db import open_store
    from budgetcheck.store.models import FindingRow, SubmissionRow

    sessions = open_store(url)
    rows = []
    with sessions() as session:
        for sub in session.scalars(select(SubmissionRow).order_by(SubmissionRow.sha256)):
            findings = session.scalars(select(FindingRow).where(
                FindingRow.submission_id == sub.id).order_by(FindingRow.seq)).all()
            assert [f.seq for f in findings] == list(range(len(findings)))  # no partial writes
            rows.append((
                tuple(json.dumps(getattr(sub, c), sort_keys=True, ensure_ascii=False)
                      for c in SUBMISSION_COLUMNS),
                tuple(tuple(json.dumps(getattr(f, c), sort_keys=True, ensure_ascii=False)
                            for c in FINDING_COLUMNS) for f in findings),
            ))
    sessions.kw["bind"].dispose()
    return rows


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def postgres_server():
    """A real PostgreSQL server: $BUDGETCHECK_TEST_POSTGRES if set, else one started here from the
    system's server binaries (ci/install-system-deps.sh installs them). Missing binaries fail the
    test; only BUDGETCHECK_SKIP_POSTGRES=1 skips it, so that a skip is always deliberate."""
    given = os.environ.get("BUDGETCHECK_TEST_POSTGRES")
    if given:
        yield given
        return
    if os.environ.get("BUDGETCHECK_SKIP_POSTGRES") == "1":
        pytest.skip("BUDGETCHECK_SKIP_POSTGRES=1")
    directory = tempfile.mkdtemp(prefix="budgetcheck-pg-")  # not under pytest's 0700 tmp: the
    os.chmod(directory, 0o755)  # server may run as the postgres user
    port = str(_free_port())  # several checkouts may run the suite at once
    proc = subprocess.run(["bash", str(START_POSTGRES), directory, port], capture_output=True,
                          text=True, timeout=180)
    if proc.returncode != 0:
        shutil.rmtree(directory, ignore_errors=True)
        pytest.fail(f"cannot start PostgreSQL: {proc.stderr.strip()}")
    try:
        yield proc.stdout.strip()
    finally:
        subprocess.run(["bash", str(START_POSTGRES), "--stop", directory], timeout=60, check=False)
        shutil.rmtree(directory, ignore_errors=True)


def fresh_database(server_url: str) -> str:
    """A new empty database on the server; its URL."""
    import psycopg

    name = f"bc_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return server_url.rsplit("/", 1)[0] + f"/{name}"

"""``budgetcheck batch INBOX --store URL``: validate every workbook of an inbox into the review
history.

A file already recorded with the same SHA-256 under the same contracts and profile is not validated
again (``force`` redoes it), so a batch that was interrupted resumes where it stopped. Each
submission is written with its findings in one transaction (a few submissions share one): a batch
killed at any moment leaves whole submissions only, and the next run validates the rest.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .. import __version__
from ..errors import InputError
from .work import Job

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}
# Submissions committed together: a commit per submission doubled the parent's time writing
# (each commit writes the tables' and indexes' pages to the log again); a batch killed before a
# commit has at most these to validate again.
WRITE_GROUP = 16


@dataclass
class BatchSummary:
    run_id: int
    seen: int
    validated: int
    skipped: int
    failed: int
    unreadable: int


def inbox_files(inbox: Path) -> list[Path]:
    """Every workbook under the inbox, in path order (Office lock files ~$… and hidden files left
    out)."""
    if not inbox.is_dir():
        raise InputError(str(inbox), "inbox is not a directory")
    return sorted(p for p in inbox.rglob("*")
                  if p.suffix.lower() in WORKBOOK_SUFFIXES and p.is_file()
                  and not p.name.startswith(("~$", "."))
                  and not any(part.startswith(".") for part in p.relative_to(inbox).parts[:-1]))


def _digest(parts: list[tuple[str, bytes]]) -> str:
    h = hashlib.sha256()
    for name, data in parts:
        h.update(f"{hashlib.sha256(data).hexdigest()}  {name}\n".encode())
    return h.hexdigest()


def contracts_version() -> str:
    """SHA-256 over every shipped contract file (schemas, checks with the shipped profiles,
    expectations): what the evidence bundle calls the contracts hash."""
    from ..reports.evidence import contract_files

    return _digest(sorted(contract_files().items()))


def profile_version(profile: str | None, explanations: str | None) -> tuple[str, str]:
    """The profile's name and a SHA-256 over its files (the chain it extends) and the accepted
    explanations, which change verdicts as much as the contracts do."""
    from ..contracts.profiles import DEFAULT_PROFILE, load_profile

    loaded = load_profile(profile or DEFAULT_PROFILE)
    parts = [(f"profile/{p.name}", Path(p.path).read_bytes()) for p in loaded.chain()]
    if explanations:
        parts.append(("explanations", Path(explanations).read_bytes()))
    return loaded.name, _digest(parts)


def _absolute(spec: str | None) -> str | None:
    """A profile or explanations file given as a path, made absolute for workers elsewhere."""
    if spec and (spec.endswith((".yaml", ".yml")) or "/" in spec or "\\" in spec):
        return str(Path(spec).resolve())
    return spec


def run_batch(inbox: str, store: str, jobs: int, force: bool = False, profile: str | None = None,
              explanations: str | None = None, dask: str | None = None,
              on_record: Any = None, annotate: str | None = None,
              evidence: str | None = None) -> BatchSummary:
    """Validate the inbox into the store; ``on_record(record)`` is called for each record once
    it is committed.
    ``annotate`` / ``evidence``: directories for each submission's annotated workbook / evidence
    bundle (recorded with the submission, linked from the dashboard)."""
    from sqlalchemy import select

    from ..store.db import open_store
    from ..store.models import Run, SubmissionRow
    from .work import contracts

    root = Path(inbox).resolve()
    files = inbox_files(root)
    profile, explanations = _absolute(profile), _absolute(explanations)
    contracts(profile, explanations)  # contracts are validated before any data is read
    cv = contracts_version()
    profile_name, pv = profile_version(profile, explanations)
    sessions = open_store(store)
    with sessions() as session:
        recorded = set(session.scalars(select(SubmissionRow.sha256).where(
            SubmissionRow.contracts_version == cv, SubmissionRow.profile_version == pv)))
    annotate = str(Path(annotate).resolve()) if annotate else None
    evidence = str(Path(evidence).resolve()) if evidence else None
    todo: list[Job] = []
    queued: set[str] = set()
    for path in files:
        sha = hashlib.sha256(path.read_bytes()).hexdigest()
        if sha in queued or (sha in recorded and not force):
            continue  # the same bytes twice in the inbox are one submission
        queued.add(sha)
        todo.append((str(path), path.relative_to(root).as_posix(), profile, explanations,
                     annotate, evidence))
    executor = f"dask:{dask}" if dask else f"local:{jobs}"
    with sessions.begin() as session:
        run = Run(started_at=_now(), status="running", inbox=str(root), executor=executor,
                  tool_version=__version__, contracts_version=cv, profile=profile_name,
                  profile_version=pv, files_seen=len(files), validated=0,
                  skipped=len(files) - len(todo))
        session.add(run)
        session.flush()
        run_id = run.id
    versions = {"tool_version": __version__, "contracts_version": cv, "profile": profile_name,
                "profile_version": pv}
    failed = unreadable = 0
    group: list[dict[str, Any]] = []

    def commit() -> None:
        nonlocal failed, unreadable
        records = group[:]
        group.clear()  # a write that fails is not tried again on the way out
        _write(sessions, run_id, records, versions, replace=force)
        for record in records:
            failed += record["verdict"] == "failed"
            unreadable += record["verdict"] == "error"
            if on_record is not None:
                on_record(record)

    try:
        for record in _records(todo, jobs, dask, profile, explanations):
            group.append(record)
            if len(group) >= WRITE_GROUP:
                commit()
    finally:
        if group:  # also when interrupted: what was validated is kept
            commit()
    with sessions.begin() as session:
        run = session.get(Run, run_id)
        run.status, run.finished_at, run.validated = "finished", _now(), len(todo)
    sessions.kw["bind"].dispose()
    return BatchSummary(run_id, len(files), len(todo), len(files) - len(todo), failed, unreadable)


def _records(todo: list, jobs: int, dask: str | None, profile: str | None,
             explanations: str | None) -> Iterator[dict[str, Any]]:
    if dask:
        from .cluster import dask_records

        yield from dask_records(dask, todo)
        return
    from .parallel import run_pool
    from .work import batch_task, contracts

    for _, record in run_pool(todo, batch_task, jobs, contracts, (profile, explanations)):
        yield record


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _write(sessions, run_id: int, records: list[dict[str, Any]], versions: dict[str, str],
           replace: bool) -> None:
    """Submissions and their findings, in one transaction: a killed batch leaves whole
    submissions only (those of the last, uncommitted group are validated again by the next run).
    Core statements, and one commit for several submissions: the parent writes while the workers
    validate, so its share of the CPU is kept small (a commit writes the table's and its indexes'
    pages to the log again, whatever it adds)."""
    from sqlalchemy import delete, insert

    from ..store.models import FindingRow, SubmissionRow

    submissions, findings = SubmissionRow.__table__, FindingRow.__table__
    with sessions.kw["bind"].begin() as connection:
        for record in records:
            if replace:
                connection.execute(delete(submissions).where(
                    submissions.c.sha256 == record["sha256"],
                    submissions.c.contracts_version == versions["contracts_version"],
                    submissions.c.profile_version == versions["profile_version"]))
            row = {
                "run_id": run_id, "unit_key": record["unit_code"] or record["unit_name"],
                "unit_code": record["unit_code"], "unit_name": record["unit_name"],
                "year": record["year"], "file": record["file"], "file_name": record["file_name"],
                "sha256": record["sha256"], "size": record["size"], "submitted_at": record["mtime"],
                "verdict": record["verdict"], "reason": record["reason"], "errors": record["errors"],
                "warnings": record["warnings"], "explained": record["explained"],
                "rules_run": record["rules_run"], "suspects": record.get("suspects"),
                "artifacts": record.get("artifacts"), "recorded_at": _now(), **versions}
            submission_id = connection.execute(insert(submissions), row).inserted_primary_key[0]
            if record["findings"]:
                connection.execute(insert(findings), [
                    {"submission_id": submission_id, "seq": seq, **finding}
                    for seq, finding in enumerate(record["findings"])])

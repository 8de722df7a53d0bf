"""The command-line side of parallel validation: progress on a terminal, JSON lines as results
finish, results put back in the order of the command line for the whole-batch reports."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TextIO

from ..contracts.rules import RuleSet
from ..engine.explain import Explanation
from ..engine.run import SubmissionResult
from .jobs import validate_jobs
from .parallel import Progress, default_jobs


def jsonl_line(result: SubmissionResult, ruleset: RuleSet, lang: str) -> str:
    """One submission of the JSON report (the same object) on one line."""
    from ..reports.json_report import submission_dict

    return json.dumps(submission_dict(result, ruleset, lang), ensure_ascii=False) + "\n"


def run_validate(paths: list[str], ruleset: RuleSet, narrative: str | None,
                 explanations: list[Explanation] | None, jobs: int | None, lang: str,
                 jsonl: str | None = None, keep_tables: bool = False,
                 keep: bool = True, document: TextIO | None = None) -> list[SubmissionResult]:
    """Validate ``paths`` on ``jobs`` processes; results in command-line order.

    With ``jsonl`` set (a file, or "-" for stdout), every result is written as one JSON line the moment it finishes. Without ``keep`` only the verdicts are kept
    (findings dropped once written), so memory does not grow with the findings of the batch.
    ``document`` is where "-" writes (default: stdout).
    """
    out: TextIO | None = None
    stream = jsonl is not None or not keep
    if stream:
        try:
            out = (document or sys.stdout) if not jsonl or jsonl == "-" else open(jsonl, "w", encoding="utf-8")  # noqa: SIM115
        except OSError as exc:
            print(f"budgetcheck: {jsonl}: cannot write report ({exc.strerror or exc})", file=sys.stderr)
            sys.exit(2)
    results: list[SubmissionResult | None] = [None] * len(paths)
    progress = Progress(len(paths))
    try:
        for index, result in validate_jobs(paths, ruleset, narrative, explanations,
                                           jobs or default_jobs(), keep_tables):
            if out is not None:
                out.write(jsonl_line(result, ruleset, lang))
                out.flush()
            if not keep:
                result = SubmissionResult(result.path, result.sha256, result.status,
                                          reason=result.reason)
            results[index] = result
            progress.update(result.status != "passed")
    finally:
        progress.close()
        if out is not None and out is not sys.stdout and out is not document:
            out.close()
    return [r for r in results if r is not None]


def batch(inbox: str, store: str | None, jobs: int | None, force: bool, profile: str | None,
          explanations: str | None, dask: str | None, annotate: str | None = None,
          evidence: str | None = None) -> None:
    """The ``batch`` command: run, print one summary line, exit 0/1/2."""
    from ..errors import ContractError, InputError
    from ..store.db import DEFAULT_STORE
    from .batch import inbox_files, run_batch

    try:
        total = len(inbox_files(Path(inbox)))
    except InputError as exc:
        _fail(exc.one_line())
    progress = Progress(total)
    try:
        summary = run_batch(inbox, store or DEFAULT_STORE, jobs or default_jobs(), force, profile,
                            explanations, dask,
                            on_record=lambda r: progress.update(r["verdict"] != "passed"),
                            annotate=annotate, evidence=evidence)
    except (ContractError, InputError) as exc:
        progress.close()
        _fail(exc.one_line())
    progress.close()
    print(f"run {summary.run_id}: {summary.seen} files, {summary.validated} validated, "
          f"{summary.skipped} already recorded, {summary.failed} failed, "
          f"{summary.unreadable} unreadable")
    sys.exit(1 if summary.failed or summary.unreadable else 0)


def _fail(message: str) -> None:
    print(f"budgetcheck: {message}", file=sys.stderr)
    sys.exit(2)

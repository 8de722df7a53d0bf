"""``validate --jobs N``: the same ``validate_one`` as a one-process run, in worker processes.

A worker sends back the findings and the names of the tables read, not the tables themselves
(the reports need no more), unless the caller keeps whole submissions (Data Docs)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..contracts.rules import RuleSet
from ..engine.explain import Explanation
from ..engine.run import SubmissionResult, validate_one
from ..model import Submission, Table
from .parallel import run_pool

_STATE: dict[str, Any] = {}


def _init(ruleset: RuleSet, narrative: str | None, explanations: list[Explanation] | None,
          keep_tables: bool) -> None:
    _STATE.update(ruleset=ruleset, narrative=narrative, explanations=explanations,
                  keep_tables=keep_tables)


def slim(result: SubmissionResult) -> SubmissionResult:
    """The result without the cells of its tables (what a report needs, a fraction to send)."""
    sub = result.submission
    if sub is not None:
        tables = {k: Table(t.kind, t.title, t.sheet, list(t.columns), [], t.header_rows, t.empty)
                  for k, t in sub.tables.items()}
        result.submission = Submission(sub.path, sub.sha256, tables, list(sub.sheets), list(sub.notes))
    return result


def _task(path: str) -> SubmissionResult:
    result = validate_one(path, _STATE["ruleset"], _STATE["narrative"], _STATE["explanations"])
    return result if _STATE["keep_tables"] else slim(result)


def validate_jobs(paths: list[str], ruleset: RuleSet, narrative: str | None,
                  explanations: list[Explanation] | None, jobs: int,
                  keep_tables: bool = False) -> Iterator[tuple[int, SubmissionResult]]:
    """(index in ``paths``, result) as each submission finishes."""
    yield from run_pool(paths, _task, jobs, _init, (ruleset, narrative, explanations, keep_tables))

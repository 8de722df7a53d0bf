"""The work of one submission in a batch, the same in a local worker process and on a Dask worker:
read (with the unit's identity), validate, and turn the result into a plain record (strings and
numbers only) that the parent writes to the store.

A worker loads the contracts once (cached by profile and explanations file), so the task carries
only paths; it must stay a module-level function so that it pickles by name.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..contracts.rules import RuleSet
from ..engine.explain import Explanation

# What a task uses is imported with this module, in the batch's process: worker processes are
# forked from it (a fresh one every 100 tasks), and each imported them again at its first task
# (about 20 ms each).
from ..engine.run import validate_one
from ..readers import read_workbook
from ..readers.workbook import open_workbook
from ..reports.json_report import submission_dict
from .identity import Identity, identify


@lru_cache(maxsize=4)
def contracts(profile: str | None, explanations: str | None) -> tuple[RuleSet, list[Explanation] | None]:
    """The rule set and accepted explanations, loaded once per process."""
    from ..cli import _load_contracts

    return _load_contracts(profile, explanations)


def submission_record(path: str, file: str, profile: str | None = None,
                      explanations: str | None = None, annotate: str | None = None,
                      evidence: str | None = None) -> dict[str, Any]:
    """Validate the workbook at ``path`` (an absolute path; ``file`` is how the store names it),
    writing its annotated copy / evidence bundle under the ``annotate`` / ``evidence`` directories
    when given."""
    ruleset, accepted = contracts(profile, explanations)
    seen: dict[str, Any] = {}

    def read(where: str):
        book = open_workbook(where)
        submission = read_workbook(book)
        seen["identity"] = identify(book.grids, submission)
        return submission

    result = validate_one(path, ruleset, None, accepted, read=read)
    identity: Identity = seen.get("identity") or Identity()
    try:
        stat = os.stat(path)
        size, mtime = stat.st_size, stat.st_mtime
    except OSError:
        size, mtime = None, None
    report = submission_dict(result, ruleset, "zh")  # the JSON report's view, suspects included
    findings = []
    for item in report["findings"]:
        findings.append({
            "rule": item["rule"], "severity": item["severity"], "table_name": item["table"],
            "cells": list(item["cells"]), "expected": item["expected"], "actual": item["actual"],
            "message_zh": item["message"], "message_en": item["message_en"],
            "args": item.get("args") or {}, "location": item.get("location"),
            "explained": item.get("explained"),
        })
    artifacts = _artifacts(result, ruleset, file, annotate, evidence, profile, explanations)
    return {
        "artifacts": artifacts or None,
        "file": file, "file_name": Path(file).name, "sha256": result.sha256, "size": size,
        "mtime": mtime, "unit_code": identity.unit_code, "unit_name": identity.unit_name,
        "year": identity.year, "verdict": result.status, "reason": result.reason,
        "errors": result.errors, "warnings": result.warnings,
        "explained": sum(1 for f in result.findings if f.explained),
        "rules_run": len(result.rules_run), "suspects": report.get("suspects") or None,
        "findings": findings,
    }


def _artifacts(result, ruleset: RuleSet, file: str, annotate: str | None, evidence: str | None,
               profile: str | None, explanations: str | None) -> dict[str, str]:
    """The annotated workbook and evidence bundle, named after the file's place in the inbox."""
    written: dict[str, str] = {}
    if result.status == "error":
        return written
    stem = file.rsplit(".", 1)[0]
    if annotate:
        from ..reports.annotate import annotate_workbook

        out = Path(annotate, f"{stem}.annotated.xlsx")
        out.parent.mkdir(parents=True, exist_ok=True)
        written["annotated"] = str(annotate_workbook(result, ruleset, out).resolve())
    if evidence:
        from ..reports.evidence import build_evidence

        out = Path(evidence, f"{stem}.evidence.zip")
        out.parent.mkdir(parents=True, exist_ok=True)
        written["evidence"] = str(Path(build_evidence(result, ruleset, out, "zh", profile=profile,
                                                      explanations=explanations)).resolve())
    return written


Job = tuple[str, str, str | None, str | None, str | None, str | None]


def batch_task(job: Job) -> dict[str, Any]:
    """``submission_record`` of one (path, file, profile, explanations, annotate, evidence) job."""
    return submission_record(*job)

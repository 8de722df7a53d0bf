"""The publishing outputs of ``validate``: Data Docs, annotated workbooks, evidence bundles.

With one submission, ``--annotate``/``--evidence`` name a file; with several (or when the value is an
existing directory or ends with a slash) they name a directory that receives
``<stem>.annotated.xlsx`` / ``<stem>.evidence.zip`` per submission. Each feature imports its heavy
dependency (great_expectations, openpyxl, pandas) only when asked for.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import partial
from pathlib import Path

from .contracts.rules import RuleSet
from .engine import SubmissionResult
from .errors import ContractError, InputError


def targets(option: str, paths: list[str], suffix: str) -> list[Path]:
    """One output path per submission path."""
    from .readers.inputs import input_name

    as_dir = len(paths) > 1 or option.endswith(("/", os.sep)) or Path(option).is_dir()
    if not as_dir:
        return [Path(option)]
    seen: dict[str, int] = {}
    out = []
    for path in paths:
        stem = Path(input_name(path)).stem
        seen[stem] = seen.get(stem, 0) + 1
        name = stem if seen[stem] == 1 else f"{stem}-{seen[stem]}"
        out.append(Path(option) / f"{name}{suffix}")
    return out


def check_targets(paths: list[str], annotate: str | None, evidence: str | None) -> None:
    """Refuse, before anything is read or written, an output that is one of the submitted files."""
    from .reports.annotate import same_file

    for option, suffix in ((annotate, ".annotated.xlsx"), (evidence, ".evidence.zip")):
        if not option:
            continue
        for out in targets(option, paths, suffix):
            for path in paths:
                if same_file(path, out):
                    raise InputError(str(out), "refusing to overwrite the submitted workbook; choose another output")


def _attempt(failures: list[str], what: str, write: Callable[[], Path]) -> str | None:
    """Run one output's writer; a failure is noted (one line) and the other outputs go on."""
    try:
        return f"{what}: {write()}"
    except (ContractError, InputError) as exc:
        failures.append(exc.one_line())
    except OSError as exc:
        failures.append(f"{exc.filename or what}: cannot write {what} ({exc.strerror or exc})")
    return None


def publish(results: list[SubmissionResult], ruleset: RuleSet, lang: str, data_docs: str | None,
            annotate: str | None, evidence: str | None, profile: str | None = None,
            explanations: str | None = None, narrative: str | None = None,
            failures: list[str] | None = None) -> list[str]:
    """Write the requested outputs; return one line per output written (for stderr). An output
    that cannot be written is one line in ``failures`` and never stops the others."""
    paths = [r.path for r in results]
    written: list[str] = []
    failures = failures if failures is not None else []

    def attempt(what: str, write: Callable[[], Path]) -> None:
        line = _attempt(failures, what, write)
        if line:
            written.append(line)

    if annotate:
        from .reports.annotate import annotate_workbook

        for result, out in zip(results, targets(annotate, paths, ".annotated.xlsx"), strict=True):
            if result.status == "error":
                written.append(f"{result.path}: not annotated (unreadable)")
                continue
            attempt("annotated workbook", partial(annotate_workbook, result, ruleset, out, lang))
    if evidence:
        from .readers.inputs import input_exists
        from .reports.evidence import build_evidence

        for result, out in zip(results, targets(evidence, paths, ".evidence.zip"), strict=True):
            if not input_exists(result.path):
                written.append(f"{result.path}: no evidence (file not found)")
                continue
            attempt("evidence bundle", partial(build_evidence, result, ruleset, out, lang, profile,
                                               explanations, narrative))
    if data_docs:
        from .reports.datadocs import build_data_docs

        attempt("data docs", partial(build_data_docs, data_docs, results, ruleset, lang=lang))
    return written

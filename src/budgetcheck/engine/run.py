"""Run the rule catalogue over submissions: read, check, decide passed / failed / error."""

from __future__ import annotations

import gc
import hashlib
import os
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..contracts.rules import RuleSet
from ..errors import InputError, display_path, one_line
from ..limits import time_budget
from ..model import Finding, Submission
from ..readers import read_submission
from ..rules import FAMILIES, RuleContext
from ..rules.base import Relation
from .diagnose import Diagnosis, diagnose
from .explain import Explanation, explain


@dataclass
class SubmissionResult:
    path: str
    sha256: str
    status: str  # passed | failed | error
    findings: list[Finding] = field(default_factory=list)
    reason: str | None = None
    submission: Submission | None = None
    rules_run: list[str] = field(default_factory=list)
    unread: int | None = None  # narrative statements that could not be interpreted
    diagnosis: Diagnosis | None = None  # the cells to fix, for a failed workbook
    facts: int | None = None  # narrative facts read

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error" and not f.explained)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == "warning" and not f.explained)


def _run_rules(submission: Submission, ruleset: RuleSet,
               relations: list[Relation] | None = None) -> tuple[list[Finding], list[str]]:
    findings: list[Finding] = []
    ran: list[str] = []
    for rule in ruleset.rules:
        if rule.family == "narrative":
            continue
        fam = FAMILIES[rule.family]
        ctx = RuleContext(rule.id, rule.severity, rule.params, submission, relations)
        findings.extend(fam.run(ctx))
        ran.append(rule.id)
    return findings, ran


def check_submission(submission: Submission, ruleset: RuleSet,
                     relations: list[Relation] | None = None) -> tuple[list[Finding], list[str]]:
    """Every finding of every workbook rule, in catalogue order, and the ids of the rules run
    (the narrative rules run only with a text, in ``_narrative_findings``). Relations that need
    an unreadable cell are not findings: they go to ``submission.not_checkable``. With a
    ``relations`` list, every checkable relation evaluated is recorded there for the diagnosis."""
    findings, ran = _run_rules(submission, ruleset, relations)
    if submission.unreadable:
        from .checkable import split_unreadable

        layout = {r.id for r in ruleset.rules if r.family == "layout"}
        findings, submission.not_checkable = split_unreadable(
            submission, findings, layout, lambda: _run_rules(submission, ruleset)[0])
        if relations:  # a relation over an unreadable cell is neither to fix nor a constraint
            unreadable = submission.unreadable
            relations[:] = [r for r in relations if not any(c.ref in unreadable for c in r.cells())]
    return findings, ran


def _sha256_file(path: str) -> str:
    """The hash of a regular file within the size limit ('' otherwise: a FIFO or a device is
    never opened, /dev/zero never read)."""
    try:
        from ..readers.inputs import input_bytes

        return hashlib.sha256(input_bytes(path)).hexdigest()
    except (OSError, InputError):
        return ""


NARRATIVE_SUFFIXES = {".txt", ".docx", ".pdf"}


def is_narrative(path: str) -> bool:
    return Path(path).suffix.lower() in NARRATIVE_SUFFIXES


def _narrative_findings(text_path: str, ruleset: RuleSet, submission: Submission | None,
                        unit: tuple[str | None, int | None] | None = None) -> tuple[list[Finding], int, int]:
    from ..narrative import check_narrative, match_claims_to_tables

    # each narrative rule with its own (profile-merged) parameters, and no other rule's
    own = {rule.id: rule.params for rule in ruleset.rules if rule.family == "narrative"}
    result = check_narrative(text_path, None, own, unit)
    if not result.claims and not result.facts and not result.unread and not result.findings:
        from ..narrative.document import NarrativeInputError

        # nothing at all was read: an empty or undecodable text must not pass as checked
        raise NarrativeInputError(text_path, "no budget figure found in the text (empty, not a "
                                             "budget text, or an encoding other than UTF-8/GB18030)")
    findings = list(result.findings)
    other_unit = any(f.rule == "NAR-UNIT-001" for f in findings)
    if submission is not None and not other_unit:  # another unit's text: one finding, not dozens
        findings += match_claims_to_tables(result.claims, submission, own.get("NAR-TAB-001"),
                                           file=text_path, document=result.document)
    rules = ruleset.by_id()
    kept = []
    for finding in findings:
        rule = rules.get(finding.rule)
        if rule is None:
            continue  # a rule the profile leaves out
        if not finding.args.get("truncated"):  # a rate that holds when truncated: a warning at most
            finding.severity = rule.severity  # type: ignore[assignment]
        kept.append(finding)
    return kept, result.unread, len(result.facts)


def _read_with_unit(path: str) -> tuple[Submission, tuple[str | None, int | None]]:
    from ..bureau.identity import identify
    from ..readers import read_workbook
    from ..readers.workbook import open_workbook

    book = open_workbook(path)
    submission = read_workbook(book)
    identity = identify(book.grids, submission)
    return submission, (identity.unit_name, identity.year)


def _finish(result: SubmissionResult) -> SubmissionResult:
    result.status = "failed" if result.errors else "passed"
    return result


@contextmanager
def _without_cycle_collector() -> Iterator[None]:
    """Reading a workbook allocates many small objects and creates no reference cycles, so the
    cycle collector's passes over them are pure cost (about a quarter of a validation, measured);
    reference counting still frees everything."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def validate_paths(paths: list[str], ruleset: RuleSet, narrative: str | None = None,
                   explanations: list[Explanation] | None = None,
                   diagnosis: bool = True) -> list[SubmissionResult]:
    """Validate each workbook (with the narrative text, if given) or each text on its own;
    findings an accepted explanation covers are marked explained; a failed workbook is diagnosed
    (the cells to fix) unless ``diagnosis`` is off."""
    from ..narrative.document import NarrativeInputError  # claims load only for a text

    results = []
    for path in paths:
        with _without_cycle_collector():
            results.append(_guarded(path, ruleset, narrative, explanations, NarrativeInputError,
                                    diagnosis=diagnosis))
    return results


def validate_one(path: str, ruleset: RuleSet, narrative: str | None = None,
                 explanations: list[Explanation] | None = None,
                 read: Callable[[str], Submission] | None = None) -> SubmissionResult:
    """One submission as ``validate_paths`` validates it; ``read`` replaces the workbook reader
    (the batch reads the unit's identity from the same opened workbook)."""
    from ..narrative.document import NarrativeInputError

    with _without_cycle_collector():
        return _guarded(path, ruleset, narrative, explanations, NarrativeInputError, read)


DEBUG = False  # ``validate --debug``: an unexpected exception also prints its traceback


def _guarded(path: str, ruleset: RuleSet, narrative: str | None,
             explanations: list[Explanation] | None, narrative_error: type[Exception],
             read: Callable[[str], Submission] | None = None, diagnosis: bool = True) -> SubmissionResult:
    """The one error boundary: whatever goes wrong with one file is that file's exit-2 line
    (with the exception's type and where it was raised) and the other files are still checked.
    BaseException is caught because a Rust panic (pyo3 PanicException) derives from it; an
    interrupt or an exit is not ours to swallow."""
    try:
        with time_budget(path):
            return _validate_one(path, ruleset, narrative, explanations, narrative_error, read, diagnosis)
    except InputError as exc:
        return SubmissionResult(path, _sha256_file(path), "error", reason=exc.one_line())
    except (KeyboardInterrupt, SystemExit, GeneratorExit):
        raise
    except BaseException as exc:
        if DEBUG:
            traceback.print_exception(exc, file=sys.stderr)
        reason = (f"{display_path(path)}: internal error {exc.__class__.__name__} at {_place(exc)}"
                  f" ({one_line(str(exc))[:120]}); rerun with --debug for the traceback")
        return SubmissionResult(path, _sha256_file(path), "error", reason=reason)


def _place(exc: BaseException) -> str:
    """file:line of the innermost frame of budgetcheck's own code (else the innermost frame)."""
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return "?"
    ours = [f for f in frames if "budgetcheck" in f.filename] or frames
    frame = ours[-1]
    name = frame.filename.split("budgetcheck/", 1)[-1] if "budgetcheck/" in frame.filename else os.path.basename(frame.filename)
    return f"{name}:{frame.lineno}"


def _validate_one(path: str, ruleset: RuleSet, narrative: str | None,
                  explanations: list[Explanation] | None, narrative_error: type[Exception],
                  read: Callable[[str], Submission] | None = None,
                  diagnosis: bool = True) -> SubmissionResult:
    """One workbook (with its narrative, if given) or one text on its own."""
    try:
        if is_narrative(path):
            findings, unread, facts = _narrative_findings(path, ruleset, None)
            if explanations:
                findings = explain(findings, path, explanations, ruleset)
            ran = [r.id for r in ruleset.rules if r.family == "narrative"]
            return _finish(SubmissionResult(path, _sha256_file(path), "passed", findings,
                                            rules_run=ran, unread=unread, facts=facts))
        unit = None
        if narrative and read is None:  # the workbook's unit and year, to match the text's
            submission, unit = _read_with_unit(path)
        else:
            submission = (read or read_submission)(path)
        relations: list[Relation] | None = [] if diagnosis else None
        findings, ran = check_submission(submission, ruleset, relations)
        unread = facts = None
        if narrative:
            more, unread, facts = _narrative_findings(narrative, ruleset, submission, unit)
            findings += more
            ran += [r.id for r in ruleset.rules if r.family == "narrative"]
        if explanations:
            findings = explain(findings, path, explanations, ruleset)
    except InputError as exc:
        return SubmissionResult(path, _sha256_file(path), "error", reason=exc.one_line())
    except narrative_error as exc:
        reason = f"{display_path(exc.path)}: {one_line(exc.reason)}"  # type: ignore[attr-defined]
        return SubmissionResult(path, _sha256_file(path), "error", reason=reason)
    result = _finish(SubmissionResult(path, submission.sha256, "passed", findings,
                                      submission=submission, rules_run=ran, unread=unread,
                                      facts=facts))
    if relations is not None and result.status == "failed":
        result.diagnosis = diagnose(relations)
    return result

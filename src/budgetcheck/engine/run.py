"""Run the rule catalogue over submissions: read, check, decide passed / failed / error."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from ..contracts.rules import RuleSet
from ..errors import InputError
from ..model import Finding, Submission
from ..readers import read_submission
from ..rules import FAMILIES, RuleContext
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

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error" and not f.explained)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == "warning" and not f.explained)


def check_submission(submission: Submission, ruleset: RuleSet) -> tuple[list[Finding], list[str]]:
    """Every finding of every rule, in catalogue order, and the ids of the rules run."""
    findings: list[Finding] = []
    ran: list[str] = []
    for rule in ruleset.rules:
        fam = FAMILIES[rule.family]
        ctx = RuleContext(rule.id, rule.severity, rule.params, submission)
        findings.extend(fam.run(ctx))
        ran.append(rule.id)
    return findings, ran


def _sha256_file(path: str) -> str:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return ""


def validate_paths(paths: list[str], ruleset: RuleSet,
                   explanations: list[Explanation] | None = None) -> list[SubmissionResult]:
    results = []
    for path in paths:
        try:
            submission = read_submission(path)
        except InputError as exc:
            results.append(SubmissionResult(path, _sha256_file(path), "error", reason=exc.one_line()))
            continue
        findings, ran = check_submission(submission, ruleset)
        if explanations:
            findings = explain(findings, path, explanations, ruleset)
        result = SubmissionResult(path, submission.sha256, "passed", findings, submission=submission, rules_run=ran)
        result.status = "failed" if result.errors else "passed"
        results.append(result)
    return results

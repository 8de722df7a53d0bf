"""The JSON verdict: {"submissions": [{path, sha256, status, summary, findings}]}."""

from __future__ import annotations

import json
from typing import Any

from .. import __version__
from ..contracts.rules import RuleSet
from ..engine import SubmissionResult
from ..errors import display_path  # file names as one printable line
from ..reasons import localize
from .messages import render


def finding_dict(finding, ruleset: RuleSet, lang: str) -> dict[str, Any]:
    rule = ruleset.by_id().get(finding.rule)
    item: dict[str, Any] = {
        "rule": finding.rule,
        "severity": finding.severity,
        "message": render(finding, rule, ruleset, lang),
        "message_en": render(finding, rule, ruleset, "en"),
        "title": rule.title[lang] if rule else "",
        "table": finding.table,
        "cells": finding.cells,
        "expected": finding.expected,
        "actual": finding.actual,
        "args": {k: v for k, v in finding.args.items() if isinstance(v, (str, int, float, bool))},
    }
    if finding.location:
        item["location"] = dict(finding.location)
        if isinstance(finding.location.get("file"), str):  # a name's undecodable bytes break JSON
            item["location"]["file"] = display_path(finding.location["file"])
    if finding.explained:
        item["explained"] = finding.explained
    return item


def submission_dict(result: SubmissionResult, ruleset: RuleSet, lang: str = "zh") -> dict[str, Any]:
    item: dict[str, Any] = {"path": display_path(result.path), "sha256": result.sha256, "status": result.status}
    if result.reason:
        item["reason"] = localize(result.reason, lang)
        item["reason_en"] = result.reason
    item["summary"] = {
        "errors": result.errors,
        "warnings": result.warnings,
        "explained": sum(1 for f in result.findings if f.explained),
        "rules_run": len(result.rules_run),
        "tables": sorted(result.submission.tables) if result.submission else [],
    }
    if result.unread is not None:
        item["summary"]["unread"] = result.unread
    if getattr(result, "facts", None) is not None:
        item["summary"]["facts"] = result.facts
    if result.diagnosis is not None:  # the cells to fix come first: best first
        item["diagnosis"] = result.diagnosis.status
        item["suspects"] = [s.as_dict() for s in result.diagnosis.suspects]
    item["findings"] = [finding_dict(f, ruleset, lang) for f in result.findings]
    if result.submission is not None and result.submission.not_checkable:
        item["not_checkable"] = not_checkable_dicts(result.submission.not_checkable, ruleset, lang)
    return item


def not_checkable_dicts(entries: list, ruleset: RuleSet, lang: str) -> list[dict[str, Any]]:
    """Relations that need an unreadable cell: rule, title, table, cells and the unreadable ones."""
    rules = ruleset.by_id()
    return [{"rule": e.rule, "title": rules[e.rule].title[lang] if e.rule in rules else "",
             "table": e.table, "cells": e.cells, "unreadable": e.unreadable} for e in entries]


def render_json(results: list[SubmissionResult], ruleset: RuleSet, lang: str = "zh") -> str:
    payload = {
        "tool": {"name": "budgetcheck", "version": __version__},
        "submissions": [submission_dict(r, ruleset, lang) for r in results],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"

"""JUnit XML for CI: one testsuite per submission, one testcase per rule run. A testcase fails
when its rule has an unexplained error-severity finding (message and cells in the failure);
warnings are listed in the testcase's system-out and do not fail it. An unreadable submission is
one testcase in error."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ..contracts.rules import RuleSet
from ..engine import SubmissionResult
from ..errors import display_path  # file names as one printable line
from ..reasons import localize
from .messages import render


def _describe(findings, rules, ruleset: RuleSet, lang: str) -> str:
    lines = []
    for f in findings:
        lines.append(f"[{f.rule}] {f.severity}: {render(f, rules.get(f.rule), ruleset, lang)}")
        if f.cells:
            lines.append("  cells: " + ", ".join(f.cells))
        lines.append(f"  expected {f.expected}, actual {f.actual}")
    return "\n".join(lines)


def render_junit(results: list[SubmissionResult], ruleset: RuleSet, lang: str = "zh") -> str:
    rules = ruleset.by_id()
    root = ET.Element("testsuites", name="budgetcheck")
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for result in results:
        suite = ET.SubElement(root, "testsuite", name=display_path(result.path))
        counts = {"tests": 0, "failures": 0, "errors": 0}
        if result.status == "error":
            case = ET.SubElement(suite, "testcase", classname=display_path(result.path), name="read")
            reason = localize(result.reason or "unreadable", lang)
            ET.SubElement(case, "error", message=reason, type="InputError").text = reason
            counts.update(tests=1, errors=1)
        by_rule: dict[str, list] = {}
        for f in result.findings:
            by_rule.setdefault(f.rule, []).append(f)
        for rule_id in result.rules_run:
            rule = rules.get(rule_id)
            name = f"{rule_id} {rule.title[lang]}" if rule else rule_id
            case = ET.SubElement(suite, "testcase", classname=display_path(result.path), name=name)
            counts["tests"] += 1
            found = by_rule.get(rule_id, [])
            failing = [f for f in found if f.severity == "error" and not f.explained]
            if failing:
                counts["failures"] += 1
                first = failing[0]
                failure = ET.SubElement(case, "failure", type="error",
                                        message=render(first, rule, ruleset, lang) + (f" (+{len(failing) - 1})" if len(failing) > 1 else ""))
                failure.text = _describe(failing, rules, ruleset, lang)
            others = [f for f in found if f not in failing]
            if others:
                ET.SubElement(case, "system-out").text = _describe(others, rules, ruleset, lang)
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
    for key, value in totals.items():
        root.set(key, str(value))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"

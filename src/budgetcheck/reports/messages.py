"""Render a finding's message in Chinese or English from its rule's template and arguments."""

from __future__ import annotations

import string
from typing import Any

from ..contracts.rules import RuleSet, RuleSpec
from ..contracts.tables import load_catalogue
from ..model import Finding

COLUMN_LABELS: dict[str, dict[str, str]] = {
    "amount": {"zh": "金额", "en": "amount"},
    "count": {"zh": "人数", "en": "count"},
    "total": {"zh": "合计", "en": "total"},
    "basic": {"zh": "基本支出", "en": "basic"},
    "project": {"zh": "项目支出", "en": "project"},
    "personnel": {"zh": "人员经费", "en": "personnel"},
    "public": {"zh": "公用经费", "en": "public"},
    "carryover": {"zh": "上年结转", "en": "carry-over"},
    "fiscal": {"zh": "财政拨款", "en": "fiscal"},
    "fiscal_general": {"zh": "一般公共预算", "en": "general budget"},
    "fiscal_fund": {"zh": "政府性基金", "en": "government fund"},
    "fiscal_soe": {"zh": "国有资本经营", "en": "state capital"},
    "general": {"zh": "一般公共预算", "en": "general budget"},
    "fund": {"zh": "政府性基金", "en": "government fund"},
    "soe": {"zh": "国有资本经营", "en": "state capital"},
}


def column_label(column: str, lang: str) -> str:
    """A column's label; the 三公 items are named by the one vocabulary (checks/tables.yaml),
    which the table catalogue has already read."""
    if column in COLUMN_LABELS:
        return COLUMN_LABELS[column].get(lang, column)
    return load_catalogue().column_labels.get(column, {}).get(lang, column)


class _Lenient(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def table_name(table: str, lang: str) -> str:
    spec = load_catalogue().by_id.get(table)
    if spec is None:
        return {"narrative": {"zh": "情况说明", "en": "narrative"}}.get(table, {}).get(lang, table)
    return spec.name_zh if lang == "zh" else spec.name_en


def subject(finding: Finding, lang: str) -> str:
    args = finding.args
    parts = [table_name(finding.table, lang)]
    row = args.get("row", "")
    if row == "total":
        parts.append("合计行" if lang == "zh" else "total row")
    elif row and row[0].isdigit():
        parts.append(f"{row} {args.get('row_name', '')}".strip())
    elif args.get("row_name"):
        parts.append(str(args["row_name"]))
    column = args.get("column")
    if column and column not in ("amount", "count"):
        label = column_label(column, lang)
        parts.append(f"“{label}”列" if lang == "zh" else f"column '{label}'")
    return " ".join(parts)


def text_place(location: dict[str, Any], lang: str, file: str | None = None) -> str:
    """Where a text finding is: "file:line", with the page for a paged source (PDF)."""
    where = f"{file if file is not None else location.get('file')}:{location.get('line')}"
    page = location.get("page")
    if page:
        where += f"（第 {page} 页）" if lang == "zh" else f" (page {page})"
    return where


def render(finding: Finding, rule: RuleSpec | None, ruleset: RuleSet, lang: str = "zh") -> str:
    template = None
    if rule is not None and rule.message:
        template = rule.message[lang]
    elif rule is not None and rule.family in ruleset.templates:
        exact = f"{rule.family}_exact"  # exact (count) rules have no rounding slack to mention
        chosen = exact if rule.params.get("tolerance") == "exact" and exact in ruleset.templates else rule.family
        template = ruleset.templates[chosen][lang]
    values: dict[str, Any] = _Lenient(finding.args)
    values.setdefault("expected", finding.expected)
    values.setdefault("actual", finding.actual)
    if "subject" not in finding.args:
        values["subject"] = subject(finding, lang)
    if template is None:
        title = rule.title[lang] if rule else finding.rule
        return f"{values['subject']}：{title}" if lang == "zh" else f"{values['subject']}: {title}"
    return string.Formatter().vformat(template, (), values)

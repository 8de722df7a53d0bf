"""The human HTML report: a self-contained page (no scripts, no network) with the verdict of each
submission, the cells most likely wrong (最可能的错误单元格) first, then every finding with its
rule, message, cells and the two sides of its relation.

Used on its own, inside evidence bundles and as the verdict pages of the Data Docs site.
"""

from __future__ import annotations

from html import escape
from typing import Any

from .. import __version__
from ..contracts.rules import RuleSet
from ..engine import SubmissionResult
from ..reasons import localize
from .messages import render, table_name, text_place
from .suspects import COLUMNS, HEADING, TOO_MANY, sides_text, suspect_row

WORDS = {
    "zh": {"title": "预算公开审核结论", "passed": "通过", "failed": "未通过", "error": "无法读取",
           "error_word": "错误", "warning_word": "警告", "explained": "已说明", "rule": "规则",
           "severity": "级别", "message": "说明", "cells": "单元格", "expected": "应为", "actual": "实为", "sides": "比较",
           "file": "文件", "sha256": "SHA-256", "verdict": "结论", "errors": "错误", "warnings": "警告",
           "none": "未发现问题。", "tables": "识别的表", "links": "相关页面", "tool": "生成工具"},
    "en": {"title": "Budget disclosure verdict", "passed": "passed", "failed": "failed",
           "error": "unreadable", "error_word": "error", "warning_word": "warning",
           "explained": "explained", "rule": "Rule", "severity": "Severity", "message": "Message",
           "cells": "Cells", "expected": "Expected", "actual": "Actual", "sides": "Compared",
           "file": "File",
           "sha256": "SHA-256", "verdict": "Verdict", "errors": "Errors", "warnings": "Warnings",
           "none": "No findings.", "tables": "Tables found", "links": "Related pages", "tool": "Tool"},
}

STYLE = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2em;color:#222}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em}
table{border-collapse:collapse;margin:.5em 0;width:100%}
th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top;font-size:.9em}
th{background:#f2f2f2}.passed{color:#1a7f37}.failed,.error{color:#c62828}
tr.error td.sev{background:#ffc7ce}tr.warning td.sev{background:#ffeb9c}
code{font-size:.9em}.meta{color:#555;font-size:.9em}
div.suspects{border:2px solid #c00000;padding:.3em .8em;margin:1em 0;background:#fff5f5}
div.suspects h3{margin:.3em 0;color:#c00000}tr.suspect td:first-child{background:#f8696b;font-weight:bold}
tr.suspect.alternative td:first-child{background:#fbb4b5}
"""


def table_names(tables: Any, lang: str) -> str:
    """The tables found, by their published names in their published order (not internal ids)."""
    from ..contracts.tables import load_catalogue

    numbers = {t.id: t.number for t in load_catalogue().tables}
    ordered = sorted(tables, key=lambda t: (numbers.get(t, 99), t))
    return ("、" if lang == "zh" else ", ").join(table_name(t, lang) for t in ordered)


def _e(value: Any) -> str:
    return escape(str(value), quote=True)


def submission_section(result: SubmissionResult, ruleset: RuleSet, lang: str = "zh",
                       links: list[tuple[str, str]] | None = None, heading: str = "h2") -> str:
    w = WORDS[lang]
    rules = ruleset.by_id()
    out = [f'<section class="submission" data-status="{_e(result.status)}">',
           f'<{heading}>{_e(result.path)} — <span class="{_e(result.status)}">{_e(w[result.status])}</span></{heading}>',
           f'<p class="meta">{w["sha256"]}: <code>{_e(result.sha256)}</code>']
    if result.status != "error":
        out.append(f' · {w["errors"]} {result.errors} · {w["warnings"]} {result.warnings}')
        if result.submission:
            out.append(f' · {w["tables"]}: {_e(table_names(result.submission.tables, lang))}')
    out.append("</p>")
    if result.reason:
        out.append(f'<p class="error">{_e(localize(result.reason, lang))}</p>')
    if links:
        items = "".join(f'<li><a href="{_e(href)}">{_e(label)}</a></li>' for label, href in links)
        out.append(f'<p>{w["links"]}:</p><ul class="links">{items}</ul>')
    out.append(suspects_block(result, lang))
    if result.findings:
        out.append(f'<table class="findings"><thead><tr><th>{w["rule"]}</th><th>{w["severity"]}</th>'
                   f'<th>{w["message"]}</th><th>{w["cells"]}</th><th>{w["sides"]}</th>'
                   f'</tr></thead><tbody>')
        for f in result.findings:
            rule = rules.get(f.rule)
            sev = w["error_word"] if f.severity == "error" else w["warning_word"]
            if f.explained:
                sev += f"（{w['explained']}）" if lang == "zh" else f" ({w['explained']})"
            title = rule.title[lang] if rule else ""
            cells = "<br>".join(_e(c) for c in f.cells)
            if f.location:
                cells += ("<br>" if cells else "") + _e(text_place(f.location, lang))
            out.append(
                f'<tr class="finding {_e(f.severity)}" data-rule="{_e(f.rule)}">'
                f'<td><b>{_e(f.rule)}</b><br>{_e(title)}</td><td class="sev">{_e(sev)}</td>'
                f'<td>{_e(render(f, rule, ruleset, lang))}</td><td>{cells}</td>'
                f'<td class="sides">{_e(sides_text(f, rule, lang)) if f.expected or f.actual else ""}</td></tr>')
        out.append("</tbody></table>")
    elif result.status != "error":
        out.append(f'<p class="passed">{w["none"]}</p>')
    out.append("</section>")
    return "\n".join(out)


def suspects_block(result: SubmissionResult, lang: str = "zh") -> str:
    """The cells most likely wrong, first on the page: each with its value now, the value the
    relations need and why; or the notice that there are too many inconsistencies to localise."""
    diagnosis = result.diagnosis
    if diagnosis is None or diagnosis.status == "none":
        return ""
    out = [f'<div class="suspects" data-status="{_e(diagnosis.status)}"><h3>{HEADING[lang]}</h3>']
    if not diagnosis.suspects:
        out.append(f'<p class="too-many">{_e(TOO_MANY[lang])}</p></div>')
        return "".join(out)
    out.append('<table class="suspects"><thead><tr>'
               + "".join(f"<th>{_e(h)}</th>" for h in COLUMNS[lang]) + "</tr></thead><tbody>")
    for s in diagnosis.suspects:
        kind = "suspect alternative" if s.alternative or s.one_of else "suspect"
        cells = "".join(f"<td>{_e(v)}</td>" for v in suspect_row(s, lang))
        out.append(f'<tr class="{kind}" data-cell="{_e(s.cell)}">{cells}</tr>')
    out.append("</tbody></table></div>")
    return "".join(out)


def summary_table(results: list[SubmissionResult], lang: str = "zh",
                  hrefs: dict[int, str] | None = None) -> str:
    w = WORDS[lang]
    rows = []
    for i, r in enumerate(results):
        name = _e(r.path)
        if hrefs and i in hrefs:
            name = f'<a href="{_e(hrefs[i])}">{name}</a>'
        counts = ("", "") if r.status == "error" else (r.errors, r.warnings)
        rows.append(f'<tr class="{_e(r.status)}"><td>{name}</td><td class="{_e(r.status)}">{_e(w[r.status])}</td>'
                    f'<td>{counts[0]}</td><td>{counts[1]}</td></tr>')
    return (f'<table class="summary"><thead><tr><th>{w["file"]}</th><th>{w["verdict"]}</th>'
            f'<th>{w["errors"]}</th><th>{w["warnings"]}</th></tr></thead><tbody>{"".join(rows)}</tbody></table>')


def page(title: str, body: str, lang: str = "zh", offline: str | None = None) -> str:
    """A whole page; ``offline`` is the folder of the shipped offline.css/js (Data Docs pages)."""
    html_lang = "zh-CN" if lang == "zh" else "en"
    assets = (f'<link rel="stylesheet" href="{_e(offline)}/offline.css"><script src="{_e(offline)}/offline.js"></script>'
              if offline else "")
    return (f'<!DOCTYPE html>\n<html lang="{html_lang}"><head><meta charset="utf-8">'
            f'<title>{_e(title)}</title>{assets}<style>{STYLE}</style></head><body>\n{body}\n'
            f'<p class="meta">{WORDS[lang]["tool"]}: budgetcheck {_e(__version__)}</p></body></html>\n')


def render_html(results: list[SubmissionResult], ruleset: RuleSet, lang: str = "zh",
                links: dict[int, list[tuple[str, str]]] | None = None) -> str:
    """The whole verdict of a run as one self-contained HTML page."""
    w = WORDS[lang]
    body = [f"<h1>{w['title']}</h1>", summary_table(results, lang)]
    for i, result in enumerate(results):
        body.append(submission_section(result, ruleset, lang, (links or {}).get(i)))
    return page(w["title"], "\n".join(body), lang)

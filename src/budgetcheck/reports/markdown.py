"""A Markdown summary for a pull-request comment or a CI step summary: a verdict table, then the
findings of each submission that has any (capped, with a count of the rest)."""

from __future__ import annotations

from ..contracts.rules import RuleSet
from ..engine import SubmissionResult
from .html import WORDS
from .messages import render

MAX_ROWS = 50  # findings listed per submission; the count of the rest is given


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def render_markdown(results: list[SubmissionResult], ruleset: RuleSet, lang: str = "zh") -> str:
    w = WORDS[lang]
    rules = ruleset.by_id()
    icon = {"passed": "✅", "failed": "❌", "error": "⚠️"}
    bad = sum(r.status != "passed" for r in results)
    lines = [f"## {w['title']}", ""]
    lines.append(f"{len(results)} 个文件，{bad} 个未通过或无法读取。" if lang == "zh"
                  else f"{len(results)} files, {bad} failed or unreadable.")
    lines += ["", f"| {w['file']} | {w['verdict']} | {w['errors']} | {w['warnings']} |", "|---|---|---:|---:|"]
    for r in results:
        counts = ("", "") if r.status == "error" else (r.errors, r.warnings)
        lines.append(f"| `{_cell(r.path)}` | {icon[r.status]} {w[r.status]} | {counts[0]} | {counts[1]} |")
    for r in results:
        if not r.findings and not r.reason:
            continue
        lines += ["", f"### `{_cell(r.path)}` — {w[r.status]}", ""]
        if r.reason:
            lines.append(f"> {_cell(r.reason)}")
            continue
        lines += [f"| {w['rule']} | {w['severity']} | {w['message']} | {w['cells']} | {w['expected']} | {w['actual']} |",
                  "|---|---|---|---|---:|---:|"]
        for f in r.findings[:MAX_ROWS]:
            sev = w["error_word"] if f.severity == "error" else w["warning_word"]
            if f.explained:
                sev += f" ({w['explained']})"
            cells = ", ".join(f.cells[:4]) + (" …" if len(f.cells) > 4 else "")
            lines.append(f"| {f.rule} | {sev} | {_cell(render(f, rules.get(f.rule), ruleset, lang))} | "
                         f"{_cell(cells)} | {_cell(f.expected)} | {_cell(f.actual)} |")
        if len(r.findings) > MAX_ROWS:
            rest = len(r.findings) - MAX_ROWS
            lines.append("")
            lines.append(f"… 另有 {rest} 条" if lang == "zh" else f"… {rest} more")
    return "\n".join(lines) + "\n"

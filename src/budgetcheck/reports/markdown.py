"""A Markdown summary for a pull-request comment or a CI step summary: a verdict table, then for
each submission with findings the cells most likely wrong and the findings (capped, with a count
of the rest)."""

from __future__ import annotations

from ..contracts.rules import RuleSet
from ..engine import SubmissionResult
from ..errors import display_path  # file names as one printable line
from ..reasons import localize
from .html import WORDS
from .messages import render, text_place
from .suspects import COLUMNS, HEADING, TOO_MANY, sides_text, suspect_row

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
        lines.append(f"| `{_cell(display_path(r.path))}` | {icon[r.status]} {w[r.status]} | {counts[0]} | {counts[1]} |")
    for r in results:
        if not r.findings and not r.reason:
            continue
        lines += ["", f"### `{_cell(display_path(r.path))}` — {w[r.status]}", ""]
        if r.reason:
            lines.append(f"> {_cell(localize(r.reason, lang))}")
            continue
        lines += _suspects(r, lang)
        lines += [f"| {w['rule']} | {w['severity']} | {w['message']} | {w['cells']} | {w['sides']} |",
                  "|---|---|---|---|---|"]
        for f in r.findings[:MAX_ROWS]:
            sev = w["error_word"] if f.severity == "error" else w["warning_word"]
            if f.explained:
                sev += f" ({w['explained']})"
            cells = ", ".join(f.cells[:4]) + (" …" if len(f.cells) > 4 else "")
            if f.location:  # a text finding: where in the text, beside any cell it cites
                where = text_place(f.location, lang, display_path(str(f.location.get("file"))))
                cells += ("; " if cells else "") + where
            sides = sides_text(f, rules.get(f.rule), lang) if f.expected or f.actual else ""
            lines.append(f"| {f.rule} | {sev} | {_cell(render(f, rules.get(f.rule), ruleset, lang))} | "
                         f"{_cell(cells)} | {_cell(sides)} |")
        if len(r.findings) > MAX_ROWS:
            rest = len(r.findings) - MAX_ROWS
            lines.append("")
            lines.append(f"… 另有 {rest} 条" if lang == "zh" else f"… {rest} more")
    return "\n".join(lines) + "\n"


def _suspects(result: SubmissionResult, lang: str) -> list[str]:
    """The cells most likely wrong, as a table led by its heading (before the findings)."""
    diagnosis = result.diagnosis
    if diagnosis is None or diagnosis.status == "none":
        return []
    if not diagnosis.suspects:
        return [f"**{HEADING[lang]}**：{TOO_MANY[lang]}" if lang == "zh" else f"**{HEADING[lang]}**: {TOO_MANY[lang]}", ""]
    lines = [f"**{HEADING[lang]}**", "", "| " + " | ".join(COLUMNS[lang]) + " |", "|---|---:|---:|---|---|---:|"]
    for s in diagnosis.suspects:
        lines.append("| " + " | ".join(_cell(v) for v in suspect_row(s, lang)) + " |")
    return [*lines, ""]

"""A readable summary for a terminal: verdict per file, the cells most likely wrong (with the values
they should have), then each finding with rule, cells and the two sides of its relation."""

from __future__ import annotations

from ..contracts.rules import RuleSet
from ..engine import SubmissionResult
from ..errors import display_path  # file names as one printable line
from ..reasons import localize
from .messages import render, text_place
from .suspects import diagnosis_lines, sides_text

_WORDS = {
    "zh": {"passed": "通过", "failed": "未通过", "error": "无法读取", "error_word": "错误",
           "warning_word": "警告", "expected": "应为", "actual": "实为", "cells": "单元格",
           "summary": "{n} 个文件：{ok} 个通过，{bad} 个未通过，{err} 个无法读取"},
    "en": {"passed": "passed", "failed": "failed", "error": "unreadable", "error_word": "error",
           "warning_word": "warning", "expected": "expected", "actual": "actual", "cells": "cells",
           "summary": "{n} files: {ok} passed, {bad} failed, {err} unreadable"},
}


def render_text(results: list[SubmissionResult], ruleset: RuleSet, lang: str = "zh") -> str:
    w = _WORDS[lang]
    lines: list[str] = []
    rules = ruleset.by_id()
    for result in results:
        lines.append(f"{display_path(result.path)}: {w[result.status]}"
                     + (f"（{w['error_word']} {result.errors}，{w['warning_word']} {result.warnings}）"
                        if lang == "zh" and result.status != "error" else
                        f" ({result.errors} errors, {result.warnings} warnings)" if result.status != "error" else ""))
        if result.reason:
            lines.append(f"  {localize(result.reason, lang)}")
        diagnosis = diagnosis_lines(result.diagnosis, lang)  # the cells to fix lead the report
        if diagnosis:
            lines.append(f"  {diagnosis[0]}")
            lines += [f"    {line}" for line in diagnosis[1:]]
        for f in result.findings:
            word = w["error_word"] if f.severity == "error" else w["warning_word"]
            mark = " [explained]" if f.explained else ""
            lines.append(f"  [{f.rule}] {word}{mark}: {render(f, rules.get(f.rule), ruleset, lang)}")
            if f.cells:
                lines.append(f"      {w['cells']}: {', '.join(f.cells[:8])}" + (" …" if len(f.cells) > 8 else ""))
            if f.location:
                where = text_place(f.location, lang, display_path(str(f.location.get("file"))))
                lines.append(f"      {where}: {f.location.get('sentence')}")
            if f.expected or f.actual:  # each value named by its side of the relation
                lines.append(f"      {sides_text(f, rules.get(f.rule), lang)}")
        lines += _not_checkable_lines(result, rules, lang)
    ok = sum(r.status == "passed" for r in results)
    bad = sum(r.status == "failed" for r in results)
    err = sum(r.status == "error" for r in results)
    lines.append(w["summary"].format(n=len(results), ok=ok, bad=bad, err=err))
    return "\n".join(lines) + "\n"


def _not_checkable_lines(result: SubmissionResult, rules: dict, lang: str) -> list[str]:
    """Relations that need an unreadable cell (an Excel error, a formula with no result)."""
    entries = result.submission.not_checkable if result.submission is not None else []
    if not entries:
        return []
    lines = [f"  无法核对（{len(entries)} 项，所需单元格无法读取）：" if lang == "zh"
             else f"  not checkable ({len(entries)}, a cell they need is unreadable):"]
    for e in entries:
        title = rules[e.rule].title[lang] if e.rule in rules else ""
        why = ", ".join(f"{ref} = {detail}" for ref, detail in e.unreadable.items())
        lines.append(f"  [{e.rule}] {title}: {why}")
    return lines

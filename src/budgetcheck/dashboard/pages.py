"""The dashboard's HTML: the units table (index.html) and one history page per unit."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from html import escape
from pathlib import Path
from typing import Any

from .. import __version__
from .history import FindingView, SubmissionView, UnitView

VERDICT = {"passed": "通过", "failed": "未通过", "error": "无法读取"}


def _e(value: Any) -> str:
    return escape("" if value is None else str(value))


def _when(epoch: float | None) -> str:
    if epoch is None:
        return ""
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%d %H:%M")


def _page(title: str, body: str, depth: int) -> str:
    up = "../" * depth
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
            f"<title>{_e(title)}</title><link rel=\"stylesheet\" href=\"{up}assets/style.css\">"
            f"</head><body>\n{body}\n<p class=\"meta\">budgetcheck {_e(__version__)}</p>"
            f"<script src=\"{up}assets/app.js\"></script></body></html>\n")


def index_page(units: list[UnitView], chart_svg: str) -> str:
    failing = sum(1 for u in units if u.latest.verdict != "passed")
    rows = []
    for u in units:
        s = u.latest
        search = " ".join(x for x in (u.code, u.name, s.file_name, str(u.year or "")) if x).lower()
        rows.append(
            f'<tr data-verdict="{_e(s.verdict)}" data-search="{_e(search)}">'
            f"<td>{_e(u.code)}</td>"
            f'<td><a href="units/{u.slug}.html">{_e(u.label)}</a></td>'
            f'<td class="num">{_e(u.year)}</td>'
            f'<td class="{_e(s.verdict)}" data-sort="{_e(s.verdict)}">{_e(VERDICT.get(s.verdict, s.verdict))}</td>'
            f'<td class="num">{s.errors}</td><td class="num">{s.warnings}</td>'
            f"<td><code>{_e(s.suspect)}</code></td>"
            f'<td class="num">{len(u.submissions)}</td>'
            f'<td data-sort="{s.submitted_at or 0}">{_e(_when(s.submitted_at))}</td></tr>')
    body = f"""<h1>预审总览 (pre-acceptance dashboard)</h1>
<p>单位 {len(units)} 个，最近一次报送未通过 {failing} 个 ({len(units)} units, {failing} failing in their latest submission)</p>
<div class="chart">{chart_svg}</div>
<h2>各单位 (units)</h2>
<div class="filters"><label>筛选 (filter) <input id="filter-text" type="search" placeholder="单位编码、名称或文件"></label>
<label>结论 (verdict) <select id="filter-verdict"><option value="">全部 (all)</option>
<option value="failed">未通过 (failed)</option><option value="passed">通过 (passed)</option>
<option value="error">无法读取 (unreadable)</option></select></label>
显示 (shown) <span id="shown">{len(units)}</span> / {len(units)}</div>
<table id="units"><thead><tr>
<th id="col-code">单位编码</th><th id="col-name">单位名称</th><th id="col-year" data-type="number">年度</th>
<th id="col-verdict">最新结论</th><th id="col-errors" data-type="number">错误</th>
<th id="col-warnings" data-type="number">警告</th><th id="col-suspect">最可能出错的单元格</th>
<th id="col-submissions" data-type="number">报送次数</th><th id="col-last" data-type="number">最近报送</th>
</tr></thead><tbody>
{chr(10).join(rows)}
</tbody></table>"""
    return _page("预审总览", body, 0)


def _finding_rows(findings: list[FindingView]) -> str:
    if not findings:
        return "<p>未发现问题 (no findings)。</p>"
    rows = "".join(
        f'<tr><td><code>{_e(f.rule)}</code></td><td>{"错误" if f.severity == "error" else "警告"}'
        f'{"（已说明）" if f.explained else ""}</td><td>{_e(f.message)}</td>'
        f"<td><code>{_e(', '.join(f.cells))}</code></td><td>{_e(f.expected)}</td><td>{_e(f.actual)}</td></tr>"
        for f in findings)
    return ("<table><thead><tr><th>规则</th><th>级别</th><th>说明</th><th>单元格</th><th>应为</th>"
            f"<th>实为</th></tr></thead><tbody>{rows}</tbody></table>")


def _changes(findings: list[FindingView], css: str) -> str:
    return "<br>".join(f'<span class="{css}"><code>{_e(f.rule)}</code> {_e(f.message)}</span>'
                       for f in findings)


def _link(target: str | None, text: str, out: Path, depth_dir: Path) -> str:
    if not target:
        return ""
    path = Path(target)
    try:
        href = Path(os.path.relpath(path, depth_dir)).as_posix()
    except ValueError:  # another drive
        href = path.as_uri()
    return f'<a href="{_e(href)}">{_e(text)}</a>'


def unit_page(unit: UnitView, out: Path) -> str:
    here = out / "units"
    history = []
    sections = []
    for n, s in enumerate(unit.submissions, 1):
        arts = s.artifacts or {}
        links = [f'<a href="#s{s.id}">问题清单 (findings)</a>',
                 _link(arts.get("annotated"), "批注工作簿 (annotated workbook)", out, here),
                 _link(arts.get("evidence"), "审核证据 (evidence)", out, here),
                 _link(str(Path(s.inbox, s.file)) if s.inbox else None, "报送文件 (submitted file)", out, here)]
        history.append(
            f'<tr id="h{s.id}"><td class="num">{n}</td><td>{_e(_when(s.submitted_at))}</td>'
            f"<td>{_e(s.file)}<br><code>{_e(s.sha256[:12])}</code></td>"
            f'<td class="{_e(s.verdict)}">{_e(VERDICT.get(s.verdict, s.verdict))}</td>'
            f'<td class="num">{s.errors}</td><td class="num">{s.warnings}</td>'
            f"<td>{_changes(s.fixed, 'fixed')}</td><td>{_changes(s.broke, 'broke')}</td>"
            f"<td>{' · '.join(x for x in links if x)}</td></tr>")
        suspect = f"<p>最可能出错的单元格 (most likely wrong cell): <code>{_e(s.suspect)}</code></p>" if s.suspect else ""
        reason = f"<p class=\"error\">{_e(s.reason)}</p>" if s.reason else ""
        sections.append(f'<h3 id="s{s.id}">第 {n} 次报送 (submission {n}): {_e(s.file)} — '
                        f'<span class="{_e(s.verdict)}">{_e(VERDICT.get(s.verdict, s.verdict))}</span></h3>'
                        f"{reason}{suspect}{_finding_rows(s.findings)}")
    title = f"{unit.label} 报送记录"
    body = f"""<p><a href="../index.html">← 预审总览 (dashboard)</a></p>
<h1>{_e(unit.label)}</h1>
<p>单位编码 {_e(unit.code or "未识别")} · 年度 {_e(unit.year or "未识别")} · 报送 {len(unit.submissions)} 次</p>
<h2>报送历史 (history)</h2>
<table id="history"><thead><tr><th>#</th><th>报送时间</th><th>文件</th><th>结论</th><th>错误</th><th>警告</th>
<th>本次修正 (fixed)</th><th>本次新增 (new)</th><th>链接 (links)</th></tr></thead><tbody>
{chr(10).join(history)}
</tbody></table>
<h2>各次报送的问题 (findings)</h2>
{chr(10).join(sections)}"""
    return _page(title, body, 1)


__all__ = ["SubmissionView", "index_page", "unit_page"]

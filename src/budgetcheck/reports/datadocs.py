"""Data Docs: run the generated Great Expectations suites once per table over the whole batch
(the canonical frames of every submission, concatenated, with a ``submission`` column) and build a
GX Data Docs site in a directory, with the full verdict (in Chinese) beside it and linked both ways.

Layout of the directory:

- ``index.html``, ``validations/``, ``expectations/``, ``static/``: the GX site (its index carries
  an added block "审核结论" linking to the verdict pages);
- ``verdicts/index.html``: every kept run; ``verdicts/<run>/index.html``: the batch, sortable and
  coloured by status; ``verdicts/<run>/<n>-<file>.html``: one page per submission with all
  findings, and each GX expectation that failed on its rows linked to the findings of its rule;
- ``static/budgetcheck/offline.{css,js}``: shipped with the package and linked from every page in
  place of GX's CDN stylesheets and scripts, so the site works without the network;
- ``.gx/``: the GX project (file stores) that keeps history between runs, and ``runs.json``.

One run is one GX validation per table suite (11 pages), whatever the number of submissions, so
the site grows with the failures, not with the batch. Uniqueness expectations are judged within a
submission (``expect_compound_columns_to_be_unique`` on ``submission`` and the column). History is
bounded: only the last ``data_docs.keep_runs`` runs (expectations/publish.yaml) are kept; older
validation results, their pages and verdict pages are deleted. GX's decorative fonts and images
are not copied. GX is imported here only, with usage statistics and progress bars off; nothing is
fetched. Progress goes to stderr on a terminal.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from html import escape
from pathlib import Path
from typing import Any

from ..contracts.paths import expectations_dir
from ..contracts.rules import RuleSet
from ..contracts.tables import load_catalogue
from ..contracts.yamlfile import load_yaml
from ..engine import SubmissionResult
from ..errors import ContractError
from .html import page, submission_section, summary_table
from .messages import table_name

SITE = "budgetcheck"
DATASOURCE = "submissions"
RESULT_FORMAT = {"result_format": "COMPLETE", "unexpected_index_column_names": ["key", "sheet_row"]}
_TRACKER = re.compile(r"https://great-expectations-web-assets\.s3[^\"')\s]*")


def keep_runs() -> int:
    """How many runs the site keeps (contract: expectations/publish.yaml data_docs.keep_runs)."""
    path = expectations_dir() / "publish.yaml"
    root = load_yaml(path)
    try:
        value = root["data_docs"]["keep_runs"]
    except (KeyError, TypeError):
        raise ContractError(str(path), None, "data_docs.keep_runs is required") from None
    if not isinstance(value, int) or value < 1:
        raise ContractError(str(path), root["data_docs"].line_of("keep_runs"), "keep_runs must be a positive integer")
    return value


def load_suites() -> dict[str, dict[str, Any]]:
    """table id → suite JSON, read from the committed expectations/ directory."""
    suites = {}
    for path in sorted(expectations_dir().glob("*.json")):
        try:
            suite = json.loads(path.read_text(encoding="utf-8"))
            suites[suite["meta"]["budgetcheck"]["table"]] = suite
        except (ValueError, KeyError, TypeError) as exc:
            raise ContractError(str(path), None, f"not a budgetcheck expectation suite ({exc})") from None
    return suites


def _safe(text: str) -> str:
    return re.sub(r"[^\w.-]+", "_", text).strip("_") or "submission"


def _context(directory: Path) -> Any:
    os.environ["GX_ANALYTICS_ENABLED"] = "False"
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="file", project_root_dir=str(directory / ".gx"))
    context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    if SITE not in context.get_site_names():
        context.add_data_docs_site(site_name=SITE, site_config={
            "class_name": "SiteBuilder", "show_how_to_buttons": False,
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
            "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(directory)},
        })
    if "local_site" in context.get_site_names():
        context.delete_data_docs_site("local_site")
    context.variables.save()
    return context


def _validation(context: Any, table: str, suite_json: dict[str, Any], known: dict[str, str]) -> Any:
    """The validation definition of a table's suite; (re)stored only when the suite changed."""
    import great_expectations as gx

    name = suite_json["name"]
    digest = hashlib.sha256(json.dumps(suite_json, sort_keys=True).encode()).hexdigest()
    if known.get(name) == digest:
        try:
            return context.validation_definitions.get(name)
        except Exception:  # noqa: BLE001 - gone from the store: rebuild below
            pass
    suite = context.suites.add_or_update(gx.ExpectationSuite(**suite_json))
    try:
        source = context.data_sources.get(DATASOURCE)
    except (KeyError, ValueError):
        source = context.data_sources.add_pandas(DATASOURCE)
    try:
        asset = source.get_asset(table)
    except LookupError:
        asset = source.add_dataframe_asset(table)
    try:
        batch = asset.get_batch_definition("whole")
    except (KeyError, ValueError):
        batch = asset.add_batch_definition_whole_dataframe("whole")
    try:
        context.validation_definitions.delete(name)
    except Exception:  # noqa: BLE001 - not there yet (GX raises several kinds)
        pass
    known[name] = digest
    return context.validation_definitions.add(gx.ValidationDefinition(name=name, data=batch, suite=suite))


def _prune(directory: Path, context: Any, runs: list[dict[str, Any]], keep: int) -> list[dict[str, Any]]:
    """Delete the validation results, GX pages and verdict pages of runs beyond the last ``keep``."""
    old, kept = runs[:-keep], runs[-keep:]
    prefixes = tuple(f"{r['id']}-" for r in old)
    if prefixes:
        store = context.validation_results_store
        for key in store.list_keys():
            if key.run_id.run_name and key.run_id.run_name.startswith(prefixes):
                store.remove_key(key)
        stored = directory / ".gx" / "gx" / "uncommitted" / "validations"
        for pages in [*(directory / "validations").glob("*/*"), *stored.glob("*/*")]:
            if pages.is_dir() and pages.name.startswith(prefixes):
                shutil.rmtree(pages, ignore_errors=True)
        for run in old:
            shutil.rmtree(directory / "verdicts" / run["id"], ignore_errors=True)
    return kept


def _inject(index: Path, block: str) -> None:
    text = index.read_text(encoding="utf-8")
    text = re.sub(r"<!-- budgetcheck:verdict -->.*?<!-- /budgetcheck:verdict -->", "", text, flags=re.S)
    block = f"<!-- budgetcheck:verdict -->{block}<!-- /budgetcheck:verdict -->"
    match = re.search(r'<div class="container-fluid[^"]*">', text) or re.search(r"<body[^>]*>", text)
    at = match.end() if match else len(text)
    index.write_text(text[:at] + block + text[at:], encoding="utf-8")


SUBMISSION = "submission"
BATCH_FORMAT = {"result_format": "COMPLETE", "unexpected_index_column_names": [SUBMISSION, "key", "sheet_row"]}
STATIC = Path(__file__).with_name("static")
_CDN = re.compile(r'<(?:script|link)\b[^>]*(?:src|href)="https?://[^"]*"[^>]*>(?:\s*</script>)?', re.I)
_UNUSED_STATIC = ("fonts", "images/glossary_scroller.gif", "images/iterative-dev-loop.png",
                  "images/validation_failed_unexpected_values.gif", "images/short-logo-vector.svg",
                  "images/logo-long-vector.svg")


def _progress(message: str) -> None:
    import sys

    if sys.stderr.isatty():
        sys.stderr.write(f"\r\033[K{message}")
        sys.stderr.flush()


def batch_suite(suite_json: dict[str, Any]) -> dict[str, Any]:
    """The table's suite over a batch: a uniqueness holds within each submission."""
    out = json.loads(json.dumps(suite_json))
    for item in out["expectations"]:
        if item["type"] == "expect_column_values_to_be_unique":
            column = item["kwargs"].pop("column")
            item["type"] = "expect_compound_columns_to_be_unique"
            item["kwargs"]["column_list"] = [SUBMISSION, column]
    return out


def batch_frames(results: list[SubmissionResult], labels: list[str], ruleset: RuleSet,
                 catalogue: Any) -> dict[str, Any]:
    """table id → one frame of every submission's rows, with the submission's label."""
    import pandas as pd

    from ..frames import submission_frames

    parts: dict[str, list[Any]] = {}
    for n, (result, label) in enumerate(zip(results, labels, strict=True), start=1):
        _progress(f"Data Docs：读取 {n}/{len(results)}")
        if result.submission is None:
            continue
        for table, frame in submission_frames(result.submission, ruleset, catalogue).items():
            frame.insert(0, SUBMISSION, pd.Series([label] * len(frame), dtype="str"))
            parts.setdefault(table, []).append(frame)
    return {table: pd.concat(frames, ignore_index=True) for table, frames in parts.items()}


@dataclass
class Failed:
    """One expectation that failed on some rows of one submission."""

    table: str
    rule: str | None
    kind: str
    column: str
    rows: list[dict[str, Any]]
    page: str  # the GX validation page (absolute path)


def _failures(validation: Any, table: str, page: str) -> dict[str, list[Failed]]:
    """submission label → the expectations of this table's validation that failed on its rows."""
    out: dict[str, list[Failed]] = {}
    for item in validation.results:
        if item.success:
            continue
        config = item.expectation_config
        meta = (config.meta or {}).get("budgetcheck", {})
        kwargs = config.kwargs or {}
        column = kwargs.get("column") or ",".join(kwargs.get("column_list") or [])
        by_sub: dict[str, list[dict[str, Any]]] = {}
        for row in (item.result or {}).get("unexpected_index_list") or []:
            if isinstance(row, dict) and row.get(SUBMISSION) is not None:
                by_sub.setdefault(str(row[SUBMISSION]), []).append(row)
        if not by_sub:  # a table-level expectation (a column missing): every submission of the batch
            by_sub = {"*": [{}]}
        for label, rows in by_sub.items():
            out.setdefault(label, []).append(Failed(table, meta.get("rule"), config.type, column, rows, page))
    return out


def build_data_docs(directory: str | Path, results: list[SubmissionResult], ruleset: RuleSet,
                    keep: int | None = None, lang: str = "zh") -> Path:
    """Validate the batch, render and link; return the path of the site's index.html. ``keep``
    overrides the contract's number of runs kept."""
    directory = Path(directory).resolve()  # GX resolves a relative site folder against .gx/
    directory.mkdir(parents=True, exist_ok=True)
    keep, suites, catalogue = keep or keep_runs(), load_suites(), load_catalogue()
    _progress("Data Docs：载入 Great Expectations …")
    context = _context(directory)
    from great_expectations.core.run_identifier import RunIdentifier
    from great_expectations.data_context.types.resource_identifiers import (
        ExpectationSuiteIdentifier,
    )

    now = datetime.now(UTC)
    run_id = now.strftime("%Y%m%dT%H%M%S%fZ")
    run_name = f"{run_id}-batch"
    labels = [f"{n + 1}-{_safe(Path(r.path).stem)}" for n, r in enumerate(results)]
    known_file = directory / ".gx" / "suites.json"
    known = json.loads(known_file.read_text(encoding="utf-8")) if known_file.is_file() else {}
    batch = {table: batch_suite(suite) for table, suite in suites.items()}
    frames = batch_frames(results, labels, ruleset, catalogue)
    validations = {table: _validation(context, table, batch[table], known) for table in frames if table in batch}
    known_file.write_text(json.dumps(known, indent=1), encoding="utf-8")
    outcomes: dict[str, Any] = {}
    for n, (table, definition) in enumerate(sorted(validations.items()), start=1):
        _progress(f"Data Docs：校验 {n}/{len(validations)} {table_name(table, lang)}")
        outcomes[table] = definition.run(batch_parameters={"dataframe": frames[table]}, result_format=BATCH_FORMAT,
                                         run_id=RunIdentifier(run_name=run_name, run_time=now))
    history_file = directory / ".gx" / "runs.json"
    runs = json.loads(history_file.read_text(encoding="utf-8")) if history_file.is_file() else []
    runs.append({"id": run_id, "time": now.isoformat(), "files": [
        {"path": r.path, "status": r.status, "errors": r.errors, "warnings": r.warnings,
         "page": f"{run_id}/{labels[i]}.html"} for i, r in enumerate(results)]})
    runs = _prune(directory, context, runs, keep)
    store = context.validation_results_store
    new_keys = [k for k in store.list_keys() if (k.run_id.run_name or "") == run_name]
    suite_keys = [ExpectationSuiteIdentifier(name=s["name"]) for s in batch.values()]
    _progress("Data Docs：生成页面 …")
    context.build_data_docs(site_names=[SITE], resource_identifiers=[*suite_keys, *new_keys])
    pages = _validation_pages(context, new_keys)
    failed: dict[str, list[Failed]] = {}
    for table, outcome in outcomes.items():
        for label, items in _failures(outcome, table, pages.get(table, "")).items():
            failed.setdefault(label, []).extend(items)
    _write_verdicts(directory, results, ruleset, run_id, labels, failed, pages, lang)
    history_file.write_text(json.dumps(runs, ensure_ascii=False, indent=1), encoding="utf-8")
    _write_history(directory, runs)
    _inject(directory / "index.html", _index_block(runs[-1], run_id))
    _offline(directory)
    _progress("")
    return directory / "index.html"


def _validation_pages(context: Any, keys: list[Any]) -> dict[str, str]:
    """table id → the absolute path of its GX validation page of this run."""
    pages = {}
    for key in keys:
        urls = context.get_docs_sites_urls(resource_identifier=key, site_name=SITE)
        if urls and urls[0].get("site_url"):
            from urllib.parse import unquote, urlparse

            suite = key.expectation_suite_identifier.name
            pages[suite.removeprefix("budgetcheck-")] = unquote(urlparse(urls[0]["site_url"]).path)
    return pages


def _offline(directory: Path) -> None:
    """Ship the local stand-ins for GX's CDN assets, link them from every page in place of the CDN
    tags, drop GX's decorative fonts and images, and the logo fetched from GX's server."""
    target = directory / "static" / "budgetcheck"
    target.mkdir(parents=True, exist_ok=True)
    for asset in ("offline.css", "offline.js"):
        shutil.copyfile(STATIC / asset, target / asset)
    for name in _UNUSED_STATIC:
        path = directory / "static" / name
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        elif path.is_file():
            path.unlink()
    for html in directory.glob("**/*.html"):
        if ".gx" in html.relative_to(directory).parts:
            continue
        text = html.read_text(encoding="utf-8")
        if "budgetcheck/offline.js" in text:
            continue
        rel = os.path.relpath(target, html.parent).replace(os.sep, "/")
        local = (f'<link rel="stylesheet" href="{rel}/offline.css">'
                 f'<script src="{rel}/offline.js"></script>')
        text = _CDN.sub("", text)
        if _TRACKER.search(text):
            logo = os.path.relpath(directory / "static" / "images" / "logo-long.png", html.parent)
            text = _TRACKER.sub(logo.replace(os.sep, "/"), text)
        at = re.search(r"<head[^>]*>", text)
        text = text[:at.end()] + local + text[at.end():] if at else local + text
        html.write_text(text, encoding="utf-8")


def _failed_list(items: list[Failed], findings_by_rule: dict[str, list[int]], run_dir: Path,
                 lang: str) -> str:
    if not items:
        return "<p>GX 逐表校验：本文件的行均通过。</p>" if lang == "zh" else "<p>GX: every expectation holds on this file's rows.</p>"
    rows = []
    for f in items:
        href = escape(os.path.relpath(f.page, run_dir).replace(os.sep, "/")) if f.page else ""
        where = "、".join(f"{r.get('key', '')}（第 {r.get('sheet_row', '')} 行）" for r in f.rows[:8] if r) or "整表"
        if len(f.rows) > 8:
            where += f" 等 {len(f.rows)} 行"
        values = ", ".join(str(r.get(f.column)) for r in f.rows[:8] if r and r.get(f.column) is not None)
        anchors = findings_by_rule.get(f.rule or "", [])
        links = " ".join(f'<a href="#finding-{i}">#{i}</a>' for i in anchors) or "—"
        rows.append(f'<tr class="bc-failed"><td>{escape(table_name(f.table, lang))}</td><td>{escape(f.rule or "")}</td>'
                    f'<td><a href="{href}">{escape(f.kind)}</a><br><code>{escape(f.column)}</code></td>'
                    f'<td>{escape(where)}</td><td>{escape(values)}</td><td>{links}</td></tr>')
    return ('<h2>GX 逐表校验未通过的期望</h2><table class="bc-sortable"><thead><tr><th>表</th><th>规则</th><th>期望</th>'
            '<th>行</th><th>值</th><th>对应问题</th></tr></thead><tbody>' + "".join(rows) + "</tbody></table>")


def _write_verdicts(directory: Path, results: list[SubmissionResult], ruleset: RuleSet, run_id: str,
                    labels: list[str], failed: dict[str, list[Failed]], pages: dict[str, str],
                    lang: str = "zh") -> None:
    run_dir = directory / "verdicts" / run_id
    run_dir.mkdir(parents=True, exist_ok=True)
    offline = os.path.relpath(directory / "static" / "budgetcheck", run_dir).replace(os.sep, "/")
    for i, result in enumerate(results):
        links = [("返回 Data Docs 首页", "../../index.html"), ("本次审核结论", "index.html"), ("全部审核记录", "../index.html")]
        for table in sorted(pages, key=lambda t: load_catalogue().by_id[t].number if t in load_catalogue().by_id else 99):
            href = os.path.relpath(pages[table], run_dir).replace(os.sep, "/")
            links.append((f"GX 校验结果（本批次）：{table_name(table, lang)}", href))
        body = submission_section(result, ruleset, lang, links, heading="h1")
        numbers: dict[str, list[int]] = {}
        for n, finding in enumerate(result.findings, start=1):
            numbers.setdefault(finding.rule, []).append(n)
        body = _number_findings(body)
        items = [*failed.get(labels[i], []), *failed.get("*", [])] if result.submission else []
        body += _failed_list(items, numbers, run_dir, lang)
        (run_dir / f"{labels[i]}.html").write_text(page(f"审核结论：{result.path}", body, offline=offline),
                                                   encoding="utf-8")
    hrefs = {i: f"{labels[i]}.html" for i in range(len(results))}
    passed = sum(r.status == "passed" for r in results)
    body = (f'<h1>本次审核结论（{run_id}）</h1><p>{len(results)} 个文件：{passed} 个通过，'
            f'{sum(r.status == "failed" for r in results)} 个未通过，{sum(r.status == "error" for r in results)} 个无法读取。'
            '点击表头排序。</p>' + summary_table(results, "zh", hrefs).replace('<table class="summary">', '<table class="summary bc-sortable">')
            + '<p><a href="../../index.html">返回 Data Docs 首页</a> · <a href="../index.html">全部审核记录</a></p>')
    (run_dir / "index.html").write_text(page("本次审核结论", body, offline=offline), encoding="utf-8")


def _number_findings(body: str) -> str:
    """Give each finding row of a submission section an anchor (#finding-n), in order."""
    counter = iter(range(1, 1_000_000))
    return re.sub(r'<tr class="finding ', lambda m: f'<tr id="finding-{next(counter)}" class="finding ', body)
def _write_history(directory: Path, runs: list[dict[str, Any]]) -> None:
    rows = []
    for run in reversed(runs):
        for f in run["files"]:
            word = {"passed": "通过", "failed": "未通过", "error": "无法读取"}[f["status"]]
            rows.append(f'<tr><td>{escape(run["time"])}</td><td><a href="{escape(f["page"])}">'
                        f'{escape(f["path"])}</a></td><td class="{f["status"]}">{word}</td>'
                        f'<td>{f["errors"]}</td><td>{f["warnings"]}</td></tr>')
    body = ('<h1>全部审核记录</h1><p><a href="../index.html">返回 Data Docs 首页</a></p>'
            '<table><thead><tr><th>时间（UTC）</th><th>文件</th><th>结论</th><th>错误</th><th>警告</th>'
            f'</tr></thead><tbody>{"".join(rows)}</tbody></table>')
    (directory / "verdicts" / "index.html").write_text(page("全部审核记录", body), encoding="utf-8")


def _index_block(run: dict[str, Any], run_id: str) -> str:
    items = []
    for f in run["files"]:
        word = {"passed": "通过", "failed": "未通过", "error": "无法读取"}[f["status"]]
        items.append(f'<li><a class="bc-verdict" href="verdicts/{escape(f["page"])}">{escape(f["path"])}</a>：'
                     f'<b>{word}</b>（错误 {f["errors"]}，警告 {f["warnings"]}）</li>')
    return ('<div id="budgetcheck-verdict" style="margin:70px 0 1em 0;padding:1em;border:2px solid #888">'
            f'<h2>审核结论（最近一次：{escape(run["time"])}）</h2><ul>{"".join(items)}</ul>'
            f'<p><a href="verdicts/{run_id}/index.html">本次审核结论</a> · '
            '<a href="verdicts/index.html">全部审核记录</a>。下方为 Great Expectations 逐表校验结果（Data Docs）。</p>'
            '</div>')


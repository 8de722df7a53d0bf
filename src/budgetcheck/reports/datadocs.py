"""Data Docs: run the generated Great Expectations suites on each submission's canonical tables and
build a GX Data Docs site in a directory, with the full cross-table verdict (in Chinese) beside it
and linked both ways.

Layout of the directory:

- ``index.html``, ``validations/``, ``expectations/``, ``static/``: the GX site (its index carries
  an added block "审核结论" linking to the verdict pages);
- ``verdicts/index.html``: every kept run; ``verdicts/<run>/<n>-<file>.html``: one page per
  submission with all findings and links to its GX validation pages;
- ``.gx/``: the GX project (file stores) that keeps history between runs, and ``runs.json``.

History is bounded: only the last ``data_docs.keep_runs`` runs (expectations/publish.yaml) are
kept; older validation results, their pages and verdict pages are deleted, so the index stays
small. GX is imported here only, with usage statistics and progress bars off; nothing is fetched.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
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


def _relative(url: str, start: Path) -> str:
    from urllib.parse import unquote, urlparse

    path = Path(unquote(urlparse(url).path))
    return os.path.relpath(path, start).replace(os.sep, "/")


def _scrub(directory: Path) -> None:
    """Replace the GX logo fetched from its web-assets server (with the context id) by the local copy."""
    for html in directory.glob("**/*.html"):
        if ".gx" in html.parts:
            continue
        text = html.read_text(encoding="utf-8")
        if _TRACKER.search(text):
            local = os.path.relpath(directory / "static" / "images" / "logo-long.png", html.parent)
            html.write_text(_TRACKER.sub(local.replace(os.sep, "/"), text), encoding="utf-8")


def _inject(index: Path, block: str) -> None:
    text = index.read_text(encoding="utf-8")
    text = re.sub(r"<!-- budgetcheck:verdict -->.*?<!-- /budgetcheck:verdict -->", "", text, flags=re.S)
    block = f"<!-- budgetcheck:verdict -->{block}<!-- /budgetcheck:verdict -->"
    match = re.search(r'<div class="container-fluid[^"]*">', text) or re.search(r"<body[^>]*>", text)
    at = match.end() if match else len(text)
    index.write_text(text[:at] + block + text[at:], encoding="utf-8")


def build_data_docs(directory: str | Path, results: list[SubmissionResult], ruleset: RuleSet,
                    keep: int | None = None) -> Path:
    """Validate, render and link; return the path of the site's index.html. ``keep`` overrides
    the contract's number of runs kept."""
    from ..frames import submission_frames

    directory = Path(directory).resolve()  # GX resolves a relative site folder against .gx/
    directory.mkdir(parents=True, exist_ok=True)
    keep, suites, catalogue = keep or keep_runs(), load_suites(), load_catalogue()
    context = _context(directory)
    from great_expectations.core.run_identifier import RunIdentifier

    now = datetime.now(UTC)
    run_id = now.strftime("%Y%m%dT%H%M%S%fZ")
    known_file = directory / ".gx" / "suites.json"
    known = json.loads(known_file.read_text(encoding="utf-8")) if known_file.is_file() else {}
    validations = {table: _validation(context, table, suite, known) for table, suite in suites.items()}
    known_file.write_text(json.dumps(known, indent=1), encoding="utf-8")
    names: list[str] = []
    for n, result in enumerate(results):
        names.append(f"{run_id}-{n + 1}-{_safe(Path(result.path).stem)}")
        if result.submission is None:
            continue
        frames = submission_frames(result.submission, ruleset, catalogue)
        for table, frame in frames.items():
            if table in validations:
                validations[table].run(batch_parameters={"dataframe": frame}, result_format=RESULT_FORMAT,
                                       run_id=RunIdentifier(run_name=names[-1], run_time=now))
    history_file = directory / ".gx" / "runs.json"
    runs = json.loads(history_file.read_text(encoding="utf-8")) if history_file.is_file() else []
    runs.append({"id": run_id, "time": now.isoformat(), "files": [
        {"path": r.path, "status": r.status, "errors": r.errors, "warnings": r.warnings,
         "page": f"{run_id}/{names[i]}.html"} for i, r in enumerate(results)]})
    runs = _prune(directory, context, runs, keep)
    store = context.validation_results_store
    new_keys = [k for k in store.list_keys() if (k.run_id.run_name or "").startswith(f"{run_id}-")]
    from great_expectations.data_context.types.resource_identifiers import (
        ExpectationSuiteIdentifier,
    )

    suite_keys = [ExpectationSuiteIdentifier(name=s["name"]) for s in suites.values()]
    context.build_data_docs(site_names=[SITE], resource_identifiers=[*suite_keys, *new_keys])
    _write_verdicts(directory, context, results, ruleset, run_id, names, new_keys)
    history_file.write_text(json.dumps(runs, ensure_ascii=False, indent=1), encoding="utf-8")
    _write_history(directory, runs)
    _scrub(directory)
    _inject(directory / "index.html", _index_block(runs[-1], run_id))
    return directory / "index.html"


def _write_verdicts(directory: Path, context: Any, results: list[SubmissionResult], ruleset: RuleSet,
                    run_id: str, names: list[str], keys: list[Any]) -> None:
    run_dir = directory / "verdicts" / run_id
    run_dir.mkdir(parents=True, exist_ok=True)
    for i, result in enumerate(results):
        links = [("返回 Data Docs 首页", "../../index.html"), ("全部审核记录", "../index.html")]
        for key in sorted((k for k in keys if k.run_id.run_name == names[i]),
                          key=lambda k: k.expectation_suite_identifier.name):
            urls = context.get_docs_sites_urls(resource_identifier=key, site_name=SITE)
            if urls and urls[0].get("site_url"):
                suite = key.expectation_suite_identifier.name
                outcome = "通过" if store_success(context, key) else "未通过"
                links.append((f"GX 校验结果：{suite}（{outcome}）", _relative(urls[0]["site_url"], run_dir)))
        body = submission_section(result, ruleset, "zh", links, heading="h1")
        (run_dir / f"{names[i]}.html").write_text(page(f"审核结论：{result.path}", body), encoding="utf-8")
    hrefs = {i: f"{names[i]}.html" for i in range(len(results))}
    body = f'<h1>本次审核结论（{run_id}）</h1>{summary_table(results, "zh", hrefs)}' \
           '<p><a href="../../index.html">返回 Data Docs 首页</a> · <a href="../index.html">全部审核记录</a></p>'
    (run_dir / "index.html").write_text(page("本次审核结论", body), encoding="utf-8")


def store_success(context: Any, key: Any) -> bool:
    return bool(context.validation_results_store.get(key).success)


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

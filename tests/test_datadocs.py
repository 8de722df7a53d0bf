"""Data Docs: a real GX site with the verdict pages, read back through headless Chromium."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from .publish_helpers import broken_copy, clean_copy, run_cli

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def dump_dom(page: Path, profile: Path) -> str:
    """The DOM of a local page after Chromium rendered it (no network, no sandbox, no GPU)."""
    proc = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
         "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost",  # the site must not need the network
         f"--user-data-dir={profile}", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


def _text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    pytest.importorskip("great_expectations")
    tmp = tmp_path_factory.mktemp("dd")
    clean, broken = clean_copy(tmp), broken_copy(tmp)
    code, _, err = run_cli("validate", str(clean), str(broken), "--data-docs", str(tmp / "site"))
    assert code == 1, err
    return tmp / "site", clean, broken


def _verdict_links(index_html: str) -> dict[str, str]:
    return {Path(m.group(2)).name: m.group(1)
            for m in re.finditer(r'<a class="bc-verdict" href="([^"]+)">([^<]+)</a>', index_html)}


def test_site_files_history_and_no_tracker(site):
    directory, _, _ = site
    index = (directory / "index.html").read_text(encoding="utf-8")
    assert "审核结论" in index and "great-expectations-web-assets" not in index
    suites = sorted(p.stem for p in (directory / "expectations").glob("*.html"))
    assert "budgetcheck-income" in suites
    runs = json.loads((directory / ".gx" / "runs.json").read_text(encoding="utf-8"))
    assert len(runs) == 1 and [f["status"] for f in runs[0]["files"]] == ["passed", "failed"]
    for page in directory.glob("validations/**/*.html"):
        assert "great-expectations-web-assets" not in page.read_text(encoding="utf-8")
    # one GX validation per table suite for the whole batch, not one per workbook and table
    pages = list(directory.glob("validations/**/*.html"))
    assert len(pages) == len({p.parts[-4] for p in pages}) == len(suites)


def test_every_asset_is_local(site):
    """No page loads anything from the network: GX's CDN tags are replaced by shipped assets."""
    directory, _, _ = site
    assert (directory / "static" / "budgetcheck" / "offline.js").is_file()
    for page in directory.glob("**/*.html"):
        if ".gx" in page.relative_to(directory).parts:
            continue
        text = page.read_text(encoding="utf-8")
        remote = re.findall(r'<(?:script|link|img)\b[^>]*(?:src|href)="(https?://[^"]+)"', text)
        assert not remote, (page, remote)
        assert "offline.js" in text, page
    size = sum(p.stat().st_size for p in directory.rglob("*") if p.is_file())
    assert size < 4 * 2**20, size  # two workbooks: GX's decorative fonts and images are not copied


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (ci/install-system-deps.sh)")
def test_index_and_submission_pages_in_chromium(site, tmp_path):
    directory, clean, broken = site
    index = dump_dom(directory / "index.html", tmp_path / "profile")
    assert "审核结论" in _text(index) and "Data Docs" in _text(index)
    links = _verdict_links(index)
    assert set(links) == {clean.name, broken.name}
    bad = _text(dump_dom((directory / links[broken.name]).resolve(), tmp_path / "profile"))
    assert "未通过" in bad and "INC-002" in bad and "799.99" in bad and "'2 收入总表'!E9" in bad
    good = _text(dump_dom((directory / links[clean.name]).resolve(), tmp_path / "profile"))
    assert "通过" in good and "未发现问题" in good and "INC-" not in good
    # the GX validation page of the failing table, linked from the verdict page
    page = directory / links[broken.name]
    gx_links = re.findall(r'href="([^"]*budgetcheck-income[^"]*\.html)"', page.read_text(encoding="utf-8"))
    gx = _text(dump_dom((page.parent / gx_links[0]).resolve(), tmp_path / "profile"))
    assert "INC-002" in gx and "2101501" in gx and "62.05" in gx and "62.04" not in gx


def test_gx_verdict_agrees_with_the_engine_on_row_identities(site):
    directory, _, broken = site
    failing: dict[str, set[str]] = {}
    for result in (directory / ".gx" / "gx" / "uncommitted" / "validations").glob("**/*.json"):
        for item in json.loads(result.read_text(encoding="utf-8"))["results"]:
            if item["success"]:
                continue
            rule = item["expectation_config"]["meta"]["budgetcheck"]["rule"]
            for row in item["result"]["unexpected_index_list"]:
                failing.setdefault(row["submission"], set()).add(rule)
    # the row_sum rules among the engine's findings, on the broken workbook's rows only
    assert failing == {"2-broken": {"INC-001", "INC-002"}}


def test_repeated_runs_keep_a_bounded_history(tmp_path):
    pytest.importorskip("great_expectations")
    from budgetcheck.contracts.rules import load_ruleset
    from budgetcheck.engine import validate_paths
    from budgetcheck.reports.datadocs import build_data_docs

    ruleset = load_ruleset()
    results = validate_paths([str(clean_copy(tmp_path))], ruleset)
    site = tmp_path / "site"
    for _ in range(2):
        build_data_docs(site, results, ruleset, keep=1)
    runs = json.loads((site / ".gx" / "runs.json").read_text(encoding="utf-8"))
    assert len(runs) == 1
    kept = {r["id"] for r in runs}
    assert {p.name for p in (site / "verdicts").iterdir() if p.is_dir()} == kept
    stored = {p.name.split("-")[0] for p in (site / ".gx" / "gx" / "uncommitted" / "validations").glob("*/*")}
    assert stored == kept
    pages = {p.name.split("-")[0] for p in (site / "validations").glob("*/*")}
    assert pages == kept
    assert (site / "index.html").read_text(encoding="utf-8").count("budgetcheck:verdict -->") == 2


PROBE = """<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">
<link rel="stylesheet" href="%s"></head><body><p id="sample">审核结论</p><p id="out">pending</p>
<script>
// Draw two different CJK characters in the site's own font stack: with a CJK font they differ;
// without one both are the same missing-glyph box. Also compare a CJK glyph's width with a
// Latin one (a real CJK glyph is about 1em, twice a Latin letter's).
var family = getComputedStyle(document.getElementById("sample")).fontFamily;
function pixels(ch) {
  var c = document.createElement("canvas"); c.width = 64; c.height = 64;
  var g = c.getContext("2d"); g.fillStyle = "#fff"; g.fillRect(0, 0, 64, 64);
  g.fillStyle = "#000"; g.font = "48px " + family; g.textBaseline = "top"; g.fillText(ch, 4, 4);
  return Array.prototype.join.call(g.getImageData(0, 0, 64, 64).data, ",");
}
var g = document.createElement("canvas").getContext("2d"); g.font = "48px " + family;
var wide = g.measureText("审").width, narrow = g.measureText("i").width;
document.getElementById("out").textContent =
  (pixels("审") !== pixels("核") && pixels("审") !== pixels("\\u0378") ? "CJK-GLYPHS" : "CJK-TOFU") +
  " " + Math.round(wide) + " " + Math.round(narrow);
</script></body></html>"""


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (ci/install-system-deps.sh)")
def test_cjk_renders_with_real_glyphs_offline(site, tmp_path):
    """The CI browser has a CJK font (ci/install-system-deps.sh: fonts-noto-cjk) and the site's
    font stack reaches it: two different characters draw differently, not as the same box."""
    directory, _, broken = site
    probe = directory / "static" / "budgetcheck" / "probe.html"
    probe.write_text(PROBE % "offline.css", encoding="utf-8")
    try:
        out = re.search(r'<p id="out">([^<]*)</p>', dump_dom(probe, tmp_path / "profile")).group(1)
    finally:
        probe.unlink()
    verdict, wide, narrow = out.split()
    assert verdict == "CJK-GLYPHS", out
    assert int(wide) >= 40 and int(wide) > 1.5 * int(narrow), out
    # the failed submission's page links each failed GX expectation to its findings
    index = dump_dom(directory / "index.html", tmp_path / "profile")
    page = (directory / _verdict_links(index)[broken.name]).resolve()
    text = dump_dom(page, tmp_path / "profile")
    assert "GX 逐表校验未通过的期望" in _text(text) and 'href="#finding-2"' in text and 'id="finding-2"' in text


def test_progress_only_on_a_terminal(monkeypatch, capsys):
    import io
    import sys

    from budgetcheck.reports.datadocs import _progress

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    tty = Tty()
    monkeypatch.setattr(sys, "stderr", tty)
    _progress("Data Docs：读取 3/200")
    assert tty.getvalue() == "\r\033[KData Docs：读取 3/200"
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    _progress("Data Docs：读取 4/200")
    assert sys.stderr.getvalue() == ""

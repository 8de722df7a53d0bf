"""budgetcheck dashboard: a static site over the review history, read back in headless Chromium
with the network off — a unit that failed, was resubmitted and passed, with what it fixed."""

from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from budgetcheck.synth import generate

from .conftest import run_cli

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
BROWSER_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-dev-shm-usage",
                 "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost"]  # network off


def _browser(args: list[str], profile: Path) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([CHROMIUM, *BROWSER_FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc


def _text(html: str) -> str:
    html = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture(scope="module")
def history(tmp_path_factory):
    """Unit A fails, then resubmits a corrected workbook and passes; unit B passes at once."""
    tmp = tmp_path_factory.mktemp("dash")
    inbox = tmp / "inbox"
    inbox.mkdir()
    unit_a = generate(71, "standard")
    ref, _, new = unit_a.inject_error(random.Random(3))
    first = unit_a.save(inbox / "a_first.xlsx", mutate={ref: new})
    os.utime(first, (1_760_000_000, 1_760_000_000))
    generate(72, "split_text").save(inbox / "b.xlsx")
    store = tmp / "history.sqlite"
    first_run = run_cli("batch", str(inbox), "--store", str(store), "--annotate", str(tmp / "ann"))
    assert first_run.returncode == 1, first_run.stderr
    second = unit_a.save(inbox / "a_second.xlsx")
    os.utime(second, (1_760_086_400, 1_760_086_400))  # a day later
    second_run = run_cli("batch", str(inbox), "--store", str(store))
    assert second_run.returncode == 0, second_run.stderr
    assert "2 already recorded" in second_run.stdout
    site = tmp / "site"
    built = run_cli("dashboard", "--store", str(store), "--out", str(site))
    assert built.returncode == 0, built.stderr
    return site, unit_a.unit, ref, tmp


def test_site_is_self_contained(history):
    site = history[0]
    files = [p for p in site.rglob("*") if p.is_file()]
    assert {p.relative_to(site).as_posix() for p in files} >= {
        "index.html", "assets/app.js", "assets/style.css"}
    for page in files:
        if page.suffix in (".html", ".css", ".js"):
            text = page.read_text(encoding="utf-8")
            assert not re.search(r"""(src|href)=["']?(https?:)?//""", text), page
            assert "url(http" not in text and "@import" not in text, page
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "<svg" in index and "rules failing most" in index  # the chart, inlined


def _row_of(index: str, name: str) -> str:
    return next(row for row in re.findall(r"<tr\b.*?</tr>", index, flags=re.S) if name in row)


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (ci/install-system-deps.sh)")
def test_failed_resubmitted_passed_in_chromium(history, tmp_path):
    site, unit, ref, _ = history
    index = _browser(["--dump-dom", (site / "index.html").as_uri()], tmp_path / "p1").stdout
    assert 'data-ready="1"' in index  # the local script ran
    row = _row_of(index, unit.name)
    cells = re.findall(r"<td\b[^>]*>(.*?)</td>", row, flags=re.S)
    assert "通过" in cells[3] and "未通过" not in cells[3]  # latest verdict
    assert cells[4] == "0" and cells[7] == "2"  # no error now; two submissions so far
    link = re.search(r'href="(units/[0-9a-f]+\.html)"', row).group(1)
    page = _browser(["--dump-dom", (site / link).as_uri()], tmp_path / "p2").stdout
    history_rows = re.findall(r'<tr id="h\d+">.*?</tr>', page, flags=re.S)
    assert len(history_rows) == 2
    assert "未通过" in history_rows[0] and "a_first.xlsx" in history_rows[0]
    assert "a_second.xlsx" in history_rows[1] and "未通过" not in history_rows[1]
    fixed = re.findall(r'<span class="fixed"><code>([A-Z]+-\d+)</code>', history_rows[1])
    assert fixed, "the resubmission lists the findings it fixed"
    assert 'class="broke"' not in history_rows[1]
    assert "批注工作簿" in history_rows[0]  # the first run wrote annotated workbooks
    sheet = ref.split("!")[0].strip("'")
    assert sheet in _text(page)  # the fixed findings name the cell the error was injected in
    # the diagnosis of the failed submission points at the injected cell
    suspect = re.search(r"最可能出错的单元格 \(most likely wrong cell\): <code>(.*?)</code>", page)
    assert suspect and suspect.group(1).startswith(ref + " → ")


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (ci/install-system-deps.sh)")
def test_filter_from_the_address(history, tmp_path):
    site, unit, _, _ = history
    url = (site / "index.html").as_uri() + "?verdict=failed"
    index = _browser(["--dump-dom", url], tmp_path / "p").stdout
    assert re.search(r'<tr data-verdict="passed"[^>]*hidden', index)
    assert re.search(r'<span id="shown">0</span>', index)


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (ci/install-system-deps.sh)")
def test_chinese_renders_with_real_glyphs(history, tmp_path):
    """Missing glyphs draw the same box for every character: two different unit names would give
    the same picture. They must not (and the same name twice must)."""
    site, unit, _, _ = history
    index = (site / "index.html").read_text(encoding="utf-8")
    other = "".join(chr(ord("一") + (ord(c) * 7) % 2000) for c in unit.name)
    shots = []
    for n, name in enumerate((unit.name, unit.name, other)):
        page = site / f"cjk_{n}.html"
        page.write_text(index.replace(unit.name, name), encoding="utf-8")
        shot = tmp_path / f"shot_{n}.png"
        _browser(["--window-size=1200,900", f"--screenshot={shot}", page.as_uri()],
                 tmp_path / f"p{n}")
        shots.append(shot.read_bytes())
        page.unlink()
    assert shots[0] == shots[1]
    assert shots[0] != shots[2]

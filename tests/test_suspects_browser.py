"""The cell to fix comes first, as a reviewer sees it: the HTML report and the annotated workbook's
审核结果 sheet, rendered by headless Chromium, show the suspect cell (its own red) above the
findings (their pink), and the suspect is the cell that was broken.

The workbook sheet is rendered to HTML from the annotated file itself (values and fills as
openpyxl reads them back), since no spreadsheet application is installed; the screenshot is
decoded with a few lines of zlib (no imaging library)."""

from __future__ import annotations

import shutil
import struct
import subprocess
import zlib
from html import escape
from pathlib import Path

import pytest

from .publish_helpers import BROKEN_CELL, BROKEN_SHEET, broken_copy, run_cli

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SUSPECT_RED = (0xF8, 0x69, 0x6B)  # FILLS["suspect"], also the HTML report's suspect cell
FINDING_PINK = (0xFF, 0xC7, 0xCE)  # FILLS["error"], the severity cell of an error finding
SUSPECT = f"'{BROKEN_SHEET}'!{BROKEN_CELL}"

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (ci/install-system-deps.sh)")


def _chromium(page: Path, profile: Path, *mode: str) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
         "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost", "--hide-scrollbars",
         f"--user-data-dir={profile}", *mode, page.as_uri()],
        capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc


def _screenshot(page: Path, tmp: Path) -> list[list[tuple[int, int, int]]]:
    png = tmp / (page.stem + ".png")
    _chromium(page, tmp / "profile", f"--screenshot={png}", "--window-size=1400,1400")
    return _pixels(png.read_bytes())


def _pixels(data: bytes) -> list[list[tuple[int, int, int]]]:
    """Rows of RGB pixels of an 8-bit RGB or RGBA, non-interlaced PNG (what Chromium writes)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and colour in (2, 6) and interlace == 0
    step = 3 if colour == 2 else 4
    raw, stride = zlib.decompress(idat), width * step
    rows, previous, at = [], bytearray(stride), 0
    for _ in range(height):
        kind, line = raw[at], bytearray(raw[at + 1: at + 1 + stride])
        at += 1 + stride
        for i in range(stride):
            left = line[i - step] if i >= step else 0
            up, corner = previous[i], previous[i - step] if i >= step else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 255
        rows.append([tuple(line[i:i + 3]) for i in range(0, stride, step)])
        previous = line
    return rows


def _first_row_with(rows: list[list[tuple[int, int, int]]], colour: tuple[int, int, int]) -> int | None:
    """The first pixel row where the colour fills a run of at least 20 pixels (a filled cell)."""
    for y, row in enumerate(rows):
        run = 0
        for pixel in row:
            run = run + 1 if all(abs(a - b) <= 3 for a, b in zip(pixel, colour, strict=True)) else 0
            if run >= 20:
                return y
    return None


def _sheet_as_html(workbook: Path, sheet: str, out: Path) -> Path:
    """The sheet's rows as an HTML table, each cell with its fill, as a spreadsheet shows it."""
    from openpyxl import load_workbook

    rows = []
    for row in load_workbook(workbook)[sheet].iter_rows():
        cells = []
        for cell in row:
            fill = cell.fill.start_color.rgb if cell.fill.fill_type == "solid" else None
            style = f' style="background:#{fill[-6:]}"' if isinstance(fill, str) else ""
            cells.append(f"<td{style}>{escape(str(cell.value if cell.value is not None else ''))}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    out.write_text('<!DOCTYPE html><html><head><meta charset="utf-8"><style>'
                   'td{border:1px solid #ccc;padding:3px 6px;font:13px "Noto Sans CJK SC",sans-serif;'
                   'white-space:nowrap;max-width:420px;overflow:hidden}table{border-collapse:collapse}'
                   f'</style></head><body><table>{"".join(rows)}</table></body></html>', encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("suspects")
    broken = broken_copy(tmp)
    page, annotated = tmp / "report.html", tmp / "annotated.xlsx"
    code, _, err = run_cli("validate", str(broken), "--evidence", str(tmp / "e.zip"), "--annotate", str(annotated))
    assert code == 1, err
    from budgetcheck.contracts.rules import load_ruleset
    from budgetcheck.engine import validate_paths
    from budgetcheck.reports.html import render_html

    ruleset = load_ruleset()
    page.write_text(render_html(validate_paths([str(broken)], ruleset), ruleset), encoding="utf-8")
    return page, annotated


def test_html_report_shows_the_suspect_first(outputs: tuple[Path, Path], tmp_path: Path) -> None:
    page, _ = outputs
    dom = _chromium(page, tmp_path / "profile", "--dump-dom").stdout
    assert dom.index("最可能的错误单元格") < dom.index('class="findings"')
    first = dom.index('class="suspect"')
    assert f'data-cell="{SUSPECT}"' in dom[first:first + 200]  # the DOM serialiser unescapes '
    rows = _screenshot(page, tmp_path)
    red, pink = _first_row_with(rows, SUSPECT_RED), _first_row_with(rows, FINDING_PINK)
    assert red is not None and pink is not None and red < pink, (red, pink)


def test_annotated_workbook_shows_the_suspect_first(outputs: tuple[Path, Path], tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from budgetcheck.reports.annotate import SHEET

    _, annotated = outputs
    book = load_workbook(annotated)
    assert book.sheetnames[0] == SHEET
    listing = [r for r in book[SHEET].iter_rows(values_only=True)]
    assert listing[0][0] == "最可能的错误单元格" and listing[2][1] == SUSPECT
    cell = book[BROKEN_SHEET][BROKEN_CELL]
    assert cell.fill.start_color.rgb.endswith("F8696B") and "应为 737.94" in cell.comment.text.splitlines()[0]
    rows = _screenshot(_sheet_as_html(annotated, SHEET, tmp_path / "sheet.html"), tmp_path)
    red, pink = _first_row_with(rows, SUSPECT_RED), _first_row_with(rows, FINDING_PINK)
    assert red is not None and pink is not None and red < pink, (red, pink)

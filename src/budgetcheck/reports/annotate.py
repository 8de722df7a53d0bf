"""The annotated workbook: a copy of the submitted workbook, every sheet, value and format kept,
with each cell a finding names filled by severity and carrying a comment (rule, message, expected
vs actual), and a first sheet "审核结果" listing every finding with links to its cells.

The submitted file is only read; writing to its own path is refused.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..contracts.rules import RuleSet
from ..engine import SubmissionResult
from ..errors import InputError
from .html import WORDS
from .messages import render

FILLS = {"error": "FFC7CE", "warning": "FFEB9C", "explained": "D9D9D9"}
RANK = {"explained": 0, "warning": 1, "error": 2}
SHEET = "审核结果"
_REF = re.compile(r"^'((?:[^']|'')+)'!\$?([A-Z]{1,3})\$?(\d+)$|^([^'!]+)!\$?([A-Z]{1,3})\$?(\d+)$")


def parse_ref(ref: str) -> tuple[str, str] | None:
    """"'sheet'!A1" (or sheet!A1) → (sheet, "A1"); None for anything else."""
    match = _REF.match(ref)
    if not match:
        return None
    if match.group(1) is not None:
        return match.group(1).replace("''", "'"), f"{match.group(2)}{match.group(3)}"
    return match.group(4), f"{match.group(5)}{match.group(6)}"


def same_file(a: str | Path, b: str | Path) -> bool:
    a, b = Path(a), Path(b)
    if a.resolve() == b.resolve():
        return True
    try:
        return a.exists() and b.exists() and a.samefile(b)
    except OSError:
        return False


def _open_copy(path: str):  # noqa: ANN202 - an openpyxl Workbook (imported lazily)
    """The workbook to annotate: the submitted .xlsx/.xlsm itself (every format kept), or for any
    other readable format (.xls, .ods) a new .xlsx holding the values and merged cells as read."""
    import io

    from openpyxl import Workbook, load_workbook

    from ..readers.inputs import input_bytes, input_name
    from ..readers.workbook import open_workbook

    suffix = Path(input_name(path)).suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        try:
            return load_workbook(io.BytesIO(input_bytes(path)), keep_vba=suffix == ".xlsm", keep_links=True)
        except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
            raise InputError(path, f"cannot open for annotation ({type(exc).__name__})") from None
    book = Workbook()
    book.remove(book.active)
    for grid in open_workbook(path).grids:
        sheet = book.create_sheet(grid.name[:31])
        for r, line in enumerate(grid.rows, start=1):
            for c, value in enumerate(line, start=1):
                if value != "" and value is not None:
                    sheet.cell(row=r, column=c, value=value)
        for (r0, c0), (r1, c1) in grid.merged:
            if (r0, c0) != (r1, c1):
                sheet.merge_cells(start_row=r0 + 1, start_column=c0 + 1, end_row=r1 + 1, end_column=c1 + 1)
    return book


def annotate_workbook(result: SubmissionResult, ruleset: RuleSet, out: str | Path, lang: str = "zh") -> Path:
    """Write the annotated copy of ``result.path`` to ``out``; raise InputError on a bad target."""
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.hyperlink import Hyperlink

    source, out = Path(result.path), Path(out)
    if same_file(source, out):
        raise InputError(str(out), "refusing to overwrite the submitted workbook; choose another output")
    book = _open_copy(result.path)
    w = WORDS[lang]
    rules = ruleset.by_id()
    notes: dict[tuple[str, str], list[str]] = {}
    worst: dict[tuple[str, str], str] = {}
    listed = []
    for f in result.findings:
        level = "explained" if f.explained else f.severity
        message = render(f, rules.get(f.rule), ruleset, lang)
        word = w["error_word"] if f.severity == "error" else w["warning_word"]
        text = f"[{f.rule}] {word}：{message}\n{w['expected']} {f.expected}，{w['actual']} {f.actual}"
        refs = [r for r in (parse_ref(c) for c in f.cells) if r and r[0] in book.sheetnames]
        for ref in refs:
            notes.setdefault(ref, []).append(text)
            if RANK[level] > RANK.get(worst.get(ref, ""), -1):
                worst[ref] = level
        listed.append((f, word, message, refs))
    for (sheet, a1), texts in notes.items():
        cell = book[sheet][a1]
        cell.fill = PatternFill("solid", start_color=FILLS[worst[(sheet, a1)]], end_color=FILLS[worst[(sheet, a1)]])
        body = "\n\n".join(texts)
        comment = Comment(body, "budgetcheck")
        comment.width, comment.height = 320, min(60 + 18 * body.count("\n"), 600)
        cell.comment = comment
    name = SHEET
    while name in book.sheetnames:
        name += "_"
    sheet = book.create_sheet(name, 0)
    headers = ["#", w["rule"], w["severity"], w["message"], w["cells"], w["expected"], w["actual"]]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for n, (f, word, message, refs) in enumerate(listed, start=1):
        sheet.append([n, f.rule, word, message, ", ".join(f.cells), f.expected, f.actual])
        if refs:
            target = sheet.cell(row=n + 1, column=5)
            quoted = refs[0][0].replace("'", "''")
            target.hyperlink = Hyperlink(ref=target.coordinate, location=f"'{quoted}'!{refs[0][1]}",
                                         tooltip=f"{f.rule}: {refs[0][0]}!{refs[0][1]}")
            target.font = Font(color="0563C1", underline="single")
        level = "explained" if f.explained else f.severity
        sheet.cell(row=n + 1, column=3).fill = PatternFill("solid", start_color=FILLS[level], end_color=FILLS[level])
    if not listed:
        sheet.append(["", "", "", "未发现问题" if lang == "zh" else "no findings"])
    for letter, width in zip("ABCDEFG", (5, 10, 8, 70, 40, 14, 14), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    book.active = 0
    for other in book.worksheets[1:]:
        other.sheet_view.tabSelected = False
    out.parent.mkdir(parents=True, exist_ok=True)
    book.save(out)
    return out

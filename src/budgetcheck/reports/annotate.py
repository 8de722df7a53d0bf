"""The annotated workbook: a copy of the submitted workbook, every sheet, value and format kept,
with each cell a finding names filled by severity and carrying a comment (rule, message, the two
sides of the relation), and a first sheet "审核结果" listing the cells most likely wrong, then every
finding, with links to the cells. With a diagnosis the suspect cells get a fill of their own and a
comment led by the suggested value; the other cells of failed relations are filled lightly.

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
from .suspects import COLUMNS, HEADING, TOO_MANY, sides_text, suspect_line, suspect_row

FILLS = {"error": "FFC7CE", "warning": "FFEB9C", "explained": "D9D9D9",
         # with a diagnosis: the cell to fix strong red, one of equally good cells a lighter red,
         # the other cells of failed relations a pale pink
         "suspect": "F8696B", "suspect_maybe": "FBB4B5", "cited": "FDE9EC"}
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

    source, out = Path(result.path), Path(out)
    if same_file(source, out):
        raise InputError(str(out), "refusing to overwrite the submitted workbook; choose another output")
    book = _open_copy(result.path)
    w = WORDS[lang]
    rules = ruleset.by_id()
    notes: dict[tuple[str, str], list[str]] = {}
    worst: dict[tuple[str, str], str] = {}
    listed = []
    suspects = {r: s for s in _suspects(result) if (r := parse_ref(s.cell)) and r[0] in book.sheetnames}
    for f in result.findings:
        level = "explained" if f.explained else f.severity
        message = render(f, rules.get(f.rule), ruleset, lang)
        word = w["error_word"] if f.severity == "error" else w["warning_word"]
        text = f"[{f.rule}] {word}：{message}\n{sides_text(f, rules.get(f.rule), lang)}"
        refs = [r for r in (parse_ref(c) for c in f.cells) if r and r[0] in book.sheetnames]
        for ref in refs:
            notes.setdefault(ref, []).append(text)
            if RANK[level] > RANK.get(worst.get(ref, ""), -1):
                worst[ref] = level
        listed.append((f, word, message, refs))
    for (sheet, a1), texts in notes.items():
        cell = book[sheet][a1]
        suspect = suspects.get((sheet, a1))
        level = worst[(sheet, a1)]
        if suspect is not None:  # the cell to fix: its own fill, the suggested value on top
            level = "suspect" if not (suspect.one_of or suspect.alternative) else "suspect_maybe"
            texts = [suspect_line(suspect, lang), *texts]
        elif suspects and level == "error":
            level = "cited"  # only cited by a failed relation: lightly, the suspects stand out
        cell.fill = PatternFill("solid", start_color=FILLS[level], end_color=FILLS[level])
        body = "\n\n".join(texts)
        comment = Comment(body, "budgetcheck")
        comment.width, comment.height = 320, min(60 + 18 * body.count("\n"), 600)
        cell.comment = comment
    name = SHEET
    while name in book.sheetnames:
        name += "_"
    sheet = book.create_sheet(name, 0)
    first = _suspect_rows(sheet, result, lang)
    headers = ["#", w["rule"], w["severity"], w["message"], w["cells"], w["sides"]]
    sheet.append(headers)
    for cell in sheet[first]:
        cell.font = Font(bold=True)
    for n, (f, word, message, refs) in enumerate(listed, start=1):
        sides = sides_text(f, rules.get(f.rule), lang) if f.expected or f.actual else ""
        sheet.append([n, f.rule, word, message, ", ".join(f.cells), sides])
        if refs:
            _link(sheet.cell(row=first + n, column=5), refs[0], f.rule)
        level = "explained" if f.explained else f.severity
        sheet.cell(row=first + n, column=3).fill = PatternFill("solid", start_color=FILLS[level], end_color=FILLS[level])
    if not listed:
        sheet.append(["", "", "", "未发现问题" if lang == "zh" else "no findings"])
    for letter, width in zip("ABCDEF", (5, 24, 10, 70, 40, 36), strict=True):
        sheet.column_dimensions[letter].width = width
    if first == 1:
        sheet.freeze_panes = "A2"
    book.active = 0
    for other in book.worksheets[1:]:
        other.sheet_view.tabSelected = False
    out.parent.mkdir(parents=True, exist_ok=True)
    book.save(out)
    return out


def _suspects(result: SubmissionResult) -> list:
    diagnosis = result.diagnosis
    return list(diagnosis.suspects) if diagnosis is not None else []


def _link(target, ref: tuple[str, str], tip: str) -> None:
    from openpyxl.styles import Font
    from openpyxl.worksheet.hyperlink import Hyperlink

    quoted = ref[0].replace("'", "''")
    target.hyperlink = Hyperlink(ref=target.coordinate, location=f"'{quoted}'!{ref[1]}",
                                 tooltip=f"{tip}: {ref[0]}!{ref[1]}")
    target.font = Font(color="0563C1", underline="single")


def _suspect_rows(sheet, result: SubmissionResult, lang: str) -> int:
    """The cells most likely wrong, above the findings: a heading, a header and one row per
    suspect (its cell linked and filled as in the sheets). Returns the row of the findings'
    header (1 when there is no diagnosis)."""
    from openpyxl.styles import Font, PatternFill

    diagnosis = result.diagnosis
    if diagnosis is None or diagnosis.status == "none":
        return 1
    sheet.append([HEADING[lang]])
    sheet["A1"].font = Font(bold=True, size=13, color="C00000")
    if not diagnosis.suspects:
        sheet.append([TOO_MANY[lang]])
        sheet.append([])
        return 4
    # the columns of the findings below: the sentence goes in the wide message column (D)
    cell_h, now_h, should_h, by_h, _, confidence_h = COLUMNS[lang]
    sheet.append(["#", cell_h, now_h, "说明" if lang == "zh" else "Message", by_h, should_h, confidence_h])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for n, suspect in enumerate(diagnosis.suspects, start=1):
        cell, now, should, by, _, confidence = suspect_row(suspect, lang)
        sheet.append([n, cell, now, suspect_line(suspect, lang), by, should, confidence])
        target = sheet.cell(row=n + 2, column=2)
        ref = parse_ref(suspect.cell)
        if ref is not None:
            _link(target, ref, HEADING[lang])
        level = "suspect" if not (suspect.one_of or suspect.alternative) else "suspect_maybe"
        target.fill = PatternFill("solid", start_color=FILLS[level], end_color=FILLS[level])
    sheet.append([])
    return len(diagnosis.suspects) + 4

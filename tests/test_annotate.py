"""The annotated workbook: same values everywhere, findings filled and commented, a first sheet of
findings with links; the submitted file is never written."""

from __future__ import annotations

import hashlib

from openpyxl import load_workbook

from budgetcheck.reports.annotate import SHEET, parse_ref

from .publish_helpers import (
    BROKEN_CELL,
    BROKEN_RULES,
    BROKEN_SHEET,
    broken_copy,
    clean_copy,
    run_cli,
)


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_annotated_copy_keeps_every_value_and_marks_the_injected_cell(tmp_path):
    broken = broken_copy(tmp_path)
    before = _digest(broken)
    out = tmp_path / "out" / "annotated.xlsx"
    code, _, err = run_cli("validate", str(broken), "--annotate", str(out))
    assert code == 1 and "批注副本" in err
    assert _digest(broken) == before
    original, annotated = load_workbook(broken), load_workbook(out)
    assert annotated.sheetnames == [SHEET, *original.sheetnames]
    assert annotated.active.title == SHEET
    for sheet in original.worksheets:
        copy = annotated[sheet.title]
        assert copy.merged_cells.ranges == sheet.merged_cells.ranges
        for row in sheet.iter_rows():
            for cell in row:
                other = copy[cell.coordinate]
                assert (other.value, other.number_format, other.font.b) == (cell.value, cell.number_format, cell.font.b)
    cell = annotated[BROKEN_SHEET][BROKEN_CELL]
    assert cell.value == 799.99
    # the one cell to fix has a fill of its own and a comment led by the value it should have
    assert cell.fill.fill_type == "solid" and cell.fill.start_color.rgb.endswith("F8696B")
    lines = cell.comment.text.splitlines()
    assert lines[0] == f"单元格 '{BROKEN_SHEET}'!{BROKEN_CELL} 现为 799.99，按 INC-001、INC-002、INC-003 应为 737.94（置信度 1.00）"
    assert "[INC-002]" in cell.comment.text and "合计 799.99，各项之和 737.94" in cell.comment.text
    cited = annotated[BROKEN_SHEET]["F9"]  # another cell of INC-002: lightly
    assert cited.fill.start_color.rgb.endswith("FDE9EC") and "[INC-002]" in cited.comment.text
    rows = list(annotated[SHEET].iter_rows(values_only=True))
    assert rows[0][0] == "最可能的错误单元格" and rows[2][1] == f"'{BROKEN_SHEET}'!{BROKEN_CELL}"
    header = next(i for i, row in enumerate(rows) if row[1] == "规则")
    listing = rows[header + 1:]
    assert {row[1] for row in listing} == BROKEN_RULES
    links = {c.hyperlink.location for c in annotated[SHEET]["E"][header + 1:] if c.hyperlink}
    assert f"'{BROKEN_SHEET}'!{BROKEN_CELL}" in links
    assert annotated[SHEET]["B3"].hyperlink.location == f"'{BROKEN_SHEET}'!{BROKEN_CELL}"
    untouched = annotated["1 收支总表"]["B5"]
    assert untouched.comment is None


def test_clean_workbook_gets_an_empty_listing(tmp_path):
    clean = clean_copy(tmp_path)
    code, _, _ = run_cli("validate", str(clean), "--annotate", str(tmp_path / "a.xlsx"))
    assert code == 0
    book = load_workbook(tmp_path / "a.xlsx")
    assert list(book[SHEET].iter_rows(min_row=2, values_only=True))[0][3] == "未发现问题"


def test_refuses_to_overwrite_the_submission(tmp_path):
    broken = broken_copy(tmp_path)
    before = _digest(broken)
    code, out, err = run_cli("validate", str(broken), "--annotate", str(tmp_path / "." / "broken.xlsx"),
                         "--lang", "en")
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "refusing to overwrite" in err
    assert _digest(broken) == before


def test_parse_ref():
    assert parse_ref("'2 收入总表'!E9") == ("2 收入总表", "E9")
    assert parse_ref("'it''s'!$AA$10") == ("it's", "AA10")
    assert parse_ref("Sheet1!B2") == ("Sheet1", "B2")
    assert parse_ref("narrative.txt:3") is None

"""Issue 9: the layouts units actually send. Each workbook is the reference with one trait
added; clean it reads like the reference (same findings), and an injected error is cited at its
cell."""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetcheck.contracts.rules import load_ruleset
from budgetcheck.engine import check_submission
from budgetcheck.readers import read_submission

from .conftest import run_cli, validate_json
from .layout_cases import (
    S3,
    S5,
    S6,
    reference_book,
    save,
    with_contents,
    with_formula_totals,
    with_page_break,
)

_RULES = load_ruleset()


def _findings(path: Path):
    submission = read_submission(str(path))
    return submission, check_submission(submission, _RULES)[0]


def _baseline() -> set[tuple[str, tuple[str, ...]]]:
    from .layout_cases import REFERENCE

    return {f.key() for f in _findings(REFERENCE)[1]}


@pytest.mark.parametrize("name,heading", [("目录", "目  录"), ("Sheet0", "目录"), ("目录", None)])
def test_cover_and_contents_sheet_are_not_tables(tmp_path: Path, name: str, heading: str | None) -> None:
    path = save(with_contents(reference_book(), name, heading), tmp_path / "contents.xlsx")
    submission, found = _findings(path)
    assert {f.key() for f in found} == _baseline()
    assert submission.tables["three_public"].sheet == "7 三公经费支出表"
    assert any(name in note for note in submission.notes)
    book = with_contents(reference_book(), name, heading)
    book["7 三公经费支出表"]["E5"] = 6  # 公务接待费 6 against 合计 5
    cells = {(f.rule, c) for f in _findings(save(book, tmp_path / "bad.xlsx"))[1] for c in f.cells}
    assert ("TPE-001", "'7 三公经费支出表'!E5") in cells


def test_header_repeated_after_a_page_break(tmp_path: Path) -> None:
    book, moved = with_page_break(reference_book())
    path = save(book, tmp_path / "break.xlsx")
    submission, found = _findings(path)
    assert {f.key() for f in found} == _baseline()
    skipped = submission.tables  # the rows below the break are read at their new places
    assert skipped["expenditure"].row("2101506").cells["total"].ref == moved[f"'{S3}'!C12"]
    from .layout_cases import REFERENCE

    before = read_submission(str(REFERENCE)).tables["basic"].row("30239").cells["total"].ref
    assert skipped["basic"].row("30239").cells["total"].ref == moved[before]
    book[S3]["E18"] = 72.3  # 2101506 项目支出 62.30 -> 72.30 below the break
    book[S6]["D18"] = 8.24  # 30201 办公费, 人员经费 column, below the repeated header
    cells = {(f.rule, c) for f in _findings(save(book, tmp_path / "bad.xlsx"))[1] for c in f.cells}
    assert ("EXP-001", f"'{S3}'!E18") in cells
    assert ("BAS-001", f"'{S6}'!D18") in cells


def test_totals_as_formulas_without_results_are_evaluated(tmp_path: Path) -> None:
    path = save(with_formula_totals(reference_book()), tmp_path / "formulas.xlsx")
    submission, found = _findings(path)
    assert {f.key() for f in found} == _baseline()
    total = submission.tables["expenditure"].row("total").cells["total"]
    assert str(total.value) == "1086.55"  # =C7 -> =SUM(C8) -> =SUM(C9:C12) -> =D9+E9 …
    assert submission.not_checkable == []
    book = with_formula_totals(reference_book())
    book[S3]["E10"] = 148.8  # a part under the formulas: 2101502 and every total above move
    cells = {(f.rule, c) for f in _findings(save(book, tmp_path / "bad.xlsx"))[1] for c in f.cells}
    assert ("X-005", f"'{S3}'!C6") in cells  # the evaluated total no longer matches table 1


def test_formula_that_cannot_be_evaluated_is_one_finding(tmp_path: Path) -> None:
    book = reference_book()
    book[S3]["C6"] = "=VLOOKUP(A1,B:B,1)"
    path = save(book, tmp_path / "vlookup.xlsx")
    submission, found = _findings(path)
    new = {f.key() for f in found} - _baseline()
    assert new == {("STR-011", (f"'{S3}'!C6",))}
    finding = next(f for f in found if f.rule == "STR-011")
    assert finding.args["detail"] == "=VLOOKUP(A1,B:B,1)"
    rules = {e.rule for e in submission.not_checkable}
    assert {"EXP-001", "EXP-002", "X-005"} <= rules
    assert all(f"'{S3}'!C6" in e.cells for e in submission.not_checkable)


@pytest.mark.parametrize("loop", [["C6"], ["C6", "D6"]])
def test_a_circular_formula_is_one_finding_at_the_cell_closing_the_loop(tmp_path: Path, loop: list[str]) -> None:
    """A formula without a saved result that refers to itself (directly or through another
    uncached formula) cannot be evaluated: one STR-011, not a silent pass (the hostile corpus
    found the self-referring SUM passing with no word)."""
    book = reference_book()
    for here, there in zip(loop, loop[1:] + loop[:1], strict=True):
        book[S3][here] = f"=SUM({there}:{there})+0"
    path = save(book, tmp_path / "circular.xlsx")
    submission, found = _findings(path)
    new = {f.key() for f in found} - _baseline()
    assert [key for key in new if key[0] == "STR-011"] == [("STR-011", (f"'{S3}'!{loop[0]}",))], new
    assert submission.not_checkable


def test_error_cell_is_one_finding_and_no_false_sum(tmp_path: Path) -> None:
    book = reference_book()
    book[S5]["C8"] = "#DIV/0!"
    path = save(book, tmp_path / "div0.xlsx")
    code, report = validate_json(path)
    sub = report["submissions"][0]
    new = [f for f in sub["findings"] if not f["rule"].startswith("TGT-")]
    assert [(f["rule"], f["cells"]) for f in new] == [("STR-010", [f"'{S5}'!C8"])]
    assert "#DIV/0!" in new[0]["message"] and code == 1
    assert {e["rule"] for e in sub["not_checkable"]} >= {"GEN-001", "GEN-002"}
    assert all(e["unreadable"] == {f"'{S5}'!C8": "#DIV/0!"} for e in sub["not_checkable"])
    text = run_cli("validate", str(path)).stdout
    assert "无法核对" in text and "#DIV/0!" in text


def test_hidden_row_inside_a_table_is_read_and_reported(tmp_path: Path) -> None:
    from .layout_cases import insert_rows

    book = reference_book()
    sheet = book[S6]
    insert_rows(sheet, 14, [["30199", "其他工资福利支出（旧）", 0, 0, None]])
    sheet.row_dimensions[14].hidden = True
    path = save(book, tmp_path / "hidden.xlsx")
    code, report = validate_json(path)
    sub = report["submissions"][0]
    hidden = [f for f in sub["findings"] if f["rule"] == "STR-012"]
    assert len(hidden) == 1 and hidden[0]["severity"] == "warning"
    assert f"'{S6}'!C14" in hidden[0]["cells"] and "14" in hidden[0]["message"]
    assert {f["rule"] for f in sub["findings"]} - {"TGT-003"} == {"STR-012", "STR-003"}
    assert code == 1  # the hidden row repeats the code 30199: a duplicate, cited at both rows
    dup = next(f for f in sub["findings"] if f["rule"] == "STR-003")
    assert f"'{S6}'!A14" in dup["cells"] or any("14" in c for c in dup["cells"])


def test_hidden_sheet_is_read_only_when_no_visible_sheet_has_the_table(tmp_path: Path) -> None:
    book = reference_book()
    copy = book.copy_worksheet(book[S3])
    copy.title = "旧支出总表"
    copy["C9"] = 999  # an old version, hidden: never read while the visible table exists
    copy.sheet_state = "hidden"
    path = save(book, tmp_path / "hidden_sheet.xlsx")
    submission, found = _findings(path)
    assert {f.key() for f in found} == _baseline()
    assert submission.tables["expenditure"].sheet == S3
    book.remove(book[S3])
    copy["C9"] = 853.45
    submission, found = _findings(save(book, tmp_path / "only_hidden.xlsx"))
    assert submission.tables["expenditure"].sheet == "旧支出总表"
    assert ("STR-014", ()) in {f.key() for f in found}


def test_tables_in_yuan_and_thousands_are_compared_with_tables_in_wan(tmp_path: Path) -> None:
    from .layout_cases import in_unit

    book = in_unit(in_unit(reference_book(), S5, "元", 10000), S3, "千元", 10)
    book = in_unit(book, "7 三公经费支出表", "元", 10000, "G2")
    path = save(book, tmp_path / "units.xlsx")
    submission, found = _findings(path)
    assert {f.key() for f in found} == _baseline()
    total = submission.tables["general"].row("total").cells["total"]
    assert total.raw == 8767400 and str(total.value) == "876.7400"
    assert str(submission.tables["expenditure"].row("total").cells["total"].value) == "1086.56"
    book[S5]["E9"] = 1398000  # 2101502 项目支出 138.80 万元 written as 139.80 万元, in 元
    cells = {(f.rule, c) for f in _findings(save(book, tmp_path / "bad.xlsx"))[1] for c in f.cells}
    assert ("GEN-001", f"'{S5}'!E9") in cells


def test_whole_yuan_rounding_is_not_an_error(tmp_path: Path) -> None:
    """In whole 元 each figure stands for ±0.5 元: parts off by one 元 from the total pass."""
    book = reference_book()
    ws = book[S3]
    for row, (total, basic, project) in enumerate(
            [(2000001, 1000000, 1000000), (2000001, 1000000, 1000000), (2000001, 1000000, 1000000),
             (2000001, 1000000, 1000000)], start=6):
        ws[f"C{row}"], ws[f"D{row}"], ws[f"E{row}"] = total, basic, project
    for row in range(10, 13):
        for col in "CDE":
            ws[f"{col}{row}"] = None
    ws["E2"] = "单位：元"
    found = _findings(save(book, tmp_path / "yuan.xlsx"))[1]
    assert not [f for f in found if f.rule.startswith("EXP-")]
    ws["C9"] = 2000003  # two 元 off: beyond what rounding to the 元 explains
    found = _findings(save(book, tmp_path / "yuan_bad.xlsx"))[1]
    assert ("EXP-001", f"'{S3}'!C9") in {(f.rule, c) for f in found for c in f.cells}

"""Table 10 (项目绩效目标表) reader: the reference workbook and a variant layout (block offset,
split labels, merged and blank-below levels, 上年结转 line, inline 项目名称, horizontal funding
in 元)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from budgetcheck.contracts.tables import load_catalogue
from budgetcheck.readers import read_submission
from budgetcheck.readers.targets import projects, read_targets
from budgetcheck.readers.workbook import open_workbook

from .structure_support import REFERENCE, TARGETS_SHEET, findings, pairs, ref

T = TARGETS_SHEET


def test_reference_projects_and_amounts() -> None:
    table = read_submission(str(REFERENCE)).tables["targets"]
    found = projects(table)
    assert [p.name for p in found] == [
        "2024年医保经办激励经费、慢性病鉴定费",
        "追加2023年一体化非税收入指标收回资金",
        "2023年度医疗服务与保障能力提升补助资金",
        "2023医保基金经办专项经费",
        "2023年医保经办考核第三方服务及网络安全建设",
    ]
    totals = [(p.funding["total"].cells["amount"].ref, p.funding["total"].cells["amount"].value) for p in found]
    assert totals == [
        (ref(T, "C6"), Decimal("138.8")), (ref(T, "C20"), Decimal("40.79")), (ref(T, "C34"), Decimal("11.38")),
        (ref(T, "C49"), Decimal("58.23")), (ref(T, "C63"), Decimal("94.3")),
    ]
    assert sum(v for _, v in totals) == Decimal("343.50")
    assert [len(p.indicators) for p in found] == [6, 6, 7, 6, 9]
    assert [p.ref for p in found][:2] == [ref(T, "B3"), ref(T, "B17")]
    assert {p.unit for p in found} == {"万元"}


def test_reference_row_keys_and_indicator_text() -> None:
    table = read_submission(str(REFERENCE)).tables["targets"]
    assert table.columns == ["amount"]
    keys = [r.key for r in table.rows]
    assert keys[:9] == ["p1.total", "p1.fiscal", "p1.other", *(f"p1.ind.{m}" for m in range(1, 7))]
    assert "p1.carryover" not in keys
    fiscal = table.row("p1.fiscal")
    assert (fiscal.name, fiscal.cells["amount"].ref) == ("财政拨款", ref(T, "C7"))
    info = table.row("p3.ind.5").info
    assert (info["level1"], info["level2"], info["level3"], info["value"]) == (
        "产出指标", "时效指标", "DRG付费改革国家试点", "12月前实现结算")
    assert info["refs"]["value"] == ref(T, "D42")
    empty = [r.info["refs"]["value"] for r in table.rows if r.info.get("value") == ""]
    assert empty == [ref(T, "D12"), ref(T, "D13"), ref(T, "D55"), ref(T, "D56")]


def _variant(book) -> None:
    """Write the variant table 10 into ``book`` (an openpyxl workbook), replacing the sheet."""
    index = book.sheetnames.index(T)
    del book[T]
    ws = book.create_sheet(T, index)
    ws["B1"] = "项目绩效目标表（2024年度）"
    ws["B3"], ws["C3"] = "项目\n名称", "项目甲"
    ws.merge_cells("C3:E3")
    ws["B4"], ws["C4"] = "主管部门及代码", "某局"
    ws["B5"] = "项目资金\n（万元）"
    ws.merge_cells("B5:B8")
    for row, (label, amount) in enumerate(
        [("年度资金\n总额", 100), ("其中：财政拨款", 60), ("其他资金", 10), ("上年结转", 30)], start=5
    ):
        ws.cell(row, 3, label)
        ws.cell(row, 4, amount)
    ws["B9"], ws["C9"] = "年度绩效目标", "一是保障财政拨款资金用于平台运维；其他资金用于培训。"
    ws.merge_cells("C9:E9")
    for col, text in enumerate(["一级指标", "二级指标", "三级指标", "指标值"], start=2):
        ws.cell(10, col, text)
    lines = [
        ("成本指标", "经济成本指标", "设备购置成本", "≤600000元"),
        (None, "经济成本指标", "项目总成本", "≤600000元"),
        ("产出指标", "数量指标", "培训次数", "≥2次"),
        (None, None, "检查次数", "=1次/月"),
        (None, "时效\n指标", "完成时间", "12 月前实现结算"),
        ("满意度指\n标", "服务对象满意度", "满意度", "≥90%"),
        ("效益指标", "社会效益指标", "服务能力", None),
        (None, None, "知晓率", "有所提升"),
    ]
    for row, values in enumerate(lines, start=11):
        for col, value in enumerate(values, start=2):
            cell = ws.cell(row, col, value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # text, as Excel stores '=1次/月 — not a formula
    ws.merge_cells("B11:B12")
    ws.merge_cells("B13:B15")
    ws.merge_cells("C13:C14")
    ws["B21"] = "项目名称：项目乙"
    ws["B23"], ws["C23"], ws["D23"], ws["E23"] = "项目资金（元）", "年度资金总额", "其中：财政拨款", "其他资金"
    ws["C24"], ws["D24"], ws["E24"] = 435000, 435000, 0
    for col, text in enumerate(["一级指标", "二级指标", "三级指标", "指标值"], start=2):
        ws.cell(25, col, text)
    for col, text in enumerate(["产出指标", "数量指标", "覆盖人数", "≥5000人"], start=2):
        ws.cell(26, col, text)


def variant_workbook(tmp_path: Path) -> Path:
    import openpyxl

    book = openpyxl.load_workbook(REFERENCE)
    _variant(book)
    path = tmp_path / "variant.xlsx"
    book.save(path)
    return path


def test_variant_layout(tmp_path: Path) -> None:
    path = variant_workbook(tmp_path)
    grid = next(g for g in open_workbook(str(path)).grids if g.name == T)
    catalogue = load_catalogue()
    table = read_targets(grid, catalogue.spec("targets"), catalogue, str(path))
    assert [r.key for r in table.rows] == [
        "p1.total", "p1.fiscal", "p1.other", "p1.carryover", *(f"p1.ind.{m}" for m in range(1, 9)),
        "p2.total", "p2.fiscal", "p2.other", "p2.ind.1",
    ]
    amounts = {r.key: (r.cells["amount"].ref, r.cells["amount"].value) for r in table.rows if r.cells}
    assert amounts["p1.total"] == (ref(T, "D5"), Decimal(100))
    assert amounts["p1.carryover"] == (ref(T, "D8"), Decimal(30))
    assert amounts["p2.total"] == (ref(T, "C24"), Decimal(435000))
    assert amounts["p2.other"] == (ref(T, "E24"), Decimal(0))
    found = projects(table)
    assert [(p.name, p.unit, p.ref) for p in found] == [
        ("项目甲", "万元", ref(T, "C3")), ("项目乙", "元", ref(T, "B21"))]
    levels = [(r.info["level1"], r.info["level2"], r.info["level3"], r.info["value"], r.info["carried"])
              for r in found[0].indicators]
    assert levels == [
        ("成本指标", "经济成本指标", "设备购置成本", "≤600000元", ()),
        ("成本指标", "经济成本指标", "项目总成本", "≤600000元", ()),  # merged B11:B12
        ("产出指标", "数量指标", "培训次数", "≥2次", ()),
        ("产出指标", "数量指标", "检查次数", "=1次/月", ()),  # merged B13:B15, C13:C14
        ("产出指标", "时效指标", "完成时间", "12 月前实现结算", ()),
        ("满意度指标", "服务对象满意度", "满意度", "≥90%", ()),  # label split over lines
        ("效益指标", "社会效益指标", "服务能力", "", ()),
        ("效益指标", "社会效益指标", "知晓率", "有所提升", ("level1", "level2")),  # blank below
    ]


def test_variant_layout_rules(tmp_path: Path) -> None:
    found = findings(variant_workbook(tmp_path))
    targets = sorted((f.rule, tuple(f.cells)) for f in found if f.rule.startswith(("TGT", "STR")))
    assert targets == [
        ("TGT-003", (ref(T, "E17"),)),
        # 100 万元 + 435000 元 = 143.5 万元 against 项目支出 343.5
        ("TGT-007", ("'3 支出总表'!E6", ref(T, "D5"), ref(T, "C24"))),
    ]
    assert pairs(found, "TGT-001") == []


def test_sheet_without_projects_is_an_empty_table(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.load_workbook(REFERENCE)
    ws = book[T]
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.value = None
    ws["A3"], ws["B3"] = "一级指标", "三级指标"  # a header but no project: still no block
    path = tmp_path / "empty.xlsx"
    book.save(path)
    table = read_submission(str(path)).tables["targets"]
    assert table.empty and table.rows == []
    assert [f.rule for f in findings(path) if f.rule.startswith(("TGT", "STR"))] == []


def test_narrative_project_amounts_match_table_10(tmp_path: Path) -> None:
    """The narrative's 年度预算安排 and its target tables' 年度资金总额 are matched to table 10 by
    project name; a changed 年度资金总额 is cited at its cell."""
    from budgetcheck.narrative.check import check_narrative
    from budgetcheck.narrative.tables import match_claims, match_claims_to_tables

    from .structure_support import ROOT, mutated

    claims = check_narrative(ROOT / "fixtures" / "narrative" / "002_7fe24cca4b7a4db4.txt").claims
    matched = {m.claim.key: (m.cell.ref, m.agrees) for m in match_claims(claims, read_submission(str(REFERENCE)))
               if m.claim.key.startswith(("project.", "target."))}
    assert matched["target.5.total"] == (ref(T, "C63"), True)
    assert matched["project.1.annual"] == (ref(T, "C6"), True)
    changed = read_submission(str(mutated(tmp_path, {ref(T, "C63"): 94.4, ref(T, "C64"): 94.4})))
    cited = {cell for f in match_claims_to_tables(claims, changed) for cell in f.cells}
    assert ref(T, "C63") in cited

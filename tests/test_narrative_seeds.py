"""The two real documents: every arithmetic inconsistency a careful reader finds, no more.

Worked by hand (万元; a figure with d decimals stands for v ± ½·10^-d):

seed 002 (上饶市医疗保障服务中心 2024 单位预算)
- 368 NAR-SUM-002: 支出预算总额 changes −72.8 but its only function class 卫生健康支出 −67.8.
- 660/770/868 NAR-PRJ-002 (warning): projects 3, 4, 5 give 实施方案 共计 67.1 / 223.8 /
  112.66 against 年度预算安排 11.38 / 58.23 / 94.3 (the plan covers the whole project).
- Not findings: 876.74 + 209.81 = 1086.55 vs 1086.56 and −84.83 + 12.02 = −72.81 vs −72.8
  (rounding); 工资福利支出 672.68 = 625.38 + 47.3 and every other economic class equals its
  基本 + 项目 parts; 机关运行费 262.3 ÷ 368.06 = 71.27%; 三公 5 = 0 + 5 + 0 + 0;
  实有 30 = 在职 24 + 退休 6; every 实施方案 list sums to its 共计; every target table
  equals its 年度预算安排.

seed 004 (赣州市医疗保障局 2025 部门预算)
- 294 NAR-SUM-002: economic-class changes −271.62 + 1243.63 + 515.68 + 0 + 33.97 + 0 + 0
  = 1521.66 against the total's +1447.59.
- 418 NAR-PRJ-001: 年度预算安排 250 against the target table's 年度资金总额 220 (line 195).
- Not findings (rounding): 财政拨款 function split 1294.99 + 11358.21 + 771.34 = 13424.54 vs
  13424.55; 基本支出 parts 10778.54 vs 10778.55; fiscal 基本 10773.54 vs 10773.55; economic
  split 15915.96 vs 15915.97. 实有 515 = 在职 515 (retirees listed apart, as the document
  shows); 机关运行经费 20.23 ÷ 969.10 = 2.09%.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

from budgetcheck.amounts import Amount
from budgetcheck.narrative import (
    check_narrative,
    load_catalogue,
    match_claims,
    match_claims_to_tables,
    read_document,
    render_message,
)

from .narrative_helpers import seed002_submission

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "narrative"
SEED_002 = FIXTURES / "002_7fe24cca4b7a4db4.txt"
SEED_004 = FIXTURES / "004_bc5043a6c84644f3.txt"


def pairs(result):
    return [(f.rule, f.location["line"]) for f in result.findings]


def test_seed_002_findings():
    result = check_narrative(SEED_002)
    assert pairs(result) == [("NAR-SUM-002", 368), ("NAR-PRJ-002", 660),
                             ("NAR-PRJ-002", 770), ("NAR-PRJ-002", 868)]
    first = result.findings[0]
    assert (first.expected, first.actual) == ("-72.8", "-67.8")
    assert "卫生健康支出1086.56万元" in first.location["sentence"]
    assert first.location["file"] == str(SEED_002)
    assert [f.severity for f in result.findings] == ["error", "warning", "warning", "warning"]
    assert result.unread == 0


def test_seed_004_findings():
    result = check_narrative(SEED_004)
    assert pairs(result) == [("NAR-SUM-002", 294), ("NAR-PRJ-001", 418)]
    econ, project = result.findings
    assert (econ.expected, econ.actual) == ("1447.59", "1521.66")
    assert (project.expected, project.actual) == ("220", "250")
    assert project.args["other_line"] == 195  # the target table's line, cited with the finding
    assert result.unread == 0


def test_seed_claims_cover_the_statements():
    keys = {c.key for c in check_narrative(SEED_004).claims}
    for key in ("income.total", "income.fiscal", "income.other", "income.carryover",
                "income.balance_used", "expense.basic.econ.303", "expense.project.econ.399",
                "expense.func.221", "expense.econ.302", "fiscal.func.208",
                "fiscal.project.econ.310", "office_cost", "procurement.services",
                "three_public.reception", "headcount.serving.institution",
                "headcount.survivors", "project.1.annual", "target.1.carryover"):
        assert key in keys, key


def test_messages_render_in_both_languages():
    catalogue = load_catalogue()
    for f in check_narrative(SEED_004).findings:
        zh = render_message(catalogue[f.rule], f, "zh")
        en = render_message(catalogue[f.rule], f, "en")
        assert "{" not in zh and "{" not in en
    assert "1521.66" in render_message(catalogue["NAR-SUM-002"],
                                       check_narrative(SEED_004).findings[0], "zh")


RESTATED = {  # claim key -> (table, cell row key) it must be matched to on seed 002
    "income.total": "summary", "income.fiscal": "summary", "income.carryover": "summary",
    "expense.total": "summary", "expense.basic": "expenditure",
    "expense.project": "expenditure", "expense.func.210": "expenditure",
    "fiscal.total": "fiscal", "fiscal.func.210": "general", "fiscal.basic": "general",
    "fiscal.project": "general", "fiscal.basic.econ.301": "basic",
    "fiscal.basic.econ.302": "basic", "fiscal.basic.econ.303": "basic",
    "fiscal.basic.econ.310": "basic", "office_cost": "basic",
    "three_public.total": "three_public", "three_public.reception": "three_public",
    "three_public.abroad": "three_public", "three_public.vehicle_purchase": "three_public",
    "three_public.vehicle_operation": "three_public",
    "headcount.establishment.total": "headcount",
    "headcount.establishment.civil_servant_managed": "headcount",
    "headcount.actual.total": "headcount", "headcount.serving.total": "headcount",
    "headcount.serving.civil_servant_managed": "headcount", "headcount.retired": "headcount",
}


def test_seed_002_claims_match_their_cells():
    claims = check_narrative(SEED_002).claims
    matches = {m.claim.key: m for m in match_claims(claims, seed002_submission())}
    for key, table in RESTATED.items():
        assert key in matches, key
        assert matches[key].agrees, key
        assert matches[key].cell.sheet == table, key
    assert match_claims_to_tables(claims, seed002_submission()) == []


def test_seed_002_changed_cell_is_cited_with_the_sentence():
    submission = seed002_submission()
    row = submission.tables["basic"].row("total")
    cell = row.cells["public"]
    row.cells["public"] = dataclasses.replace(cell, raw="107.76",
                                              amount=Amount(Decimal("107.76"), Decimal("0.005")))
    claims = check_narrative(SEED_002).claims
    findings = match_claims_to_tables(claims, submission, file=str(SEED_002))
    assert [(f.rule, f.location["line"]) for f in findings] == [("NAR-TAB-001", 422)]
    f = findings[0]
    assert f.cells == [cell.ref] and f.args["cell"] == cell.ref
    assert (f.expected, f.actual) == ("107.76", "105.76")
    assert "机关运行费预算105.76万元" in f.location["sentence"]


def test_seed_002_headcount_cell_changed():
    submission = seed002_submission()
    row = submission.tables["headcount"].row("serving.total")
    cell = row.cells["count"]
    row.cells["count"] = dataclasses.replace(cell, raw=25, amount=Amount(Decimal(25), Decimal(0)))
    findings = match_claims_to_tables(check_narrative(SEED_002).claims, submission)
    assert [(f.rule, f.location["line"], f.cells) for f in findings] == [
        ("NAR-TAB-001", 67, [cell.ref])]


def test_read_document_keeps_original_lines():
    doc = read_document(SEED_002)
    assert len(doc.lines) == 1085
    sentence = next(s for s in doc.sentences if "机关运行费预算" in s.text)
    assert sentence.line == 418 and sentence.line_at(sentence.text.index("105.76")) == 422


def test_every_narrative_rule_has_its_own_parameters():
    """No catalogue-wide parameter block: each rule lists the parameters it reads, and the
    narrative family accepts each of them."""
    import yaml

    from budgetcheck.rules import FAMILIES

    data = yaml.safe_load((FIXTURES.parents[1] / "checks" / "narrative.yaml").read_text("utf-8"))
    assert "params" not in data
    allowed = set(FAMILIES["narrative"].optional)
    for entry in load_catalogue().values():
        assert set(entry["params"]) <= allowed, entry["id"]

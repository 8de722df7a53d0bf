"""Table 10 rules (checks/targets.yaml): every rule fails on a mutated copy of the reference with
exactly the expected cells, and passes on the reference or a corrected copy."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from budgetcheck.contracts.rules import catalogue_files, load_ruleset
from budgetcheck.rules.targets import parse_value

from .structure_support import TARGETS_SHEET, findings, mutated, pairs, ref

T = TARGETS_SHEET
EMPTY_VALUES = [ref(T, c) for c in ("D12", "D13", "D55", "D56")]
FILLED = {c: "=12个月" for c in EMPTY_VALUES} | {ref(T, "D13"): "＝1次/月"}
PROJECT_TOTALS = [ref(T, c) for c in ("C6", "C20", "C34", "C49", "C63")]

# rule -> (failing changes, expected (rule, cells) pairs, passing changes)
CASES: dict[str, tuple[dict[str, Any], list[tuple[str, tuple[str, ...]]], dict[str, Any]]] = {
    "TGT-001": (
        {ref(T, "C6"): 140},
        [("TGT-001", (ref(T, "C6"), ref(T, "C7"), ref(T, "C8")))],
        {ref(T, "C6"): 140, ref(T, "C8"): 1.2},  # 140 = 138.8 + 1.2
    ),
    "TGT-002": (
        {ref(T, "A10"): None, ref(T, "C11"): None, ref(T, "B44"): " "},
        [("TGT-002", (ref(T, "A10"),)), ("TGT-002", (ref(T, "C11"),)), ("TGT-002", (ref(T, "B44"),))],
        {ref(T, "A11"): None},  # blank below 成本指标 is read as 成本指标 (a merge drawn by eye)
    ),
    "TGT-003": (
        {},  # the reference itself: four values left blank in the published tables
        [("TGT-003", (c,)) for c in EMPTY_VALUES],
        FILLED,
    ),
    "TGT-004": (
        {ref(T, "D11"): "???", ref(T, "D14"): "#N/A", ref(T, "D15"): "——", ref(T, "D24"): "≥%"},
        [("TGT-004", (ref(T, c),)) for c in ("D11", "D14", "D15", "D24")],
        {ref(T, "D11"): "≤1600000元", ref(T, "D14"): "＝100%", ref(T, "D15"): "12 月前实现结算",
         ref(T, "D24"): "逐步推开"},
    ),
    "TGT-005": (
        {ref(T, "C67"): "设备购置成本", ref(T, "D67"): "≤1000000元",
         ref(T, "A68"): "成本指标", ref(T, "B68"): "经济成本指标", ref(T, "C68"): "项目总成本",
         ref(T, "D68"): "≤1600000元"},
        [("TGT-005", (ref(T, "D68"), ref(T, "D67")))],
        {ref(T, "C67"): "设备购置成本", ref(T, "D67"): "≤1000000元",
         ref(T, "A68"): "成本指标", ref(T, "B68"): "经济成本指标", ref(T, "C68"): "项目总成本",
         ref(T, "D68"): "≤100万元"},
    ),
    "TGT-006": (
        {ref(T, "C6"): 140, ref(T, "C7"): 140},  # sum 344.70 > 项目支出 343.50
        [("TGT-006", ("'3 支出总表'!E6", *PROJECT_TOTALS))],
        {ref(T, "C6"): 138.81, ref(T, "C7"): 138.81},  # within rounding of the six values
    ),
    "TGT-007": (
        {ref(T, "C63"): 90, ref(T, "C64"): 90},  # sum 339.20 < 343.50: key projects only?
        [("TGT-007", ("'3 支出总表'!E6", *PROJECT_TOTALS))],
        {},
    ),
}


def test_every_targets_rule_has_fixtures() -> None:
    files = [f for f in catalogue_files() if f.name == "targets.yaml"]
    assert {r.id for r in load_ruleset(files).rules} == set(CASES)


@pytest.mark.parametrize("rule", sorted(CASES))
def test_rule_fails(rule: str, tmp_path: Path) -> None:
    changes, expected, _ = CASES[rule]
    assert pairs(findings(mutated(tmp_path, changes)), rule) == expected


@pytest.mark.parametrize("rule", sorted(CASES))
def test_rule_passes(rule: str, tmp_path: Path) -> None:
    _, _, changes = CASES[rule]
    base = CASES["TGT-003"][2] if rule != "TGT-003" else {}
    assert pairs(findings(mutated(tmp_path, {**base, **changes})), rule) == []


def test_reference_has_only_the_blank_value_warnings(tmp_path: Path) -> None:
    from .structure_support import REFERENCE

    found = [f for f in findings(REFERENCE) if f.rule.startswith(("TGT", "STR"))]
    assert [(f.rule, f.severity) for f in found] == [("TGT-003", "warning")] * 4


@pytest.mark.parametrize("text", [
    "≥90%", "≤1600000元", "=1次/月", "＝100%", "12月底完成", "12 月前实现结算", "有所提升",
    "有效缓解", "逐步推开", "≥6个月", "100", "不低于上年", "≥100,000元", "≤50 万元",
])
def test_values_that_parse(text: str) -> None:
    assert parse_value(text) is not None


@pytest.mark.parametrize("text", ["", "  ", "???", "？？", "#N/A", "#DIV/0!", "——", "-", "…", "N/A", "≥", "≥%",
                                  "鈮?0%"])
def test_values_that_do_not_parse(text: str) -> None:
    assert parse_value(text) is None


def test_parsed_parts() -> None:
    value = parse_value("≤1600000元")
    assert (value.comparator, value.number, value.unit) == ("≤", 1600000, "元")
    assert parse_value("有所提升").number is None

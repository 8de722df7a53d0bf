"""Table-internal rules (checks/rules.yaml): a failing and a passing fixture for every rule, and a
catalogue-wide check that no rule of any family lacks fixtures or shares an id.

Each case edits a copy of the reference workbook. ``setup`` edits apply to both fixtures (to give a
rule something to check, e.g. rows in the empty table 9); the failing fixture adds ``broken`` and
must report the rule on ``cell``; the passing fixture must report nothing for the rule.
"""

from __future__ import annotations

from typing import Any

import pytest

from ._workbooks import S1, S2, S3, S4, S5, S6, S7, S8, S9, S11, mutate, ref

Edits = dict[tuple[str, str], Any]

# A table 9 (or 8) with rows: 合计 = 210 = 21015 = 2101501 + 2101502, basic + project = total
FILLED_9: Edits = {
    (S9, "C5"): 5, (S9, "D5"): 3, (S9, "E5"): 2,
    (S9, "A6"): "210", (S9, "B6"): "卫生健康支出", (S9, "C6"): 5, (S9, "D6"): 3, (S9, "E6"): 2,
    (S9, "A7"): "2101501", (S9, "B7"): "行政运行", (S9, "C7"): 3, (S9, "D7"): 3,
    (S9, "A8"): "2101502", (S9, "B8"): "一般行政管理事务", (S9, "C8"): 2, (S9, "E8"): 2,
    (S9, "A9"): None,
}
FILLED_8: Edits = {(S8, cell): value for (_, cell), value in FILLED_9.items()}
# the "三公" table with a 公务用车 subtotal column next to its two parts
VEHICLE: Edits = {(S7, "H3"): "公务用车购置及运行维护费", (S7, "H5"): 0}

# rule id -> (setup edits, broken edits, a cell the failing finding must name)
CASES: dict[str, tuple[Edits, Edits, str]] = {
    "SUM-001": ({}, {(S1, "D18"): "1,086.66"}, ref(S1, "D18")),
    "SUM-002": ({}, {(S1, "B12"): "3.00"}, ref(S1, "B12")),
    "SUM-003": ({}, {(S1, "B6"): "870.74"}, ref(S1, "B6")),
    "SUM-004": ({}, {(S1, "B17"): "219.81"}, ref(S1, "B17")),
    "SUM-005": ({}, {(S1, "D5"): "1,076.56"}, ref(S1, "D5")),
    "SUM-006": ({}, {(S1, "D16"): "10.00"}, ref(S1, "D16")),
    "INC-001": ({}, {(S2, "D9"): 125.51}, ref(S2, "D9")),
    "INC-002": ({}, {(S2, "F10"): 130.8}, ref(S2, "F10")),
    "INC-003": ({}, {(S2, "C11"): 42.0, (S2, "D11"): 42.0}, ref(S2, "C11")),
    "EXP-001": ({}, {(S3, "E9"): 120.4}, ref(S3, "E9")),
    "EXP-002": ({}, {(S3, "C12"): 72.3, (S3, "E12"): 72.3}, ref(S3, "C12")),
    "FIS-001": ({}, {(S4, "D12"): 886.74, (S4, "E12"): 886.74}, ref(S4, "D12")),
    "FIS-002": ({}, {(S4, "B7"): 10}, ref(S4, "B7")),
    "FIS-003": ({}, {(S4, "B10"): 10}, ref(S4, "B10")),
    "FIS-004": ({}, {(S4, "B9"): 10, (S4, "B10"): 10}, ref(S4, "B9")),
    "FIS-005": ({}, {(S4, "F6"): 10}, ref(S4, "F6")),
    "FIS-006": ({}, {(S4, "D6"): 866.74, (S4, "E6"): 866.74}, ref(S4, "D6")),
    "FIS-007": ({}, {(S4, "D9"): 10, (S4, "E9"): 10}, ref(S4, "D9")),
    "GEN-001": ({}, {(S5, "E9"): 128.8}, ref(S5, "E9")),
    "GEN-002": ({}, {(S5, "C9"): 148.8, (S5, "E9"): 148.8}, ref(S5, "C9")),
    "GF-001": (FILLED_8, {(S8, "E8"): 3}, ref(S8, "E8")),
    "GF-002": (FILLED_8, {(S8, "C8"): 3, (S8, "E8"): 3}, ref(S8, "C8")),
    "SOE-001": (FILLED_9, {(S9, "E8"): 3}, ref(S9, "E8")),
    "SOE-002": (FILLED_9, {(S9, "C8"): 3, (S9, "E8"): 3}, ref(S9, "C8")),
    "BAS-001": ({}, {(S6, "D8"): 77.35}, ref(S6, "D8")),
    "BAS-002": ({}, {(S6, "C26"): 6, (S6, "E26"): 6}, ref(S6, "C26")),
    "TPE-001": ({}, {(S7, "E5"): 6}, ref(S7, "E5")),
    "TPE-002": (VEHICLE, {(S7, "H5"): 2}, ref(S7, "H5")),
    "TPE-003": ({(S7, "A6"): None, (S7, "B6"): "合计", (S7, "C6"): 5, (S7, "E6"): 5},
                {(S7, "C6"): 6, (S7, "E6"): 6}, ref(S7, "C6")),
    "HC-001": ({}, {(S11, "B5"): 1}, ref(S11, "B5")),
    "HC-002": ({}, {(S11, "B11"): 1}, ref(S11, "B11")),
    "HC-003": ({}, {(S11, "B10"): 27, (S11, "B12"): 27, (S11, "B9"): 33}, ref(S11, "B12")),
    "HC-004": ({}, {(S11, "B16"): 7}, ref(S11, "B16")),
}


def _rule_cells(path: str, rule: str) -> set[str]:
    from budgetcheck.contracts.profiles import load_rules
    from budgetcheck.engine import check_submission
    from budgetcheck.readers import read_submission

    findings, _ = check_submission(read_submission(path), load_rules(None))
    return {cell for f in findings if f.rule == rule for cell in f.cells}


@pytest.mark.parametrize("rule", sorted(CASES))
def test_failing_fixture(rule: str, tmp_path) -> None:
    setup, broken, cell = CASES[rule]
    path = mutate(tmp_path, {**setup, **broken}, "failing.xlsx")
    assert cell in _rule_cells(path, rule)


@pytest.mark.parametrize("rule", sorted(CASES))
def test_passing_fixture(rule: str, tmp_path) -> None:
    setup, _, _ = CASES[rule]
    path = mutate(tmp_path, setup, "passing.xlsx")
    assert _rule_cells(path, rule) == set()


def _covered() -> set[str]:
    """Rule ids that have fixtures somewhere in the test suite."""
    import importlib

    covered = set(CASES)
    for module, name in (
        ("tests.test_crosstable", "CASES"),
        ("tests.test_targets_rules", "CASES"),
        ("tests.test_structure_rules", "CASES"),
        ("tests.test_layout_rules", "CASES"),
        ("tests.test_domain_rules", "CASES"),
        ("tests.test_change_rules", "CASES"),
        ("tests.test_narrative_rules", "RULE_CASES"),
    ):
        try:
            cases = getattr(importlib.import_module(module), name)
        except (ImportError, AttributeError):
            continue
        covered |= {case.split("/")[0] for case in cases}
    return covered


def test_every_rule_has_fixtures_and_a_unique_id() -> None:
    from budgetcheck.contracts.rules import load_ruleset

    rules = load_ruleset().rules
    ids = [r.id for r in rules]
    assert len(ids) == len(set(ids))
    missing = sorted(set(ids) - _covered() - {"EXPL-001"})  # EXPL-001: tests/test_explanations.py
    assert missing == [], f"rules without a passing and a failing fixture: {missing}"

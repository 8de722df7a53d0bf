"""Cross-table rules (checks/crosstable.yaml): a failing and a passing fixture for every rule.

Each case mutates a copy of the reference workbook. The failing edit must give exactly the listed
(rule, cells) among all X-* findings; the passing edit must give none (it changes both sides of
the relation, or stays within rounding). Other (table-internal) rules may fire on these edits.
"""

from __future__ import annotations

from typing import Any

import pytest

from ._workbooks import S1, S2, S3, S4, S5, S6, S7, S8, S9, findings_of, mutate, ref

Edits = dict[tuple[str, str], Any]

# rule id -> (failing edits, expected X-* findings, passing edits)
CASES: dict[str, tuple[Edits, set[tuple[str, tuple[str, ...]]], Edits]] = {
    "X-001": (
        {(S2, "C6"): 1086.66},
        {("X-001", (ref(S2, "C6"), ref(S1, "B18")))},
        {(S2, "C6"): 1086.57},  # within rounding of two 2-decimal values
    ),
    "X-002": (
        {(S2, "D6"): 209.91},
        {("X-002", (ref(S2, "D6"), ref(S1, "B17")))},
        {(S2, "D6"): 300, (S1, "B17"): "300.00"},
    ),
    "X-003": (
        {(S2, "E6"): 876.84},
        {("X-003", (ref(S2, "E6"), ref(S1, "B5")))},
        {(S2, "E6"): 876.75},
    ),
    "X-004": (
        {(S2, "I6"): 1, (S2, "M6"): 2},
        {("X-004", (ref(S2, "I6"), ref(S1, "B9"))), ("X-004", (ref(S2, "M6"), ref(S1, "B13")))},
        {(S2, "I6"): 1, (S1, "B9"): "1.00"},
    ),
    "X-005": (
        {(S3, "C6"): 1086.66},
        {("X-005", (ref(S3, "C6"), ref(S1, "D15")))},
        {(S3, "C6"): 1000, (S1, "D15"): "1,000.00", (S1, "D5"): "1,000.00", (S3, "C7"): 1000},
    ),
    "X-006": (
        # amount differs; then a class on one side only, on each side
        {(S3, "C7"): 1000},
        {("X-006", (ref(S3, "C7"), ref(S1, "D5")))},
        {(S3, "C7"): 1086.55},
    ),
    "X-006/one-side": (
        {(S1, "C5"): "社会保障和就业支出"},
        {("X-006", (ref(S3, "C7"),)), ("X-006", (ref(S1, "D5"),))},
        {(S1, "C6"): "住房保障支出"},  # a class line of table 1 with no amount needs no counterpart
    ),
    "X-007": (
        {(S4, "B5"): 876.84, (S4, "B6"): 800},
        {("X-007", (ref(S1, "B5"), ref(S4, "B5"))), ("X-007", (ref(S1, "B6"), ref(S4, "B6")))},
        {(S4, "B5"): 876.75},
    ),
    "X-008": (
        {(S5, "C5"): 876.84},
        {("X-008", (ref(S4, "E5"), ref(S5, "C5")))},
        {(S5, "C5"): 876.73},
    ),
    "X-009": (
        {(S5, "C6"): 800},
        {("X-009", (ref(S4, "E6"), ref(S5, "C6")))},
        {(S5, "C6"): 800, (S4, "E6"): 800},
    ),
    "X-010": (
        {(S6, "C5"): 697.25},
        {("X-010", (ref(S5, "D5"), ref(S6, "C5")))},
        {(S6, "C5"): 697.16},
    ),
    "X-011": (
        {(S5, "E9"): 140},
        {("X-011", (ref(S5, "E9"), ref(S3, "E10")))},
        {(S5, "E9"): 100},  # smaller than table 3 is fine
    ),
    "X-011/missing": (
        {(S5, "A9"): "2101599"},
        {("X-011", (ref(S5, "C9"),)), ("X-011", (ref(S5, "E9"),))},
        {(S5, "A9"): "2101599", (S5, "C9"): None, (S5, "E9"): None},  # a zero row needs no counterpart
    ),
    "X-012": (
        {(S2, "A11"): "2101599"},
        {("X-012", (ref(S2, "C11"),)), ("X-012", (ref(S3, "C11"),))},
        {(S2, "A11"): "2101599", (S3, "A11"): "2101599"},
    ),
    "X-013": (
        {(S6, "A19"): "30217"},  # 培训费 9 re-coded as 公务接待费 9 > 三公 reception 5
        {("X-013", (ref(S6, "C19"), ref(S7, "E5")))},
        {(S6, "A19"): "30217", (S7, "E5"): 9, (S7, "C5"): 9},
    ),
    "X-014": (
        {(S6, "A21"): "30231"},  # 其他交通费用 22.94 re-coded as vehicle operation > 0
        {("X-014", (ref(S6, "C21"), ref(S7, "F5")))},
        {(S6, "A21"): "30231", (S7, "F5"): 30, (S7, "C5"): 35},
    ),
    "X-015": (
        {(S8, "C5"): 10, (S8, "D5"): 10},
        {("X-015", (ref(S4, "F5"), ref(S8, "C5")))},
        {(S8, "C5"): 10, (S8, "D5"): 10, (S4, "F5"): 10},
    ),
    "X-016": (
        {(S4, "F6"): 10},  # table 4 has fund spending in 210, table 8 has no 210 row
        {("X-016", (ref(S4, "F6"),))},
        {(S4, "F6"): 10, (S8, "A6"): "210", (S8, "B6"): "卫生健康支出", (S8, "C6"): 10, (S8, "E6"): 10},
    ),
    "X-017": (
        {(S8, "A6"): "210", (S8, "B6"): "卫生健康支出", (S8, "C6"): 2000, (S8, "E6"): 2000, (S4, "F6"): 2000},
        {("X-017", (ref(S8, "C6"), ref(S3, "C7"))), ("X-017", (ref(S8, "E6"), ref(S3, "E7")))},
        {(S8, "A6"): "210", (S8, "B6"): "卫生健康支出", (S8, "C6"): 20, (S8, "E6"): 20, (S4, "F6"): 20},
    ),
    "X-018": (
        {(S9, "C5"): 10, (S9, "D5"): 10},
        {("X-018", (ref(S4, "G5"), ref(S9, "C5")))},
        {(S9, "C5"): 10, (S9, "D5"): 10, (S4, "G5"): 10},
    ),
    "X-019": (
        {(S9, "A6"): "210", (S9, "B6"): "卫生健康支出", (S9, "C6"): 10, (S9, "E6"): 10},
        {("X-019", (ref(S4, "G6"), ref(S9, "C6")))},
        {(S9, "A6"): "210", (S9, "B6"): "卫生健康支出", (S9, "C6"): 10, (S9, "E6"): 10, (S4, "G6"): 10},
    ),
    "X-020": (
        {(S9, "A6"): "2101599", (S9, "B6"): "其他", (S9, "C6"): 10, (S9, "E6"): 10},
        {("X-020", (ref(S9, "C6"),)), ("X-020", (ref(S9, "E6"),))},
        {(S9, "A6"): "2101501", (S9, "B6"): "行政运行", (S9, "C6"): 10, (S9, "E6"): 10},
    ),
}


def _crosstable_ids() -> list[str]:
    from budgetcheck.contracts.paths import checks_dir
    from budgetcheck.contracts.rules import load_ruleset

    return [r.id for r in load_ruleset([checks_dir() / "crosstable.yaml"]).rules if r.family != "explanation_unused"]


def test_every_crosstable_rule_has_fixtures() -> None:
    covered = {case.split("/")[0] for case in CASES}
    assert set(_crosstable_ids()) <= covered


def test_reference_is_clean_across_tables() -> None:
    from ._workbooks import REFERENCE

    assert findings_of(str(REFERENCE), prefix="X-") == set()


@pytest.mark.parametrize("case", sorted(CASES))
def test_failing_fixture(case: str, tmp_path) -> None:
    edits, expected, _ = CASES[case]
    assert findings_of(mutate(tmp_path, edits), prefix="X-") == expected


@pytest.mark.parametrize("case", sorted(CASES))
def test_passing_fixture(case: str, tmp_path) -> None:
    _, _, edits = CASES[case]
    assert findings_of(mutate(tmp_path, edits), prefix="X-") == set()


def test_absent_optional_tables_make_rules_not_applicable(tmp_path) -> None:
    import openpyxl

    from ._workbooks import REFERENCE

    book = openpyxl.load_workbook(REFERENCE)
    del book[S8]
    del book[S9]
    book[S4]["F5"] = 10  # fund spending that no table 8 could confirm: not applicable, no finding
    path = tmp_path / "no_8_9.xlsx"
    book.save(path)
    assert findings_of(str(path), prefix="X-") == set()


def test_crosstable_message_names_both_tables(tmp_path) -> None:
    from budgetcheck.contracts.profiles import load_rules
    from budgetcheck.engine import validate_paths
    from budgetcheck.reports.messages import render

    ruleset = load_rules()
    [result] = validate_paths([mutate(tmp_path, {(S2, "C6"): 1086.66})], ruleset)
    finding = next(f for f in result.findings if f.rule == "X-001")
    rule = ruleset.by_id()["X-001"]
    assert render(finding, rule, ruleset, "zh") == "收入总表 合计行 “合计”列 1086.66，表1对应项为 1086.56，二者不相等（差 0.10）"
    assert render(finding, rule, ruleset, "en").endswith("its counterpart in table 1 is 1086.56 (by 0.10)")

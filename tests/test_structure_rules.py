"""Structure rules (checks/structure.yaml): each rule fails on a broken copy of the reference with
exactly the expected cells and passes on the reference; contract errors name file and line."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from budgetcheck.amounts import Amount
from budgetcheck.contracts.rules import catalogue_files, load_ruleset
from budgetcheck.contracts.schema import load_schema
from budgetcheck.errors import ContractError
from budgetcheck.model import Submission
from budgetcheck.readers import read_submission

from .structure_support import REFERENCE, findings, mutated, pairs, ref

EXP, GEN, HC, TGT = "3 支出总表", "5 一般公共预算支出表", "11 机构人员情况表", "10 项目绩效目标表"
Source = Callable[[Path], Path | Submission]


def changed(changes: dict[str, object], drop: tuple[str, ...] = ()) -> Source:
    return lambda tmp: mutated(tmp, changes, drop_sheets=drop)


def reference(_: Path) -> Path:
    return REFERENCE


def fractional_headcount(_: Path) -> Submission:
    """Counts are whole numbers in any readable workbook (the reader refuses 24.5), so the failing
    case is a canonical submission changed in memory."""
    sub = read_submission(str(REFERENCE))
    row = sub.tables["headcount"].row("serving.civil_servant_managed")
    cell = row.cells["count"]
    row.cells["count"] = dataclasses.replace(cell, raw=24.5, amount=Amount(Decimal("24.5"), Decimal(0)))
    return sub


def without_headcount(tmp: Path) -> Path:
    """A workbook without a required table is read without it (not refused)."""
    return mutated(tmp, {}, drop_sheets=(HC,))


# rule -> (failing source, expected (rule, cells) pairs, passing source)
CASES: dict[str, tuple[Source, list[tuple[str, tuple[str, ...]]], Source]] = {
    "STR-001": (
        changed({ref(EXP, "A12"): "210150", ref(GEN, "A9"): "2101"}),
        [("STR-001", (ref(GEN, "A9"),)), ("STR-001", (ref(EXP, "A12"),))],
        reference,
    ),
    "STR-002": (
        changed({ref(EXP, "A9"): "2109901"}),
        [("STR-002", (ref(EXP, "A9"),))],
        reference,
    ),
    "STR-003": (
        changed({ref(EXP, "A12"): "2101504"}),
        [("STR-003", (ref(EXP, "A11"), ref(EXP, "A12")))],
        reference,
    ),
    "STR-004": (
        changed({ref(EXP, "B10"): None, ref(TGT, "B17"): None}),
        [("STR-004", (ref(EXP, "A10"),)), ("STR-004", (ref(TGT, "B17"),))],  # a project: once
        reference,
    ),
    "STR-005": (
        changed({ref(EXP, "E12"): -62.3}),
        [("STR-005", (ref(EXP, "E12"),))],
        reference,
    ),
    "STR-006": (fractional_headcount, [("STR-006", (ref(HC, "B12"),))], reference),
    "STR-007": (
        changed({ref(TGT, "A10"): "成本"}),
        [("STR-007", (ref(TGT, "A10"),))],
        reference,
    ),
    "STR-008": (without_headcount, [("STR-008", ())], reference),
    "STR-009": (changed({}, drop=("9 国有资本经营预算支出表",)), [("STR-009", ())], reference),
    "STR-030": (changed({}, drop=(TGT,)), [("STR-030", ())], reference),
}


def test_every_structure_rule_has_fixtures() -> None:
    files = [f for f in catalogue_files() if f.name == "structure.yaml"]
    assert {r.id for r in load_ruleset(files).rules} == set(CASES)


@pytest.mark.parametrize("rule", sorted(CASES))
def test_rule_fails(rule: str, tmp_path: Path) -> None:
    source, expected, _ = CASES[rule]
    assert pairs(findings(source(tmp_path)), rule) == expected


@pytest.mark.parametrize("rule", sorted(CASES))
def test_rule_passes(rule: str, tmp_path: Path) -> None:
    _, _, source = CASES[rule]
    assert pairs(findings(source(tmp_path)), rule) == []


def test_missing_table_finding_names_the_table(tmp_path: Path) -> None:
    found = [f for f in findings(without_headcount(tmp_path)) if f.rule == "STR-008"]
    assert (found[0].table, found[0].severity) == ("headcount", "error")


def test_negative_amounts_allowed_by_contract(tmp_path: Path) -> None:
    from budgetcheck.engine.run import check_submission

    ruleset = load_ruleset()
    for rule in ruleset.rules:
        if rule.id == "STR-005":
            rule.params = {**rule.params, "allow_negative": True}
    sub = read_submission(str(mutated(tmp_path, {ref(EXP, "E12"): -62.3})))
    assert [f for f in check_submission(sub, ruleset)[0] if f.rule == "STR-005"] == []


def test_bad_schema_file_is_refused_with_line(tmp_path: Path) -> None:
    path = tmp_path / "income.yaml"
    path.write_text("schema_type: dataframe\ncolumns:\n  code:\n    dtype: str\n    str_matchs: '^1'\n",
                    encoding="utf-8")
    with pytest.raises(ContractError) as caught:
        load_schema(path)
    assert caught.value.line == 5 and "str_matches" in caught.value.reason


def test_unknown_check_in_rule_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        "version: 1\nrules:\n  - id: X-1\n    family: schema\n    severity: error\n"
        "    title: {zh: x, en: x}\n    params: {check: no_such_check}\n",
        encoding="utf-8",
    )
    with pytest.raises(ContractError) as caught:
        load_ruleset([path])
    assert caught.value.line == 7

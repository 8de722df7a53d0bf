"""The cells a narrative claim restates are contract (checks/tables.yaml narrative.restates):
checked against the tables' own rows and columns when loaded, a fault named by file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetcheck.errors import ContractError
from budgetcheck.narrative.restates import load_restatements, restated_by

ROOT = Path(__file__).resolve().parents[1]
TABLES = ROOT / "checks" / "tables.yaml"


def test_shipped_declaration_loads_and_places_the_keys() -> None:
    entries = load_restatements()
    assert restated_by("fiscal.basic.econ.302", {}, entries)[1] == [("basic", "302", "total")]
    assert restated_by("expense.func.210", {}, entries)[1] == [
        ("expenditure", "210", "total"), ("summary", "expense.line.210", "amount")]
    assert restated_by("headcount.serving.civil_servant_managed", {}, entries)[1] == [
        ("headcount", "serving.civil_servant_managed", "count")]
    assert restated_by("three_public.vehicle_purchase", {}, entries)[1] == [
        ("three_public", "total", "vehicle_purchase")]
    entry, refs = restated_by("project.3.annual", {}, entries)
    assert entry is not None and entry.project == "total" and refs == []
    assert restated_by("expense.func.999", {}, entries) == (None, [])  # no such class
    assert restated_by("procurement.goods", {}, entries) == (None, [])  # no table holds it


def test_the_convention_chooses_the_cells() -> None:
    grand = [("summary", "income.grand_total", "amount"), ("income", "total", "total")]
    current = [("summary", "income.current_total", "amount")]
    for value, expected in (("auto", grand + current), (True, grand), ("true", grand),
                            (False, current), ("no", current), ("maybe", grand + current)):
        params = {"income_total_includes_carryover": value}
        assert restated_by("income.total", params)[1] == expected, value


def _broken(tmp_path: Path, old: str, new: str, name: str = "tables.yaml") -> tuple[Path, int]:
    text = TABLES.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path = tmp_path / name  # the loaders cache by path: one name per content
    path.write_text(text.replace(old, new), encoding="utf-8")
    line = text[: text.index(old)].count("\n") + 1
    return path, line


@pytest.mark.parametrize("old, new, words", [
    ("[[basic, total, public]]}\n    - {key: 'three", "[[basic, total, publik]]}\n    - {key: 'three",
     "table 'basic' declares no column 'publik'"),
    ("[[expenditure, total, basic]]", "[[expenditure, totals, basic]]",
     "table 'expenditure' declares no row 'totals'"),
    ("[[fiscal, expense.current_total, total]", "[[fiscal_table, expense.current_total, total]",
     "no table 'fiscal_table'"),
    ("[[basic, '{econ}', total]]", "[[basic, '{econ}0', total]]", "declares no row '3010'"),
    ("[[general, '{class}', total]", "[[general, '{econ}', total]", "'{econ}' in"),
    ("{key: 'headcount.{headcount_total}'", "{key: 'headcount.{total}'", "unknown placeholder '{total}'"),
    ("by: income_total_includes_carryover", "by: income_total_include_carryover", "by names no parameter"),
    ("{key: 'target.{n}.total', project: total}", "{key: 'target.{n}.total', project: grand}",
     "project must be one of the funding lines"),
    ("{key: office_cost, cells:", "{key: office_cost, cell:", "unknown key 'cell'"),
])
def test_a_wrong_reference_is_a_contract_error_at_its_line(tmp_path: Path, old: str, new: str,
                                                           words: str) -> None:
    path, line = _broken(tmp_path, old, new)
    with pytest.raises(ContractError) as caught:
        load_restatements(str(path))
    assert words in caught.value.reason and caught.value.path == str(path)
    assert caught.value.line == line, caught.value.one_line()


def test_the_declaration_alone_decides(tmp_path: Path) -> None:
    """An entry removed or reordered in YAML changes the cells with no code change."""
    path, _ = _broken(tmp_path, "    - {key: office_cost, cells: [[basic, total, public]]}\n", "")
    assert restated_by("office_cost", {}, load_restatements(str(path))) == (None, [])
    path, _ = _broken(tmp_path, "cells: [[summary, expense.current_total, amount], [expenditure, total, total]]",
                      "cells: [[expenditure, total, total], [summary, expense.current_total, amount]]",
                      "reordered.yaml")
    assert restated_by("expense.current_total", {}, load_restatements(str(path)))[1][0] == (
        "expenditure", "total", "total")


def test_validate_refuses_a_wrong_declaration_before_reading(tmp_path: Path) -> None:
    import os
    import shutil
    import subprocess
    import sys

    root = tmp_path / "contracts"
    for name in ("schemas", "checks", "expectations"):
        shutil.copytree(ROOT / name, root / name)
    _broken(root / "checks", "[[expenditure, total, basic]]", "[[expenditure, totals, basic]]")
    proc = subprocess.run(
        [sys.executable, "-m", "budgetcheck.cli", "validate", "fixtures/shangrao_2024_unit_budget.xlsx",
         "--narrative", "fixtures/narrative/002_7fe24cca4b7a4db4.txt"],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
        env={**os.environ, "BUDGETCHECK_CONTRACTS": str(root)})
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    line = TABLES.read_text(encoding="utf-8").split("[[expenditure, total, basic]]")[0].count("\n") + 1
    assert f"tables.yaml:{line}: restates: table 'expenditure' declares no row 'totals'" in proc.stderr


def test_reference_workbook_every_declared_claim_is_matched_to_its_cell() -> None:
    """The reference workbook and its narrative (seed 002): each claim whose key the declaration
    covers finds its cell in the workbook as read, and agrees with it."""
    from budgetcheck.narrative import check_narrative, match_claims
    from budgetcheck.readers import read_submission

    submission = read_submission(str(ROOT / "fixtures" / "shangrao_2024_unit_budget.xlsx"))
    claims = check_narrative(ROOT / "fixtures" / "narrative" / "002_7fe24cca4b7a4db4.txt").claims
    declared = [c for c in claims if restated_by(c.key, {})[0] is not None]
    matches = match_claims(claims, submission)
    assert len(declared) >= 37  # measured: 37 of the 96 claims restate a cell
    assert sorted(id(m.claim) for m in matches) == sorted(id(c) for c in declared)
    assert all(m.agrees for m in matches), [(m.claim.key, m.cell.ref) for m in matches if not m.agrees]


def test_the_profiles_convention_chooses_the_restated_cell(reference, tmp_path: Path) -> None:
    """Seed 002 states 收入预算总额 1086.56 (= 收入总计, with 上年结转 209.81). A profile whose
    convention says the total leaves 上年结转 out compares it with 本年收入合计 876.74 instead."""
    from .conftest import validate_json

    text = ROOT / "fixtures" / "narrative" / "002_7fe24cca4b7a4db4.txt"

    def tab(*extra: str) -> list[tuple[list[str], str, str]]:
        report = validate_json(reference, "--narrative", str(text), *extra)[1]
        return [(f["cells"], f["expected"], f["actual"]) for f in report["submissions"][0]["findings"]
                if f["rule"] == "NAR-TAB-001"]

    assert tab() == []
    profile = tmp_path / "p.yaml"
    profile.write_text("extends: budget\nconventions:\n  income_total_includes_carryover: false\n",
                       encoding="utf-8")
    assert tab("--profile", str(profile)) == [(["'1 收支总表'!B15"], "876.74", "1086.56")]

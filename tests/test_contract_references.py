"""Contracts are inputs too: every reference of every rule is checked against the table catalogue
when the contracts load, so a misspelt table or column, or a malformed reference, is refused at
its file and line before any data is read. And the pandera floor reads the schemas' flat keys."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from budgetcheck.cli import main
from budgetcheck.contracts.paths import schemas_dir
from budgetcheck.contracts.references import SHAPES, check_references
from budgetcheck.contracts.rules import catalogue_files, load_ruleset
from budgetcheck.errors import ContractError

REFERENCE = str(Path(__file__).resolve().parent.parent / "fixtures" / "shangrao_2024_unit_budget.xlsx")


def _rule_file(tmp_path: Path, params: str, family: str = "sum") -> Path:
    path = tmp_path / "bad_rules.yaml"
    path.write_text(
        "version: 1\n"
        "rules:\n"
        "  - id: T-001\n"
        f"    family: {family}\n"
        "    severity: error\n"
        "    title: {zh: 测试, en: test}\n"
        "    params:\n" + params,
        encoding="utf-8")
    return path


def test_every_shipped_rule_passes_the_reference_check() -> None:
    ruleset = load_ruleset()
    checked = 0
    for rule in ruleset.rules:
        check_references(rule.family, rule.id, rule.params, rule.source, rule.line)
        checked += rule.family in SHAPES
    assert checked > 50  # the arithmetic and cross-table rules all went through the check


def test_every_family_with_references_is_covered() -> None:
    """A family whose parameters hold table/row/column strings has a shape in SHAPES (otherwise
    its references would load unchecked)."""
    for rule in load_ruleset().rules:
        texts = [v for v in _strings(rule.params) if v.count("/") >= 1]
        if texts:
            assert rule.family in SHAPES, (rule.id, rule.family, texts[:2])


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    return []


@pytest.mark.parametrize(("params", "line", "words"), [
    ("      total: expenditur/total/total\n      parts: [expenditure/total/basic]\n", 8,
     ["unknown table 'expenditur'", "did you mean 'expenditure'"]),
    ("      total: expenditure/total/totl\n      parts: [expenditure/total/basic]\n", 8,
     ["has no column 'totl'", "did you mean 'total'"]),
    ("      total: expenditure/total/total\n      parts: [expenditure/total]\n", 9,
     ["'expenditure/total' is not a table/row/column reference"]),
    ("      total: summary/income.grand_total/amount\n      parts: [summary/income.current_total/amout]\n", 9,
     ["has no column 'amout'", "did you mean 'amount'"]),
])
def test_a_wrong_reference_is_refused_at_its_line(tmp_path: Path, params: str, line: int, words: list[str]) -> None:
    path = _rule_file(tmp_path, params)
    with pytest.raises(ContractError) as err:
        load_ruleset([path])
    assert err.value.path == str(path) and err.value.line == line
    for word in words:
        assert word in err.value.reason


@pytest.mark.parametrize(("family", "params", "words"), [
    ("equal", "      left: summary/income.grand_total/amount\n      right: sumary/expense.grand_total/amount\n",
     "unknown table 'sumary'"),
    ("equal_pairs", "      pairs: [[income/total/total, summary/income.grand_total]]\n",
     "is not a table/row/column reference"),
    ("tree_sum", "      table: expenditures\n", "unknown table 'expenditures'"),
    ("row_sum", "      table: expenditure\n      total: total\n      parts: [basic, projekt]\n",
     "has no column 'projekt'"),
    ("not_above_total", "      small: basic/30217/total\n      large: three_public/receptin\n",
     "has no column 'receptin'"),
    ("sum", "      total: 'general/total/{column}'\n      parts: ['general/2*/{column}']\n      columns: [total, basik]\n",
     "with column 'basik'"),
])
def test_each_reference_shape_is_checked(tmp_path: Path, family: str, params: str, words: str) -> None:
    path = _rule_file(tmp_path, params, family)
    with pytest.raises(ContractError) as err:
        load_ruleset([path])
    assert words in err.value.reason and err.value.line


def test_a_profile_override_with_a_wrong_reference_is_refused_before_any_data(tmp_path: Path) -> None:
    profile = tmp_path / "bureau.yaml"
    profile.write_text("extends: budget\noverride:\n  SUM-001: {left: summary/income.grand_totl/amout}\n",
                       encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", REFERENCE, "--profile", str(profile), "--format", "json"])
    assert result.exit_code == 2 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and f"{profile}:3" in lines[0] and "no column 'amout'" in lines[0]


def test_the_shipped_catalogue_files_are_the_ones_checked() -> None:
    assert {p.name for p in catalogue_files()} >= {"rules.yaml", "crosstable.yaml", "structure.yaml"}


# ---- pandera: the floor reads the schemas' flat check keys ------------------------------------------

_FLAT_KEYS = {"str_matches", "greater_than_or_equal_to", "isin", "has_parent", "whole_number",
              "less_than_or_equal_to", "in_range", "str_length", "notin", "equal_to"}


def test_pyproject_pandera_floor_reads_flat_check_keys() -> None:
    """pandera before 0.31 loads `str_matches: …` beside a column's dtype without a word and
    checks nothing; the floor admits only versions that read them, and the installed one does."""
    pytest.importorskip("pandera")
    from importlib.metadata import version

    from packaging.version import Version

    from budgetcheck.contracts.pandera_checks import load_pandera_schema

    root = Path(__file__).resolve().parent.parent
    text = (root / "pyproject.toml").read_text(encoding="utf-8")
    floor = next(line for line in text.splitlines() if '"pandera' in line)
    assert ">=0.31" in floor, floor
    assert Version(version("pandera")) >= Version("0.31")
    for path in sorted(schemas_dir().glob("*.yaml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        schema = load_pandera_schema(path)
        for name, column in (raw.get("columns") or {}).items():
            wanted = sorted(k for k in (column or {}) if k in _FLAT_KEYS)
            loaded = sorted(check.name for check in schema.columns[name].checks)
            assert wanted == [k for k in loaded if k in _FLAT_KEYS], (path.name, name, wanted, loaded)

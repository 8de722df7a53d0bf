"""Profiles: selection, overrides, conventions, and refusal of a wrong profile before any data."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from budgetcheck.cli import main

from ._workbooks import REFERENCE, S11, findings_of, mutate, ref

# Seed 004 (赣州市医疗保障局 2025): 编制 600 (行政 100, 参公 35, 事业 465); 实有 515 = 在职 515
# (行政 87, 参公 29, 事业 399); 离休 0, 退休 142 listed apart.
SEED_004_HEADCOUNT = {
    (S11, "B4"): 600, (S11, "B5"): 100, (S11, "B6"): 35, (S11, "B7"): 465, (S11, "B8"): 0,
    (S11, "B9"): 515, (S11, "B10"): 515, (S11, "B11"): 87, (S11, "B12"): 29, (S11, "B13"): 399,
    (S11, "B14"): 0, (S11, "B15"): 0, (S11, "B16"): 142,
}


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_profile_switch_changes_the_headcount_verdict(tmp_path) -> None:
    path = mutate(tmp_path, SEED_004_HEADCOUNT)
    cells = tuple(ref(S11, c) for c in ("B9", "B10", "B15", "B16"))
    assert findings_of(path, "budget", prefix="HC-") == {("HC-004", cells)}
    assert findings_of(path, "budget-retirees-apart", prefix="HC-") == set()
    assert _run("validate", path)[0] == 1
    assert _run("validate", path, "--profile", "budget-retirees-apart")[0] == 0


def test_default_profile_is_budget_and_runs_every_rule() -> None:
    from budgetcheck.contracts.profiles import load_rules
    from budgetcheck.contracts.rules import load_ruleset

    ruleset = load_rules()
    assert ruleset.profile == "budget"
    assert [r.id for r in ruleset.rules] == [r.id for r in load_ruleset().rules]


def test_retirees_apart_changes_only_the_headcount_convention() -> None:
    """One named convention (actual_headcount) for the table rule and the text rule."""
    from budgetcheck.contracts.profiles import load_rules

    base, apart = load_rules("budget").by_id(), load_rules("budget-retirees-apart").by_id()
    assert base.keys() == apart.keys()
    changed = sorted(i for i in base if base[i].params != apart[i].params)
    assert changed == ["HC-004", "NAR-HC-003"]
    assert apart["HC-004"].params["parts"] == ["headcount/serving.total/count"]
    assert apart["NAR-HC-003"].params["actual_headcount"] == ["headcount/serving.total/count"]
    assert base["NAR-HC-003"].params["actual_headcount"] == base["HC-004"].params["parts"]
    assert apart["HC-004"].title["zh"].startswith("实有人数等于在职人数")


def _write(tmp_path: Path, text: str, name: str = "bureau.yaml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_bureau_profile_extends_a_shipped_one(tmp_path) -> None:
    from budgetcheck.contracts.profiles import load_rules

    path = _write(tmp_path, """\
extends: budget-retirees-apart
exclude: ["X-01*", EXPL-001]
include: [X-013]
override:
  X-001: {severity: warning, tolerance: exact}
  "SUM-*": {severity: warning}
""")
    ruleset = load_rules(path)
    rules = ruleset.by_id()
    assert "X-012" not in rules and "X-014" not in rules and "EXPL-001" not in rules
    assert "X-013" not in rules  # exclude comes after include within one profile
    assert rules["X-001"].severity == "warning" and rules["X-001"].params["tolerance"] == "exact"
    assert {rules[i].severity for i in rules if i.startswith("SUM-")} == {"warning"}
    assert rules["HC-004"].params["parts"] == ["headcount/serving.total/count"]


def test_profile_without_parent_runs_only_its_includes(tmp_path) -> None:
    from budgetcheck.contracts.profiles import load_rules

    path = _write(tmp_path, "include: [HC-*]\n")
    assert [r.id for r in load_rules(path).rules] == ["HC-001", "HC-002", "HC-003", "HC-004"]


def test_severity_override_changes_the_gate(tmp_path) -> None:
    path = mutate(tmp_path, SEED_004_HEADCOUNT)
    profile = _write(tmp_path, "extends: budget\noverride:\n  HC-004: {severity: warning}\n")
    assert _run("validate", path, "--profile", profile)[0] == 0


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("extends: budget\noverides:\n  HC-004: {severity: warning}\n", 2,
         "unknown key 'overides' in profile bureau.yaml (did you mean 'override'?)"),
        ("extends: budget\noverride:\n  HC-404: {severity: warning}\n", 3, "override: unknown rule id 'HC-404'"),
        ("extends: budget\nexclude: [X-999]\n", 2, "exclude: unknown rule id 'X-999'"),
        ("extends: budget\noverride:\n  HC-004:\n    severity: warning\n    tolerence: exact\n", 5,
         "override HC-004: 'tolerence' is neither severity nor a parameter of family sum (did you mean 'tolerance'?)"),
        ("extends: budget\noverride:\n  HC-004:\n    tolerance: fuzzy\n", 4,
         "rule HC-004: tolerance must be one of ['exact', 'interval']"),
        ("extends: budget\noverride:\n  HC-004:\n    parts: headcount/serving.total/count\n", 4,
         "rule HC-004: parameter 'parts' has the wrong type"),
        ("extends: budget\noverride:\n  HC-004: {severity: fatal}\n", 3, "override HC-004: severity must be error or warning"),
        ("extends: budgett\n", 1, "unknown profile 'budgett' (known: budget, budget-retirees-apart)"),
        ("extends: budget\noverride:\n  HC-004:\n    parts: $nobody\n", 4, "rule HC-004: unknown convention '$nobody'"),
        ("extends: budget\noverride:\n  NAR-BAL-001:\n    actual_headcount: auto\n", 4,
         "override NAR-BAL-001: 'actual_headcount' is not a parameter of this rule (its parameters: min_decimals, zero_is_exact)"),
        ("extends: budget\noverride:\n  NAR-HC-003:\n    actual_headcount: [headcont/serving.total/count]\n", 4,
         "rule NAR-HC-003: 'actual_headcount' names an unknown table 'headcont' (did you mean 'headcount'?)"),
        ("extends: budget\noverride:\n  X-001:\n    pairs: [[income/total]]\n", 4,
         "rule X-001: each pair must be [left, right] references"),
        ("extends: budget\ninclude: X-001\n  bad: [\n", 3, "invalid YAML"),
    ],
)
def test_wrong_profile_is_refused_with_file_and_line(tmp_path, text: str, line: int, reason: str) -> None:
    path = _write(tmp_path, text)
    # the workbook does not exist: the profile must be refused before any data is read
    code, out, err = _run("validate", str(tmp_path / "missing.xlsx"), "--profile", path, "--lang", "en")
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith(f"budgetcheck: {path}:{line}: {reason}")


def test_unknown_profile_name_is_refused() -> None:
    code, _, err = _run("validate", str(REFERENCE), "--profile", "nope", "--lang", "en")
    assert code == 2
    assert err == "budgetcheck: --profile: unknown profile 'nope' (known: budget, budget-retirees-apart)\n"


def test_profile_cycle_is_refused(tmp_path) -> None:
    first = _write(tmp_path, "extends: second.yaml\n", "first.yaml")
    _write(tmp_path, "extends: first.yaml\n", "second.yaml")
    code, _, err = _run("rules", "--profile", first)
    assert code == 2
    assert "extends itself (cycle)" in err and err.count("\n") == 1


def test_profiles_do_not_live_among_rule_files() -> None:
    from budgetcheck.contracts.paths import checks_dir
    from budgetcheck.contracts.rules import catalogue_files

    assert all(p.parent == checks_dir() for p in catalogue_files())
    assert not any("profile" in p.name for p in catalogue_files())

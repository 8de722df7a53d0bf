"""Narrative rules are contract: relations and vocabulary live in checks/*.yaml, each rule has its
own parameters, and no class name is written in Python outside the generator."""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import yaml

from .conftest import ROOT, validate_json

THREE_PUBLIC = """二、2024 年“三公”经费预算情况说明
2024 年某单位“三公”经费一般公共预算安排 5万元，其中：因公出国（境）费 0万元，公务接待费 6万元，公务用车购置及运行维护费 0万元。
（六）机关运行经费
机关运行费 100万元，比上年减少 50万元，下降 33%。
"""


def _rules(report: dict) -> list[str]:
    return sorted(f["rule"] for f in report["submissions"][0]["findings"])


def test_profile_override_reaches_that_narrative_rule_only(tmp_path):
    text = tmp_path / "n.txt"
    text.write_text(THREE_PUBLIC, encoding="utf-8")
    # 5 ≈ 0 + 6 + 0 and 50 ÷ 150 ≈ 33% as integers (each ± 0.5); with two decimals neither holds
    assert _rules(validate_json(text)[1]) == []
    profile = tmp_path / "p.yaml"
    profile.write_text("extends: budget\noverride:\n  NAR-SUM-001:\n    min_decimals: 2\n",
                       encoding="utf-8")
    code, report = validate_json(text, "--profile", str(profile))
    assert _rules(report) == ["NAR-SUM-001"] and code == 1
    profile.write_text("extends: budget\noverride:\n  NAR-PCT-001:\n    min_decimals: 2\n",
                       encoding="utf-8")
    assert _rules(validate_json(text, "--profile", str(profile))[1]) == ["NAR-PCT-001"]


HEADCOUNT = """二、机构设置及人员情况
实有人数 30 人，其中：在职人数 24 人。退休人数 6人。编制人数 30 人，其中：行政编制人数 30 人。
"""


def test_profile_override_of_nar_hc_003_reaches_that_rule_only(tmp_path):
    """实有 30 = 在职 24 + 退休 6 holds under the budget profile's convention; a profile saying 实有
    is serving staff only, for NAR-HC-003 alone, changes NAR-HC-003 and no other rule."""
    from budgetcheck.contracts.profiles import load_rules

    text = tmp_path / "n.txt"
    text.write_text(HEADCOUNT, encoding="utf-8")
    assert _rules(validate_json(text)[1]) == []
    profile = tmp_path / "p.yaml"
    profile.write_text("extends: budget\noverride:\n  NAR-HC-003:\n"
                       "    actual_headcount: [headcount/serving.total/count]\n", encoding="utf-8")
    code, report = validate_json(text, "--profile", str(profile))
    assert _rules(report) == ["NAR-HC-003"] and code == 1
    base, changed = load_rules("budget").by_id(), load_rules(str(profile)).by_id()
    assert [i for i in base if base[i].params != changed[i].params] == ["NAR-HC-003"]


INCOME = """（一）收入预算情况
收入预算总额为 876.74万元，较上年预算安排减少 84.83万元，财政拨款收入 876.74万元，较上年预算安排减少 84.83万元；上年结转 209.81万元，较上年预算安排增加 12.02万元。
"""


def test_one_convention_for_the_income_total(tmp_path):
    """income_total_includes_carryover is one convention of the profile: the text's sums and its
    comparison with the tables read it; here the total leaves 上年结转 out."""
    from budgetcheck.contracts.profiles import load_rules

    text = tmp_path / "n.txt"
    text.write_text(INCOME, encoding="utf-8")
    assert _rules(validate_json(text)[1]) == []  # auto: either reading
    profile = tmp_path / "p.yaml"
    profile.write_text("extends: budget\nconventions:\n  income_total_includes_carryover: true\n",
                       encoding="utf-8")
    assert _rules(validate_json(text, "--profile", str(profile))[1]) == ["NAR-SUM-001",
                                                                         "NAR-SUM-002"]
    base, changed = load_rules("budget").by_id(), load_rules(str(profile)).by_id()
    assert sorted(i for i in base if base[i].params != changed[i].params) == [
        "NAR-SUM-001", "NAR-SUM-002", "NAR-TAB-001"]


def test_one_convention_for_the_table_and_the_text(tmp_path):
    """The profiles' convention actual_headcount decides NAR-HC-003 as it decides HC-004: seed
    004's 实有 515 = 在职 515 (退休 142 listed apart) fails under budget, passes retirees-apart."""
    text = tmp_path / "n.txt"
    text.write_text("二、机构设置及人员情况\n实有人数小计 515人，其中：在职人数小计 515人。"
                    "离休人数小计 0人，退休人数小计 142人。\n", encoding="utf-8")
    assert _rules(validate_json(text)[1]) == ["NAR-HC-003"]
    assert _rules(validate_json(text, "--profile", "budget-retirees-apart")[1]) == []


def _contracts_copy(tmp_path: Path) -> Path:
    """A copy of the shipped contracts, to add a rule to."""
    root = tmp_path / "contracts"
    for name in ("schemas", "checks", "expectations"):
        shutil.copytree(ROOT / name, root / name)
    return root


def _validator(root: Path) -> Callable[[Path], dict]:
    """Validate a text with the contracts under ``root`` (BUDGETCHECK_CONTRACTS), as a user would."""
    env = {**os.environ, "BUDGETCHECK_CONTRACTS": str(root)}

    def run(path: Path) -> dict:
        proc = subprocess.run([sys.executable, "-m", "budgetcheck.cli", "validate", str(path),
                               "--format", "json"], capture_output=True, text=True, env=env,
                              timeout=120, cwd=ROOT)
        return json.loads(proc.stdout)
    return run


GENERAL = """（八）一般性支出情况
2024年一般性支出 30.00万元，其中：差旅费 10.00万元，会议费 8.00万元，培训费 13.00万元。
"""


def test_a_rule_added_in_yaml_runs_without_a_code_change(tmp_path):
    """A new vocabulary (tables.yaml) and a new sum rule (narrative.yaml), nothing else."""
    root = _contracts_copy(tmp_path)
    tables = root / "checks" / "tables.yaml"
    data = tables.read_text(encoding="utf-8").replace("  subjects:\n", """  subjects:
    - {path: general.travel, names: ['差旅费']}
    - {path: general.meeting, names: ['会议费']}
    - {path: general.training, names: ['培训费']}
    - {path: general, names: ['一般性支出']}
""", 1)
    tables.write_text(data, encoding="utf-8")
    with (root / "checks" / "narrative.yaml").open("a", encoding="utf-8") as out:
        out.write("""  - id: NAR-SUM-901
    family: narrative
    tables: [narrative]
    severity: error
    title: {zh: 一般性支出分项之和与总额不符, en: General spending items do not sum to the total}
    message: {zh: "各分项之和 {actual} 与总额 {expected} 不符", en: "The items sum to {actual}, not {expected}"}
    params: {}
    relation: {family: sum, measure: amount, sums: {general: [general.travel, general.meeting, general.training]}}
""")
    text = tmp_path / "n.txt"
    text.write_text(GENERAL, encoding="utf-8")
    run = _validator(root)

    assert _rules(run(text)) == ["NAR-SUM-901"]
    text.write_text(GENERAL.replace("13.00万元", "12.00万元"), encoding="utf-8")
    assert _rules(run(text)) == []
    assert _rules(validate_json(text)[1]) == []  # the shipped contracts have no such rule


FISCAL = """（一）收入预算情况
收入预算总额 100.00万元，其中：财政拨款收入 80.00万元，上年结转 20.00万元。
（三）财政拨款支出情况
财政拨款支出预算总额 80.00万元。
"""


def test_a_sections_rule_added_in_yaml_runs_without_a_code_change(tmp_path):
    """An existing family of the section reader (equal) over other statements: 财政拨款收入 =
    财政拨款支出, as one YAML entry in a temporary catalogue."""
    root = _contracts_copy(tmp_path)
    with (root / "checks" / "narrative.yaml").open("a", encoding="utf-8") as out:
        out.write("""  - id: NAR-BAL-901
    family: narrative
    tables: [narrative]
    severity: error
    title: {zh: 财政拨款收支不平衡, en: Fiscal income differs from fiscal expenditure}
    message: {zh: "财政拨款支出 {actual} 与财政拨款收入 {expected} 不等", en: "Fiscal expenditure {actual} differs from fiscal income {expected}"}
    params: {zero_is_exact: true, min_decimals: 0}
    relation: {family: equal, reader: sections, pairs: [[income.fiscal, fiscal.total]]}
""")
    text = tmp_path / "n.txt"
    run = _validator(root)

    text.write_text(FISCAL, encoding="utf-8")
    assert _rules(run(text)) == []
    text.write_text(FISCAL.replace("财政拨款支出预算总额 80.00", "财政拨款支出预算总额 81.00"),
                    encoding="utf-8")
    report = run(text)
    assert _rules(report) == ["NAR-BAL-901"]
    finding = report["submissions"][0]["findings"][0]
    assert (finding["expected"], finding["actual"]) == ("80.00", "81.00")
    assert _rules(validate_json(text)[1]) == []  # the shipped contracts have no such rule


def _relation_paths(node: object) -> set[str]:
    """The subject paths (first segments) a catalogue's relations name."""
    if isinstance(node, dict):
        return set().union(*(_relation_paths(v) for v in node.values()), *(
            _relation_paths(k) for k in node))
    if isinstance(node, list):
        return set().union(*(_relation_paths(v) for v in node))
    if isinstance(node, str) and "." in node.split("/")[0]:
        return {node.split("/")[0].split(".")[0]}
    return set()


def test_relation_code_names_no_subject():
    """The relation families (and the code that runs them) name no subject: no path of the
    catalogue's relations or of the vocabulary is written in them; the YAML says which."""
    data = yaml.safe_load((ROOT / "checks" / "narrative.yaml").read_text(encoding="utf-8"))
    roots = _relation_paths([r.get("relation") for r in data["rules"]])
    vocabulary = yaml.safe_load((ROOT / "checks" / "tables.yaml").read_text(encoding="utf-8"))
    roots |= {e["path"].split(".")[0] for e in vocabulary["narrative"]["subjects"]}
    assert {"income", "expense", "fiscal", "headcount", "project", "three_public"} <= roots
    narrative = ROOT / "src" / "budgetcheck" / "narrative"
    found = []
    for name in ("relations.py", "statements.py", "check.py", "findings.py", "catalogue.py"):
        for literal in _code_strings((narrative / name).read_text(encoding="utf-8")):
            head = literal.split("/")[0].split(".")[0]
            if head in roots and (literal == head or literal.startswith(head + ".")):
                found.append(f"{name}: {literal!r}")
    assert found == []


def _class_names() -> set[str]:
    """Every class name of the vocabulary: functional and economic classes, and the items the
    text's subjects divide into (三公 items, 政府采购 kinds)."""
    data = yaml.safe_load((ROOT / "checks" / "tables.yaml").read_text(encoding="utf-8"))
    names = {v for v in data["functional_classes"].values() if len(v) >= 4}
    names |= {str(n) for n, _ in data["narrative"]["sections"]["economic_classes"]}
    names |= {e["label"] for e in data["narrative"]["subjects"] if "label" in e and "." in e["path"]}
    return names


def _code_strings(source: str) -> list[str]:
    """String literals of a module that are code, not docstrings (comments are not strings)."""
    tree = ast.parse(source)
    docs = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docs.add(id(body[0].value))
    return [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)
            and isinstance(n.value, str) and id(n) not in docs]


def test_no_class_name_in_python_outside_the_generator():
    names = _class_names()
    found = []
    for path in sorted((ROOT / "src" / "budgetcheck").rglob("*.py")):
        if "synth" in path.parts:
            continue
        for literal in _code_strings(path.read_text(encoding="utf-8")):
            found += [f"{path.relative_to(ROOT)}: {n}" for n in names if n in literal]
    assert found == []

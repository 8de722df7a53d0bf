"""The CLI contract: exit codes, the JSON shape, one-line errors for bad input."""

import json
import shutil
from pathlib import Path

import pytest

from .conftest import FIXTURES, REFERENCE, flat, mutate, run_cli, validate_json


def test_reference_passes():
    proc = run_cli("validate", str(REFERENCE))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "通过" in proc.stdout


def test_json_shape(reference):
    code, report = validate_json(reference)
    assert code == 0
    sub = report["submissions"][0]
    assert set(sub) >= {"path", "sha256", "status", "summary", "findings"}
    assert sub["status"] == "passed" and sub["summary"]["errors"] == 0
    assert len(sub["sha256"]) == 64


def test_injected_error_is_reported_with_its_cell(reference, tmp_path):
    broken = mutate(reference, {"'3 支出总表'!E9": 120.4}, tmp_path / "broken.xlsx")
    code, report = validate_json(broken)
    assert code == 1
    assert flat(report) >= {("EXP-001", "'3 支出总表'!E9"), ("EXP-002", "'3 支出总表'!E9")}
    finding = next(f for f in report["submissions"][0]["findings"] if f["rule"] == "EXP-001")
    assert finding["severity"] == "error"
    assert finding["table"] == "expenditure"
    assert (finding["expected"], finding["actual"]) == ("853.45", "863.45")
    assert "支出总表" in finding["message"] and "2101501" in finding["message"]


def test_english_messages(reference, tmp_path):
    broken = mutate(reference, {"'1 收支总表'!B17": "219.81"}, tmp_path / "broken.xlsx")
    proc = run_cli("validate", str(broken), "--lang", "en")
    assert proc.returncode == 1
    assert "SUM-004" in proc.stdout and "differs from the sum" in proc.stdout


def test_output_file(reference, tmp_path):
    out = tmp_path / "r.json"
    proc = run_cli("validate", str(reference), "--format", "json", "--output", str(out))
    assert proc.returncode == 0 and proc.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["submissions"][0]["status"] == "passed"


@pytest.mark.parametrize(
    "name, reason",
    [
        ("encrypted.xlsx", "encrypted"),
        ("not_a_workbook.xlsx", "not an Excel workbook"),
        ("truncated.xlsx", "broken or unsupported workbook"),
    ],
)
def test_bad_files_exit_2_with_one_line(name, reason, tmp_path):
    path = tmp_path / name
    shutil.copy(FIXTURES / "bad" / name, path)
    before = path.read_bytes()
    proc = run_cli("validate", str(path), "--format", "json", "--lang", "en")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0] and reason in lines[0]
    sub = json.loads(proc.stdout)["submissions"][0]
    assert sub["status"] == "error" and reason in sub["reason"]
    assert path.read_bytes() == before


def test_missing_file_and_directory(tmp_path):
    for target in (tmp_path / "nope.xlsx", tmp_path):
        proc = run_cli("validate", str(target))
        assert proc.returncode == 2 and "Traceback" not in proc.stderr
        assert len(proc.stderr.strip().splitlines()) == 1


def test_missing_table_names_it(reference, tmp_path):
    import openpyxl

    book = openpyxl.load_workbook(reference)
    del book["6 一般公共预算基本支出表"]
    path = tmp_path / "missing.xlsx"
    book.save(path)
    proc = run_cli("validate", str(path))
    assert proc.returncode == 1  # a finding (STR-008) on a submission checked for everything else
    assert "[STR-008]" in proc.stdout and "6 一般公共预算基本支出表" in proc.stdout


def test_text_where_a_number_belongs(reference, tmp_path):
    path = mutate(reference, {"'5 一般公共预算支出表'!C8": "七百三十七"}, tmp_path / "text.xlsx")
    proc = run_cli("validate", str(path), "--lang", "en")
    assert proc.returncode == 2
    line = proc.stderr.strip()
    assert "'5 一般公共预算支出表'!C8" in line and "text where a number belongs" in line


def test_worst_verdict_sets_exit_code(reference, tmp_path):
    broken = mutate(reference, {"'3 支出总表'!E9": 120.4}, tmp_path / "broken.xlsx")
    assert run_cli("validate", str(reference), str(broken)).returncode == 1
    bad = tmp_path / "bad.xlsx"
    shutil.copy(FIXTURES / "bad" / "not_a_workbook.xlsx", bad)
    proc = run_cli("validate", str(reference), str(broken), str(bad), "--format", "json")
    assert proc.returncode == 2
    statuses = [s["status"] for s in json.loads(proc.stdout)["submissions"]]
    assert statuses == ["passed", "failed", "error"]


def test_malformed_contract_is_refused_before_reading(tmp_path, monkeypatch):
    from budgetcheck.contracts.rules import load_ruleset
    from budgetcheck.errors import ContractError

    bad = tmp_path / "rules.yaml"
    bad.write_text(
        "rules:\n  - id: X-1\n    family: sum\n    severity: error\n"
        "    title: {zh: a, en: b}\n    parms: {total: a/b/c, parts: []}\n",
        encoding="utf-8",
    )
    with pytest.raises(ContractError) as info:
        load_ruleset([bad])
    assert info.value.one_line().startswith(f"{bad}:6: unknown key 'parms'")


def test_contract_unknown_family_and_yaml_error(tmp_path):
    from budgetcheck.contracts.rules import load_ruleset
    from budgetcheck.errors import ContractError

    bad = tmp_path / "r.yaml"
    bad.write_text("rules:\n  - id: X\n    family: summ\n    severity: error\n    title: {zh: a, en: b}\n", encoding="utf-8")
    with pytest.raises(ContractError, match=r"r.yaml:3: rule X: unknown family 'summ'"):
        load_ruleset([bad])
    bad.write_text("rules: [\n  - id: X\n", encoding="utf-8")
    with pytest.raises(ContractError, match=r"r.yaml:\d+: invalid YAML"):
        load_ruleset([bad])


def test_duplicate_rule_ids_refused(tmp_path):
    from budgetcheck.contracts.rules import load_ruleset
    from budgetcheck.errors import ContractError

    text = "rules:\n  - id: X\n    family: equal\n    severity: error\n    title: {zh: a, en: b}\n    params: {left: summary/income.grand_total/amount, right: summary/expense.grand_total/amount}\n"
    one, two = Path(tmp_path / "a.yaml"), Path(tmp_path / "b.yaml")
    one.write_text(text, encoding="utf-8")
    two.write_text(text, encoding="utf-8")
    with pytest.raises(ContractError, match="duplicate rule id 'X'"):
        load_ruleset([one, two])

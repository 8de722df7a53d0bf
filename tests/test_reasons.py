"""Every exit-2 reason and every verify-evidence message in the chosen language: a Chinese form
for each reason the package raises (found in the source, so a new one cannot slip out), and the
command line speaking Chinese by default and English with --lang en."""

from __future__ import annotations

import ast
import re
import shutil
import zipfile

import pytest

from budgetcheck.reasons import known, localize

from .publish_helpers import ROOT, broken_copy, run_cli

SRC = ROOT / "src" / "budgetcheck"
RAISERS = {"InputError": 1, "NarrativeInputError": 1, "EvidenceUnreadable": 0, "LimitExceeded": -1}
APPENDERS = {"notes", "problems", "failures"}
_ENGLISH = re.compile(r"[A-Za-z]{3,}")


def _sample(node: ast.expr) -> str | None:
    """The text of a string or f-string argument, each placeholder as 'X'."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "X" for v in node.values)
    return None


def raised_reasons() -> list[tuple[str, str]]:
    """(file:line, sample reason) of every reason raised or noted anywhere in the package."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        if "synth" in path.parts:
            continue  # the generator of test workbooks, not user-facing
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            arg = None
            if name == "LimitExceeded":  # (path, limit, found): the reason is the class's own
                text = "exceeds the limit on X: X (X); set X to change it"
                found.append((f"{path.relative_to(ROOT)}:{node.lineno}", text))
                continue
            if name in RAISERS and len(node.args) > RAISERS[name]:
                arg = node.args[RAISERS[name]]
            elif name == "append" and getattr(node.func.value, "id", getattr(node.func.value, "attr", None)) in APPENDERS:
                arg = node.args[0] if node.args else None
            text = _sample(arg) if arg is not None else None
            if text is not None:
                found.append((f"{path.relative_to(ROOT)}:{node.lineno}", text))
    return found


def test_every_reason_in_the_source_has_a_chinese_form():
    reasons = raised_reasons()
    assert len(reasons) > 30  # the scan sees the readers, the narrative, inputs and evidence
    missing = [f"{where}: {text}" for where, text in reasons if not known(text)]
    assert not missing, "add a Chinese form to src/budgetcheck/reasons.py for:\n" + "\n".join(missing)


@pytest.mark.parametrize("name", ["encrypted.xlsx", "not_a_workbook.xlsx", "truncated.xlsx"])
def test_exit_2_reasons_in_chinese_by_default_english_with_lang_en(name, tmp_path):
    path = tmp_path / "报送" / name
    path.parent.mkdir()
    shutil.copy(ROOT / "fixtures" / "bad" / name, path)
    code, out, err = run_cli("validate", str(path))
    assert code == 2
    reason = err.strip().replace(str(path), "").replace("budgetcheck", "")
    reason = re.sub(r"（读取库的原话：.*?）", "", reason)  # a third-party library's own words, quoted
    allowed = {"Excel", "xlsx", "xlsm", "xls", "ods", "zip"}
    assert re.search(r"[\u4e00-\u9fff]", reason) and not set(_ENGLISH.findall(reason)) - allowed, reason
    code, out, err = run_cli("validate", str(path), "--lang", "en")
    assert code == 2 and not re.search(r"[\u4e00-\u9fff]", err.replace(str(path), ""))


def test_text_report_and_json_of_an_unreadable_file(tmp_path):
    path = tmp_path / "a.xlsx"
    path.write_bytes(b"hello")
    code, out, _ = run_cli("validate", str(path))
    assert code == 2 and "不是 Excel 工作簿" in out
    code, out, _ = run_cli("validate", str(path), "--format", "json")
    assert '"reason_en"' in out and "not an Excel workbook" in out and "不是 Excel 工作簿" in out


def test_verify_evidence_speaks_the_chosen_language(tmp_path):
    broken = broken_copy(tmp_path)
    bundle = tmp_path / "b.zip"
    code, _, _ = run_cli("validate", str(broken), "--evidence", str(bundle))
    assert code == 1
    code, out, _ = run_cli("verify-evidence", str(bundle))
    assert code == 0 and "所有哈希一致" in out and "hashes" not in out
    code, out, _ = run_cli("verify-evidence", str(bundle), "--lang", "en")
    assert code == 0 and "all hashes hold" in out and "哈希" not in out
    tampered = tmp_path / "t.zip"
    with zipfile.ZipFile(bundle) as src, zipfile.ZipFile(tampered, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            dst.writestr(info, b"x" + data if info.filename == "result.json" else data)
    code, out, _ = run_cli("verify-evidence", str(tampered))
    assert code == 1 and "result.json：SHA-256 不一致" in out
    code, _, err = run_cli("verify-evidence", str(tmp_path / "none.zip"))
    assert code == 2 and "不是可读取的证据包" in err


def test_localize_keeps_the_place_and_translates_the_sheet():
    line = "a.xlsx ('5 一般公共预算支出表'!C8): text where a number belongs: '七百三十七'"
    assert localize(line, "zh") == "a.xlsx ('5 一般公共预算支出表'!C8)：应为数字，实为文字“七百三十七”"
    line = "a.xlsx (sheet '2 收入总表'): 收入总表: no 合计 column in the header"
    assert localize(line, "zh") == "a.xlsx（工作表“2 收入总表”）：收入总表：表头中没有合计列"
    assert localize(line, "en") == line


def test_html_names_tables_in_the_chosen_language(tmp_path):
    from budgetcheck.contracts.rules import load_ruleset
    from budgetcheck.engine import validate_paths
    from budgetcheck.reports.html import render_html

    ruleset = load_ruleset()
    results = validate_paths([str(broken_copy(tmp_path))], ruleset)
    zh, en = render_html(results, ruleset, "zh"), render_html(results, ruleset, "en")
    assert "收入总表" in zh and "three_public" not in zh and "expenditure," not in zh
    assert "Income" in en or "income" in en.lower()
    assert "basic, expenditure" not in en

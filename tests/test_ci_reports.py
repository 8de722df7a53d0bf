"""JUnit and Markdown outputs, and the CI gate script the pipelines call."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

from budgetcheck.contracts.rules import load_ruleset
from budgetcheck.engine import validate_paths
from budgetcheck.reports.junit import render_junit
from budgetcheck.reports.markdown import render_markdown

from .publish_helpers import BROKEN_RULES, ROOT, broken_copy, clean_copy, run_cli


def _failed(suite: ET.Element) -> set[str]:
    return {case.get("name").split()[0] for case in suite.iter("testcase") if case.find("failure") is not None}


def test_junit_fails_exactly_the_error_rules_and_lists_warnings(tmp_path):
    ruleset = load_ruleset()
    next(r for r in ruleset.rules if r.id == "INC-003").severity = "warning"
    results = validate_paths([str(clean_copy(tmp_path)), str(broken_copy(tmp_path))], ruleset)
    root = ET.fromstring(render_junit(results, ruleset))
    clean, broken = root.findall("testsuite")
    assert _failed(clean) == set() and _failed(broken) == BROKEN_RULES - {"INC-003"}
    assert len(list(broken.iter("testcase"))) == sum(r.family != "narrative" for r in ruleset.rules)
    assert root.get("failures") == "2" and broken.get("failures") == "2"
    warned = [c for c in broken.iter("testcase") if c.get("name").startswith("INC-003")][0]
    assert warned.find("failure") is None and "[INC-003] warning" in warned.find("system-out").text
    failure = [c for c in broken.iter("testcase") if c.get("name").startswith("INC-002")][0].find("failure")
    assert "799.99" in failure.get("message") and "'2 收入总表'!E9" in failure.text


def test_junit_and_markdown_from_the_cli(tmp_path):
    broken = broken_copy(tmp_path)
    code, _, _ = run_cli("validate", str(broken), "--format", "junit", "-o", str(tmp_path / "j.xml"))
    assert code == 1
    assert _failed(ET.parse(tmp_path / "j.xml").getroot().find("testsuite")) == BROKEN_RULES
    code, out, _ = run_cli("validate", str(broken), "--format", "markdown")
    assert code == 1
    assert "| `" + str(broken) + "` | ❌ 未通过 | 3 | 0 |" in out
    assert "| INC-002 | 错误 |" in out and "799.99" in out


def test_markdown_clean_and_unreadable(tmp_path):
    ruleset = load_ruleset()
    missing = tmp_path / "missing.xlsx"
    text = render_markdown(validate_paths([str(clean_copy(tmp_path)), str(missing)], ruleset), ruleset, "en")
    assert "✅ passed" in text and "⚠️ unreadable" in text and "### `" + str(missing) + "` — unreadable" in text


def _gate(folder: Path, out: Path, *base: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, BUDGETCHECK=f"{sys.executable} -m budgetcheck.cli", GATE_DATA_DOCS="0",
               PYTHONPATH=os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]))
    env.pop("GITHUB_STEP_SUMMARY", None)
    return subprocess.run(["bash", str(ROOT / "ci" / "gate.sh"), str(folder), str(out), *base],
                          capture_output=True, text=True, env=env, cwd=folder.parent, check=False)


def test_gate_fails_on_the_broken_workbook_and_keeps_artifacts(tmp_path):
    folder = tmp_path / "submissions"
    clean_copy(folder / "a")
    broken_copy(folder / "b")
    proc = _gate(folder, tmp_path / "out")
    assert proc.returncode == 1, proc.stderr
    out = tmp_path / "out"
    suites = ET.parse(out / "junit.xml").getroot().findall("testsuite")
    assert {Path(s.get("name")).parent.name: _failed(s) for s in suites} == {"a": set(), "b": BROKEN_RULES}
    assert "❌" in (out / "summary.md").read_text(encoding="utf-8")
    assert sorted(p.name for p in (out / "annotated").iterdir()) == ["broken.annotated.xlsx", "clean.annotated.xlsx"]
    for bundle in (out / "evidence").iterdir():
        assert "manifest.json" in zipfile.ZipFile(bundle).namelist()


def test_gate_passes_a_clean_folder_and_an_empty_one(tmp_path):
    clean_copy(tmp_path / "ok")
    assert _gate(tmp_path / "ok", tmp_path / "out").returncode == 0
    (tmp_path / "empty").mkdir()
    proc = _gate(tmp_path / "empty", tmp_path / "out2")
    assert proc.returncode == 0 and "没有新增或修改的工作簿" in proc.stdout


def test_gate_validates_only_changed_workbooks(tmp_path):
    repo = tmp_path / "repo"
    folder = repo / "submissions"
    broken_copy(folder, "old.xlsx")

    def git(*args: str) -> None:
        subprocess.run(["git", "-c", "user.email=t@t", "-c", "user.name=t", *args], cwd=repo, check=True,
                       capture_output=True)

    git("init", "-q")
    git("add", ".")
    git("commit", "-qm", "old")
    base = subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True, text=True).stdout.strip()
    clean_copy(folder, "new.xlsx")
    git("add", ".")
    git("commit", "-qm", "new")
    proc = _gate(folder, tmp_path / "out", base)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "new.xlsx" in proc.stdout and "old.xlsx" not in proc.stdout


def test_plain_validate_imports_no_heavy_dependency():
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "budgetcheck.cli", "validate",
                           str(ROOT / "fixtures" / "shangrao_2024_unit_budget.xlsx")],
                          capture_output=True, text=True, env=env, check=False)
    assert proc.returncode == 0
    imported = {line.split("|")[-1].strip().split(".")[0] for line in proc.stderr.splitlines() if "|" in line}
    assert not imported & {"great_expectations", "openpyxl", "pandas", "pandera", "numpy"}

"""``budgetcheck gate`` and the CI templates as shipped: relative paths, clean .xls and .xlsx →
exit 0 and every artifact; one injected error → exit 1; templates need only pip and one command,
and refuse to run without a package spec."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
import yaml

from .publish_helpers import BROKEN_RULES, ROOT, broken_copy, clean_copy, run_cli

XLS = ROOT / "fixtures" / "shangrao_2024_unit_budget.xls"


def _submissions(tmp_path: Path) -> Path:
    folder = tmp_path / "submissions"
    clean_copy(folder / "单位甲", "预算.xlsx")
    (folder / "单位乙").mkdir()
    shutil.copy(XLS, folder / "单位乙" / "预算2024.xls")
    shutil.copy(folder / "单位甲" / "预算.xlsx", folder / "单位甲" / "~$预算.xlsx")  # Excel was open
    return folder


def _artifacts(out: Path) -> dict[str, list[str]]:
    return {name: sorted(p.name for p in (out / name).iterdir()) for name in ("annotated", "evidence")}


def test_gate_with_relative_paths_clean_xls_and_xlsx_then_one_error(tmp_path, monkeypatch):
    pytest.importorskip("great_expectations")
    folder = _submissions(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, _, err = run_cli("gate", "submissions", "--out", "out")
    assert code == 0, err
    out = tmp_path / "out"
    suites = ET.parse(out / "junit.xml").getroot().findall("testsuite")
    assert sorted(Path(s.get("name")).name for s in suites) == ["预算.xlsx", "预算2024.xls"]
    assert all(s.get("failures") == "0" and s.get("errors") == "0" for s in suites)
    assert "✅" in (out / "summary.md").read_text(encoding="utf-8")
    assert (out / "data-docs" / "index.html").is_file()
    assert _artifacts(out) == {"annotated": ["预算.annotated.xlsx", "预算2024.annotated.xlsx"],
                               "evidence": ["预算.evidence.zip", "预算2024.evidence.zip"]}
    for bundle in (out / "evidence").iterdir():
        assert "manifest.json" in zipfile.ZipFile(bundle).namelist()

    broken_copy(folder / "单位丙", "预算.xlsx")
    code, _, err = run_cli("gate", "submissions", "--out", "out")
    assert code == 1, err
    suites = ET.parse(out / "junit.xml").getroot().findall("testsuite")
    failed = {Path(s.get("name")).parent.name: {c.get("name").split()[0] for c in s.iter("testcase")
                                                if c.find("failure") is not None} for s in suites}
    assert failed == {"单位甲": set(), "单位乙": set(), "单位丙": BROKEN_RULES}
    assert "❌" in (out / "summary.md").read_text(encoding="utf-8")


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.email=t@t", "-c", "user.name=t", *args], cwd=repo, check=True,
                          capture_output=True, text=True).stdout.strip()


def test_gate_validates_only_changed_workbooks_and_an_empty_change(tmp_path, monkeypatch):
    repo = tmp_path / "repo"
    broken_copy(repo / "submissions", "old.xlsx")
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "old")
    base = _git(repo, "rev-parse", "HEAD")
    monkeypatch.chdir(repo)
    code, _, _ = run_cli("gate", "submissions", "--out", "out", "--base", base, "--no-data-docs")
    assert code == 0 and "没有新增或修改的工作簿" in (repo / "out" / "summary.md").read_text(encoding="utf-8")
    clean_copy(repo / "submissions", "new.xlsx")
    _git(repo, "add", "submissions")
    _git(repo, "commit", "-qm", "new")
    code, _, err = run_cli("gate", "submissions", "--out", "out2", "--base", base, "--no-data-docs")
    assert code == 0, err
    names = [s.get("name") for s in ET.parse(repo / "out2" / "junit.xml").getroot().findall("testsuite")]
    assert [Path(n).name for n in names] == ["new.xlsx"]
    code, _, _ = run_cli("gate", "submissions", "--out", "out3", "--base", "0" * 40, "--no-data-docs")
    assert code == 1  # an unknown base: every workbook, the broken one too


def test_gate_sh_is_a_thin_wrapper(tmp_path):
    folder = tmp_path / "submissions"
    clean_copy(folder)
    env = dict(os.environ, BUDGETCHECK=f"{sys.executable} -m budgetcheck.cli", GATE_DATA_DOCS="0",
               PYTHONPATH=os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]))
    proc = subprocess.run(["bash", str(ROOT / "ci" / "gate.sh"), "submissions", "out"], cwd=tmp_path,
                          capture_output=True, text=True, env=env, check=False)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "out" / "junit.xml").is_file() and (tmp_path / "out" / "annotated").is_dir()
    assert len((ROOT / "ci" / "gate.sh").read_text(encoding="utf-8").splitlines()) < 30


def _scripts(template: dict) -> list[str]:
    if "jobs" in template:  # GitHub Actions
        return [s["run"] for job in template["jobs"].values() for s in job["steps"] if "run" in s]
    return [line for job in template.values() if isinstance(job, dict) for line in job.get("script", [])]


@pytest.mark.parametrize("name", ["github-actions.yml", "gitlab-ci.yml"])
def test_ci_templates_need_only_pip_and_one_command(name):
    template = yaml.safe_load((ROOT / "ci" / name).read_text(encoding="utf-8"))
    scripts = "\n".join(_scripts(template))
    assert "ci/gate.sh" not in scripts and "budgetcheck gate" in scripts and "pip install" in scripts
    text = (ROOT / "ci" / name).read_text(encoding="utf-8")
    assert 'BUDGETCHECK_SPEC: "budgetcheck"' not in text  # no default that installs a stranger's package


@pytest.mark.parametrize("name", ["github-actions.yml", "gitlab-ci.yml"])
def test_ci_templates_refuse_to_run_without_a_package_spec(name, tmp_path):
    template = yaml.safe_load((ROOT / "ci" / name).read_text(encoding="utf-8"))
    install = next(s for s in _scripts(template) if "pip install" in s)
    stub = tmp_path / "bin"
    stub.mkdir()
    (stub / "pip").write_text("#!/bin/sh\necho pip-called >&2\nexit 0\n")
    (stub / "pip").chmod(0o755)
    env = dict(os.environ, PATH=f"{stub}{os.pathsep}{os.environ['PATH']}", BUDGETCHECK_SPEC="")
    proc = subprocess.run(["bash", "-e", "-c", install], capture_output=True, text=True, env=env, check=False)
    assert proc.returncode != 0 and "pip-called" not in proc.stderr and "BUDGETCHECK_SPEC" in proc.stderr + proc.stdout
    env["BUDGETCHECK_SPEC"] = "budgetcheck @ git+https://example.invalid/budgetcheck.git@v1"
    proc = subprocess.run(["bash", "-e", "-c", install], capture_output=True, text=True, env=env, check=False)
    assert proc.returncode == 0 and "pip-called" in proc.stderr

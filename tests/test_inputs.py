"""Inputs as users give them (folders, globs, zips, lock files, .xls/.ods), missing tables as
findings, publishing that goes on past one file's failure, and rules_run/JUnit listing only the
rules that ran."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from ._ods import to_ods
from .publish_helpers import ROOT, broken_copy, clean_copy, run_cli
from .structure_support import mutated

XLS = ROOT / "fixtures" / "shangrao_2024_unit_budget.xls"
INCOME, EXPENDITURE, TARGETS = "2 收入总表", "3 支出总表", "10 项目绩效目标表"


def _json(*args: str) -> tuple[int, dict]:
    code, out, err = run_cli("validate", *args, "--format", "json")
    assert code != 2 or not out, err
    return code, json.loads(out)


def _paths(report: dict) -> list[str]:
    return [Path(s["path"]).name for s in report["submissions"]]


def _folder(tmp_path: Path) -> Path:
    """A folder as a unit leaves it: a workbook, one in a subfolder, an Excel lock file beside an
    open workbook, a hidden file and a text file."""
    folder = tmp_path / "in"
    clean_copy(folder, "a.xlsx")
    shutil.copy(XLS, (folder / "sub").mkdir(parents=True) or folder / "sub" / "b.xls")
    shutil.copy(folder / "a.xlsx", folder / "~$a.xlsx")
    shutil.copy(folder / "a.xlsx", folder / ".a.xlsx")
    (folder / "readme.txt").write_text("not a workbook", encoding="utf-8")
    return folder


def test_a_folder_is_searched_recursively_without_lock_and_hidden_files(tmp_path):
    code, report = _json(str(_folder(tmp_path)))
    assert code == 0 and _paths(report) == ["a.xlsx", "b.xls"]


def test_a_quoted_glob_and_an_explicit_lock_file(tmp_path, monkeypatch):
    folder = _folder(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, report = _json("in/**/*.xls*")
    assert code == 0 and _paths(report) == ["a.xlsx", "b.xls"]
    code, out, err = run_cli("validate", "in/a.xlsx", str(folder / "~$a.xlsx"))
    assert code == 0 and "锁定文件" in err
    code, _, err = run_cli("validate", "in/*.nothing")
    assert code == 2 and "没有与此模式匹配的工作簿" in err


def test_a_zip_of_workbooks_is_validated_member_by_member(tmp_path):
    archive = tmp_path / "submissions.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.write(clean_copy(tmp_path), "单位/clean.xlsx")
        bundle.write(broken_copy(tmp_path), "单位/broken.xlsx")
        bundle.write(XLS, "单位/~$clean.xlsx")
    code, report = _json(str(archive), "--lang", "en")
    assert code == 1 and _paths(report) == ["broken.xlsx", "clean.xlsx"]
    assert report["submissions"][0]["path"] == f"{archive}!单位/broken.xlsx"
    code, _, err = run_cli("validate", str(archive), "--evidence", str(tmp_path / "ev"))
    assert code == 1, err
    bundle = tmp_path / "ev" / "broken.evidence.zip"
    code, out, _ = run_cli("verify-evidence", str(bundle))
    assert code == 0, out


def test_ods_reads_like_xlsx(tmp_path):
    ods = to_ods(broken_copy(tmp_path), tmp_path / "broken.ods")
    _, xlsx_report = _json(str(tmp_path / "broken.xlsx"))
    code, ods_report = _json(str(ods))
    assert code == 1
    rules = [[f["rule"] for f in r["submissions"][0]["findings"]] for r in (xlsx_report, ods_report)]
    assert rules[0] == rules[1] and rules[0]


def test_annotate_writes_xlsx_for_xls_and_ods_beside_xlsx(tmp_path):
    folder = tmp_path / "in"
    broken_copy(folder)
    shutil.copy(XLS, folder / "ref.xls")
    to_ods(folder / "broken.xlsx", folder / "other.ods")
    code, _, err = run_cli("validate", str(folder), "--annotate", str(tmp_path / "ann"))
    assert code == 1, err
    written = sorted(p.name for p in (tmp_path / "ann").iterdir())
    assert written == ["broken.annotated.xlsx", "other.annotated.xlsx", "ref.annotated.xlsx"]
    # the .xls copy is a real workbook that reads like its source (plus the findings sheet)
    _, source = _json(str(XLS))
    _, copy = _json(str(tmp_path / "ann" / "ref.annotated.xlsx"))
    assert [f["rule"] for f in copy["submissions"][0]["findings"]] == \
        [f["rule"] for f in source["submissions"][0]["findings"]]
    from openpyxl import load_workbook

    sheet = load_workbook(tmp_path / "ann" / "other.annotated.xlsx")["审核结果"]
    assert "INC-002" in {c.value for c in sheet["B"]}


def test_one_file_that_cannot_be_published_does_not_stop_the_others(tmp_path):
    folder = tmp_path / "in"
    clean_copy(folder, "a.xlsx")
    clean_copy(folder, "b.xlsx")
    (tmp_path / "ann" / "a.annotated.xlsx").mkdir(parents=True)  # not writable as a file
    code, _, err = run_cli("validate", str(folder), "--annotate", str(tmp_path / "ann"),
                           "--evidence", str(tmp_path / "ev"))
    assert code == 2 and "a.annotated.xlsx" in err
    assert (tmp_path / "ann" / "b.annotated.xlsx").is_file()
    assert sorted(p.name for p in (tmp_path / "ev").iterdir()) == ["a.evidence.zip", "b.evidence.zip"]


def test_a_missing_required_table_is_a_finding_beside_the_others(tmp_path):
    path = mutated(tmp_path, {f"'{EXPENDITURE}'!E9": 120.4}, drop_sheets=(INCOME,))
    code, report = _json(str(path))
    assert code == 1
    found = report["submissions"][0]["findings"]
    missing = [f for f in found if f["rule"] == "STR-008"]
    assert len(missing) == 1 and missing[0]["table"] == "income" and missing[0]["severity"] == "error"
    assert "EXP-001" in {f["rule"] for f in found}
    assert not any(f["table"] == "income" and f["rule"] != "STR-008" for f in found)


def test_a_workbook_with_no_table_of_the_set_stays_unreadable(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active["A1"] = "会议签到表"
    book.save(tmp_path / "other.xlsx")
    code, _, err = run_cli("validate", str(tmp_path / "other.xlsx"))
    assert code == 2 and "other.xlsx" in err


def test_missing_targets_table_warned_or_required_per_profile(tmp_path):
    path = mutated(tmp_path, {}, drop_sheets=(TARGETS,))
    code, report = _json(str(path))
    warned = [f for f in report["submissions"][0]["findings"] if f["rule"] == "STR-030"]
    assert code == 0 and [f["severity"] for f in warned] == ["warning"]
    profile = tmp_path / "strict.yaml"
    profile.write_text("version: 1\nextends: budget\noverride:\n  STR-030:\n    severity: error\n",
                       encoding="utf-8")
    code, report = _json(str(path), "--profile", str(profile))
    assert code == 1 and [f["severity"] for f in report["submissions"][0]["findings"]
                          if f["rule"] == "STR-030"] == ["error"]


def test_rules_run_and_junit_list_narrative_rules_only_with_a_text(tmp_path):
    from budgetcheck.contracts.rules import load_ruleset

    every = load_ruleset().rules
    narrative_ids = {r.id for r in every if r.family == "narrative"}
    clean = clean_copy(tmp_path)
    _, report = _json(str(clean))
    assert report["submissions"][0]["summary"]["rules_run"] == len(every) - len(narrative_ids)
    code, _, _ = run_cli("validate", str(clean), "--format", "junit", "-o", str(tmp_path / "j.xml"))
    names = {c.get("name").split()[0] for c in ET.parse(tmp_path / "j.xml").getroot().iter("testcase")}
    assert code == 0 and names and not names & narrative_ids
    text = ROOT / "fixtures" / "narrative" / "002_7fe24cca4b7a4db4.txt"
    _, report = _json(str(clean), "--narrative", str(text))
    assert report["submissions"][0]["summary"]["rules_run"] == len(every)


def test_relative_data_docs_folder(tmp_path, monkeypatch):
    pytest.importorskip("great_expectations")
    clean_copy(tmp_path / "in", "a.xlsx")
    monkeypatch.chdir(tmp_path)
    code, _, err = run_cli("validate", "in", "--data-docs", "dd")
    assert code == 0, err
    assert (tmp_path / "dd" / "index.html").is_file() and not (tmp_path / "dd" / ".gx" / "gx" / "dd").exists()

"""Accepted explanations (--explanations): matched findings are explained and leave the gate;
unmatched explanations are reported under EXPL-001; a wrong file is refused with file:line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from budgetcheck.cli import main

from ._workbooks import S2, mutate, ref


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def _write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "explanations.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


# The reference leaves four 指标值 of table 10 blank (a transcription gap): TGT-003 warns there.
REFERENCE_WARNINGS = {"TGT-003"}


def _report(workbook: str, explanations: str) -> tuple[int, dict]:
    """The JSON report of one workbook, without the reference's own known warnings."""
    code, out, _ = _run("validate", workbook, "--format", "json", "--explanations", explanations)
    sub = json.loads(out)["submissions"][0]
    sub["findings"] = [f for f in sub["findings"] if f["rule"] not in REFERENCE_WARNINGS]
    return code, sub


@pytest.fixture
def x001_workbook(tmp_path) -> str:
    return mutate(tmp_path, {(S2, "C6"): 1086.66, (S2, "D6"): 209.91})  # X-001 and X-002 (and 表内) fail


def test_without_explanations_the_workbook_fails(x001_workbook) -> None:
    assert _run("validate", x001_workbook)[0] == 1


def test_explained_by_cell_and_table(tmp_path, x001_workbook) -> None:
    expl = _write(tmp_path, f"""\
version: 1
explanations:
  - rule: X-001
    cell: "{S2}!C6"
    reason: 合计含代编项目，已核实
    accepted_by: 市财政局预算科
    date: 2024-03-01
  - rule: X-002
    table: income
    reason: 结转口径差异
    accepted_by: 市财政局预算科
  - rule: INC-003
    cell: "'2 收入总表'!c6"
    reason: 行合计差异
    accepted_by: 市财政局预算科
""")
    code, sub = _report(x001_workbook, expl)
    by_rule = {f["rule"]: f for f in sub["findings"]}
    assert by_rule["X-001"]["explained"] == {
        "reason": "合计含代编项目，已核实", "accepted_by": "市财政局预算科", "date": "2024-03-01",
        "source": f"{expl}:3",
    }
    assert by_rule["X-002"]["explained"]["reason"] == "结转口径差异"
    unexplained = [f["rule"] for f in sub["findings"] if "explained" not in f]
    assert "X-001" not in unexplained and "X-002" not in unexplained
    # INC-003 is explained at C6 only: the gate still fails on its carry-over column (D6)
    assert unexplained == ["INC-003"] and code == 1
    assert [f["cells"][0] for f in sub["findings"] if "explained" not in f] == [ref(S2, "D6")]
    assert sub["summary"]["errors"] == 1 and sub["summary"]["explained"] == 3


def test_all_explained_passes_the_gate(tmp_path) -> None:
    workbook = mutate(tmp_path, {(S2, "C6"): 1086.66, (S2, "C7"): 1086.66, (S2, "C8"): 1086.66,
                                 (S2, "C9"): 853.55})
    expl = _write(tmp_path, """\
explanations:
  - {rule: X-001, table: income, reason: 已核实, accepted_by: 预算科}
  - {rule: INC-001, table: income, reason: 已核实, accepted_by: 预算科}
""")
    code, sub = _report(workbook, expl)
    assert code == 0 and sub["status"] == "passed"
    assert {(f["rule"], tuple(f["cells"])) for f in sub["findings"]} == {
        ("X-001", (ref(S2, "C6"), "'1 收支总表'!B18")),
        ("INC-001", tuple(ref(S2, c) for c in ["C6", "D6", "E6", "I6", "J6", "K6", "L6", "M6", "N6", "O6"])),
        ("INC-001", tuple(ref(S2, c) for c in ["C7", "D7", "E7", "I7", "J7", "K7", "L7", "M7", "N7", "O7"])),
        ("INC-001", tuple(ref(S2, c) for c in ["C8", "D8", "E8", "I8", "J8", "K8", "L8", "M8", "N8", "O8"])),
        ("INC-001", tuple(ref(S2, c) for c in ["C9", "D9", "E9", "I9", "J9", "K9", "L9", "M9", "N9", "O9"])),
    }
    assert all("explained" in f for f in sub["findings"])


def test_unmatched_explanation_is_reported(tmp_path) -> None:
    from ._workbooks import REFERENCE

    expl = _write(tmp_path, """\
version: 1
explanations:
  - rule: X-005
    table: expenditure
    reason: 预计差异
    accepted_by: 预算科
""")
    code, sub = _report(str(REFERENCE), expl)
    assert code == 0  # a warning
    [finding] = sub["findings"]
    assert (finding["rule"], finding["severity"], finding["cells"]) == ("EXPL-001", "warning", [])
    assert finding["location"] == {"file": expl, "line": 3, "sentence": "预计差异"}
    assert finding["message"] == "说明文件第 3 行的已接受说明（规则 X-005，table expenditure）未匹配任何问题"


def test_explanation_for_another_file_does_not_apply(tmp_path, x001_workbook) -> None:
    expl = _write(tmp_path, """\
explanations:
  - {rule: X-001, table: income, reason: r, accepted_by: a, file: "other-unit-*.xlsx"}
""")
    code, sub = _report(x001_workbook, expl)
    assert all("explained" not in f for f in sub["findings"])
    assert "EXPL-001" not in {f["rule"] for f in sub["findings"]}


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("explanations:\n  - rule: X-001\n    table: income\n    reason: r\n    acepted_by: a\n", 5,
         "unknown key 'acepted_by' in explanation (did you mean 'accepted_by'?)"),
        ("explanations:\n  - rule: X-001\n    table: income\n    reason: r\n", 2,
         "explanation lacks required key 'accepted_by'"),
        ("explanations:\n  - rule: X-999\n    table: income\n    reason: r\n    accepted_by: a\n", 2,
         "explanation: unknown rule id 'X-999'"),
        ("explanations:\n  - rule: X-001\n    reason: r\n    accepted_by: a\n", 2,
         "explanation: give either 'cell' or 'table'"),
        ("explanations:\n  - rule: X-001\n    table: incme\n    reason: r\n    accepted_by: a\n", 3,
         "explanation: unknown table 'incme'"),
        ("explanations:\n  - rule: X-001\n    cell: C6\n    reason: r\n    accepted_by: a\n", 3,
         "explanation: cell 'C6' is not a sheet!A1 reference"),
        ("explanations: {rule: X-001}\n", 1, "explanations must be a list"),
        ("explanations:\n  - rule: X-001\n   table: [\n", 3, "invalid YAML"),
    ],
)
def test_malformed_explanations_are_refused(tmp_path, text: str, line: int, reason: str) -> None:
    expl = _write(tmp_path, text)
    code, out, err = _run("validate", str(tmp_path / "missing.xlsx"), "--explanations", expl, "--lang", "en")
    assert code == 2 and out == ""
    assert err.count("\n") == 1
    assert err.startswith(f"budgetcheck: {expl}:{line}: {reason}")


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("[1, 2]\n", 1, "an explanations file is a mapping"),
        ("version: 2\nexplanations: []\n", 1, "version must be 1"),
        ("explanations:\n  - rule: X-001\n    table: income\n    reason: r\n    accepted_by: a\n"
         "    date: 2024-13-45\n", 6, "explanation: date '2024-13-45' is not a date"),
    ],
)
def test_explanations_errors_name_file_and_line(tmp_path, text: str, line: int, reason: str) -> None:
    expl = _write(tmp_path, text)
    code, out, err = _run("validate", str(tmp_path / "missing.xlsx"), "--explanations", expl, "--lang", "en")
    assert code == 2 and out == "" and "Traceback" not in err
    assert err.startswith(f"budgetcheck: {expl}:{line}: {reason}"), err

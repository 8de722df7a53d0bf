"""The narrative through the CLI, with the real reader on the reference workbook."""

from .conftest import FIXTURES, mutate, run_cli, validate_json

SEED_002 = FIXTURES / "narrative" / "002_7fe24cca4b7a4db4.txt"


def _rules_and_lines(report: dict) -> set[tuple[str, int | None]]:
    return {(f["rule"], (f.get("location") or {}).get("line")) for f in report["submissions"][0]["findings"]}


def test_text_alone_is_checked_by_its_kind():
    code, report = validate_json(SEED_002)
    assert code == 1
    assert ("NAR-SUM-002", 368) in _rules_and_lines(report)
    sub = report["submissions"][0]
    assert sub["summary"]["unread"] == 0
    finding = next(f for f in sub["findings"] if f["rule"] == "NAR-SUM-002")
    assert finding["cells"] == [] and "卫生健康支出" in finding["location"]["sentence"]


def test_reference_restated_claims_all_match_their_cells(reference):
    code, report = validate_json(reference, "--narrative", str(SEED_002))
    assert not [f for f in report["submissions"][0]["findings"] if f["rule"] == "NAR-TAB-001"]


def test_changed_cell_cites_sentence_and_cell(reference, tmp_path):
    changed = mutate(reference, {"'6 一般公共预算基本支出表'!E5": 107.76, "'6 一般公共预算基本支出表'!C5": 699.15},
                     tmp_path / "changed.xlsx")
    code, report = validate_json(changed, "--narrative", str(SEED_002))
    tab = [f for f in report["submissions"][0]["findings"] if f["rule"] == "NAR-TAB-001"]
    assert any("'6 一般公共预算基本支出表'!E5" in f["cells"] and "机关运行费" in f["location"]["sentence"] for f in tab)
    assert code == 1


def test_unreadable_narrative_is_a_one_line_error(reference, tmp_path):
    bad = tmp_path / "x.pdf"
    bad.write_bytes(b"not a pdf")
    proc = run_cli("validate", str(reference), "--narrative", str(bad))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and "x.pdf" in proc.stderr


def test_pdf_text_layer_reads_like_the_text(reference):
    """seed002.pdf (fixtures/narrative/make_pdf.py) typesets the seed with page numbers."""
    pdf = FIXTURES / "narrative" / "seed002.pdf"
    code, report = validate_json(pdf)
    findings = report["submissions"][0]["findings"]
    assert code == 1 and report["submissions"][0]["summary"]["unread"] == 0
    assert sorted(f["rule"] for f in findings) == ["NAR-PRJ-002", "NAR-PRJ-002", "NAR-PRJ-002", "NAR-SUM-002"]
    sum_finding = next(f for f in findings if f["rule"] == "NAR-SUM-002")
    assert "卫生健康支出" in sum_finding["location"]["sentence"] and sum_finding["location"]["file"] == str(pdf)
    code, report = validate_json(reference, "--narrative", str(pdf))
    assert not [f for f in report["submissions"][0]["findings"] if f["rule"] == "NAR-TAB-001"]


def test_nar_unit_001_another_units_text_is_one_finding(reference, tmp_path):
    code, report = validate_json(reference, "--narrative", str(SEED_002))
    assert not [f for f in report["submissions"][0]["findings"] if f["rule"] == "NAR-UNIT-001"]
    other = tmp_path / "other.txt"
    text = SEED_002.read_text(encoding="utf-8").replace("上饶市医疗保障服务中心", "某县疾病预防控制中心")
    other.write_text(text.replace("2024", "2023"), encoding="utf-8")
    code, report = validate_json(reference, "--narrative", str(other))
    rules = [f["rule"] for f in report["submissions"][0]["findings"]]
    assert rules.count("NAR-UNIT-001") == 1 and "NAR-TAB-001" not in rules and code == 1

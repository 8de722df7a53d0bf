"""summary.facts and summary.unread of a narrative in the JSON report: the facts the fact reader
read, and the stated figures neither reader placed (a threshold such as ≥90% is neither)."""

from __future__ import annotations

from pathlib import Path

from budgetcheck.narrative import check_narrative

from .conftest import validate_json

SEED_002 = Path(__file__).resolve().parents[1] / "fixtures" / "narrative" / "002_7fe24cca4b7a4db4.txt"

TEXT = """2024年“三公”经费预算5万元，较上年减少1万元。
公务接待费约2万元，公用经费增长2个百分点。
预计完成率≥90%。
"""


def test_summary_counts_facts_and_unread(tmp_path: Path) -> None:
    path = tmp_path / "n.txt"
    path.write_text(TEXT, encoding="utf-8")
    result = check_narrative(path)
    assert [(f.subject, f.measure, f.number.text) for f in result.facts] == [
        ("three_public", "amount", "5"), ("three_public", "change", "1")]
    assert result.unread_items == [(2, "约2万元"), (2, "2个百分点")]  # approximate; points
    summary = validate_json(path)[1]["submissions"][0]["summary"]
    assert (summary["facts"], summary["unread"]) == (2, 2)


def test_summary_of_the_seed_and_of_a_workbook(reference) -> None:
    summary = validate_json(SEED_002)[1]["submissions"][0]["summary"]
    assert summary["facts"] == len(check_narrative(SEED_002).facts) > 0
    assert summary["unread"] == 0
    paired = validate_json(reference, "--narrative", str(SEED_002))[1]["submissions"][0]["summary"]
    assert (paired["facts"], paired["unread"]) == (summary["facts"], 0)
    alone = validate_json(reference)[1]["submissions"][0]["summary"]
    assert "facts" not in alone and "unread" not in alone  # no text, nothing read

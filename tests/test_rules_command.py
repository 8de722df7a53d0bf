"""The visible catalogue: `budgetcheck rules` and docs/rules.md, which must stay current."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from budgetcheck.cli import main

DOCS = Path(__file__).resolve().parent.parent / "docs" / "rules.md"


def _run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_docs_rules_md_is_current() -> None:
    result = _run("rules", "--format", "markdown")
    assert result.exit_code == 0
    assert DOCS.read_text(encoding="utf-8") == result.stdout, (
        "docs/rules.md is stale: regenerate it with "
        "`PYTHONPATH=src python -m budgetcheck.cli rules --format markdown -o docs/rules.md`"
    )


def test_json_lists_every_rule_with_its_fields() -> None:
    from budgetcheck.contracts.rules import load_ruleset

    result = _run("rules", "--format", "json")
    assert result.exit_code == 0
    payload = json.loads(result.stdout)
    assert payload["profile"] == "budget"
    assert [r["id"] for r in payload["rules"]] == [r.id for r in load_ruleset().rules]
    rules = {r["id"]: r for r in payload["rules"]}
    assert rules["X-006"] == {
        "id": "X-006", "severity": "error", "family": "equal_matched", "tables": ["summary", "expenditure"],
        "title": {"zh": "支出总表各功能类等于收支总表同类支出",
                  "en": "Each functional class of the expenditure table equals the summary's line"},
        "params": {"left": "expenditure/*/total", "right": "summary/expense.line.*/amount", "key": "\\d{3}",
                   "tolerance": "interval"},
        "source": "crosstable.yaml",
    }
    assert rules["INC-001"]["tables"] == ["income"]
    assert rules["X-013"]["tables"] == ["basic", "three_public"]
    assert all(r["title"]["zh"] and r["title"]["en"] and r["tables"] for r in payload["rules"]
               if r["family"] != "explanation_unused")


def test_profile_shows_its_parameters_and_severities(tmp_path) -> None:
    result = _run("rules", "--profile", "budget-retirees-apart", "--format", "json")
    rules = {r["id"]: r for r in json.loads(result.stdout)["rules"]}
    assert rules["HC-004"]["params"]["parts"] == ["headcount/serving.total/count"]
    profile = tmp_path / "p.yaml"
    profile.write_text("include: [X-00*]\noverride:\n  X-001: {severity: warning}\n", encoding="utf-8")
    text = _run("rules", "--profile", str(profile)).stdout
    lines = text.splitlines()
    assert lines[0].split()[:3] == ["X-001", "warning", "equal_pairs"]
    assert lines[-1] == "9 rules (profile p)"


def test_text_format_lists_titles_in_both_languages() -> None:
    text = _run("rules").stdout
    assert "    收入总表合计等于收支总表收入总计 / Income table total equals the summary's income grand total" in text


def test_wrong_profile_is_refused() -> None:
    result = _run("rules", "--profile", "nope")
    assert result.exit_code == 2
    assert result.stderr.startswith("budgetcheck: --profile: unknown profile 'nope'")

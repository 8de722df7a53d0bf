"""The GX suites in expectations/ are generated from the table and rule catalogues, never edited."""

from __future__ import annotations

import json
import math
import shutil

from budgetcheck.contracts.paths import expectations_dir
from budgetcheck.contracts.rules import load_ruleset
from budgetcheck.contracts.tables import load_catalogue
from budgetcheck.frames import frame_columns, row_rules, submission_frames
from budgetcheck.gx.generate import drift, generate_suites, write_suites
from budgetcheck.readers import read_submission

from .publish_helpers import REFERENCE, broken_copy, run_cli


def test_committed_suites_match_the_catalogues():
    assert drift(expectations_dir(), generate_suites()) == []
    code, out, _ = run_cli("expectations", "--check")
    assert code == 0, out


def test_drift_is_detected(tmp_path):
    suites = generate_suites()
    write_suites(tmp_path, suites)
    assert drift(tmp_path, suites) == []
    income = json.loads((tmp_path / "income.json").read_text(encoding="utf-8"))
    income["expectations"].pop()
    (tmp_path / "income.json").write_text(json.dumps(income), encoding="utf-8")
    shutil.copy(tmp_path / "basic.json", tmp_path / "stale.json")
    assert drift(tmp_path, suites) == ["income.json", "stale.json"]


def test_every_row_sum_rule_has_its_expectation():
    ruleset, catalogue = load_ruleset(), load_catalogue()
    suites = generate_suites(catalogue, ruleset)
    for spec in catalogue.tables:
        if frame_columns(spec, catalogue) is None:
            assert f"{spec.id}.json" not in suites
            continue
        columns = {e["kwargs"].get("column") for e in suites[f"{spec.id}.json"]["expectations"]}
        for rule in row_rules(ruleset, spec.id):
            assert f"{rule.id}.excess" in columns
    assert sum(len(row_rules(ruleset, t.id)) for t in catalogue.tables) == sum(
        1 for r in ruleset.rules if r.family == "row_sum")


def test_frames_carry_every_catalogue_column_and_exact_residuals(tmp_path):
    ruleset, catalogue = load_ruleset(), load_catalogue()
    clean = submission_frames(read_submission(str(REFERENCE)), ruleset, catalogue)
    for table, frame in clean.items():
        spec = catalogue.spec(table)
        assert list(frame.columns[4:4 + len(frame_columns(spec, catalogue))]) == frame_columns(spec, catalogue)
        for rule in row_rules(ruleset, table):
            assert all(v == 0 or math.isnan(v) for v in frame[f"{rule.id}.excess"]), (table, rule.id)
    broken = submission_frames(read_submission(str(broken_copy(tmp_path))), ruleset, catalogue)["income"]
    bad = broken[broken["INC-002.excess"] != 0]
    assert list(bad["key"]) == ["2101501"]
    row = bad.iloc[0]
    assert row["INC-002.residual"] == 62.05 and row["INC-002.slack"] == 0.01
    assert round(row["INC-002.excess"], 2) == 62.04
    assert list(broken.loc[broken["INC-001.excess"] != 0, "key"]) == ["2101501"]

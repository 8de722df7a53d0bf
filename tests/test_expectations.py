"""The GX suites in expectations/ are generated from the schemas and the table and rule catalogues,
never edited: every schema check is an expectation (or a documented engine-only check), the
committed files match the generator, and the suites pass and fail where the engine does."""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import sys
from decimal import Decimal

import pytest

from budgetcheck.amounts import Amount
from budgetcheck.contracts.paths import OVERRIDE_ENV, contracts_root, expectations_dir
from budgetcheck.contracts.rules import load_ruleset
from budgetcheck.contracts.schema import load_schema, load_schemas
from budgetcheck.contracts.tables import load_catalogue
from budgetcheck.frames import frame_columns, row_rules, submission_frames
from budgetcheck.gx.generate import ENGINE_ONLY, drift, generate_suites, write_suites
from budgetcheck.readers import read_submission, read_workbook

from .publish_helpers import REFERENCE, ROOT, broken_copy, clean_copy, run_cli


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


def test_a_changed_schema_makes_the_committed_suites_drift(tmp_path):
    """Edit a schema in a copy of the contracts: the suites generated from it differ from the
    committed ones, in-process and through ``budgetcheck expectations --check`` on that copy."""
    root = tmp_path / "contracts"
    for part in ("checks", "schemas", "expectations"):
        shutil.copytree(contracts_root() / part, root / part)
    schema = root / "schemas" / "headcount.yaml"
    text = schema.read_text(encoding="utf-8")
    assert "greater_than_or_equal_to: 0\n" in text
    schema.write_text(text.replace("greater_than_or_equal_to: 0\n", "greater_than_or_equal_to: 1\n"),
                      encoding="utf-8")
    changed = generate_suites(schemas=load_schemas(root / "schemas"))
    assert drift(root / "expectations", changed) == ["headcount.json"]
    [bound] = [e["kwargs"]["min_value"] for e in changed["headcount.json"]["expectations"]
               if e["kwargs"].get("column") == "count" and e["type"] == "expect_column_values_to_be_between"]
    assert bound == 1
    env = {**os.environ, OVERRIDE_ENV: str(root), "PYTHONPATH": str(ROOT / "src")}
    cli = [sys.executable, "-m", "budgetcheck.cli", "expectations", "--check"]
    proc = subprocess.run(cli, env=env, capture_output=True, text=True, check=False)
    assert proc.returncode != 0 and "headcount.json" in proc.stdout + proc.stderr, proc
    schema.write_text(text, encoding="utf-8")  # restored: the copy agrees again
    assert subprocess.run(cli, env=env, capture_output=True, text=True, check=False).returncode == 0


def _checks(column) -> list[str]:
    """What a schema column states, read from the schema itself (not through the generator)."""
    return [f"dtype:{column.dtype}", *(["required"] if column.required else []),
            *(["nullable"] if not column.nullable else []), *(["unique"] if column.unique else []),
            *column.checks]


def test_every_schema_check_is_an_expectation_or_engine_only():
    catalogue, schemas = load_catalogue(), load_schemas()
    suites = generate_suites(catalogue, load_ruleset(), schemas)
    assert {f"{t.id}.json" for t in catalogue.tables} == set(suites)  # one suite per canonical table
    assert set(ENGINE_ONLY) == {"dtype:str", "has_parent"} and all(ENGINE_ONLY.values())
    structure = {r.id: r for r in load_ruleset().rules if r.family == "schema"}
    seen_engine_only = set()
    for spec in catalogue.tables:
        suite = suites[f"{spec.id}.json"]
        meta = suite["meta"]["budgetcheck"]
        assert f"schemas/{spec.id}.yaml" in meta["generated_from"]
        stated = {(e["meta"]["budgetcheck"]["schema"]["column"], e["meta"]["budgetcheck"]["schema"]["check"]): e
                  for e in suite["expectations"] if "schema" in e["meta"].get("budgetcheck", {})}
        engine_only = {(e["column"], e["check"]) for e in meta["engine_only"]}
        assert set(meta["engine_only_why"]) == {check for _, check in engine_only}
        for name, column in schemas[spec.id].columns.items():
            for check in _checks(column):
                where = (spec.id, name, check)
                if check in ENGINE_ONLY:
                    assert (name, check) in engine_only and (name, check) not in stated, where
                    seen_engine_only.add(check)
                    continue
                assert (name, check) in stated, where
                exp = stated[(name, check)]
                kind, kwargs = exp["type"], exp["kwargs"]
                if check == "dtype:float64":
                    assert (kind, kwargs) == ("expect_column_values_to_be_of_type", {"column": name, "type_": "float64"})
                elif check == "required":
                    assert (kind, kwargs) == ("expect_column_to_exist", {"column": name})
                elif check == "nullable" and not column.required:
                    assert kind == "expect_column_values_to_be_between", where
                    assert kwargs == {"column": f"{name}.null", "min_value": 0, "max_value": 0}
                elif check == "nullable":
                    assert (kind, kwargs) == ("expect_column_values_to_not_be_null", {"column": name})
                elif check == "unique":
                    assert (kind, kwargs) == ("expect_column_values_to_be_unique", {"column": name})
                elif check == "greater_than_or_equal_to":
                    assert kind == "expect_column_values_to_be_between" and kwargs["column"] == name
                    assert Decimal(str(kwargs["min_value"])) == column.checks[check] and "max_value" not in kwargs
                elif check == "str_matches":
                    pattern = column.checks[check].pattern  # anchored: pandera's re.match
                    assert kind == "expect_column_values_to_match_regex" and kwargs["column"] == name
                    assert kwargs["regex"] in (pattern, f"^(?:{pattern})") and kwargs["regex"].startswith("^")
                elif check == "isin":
                    assert kind == "expect_column_values_to_be_in_set" and kwargs["column"] == name
                    assert set(kwargs["value_set"]) == column.checks[check]
                elif check == "whole_number":
                    assert kind == "expect_column_values_to_be_between", where
                    assert kwargs == {"column": f"{name}.fraction", "min_value": 0, "max_value": 0}
                else:
                    pytest.fail(f"unmapped schema check {where}")
                rule = exp["meta"]["budgetcheck"].get("rule")
                if rule:  # the structure rule reporting this check in the engine, with its severity
                    assert structure[rule].params["check"] == check.split(":")[0], where
                    assert exp["severity"] == {"error": "critical", "warning": "warning"}[structure[rule].severity]
        # nothing in the suite claims a schema check the schema does not state
        assert {c for c, _ in stated} | {c for c, _ in engine_only} <= set(schemas[spec.id].columns)
        # no GX type-list expectation on text columns (they misjudge pandas 3's str dtype)
        text = {n for n, c in schemas[spec.id].columns.items() if c.dtype == "str"}
        assert not [e for e in suite["expectations"] if e["type"].startswith("expect_column_values_to_be_of_type")
                    or e["type"] == "expect_column_values_to_be_in_type_list" if e["kwargs"].get("column") in text]
    assert seen_engine_only == set(ENGINE_ONLY)  # the exclusion list holds nothing unused


def test_an_unmapped_schema_check_is_refused(tmp_path, monkeypatch):
    """A check the schema loader accepts but the generator cannot map fails loudly, never silently."""
    from budgetcheck.contracts import schema as schema_module

    path = tmp_path / "headcount.yaml"
    text = (ROOT / "schemas" / "headcount.yaml").read_text(encoding="utf-8")
    path.write_text(text.replace("    whole_number: null\n", "    whole_number: null\n    shiny: null\n"),
                    encoding="utf-8")
    monkeypatch.setattr(schema_module, "CHECKS", schema_module.CHECKS | {"shiny"})
    monkeypatch.setattr(schema_module, "CUSTOM_CHECKS", {**schema_module.CUSTOM_CHECKS, "shiny": None})
    monkeypatch.setattr(schema_module, "_COLUMN_KEYS", schema_module._COLUMN_KEYS | {"shiny"})
    schemas = {**load_schemas(), "headcount": load_schema(path)}
    with pytest.raises(ValueError, match="shiny"):
        generate_suites(schemas=schemas)


def test_every_row_sum_rule_has_its_expectation():
    ruleset, catalogue = load_ruleset(), load_catalogue()
    suites = generate_suites(catalogue, ruleset)
    for spec in catalogue.tables:
        if frame_columns(spec) is None:
            assert f"{spec.id}.json" not in suites
            continue
        columns = {e["kwargs"].get("column") for e in suites[f"{spec.id}.json"]["expectations"]}
        for rule in row_rules(ruleset, spec.id):
            assert f"{rule.id}.excess" in columns
    assert sum(len(row_rules(ruleset, t.id)) for t in catalogue.tables) == sum(
        1 for r in ruleset.rules if r.family == "row_sum")


def test_frames_carry_every_schema_column_and_exact_residuals(tmp_path):
    ruleset, catalogue = load_ruleset(), load_catalogue()
    clean = submission_frames(read_submission(str(REFERENCE)), ruleset, catalogue)
    assert set(clean) == {t.id for t in catalogue.tables}
    for table, frame in clean.items():
        spec = catalogue.spec(table)
        assert list(frame.columns[:3]) == ["key", "level", "sheet_row"]
        assert list(frame.columns[3:3 + len(frame_columns(spec))]) == frame_columns(spec), table
        for rule in row_rules(ruleset, table):
            assert all(v == 0 or math.isnan(v) for v in frame[f"{rule.id}.excess"]), (table, rule.id)
    # an optional column: all-NaN with a NaN guard when the table lacks it, 0 guards when it has it
    general = clean["general"]
    assert general["upper_remit"].isna().all() and general["upper_remit.null"].isna().all()
    assert (general["basic.null"] == 0).all()
    assert (clean["headcount"]["count.fraction"] == 0).all()
    assert str(clean["general"]["code"].dtype) == "str" and clean["general"]["code"].isna().sum() == 1
    broken = submission_frames(read_submission(str(broken_copy(tmp_path))), ruleset, catalogue)["income"]
    bad = broken[broken["INC-002.excess"] != 0]
    assert list(bad["key"]) == ["2101501"]
    row = bad.iloc[0]
    assert row["INC-002.residual"] == 62.05 and row["INC-002.slack"] == 0.01
    assert row["INC-002.excess"] == 62.05  # the verdict's 差 62.05, published decimals, not 62.04
    assert list(broken.loc[broken["INC-001.excess"] != 0, "key"]) == ["2101501"]


def _failed(results) -> set[tuple[str, str, str]]:
    """(table, column, rule or schema check) of every failed expectation."""
    failed = set()
    for table, result in results.items():
        for item in result.results:
            if item.success:
                continue
            config = item.expectation_config
            meta = (config.meta or {}).get("budgetcheck", {})
            what = meta.get("rule") or meta.get("schema", {}).get("check") or config.type
            failed.add((table, config.kwargs.get("column"), what))
    return failed


def test_suites_pass_on_the_reference_and_fail_where_the_engine_does(tmp_path):
    """GX itself (one context per run): the committed suites pass on the reference (its blank
    指标值 filled) and on a generated workbook, fail on the row identities of the broken copy, and fail on schema breaches
    put into the broken copy's tables, as the engine's structure rules do."""
    pytest.importorskip("great_expectations")
    from budgetcheck.engine.run import check_submission
    from budgetcheck.gx.run import validate_frames
    from budgetcheck.reports.datadocs import load_suites

    ruleset, catalogue, suites = load_ruleset(), load_catalogue(), load_suites()
    assert set(suites) == {t.id for t in catalogue.tables}
    clean = read_submission(str(clean_copy(tmp_path)))
    assert _failed(validate_frames(submission_frames(clean, ruleset, catalogue), suites)) == set()
    from budgetcheck.readers.workbook import open_workbook
    from budgetcheck.synth import generate

    made = generate(seed=12, layout="department", rounding_heavy=True).save(tmp_path / "generated.xlsx")
    frames = submission_frames(read_workbook(open_workbook(str(made))), ruleset, catalogue)
    assert _failed(validate_frames(frames, suites)) == set()

    broken = read_submission(str(broken_copy(tmp_path)))
    tables = broken.tables
    tables["headcount"].rows[0].cells["count"].amount = Amount(Decimal("26.5"), Decimal(0))
    tables["basic"].rows[3].cells["public"].amount = Amount(Decimal("-1.00"), Decimal("0.005"))
    del tables["general"].rows[2].cells["project"]  # a blank in a column the table has
    tables["expenditure"].rows[2].key = "21015011"  # an 8-digit code
    indicator = next(r for r in tables["targets"].rows if (r.info or {}).get("level1"))
    indicator.info = {**indicator.info, "level1": "过程指标"}
    del tables["summary"].rows[1].cells["amount"]
    failed = _failed(validate_frames(submission_frames(broken, ruleset, catalogue), suites))
    assert failed == {
        ("income", "INC-001.excess", "INC-001"), ("income", "INC-002.excess", "INC-002"),
        ("headcount", "count.fraction", "STR-006"),
        ("basic", "public", "STR-005"), ("basic", "BAS-001.excess", "BAS-001"),
        ("general", "project.null", "nullable"), ("general", "GEN-001.excess", "GEN-001"),
        ("expenditure", "code", "STR-001"),
        ("targets", "level1", "STR-007"),
        ("summary", "amount", "nullable"),
    }, failed
    # the engine reports the same structure rules (and, as it runs has_parent, STR-002 besides)
    findings, _ = check_submission(broken, ruleset)
    engine = {f.rule for f in findings if f.rule.startswith("STR-")}
    assert {w for _, _, w in failed if w.startswith("STR-")} == engine - {"STR-002"}

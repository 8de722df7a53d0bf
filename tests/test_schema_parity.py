"""The native schema executor fails the same (column, row) cells as pandera itself, on the clean
reference and on a broken copy; every schema file loads with pa.DataFrameSchema.from_yaml."""

from __future__ import annotations

import dataclasses
import math
from decimal import Decimal
from pathlib import Path

import pytest

from budgetcheck.amounts import Amount
from budgetcheck.contracts.frames import table_frame, table_records
from budgetcheck.contracts.pandera_checks import load_pandera_schema
from budgetcheck.contracts.schema import load_schemas, run_schema
from budgetcheck.model import Submission
from budgetcheck.readers import read_submission

from .structure_support import REFERENCE, findings, mutated, ref

EXP, GEN, TGT, BAS = "3 支出总表", "5 一般公共预算支出表", "10 项目绩效目标表", "6 一般公共预算基本支出表"
BROKEN = {
    ref(EXP, "A12"): "2101504",   # duplicate code
    ref(EXP, "A10"): "210150",    # six digits
    ref(EXP, "B11"): None,        # name missing
    ref(EXP, "E9"): -110.4,       # negative
    ref(GEN, "A8"): "2109901",    # no parent 21099
    ref(BAS, "A26"): "3100701",   # economic codes have 3 or 5 digits
    ref(TGT, "A10"): "成本",       # not one of the four level-1 indicators
    ref(TGT, "C64"): -1,          # negative funding line
    ref(TGT, "B3"): None,         # project without a name
}


def _normal(check: str) -> str:
    name = check.split("(", 1)[0]
    return {"field_uniqueness": "unique", "not_nullable": "nullable",
            "column_in_dataframe": "required"}.get(name, name)


def pandera_cases(table_id: str, frame) -> set[tuple[str, int | None, str]]:
    import pandera.errors

    schema = load_pandera_schema(load_schemas()[table_id].path)
    try:
        schema.validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as exc:
        cases = set()
        for _, case in exc.failure_cases.iterrows():
            index = case["index"]
            index = None if index is None or (isinstance(index, float) and math.isnan(index)) else int(index)
            cases.add((str(case["column"]), index, _normal(str(case["check"]))))
        return cases
    return set()


def native_cases(table_id: str, table) -> set[tuple[str, int | None, str]]:
    failures = run_schema(load_schemas()[table_id], table_records(table))
    return {(f.column, f.index, f.check) for f in failures}


def broken_submission(tmp_path: Path) -> Submission:
    sub = read_submission(str(mutated(tmp_path, BROKEN)))
    row = sub.tables["headcount"].row("retired")
    cell = row.cells["count"]
    row.cells["count"] = dataclasses.replace(cell, raw=6.5, amount=Amount(Decimal("6.5"), Decimal(0)))
    return sub


def test_every_schema_loads_in_pandera() -> None:
    schemas = load_schemas()
    assert set(schemas) == {"summary", "income", "expenditure", "fiscal", "general", "basic",
                            "three_public", "gov_fund", "soe", "targets", "headcount"}
    for table_id, native in schemas.items():
        assert set(load_pandera_schema(native.path).columns) == set(native.columns), table_id


def test_parity_on_the_reference() -> None:
    sub = read_submission(str(REFERENCE))
    for table_id, table in sub.tables.items():
        assert native_cases(table_id, table) == pandera_cases(table_id, table_frame(table)) == set(), table_id


def test_parity_on_a_broken_workbook(tmp_path: Path) -> None:
    sub = broken_submission(tmp_path)
    seen = {}
    for table_id, table in sub.tables.items():
        native = native_cases(table_id, table)
        assert native == pandera_cases(table_id, table_frame(table)), table_id
        seen[table_id] = native
    # rows: 0 合计, 1 210, 2 21015, 3 2101501 (row 9), 4 row 10, 5 row 11, 6 row 12
    assert seen["expenditure"] == {
        ("code", 5, "unique"), ("code", 6, "unique"), ("code", 4, "str_matches"),
        ("name", 5, "nullable"), ("project", 3, "greater_than_or_equal_to"),
    }
    assert seen["general"] == {("code", 3, "has_parent")}
    assert seen["basic"] == {("code", 21, "str_matches"), ("code", 21, "has_parent")}  # no 31007 left
    assert seen["headcount"] == {("count", 12, "whole_number")}
    assert ("level1", 3, "isin") in seen["targets"]
    assert ("amount", 38, "greater_than_or_equal_to") in seen["targets"]
    assert ("project", 0, "nullable") in seen["targets"]


def test_pandera_engine_gives_the_same_failures_and_cells(tmp_path: Path) -> None:
    from budgetcheck.contracts.pandera_checks import pandera_failures

    sub = broken_submission(tmp_path)
    schemas = load_schemas()

    def key(f):
        return (f.column, f.index if f.index is not None else -1, f.check, str(f.value), f.ref)

    for table_id, table in sub.tables.items():
        records = table_records(table)
        native = sorted(map(key, run_schema(schemas[table_id], records)))
        assert native == sorted(map(key, pandera_failures(schemas[table_id], records))), table_id


def test_validate_with_the_pandera_engine(tmp_path: Path) -> None:
    from budgetcheck.rules import structure

    path = mutated(tmp_path, BROKEN)
    native = [(f.rule, tuple(f.cells)) for f in findings(path) if f.rule.startswith("STR")]
    structure.set_engine("pandera")
    try:
        assert [(f.rule, tuple(f.cells)) for f in findings(path) if f.rule.startswith("STR")] == native
    finally:
        structure.set_engine("native")
    assert ("STR-005", (ref(EXP, "E9"),)) in native


def test_native_failures_carry_their_cells(tmp_path: Path) -> None:
    sub = broken_submission(tmp_path)
    failures = run_schema(load_schemas()["expenditure"], table_records(sub.tables["expenditure"]))
    assert [(f.check, f.ref) for f in failures] == [
        ("unique", ref(EXP, "A11")), ("unique", ref(EXP, "A12")),
        ("str_matches", ref(EXP, "A10")),
        ("nullable", ref(EXP, "A11")),
        ("greater_than_or_equal_to", ref(EXP, "E9")),
    ]


@pytest.mark.parametrize("table_id", ["income", "targets"])
def test_frame_dtypes(table_id: str) -> None:
    frame = table_frame(read_submission(str(REFERENCE)).tables[table_id])
    assert str(frame["amount" if table_id == "targets" else "total"].dtype) == "float64"
    assert str(frame["code" if table_id == "income" else "key"].dtype) == "str"


def test_cli_engines_and_no_pandas_on_the_plain_path() -> None:
    import subprocess
    import sys

    from .structure_support import ROOT

    probe = (
        "import sys\n"
        "from budgetcheck.cli import main\n"
        "try:\n"
        f"    main(['validate', {str(REFERENCE)!r}], standalone_mode=False)\n"
        "except SystemExit as exc:\n"
        "    assert exc.code == 0, exc.code\n"
        "heavy = [m for m in ('pandas', 'pandera', 'openpyxl') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    plain = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert plain.returncode == 0, plain.stderr
    run = subprocess.run([sys.executable, "-m", "budgetcheck.cli", "validate", "--engine", "pandera", str(REFERENCE)],
                         capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert run.returncode == 0, run.stderr

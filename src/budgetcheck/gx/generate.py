"""Generate Great Expectations suites (GX 1.x JSON) from the one source of the contracts.

Each canonical table that has a schema gets one suite, ``expectations/<table>.json``, derived from:

- its pandera schema (schemas/<table>.yaml): every column's dtype, properties and checks become
  expectations on the GX frame (``budgetcheck.frames``), each naming in its meta the schema check it
  expresses and the structure rule (checks/structure.yaml) that reports that check in the engine,
  whose severity it takes. A ``required: false`` column is checked only when the table has it (its
  "not null" runs on the derived ``<column>.null``); ``whole_number`` runs on the derived
  ``<column>.fraction``. The checks GX cannot express are listed in ``ENGINE_ONLY`` with the
  reason, and in each suite's meta (``engine_only``): the engine (and pandera) check them only;
- the table catalogue (checks/tables.yaml): the frame's row key (present and unique unless the
  schema states a ``key`` column; for item and headcount tables, from the catalogue's vocabulary)
  and row level;
- the rule catalogue (checks/rules.yaml): every ``row_sum`` rule becomes an expectation on its
  derived ``<RULE>.excess`` column (the row identity within the interval tolerance).

The files are committed; a test regenerates them and fails when they drift from any of these
sources (``budgetcheck expectations --check``).

The generated dicts are plain JSON: no GX import, no ids, no versions, so output is stable.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from ..contracts.rules import RuleSet, RuleSpec, load_ruleset
from ..contracts.schema import ColumnSchema, TableSchema, load_schemas
from ..contracts.tables import Catalogue, TableSpec, load_catalogue
from ..frames import derived_column, null_guarded, row_rules, table_schema
from ..rules.structure import covers

GX_SEVERITY = {"error": "critical", "warning": "warning"}
SUITE_PREFIX = "budgetcheck-"  # no dots: GX nests dotted suite names in directories


def suite_name(table_id: str) -> str:
    return SUITE_PREFIX + table_id


def _expectation(kind: str, kwargs: dict[str, Any], description: str, severity: str = "critical",
                 **meta: Any) -> dict[str, Any]:
    return {"type": kind, "kwargs": kwargs, "meta": {"budgetcheck": meta} if meta else {},
            "severity": severity, "description": description}


def _key_pattern(spec: TableSpec, catalogue: Catalogue) -> str | None:
    if spec.layout == "items":
        sides = sorted((catalogue.items.get(spec.id) or {}).keys())
        return r"^(?:" + "|".join(re.escape(s) for s in sides) + r")\."
    if spec.layout == "headcount":
        vocab = catalogue.items.get("headcount") or {}
        sections = "|".join(sorted(vocab.get("sections", {})))
        kinds = "|".join(["total", *sorted(vocab.get("kinds", {}))])
        totals = "|".join(re.escape(k) for k in sorted(vocab.get("totals", {})))
        return rf"^(?:(?:{sections})\.(?:{kinds})|{totals})$"
    return None


# Schema checks that no GX built-in expresses on the frame: checked by the engine (and pandera) only.
ENGINE_ONLY = {
    "dtype:str": "GX's type expectations misjudge pandas 3's str dtype; the frame builds text columns "
                 "as str, and the column's own checks (not null, pattern, set, unique) are expectations",
    "has_parent": "a code's parent must be another value of the same column; no GX built-in compares "
                  "the values of one column with each other that way",
}


def schema_checks(column: ColumnSchema) -> list[str]:
    """The checks a schema column states, as named in suites' meta: ``dtype:<dtype>``, then the
    properties (``required`` when true, ``nullable`` when false, ``unique`` when true), then its
    checks in file order."""
    names = [f"dtype:{column.dtype}"]
    names += ["required"] if column.required else []
    names += ["nullable"] if not column.nullable else []
    names += ["unique"] if column.unique else []
    return names + list(column.checks)


def _structure_rule(ruleset: RuleSet, table: str, column: str, check: str) -> RuleSpec | None:
    """The structure rule (family ``schema``) that reports this check of this column, if any."""
    for rule in ruleset.rules:
        params = rule.params
        if rule.family != "schema" or params.get("check") != check:
            continue
        if covers(params, table, column):
            return rule
    return None


def _number(value: Any) -> int | float:
    number = float(value)
    return int(number) if number == int(number) else number


def _schema_expectation(table: str, name: str, column: ColumnSchema, check: str,
                        ruleset: RuleSet) -> dict[str, Any] | None:
    """The expectation of one schema check of one column, or None when it is ``ENGINE_ONLY``."""
    if check in ENGINE_ONLY:
        return None
    stat = column.checks.get(check)
    label = f"“{name}”列"
    kwargs: dict[str, Any] = {"column": name}
    if check == "dtype:float64":
        kind, text = "expect_column_values_to_be_of_type", f"{label}为数值"
        kwargs["type_"] = "float64"
    elif check == "required":
        kind, text = "expect_column_to_exist", f"表中有{label}"
    elif check == "nullable" and null_guarded(column):
        kind, text = "expect_column_values_to_be_between", f"{label}无空值（表中有此列时）"
        kwargs = {"column": derived_column(name, "null"), "min_value": 0, "max_value": 0}
    elif check == "nullable":
        kind, text = "expect_column_values_to_not_be_null", f"{label}无空值"
    elif check == "unique":
        kind, text = "expect_column_values_to_be_unique", f"{label}不重复"
    elif check == "greater_than_or_equal_to":
        kind, text = "expect_column_values_to_be_between", f"{label}不小于 {_number(stat)}"
        kwargs["min_value"] = _number(stat)
    elif check == "str_matches":
        # pandera matches at the start (re.match); GX searches (str.contains): anchor the pattern
        regex = stat.pattern if stat.pattern.startswith("^") else f"^(?:{stat.pattern})"
        kind, text = "expect_column_values_to_match_regex", f"{label}符合格式 {regex}"
        kwargs["regex"] = regex
    elif check == "isin":
        kind, text = "expect_column_values_to_be_in_set", f"{label}取值为 {'、'.join(sorted(stat))} 之一"
        kwargs["value_set"] = sorted(stat)
    elif check == "whole_number":
        kind, text = "expect_column_values_to_be_between", f"{label}为整数（与最近整数之差为 0）"
        kwargs = {"column": derived_column(name, "fraction"), "min_value": 0, "max_value": 0}
    else:  # a check the schema loader accepts but this mapping lacks: map it or list it in ENGINE_ONLY
        raise ValueError(f"no expectation for schema check '{check}' (column '{name}' of {table})")
    meta: dict[str, Any] = {"schema": {"column": name, "check": check}}
    rule = _structure_rule(ruleset, table, name, check.split(":")[0])
    if rule:
        meta["rule"] = rule.id
        text = f"[{rule.id}] {text}"
    return _expectation(kind, kwargs, text, GX_SEVERITY[rule.severity] if rule else "critical", **meta)


def table_suite(spec: TableSpec, catalogue: Catalogue, ruleset: RuleSet,
                schemas: dict[str, TableSchema] | None = None) -> dict[str, Any] | None:
    """The GX suite (as JSON) for one table, or None when the table has no schema (not framed)."""
    schema = table_schema(spec, schemas)
    if schema is None:
        return None
    exps: list[dict[str, Any]] = []
    if "key" not in schema.columns:  # the frame's row key; a schema column ``key`` states its own checks
        exps += [
            _expectation("expect_column_values_to_not_be_null", {"column": "key"}, "每行都有编码或项目键"),
            _expectation("expect_column_values_to_be_unique", {"column": "key"}, "编码或项目键不重复"),
        ]
    pattern = _key_pattern(spec, catalogue)
    if pattern:
        exps.append(_expectation("expect_column_values_to_match_regex", {"column": "key", "regex": pattern},
                                 "行键属于表目录的项目"))
    exps.append(_expectation("expect_column_values_to_be_between",
                             {"column": "level", "min_value": 0, "max_value": 3}, "层级为 0（合计）至 3（项）"))
    engine_only = []
    for name, column in schema.columns.items():
        for check in schema_checks(column):
            expectation = _schema_expectation(spec.id, name, column, check, ruleset)
            if expectation is None:
                engine_only.append({"column": name, "check": check})
            else:
                exps.append(expectation)
    for rule in row_rules(ruleset, spec.id):
        tolerance = rule.params.get("tolerance", "interval")
        exps.append(_expectation(
            "expect_column_values_to_be_between",
            {"column": derived_column(rule.id, "excess"), "min_value": 0, "max_value": 0},
            f"[{rule.id}] {rule.title['zh']}（超出舍入误差的差额为 0）",
            GX_SEVERITY[rule.severity],
            rule=rule.id, tolerance=tolerance, total=rule.params["total"],
            parts=list(rule.params["parts"]), expand=dict(rule.params.get("expand") or {}),
            residual=derived_column(rule.id, "residual"), slack=derived_column(rule.id, "slack"),
        ))
    exact = spec.layout == "headcount"
    precision = catalogue.count if exact else catalogue.amount
    return {
        "name": suite_name(spec.id),
        "expectations": exps,
        "meta": {"budgetcheck": {
            "table": spec.id, "number": spec.number, "name": {"zh": spec.name_zh, "en": spec.name_en},
            "generated_from": [f"schemas/{spec.id}.yaml", "checks/structure.yaml", "checks/tables.yaml",
                               "checks/rules.yaml"],
            "columns": list(schema.columns),
            "engine_only": engine_only,
            "engine_only_why": {check: ENGINE_ONLY[check] for check in sorted({e["check"] for e in engine_only})},
            "precision": {"decimals": precision.decimals, "exact": precision.exact,
                          "blank": "exact" if precision.blank_exact else "rounded"},
        }},
        "notes": f"由 budgetcheck 根据表结构（pandera 模式）、表目录与规则目录生成，请勿手工修改（{spec.name_zh}）。",
    }


def generate_suites(catalogue: Catalogue | None = None, ruleset: RuleSet | None = None,
                    schemas: dict[str, TableSchema] | None = None) -> dict[str, dict[str, Any]]:
    """file name → suite JSON, for every table of the catalogue that has a schema."""
    catalogue = catalogue or load_catalogue()
    ruleset = ruleset or load_ruleset()
    schemas = schemas if schemas is not None else load_schemas()
    suites = {}
    for spec in catalogue.tables:
        suite = table_suite(spec, catalogue, ruleset, schemas)
        if suite is not None:
            suites[f"{spec.id}.json"] = suite
    return suites


def dump(suite: dict[str, Any]) -> str:
    return json.dumps(suite, ensure_ascii=False, indent=2) + "\n"


def write_suites(directory: Path, suites: dict[str, dict[str, Any]]) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, suite in sorted(suites.items()):
        path = directory / name
        path.write_text(dump(suite), encoding="utf-8")
        written.append(path)
    return written


def drift(directory: Path, suites: dict[str, dict[str, Any]]) -> list[str]:
    """Names of suite files that differ from (or are missing in, or extra in) ``directory``."""
    differ = []
    on_disk = {p.name for p in directory.glob("*.json")} if directory.is_dir() else set()
    for name, suite in sorted(suites.items()):
        path = directory / name
        if not path.is_file() or path.read_text(encoding="utf-8") != dump(suite):
            differ.append(name)
    differ += sorted(on_disk - set(suites))
    return differ

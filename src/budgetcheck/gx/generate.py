"""Generate Great Expectations suites (GX 1.x JSON) from the one source of the contracts.

Each canonical table gets one suite, ``expectations/<table>.json``, derived from the table
catalogue (checks/tables.yaml: which columns a table has, how its rows are keyed) and the rule
catalogue (checks/rules.yaml: every ``row_sum`` rule becomes an expectation on its derived
``<RULE>.excess`` column, see ``budgetcheck.frames``). The files are committed; a test
regenerates them and fails when they drift (``budgetcheck expectations --check``).

The generated dicts are plain JSON: no GX import, no ids, no versions, so output is stable.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from ..contracts.rules import RuleSet, load_ruleset
from ..contracts.tables import Catalogue, TableSpec, load_catalogue
from ..frames import derived_column, frame_columns, row_rules

# The shape of classification codes (DOMAIN: 类 3 digits, 款 5, 项 7; economic 类 3, 款 5).
CODE_PATTERNS = {
    "functional": r"^(?:total|\d{3}(?:\d{2}){0,2})$",
    "economic": r"^(?:total|\d{3}(?:\d{2})?)$",
}
GX_SEVERITY = {"error": "critical", "warning": "warning"}
SUITE_PREFIX = "budgetcheck-"  # no dots: GX nests dotted suite names in directories


def suite_name(table_id: str) -> str:
    return SUITE_PREFIX + table_id


def _expectation(kind: str, kwargs: dict[str, Any], description: str, severity: str = "critical",
                 **meta: Any) -> dict[str, Any]:
    return {"type": kind, "kwargs": kwargs, "meta": {"budgetcheck": meta} if meta else {},
            "severity": severity, "description": description}


def _key_pattern(spec: TableSpec, catalogue: Catalogue) -> str | None:
    if spec.layout == "coded" and spec.codes in CODE_PATTERNS:
        return CODE_PATTERNS[spec.codes]
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


def table_suite(spec: TableSpec, catalogue: Catalogue, ruleset: RuleSet) -> dict[str, Any] | None:
    """The GX suite (as JSON) for one table, or None when the table is not framed."""
    columns = frame_columns(spec, catalogue)
    if columns is None:
        return None
    exps: list[dict[str, Any]] = [
        _expectation("expect_column_values_to_not_be_null", {"column": "key"}, "每行都有编码或项目键"),
        _expectation("expect_column_values_to_be_unique", {"column": "key"}, "编码或项目键不重复"),
    ]
    pattern = _key_pattern(spec, catalogue)
    if pattern:
        what = {"functional": "支出功能分类编码", "economic": "支出经济分类编码"}.get(spec.codes or "", "行键")
        exps.append(_expectation("expect_column_values_to_match_regex", {"column": "key", "regex": pattern},
                                 f"{what}格式正确（或为合计行）"))
    exps.append(_expectation("expect_column_values_to_be_between",
                             {"column": "level", "min_value": 0, "max_value": 3}, "层级为 0（合计）至 3（项）"))
    exact = spec.layout == "headcount"
    precision = catalogue.count if exact else catalogue.amount
    for column in columns:
        exps.append(_expectation("expect_column_values_to_be_of_type", {"column": column, "type_": "float64"},
                                 f"“{column}”列为数值"))
        exps.append(_expectation(
            "expect_column_values_to_be_between", {"column": column, "min_value": 0},
            f"“{column}”列不为负数" + ("（人数）" if exact else "（负数金额少见，需复核）"),
            "critical" if exact else "warning", precision="exact" if precision.exact else precision.decimals,
        ))
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
    return {
        "name": suite_name(spec.id),
        "expectations": exps,
        "meta": {"budgetcheck": {
            "table": spec.id, "number": spec.number, "name": {"zh": spec.name_zh, "en": spec.name_en},
            "generated_from": ["checks/tables.yaml", "checks/rules.yaml"],
            "columns": columns,
            "precision": {"decimals": precision.decimals, "exact": precision.exact,
                          "blank": "exact" if precision.blank_exact else "rounded"},
        }},
        "notes": f"由 budgetcheck 根据表目录与规则目录生成，请勿手工修改（{spec.name_zh}）。",
    }


def generate_suites(catalogue: Catalogue | None = None, ruleset: RuleSet | None = None) -> dict[str, dict[str, Any]]:
    """file name → suite JSON, for every framed table of the catalogue."""
    catalogue = catalogue or load_catalogue()
    ruleset = ruleset or load_ruleset()
    suites = {}
    for spec in catalogue.tables:
        suite = table_suite(spec, catalogue, ruleset)
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

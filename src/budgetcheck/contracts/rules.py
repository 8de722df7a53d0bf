"""The rule catalogue (checks/*.yaml): rules, their families and parameters, validated before any
data is read. A wrong file is refused with its path and line."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ContractError
from .paths import checks_dir
from .references import check_references
from .yamlfile import Node, expect_keys, load_yaml

SEVERITIES = {"error", "warning"}
RULE_KEYS = {"id", "family", "severity", "title", "message", "params", "tables", "description", "relation"}
# families of narrative relations (budgetcheck.narrative.relations); checked when the rule is read
RELATION_FAMILIES = {"sum", "growth", "change", "completion", "share", "direction", "twice",
                     "equal", "at_most", "compare", "pair"}
RELATION_READERS = {"facts", "sections"}


@dataclass
class RuleSpec:
    id: str
    family: str
    severity: str
    title: dict[str, str]
    message: dict[str, str] | None
    params: dict[str, Any]
    source: str = ""
    line: int = 0
    tables: list[str] = field(default_factory=list)
    relation: dict[str, Any] = field(default_factory=dict)  # narrative rules: what they relate


@dataclass
class RuleSet:
    rules: list[RuleSpec]
    templates: dict[str, dict[str, str]]
    files: list[str]
    profile: str = ""  # the profile applied (contracts/profiles.py), "" for the bare catalogue

    def by_id(self) -> dict[str, RuleSpec]:
        return {r.id: r for r in self.rules}


def catalogue_files(directory: Path | None = None) -> list[Path]:
    """Every rule file of the catalogue: checks/*.yaml except the table catalogue."""
    directory = directory or checks_dir()
    return sorted(p for p in directory.glob("*.yaml") if p.name != "tables.yaml")


def _text_pair(node: Any, what: str, path: str, line: int) -> dict[str, str]:
    if not isinstance(node, dict) or not isinstance(node.get("zh"), str) or not isinstance(node.get("en"), str):
        raise ContractError(path, line, f"{what} needs 'zh' and 'en' texts")
    return {"zh": node["zh"], "en": node["en"]}


def load_ruleset(files: list[Path] | None = None) -> RuleSet:
    from ..rules import FAMILIES  # the engine's families decide which parameters are valid

    files = files if files is not None else catalogue_files()
    rules: list[RuleSpec] = []
    templates: dict[str, dict[str, str]] = {}
    seen: dict[str, str] = {}
    for file in files:
        root = load_yaml(file)
        if root is None:
            continue
        expect_keys(root, {"version", "templates", "rules", "params"}, set(), f"rule file {file.name}")
        for family, text in (root.get("templates") or {}).items():
            templates[family] = _text_pair(text, f"template '{family}'", str(file), root["templates"].line_of(family))
        for node in root.get("rules") or []:
            rule = _rule(node, str(file), FAMILIES)
            if rule.id in seen:
                raise ContractError(str(file), rule.line, f"duplicate rule id '{rule.id}' (also in {seen[rule.id]})")
            seen[rule.id] = str(file)
            rules.append(rule)
    return RuleSet(rules=rules, templates=templates, files=[str(f) for f in files])


def _rule(node: Any, path: str, families: dict[str, Any]) -> RuleSpec:
    if not isinstance(node, Node):
        raise ContractError(path, None, "each rule must be a mapping")
    expect_keys(node, RULE_KEYS, {"id", "family", "severity", "title"}, f"rule '{node.get('id', '?')}'")
    family = families.get(node["family"])
    if family is None:
        raise ContractError(path, node.line_of("family"), f"rule {node['id']}: unknown family '{node['family']}'")
    if node["severity"] not in SEVERITIES:
        raise ContractError(path, node.line_of("severity"), f"rule {node['id']}: severity must be error or warning")
    params = node.get("params") or Node()
    family.validate(node["id"], params, path, node.line_of("params"))
    check_references(node["family"], str(node["id"]), params, path, node.line_of("params"))
    message = node.get("message")
    relation = node.get("relation")
    if relation is not None:
        _check_relation(node, relation, path)
    return RuleSpec(
        id=str(node["id"]),
        family=node["family"],
        severity=node["severity"],
        title=_text_pair(node["title"], f"rule {node['id']} title", path, node.line_of("title")),
        message=_text_pair(message, f"rule {node['id']} message", path, node.line_of("message")) if message else None,
        params=dict(params),
        source=path,
        line=node.line,
        tables=list(node.get("tables") or []),
        relation=plain(relation) if relation is not None else {},
    )


def plain(value: Any) -> Any:
    """A YAML node as plain dicts and lists (the relation spec travels with the rule)."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def _check_relation(node: Node, relation: Any, path: str) -> None:
    """A rule's relation: one mapping, or a list of them (one rule over both readers)."""
    line = node.line_of("relation")
    for spec in relation if isinstance(relation, list) else [relation]:
        if not isinstance(spec, dict) or spec.get("family") not in RELATION_FAMILIES:
            raise ContractError(path, line, f"rule {node['id']}: relation.family must be one of "
                                f"{', '.join(sorted(RELATION_FAMILIES))}")
        if spec.get("reader", "facts") not in RELATION_READERS:
            raise ContractError(path, line, f"rule {node['id']}: relation.reader must be one of "
                                f"{', '.join(sorted(RELATION_READERS))}")
        sums = spec.get("sums")
        sections = spec.get("reader") == "sections"
        if spec["family"] == "sum" and not (isinstance(sums, list) and all(
                isinstance(e, dict) and "whole" in e and "parts" in e for e in sums)
                if sections else isinstance(sums, dict)):
            raise ContractError(path, line, f"rule {node['id']}: a sum relation lists its sums "
                                "(whole: [parts]; over sections: a list of {whole, parts})")
        if spec["family"] in ("equal", "at_most") and not (isinstance(spec.get("pairs"), list) and all(
                isinstance(p, list) and len(p) == 2 for p in spec["pairs"])):
            raise ContractError(path, line, f"rule {node['id']}: an {spec['family']} relation "
                                "lists its pairs ([[first, second]])")

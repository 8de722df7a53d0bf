"""Profiles (checks/profiles/*.yaml): which rules a place runs and with which parameters.

A profile may extend another one (a shipped name or a path relative to the extending file),
include and exclude rule ids (globs allowed), override a rule's severity or any parameter of its
family, and define named conventions that parameters reference as "$name" (the whole value, or
one item of a list, which a list convention splices in). A child's conventions replace its
parent's, so a profile can change what an inherited override means without repeating it.

Everything is checked before any data is read: a wrong key, an unknown rule id or profile, a
parameter the family does not take or of the wrong type is refused with file:line.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ContractError
from .paths import checks_dir
from .references import check_references
from .rules import SEVERITIES, RuleSet, RuleSpec, load_ruleset
from .yamlfile import Node, expect_keys, load_yaml

DEFAULT_PROFILE = "budget"
PROFILE_KEYS = {"version", "name", "description", "extends", "include", "exclude", "conventions", "override"}


def profiles_dir() -> Path:
    return checks_dir() / "profiles"


def shipped_profiles() -> list[str]:
    return sorted(p.stem for p in profiles_dir().glob("*.yaml"))


@dataclass
class Profile:
    """One profile file, validated for shape; its parent is loaded with it."""

    name: str
    path: str
    node: Node
    parent: Profile | None = None
    include: list[tuple[str, int]] | None = None
    exclude: list[tuple[str, int]] = field(default_factory=list)

    def chain(self) -> list[Profile]:
        """The profiles from the root ancestor down to this one."""
        chain = [self.parent.chain() if self.parent else [], [self]]
        return [p for part in chain for p in part]


def resolve_profile(spec: str, relative_to: Path | None = None, where: tuple[str, int] | None = None) -> Path:
    """A profile name (a file of checks/profiles) or a path to a profile file."""
    looks_like_path = spec.endswith((".yaml", ".yml")) or "/" in spec or "\\" in spec
    if looks_like_path:
        path = Path(spec)
        if not path.is_absolute() and relative_to is not None:
            path = relative_to / path
        if not path.is_file():
            file, line = where or (spec, 0)
            raise ContractError(file, line or None, f"profile file '{spec}' not found")
        return path
    path = profiles_dir() / f"{spec}.yaml"
    if not path.is_file():
        known = ", ".join(shipped_profiles())
        file, line = where or ("--profile", 0)
        raise ContractError(file, line or None, f"unknown profile '{spec}' (known: {known})")
    return path


def load_profile(spec: str, _seen: tuple[str, ...] = (), _where: tuple[str, int] | None = None,
                 _relative_to: Path | None = None) -> Profile:
    path = resolve_profile(spec, _relative_to, _where)
    key = str(path.resolve())
    if key in _seen:
        file, line = _where or (str(path), 0)
        raise ContractError(file, line or None, f"profile '{spec}' extends itself (cycle)")
    root = load_yaml(path)
    if root is None:
        root = Node()
        root.path, root.line, root.key_lines = str(path), 1, {}
    expect_keys(root, PROFILE_KEYS, set(), f"profile {path.name}")
    profile = Profile(name=str(root.get("name") or path.stem), path=str(path), node=root)
    if "extends" in root:
        parent = root["extends"]
        if not isinstance(parent, str):
            raise ContractError(str(path), root.line_of("extends"), "extends must name one profile")
        profile.parent = load_profile(parent, (*_seen, key), (str(path), root.line_of("extends")), path.parent)
    if "include" in root:
        profile.include = _id_list(root, "include")
    if "exclude" in root:
        profile.exclude = _id_list(root, "exclude")
    for name in ("conventions", "override"):
        if name in root and not isinstance(root[name], Node):
            raise ContractError(str(path), root.line_of(name), f"{name} must be a mapping")
    return profile


def _id_list(root: Node, key: str) -> list[tuple[str, int]]:
    value = root[key]
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ContractError(root.path, root.line_of(key), f"{key} must be a list of rule ids")
    return [(v, root.line_of(key)) for v in value]


def _matching(pattern: str, ids: list[str], path: str, line: int, what: str) -> list[str]:
    found = [i for i in ids if fnmatch.fnmatchcase(i, pattern)]
    if not found:
        raise ContractError(path, line, f"{what}: unknown rule id '{pattern}'")
    return found


@dataclass
class _Override:
    value: Any
    path: str
    line: int


def apply_profile(ruleset: RuleSet, profile: Profile) -> RuleSet:
    """The rule set the profile selects, with its overrides and conventions applied."""
    ids = [r.id for r in ruleset.rules]
    by_id = ruleset.by_id()
    selected: set[str] = set(ids)
    overrides: dict[str, dict[str, _Override]] = {}
    conventions: dict[str, _Override] = {}
    for prof in profile.chain():
        if prof.include is not None:
            matched = {i for p, line in prof.include for i in _matching(p, ids, prof.path, line, "include")}
            selected = (selected | matched) if prof.parent else matched
        for pattern, line in prof.exclude:
            selected -= set(_matching(pattern, ids, prof.path, line, "exclude"))
        conv = prof.node.get("conventions") or {}
        for name, value in conv.items():
            conventions[name] = _Override(value, prof.path, conv.line_of(name))
        over = prof.node.get("override") or {}
        for pattern, entry in over.items():
            line = over.line_of(pattern)
            if not isinstance(entry, Node):
                raise ContractError(prof.path, line, f"override {pattern}: expected a mapping of severity/parameters")
            glob = any(c in str(pattern) for c in "*?[")
            for rule_id in _matching(pattern, ids, prof.path, line, "override"):
                _check_override_keys(by_id[rule_id], entry)
                for key in _own_keys(by_id[rule_id], entry, glob):
                    overrides.setdefault(rule_id, {})[key] = _Override(entry[key], prof.path, entry.line_of(key))
    rules = [_apply_rule(r, overrides.get(r.id, {}), conventions) for r in ruleset.rules if r.id in selected]
    return RuleSet(rules=rules, templates=ruleset.templates, files=ruleset.files, profile=profile.name)


def _own_keys(rule: RuleSpec, entry: Node, glob: bool) -> list[str]:
    """The override's keys that reach the rule. A narrative rule reads only the parameters it
    declares: overriding another one names it by mistake (refused), unless a glob ("NAR-*")
    spreads the override over rules of which only some have it."""
    if rule.family != "narrative":
        return list(entry)
    keys = []
    for key in entry:
        if key in ("severity", "title") or key in rule.params:
            keys.append(key)
        elif not glob:
            own = ", ".join(sorted(rule.params)) or "none"
            raise ContractError(entry.path, entry.line_of(key),
                                f"override {rule.id}: '{key}' is not a parameter of this rule (its parameters: {own})")
    return keys


def _check_override_keys(rule: RuleSpec, entry: Node) -> None:
    from ..rules import FAMILIES

    family = FAMILIES[rule.family]
    allowed = {"severity", "title", *family.required, *family.optional}
    for key in entry:
        if key not in allowed:
            from .yamlfile import _closest

            hint = _closest(key, allowed)
            extra = f" (did you mean '{hint}'?)" if hint else ""
            raise ContractError(entry.path, entry.line_of(key),
                                f"override {rule.id}: '{key}' is neither severity nor a parameter of family {rule.family}{extra}")
    if "severity" in entry and entry["severity"] not in SEVERITIES:
        raise ContractError(entry.path, entry.line_of("severity"), f"override {rule.id}: severity must be error or warning")
    if "title" in entry:
        title = entry["title"]
        if not isinstance(title, dict) or set(title) != {"zh", "en"} or not all(isinstance(t, str) for t in title.values()):
            raise ContractError(entry.path, entry.line_of("title"), f"override {rule.id}: title needs 'zh' and 'en' texts")


def _resolve(value: Any, conventions: dict[str, _Override], path: str, line: int, rule_id: str) -> Any:
    """Replace "$name" (a whole value or a list item) by the named convention."""
    if isinstance(value, str) and value.startswith("$"):
        name = value[1:]
        if name not in conventions:
            raise ContractError(path, line, f"rule {rule_id}: unknown convention '{value}'")
        return conventions[name].value
    if isinstance(value, list):
        items: list[Any] = []
        for item in value:
            resolved = _resolve(item, conventions, path, line, rule_id)
            if isinstance(item, str) and item.startswith("$") and isinstance(resolved, list):
                items.extend(resolved)
            else:
                items.append(resolved)
        return items
    return value


def _apply_rule(rule: RuleSpec, over: dict[str, _Override], conventions: dict[str, _Override]) -> RuleSpec:
    from ..rules import FAMILIES

    if not over and not any(_uses_convention(v) for v in rule.params.values()):
        return rule
    params = Node()
    params.path, params.line, params.key_lines = rule.source, rule.line, {}
    last_path, last_line = rule.source, rule.line
    for key, value in rule.params.items():
        params[key] = _resolve(value, conventions, rule.source, rule.line, rule.id)
    severity, title = rule.severity, rule.title
    for key, item in over.items():
        if key == "severity":
            severity = item.value
            continue
        if key == "title":
            title = {"zh": item.value["zh"], "en": item.value["en"]}
            continue
        last_path, last_line = item.path, item.line
        params[key] = _resolve(item.value, conventions, item.path, item.line, rule.id)
        params.key_lines[key] = item.line
    FAMILIES[rule.family].validate(rule.id, params, last_path, last_line)
    check_references(rule.family, rule.id, params, last_path, last_line)
    return RuleSpec(
        id=rule.id, family=rule.family, severity=severity, title=title, message=rule.message,
        params=dict(params), source=rule.source, line=rule.line, tables=rule.tables,
        relation=rule.relation,
    )


def _uses_convention(value: Any) -> bool:
    if isinstance(value, str):
        return value.startswith("$")
    if isinstance(value, list):
        return any(_uses_convention(v) for v in value)
    return False


def load_rules(profile: str | None = None) -> RuleSet:
    """The catalogue under a profile (the shipped default when none is named)."""
    loaded = load_profile(profile or DEFAULT_PROFILE)
    ruleset = apply_profile(load_ruleset(), loaded)
    ruleset.profile = loaded.name
    return ruleset

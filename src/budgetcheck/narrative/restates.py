"""Which table cells a narrative claim restates, as checks/tables.yaml declares it
(``narrative.restates``; read by NAR-TAB-001 in ``narrative.tables``).

Each entry's key is a pattern over claim keys whose {placeholders} stand for the names of one
vocabulary list; its cells are [table, row, column] in which a placeholder stands for what the
key held there. The declaration is checked when it is loaded: every table, row and column it can
name, for every value of its placeholders, must be one the table catalogue declares (a line of
an item table, a class code of a coded table, a column of the table's columns), else a
ContractError names the file and line.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ..contracts.tables import Catalogue, load_catalogue
from ..contracts.yamlfile import Node, expect_keys, load_yaml
from ..errors import ContractError

Ref = tuple[str, str, str]  # table kind, row key, column

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
# The value a reader gives the one amount of an item table's line, the count of a headcount
# line, and the 合计 line of a coded or row table (readers.items / headcount / coded / rows).
ITEM_COLUMN, COUNT_COLUMN, TOTAL_ROW = "amount", "count", "total"
_FALSE, _TRUE = ("false", "0", "no"), ("true", "1", "yes")


@dataclass(frozen=True, slots=True)
class Restatement:
    """One entry: the claim keys it covers and the cells they may restate."""

    pattern: re.Pattern[str]
    cells: tuple[Ref, ...]  # templates; with ``by``, the cells of every value in order
    by: str | None = None  # the convention parameter that chooses among ``options``
    options: tuple[tuple[str, tuple[Ref, ...]], ...] = ()
    project: str | None = None  # a funding line of 项目绩效目标表, the project found by name

    def refs(self, match: re.Match[str], params: dict[str, Any]) -> list[Ref]:
        """The cells a matched key may restate under the parameters, most specific first."""
        templates = self.cells
        if self.by is not None:
            chosen = dict(self.options).get(convention_value(params.get(self.by)))
            templates = chosen if chosen is not None else self.cells
        values = match.groupdict()
        return [tuple(_fill(part, values) for part in ref) for ref in templates]  # type: ignore[misc]


def convention_value(value: Any) -> str:
    """A convention parameter as the declaration names its values (true / false / auto …)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value).strip().lower()
    return "false" if text in _FALSE else "true" if text in _TRUE else text


def _fill(template: str, values: dict[str, str]) -> str:
    return _PLACEHOLDER.sub(lambda m: values[m[1]], template)


def placeholder_values(catalogue: Catalogue, narrative: dict[str, Any]) -> dict[str, list[str]]:
    """What each placeholder may stand for: the names of its vocabulary list."""
    sections = narrative.get("sections") or {}
    headcount = catalogue.items.get("headcount") or {}
    return {
        "class": list(catalogue.classes),
        "econ": [str(code) for _, code in sections.get("economic_classes") or []],
        "three_public": list(dict.fromkeys(str(k) for _, k in sections.get("three_public") or [])),
        "headcount_section": [str(k) for k in headcount.get("sections") or {}],
        "headcount_kind": [str(k) for k in headcount.get("kinds") or {}],
        "headcount_total": [str(k) for k in headcount.get("totals") or {}],
        "n": [],  # any number: a project's place in the text
    }


def declared_rows(catalogue: Catalogue, table: str, economic: list[str]) -> set[str]:
    """The row keys the catalogue declares for a table."""
    spec = catalogue.spec(table)
    if spec.layout == "items":
        sides = catalogue.items.get(table) or {}
        rows = {str(key) for side in sides.values() for key in side}
        rows |= {f"{side}.line.{code}" for side in sides for code in catalogue.classes}
        return rows
    if spec.layout == "headcount":
        vocab = catalogue.items.get("headcount") or {}
        kinds = [*vocab.get("kinds", {}), "total"]
        return {f"{s}.{k}" for s in vocab.get("sections", {}) for k in kinds} | set(vocab.get("totals", {}))
    if spec.layout == "coded":
        codes = list(catalogue.classes) if spec.codes == "functional" else economic
        return {TOTAL_ROW, *codes}
    return {TOTAL_ROW}  # a row table (三公): its 合计 line


def declared_columns(catalogue: Catalogue, table: str) -> set[str]:
    """The columns the catalogue declares for a table."""
    spec = catalogue.spec(table)
    if spec.layout == "items":
        return {ITEM_COLUMN} | {key for key, _ in catalogue.columns.get(f"{table}_expense", [])}
    if spec.layout == "headcount":
        return {COUNT_COLUMN}
    return {key for key, _ in catalogue.columns.get(table, [])}


class _Checker:
    """Checks one entry against the table catalogue, naming the file and line of a fault."""

    def __init__(self, catalogue: Catalogue, values: dict[str, list[str]]) -> None:
        self.catalogue = catalogue
        self.values = values
        self.rows: dict[str, set[str]] = {}

    def key(self, node: Node) -> tuple[re.Pattern[str], list[str]]:
        key = node["key"]
        if not isinstance(key, str) or not key:
            raise ContractError(node.path, node.line_of("key"), "restates: key must be text")
        names = _PLACEHOLDER.findall(key)
        for name in names:
            if name not in self.values:
                raise ContractError(node.path, node.line_of("key"),
                                    f"restates: unknown placeholder '{{{name}}}' in '{key}' "
                                    f"(known: {', '.join(sorted(self.values))})")
        if len(set(names)) != len(names):
            raise ContractError(node.path, node.line_of("key"), f"restates: '{key}' repeats a placeholder")
        parts, last = [], 0
        for m in _PLACEHOLDER.finditer(key):
            parts.append(re.escape(key[last:m.start()]))
            choices = self.values[m[1]]
            alternatives = "|".join(re.escape(v) for v in sorted(choices, key=len, reverse=True))
            parts.append(f"(?P<{m[1]}>{alternatives or r'[0-9]+'})")
            last = m.end()
        parts.append(re.escape(key[last:]))
        return re.compile("".join(parts)), names

    def cells(self, node: Node, field: str, raw: Any, names: list[str]) -> tuple[Ref, ...]:
        line = node.line_of(field)
        if not isinstance(raw, list) or not raw:
            raise ContractError(node.path, line, f"restates: {field} must be a list of [table, row, column]")
        refs = []
        for ref in raw:
            if not (isinstance(ref, list) and len(ref) == 3 and all(isinstance(p, str) for p in ref)):
                raise ContractError(node.path, line, f"restates: {ref!r} is not [table, row, column]")
            self.check_ref(tuple(ref), names, node.path, line)  # type: ignore[arg-type]
            refs.append((ref[0], ref[1], ref[2]))
        return tuple(refs)

    def check_ref(self, ref: Ref, names: list[str], path: str, line: int) -> None:
        table, row, column = ref
        if table not in self.catalogue.by_id:
            raise ContractError(path, line, f"restates: no table '{table}' in the table catalogue")
        used = sorted(set(_PLACEHOLDER.findall(row + " " + column)))
        for name in used:
            if name not in names:
                raise ContractError(path, line, f"restates: '{{{name}}}' in {list(ref)} is not in the key")
        rows = self.rows.setdefault(table, declared_rows(self.catalogue, table, self.values["econ"]))
        columns = declared_columns(self.catalogue, table)
        for combination in itertools.product(*(self.values[n] for n in used)):
            values = dict(zip(used, combination, strict=True))
            if _fill(row, values) not in rows:
                raise ContractError(path, line, f"restates: table '{table}' declares no row "
                                                f"'{_fill(row, values)}'")
            if _fill(column, values) not in columns:
                raise ContractError(path, line, f"restates: table '{table}' declares no column "
                                                f"'{_fill(column, values)}'")


def _entry(node: Any, checker: _Checker, params: set[str]) -> Restatement:
    expect_keys(node, {"key", "cells", "by", "project"}, {"key"}, "restates entry")
    pattern, names = checker.key(node)
    if "project" in node:
        funding = (checker.catalogue.items.get("targets") or {}).get("funding") or {}
        if node["project"] not in funding or "cells" in node or "by" in node:
            raise ContractError(node.path, node.line_of("project"),
                                f"restates: project must be one of the funding lines "
                                f"{sorted(funding)} of items.targets, alone")
        return Restatement(pattern, (), project=str(node["project"]))
    if "cells" not in node:
        raise ContractError(node.path, node.line, "restates entry needs cells or project")
    if "by" not in node:
        return Restatement(pattern, checker.cells(node, "cells", node["cells"], names))
    if node["by"] not in params:
        raise ContractError(node.path, node.line_of("by"),
                            f"restates: by names no parameter of NAR-TAB-001 ({', '.join(sorted(params))})")
    options = node["cells"]
    if not isinstance(options, Node) or not options:
        raise ContractError(node.path, node.line_of("cells"),
                            "restates: with by, cells maps each value of the convention to its cells")
    chosen = tuple((convention_value(value), checker.cells(options, value, refs, names))
                   for value, refs in options.items())
    every = tuple(dict.fromkeys(ref for _, refs in chosen for ref in refs))
    return Restatement(pattern, every, by=str(node["by"]), options=chosen)


@cache
def load_restatements(path: str | None = None) -> tuple[Restatement, ...]:
    """The declared restatements of checks/tables.yaml (or the given file), checked."""
    from ..contracts.paths import checks_dir
    from .catalogue import load_catalogue as load_rules

    file = Path(path) if path else checks_dir() / "tables.yaml"
    root = load_yaml(file)
    catalogue = load_catalogue(Path(path) if path else None)
    narrative = root.get("narrative") or {}
    entries = narrative.get("restates")
    if not isinstance(entries, list):
        raise ContractError(str(file), narrative.line_of("restates") if isinstance(narrative, Node) else None,
                            "narrative.restates must be a list of entries")
    rule = load_rules().get("NAR-TAB-001") or {}
    params = set(rule.get("params") or {})
    checker = _Checker(catalogue, placeholder_values(catalogue, narrative))
    return tuple(_entry(node, checker, params) for node in entries)


def restated_by(key: str, params: dict[str, Any],
                entries: tuple[Restatement, ...] | None = None) -> tuple[Restatement | None, list[Ref]]:
    """The entry covering a claim key (the first whose key matches) and its cells."""
    for entry in entries if entries is not None else load_restatements():
        match = entry.pattern.fullmatch(key)
        if match:
            return entry, entry.refs(match, params)
    return None, []

"""The table catalogue (checks/tables.yaml): how each table is recognised and mapped."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

from ..amounts import Precision
from ..errors import ContractError
from .paths import checks_dir
from .yamlfile import Node, expect_keys, load_yaml

LAYOUTS = {"items", "coded", "rows", "targets", "headcount"}


@dataclass(frozen=True)
class TableSpec:
    id: str
    number: int
    name_zh: str
    name_en: str
    layout: str
    codes: str | None
    title: tuple[str, ...]
    signature: tuple[str, ...]
    required_rows: tuple[str, ...]
    optional: bool


@dataclass(frozen=True)
class UnitSpec:
    """A table's unit of account: its factor to 万元 and the least decimals of its figures."""

    name: str
    scale: Decimal
    decimals: int


@dataclass(frozen=True)
class Domain:
    """What a budget figure can be (checks/tables.yaml precision): beyond it a cell is reported
    (STR-020, STR-021) instead of being computed with."""

    amount_max: Decimal = Decimal(10) ** 11
    amount_max_decimals: int = 6
    count_max: Decimal = Decimal(10) ** 7


@dataclass
class Catalogue:
    """Everything the readers need to know about the table set."""

    tables: list[TableSpec]
    columns: dict[str, list[tuple[str, list[re.Pattern[str]]]]]
    items: dict[str, Any]
    classes: dict[str, str]
    amount: Precision
    count: Precision
    path: str = ""
    final_group: str = "决算数"
    domain: Domain = field(default_factory=lambda: Domain())
    by_id: dict[str, TableSpec] = field(default_factory=dict)
    units: dict[str, UnitSpec] = field(default_factory=dict)
    # table column -> {zh, en} label, for the narrative vocabulary entries that name a column
    column_labels: dict[str, dict[str, str]] = field(default_factory=dict)

    def spec(self, table_id: str) -> TableSpec:
        return self.by_id[table_id]


def _patterns(node: Any, where: str, path: str, line: int) -> list[re.Pattern[str]]:
    if not isinstance(node, list) or not all(isinstance(p, str) for p in node):
        raise ContractError(path, line, f"{where}: expected a list of patterns")
    try:
        return [re.compile(p) for p in node]
    except re.error as exc:
        raise ContractError(path, line, f"{where}: bad pattern ({exc})") from None


def _precision(node: Node) -> Precision:
    expect_keys(node, {"decimals", "blank", "exact"}, set(), "precision")
    blank = node.get("blank", "exact")
    if blank not in ("exact", "rounded"):
        raise ContractError(node.path, node.line_of("blank"), "blank must be 'exact' or 'rounded'")
    return Precision(
        decimals=int(node.get("decimals", 0)),
        exact=bool(node.get("exact", False)),
        blank_exact=blank == "exact",
    )


@cache
def load_catalogue(path: Path | None = None) -> Catalogue:
    path = path or checks_dir() / "tables.yaml"
    root = load_yaml(path)
    expect_keys(
        root,
        {"version", "precision", "units", "tables", "columns", "items", "functional_classes",
         "final_accounts_group", "narrative"},
        {"tables", "columns", "items"},
        "table catalogue",
    )
    tables = []
    for node in root["tables"]:
        expect_keys(
            node,
            {"id", "number", "name", "layout", "codes", "title", "signature", "required", "optional"},
            {"id", "number", "name", "layout", "title"},
            f"table '{node.get('id', '?')}'",
        )
        if node["layout"] not in LAYOUTS:
            raise ContractError(node.path, node.line_of("layout"), f"unknown layout '{node['layout']}'")
        tables.append(
            TableSpec(
                id=node["id"],
                number=int(node["number"]),
                name_zh=node["name"]["zh"],
                name_en=node["name"]["en"],
                layout=node["layout"],
                codes=node.get("codes"),
                title=tuple(p.pattern for p in _patterns(node["title"], f"table {node['id']} title",
                                                          str(path), node.line_of("title"))),
                signature=tuple(node.get("signature", ())),
                required_rows=tuple(node.get("required", ())),
                optional=bool(node.get("optional", False)),
            )
        )
    columns = {}
    for table_id, mapping in root["columns"].items():
        columns[table_id] = [
            (key, _patterns(pats, f"columns.{table_id}.{key}", str(path), mapping.line_of(key)))
            for key, pats in mapping.items()
        ]
    precision = root.get("precision") or {}
    if isinstance(precision, Node):
        expect_keys(precision, {"amount", "count", "amount_max", "amount_max_decimals", "count_max"},
                    set(), "precision")
    catalogue = Catalogue(
        tables=tables,
        columns=columns,
        items=root["items"],
        classes={str(k): v for k, v in (root.get("functional_classes") or {}).items()},
        amount=_precision(precision["amount"]) if "amount" in precision else Precision(2),
        count=_precision(precision["count"]) if "count" in precision else Precision(0, exact=True),
        path=str(path),
        final_group=str(root.get("final_accounts_group", "决算数")),
        domain=Domain(
            amount_max=Decimal(str(precision.get("amount_max", Domain.amount_max))),
            amount_max_decimals=int(precision.get("amount_max_decimals", Domain.amount_max_decimals)),
            count_max=Decimal(str(precision.get("count_max", Domain.count_max))),
        ),
    )
    # a figure beyond the domain (STR-020) is measured in the unit of its table
    catalogue.amount = replace(catalogue.amount, limit=catalogue.domain.amount_max)
    catalogue.count = replace(catalogue.count, limit=catalogue.domain.count_max)
    catalogue.by_id = {t.id: t for t in tables}
    catalogue.units = _units(root.get("units") or {})
    catalogue.column_labels = _column_labels(root.get("narrative") or {})
    return catalogue


def _column_labels(narrative: Any) -> dict[str, dict[str, str]]:
    """What ``narrative.vocabulary.column_labels`` reads, from the file already parsed here: a
    report that names a 三公 column would otherwise parse tables.yaml again (once per process,
    in every batch worker)."""
    return {entry["column"]: {"zh": entry["label"], "en": entry.get("en", entry["label"])}
            for entry in narrative.get("subjects") or () if "column" in entry}


def _units(node: Any) -> dict[str, UnitSpec]:
    units = {}
    for name, spec in node.items():
        expect_keys(spec, {"scale", "decimals"}, {"scale", "decimals"}, f"unit '{name}'")
        try:
            scale = Decimal(str(spec["scale"]))
        except InvalidOperation:
            raise ContractError(spec.path, spec.line_of("scale"), f"unit '{name}': scale is not a number") from None
        units[str(name)] = UnitSpec(str(name), scale, int(spec["decimals"]))
    return units


def compiled_items(mapping: Node, path: str) -> list[tuple[str, list[re.Pattern[str]]]]:
    return [(key, _patterns(p, key, path, mapping.line_of(key))) for key, p in mapping.items()]

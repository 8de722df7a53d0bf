"""Accepted explanations (--explanations FILE.yaml): known exceptions a finance bureau accepted.

    version: 1
    explanations:
      - rule: X-013                       # a rule id of the catalogue
        cell: "'6 一般公共预算基本支出表'!C20"  # or table: basic (one of the two)
        reason: 接待费含项目支出部分，已核实
        accepted_by: 市财政局预算科
        date: 2024-03-01                  # optional
        file: "*医疗保障*.xlsx"            # optional: only submissions whose path or name matches

A finding that an explanation matches keeps its place in the report with ``explained`` set and
no longer counts toward the gate. An explanation that matches no finding of a submission it
applies to is reported there under rule EXPL-001, located at its line of the explanations file.
"""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass
from typing import Any

from ..contracts.rules import RuleSet
from ..contracts.yamlfile import Node, expect_keys, load_yaml
from ..errors import ContractError
from ..model import Finding

UNUSED_RULE = "EXPL-001"
ENTRY_KEYS = {"rule", "cell", "table", "reason", "accepted_by", "date", "file"}
EXTRA_TABLES = {"narrative"}


@dataclass
class Explanation:
    rule: str
    cell: str | None
    table: str | None
    reason: str
    accepted_by: str
    date: str | None
    file: str | None
    path: str
    line: int

    def target(self) -> str:
        return self.cell or f"table {self.table}"

    def applies_to(self, submission_path: str) -> bool:
        if self.file is None:
            return True
        return fnmatch.fnmatch(submission_path, self.file) or fnmatch.fnmatch(os.path.basename(submission_path), self.file)

    def matches(self, finding: Finding) -> bool:
        if finding.rule != self.rule:
            return False
        if self.cell is not None:
            return _cell_key(self.cell) in {_cell_key(c) for c in finding.cells}
        return finding.table == self.table

    def as_explained(self) -> dict[str, Any]:
        item: dict[str, Any] = {"reason": self.reason, "accepted_by": self.accepted_by}
        if self.date:
            item["date"] = self.date
        item["source"] = f"{self.path}:{self.line}"
        return item


def _cell_key(ref: str) -> tuple[str, str]:
    """('sheet', 'C7') from "'sheet'!C7" or "sheet!C7" (quotes and case of the cell ignored)."""
    sheet, _, cell = ref.rpartition("!")
    sheet = sheet.strip()
    if len(sheet) >= 2 and sheet[0] == sheet[-1] == "'":
        sheet = sheet[1:-1].replace("''", "'")
    return sheet, cell.strip().replace("$", "").upper()


def load_explanations(path: str, known_rules: set[str], known_tables: set[str]) -> list[Explanation]:
    """Read and check an explanations file; refuse anything wrong with file:line."""
    root = load_yaml(path)
    if root is None:
        return []
    if not isinstance(root, Node):
        raise ContractError(path, 1, "an explanations file is a mapping with the key 'explanations' (a list)")
    if root.get("version", 1) != 1:
        raise ContractError(path, root.line_of("version"), "version must be 1")
    expect_keys(root, {"version", "explanations"}, {"explanations"}, "explanations file")
    entries = root["explanations"]
    if not isinstance(entries, list):
        raise ContractError(path, root.line_of("explanations"), "explanations must be a list")
    found = []
    for entry in entries:
        if not isinstance(entry, Node):
            raise ContractError(path, root.line_of("explanations"), "each explanation must be a mapping")
        found.append(_entry(entry, path, known_rules, known_tables))
    return found


def _text(entry: Node, key: str, path: str) -> str | None:
    value = entry.get(key)
    if value is None:
        return None
    if isinstance(value, (dict, list)) or str(value).strip() == "":
        raise ContractError(path, entry.line_of(key), f"explanation: '{key}' must be a non-empty text")
    return str(value)


def _is_date(text: str) -> bool:
    from datetime import date

    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


def _entry(entry: Node, path: str, known_rules: set[str], known_tables: set[str]) -> Explanation:
    expect_keys(entry, ENTRY_KEYS, {"rule", "reason", "accepted_by"}, "explanation")
    rule = _text(entry, "rule", path) or ""
    if rule not in known_rules:
        raise ContractError(path, entry.line_of("rule"), f"explanation: unknown rule id '{rule}'")
    cell, table = _text(entry, "cell", path), _text(entry, "table", path)
    if (cell is None) == (table is None):
        raise ContractError(path, entry.line, "explanation: give either 'cell' or 'table'")
    if cell is not None and (not _cell_key(cell)[0] or not _cell_key(cell)[1]):
        raise ContractError(path, entry.line_of("cell"), f"explanation: cell '{cell}' is not a sheet!A1 reference")
    if table is not None and table not in known_tables:
        raise ContractError(path, entry.line_of("table"), f"explanation: unknown table '{table}'")
    date = _text(entry, "date", path)
    if date is not None and not _is_date(date):
        raise ContractError(path, entry.line_of("date"), f"explanation: date '{date}' is not a date (YYYY-MM-DD)")
    return Explanation(
        rule=rule, cell=cell, table=table,
        reason=_text(entry, "reason", path) or "", accepted_by=_text(entry, "accepted_by", path) or "",
        date=date, file=_text(entry, "file", path), path=path, line=entry.line,
    )


def explain(findings: list[Finding], submission_path: str, explanations: list[Explanation],
            ruleset: RuleSet) -> list[Finding]:
    """Mark explained findings; append an EXPL-001 finding per explanation that matched nothing."""
    unused_rule = ruleset.by_id().get(UNUSED_RULE)
    extra: list[Finding] = []
    for item in explanations:
        if not item.applies_to(submission_path):
            continue
        hits = [f for f in findings if item.matches(f)]
        for finding in hits:
            finding.explained = item.as_explained()
        if not hits and unused_rule is not None:
            extra.append(Finding(
                rule=UNUSED_RULE, severity=unused_rule.severity,  # type: ignore[arg-type]
                table="explanations", cells=[], expected="≥1", actual="0",  # matching findings
                args={"line": item.line, "target_rule": item.rule, "target": item.target(), "file": item.path},
                location={"file": item.path, "line": item.line, "sentence": item.reason},
            ))
    return [*findings, *extra]

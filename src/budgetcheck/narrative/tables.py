"""Claims against the workbook: each claim that restates a table cell is compared with it.

Which cells a claim key may restate is declared in checks/tables.yaml (``narrative.restates``,
read by ``narrative.restates``): cells tried in order, a convention (收入预算总额 = 收入总计 or
本年收入合计) naming its alternatives, or a project's funding line in 项目绩效目标表. A claim
agreeing with any of its cells the workbook has is matched; else it is compared with the first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..model import Cell, Finding, Submission, Table
from .claims import Claim
from .document import Document
from .findings import amount, finding, intersects, rule_params, text
from .projects import name_similarity
from .restates import Ref, restated_by


@dataclass(slots=True)
class Match:
    claim: Claim
    cell: Cell | None
    ref: Ref | None
    agrees: bool


def candidates(claim: Claim, params: dict[str, Any]) -> list[Ref]:
    """The cells a claim may restate, most specific first (as checks/tables.yaml declares)."""
    return restated_by(claim.key, rule_params("NAR-TAB-001", params))[1]


def _table_row(table: Table, row_key: str) -> Any:
    row = table.row(row_key)
    if row is None and table.kind == "three_public" and row_key == "total" \
            and len(table.rows) == 1:
        row = table.rows[0]  # a single unit without a 合计 row
    return row


def _cell(submission: Submission, ref: Ref) -> Cell | None:
    table = submission.tables.get(ref[0])
    if table is None or table.empty:
        return None
    row = _table_row(table, ref[1])
    return row.cells.get(ref[2]) if row is not None else None


def _target_cell(claim: Claim, line: str, submission: Submission,
                 params: dict[str, Any]) -> Cell | None:
    """A project's funding line in the workbook's 项目绩效目标表, found by project name."""
    from ..readers.targets import projects

    table = submission.tables.get("targets")
    if table is None or not claim.project:
        return None
    named = [p for p in projects(table) if line in p.funding]
    best = max(named, key=lambda p: name_similarity(p.name, claim.project or ""), default=None)
    least = float(params["project_name_min_similarity"])
    if best is None or name_similarity(best.name, claim.project) < least:
        return None
    return best.funding[line].cells.get("amount")


def _cells(claim: Claim, submission: Submission,
           params: dict[str, Any]) -> list[tuple[Ref | None, Cell]]:
    """The cells the workbook has of those the claim may restate, most specific first."""
    entry, refs = restated_by(claim.key, params)
    found: list[tuple[Ref | None, Cell]] = []
    for ref in refs:
        cell = _cell(submission, ref)
        if cell is not None:
            found.append((ref, cell))
    if entry is not None and entry.project is not None:
        cell = _target_cell(claim, entry.project, submission, params)
        if cell is not None:
            found.append((None, cell))
    return found


def match_claims(claims: list[Claim], submission: Submission,
                 params: dict[str, Any] | None = None) -> list[Match]:
    """Every claim that restates a cell, with the cell and whether they agree."""
    merged = rule_params("NAR-TAB-001", params)
    matches: list[Match] = []
    for claim in claims:
        found = _cells(claim, submission, merged)
        if not found:
            continue
        value = amount(claim.value, merged)
        if claim.unit == "人":
            value = claim.value.amount(exact=True)
        agreeing = [(r, c) for r, c in found if intersects(value, c.amount)]
        ref, cell = agreeing[0] if agreeing else found[0]
        matches.append(Match(claim, cell, ref, bool(agreeing)))
    return matches


def match_claims_to_tables(claims: list[Claim], submission: Submission,
                           params: dict[str, Any] | None = None,
                           file: str | None = None,
                           document: Document | None = None) -> list[Finding]:
    """NAR-TAB-001 for every claim that differs from the table cell it restates; a finding's
    location names the document's file (``file`` when given) and page."""
    findings: list[Finding] = []
    for m in match_claims(claims, submission, params):
        if m.agrees or m.cell is None:
            continue
        f = finding("NAR-TAB-001", m.claim, text(m.cell.value), m.claim.value.text,
                    cells=[m.cell.ref], cell=m.cell.ref,
                    table_kind=m.ref[0] if m.ref else "targets")
        if f.location is not None:
            if document is not None:
                document.locate(f.location, f.args)
            if file is not None or document is None:
                f.location["file"] = file
        findings.append(f)
    return findings


__all__ = ["Match", "candidates", "match_claims", "match_claims_to_tables"]

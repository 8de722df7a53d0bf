"""Claims against the workbook: each claim that restates a table cell is compared with it.

A claim key maps to candidate cells (table kind, row key, column), tried in order; the first
cell that exists is the one restated, except where a convention lets either of two cells be
meant (收入预算总额 = 收入总计 or 本年收入合计): then a claim agreeing with any candidate matches.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..model import Cell, Finding, Submission, Table
from .claims import Claim
from .document import Document
from .findings import amount, finding, intersects, rule_params, text
from .projects import name_similarity

Ref = tuple[str, str, str]  # table kind, row key, column

INCOME_ROWS = {"fiscal": "income.fiscal", "fiscal_general": "income.fiscal.general",
               "fiscal_fund": "income.fiscal.fund", "fiscal_soe": "income.fiscal.soe",
               "carryover": "income.carryover", "balance_used": "income.balance_used",
               "current_total": "income.current_total"}
THREE_PUBLIC_COLUMNS = ("abroad", "reception", "vehicle", "vehicle_purchase",
                        "vehicle_operation", "total")


@dataclass(slots=True)
class Match:
    claim: Claim
    cell: Cell | None
    ref: Ref | None
    agrees: bool


def candidates(claim: Claim, params: dict[str, Any]) -> list[Ref]:
    """The cells a claim may restate, most specific first."""
    key = claim.key
    parts = key.split(".")
    if key == "income.total":
        convention = str(params.get("income_total_includes_carryover", "auto")).lower()
        grand = [("summary", "income.grand_total", "amount"), ("income", "total", "total")]
        current = [("summary", "income.current_total", "amount")]
        if convention in ("false", "0", "no"):
            return current
        return grand + current if convention == "auto" else grand
    if parts[0] == "income":
        row = INCOME_ROWS.get(parts[1], f"income.{parts[1]}")
        return [("summary", row, "amount"), ("income", "total", parts[1])]
    if parts[0] == "expense":
        return _expense(parts)
    if parts[0] == "fiscal":
        return _fiscal(parts)
    if key == "office_cost":
        return [("basic", "total", "public")]
    if parts[0] == "three_public" and parts[1] in THREE_PUBLIC_COLUMNS:
        return [("three_public", "total", parts[1])]
    if parts[0] == "headcount":
        return [("headcount", ".".join(parts[1:]), "count")]
    return []


def _expense(parts: list[str]) -> list[Ref]:
    if parts[1] == "total":
        return [("summary", "expense.current_total", "amount"),
                ("expenditure", "total", "total")]
    if parts[1] in ("basic", "project") and len(parts) == 2:
        return [("expenditure", "total", parts[1])]
    if parts[1] == "func":
        return [("expenditure", parts[2], "total"), ("summary", f"expense.line.{parts[2]}",
                                                      "amount")]
    return []


def _fiscal(parts: list[str]) -> list[Ref]:
    if parts[1] == "total":
        return [("fiscal", "expense.current_total", "total"), ("general", "total", "total")]
    if parts[1] in ("basic", "project") and len(parts) == 2:
        return [("general", "total", parts[1])]
    if parts[1] == "func":
        return [("general", parts[2], "total"), ("fiscal", f"expense.line.{parts[2]}", "total")]
    if parts[1:3] == ["basic", "econ"]:
        return [("basic", parts[3], "total")]
    if parts[1:] == ["basic", "personnel"] or parts[1:] == ["basic", "public"]:
        return [("basic", "total", parts[2])]
    return []


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


def _target_cell(claim: Claim, submission: Submission) -> Cell | None:
    """A project's amount in the workbook's 项目绩效目标表, found by project name."""
    from ..readers.targets import projects

    table = submission.tables.get("targets")
    if table is None or not claim.project:
        return None
    named = [p for p in projects(table) if "total" in p.funding]
    best = max(named, key=lambda p: name_similarity(p.name, claim.project or ""), default=None)
    if best is None or name_similarity(best.name, claim.project) < 0.5:
        return None
    return best.funding["total"].cells.get("amount")


def match_claims(claims: list[Claim], submission: Submission,
                 params: dict[str, Any] | None = None) -> list[Match]:
    """Every claim that restates a cell, with the cell and whether they agree."""
    merged = rule_params("NAR-TAB-001", params)
    matches: list[Match] = []
    for claim in claims:
        found: list[tuple[Ref | None, Cell]] = []
        for ref in candidates(claim, merged):
            cell = _cell(submission, ref)
            if cell is not None:
                found.append((ref, cell))
        if claim.key.endswith(".annual") or claim.key.endswith(".total") and \
                claim.key.startswith("target."):
            cell = _target_cell(claim, submission)
            if cell is not None:
                found.append((None, cell))
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
                document.locate(f.location)
            if file is not None or document is None:
                f.location["file"] = file
        findings.append(f)
    return findings


__all__ = ["Match", "candidates", "match_claims", "match_claims_to_tables"]

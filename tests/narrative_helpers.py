"""Hand-built Submission objects for the narrative tests."""

from __future__ import annotations

from budgetcheck.amounts import Precision, parse_decimal, to_amount
from budgetcheck.model import Cell, Row, Submission, Table

AMOUNT = Precision(decimals=2)
COUNT = Precision(decimals=0, exact=True)


def table(kind: str, rows: dict[str, dict[str, object]], precision: Precision = AMOUNT) -> Table:
    columns = sorted({c for cells in rows.values() for c in cells})
    built = []
    for r, (key, cells) in enumerate(rows.items(), start=5):
        built.append(Row(key, key, 1, {
            col: Cell(kind, r, columns.index(col) + 2, raw,
                      to_amount(parse_decimal(raw), precision))
            for col, raw in cells.items()}, r))
    return Table(kind, kind, kind, columns, built)


def seed002_submission() -> Submission:
    """The tables of seed 002 (上饶市医疗保障服务中心 2024), as the reader would give them."""
    tables = {
        "summary": table("summary", {
            "income.fiscal": {"amount": "876.74"}, "income.fiscal.general": {"amount": "876.74"},
            "income.current_total": {"amount": "876.74"}, "income.carryover": {"amount": "209.81"},
            "income.grand_total": {"amount": "1,086.56"},
            "expense.line.210": {"amount": "1,086.56"},
            "expense.current_total": {"amount": "1,086.56"},
            "expense.grand_total": {"amount": "1,086.56"}}),
        "income": table("income", {"total": {"total": "1,086.56", "carryover": "209.81",
                                             "fiscal": "876.74"}}),
        "expenditure": table("expenditure", {
            "total": {"total": "1,086.56", "basic": "743.05", "project": "343.50"},
            "210": {"total": "1,086.56", "basic": "743.05", "project": "343.50"}}),
        "fiscal": table("fiscal", {"expense.current_total": {"total": "876.74"},
                                   "expense.line.210": {"total": "876.74"}}),
        "general": table("general", {
            "total": {"total": "876.74", "basic": "697.15", "project": "179.59"},
            "210": {"total": "876.74", "basic": "697.15", "project": "179.59"}}),
        "basic": table("basic", {
            "total": {"total": "697.15", "personnel": "591.39", "public": "105.76"},
            "301": {"total": "591.28"}, "302": {"total": "92.04"}, "303": {"total": "0.11"},
            "310": {"total": "13.72"}}),
        "three_public": table("three_public", {
            "307002": {"total": "5.00", "reception": "5.00", "abroad": None,
                       "vehicle_purchase": None, "vehicle_operation": None}}),
        "headcount": table("headcount", {
            "establishment.total": {"count": 26},
            "establishment.civil_servant_managed": {"count": 26},
            "actual.total": {"count": 30}, "serving.total": {"count": 24},
            "serving.civil_servant_managed": {"count": 24}, "retired": {"count": 6}}, COUNT),
    }
    return Submission("shangrao_2024_unit_budget.xlsx", "0" * 64, tables)

"""Building findings and the interval arithmetic the narrative rules share."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..amounts import Amount, fmt, half_unit, sum_amounts
from ..model import Finding
from .claims import Claim, Stated

DEFAULT_PARAMS: dict[str, Any] = {
    # does 收入预算总额 include 上年结转 (and 使用非财政拨款结余)? auto: either reading passes
    "income_total_includes_carryover": "auto",
    # does 实有人数 include 离休/退休? auto: follow what the document's numbers show
    "actual_includes_retirees": "auto",
    # a stated 0 means nothing is budgeted, not 0 ± 0.5
    "zero_is_exact": True,
    # project names in the overview and the target table agree at least this much
    "project_name_min_similarity": 0.5,
    # least decimals a narrative figure is taken to carry: 0 reads "5万元" as 5 ± 0.5; a profile
    # that knows its narratives drop trailing zeros of 2-decimal 万元 amounts may say 2
    "min_decimals": 0,
}

SEVERITY = {
    "NAR-SUM-001": "error", "NAR-SUM-002": "error", "NAR-CHG-001": "error",
    "NAR-PCT-001": "error", "NAR-SIGN-001": "error", "NAR-SAME-001": "error",
    "NAR-BAL-001": "error", "NAR-RATE-001": "error", "NAR-HC-001": "error",
    "NAR-HC-002": "error", "NAR-HC-003": "error", "NAR-HC-004": "error",
    "NAR-PRJ-001": "error", "NAR-PRJ-002": "warning", "NAR-TAB-001": "error",
    "NAR-SHARE-001": "error", "NAR-EMPTY-001": "warning", "NAR-UNIT-001": "error",
}


def merged_params(params: dict[str, Any] | None) -> dict[str, Any]:
    merged = dict(DEFAULT_PARAMS)
    merged.update(params or {})
    return merged


def amount(value: Stated, params: dict[str, Any]) -> Amount:
    exact = bool(params.get("zero_is_exact")) and value.value == 0
    if exact:
        return value.amount(exact=True)
    decimals = max(value.decimals, int(params.get("min_decimals", 0)))
    return Amount(value.value, half_unit(decimals))


def text(value: Decimal | Amount) -> str:
    return fmt(value.value if isinstance(value, Amount) else value)


def intersects(a: Amount, b: Amount) -> bool:
    return a.low <= b.high and b.low <= a.high


def total_of(amounts: list[Amount]) -> Amount:
    return sum_amounts(amounts)


def finding(rule: str, claim: Claim, expected: str, actual: str,
            cells: list[str] | None = None, **args: Any) -> Finding:
    # the file is filled in by check_narrative, which knows the document
    location = {"file": None, "line": claim.line, "sentence": claim.sentence.text}
    args.setdefault("subject", claim.label)
    args.setdefault("line", claim.line)
    args.update(expected=expected, actual=actual)
    return Finding(rule=rule, severity=SEVERITY[rule], table="narrative", cells=cells or [],
                   expected=expected, actual=actual, args=args, location=location)

"""Building findings on claims, and each narrative rule's own parameters."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..amounts import Amount, fmt, half_unit
from ..model import Finding
from .catalogue import load_catalogue
from .claims import Claim, Stated


def rule_params(rule: str, override: dict[str, Any] | None = None) -> dict[str, Any]:
    """One rule's parameters: its defaults in checks/narrative.yaml, then the override for that
    rule alone (a profile's). No rule sees another rule's parameters."""
    own = dict(load_catalogue()[rule].get("params") or {})
    own.update(override or {})
    return own


def amount(value: Stated, params: dict[str, Any]) -> Amount:
    """A stated figure as an interval under a rule's parameters: a stated 0 is exact unless the
    rule says zero_is_exact: false; else v ± ½·10^-d, d at least min_decimals."""
    if value.value == 0 and params.get("zero_is_exact", True):
        return value.amount(exact=True)
    decimals = max(value.decimals, int(params.get("min_decimals", 0)))
    if value.decimals < 0:
        decimals = value.decimals  # 亿元 scaled to 万元: its interval is of the printed unit
    return Amount(value.value, half_unit(decimals))


def text(value: Decimal | Amount) -> str:
    return fmt(value.value if isinstance(value, Amount) else value)


def intersects(a: Amount, b: Amount) -> bool:
    return a.low <= b.high and b.low <= a.high


def finding(rule: str, claim: Claim, expected: str, actual: str,
            cells: list[str] | None = None, **args: Any) -> Finding:
    # the file is filled in by check_narrative, which knows the document
    location = {"file": None, "line": claim.line, "sentence": claim.sentence.text}
    args.setdefault("subject", claim.label)
    args.setdefault("line", claim.line)
    args.update(expected=expected, actual=actual)
    return Finding(rule=rule, severity=load_catalogue()[rule]["severity"], table="narrative",
                   cells=cells or [], expected=expected, actual=actual, args=args,
                   location=location)

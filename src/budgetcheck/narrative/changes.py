"""Rules on one claim or a pair of claims: year-on-year change, percentage, direction words,
completion rate, the same quantity stated twice, and income balancing expenditure."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..amounts import Amount, sum_holds
from ..model import Finding
from .claims import Claim, is_up
from .findings import amount, finding, intersects, text

HUNDRED = Decimal(100)


def _ratio(num: Amount, den: Amount) -> Amount | None:
    """num ÷ den × 100 as an interval; None when the denominator may be zero or negative."""
    if den.low <= 0:
        return None
    corners = [n / d * HUNDRED for n in (num.low, num.high) for d in (den.low, den.high)]
    low, high = min(corners), max(corners)
    return Amount((low + high) / 2, (high - low) / 2)


def _last_year(claim: Claim, params: dict[str, Any]) -> Amount | None:
    if claim.last is not None:
        return amount(claim.last, params)
    if claim.change is None:
        return None
    value, change = amount(claim.value, params), amount(claim.change, params)
    return Amount(value.value - change.value, value.half_width + change.half_width)


def _check_change(claim: Claim, params: dict[str, Any], out: list[Finding]) -> None:
    if claim.last is not None and claim.change is not None:
        value = amount(claim.value, params)
        parts = [amount(claim.last, params), amount(claim.change, params)]
        if not sum_holds(value, parts):
            implied = claim.value.value - claim.change.value
            out.append(finding("NAR-CHG-001", claim, claim.last.text, text(implied),
                               change=text(claim.change.value)))
    if claim.pct is None:
        return
    if claim.change_word and claim.pct_word and is_up(claim.change_word) != is_up(claim.pct_word):
        return  # NAR-SIGN-001 reports the contradiction; the magnitude is checked unsigned
    last = _last_year(claim, params)
    if last is None:
        return
    if claim.change is not None:
        change = amount(claim.change, params)
    else:
        value = amount(claim.value, params)
        change = Amount(value.value - last.value, value.half_width + last.half_width)
    ratio = _ratio(change, last)
    if ratio is None:
        return
    if not intersects(ratio, amount(claim.pct, params)):
        computed = (change.value / last.value * HUNDRED).quantize(Decimal(1).scaleb(
            -max(claim.pct.decimals, 2)))
        out.append(finding("NAR-PCT-001", claim, f"{text(computed)}%",
                           f"{text(claim.pct.value)}%", change=text(change.value),
                           last=text(last.value)))


def _check_words(claim: Claim, params: dict[str, Any], out: list[Finding]) -> None:
    if claim.last is not None and claim.change_word and claim.change is None:
        return
    if claim.compare_word and claim.budget is not None:
        value, budget = amount(claim.value, params), amount(claim.budget, params)
        word = claim.compare_word
        holds = {"大于": value.high > budget.low, "小于": value.low < budget.high}.get(
            word, intersects(value, budget))
        if not holds:
            out.append(finding("NAR-SIGN-001", claim, text(claim.budget.value),
                               text(claim.value.value), word=word, other="决算数/预算数"))


def _check_rate(claim: Claim, params: dict[str, Any], out: list[Finding]) -> None:
    if claim.rate is None or claim.budget is None:
        return
    ratio = _ratio(amount(claim.value, params), amount(claim.budget, params))
    if ratio is not None and not intersects(ratio, amount(claim.rate, params)):
        computed = (claim.value.value / claim.budget.value * HUNDRED).quantize(Decimal("0.01"))
        out.append(finding("NAR-RATE-001", claim, f"{text(computed)}%",
                           f"{text(claim.rate.value)}%", budget=text(claim.budget.value),
                           final=text(claim.value.value)))


def _check_same(claims: list[Claim], params: dict[str, Any], out: list[Finding]) -> None:
    seen: dict[str, Claim] = {}
    for claim in claims:
        first = seen.setdefault(claim.key, claim)
        if first is claim:
            continue
        same = intersects(amount(first.value, params), amount(claim.value, params))
        if same and first.change is not None and claim.change is not None:
            same = intersects(amount(first.change, params), amount(claim.change, params))
        if not same:
            out.append(finding("NAR-SAME-001", claim, first.value.text, claim.value.text,
                               first_line=first.line))


def _check_balance(claims: list[Claim], params: dict[str, Any], out: list[Finding]) -> None:
    income = next((c for c in claims if c.key == "income.total"), None)
    expense = next((c for c in claims if c.key == "expense.total"), None)
    if income and expense and not intersects(amount(income.value, params),
                                             amount(expense.value, params)):
        out.append(finding("NAR-BAL-001", expense, income.value.text, expense.value.text,
                           income_line=income.line))


def check_changes(claims: list[Claim], params: dict[str, Any]) -> list[Finding]:
    out: list[Finding] = []
    for claim in claims:
        _check_words(claim, params, out)
    _check_balance(claims, params, out)
    return out

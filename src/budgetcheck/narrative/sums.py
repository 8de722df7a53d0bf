"""Sum relations among claims: a whole and the parts listed after it, and their changes.

Values are compared as rounding intervals (a stated v with d decimals is v ± ½·10^-d), so a
total that differs from its parts by what rounding explains passes. Changes against last year
sum the same way as the values.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..amounts import Amount, sum_holds
from ..model import Finding
from .claims import Claim
from .findings import amount, finding, text
from .vocabulary import load_lexicon, name_of

ClaimIndex = dict[str, Claim]  # first claim of each key


def first_claims(claims: list[Claim]) -> ClaimIndex:
    index: ClaimIndex = {}
    for claim in claims:
        index.setdefault(claim.key, claim)
    return index


def _prefixed(index: ClaimIndex, prefix: str) -> list[Claim]:
    return [c for k, c in index.items() if k.startswith(prefix) and "." not in k[len(prefix):]]


def _check(whole: Claim, parts: list[Claim], subject: str, params: dict[str, Any],
           out: list[Finding], alternatives: list[list[Claim]] | None = None) -> None:
    """NAR-SUM-001 on the values and NAR-SUM-002 on the changes of one relation."""
    options = [parts] + (alternatives or [])
    if any(p.extra.get("incomplete_list") for opt in options for p in opt):
        return  # some parts are not listed or not read: the sum is not checkable
    ok = any(sum_holds(amount(whole.value, params), [amount(p.value, params) for p in opt])
             for opt in options)
    first = min(parts, key=lambda c: (c.line, c.sentence.index))
    names = "、".join(p.label for p in parts)
    if not ok:
        total = sum(p.value.value for p in parts)
        out.append(finding("NAR-SUM-001", first, whole.value.text, text(total),
                           subject=subject, parts=names, whole_line=whole.line))
    if whole.change is None:
        return
    with_changes = [opt for opt in options if all(_change(p) is not None for p in opt)]
    if not with_changes:
        return
    ok = any(sum_holds(amount(whole.change, params), [_change_amount(p, params) for p in opt])
             for opt in with_changes)
    if not ok:
        total = sum(_change(p).value for p in with_changes[0])  # type: ignore[union-attr]
        out.append(finding("NAR-SUM-002", first, whole.change.text if whole.change.value >= 0
                           else text(whole.change.value), text(total), subject=subject,
                           parts=names, whole_line=whole.line))


def _change(claim: Claim):  # noqa: ANN202 - Stated | None
    return claim.change


def _change_amount(claim: Claim, params: dict[str, Any]) -> Amount:
    assert claim.change is not None
    return amount(claim.change, params)


def _expense_sums(index: ClaimIndex, scope: str, params: dict[str, Any],
                  out: list[Finding]) -> None:
    total = index.get(f"{scope}.total")
    basic, project = index.get(f"{scope}.basic"), index.get(f"{scope}.project")
    label = "财政拨款支出" if scope == "fiscal" else "支出"
    if total and basic and project:
        _check(total, [basic, project], f"{label}（基本支出+项目支出）", params, out)
    for split, name in (("func", "功能分类"), ("econ", "经济分类")):
        parts = _prefixed(index, f"{scope}.{split}.")
        if total and parts:
            _check(total, parts, f"{label}（按{name}）", params, out)
    for part, whole in (("basic", basic), ("project", project)):
        parts = _prefixed(index, f"{scope}.{part}.econ.")
        if whole and parts:
            _check(whole, parts, f"{whole.label}（按经济分类）", params, out)
    people = [index.get(f"{scope}.basic.personnel"), index.get(f"{scope}.basic.public")]
    if basic and all(people):
        _check(basic, people, "基本支出（人员经费+公用经费）", params, out)  # type: ignore[arg-type]
    # an economic class overall is its 基本 part plus its 项目 part (an unlisted part is 0)
    basic_parts = first_claims(_prefixed(index, f"{scope}.basic.econ."))
    project_parts = first_claims(_prefixed(index, f"{scope}.project.econ."))
    if basic_parts and project_parts:
        for whole in _prefixed(index, f"{scope}.econ."):
            code = whole.key.rsplit(".", 1)[1]
            parts = [c for c in (basic_parts.get(f"{scope}.basic.econ.{code}"),
                                 project_parts.get(f"{scope}.project.econ.{code}")) if c]
            if parts:
                name = name_of(code, load_lexicon().economic_classes)
                _check(whole, parts, f"{name}（基本支出+项目支出）", params, out)


def _income_sums(index: ClaimIndex, params: dict[str, Any], out: list[Finding]) -> None:
    total = index.get("income.total")
    parts = [c for k, c in index.items() if k.startswith("income.")
             and k not in ("income.total", "income.current_total")
             and k not in ("income.fiscal_general", "income.fiscal_fund", "income.fiscal_soe")]
    if total is None or len(parts) < 2:
        return
    current = [c for c in parts if c.key not in ("income.carryover", "income.balance_used")]
    convention = str(params.get("income_total_includes_carryover", "auto")).lower()
    if convention in ("false", "0", "no"):
        _check(total, current, "收入（不含上年结转）", params, out)
    elif convention in ("true", "1", "yes") or len(current) == len(parts):
        _check(total, parts, "收入（含上年结转）", params, out)
    else:
        _check(total, parts, "收入", params, out, alternatives=[current])
    fiscal = index.get("income.fiscal")
    funds = [index[k] for k in ("income.fiscal_general", "income.fiscal_fund",
                                "income.fiscal_soe") if k in index]
    if fiscal and funds:
        _check(fiscal, funds, "财政拨款收入", params, out)


def _numbered(index: ClaimIndex, prefix: str, whole: str, parts: str | list[str],
              subject: Callable[[Claim], str], params: dict[str, Any],
              out: list[Finding]) -> None:
    """Relations repeated per project / per target table: project.<n>.plan_total …"""
    numbers = sorted({k.split(".")[1] for k in index if k.startswith(prefix)}, key=int)
    for n in numbers:
        total = index.get(f"{prefix}{n}.{whole}")
        if total is None:
            continue
        if isinstance(parts, str):
            found = _prefixed(index, f"{prefix}{n}.{parts}.")
        else:
            found = [index[f"{prefix}{n}.{p}"] for p in parts if f"{prefix}{n}.{p}" in index]
        if found and (isinstance(parts, str) or len(found) >= 2):
            _check(total, found, subject(total), params, out)


def check_sums(claims: list[Claim], params: dict[str, Any]) -> list[Finding]:
    index = first_claims(claims)
    out: list[Finding] = []
    _income_sums(index, params, out)
    _expense_sums(index, "expense", params, out)
    _expense_sums(index, "fiscal", params, out)
    _numbered(index, "project.", "plan_total", "plan",
              lambda c: f"{c.project}实施方案", params, out)
    _numbered(index, "target.", "total", ["fiscal", "other", "carryover"],
              lambda c: f"{c.project}年度资金总额", params, out)
    return out

"""Project performance targets (项目绩效目标表): funding identity per project, indicator levels and
values, cost indicators against their total, and the projects against table 3's 项目支出."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from ..amounts import ZERO, Amount, AmountError, Precision, parse_decimal, sum_amounts, to_amount
from ..errors import ContractError
from ..model import Cell, Finding, Row, Table
from ..readers.targets import FUNDING_LINES, Project, projects
from .base import Ref, RuleContext, cells_of, family
from .checked import checked_family, line_of

LEVEL_NAMES = {"level1": ("一级指标", "level-1"), "level2": ("二级指标", "level-2"),
               "level3": ("三级指标", "level-3")}
_WS = re.compile(r"[\s\u3000\u00a0]+")
_COMPARATOR = re.compile(
    r"^(≥|≤|>=|<=|≧|≦|>|<|＞|＜|==|=|＝|不低于|不高于|不少于|不多于|不超过|不大于|不小于|大于|小于|"
    r"等于|高于|低于|超过|少于|达到|控制在|约)"
)
_NUMBER = re.compile(r"^(\d+(?:,\d{3})*(?:\.\d+)?)(.*)$")
_EXCEL_ERROR = re.compile(r"^#(N/?A|VALUE!|REF!|DIV/0!|NAME\??|NUM!|NULL!|SPILL!|CALC!|GETTING_DATA)", re.I)
_GARBLED = re.compile(r"[?？\ufffd]")
_CJK = re.compile(r"[\u3400-\u9fff]")
_TOTAL_COST = re.compile(r"总|合计")
_YUAN_SCALE = {"元": Decimal(1), "万元": Decimal(10000), "亿元": Decimal(100000000)}
_YUAN = re.compile(r"^(亿元|万元|元)(以[内下上])?$")


@dataclass(frozen=True)
class IndicatorValue:
    """A parsed 指标值: comparator ('' when none), number (None for a qualitative value) and the
    text after it (unit or wording), with the number's decimals as written."""

    comparator: str
    number: Decimal | None
    decimals: int
    unit: str


@lru_cache(maxsize=4096)
def parse_value(text: str) -> IndicatorValue | None:
    """Parse an indicator value; None when it is empty or garbled (no figure and no wording)."""
    compact = _WS.sub("", text or "")
    if not compact or _EXCEL_ERROR.match(compact) or _GARBLED.search(compact):
        return None
    match = _COMPARATOR.match(compact)
    comparator = match.group(1) if match else ""
    rest = compact[len(comparator):]
    number = _NUMBER.match(rest)
    if number:
        try:
            parsed = parse_decimal(number.group(1))
        except AmountError:  # pragma: no cover - the pattern admits only numbers
            return None
        if parsed is None:  # pragma: no cover
            return None
        return IndicatorValue(comparator, parsed[0], parsed[1], number.group(2))
    if not _CJK.search(rest):
        return None  # only punctuation, Latin marks ("N/A") or a comparator alone
    return IndicatorValue(comparator, None, 0, rest)


_CACHE: dict[int, tuple[Table, list[Project]]] = {}


def _projects(ctx: RuleContext) -> tuple[Table | None, list[Project]]:
    """The targets table and its projects, grouped once per table object (rules share them)."""
    table = ctx.table(ctx.params.get("table", "targets"))
    if table is None:
        return None, []
    hit = _CACHE.get(id(table))
    if hit is None or hit[0] is not table:
        if len(_CACHE) > 64:
            _CACHE.clear()
        hit = _CACHE[id(table)] = (table, projects(table))
    return table, hit[1]


def _finding(ctx: RuleContext, project: Project, refs: list[str], expected: str, actual: str,
             **args: object) -> Finding:
    return Finding(
        rule=ctx.rule_id, severity=ctx.severity,  # type: ignore[arg-type]
        table=ctx.params.get("table", "targets"), cells=refs, expected=expected, actual=actual,
        args={"table": ctx.params.get("table", "targets"), "project": project.name,
              "row_name": project.name, **args},
    )


@family("targets_funding", required={"table": str})
def funding(ctx: RuleContext) -> Iterator[Finding]:
    """年度资金总额 = 财政拨款 + 其他资金 (+ 上年结转 where the layout has the line)."""
    _, found = _projects(ctx)
    for project in found:
        total_row = project.funding.get("total")
        parts = [project.funding[line].cells["amount"] for line in FUNDING_LINES[1:] if line in project.funding]
        if total_row is None or not parts:
            continue
        total = total_row.cells["amount"]
        combined = sum_amounts([c.amount for c in parts])
        slack = ZERO if ctx.exact else total.amount.half_width + combined.half_width
        finding = None
        if abs(total.value - combined.value) > slack:
            finding = _finding(
                ctx, project, [total.ref, *(c.ref for c in parts)], format(total.value, "f"),
                format(combined.value, "f"), row=total_row.key,
                diff=format(total.value - combined.value, "f"), slack=format(slack, "f"),
                lines="+".join(project.funding[line].name for line in FUNDING_LINES[1:] if line in project.funding),
            )
            yield finding
        if ctx.relations is not None:  # total - sum(parts) within ±slack
            ctx.relate_sum(total, parts, slack, finding)


def _info(row: Row) -> dict:
    return row.info or {}


@family("targets_levels", required={"table": str})
def levels(ctx: RuleContext) -> Iterator[Finding]:
    """Every indicator line names its 一级, 二级 and 三级 indicator."""
    _, found = _projects(ctx)
    for project in found:
        for row in project.indicators:
            info = _info(row)
            missing = [k for k in LEVEL_NAMES if not info.get(k)]
            if missing:
                refs = info.get("refs", {})
                yield _finding(
                    ctx, project, [refs[k] for k in missing if k in refs], "", "", row=row.key,
                    indicator=info.get("level3") or info.get("value") or row.key,
                    missing_zh="、".join(LEVEL_NAMES[k][0] for k in missing),
                    missing_en=", ".join(LEVEL_NAMES[k][1] for k in missing),
                )


@family("targets_value_present", required={"table": str})
def value_present(ctx: RuleContext) -> Iterator[Finding]:
    """Every indicator line states its 指标值."""
    _, found = _projects(ctx)
    for project in found:
        for row in project.indicators:
            info = _info(row)
            if not _WS.sub("", info.get("value", "")):
                yield _finding(ctx, project, [info["refs"]["value"]], "", "", row=row.key,
                               indicator=info.get("level3") or row.key)


@family("targets_value_parses", required={"table": str})
def value_parses(ctx: RuleContext) -> Iterator[Finding]:
    """A stated 指标值 reads as a figure ("≥90%", "≤1600000元", "=1次/月", "12月底完成") or as
    wording ("有所提升"); an error marker, question marks or bare punctuation does not."""
    _, found = _projects(ctx)
    for project in found:
        for row in project.indicators:
            info = _info(row)
            value = info.get("value", "")
            if _WS.sub("", value) and parse_value(value) is None:
                yield _finding(ctx, project, [info["refs"]["value"]], "", value, row=row.key,
                               indicator=info.get("level3") or row.key, value=value)


def _cost_in_yuan(row: Row) -> tuple[Amount, IndicatorValue] | None:
    info = _info(row)
    if "成本" not in info.get("level1", ""):
        return None
    parsed = parse_value(info.get("value", ""))
    if parsed is None or parsed.number is None:
        return None
    unit = _YUAN.match(parsed.unit)
    if not unit:
        return None
    scale = _YUAN_SCALE[unit.group(1)]
    amount = to_amount((parsed.number, parsed.decimals), Precision(0))
    return Amount(amount.value * scale, amount.half_width * scale), parsed


@family("targets_cost_sum", required={"table": str})
def cost_sum(ctx: RuleContext) -> Iterator[Finding]:
    """When a project has one total cost indicator in 元 (its name says 总/合计) and other cost
    indicators in 元, the others sum to the total."""
    _, found = _projects(ctx)
    for project in found:
        costs = [(row, c) for row in project.indicators if (c := _cost_in_yuan(row)) is not None]
        totals = [(row, c) for row, c in costs if _TOTAL_COST.search(_info(row).get("level3", ""))]
        if len(totals) != 1:
            continue
        total_row, (total, _) = totals[0]
        parts = [(row, c) for row, c in costs if row is not total_row]
        if not parts:
            continue
        combined = sum_amounts([amount for _, (amount, _) in parts])
        slack = ZERO if ctx.exact else total.half_width + combined.half_width
        if abs(total.value - combined.value) > slack:
            refs = [_info(total_row)["refs"]["value"], *(_info(r)["refs"]["value"] for r, _ in parts)]
            yield _finding(
                ctx, project, refs, _yuan(total.value), _yuan(combined.value), row=total_row.key,
                indicator=_info(total_row).get("level3", ""),
                diff=_yuan(total.value - combined.value), slack=_yuan(slack),
            )


def _yuan(value: Decimal) -> str:
    return format(value.normalize() if value == value.to_integral_value() else value, "f")


def _in_wan(cell: Cell, unit: str) -> Amount:
    if unit == "元":
        scale = Decimal(10000)
        return Amount(cell.amount.value / scale, cell.amount.half_width / scale)
    return cell.amount


def _check_cover(rule_id: str, params: dict, path: str, line: int) -> None:
    if params["direction"] not in ("above", "below"):
        raise ContractError(path, line_of(params, "direction", line),
                            f"rule {rule_id}: direction must be 'above' or 'below'")
    if params["against"].count("/") != 2:
        raise ContractError(path, line_of(params, "against", line),
                            f"rule {rule_id}: against must be table/row/column")


@checked_family("targets_cover", required={"table": str, "against": str, "direction": str},
                prepare=_check_cover)
def cover(ctx: RuleContext) -> Iterator[Finding]:
    """The projects' 年度资金总额 summed against table 3's 项目支出: ``direction: above`` reports a
    sum larger than 项目支出, ``below`` a smaller one (targets may cover key projects only)."""
    _, found = _projects(ctx)
    totals = [(p, p.funding["total"].cells["amount"]) for p in found if "total" in p.funding]
    against = cells_of(ctx.submission, Ref.parse(ctx.params["against"]))
    if not totals or not against:
        return
    _, spending = against[0]
    combined = sum_amounts([_in_wan(cell, p.unit) for p, cell in totals])
    diff = combined.value - spending.value
    slack = ZERO if ctx.exact else combined.half_width + spending.amount.half_width
    above = ctx.params["direction"] == "above"
    if (above and diff > slack) or (not above and -diff > slack):
        yield Finding(
            rule=ctx.rule_id, severity=ctx.severity,  # type: ignore[arg-type]
            table=ctx.params["table"], cells=[spending.ref, *(cell.ref for _, cell in totals)],
            expected=format(spending.value, "f"), actual=format(combined.value, "f"),
            args={"table": ctx.params["table"], "projects": len(totals),
                  "diff": format(abs(diff), "f"), "slack": format(slack, "f")},
        )

"""The synthetic unit in exact yuan: functional 项 by source, projects, economic breakdown,
三公 and headcount. Every relation the tables rely on holds exactly here; published 万元
figures are derived later by rounding each amount on its own (``to_wan``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .data import FUNCTIONAL_CLASSES, FUNCTIONAL_GROUPS, FUNCTIONAL_ITEMS, STAFF_KINDS

ZERO = Decimal(0)
YUAN_PER_WAN = Decimal(10000)
CENT = Decimal("0.01")

# Income sources in the column order of the 收入总表.
SOURCES: tuple[str, ...] = (
    "carryover",  # 上年结转
    "general",  # 一般公共预算拨款
    "fund",  # 政府性基金预算拨款
    "soe",  # 国有资本经营预算
    "education_fees",  # 教育收费资金收入
    "business",  # 事业收入
    "operating",  # 事业单位经营收入
    "affiliated",  # 附属单位上缴收入
    "superior",  # 上级补助收入
    "other",  # 其他收入
    "nonfiscal_balance",  # 使用非财政拨款结余
)
FISCAL_SOURCES: tuple[str, ...] = ("general", "fund", "soe")


def to_wan(yuan: Decimal) -> Decimal:
    """Publish a yuan amount in 万元 with two decimals, half-up, as disclosures do."""
    return (yuan / YUAN_PER_WAN).quantize(CENT, rounding=ROUND_HALF_UP)


def total(values: object) -> Decimal:
    """Sum of Decimals starting from an exact zero (so an empty sum is Decimal 0)."""
    return sum(values, ZERO)  # type: ignore[arg-type]


@dataclass(slots=True)
class FunctionalItem:
    """A functional 项 with its basic and project spending in yuan, split by income source."""

    code: str
    basic: dict[str, Decimal] = field(default_factory=dict)
    project: dict[str, Decimal] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return FUNCTIONAL_ITEMS[self.code]

    def amount(self, part: str, source: str | None = None) -> Decimal:
        """Spending of one part ("basic", "project" or "all"), optionally of one source."""
        parts = (self.basic, self.project) if part == "all" else (getattr(self, part),)
        if source is None:
            return total(v for p in parts for v in p.values())
        return total(p.get(source, ZERO) for p in parts)


@dataclass(slots=True)
class Indicator:
    """One performance indicator row; ``cost_yuan`` is set for cost indicators written in 元."""

    level1: str
    level2: str
    level3: str
    value: str
    cost_yuan: Decimal | None = None
    is_cost_total: bool = False


@dataclass(slots=True)
class Project:
    """A project (项目支出) on one functional 项, funded by one or more sources."""

    name: str
    item_code: str
    funds: dict[str, Decimal]
    indicators: list[Indicator] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return total(self.funds.values())

    @property
    def fiscal(self) -> Decimal:
        return total(self.funds.get(s, ZERO) for s in FISCAL_SOURCES)

    @property
    def carryover(self) -> Decimal:
        return self.funds.get("carryover", ZERO)


@dataclass(slots=True)
class SanGong:
    """"三公" spending of the general budget in yuan (basic and project together)."""

    abroad: Decimal
    reception: Decimal
    vehicle_purchase: Decimal
    vehicle_operation: Decimal

    @property
    def vehicles(self) -> Decimal:
        return self.vehicle_purchase + self.vehicle_operation

    @property
    def total(self) -> Decimal:
        return self.abroad + self.reception + self.vehicles


@dataclass(slots=True)
class Staffing:
    """Headcount: 编制 and 在职 per kind (keys of ``STAFF_KINDS``), 离休 and 退休."""

    establishment: dict[str, int]
    serving: dict[str, int]
    retired_before_1949: int  # 离休
    retired: int  # 退休

    @property
    def establishment_total(self) -> int:
        return sum(self.establishment[k] for k in STAFF_KINDS)

    @property
    def serving_total(self) -> int:
        return sum(self.serving[k] for k in STAFF_KINDS)

    @property
    def actual_total(self) -> int:
        """实有人数 = 在职 + 离休 + 退休."""
        return self.serving_total + self.retired_before_1949 + self.retired


@dataclass(slots=True)
class Unit:
    """A whole synthetic budget unit for one year."""

    name: str
    code: str
    department: str
    year: int
    items: list[FunctionalItem]
    projects: list[Project]
    economic: dict[str, Decimal]  # 5-digit economic 款 -> general-budget basic spending
    sangong: SanGong
    staffing: Staffing

    def item(self, code: str) -> FunctionalItem:
        for item in self.items:
            if item.code == code:
                return item
        raise KeyError(code)

    def income(self, source: str) -> Decimal:
        return total(item.amount("all", source) for item in self.items)

    @property
    def spending(self) -> Decimal:
        return total(item.amount("all") for item in self.items)

    @property
    def general_basic(self) -> Decimal:
        return total(item.amount("basic", "general") for item in self.items)

    def has_source(self, source: str) -> bool:
        return self.income(source) != ZERO


def class_name(code: str) -> str:
    return FUNCTIONAL_CLASSES[code]


def group_name(code: str) -> str:
    return FUNCTIONAL_GROUPS[code]

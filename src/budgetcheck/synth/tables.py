"""The eleven budget tables computed from a ``Unit`` in yuan, independent of any layout.

Each table is a small semantic structure (code rows, two-sided lines, project blocks, labelled
counts). Values stay in exact yuan here; the renderer rounds each one to 万元 on its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from .data import ECONOMIC_CLASSES, ECONOMIC_ITEMS, PERSONNEL_CLASSES, STAFF_KINDS
from .model import (
    SOURCES,
    ZERO,
    FunctionalItem,
    Project,
    SanGong,
    Unit,
    class_name,
    group_name,
    total,
)

# Table numbers and the names their titles always contain.
TABLE_NAMES: dict[int, str] = {
    1: "收支总表",
    2: "收入总表",
    3: "支出总表",
    4: "财政拨款收支总表",
    5: "一般公共预算支出表",
    6: "一般公共预算基本支出表",
    7: "一般公共预算“三公”经费支出表",
    8: "政府性基金预算支出表",
    9: "国有资本经营预算支出表",
    10: "项目绩效目标表",
    11: "机构人员情况表",
}

Path = tuple[str, ...]
EMPTY_NOTE = "注：若为空表，则为该单位无{}"


@dataclass(slots=True)
class CodeRow:
    level: int  # 0 合计, 1 类, 2 款, 3 项
    code: str  # full code; "" for 合计
    name: str
    values: list[Decimal]


@dataclass(slots=True)
class CodeTable:
    number: int
    scheme: str  # "functional" (3/5/7 digits) or "economic" (3/5 digits)
    code_group: str | None  # header above the code and name columns, e.g. 支出功能分类科目
    code_labels: tuple[str, str]  # code column and name column headers
    value_group: str | None  # header above the value columns, e.g. 2024年预算数
    value_columns: list[Path]
    rows: list[CodeRow]
    empty_note: str | None = None  # set for an empty table: values are written blank


@dataclass(slots=True)
class Side:
    label: str
    values: list[Decimal] | None  # None: the label stands alone, no amount cells


@dataclass(slots=True)
class LineTable:
    number: int
    columns: list[Path]  # left label, left values..., right label, right values...
    left_width: int
    rows: list[tuple[Side, Side]]


@dataclass(slots=True)
class SanGongTable:
    number: int
    unit_code: str
    unit_name: str
    sangong: SanGong


@dataclass(slots=True)
class ProjectTable:
    number: int
    projects: list[Project]
    department: str
    unit_name: str
    year: int


@dataclass(slots=True)
class CountTable:
    number: int
    rows: list[tuple[str, int]]


def functional_rows(
    items: list[FunctionalItem], columns: list[Callable[[FunctionalItem], Decimal]]
) -> list[CodeRow]:
    """合计, then depth-first 类 / 款 / 项 rows; parents are exact sums of their 项."""
    kept = [i for i in items if any(col(i) != ZERO for col in columns)]

    def sums(members: list[FunctionalItem]) -> list[Decimal]:
        return [total(col(i) for i in members) for col in columns]

    rows = [CodeRow(0, "", "合计", sums(kept))]
    for cls in sorted({i.code[:3] for i in kept}):
        in_class = [i for i in kept if i.code.startswith(cls)]
        rows.append(CodeRow(1, cls, class_name(cls), sums(in_class)))
        for grp in sorted({i.code[:5] for i in in_class}):
            in_group = [i for i in in_class if i.code.startswith(grp)]
            rows.append(CodeRow(2, grp, group_name(grp), sums(in_group)))
            rows.extend(CodeRow(3, i.code, i.name, sums([i])) for i in in_group)
    return rows


def spend(part: str, source: str | None = None) -> Callable[[FunctionalItem], Decimal]:
    return lambda item: item.amount(part, source)


def fiscal(part: str) -> Callable[[FunctionalItem], Decimal]:
    return lambda item: total(item.amount(part, s) for s in ("general", "fund", "soe"))


INCOME_COLUMNS: list[tuple[Path, Callable[[FunctionalItem], Decimal]]] = [
    (("合计",), spend("all")),
    (("上年结转",), spend("all", "carryover")),
    (("财政拨款", "小计"), fiscal("all")),
    (("财政拨款", "一般公共预算拨款收入"), spend("all", "general")),
    (("财政拨款", "政府性基金预算拨款收入"), spend("all", "fund")),
    (("财政拨款", "国有资本经营预算收入"), spend("all", "soe")),
    (("教育收费资金收入",), spend("all", "education_fees")),
    (("事业收入",), spend("all", "business")),
    (("事业单位经营收入",), spend("all", "operating")),
    (("附属单位上缴收入",), spend("all", "affiliated")),
    (("上级补助收入",), spend("all", "superior")),
    (("其他收入",), spend("all", "other")),
    (("使用非财政拨款结余",), spend("all", "nonfiscal_balance")),
]

SPLIT_COLUMNS: list[Path] = [("合计",), ("基本支出",), ("项目支出",)]


def split_table(
    number: int, unit: Unit, source: str | None, group: str | None, empty_note: str | None
) -> CodeTable:
    """Tables 3, 5, 8 and 9: 合计 = 基本支出 + 项目支出 by functional code."""
    columns = [spend("all", source), spend("basic", source), spend("project", source)]
    rows = functional_rows(unit.items, columns)
    empty = len(rows) == 1
    return CodeTable(
        number, "functional", "支出功能分类科目", ("科目编码", "科目名称"), group,
        SPLIT_COLUMNS, rows, empty_note if empty else None,
    )


def economic_table(unit: Unit) -> CodeTable:
    """Table 6: general-budget basic spending by economic code; 人员经费 = 301 + 303."""
    rows: list[CodeRow] = []

    def values(codes: list[str]) -> list[Decimal]:
        amount = total(unit.economic[c] for c in codes)
        personnel = total(unit.economic[c] for c in codes if c[:3] in PERSONNEL_CLASSES)
        return [amount, personnel, amount - personnel]

    codes = list(unit.economic)
    rows.append(CodeRow(0, "", "合计", values(codes)))
    for cls in ECONOMIC_CLASSES:
        members = [c for c in codes if c.startswith(cls)]
        if not members:
            continue
        rows.append(CodeRow(1, cls, ECONOMIC_CLASSES[cls], values(members)))
        rows.extend(CodeRow(2, c, ECONOMIC_ITEMS[c], values([c])) for c in members)
    return CodeTable(
        6, "economic", "支出经济分类科目", ("科目编码", "科目名称"),
        f"{unit.year}年基本支出", [("合计",), ("人员经费",), ("公用经费",)], rows,
    )


def summary_table(unit: Unit) -> LineTable:
    """Table 1: income lines against expenditure by functional 类."""
    def income(source: str) -> list[Decimal]:
        return [unit.income(source)]

    fiscal_income = total(unit.income(s) for s in ("general", "fund", "soe"))
    this_year = total(
        unit.income(s) for s in SOURCES if s not in ("carryover", "nonfiscal_balance")
    )
    left = [
        Side("一、财政拨款", [fiscal_income]),
        Side("（一）一般公共预算收入", income("general")),
        Side("（二）政府性基金预算收入", income("fund")),
        Side("（三）国有资本经营预算收入", income("soe")),
        Side("二、教育收费资金收入", income("education_fees")),
        Side("三、事业收入", income("business")),
        Side("四、事业单位经营收入", income("operating")),
        Side("五、附属单位上缴收入", income("affiliated")),
        Side("六、上级补助收入", income("superior")),
        Side("七、其他收入", income("other")),
    ]
    classes = sorted({i.code[:3] for i in unit.items if i.amount("all") != ZERO})
    right = [
        Side(class_name(c), [total(i.amount("all") for i in unit.items if i.code[:3] == c)])
        for c in classes
    ]
    right += [Side("", None)] * (len(left) - len(right))
    rows = list(zip(left, right, strict=False))
    rows += [
        (Side("本年收入合计", [this_year]), Side("本年支出合计", [unit.spending])),
        (Side("八、使用非财政拨款结余", income("nonfiscal_balance")), Side("结转下年", [ZERO])),
        (Side("九、上年结转（结余）", income("carryover")), Side("", None)),
        (Side("收入总计", [unit.spending]), Side("支出总计", [unit.spending])),
    ]
    columns = [("收    入", "项目"), ("收    入", "预算数"),
               ("支    出", "项目(按支出功能科目类级)"), ("支    出", "预算数")]
    return LineTable(1, columns, 2, rows)


def fiscal_table(unit: Unit) -> LineTable:
    """Table 4: fiscal appropriations (this year only; carry-overs here are non-fiscal)."""
    general, fund, soe = (unit.income(s) for s in ("general", "fund", "soe"))
    fiscal_total = general + fund + soe
    left = [
        Side("一、财政拨款收入", [fiscal_total]),
        Side("一般公共预算拨款收入", [general]),
        Side("政府性基金预算拨款收入", [fund]),
        Side("国有资本经营预算收入", [soe]),
        Side("二、上年结转", [ZERO]),
        Side("一般公共预算拨款结转", [ZERO]),
        Side("政府性基金预算拨款结转", [ZERO]),
    ]

    def by_fund(items: list[FunctionalItem]) -> list[Decimal]:
        parts = [total(i.amount("all", s) for i in items) for s in ("general", "fund", "soe")]
        return [total(parts), *parts]

    right = [Side("一、本年支出", by_fund(unit.items))]
    for cls in sorted({i.code[:3] for i in unit.items}):
        members = [i for i in unit.items if i.code[:3] == cls]
        values = by_fund(members)
        if values[0] != ZERO:
            right.append(Side(class_name(cls), values))
    right += [Side("", None)] * max(0, 4 - len(right))
    right.append(Side("二、结转下年", [ZERO] * 4))
    length = max(len(left), len(right))
    left += [Side("", None)] * (length - len(left))
    right += [Side("", None)] * (length - len(right))
    rows = list(zip(left, right, strict=True))
    rows.append((Side("收入总计", [fiscal_total]), Side("支出总计", by_fund(unit.items))))
    columns = [("收    入", "项目"), ("收    入", "预算数"),
               ("支    出", "项目(按支出功能科目类级)"), ("支    出", "合计"),
               ("支    出", "一般公共预算支出"), ("支    出", "政府性基金预算支出"),
               ("支    出", "国有资本经营预算支出")]
    return LineTable(4, columns, 2, rows)


def headcount_table(unit: Unit) -> CountTable:
    staff = unit.staffing
    rows = [("编制人数", staff.establishment_total)]
    for index, kind in enumerate(STAFF_KINDS):
        label = f"{kind}编制"
        rows.append((("其中：" if index == 0 else "") + label, staff.establishment[kind]))
    rows += [("实有人数", staff.actual_total), ("在职人数", staff.serving_total)]
    for index, kind in enumerate(STAFF_KINDS):
        rows.append((("其中：" if index == 0 else "") + f"{kind}在职", staff.serving[kind]))
    rows += [("离休人数", staff.retired_before_1949), ("退休人数", staff.retired)]
    return CountTable(11, rows)


def build_tables(unit: Unit) -> dict[int, object]:
    """All eleven tables keyed by their number."""
    year_group = f"{unit.year}年预算数"
    income_rows = functional_rows(unit.items, [col for _, col in INCOME_COLUMNS])
    return {
        1: summary_table(unit),
        2: CodeTable(2, "functional", None, ("功能科目编码", "功能科目名称"), None,
                     [path for path, _ in INCOME_COLUMNS], income_rows),
        3: split_table(3, unit, None, None, None),
        4: fiscal_table(unit),
        5: split_table(5, unit, "general", year_group, EMPTY_NOTE.format("一般公共预算支出")),
        6: economic_table(unit),
        7: SanGongTable(7, unit.code, unit.name, unit.sangong),
        8: split_table(8, unit, "fund", year_group, EMPTY_NOTE.format("政府性基金收支")),
        9: split_table(9, unit, "soe", year_group, EMPTY_NOTE.format("国有资本经营预算收支")),
        10: ProjectTable(10, unit.projects, unit.department, unit.name, unit.year),
        11: headcount_table(unit),
    }

"""Scopes of the section reader: a whole is summed only with parts of its own scope.

收入总计 holds 年初结转和结余 (上年结转) besides 本年收入合计; a final account's 支出总计 holds
年末结转和结余 (and 结余分配) besides 本年支出合计 = 基本支出 + 项目支出; 一般公共预算 (财政拨款)
支出 is a part of 财政拨款 (with 政府性基金, 国有资本经营), not the department's spending. Every
text here is consistent as written (no finding); each injection breaks one relation, found at its
line. The texts are written for these tests in the standard structure of 情况说明.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetcheck.narrative import check_narrative, extract_claims
from budgetcheck.narrative.claims import Claim, Stated, document_kind
from budgetcheck.narrative.document import Sentence, document_from_text
from budgetcheck.narrative.relations import Relation
from budgetcheck.narrative.restates import restated_by
from budgetcheck.narrative.statements import Statements, sums


def run(text: str, **params):
    return check_narrative(document_from_text(text, "t.txt"), params or None)


def rules(text: str, **params) -> list[tuple[str, int]]:
    return [(f.rule, f.location["line"]) for f in run(text, **params).findings]


def keys(text: str) -> dict[str, str]:
    """The first value of each key the section reader states."""
    out: dict[str, str] = {}
    for claim in extract_claims(document_from_text(text)).claims:
        out.setdefault(claim.key, claim.value.text)
    return out


# A budget: 一般公共预算支出 (610.00) is not 支出预算总计 (865.30): the unit has 政府性基金 and 事业收入.
GENERAL_BUDGET = """第二部分 2025年单位预算情况说明
一、收支预算总体情况
2025年本单位收入预算总计865.30万元，支出预算总计865.30万元。
二、收入预算情况
本单位2025年收入预算总计865.30万元，其中：一般公共预算拨款收入610.00万元；政府性基金预算拨款收入120.00万元；事业收入95.30万元；上年结转40.00万元。
三、支出预算情况
本单位2025年支出预算总计865.30万元，其中：基本支出512.80万元，占59.26%；项目支出352.50万元，占40.74%。
四、财政拨款收支预算总体情况
2025年财政拨款收入预算730.00万元，其中：一般公共预算拨款610.00万元，政府性基金预算拨款120.00万元；财政拨款支出预算总额730.00万元。
五、一般公共预算支出预算情况
2025年一般公共预算支出610.00万元，按功能分类：文化旅游体育与传媒支出498.60万元；社会保障和就业支出61.40万元；卫生健康支出22.00万元；住房保障支出28.00万元。
六、一般公共预算基本支出预算情况
2025年一般公共预算基本支出455.80万元，其中：人员经费398.50万元；公用经费57.30万元。
七、政府性基金预算支出情况
2025年政府性基金预算支出120.00万元，全部用于文化事业建设。
"""

# Final accounts in 元: 年初结转和结余 and 年末结转和结余 stated; 收入总计 = 本年收入合计 + 年初结转和结余,
# 支出总计 = 本年支出合计 + 年末结转和结余.
FINAL_YUAN = """第二部分 2023年度部门决算情况说明
一、收入支出决算总体情况说明
2023年度收入总计38,456,120.50元，支出总计38,456,120.50元。
二、收入决算情况说明
2023年度本年收入合计35,106,120.50元，其中：财政拨款收入33,800,000.00元，占96.28%；其他收入1,306,120.50元，占3.72%。年初结转和结余3,350,000.00元。
三、支出决算情况说明
2023年度本年支出合计36,206,120.50元，其中：基本支出21,406,120.50元，占59.12%；项目支出14,800,000.00元，占40.88%。年末结转和结余2,250,000.00元。
四、财政拨款收入支出决算总体情况说明
2023年度财政拨款收入支出总计36,500,000.00元。
五、一般公共预算财政拨款支出决算情况说明
2023年度一般公共预算财政拨款支出30,200,000.00元，占本年支出合计的83.41%。
"""

# A budget whose 本年收入合计 is listed, its 上年结转 not stated (收入预算总计 2080 is at least 1980).
CURRENT_BUDGET = """一、收支预算总体情况
2024年本部门收入预算总计2,080.00万元，支出预算总计2,080.00万元。
二、收入预算情况
2024年本部门本年收入预算合计1,980.00万元，其中：一般公共预算拨款收入1,700.00万元；政府性基金预算拨款收入200.00万元；事业收入80.00万元。
三、支出预算情况
2024年本部门支出预算总计2,080.00万元，其中：基本支出1,300.00万元；项目支出780.00万元。
"""

# Final accounts: 收入总计 and 支出总计 split into the year's and the carryover.
FINAL_TOTALS = """2022年度某市档案馆单位决算情况说明
一、收入决算情况说明
2022年度收入总计1,532.18万元，其中：本年收入合计1,402.18万元，年初结转和结余130.00万元。
二、支出决算情况说明
2022年度支出总计1,532.18万元，其中：本年支出合计1,455.60万元，年末结转和结余76.58万元。
2022年度本年支出合计1,455.60万元，其中：基本支出1,015.60万元；项目支出440.00万元。
"""

# A budget in 元 with a 一般公共预算财政拨款支出 section of its own basic and project spending.
GENERAL_YUAN = """第二部分 2024年部门预算情况说明
一、收支预算总体情况
2024年本部门收入预算总计5,230,000元，支出预算总计5,230,000元。
二、收入预算情况
2024年本部门收入预算总计5,230,000元，其中：一般公共预算拨款收入4,560,000元；其他收入420,000元；上年结转250,000元。
三、支出预算情况
2024年本部门支出预算总计5,230,000元，其中：基本支出3,210,000元；项目支出2,020,000元。
四、一般公共预算财政拨款支出预算情况
2024年一般公共预算财政拨款支出4,560,000元，其中：基本支出3,210,000元，项目支出1,350,000元。
"""

# Final accounts: 财政拨款支出 (1860) = 一般公共预算 (1560) + 政府性基金 (300).
GENERAL_FINAL = """第二部分 2023年度部门决算情况说明
四、财政拨款收入支出决算总体情况说明
2023年度财政拨款支出1,860.00万元，其中：基本支出1,120.00万元，项目支出740.00万元。
五、一般公共预算财政拨款支出决算情况说明
（一）一般公共预算财政拨款支出决算总体情况
2023年度一般公共预算财政拨款支出1,560.00万元，其中：基本支出1,120.00万元，项目支出440.00万元。
（二）一般公共预算财政拨款支出决算结构情况
2023年度一般公共预算财政拨款支出1,560.00万元，其中：一般公共服务支出1,200.00万元，社会保障和就业支出210.00万元，住房保障支出150.00万元。
六、政府性基金预算财政拨款支出决算情况说明
2023年度政府性基金预算财政拨款支出300.00万元，全部为项目支出。
"""

# Final accounts stating every part of 收入总计 and 支出总计 (使用非财政拨款结余, 结余分配, 经营支出):
# the sums are exact.
FINAL_ALL_PARTS = """第二部分 2021年度单位决算情况说明
一、收入支出决算总体情况说明
2021年度收入总计6,843.25万元，支出总计6,843.25万元。
二、收入决算情况说明
2021年度本年收入合计6,210.45万元，其中：财政拨款收入5,600.00万元；事业收入480.45万元；经营收入130.00万元。使用非财政拨款结余32.80万元，年初结转和结余600.00万元。
三、支出决算情况说明
2021年度本年支出合计6,523.25万元，其中：基本支出3,950.25万元；项目支出2,443.00万元；经营支出130.00万元。结余分配20.00万元，年末结转和结余300.00万元。
按支出功能分类：教育支出5,800.00万元；社会保障和就业支出423.25万元；卫生健康支出150.00万元；住房保障支出150.00万元。
"""

# Final accounts naming 本年收入决算 / 本年支出决算 (the year's), 财政拨款 = 一般公共预算 + 政府性基金.
FINAL_CURRENT = """2024年度区农业农村局部门决算情况说明
一、收入决算情况说明
2024年度本年收入决算8,912.40万元，其中：财政拨款收入8,500.00万元，占95.37%；其他收入412.40万元，占4.63%。
二、支出决算情况说明
2024年度本年支出决算9,012.40万元，其中：基本支出2,312.40万元，占25.66%；项目支出6,700.00万元，占74.34%。
三、财政拨款支出决算情况说明
2024年度财政拨款支出8,600.00万元，其中：一般公共预算财政拨款支出7,900.00万元，政府性基金预算财政拨款支出700.00万元。
四、一般公共预算财政拨款支出决算情况说明
2024年度一般公共预算财政拨款支出7,900.00万元，按功能分类：农林水支出6,950.00万元；社会保障和就业支出520.00万元；卫生健康支出180.00万元；住房保障支出250.00万元。
"""

TEXTS = {"final_all_parts": FINAL_ALL_PARTS, "final_current": FINAL_CURRENT, "general_budget": GENERAL_BUDGET, "final_yuan": FINAL_YUAN,
         "current_budget": CURRENT_BUDGET, "final_totals": FINAL_TOTALS,
         "general_yuan": GENERAL_YUAN, "general_final": GENERAL_FINAL}


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_consistent_texts_give_no_finding(name: str) -> None:
    assert rules(TEXTS[name]) == []


# (text, old, new, the finding it gives): one relation broken, found at the line of its parts
INJECTED = [
    ("general_budget", "498.60万元", "488.60万元", [("NAR-SUM-001", 11)]),  # 一般公共预算 by function
    ("general_budget", "人员经费398.50", "人员经费388.50", [("NAR-SUM-001", 13)]),
    ("general_budget", "上年结转40.00", "上年结转30.00", [("NAR-SUM-001", 5)]),
    ("final_yuan", "年末结转和结余2,250,000.00", "年末结转和结余3,250,000.00", [("NAR-SUM-001", 7)]),
    ("final_yuan", "年初结转和结余3,350,000.00", "年初结转和结余3,450,000.00", [("NAR-SUM-001", 5)]),
    ("current_budget", "事业收入80.00", "事业收入180.00", [("NAR-SUM-001", 4)]),
    ("current_budget", "项目支出780.00", "项目支出680.00", [("NAR-SUM-001", 6)]),
    ("final_totals", "年初结转和结余130.00", "年初结转和结余230.00", [("NAR-SUM-001", 3)]),
    ("final_totals", "基本支出1,015.60", "基本支出1,025.60", [("NAR-SUM-001", 6)]),
    ("final_totals", "年末结转和结余76.58", "年末结转和结余86.58", [("NAR-SUM-001", 5)]),
    ("general_yuan", "项目支出1,350,000", "项目支出1,250,000", [("NAR-SUM-001", 9)]),
    ("general_yuan", "上年结转250,000", "上年结转260,000", [("NAR-SUM-001", 5)]),
    ("general_final", "住房保障支出150.00", "住房保障支出160.00", [("NAR-SUM-001", 8)]),
    ("general_final", "项目支出440.00", "项目支出450.00", [("NAR-SUM-001", 6)]),
    ("general_final", "项目支出740.00", "项目支出750.00", [("NAR-SUM-001", 3)]),  # 财政拨款
    ("final_all_parts", "使用非财政拨款结余32.80", "使用非财政拨款结余42.80", [("NAR-SUM-001", 5)]),
    ("final_all_parts", "经营支出130.00", "经营支出140.00", [("NAR-SUM-001", 7)]),
    ("final_all_parts", "结余分配20.00", "结余分配30.00", [("NAR-SUM-001", 7)]),
    ("final_all_parts", "年末结转和结余300.00", "年末结转和结余290.00", [("NAR-SUM-001", 7)]),
    ("final_all_parts", "卫生健康支出150.00", "卫生健康支出160.00", [("NAR-SUM-001", 8)]),
    ("final_current", "农林水支出6,950.00", "农林水支出6,850.00", [("NAR-SUM-001", 9)]),
]


@pytest.mark.parametrize("name, old, new, expected", INJECTED)
def test_an_injected_inconsistency_is_found(name: str, old: str, new: str,
                                            expected: list[tuple[str, int]]) -> None:
    text = TEXTS[name]
    assert text.count(old) == 1
    assert rules(text.replace(old, new)) == expected


# -- 1. 一般公共预算支出 is its own scope -------------------------------------------------------------

def test_general_budget_spending_is_its_own_scope() -> None:
    got = keys(GENERAL_BUDGET)
    assert got["general.total"] == "610.00" and got["general.func.207"] == "498.60"
    assert got["general.basic"] == "455.80" and got["general.basic.personnel"] == "398.50"
    assert got["expense.total"] == "865.30" and got["expense.basic"] == "512.80"
    assert not any(k.startswith("expense.func") for k in got)  # not the department's split
    # 一般公共预算财政拨款支出 in a section of its own, or inside the 财政拨款 one
    assert keys(GENERAL_YUAN)["general.project"] == "1350000"
    inside = "四、财政拨款支出决算情况\n2023年度一般公共预算财政拨款支出决算为1,560.00万元。\n"
    assert keys(inside) == {"general.total": "1560.00"}
    # 政府性基金 spending is a part of 财政拨款 we hold no key for: not 财政拨款 itself
    fund = "四、政府性基金预算财政拨款支出决算情况\n2023年度政府性基金预算财政拨款支出决算为300.00万元。\n"
    assert keys(fund) == {}


def test_general_function_split_fails_against_its_own_total_only() -> None:
    # the lead's held-out q01: the split of 一般公共预算支出 was summed against 支出预算总计
    assert rules(GENERAL_BUDGET) == []
    broken = GENERAL_BUDGET.replace("住房保障支出28.00", "住房保障支出38.00")
    assert rules(broken) == [("NAR-SUM-001", 11)]
    finding = run(broken).findings[0]
    assert finding.expected == "610.00" and finding.actual == "620.00"


def test_a_partial_general_list_is_not_a_sum_short_of_its_whole() -> None:
    # the department lists four classes; the 一般公共预算 list names two of them and is short:
    # the others may be the whole's too (at most one-sided), but a list above its whole fails
    text = ("一、支出预算情况\n2017年支出预算300.00万元，按功能分类：一般公共服务支出200.00万元，"
            "社会保障和就业支出50.00万元，卫生健康支出30.00万元，住房保障支出20.00万元。\n"
            "二、一般公共预算拨款支出\n2017年一般公共预算拨款支出250.00万元，其中：一般公共服务支出"
            "180.00万元，社会保障和就业支出40.00万元。\n")
    assert rules(text) == []
    assert rules(text.replace("180.00", "220.00")) == [("NAR-SUM-001", 4)]


# -- 2. 收入总计 against the parts of 本年收入合计 ---------------------------------------------------

FINAL_INCOME = """一、收入支出决算总体情况说明
2023年度收入总计2,345.67万元，支出总计2,345.67万元。
二、收入决算情况说明
2023年度本年收入合计2,245.67万元，其中：财政拨款收入2,100.00万元；事业收入100.00万元；其他收入45.67万元。
"""


def test_current_income_parts_sum_to_the_current_total_not_the_grand_total() -> None:
    # the lead's held-out q02 line 5: 年初结转和结余 (100.00) is not stated, so 收入总计 is at
    # least the sources, never a finding because the carryover is missing
    assert keys(FINAL_INCOME)["income.current_total"] == "2245.67"
    assert rules(FINAL_INCOME) == []
    assert rules(FINAL_INCOME.replace("其他收入45.67", "其他收入55.67")) == [("NAR-SUM-001", 4)]


def test_sources_above_the_grand_total_fail_with_the_carryover_unstated() -> None:
    text = FINAL_INCOME.replace("本年收入合计2,245.67万元，", "").replace("其他收入45.67", "其他收入345.67")
    assert rules(text) == [("NAR-SUM-001", 4)]  # 2545.67 > 2345.67: no carryover makes it up
    assert rules(FINAL_INCOME.replace("本年收入合计2,245.67万元，", "")) == []  # 2245.67 ≤ 2345.67


def test_the_carryover_convention_stays_meaningful() -> None:
    text = FINAL_INCOME.replace("本年收入合计2,245.67万元，", "")
    # false: 收入总计 excludes 年初结转和结余, so the sources must make it up exactly
    assert rules(text, income_total_includes_carryover=False) == [("NAR-SUM-001", 4)]
    assert rules(text, income_total_includes_carryover=True) == []  # the carryover is open
    stated = text.replace("其他收入45.67万元。", "其他收入45.67万元；年初结转和结余100.00万元。")
    assert rules(stated) == [] and rules(stated, income_total_includes_carryover=True) == []
    assert rules(stated, income_total_includes_carryover=False) == [("NAR-SUM-001", 4)]
    # with the carryover stated the sum is exact: a total 10 above its parts fails (and no
    # longer balances the 支出总计)
    assert rules(stated.replace("收入总计2,345.67", "收入总计2,355.67"),
                 income_total_includes_carryover=True) == [("NAR-BAL-001", 2), ("NAR-SUM-001", 4)]


# -- 3. 支出总计 against 基本支出 + 项目支出 of 本年支出合计 ---------------------------------------------

FINAL_EXPENSE = """一、收入支出决算总体情况说明
2023年度收入总计2,345.67万元，支出总计2,345.67万元。
三、支出决算情况说明
2023年度本年支出合计2,295.67万元，其中：基本支出1,695.67万元，占73.86%；项目支出600.00万元，占26.14%。
"""


def test_basic_and_project_sum_to_the_current_total() -> None:
    # the lead's held-out q02 line 7: 年末结转和结余 (50.00) is not stated
    assert keys(FINAL_EXPENSE)["expense.current_total"] == "2295.67"
    assert rules(FINAL_EXPENSE) == []
    broken = FINAL_EXPENSE.replace("项目支出600.00万元，占26.14%", "项目支出610.00万元，占26.14%")
    assert ("NAR-SUM-001", 4) in rules(broken)


def test_a_final_grand_total_is_basic_plus_project_plus_the_carryover() -> None:
    text = FINAL_EXPENSE.replace("本年支出合计2,295.67万元，", "")
    assert rules(text) == []  # 2295.67 ≤ 2345.67: the 年末结转和结余 may make up the rest
    over = text.replace("项目支出600.00万元，占26.14%", "项目支出700.00万元，占26.14%")
    assert ("NAR-SUM-001", 4) in rules(over)  # 2395.67 > 2345.67
    stated = text.replace("占26.14%。", "占26.14%。年末结转和结余50.00万元。")
    assert rules(stated) == []
    assert rules(stated.replace("结余50.00", "结余150.00")) == [("NAR-SUM-001", 4)]


def test_a_budget_grand_total_is_basic_plus_project() -> None:
    budget = ("三、支出预算情况\n2024年本部门支出预算总计2,345.67万元，其中：基本支出1,695.67万元；"
              "项目支出600.00万元。\n")
    assert rules(budget) == [("NAR-SUM-001", 2)]  # a budget holds no 年末结转
    assert rules(budget.replace("2,345.67", "2,295.67")) == []


def test_document_kind() -> None:
    assert document_kind(document_from_text(FINAL_YUAN)) == "final"
    assert document_kind(document_from_text(GENERAL_BUDGET)) == "budget"
    # a final account compares with its 年初预算 and names 一般公共预算: still final
    final = "2023年度一般公共预算财政拨款支出年初预算为500.00万元，支出决算为480.00万元，完成年初预算的96%。"
    assert document_kind(document_from_text(final)) == "final"
    assert document_kind(document_from_text("2024年机关运行经费100.20万元。")) is None


# -- the grammar: missing: open -------------------------------------------------------------------

def _claim(key: str, value: str, line: int) -> Claim:
    sentence = Sentence(f"{key} {value}", [line], line)
    return Claim(key, key, Stated(Decimal(value), 2, value), "万元", line, sentence)


@pytest.mark.parametrize("stated, found", [
    ({"a": "10.00", "b": "4.00"}, False),            # c unstated: 4 ≤ 10
    ({"a": "10.00", "b": "11.00"}, True),            # 11 > 10 whatever c is
    ({"a": "10.00", "b": "4.00", "c": "6.00"}, False),
    ({"a": "10.00", "b": "4.00", "c": "5.00"}, True),  # all stated: exact
])
def test_missing_open_bounds_the_whole_from_below(stated: dict[str, str], found: bool) -> None:
    spec = {"family": "sum", "reader": "sections", "measure": "amount",
            "sums": [{"whole": "x.a", "parts": ["x.b", "x.c"], "missing": "open"}]}
    rel = Relation("NAR-SUM-001", "error", "sum", {"zero_is_exact": True}, spec)
    claims = [_claim(f"x.{k}", v, i + 1) for i, (k, v) in enumerate(stated.items())]
    assert bool(list(sums(rel, Statements(claims)))) is found


def test_missing_open_leaves_a_change_uncheckable() -> None:
    spec = {"family": "sum", "reader": "sections", "measure": "change",
            "sums": [{"whole": "x.a", "parts": ["x.b", "x.c"], "missing": "open"}]}
    rel = Relation("NAR-SUM-002", "error", "sum", {}, spec)
    claims = [_claim("x.a", "10.00", 1), _claim("x.b", "4.00", 2)]
    claims[0].change, claims[1].change = Stated(Decimal(5), 2, "5.00"), Stated(Decimal(1), 2, "1.00")
    assert list(sums(rel, Statements(claims))) == []  # c's change is not known
    claims.append(_claim("x.c", "6.00", 3))
    claims[2].change = Stated(Decimal(1), 2, "1.00")
    assert len(list(sums(rel, Statements(claims)))) == 1  # all stated: 1 + 1 is not 5


def test_kind_limits_an_entry_to_its_documents() -> None:
    spec = {"family": "sum", "reader": "sections", "measure": "amount",
            "sums": [{"whole": "x.a", "parts": ["x.b"], "kind": "budget"}]}
    rel = Relation("NAR-SUM-001", "error", "sum", {}, spec)
    claims = [_claim("x.a", "10.00", 1), _claim("x.b", "4.00", 2)]
    assert len(list(sums(rel, Statements(claims, "budget")))) == 1
    assert list(sums(rel, Statements(claims, "final"))) == []
    assert list(sums(rel, Statements(claims))) == []  # the kind unknown: not checked


# -- restating cells of the new keys ----------------------------------------------------------------

def test_new_keys_restate_their_own_cells() -> None:
    assert restated_by("general.total", {})[1] == [("general", "total", "total")]
    assert restated_by("general.func.207", {})[1] == [("general", "207", "total")]
    assert restated_by("general.basic.personnel", {})[1] == [("basic", "total", "personnel")]
    assert restated_by("expense.current_total", {})[1][0] == ("summary", "expense.current_total", "amount")
    assert restated_by("expense.total", {})[1][0] == ("summary", "expense.grand_total", "amount")


# -- a whole's own list under a heading of neither scope ----------------------------------------------

OVERVIEW = """一、收支预算总体情况
2024年本单位收入预算总计1,086.56万元，其中：财政拨款收入876.74万元，上年结转（结余）209.82万元。支出预算总计1,086.56万元。
"""


def test_sources_listed_after_an_income_whole_split_it() -> None:
    # 收支总体情况 names neither 收入 nor 支出: the sources after 收入预算总计 are its parts
    assert keys(OVERVIEW)["income.carryover"] == "209.82"
    assert rules(OVERVIEW) == []
    assert rules(OVERVIEW.replace("209.82", "209.18")) == [("NAR-SUM-001", 2)]


def test_economic_classes_then_a_category_are_not_a_split() -> None:
    # the classes are 基本支出's (213.37 + 57.39 + 48.32 = 319.08), then 项目支出 85.69: the list
    # is neither the economic split of 支出预算总计 nor its category split
    text = ("二、支出预算情况\n2016年支出预算总计404.77万元，其中：工资福利支出213.37万元，"
            "商品和服务支出57.39万元，对个人和家庭的补助支出48.32万元；项目支出85.69万元。\n")
    assert rules(text) == []


def test_a_final_fiscal_grand_total_holds_its_carryover() -> None:
    # 财政拨款支出总计 of final accounts adds 年末结转和结余 (100.00, not stated) to 基本 + 项目
    text = ("第二部分 2023年度部门决算情况说明\n四、财政拨款收入支出决算总体情况说明\n"
            "2023年度财政拨款支出总计1,960.00万元，其中：基本支出1,120.00万元，项目支出740.00万元。\n")
    assert keys(text)["fiscal.grand_total"] == "1960.00"
    assert rules(text) == []
    assert rules(text.replace("项目支出740.00", "项目支出940.00")) == [("NAR-SUM-001", 3)]
    stated = text.replace("740.00万元。", "740.00万元，年末结转和结余100.00万元。")
    assert rules(stated) == [] and rules(stated.replace("结余100.00", "结余110.00")) == [("NAR-SUM-001", 3)]
    # a budget's 财政拨款支出总计 is the year's: basic + project exactly
    budget = text.replace("2023年度部门决算情况说明", "2024年部门预算情况说明").replace("决算总体", "预算总体")
    assert keys(budget)["fiscal.total"] == "1960.00" and rules(budget) == [("NAR-SUM-001", 3)]

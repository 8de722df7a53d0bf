"""The names narratives use for the quantities they restate, mapped to stable keys.

Each table is searched in order and the first name contained in a claim's subject wins, so a
longer name must come before a shorter one it contains (事业单位经营收入 before 事业收入).
"""

from __future__ import annotations

# Functional classification, 类 level (支出功能分类).
FUNCTION_CLASSES: list[tuple[str, str]] = [
    ("一般公共服务支出", "201"), ("外交支出", "202"), ("国防支出", "203"),
    ("公共安全支出", "204"), ("教育支出", "205"), ("科学技术支出", "206"),
    ("文化旅游体育与传媒支出", "207"), ("社会保障和就业支出", "208"),
    ("社会保险基金支出", "209"), ("卫生健康支出", "210"), ("节能环保支出", "211"),
    ("城乡社区支出", "212"), ("农林水支出", "213"), ("交通运输支出", "214"),
    ("资源勘探工业信息等支出", "215"), ("商业服务业等支出", "216"), ("金融支出", "217"),
    ("援助其他地区支出", "219"), ("自然资源海洋气象等支出", "220"), ("住房保障支出", "221"),
    ("粮油物资储备支出", "222"), ("灾害防治及应急管理支出", "224"), ("预备费", "227"),
    ("其他支出", "229"), ("债务还本支出", "231"), ("债务付息支出", "232"),
]

# Economic classification, 类 level (支出经济分类).
ECONOMIC_CLASSES: list[tuple[str, str]] = [
    ("工资福利支出", "301"), ("商品和服务支出", "302"), ("对个人和家庭的补助", "303"),
    ("债务利息及费用支出", "307"), ("资本性支出（基本建设）", "309"), ("资本性支出", "310"),
    ("对企业补助（基本建设）", "311"), ("对企业补助", "312"), ("对社会保障基金补助", "313"),
    ("其他支出", "399"),
]

# Income sources (收入) and the 收支总表 / 收入总表 keys they restate.
INCOME_SOURCES: list[tuple[str, str]] = [
    ("使用非财政拨款结余", "balance_used"), ("非财政拨款结余", "balance_used"),
    ("一般公共预算", "fiscal_general"), ("政府性基金", "fiscal_fund"),
    ("国有资本经营", "fiscal_soe"), ("财政拨款", "fiscal"), ("教育收费", "education_fee"),
    ("事业单位经营收入", "operating"), ("经营收入", "operating"), ("事业收入", "business"),
    ("附属单位上缴", "affiliated"), ("上级补助", "superior"),
    ("上年结转", "carryover"), ("其他收入", "other"),
]
# Sources that make up 本年收入; the grand total adds balance_used and carryover.
CURRENT_INCOME = ("fiscal", "education_fee", "business", "operating", "affiliated",
                  "superior", "other")

THREE_PUBLIC: list[tuple[str, str]] = [
    ("因公出国", "abroad"), ("公务接待", "reception"),
    ("公务用车购置及运行维护", "vehicle"), ("公务用车运行维护", "vehicle_operation"),
    ("公务用车运行费", "vehicle_operation"), ("公务用车购置", "vehicle_purchase"),
    ("三公", "total"),
]

PROCUREMENT: list[tuple[str, str]] = [
    ("货物", "goods"), ("工程", "works"), ("服务", "services"), ("总额", "total"),
    ("合计", "total"),
]

# Headcount kinds; "establishment" (编制) vs "serving" (在职) is decided by the subject.
HEADCOUNT_KINDS: list[tuple[str, str]] = [
    ("参照公务员", "civil_servant_managed"), ("参公", "civil_servant_managed"),
    ("行政", "admin"), ("全额", "full_funded"), ("部分补助", "partial_funded"),
    ("差额", "partial_funded"), ("自收自支", "self_funded"), ("工勤", "worker"),
    ("事业", "institution"),
]


def lookup(subject: str, table: list[tuple[str, str]]) -> str | None:
    """The key of the first name in ``table`` that the subject contains."""
    for name, key in table:
        if name in subject:
            return key
    return None


def name_of(key: str, table: list[tuple[str, str]]) -> str:
    for name, k in table:
        if k == key:
            return name
    return key

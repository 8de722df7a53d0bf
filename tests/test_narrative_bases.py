"""Held-out phrasings that once gave false or garbled findings: two bases of last year in one sentence
(its 预算 and its 决算), and one subject stated for several regions (全市, 市本级, 县（区）).
Each clean text gives no finding; the same text with one figure moved gives exactly one, in
the unit the text was written in."""

from __future__ import annotations

import pytest

from budgetcheck.narrative import check_narrative
from budgetcheck.narrative.document import document_from_text

TWO_BASES = (
    "七、“三公”经费预算情况\n"
    "2024年“三公”经费预算18.50万元，比2023年预算数20.00万元减少1.50万元，下降7.5%；"
    "比2023年决算数16.80万元增加1.70万元，增长{rate}%。\n"
)
REGIONS = (
    "2023年，全市“三公”经费财政拨款支出决算2,456.78万元，比上年决算增加56.78万元，增长2.37%。"
    "其中，市本级“三公”经费支出决算1,234.56万元，县（区）“三公”经费支出决算1,222.22万元。\n"
    "市本级“三公”经费中：因公出国（境）费56.00万元，公务接待费{reception}万元，"
    "公务用车购置及运行维护费1,000.00万元。\n"
)


def _rules(text: str) -> list[tuple[str, int]]:
    doc = document_from_text(text, "held-out.txt")
    return [(f.rule, f.location["line"]) for f in check_narrative(doc).findings]


@pytest.mark.parametrize("text", [TWO_BASES.format(rate="10.12"),
                                  REGIONS.format(reception="178.56")])
def test_consistent_texts_give_no_finding(text):
    assert _rules(text) == []


def test_a_wrong_rate_against_last_years_final_is_found():
    assert _rules(TWO_BASES.format(rate="11.12")) == [("NAR-PCT-001", 2)]


def test_parts_of_one_region_do_not_sum_to_another():
    # the parts add to 1,244.56, neither the 市本级 1,234.56 nor the 县（区） 1,222.22: which
    # whole the later list splits is uncertain, so no sum is reported ...
    assert _rules(REGIONS.format(reception="188.56")) == []
    # ... while a list in the whole's own sentence is checked
    text = ("2024年市本级“三公”经费预算30.00万元，其中：因公出国（境）费0万元，公务接待费10.00万元，"
            "公务用车购置及运行维护费21.00万元；县（区）“三公”经费预算50.00万元。\n")
    assert _rules(text) == [("NAR-SUM-001", 1)]


def test_a_sum_stated_in_yuan_is_reported_in_yuan():
    text = ("三、支出决算情况说明\n"
            "2023年度支出总计14,978,901.23元，其中：基本支出10,978,901.23元；项目支出4,100,000.00元。\n")
    findings = check_narrative(document_from_text(text, "yuan.txt")).findings
    assert [(f.rule, f.expected, f.actual) for f in findings] == [
        ("NAR-SUM-001", "14978901.23", "15078901.23")]


HEADCOUNT = ("三、人员情况\n本单位核定编制25人，其中：行政编制18人，事业编制7人。"
             "年末在职人员28人{detail}。退休人员10人。年末实有人数38人。\n")


def test_serving_staff_with_staff_outside_the_establishment_is_not_over_it():
    assert _rules(HEADCOUNT.format(detail="，其中：在编人员25人，编外聘用人员3人")) == []
    assert _rules(HEADCOUNT.format(detail="")) == [("NAR-HC-004", 2)]


BASIC = ("六、一般公共预算财政拨款基本支出决算情况说明\n"
         "2023年度一般公共预算财政拨款基本支出1,034.56万元，其中：人员经费{personnel}万元，主要包括："
         "基本工资、津贴补贴、奖金等；公用经费100.00万元，主要包括：办公费、印刷费、水费等。\n")


def test_words_describing_a_part_do_not_make_the_list_partial():
    # 主要包括 followed by words, not figures, says what 人员经费 holds: the parts stay complete
    assert _rules(BASIC.format(personnel="934.56")) == []
    assert _rules(BASIC.format(personnel="943.56")) == [("NAR-SUM-001", 2)]

"""Held-out texts (written for this test, of no unit in the corpus) that once gave a false
finding, missed an error or miscounted what was read. Each consistent text gives no finding;
its twin with one figure changed gives exactly the finding of that figure, at its line."""

from __future__ import annotations

import pytest

from budgetcheck.narrative import check_narrative
from budgetcheck.narrative.document import document_from_text


def _check(text: str):
    return check_narrative(document_from_text(text, "held-out.txt"))


def _rules(text: str) -> list[tuple[str, int]]:
    return [(f.rule, f.location["line"]) for f in _check(text).findings]


# -- what is unread is counted figure by figure ---------------------------------------------------

PARTLY_READ = (
    "一、收入预算情况\n"
    "2024年收入预算100.00万元，其中：财政拨款收入80.00万元，事业收入20.00万元，"
    "财政拨款占比较上年提高2个百分点。\n"
    "二、“三公”经费预算情况\n"
    "2024年“三公”经费预算5.00万元，其中公务接待费{reception}万元。\n"
)


def test_an_unread_figure_counts_in_a_sentence_the_section_reader_read():
    """The section reader read the income figures of line 2: its 2个百分点 is still unread."""
    result = _check(PARTLY_READ.format(reception="约2"))
    assert result.unread_items == [(2, "2个百分点"), (4, "约2万元")]
    assert result.unread == 2


def test_an_approximate_figure_is_no_part_of_a_sum():
    """约2万元 is no amount: the section reader leaves it unread, so 三公 (5.00) is not summed
    from it (a part lost, the list is not whole); stated exactly, the part is read."""
    approximate = _check(PARTLY_READ.format(reception="约2"))
    assert [c.key for c in approximate.claims] == [
        "income.total", "income.fiscal", "income.business", "three_public.total"]
    assert approximate.findings == []
    exact = _check(PARTLY_READ.format(reception="5.00"))
    assert "three_public.reception" in [c.key for c in exact.claims]
    assert exact.findings == [] and exact.unread == 1


@pytest.mark.parametrize("approx", ["近2", "超过2", "2万元左右，另有0.5", "2万多元，另有0.5"])
def test_other_approximate_forms_are_unread(approx):
    text = PARTLY_READ.format(reception=approx)
    keys = [c.key for c in _check(text).claims]
    assert "three_public.reception" not in keys


# -- a number broken by the line ---------------------------------------------------------------------

BROKEN = (
    "七、“三公”经费预算情况\n"
    "2024年“三公”经费预算5.6\n"
    "0万元，其中公务接待费2.10万元，公务用车运行维护费3.50万元，因公出国（境）费0万元。\n"
)


def test_a_figure_after_a_number_broken_by_the_line_is_unread():
    """"5.6" | "0万元": the figure after the break is not 0万元 (a whole of 0 beside parts of
    5.60 would be a false finding, against the parts or a table cell): neither reader reads it."""
    result = _check(BROKEN)
    assert result.unread_items == [(3, "0万元")]
    assert "three_public.total" not in [c.key for c in result.claims]
    assert not any(f.subject == "three_public" for f in result.facts)
    assert result.findings == []


# -- a share naming no whole -------------------------------------------------------------------------

SHARES = (
    "二、收入决算情况说明\n"
    "本年收入合计2,245.67万元，其中：财政拨款收入2,045.67万元，占91.1%；"
    "事业收入150.00万元，占{business}%；其他收入50.00万元，占2.2%。\n"
)
LISTED = (
    "（二）一般公共预算财政拨款支出决算结构情况\n"
    "2023年度一般公共预算财政拨款支出1,234.56万元，主要用于以下方面：一般公共服务（类）支出"
    "900.00万元，占72.9%；社会保障和就业（类）支出200.00万元，占16.2%；卫生健康（类）支出60.00万元，"
    "占4.86%；住房保障（类）支出{housing}万元，占6.04%。\n"
)


def test_a_share_is_of_the_statement_its_list_follows():
    """The shares name no whole: the whole is the statement the sentence opens with, whose
    parts are listed after 其中 / 主要用于 (when the shares do not add up to 100 the listed
    parts are not a whole)."""
    assert _rules(SHARES.format(business="6.7")) == []
    assert _rules(SHARES.format(business="7.7")) == [("NAR-SHARE-001", 2)]


def test_one_wrong_part_gives_one_share_finding_not_one_per_part():
    """Shares adding up to 100 may be of the listed parts; with one part wrong, every share
    fails against the parts' sum, but only that part's fails against the stated whole: a
    finding needs both readings to fail."""
    assert _rules(LISTED.format(housing="74.56")) == []
    found = _check(LISTED.format(housing="64.56")).findings
    assert [(f.rule, f.actual, f.expected) for f in found] == [("NAR-SHARE-001", "6.04%", "5.23%")]


# -- a completion rate against a budget named twice; a comparison opening the next sentence ------

ADJUSTED = "2023年度本部门支出决算总额1,850.00万元，完成全年预算（调整预算）1,900.00万元的{rate}%。\n"
NEXT_SENTENCE = (
    "（一）一般公共预算财政拨款支出决算总体情况\n"
    "2023年度一般公共预算财政拨款支出1,234.56万元，占本年支出合计的85.2%。"
    "与2022年度相比，一般公共预算财政拨款支出增加34.56万元，增长{rate}%。\n"
)


def test_a_budget_named_again_in_brackets_is_the_base_of_the_rate():
    assert _rules(ADJUSTED.format(rate="97.4")) == []
    assert _rules(ADJUSTED.format(rate="96.4")) == [("NAR-RATE-001", 1)]


def test_a_comparison_opening_a_sentence_is_of_the_statement_before_it():
    """与2022年度相比，X增加 …: X is the statement the sentence before states alone."""
    assert _rules(NEXT_SENTENCE.format(rate="2.88")) == []
    assert _rules(NEXT_SENTENCE.format(rate="3.88")) == [("NAR-PCT-001", 2)]


# -- a statement's other periods named by the period alone ------------------------------------------

PERIODS = ("2023年度一般公共预算财政拨款支出年初预算为800.00万元，全年预算为900.00万元，"
           "支出决算为880.00万元，完成全年预算的{rate}%。\n")
LAST_IN_BRACKETS = "2024年机关运行经费预算30.00万元（上年预算28.00万元），增加2.00万元，增长{rate}%。\n"


def test_a_full_year_budget_after_the_initial_one_is_the_same_statements():
    """全年预算为 y after 年初预算为 x: the statement's adjusted budget (it was unread, and the
    决算 after it was taken for a statement of its own)."""
    assert _rules(PERIODS.format(rate="97.8")) == []
    assert _rules(PERIODS.format(rate="98.8")) == [("NAR-RATE-001", 1)]


def test_last_years_value_in_brackets_is_the_base_of_the_change_after_it():
    assert _rules(LAST_IN_BRACKETS.format(rate="7.1")) == []
    assert _rules(LAST_IN_BRACKETS.format(rate="8.1")) == [("NAR-PCT-001", 1)]
    wrong_base = LAST_IN_BRACKETS.replace("28.00", "27.00").format(rate="7.1")
    assert ("NAR-CHG-001", 1) in _rules(wrong_base)


SPLIT_NEXT = ("三、支出预算情况\n2024年本部门支出预算1,500.00万元。"
              "其中：基本支出900.00万元，占60.0%；项目支出{project}万元，占40.0%。\n")


def test_shares_listed_after_a_sentence_opening_with_its_parts_are_of_its_whole():
    """其中 opening the sentence lists the parts of the one statement before it: 基本支出 is
    60% of 1500 whatever 项目支出 is, so a wrong 项目支出 is not blamed on 基本支出's share."""
    assert _rules(SPLIT_NEXT.format(project="600.00")) == []
    found = _check(SPLIT_NEXT.format(project="500.00")).findings
    assert sorted((f.rule, f.args["subject"]) for f in found) == [
        ("NAR-SHARE-001", "项目支出"), ("NAR-SUM-001", "支出（基本支出+项目支出）")]


# -- one part stated for two units -------------------------------------------------------------------

TWO_UNITS = (
    "第一部分 部门预算情况说明\n一、“三公”经费预算情况\n"
    "2024年本部门“三公”经费预算20.00万元，其中：公务接待费8.00万元，公务用车购置及运行维护费12.00万元。\n"
    "第二部分 所属单位预算情况说明\n一、“三公”经费预算情况\n"
    "2024年“三公”经费预算6.00万元，其中：公务接待费2.00万元，公务用车购置及运行维护费4.00万元。\n"
)
TWO_UNITS_ONE_SENTENCE = (
    "2024年局机关“三公”经费5.00万元，其中公务接待费2.00万元，公务用车运行维护费3.00万元；"
    "下属中心“三公”经费3.00万元，其中公务接待费1.00万元，公务用车运行维护费2.00万元。\n"
)
RESTATED = (
    "七、“三公”经费预算情况\n2024年“三公”经费预算18.50万元。其中：因公出国（境）费0万元；"
    "公务接待费6.50万元；公务用车购置及运行维护费12.00万元。\n1.公务接待费预算{again}万元。\n"
)


@pytest.mark.parametrize("text", [TWO_UNITS, TWO_UNITS_ONE_SENTENCE])
def test_parts_of_one_whole_stated_with_two_values_are_not_one_quantity(text):
    """公务接待费 listed under 本部门“三公”经费 (20.00) and under a unit's (6.00): two units'
    parts, not one figure stated twice (NAR-SAME-001 was false on both)."""
    assert _rules(text) == []


def test_a_part_restated_alone_is_still_one_quantity():
    assert _rules(RESTATED.format(again="6.50")) == []
    assert _rules(RESTATED.format(again="6.80")) == [("NAR-SAME-001", 3)]


def test_a_comparison_names_the_statement_before_by_part_of_its_words():
    text = ("2023年度，本部门一般公共预算财政拨款支出决算为1,100.00万元，完成全年预算的100%。"
            "与2022年度相比，一般公共预算财政拨款支出增加100.00万元，增长{rate}%。\n")
    assert _rules(text.format(rate="10.0")) == []
    assert _rules(text.format(rate="11.0")) == [("NAR-PCT-001", 1)]


# -- a negative figure in a two-way form -------------------------------------------------------------

NEGATIVE = "2024年机关运行经费预算48.00万元，比上年增加（减少）-2.00万元，增长（下降）{rate}%。\n"


def test_the_sign_of_a_figure_in_a_two_way_form_is_its_direction():
    """增加（减少）-2.00万元 is a decrease of 2.00 (it was read as a last-year value of 2.00)."""
    facts = _check(NEGATIVE.format(rate="-4.0")).facts
    assert [(f.measure, f.number.text, f.sign) for f in facts] == [
        ("amount", "48.00", 1), ("change", "2.00", -1), ("growth", "4.0", -1)]
    assert _rules(NEGATIVE.format(rate="-4.0")) == []
    assert _rules(NEGATIVE.format(rate="-5.0")) == [("NAR-PCT-001", 1)]


def test_a_negative_figure_outside_a_two_way_form_is_unread():
    result = _check("2023年末本单位净资产-5.00万元，比上年减少-1.00万元。\n")
    assert result.facts == [] and result.unread == 2


# -- 收支预算总计 and lists that name their side -------------------------------------------------------

BOTH_SIDES = (
    "第二部分 2025年部门预算情况说明\n一、收支预算总体情况\n"
    "2025年本部门收支预算总计3,456,789.12元。收入预算中,财政拨款收入3,000,000.00元,"
    "事业收入{business}元,上年结转56,789.12元。支出预算中,基本支出2,456,789.12元,"
    "项目支出1,000,000.00元。\n"
)


def test_a_total_of_both_sides_is_split_by_the_lists_that_name_their_side():
    """收支预算总计 is 收入总计 and 支出总计; 收入预算中 / 支出预算中 say which side a list
    under a heading of neither splits (it was all unread)."""
    result = _check(BOTH_SIDES.format(business="400,000.00"))
    assert [c.key for c in result.claims] == [
        "income.fiscal", "income.business", "income.carryover", "expense.basic",
        "expense.project", "income.total", "expense.total"]
    assert result.findings == []
    assert _rules(BOTH_SIDES.format(business="410,000.00")) == [("NAR-SUM-001", 3)]


def test_a_total_stated_on_its_own_side_wins_over_the_total_of_both():
    text = ("（二）收入预算情况\n2017年收支总预算3765.87万元。\n"
            "2017年收入预算总额为3765.87万元，其中：财政拨款收入3000.00万元，其他收入765.87万元。\n"
            "（三）支出预算情况\n2017年支出预算总额4142.47万元，其中：基本支出1999.10万元，"
            "项目支出2143.37万元。\n")
    assert _rules(text) == [("NAR-BAL-001", 5)]


# -- kinds of staff listed under a total ------------------------------------------------------------

STAFF = ("五、人员情况\n编制人数25人，其中：行政编制20人，工勤编制5人。"
         "在职人数24人，其中：行政人员19人，工勤人员{worker}人。\n")


def test_kinds_listed_under_a_headcount_total_are_of_its_base():
    """行政人员 / 工勤人员 listed after 在职人数 …，其中: serving staff of each kind (they were
    unread, so the serving total was never summed)."""
    keys = [c.key for c in _check(STAFF.format(worker="5")).claims]
    assert keys[-2:] == ["headcount.serving.admin", "headcount.serving.worker"]
    assert _rules(STAFF.format(worker="5")) == []
    assert _rules(STAFF.format(worker="4")) == [("NAR-HC-002", 2)]


def test_kinds_after_a_total_without_a_list_stay_unread():
    text = "五、人员情况\n在职人员40人（行政人员29人，事业人员11人），编制人数42人。\n"
    assert [c.key for c in _check(text).claims] == [
        "headcount.serving.total", "headcount.establishment.total"]


def test_a_share_after_parts_without_shares_is_not_of_the_opening_statement():
    """基本支出 and 项目支出 split 支出预算 before 主要用于：X c，占 80%: the share may be of
    项目支出 (400 / 500), so it is not checked against the statement the sentence opens with."""
    text = ("2024年支出预算1,500.00万元，其中：基本支出1,000.00万元，项目支出500.00万元，"
            "主要用于：一般公共服务支出400.00万元，占80.0%。\n")
    assert _rules(text) == []

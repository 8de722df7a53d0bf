"""The fact reader: every role of a figure explicit, or the figure unread."""

from __future__ import annotations

from budgetcheck.narrative.document import document_from_text
from budgetcheck.narrative.facts import read_facts


def facts(text: str):
    return read_facts(document_from_text(text))


def roles(text: str):
    return [(f.subject, f.measure, f.period, f.base, f.sign, f.number.text)
            for f in facts(text).facts]


def test_final_accounts_template():
    text = ("2023年度“三公”经费决算情况说明\n公务接待费预算为1万元,支出决算为0.53万元,完成预算的47%;"
            "较上年减少0.47万元,下降47 %。\n")
    assert roles(text) == [
        ("three_public.reception", "amount", "budget", None, 1, "1"),
        ("three_public.reception", "amount", "cur", None, 1, "0.53"),
        ("three_public.reception", "completion", "cur", "budget", 1, "47"),
        ("three_public.reception", "change", "cur", "last", -1, "0.47"),
        ("three_public.reception", "growth", "cur", "last", -1, "47")]


def test_two_way_words_unfilled_forms_and_unchanged():
    text = ("2018年“三公”经费决算\n“三公”经费支出合计9.75万元,较预算数增加(减少)0.03万元,(下降)0.3%。"
            "其中:因公出国(境)费为0万元,较预算数增加(减少)0万元,增长(下降)0%,与上年持平。\n")
    found = roles(text)
    assert ("three_public", "change", "cur", "budget", None, "0.03") in found
    assert ("three_public", "growth", "cur", "budget", None, "0.3") in found
    assert ("three_public.abroad", "change", "cur", "last", 1, "0") in found  # 持平
    assert not [r for r in found if r[1] in ("change", "growth") and r[3] == "budget"
                and r[0] == "three_public.abroad"]  # the unfilled form is no claim


def test_uncertain_figures_are_unread():
    reading = facts("2022年政府采购情况\n货物、工程、服务政府采购规模分别为9,027.5亿元、15,664.1亿元和10,301.5亿元,"
                    "节约资金约2.93亿元,较2019年增加1亿元。\n")
    # the enumeration pairs one to one (tests/test_narrative_enumerations.py); the approximate
    # figure and the change against another year than the last are unread
    assert [f.subject for f in reading.facts] == ["procurement.goods", "procurement.works",
                                                  "procurement.services"]
    assert [text for _, text, *_ in reading.unread] == ["约2.93亿元", "1亿元"]


def test_a_list_of_changes_without_words_is_not_read_as_amounts():
    text = ("2022年度“三公”经费支出决算数比2021年增加231,448.10元,增长145.87%。其中:公务用车购置及运行费"
            "支出决算174,732.10元,增长176.55%;公务接待费支出决算增加56,716.00元,增长95.00%。\n")
    assert [r for r in roles(text) if r[0] == "three_public.vehicle"] == []

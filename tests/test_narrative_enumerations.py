"""分别为 enumerations: "A、B、C分别为 x万元、y万元和z万元" are facts when names and figures pair
one to one, with certainty; otherwise every figure of the list is unread."""

from __future__ import annotations

from budgetcheck.narrative import check_narrative
from budgetcheck.narrative.document import document_from_text
from budgetcheck.narrative.facts import read_facts


def read(text: str):
    reading = read_facts(document_from_text(text))
    facts = [(f.subject, f.measure, f.period, f.number.text, f.unit) for f in reading.facts]
    return facts, [figure for _, figure, *_ in reading.unread]


def rules(text: str) -> list[str]:
    return [f.rule for f in check_narrative(document_from_text(text, "t.txt")).findings]


def test_names_and_figures_pair_in_order() -> None:
    facts, unread = read("2024年差旅费、会议费、培训费分别为10万元、8万元和13.5万元。")
    assert facts == [("text:差旅费", "amount", "cur", "10", "万元"),
                     ("text:会议费", "amount", "cur", "8", "万元"),
                     ("text:培训费", "amount", "cur", "13.5", "万元")]
    assert unread == []


def test_a_shared_tail_is_every_names() -> None:
    facts, unread = read("全市货物、工程、服务政府采购规模分别为14.71亿元、5.65亿元和12.36亿元。")
    assert [f[0] for f in facts] == ["procurement.goods", "procurement.works", "procurement.services"]
    assert unread == []


def test_a_last_name_joined_by_a_word() -> None:
    """与 joins two names; 及 inside 购置及运行维护费 does not (that split names no path)."""
    facts, _ = read("其中，因公出国（境）费与公务用车购置及运行维护费分别为1万元和3万元。")
    assert [(f[0], f[3]) for f in facts] == [("three_public.abroad", "1"), ("three_public.vehicle", "3")]


def test_counts_pair_too() -> None:
    facts, _ = read("2024年在职人员、退休人员分别为20人和6人。")
    assert [(f[1], f[3], f[4]) for f in facts] == [("count", "20", "人"), ("count", "6", "人")]


def test_what_does_not_pair_is_unread() -> None:
    for text in ("2024年差旅费、会议费分别为10万元、8万元、13万元。",  # 2 names, 3 figures
                 "公务用车购置费、运行维护费分别为1万元和3万元。",  # a name the list does not complete
                 "中央预算单位、地方预算单位的政府采购规模分别为2666.3亿元和30400.7亿元。",  # one path twice
                 "差旅费、会议费分别为约10万元、8万元。"):  # an approximate figure
        facts, unread = read(text)
        assert facts == [] and len(unread) >= 2, text
    facts, unread = read("差旅费、会议费分别为10万元，其他8万元。")  # words between the figures
    assert facts == [("text:其他", "amount", "cur", "8", "万元")] and unread == ["10万元"]


def test_percentages_and_other_verbs_are_not_enumerations() -> None:
    facts, unread = read("占全国财政支出和GDP的比重分别为9.4%和2.9%。")
    assert facts == [] and unread == ["9.4%", "2.9%"]
    facts, unread = read("东部、中部地区收入分别增长8.1%、6.1%。")
    assert facts == []


def test_enumerated_parts_are_summed_and_checked() -> None:
    text = ("2024年“三公”经费预算5.00万元。其中，因公出国（境）费、公务接待费、公务用车购置及运行维护费"
            "分别为1.00万元、1.00万元和3.00万元。\n")
    assert rules(text) == []
    assert rules(text.replace("和3.00万元", "和4.00万元")) == ["NAR-SUM-001"]


def test_another_regions_whole_is_not_the_lists_whole() -> None:
    """全市 parts after a 市本级 figure of the same path are not the 市本级 figure's parts (real
    text d033), and within one sentence they add up to the 全市 whole."""
    text = ("2024年，全市政府采购规模为32.72亿元。市本级政府采购规模为10.29亿元。"
            "从结构上看，全市货物、工程、服务政府采购规模分别为14.71亿元、5.65亿元和12.36亿元。\n")
    assert rules(text) == []
    one = ("2024年，全市政府采购规模为32.72亿元，市本级政府采购规模为10.29亿元，"
           "全市货物、工程、服务政府采购规模分别为14.71亿元、5.65亿元和12.36亿元。\n")
    assert rules(one) == []
    assert rules(one.replace("12.36亿元", "13.36亿元")) == ["NAR-SUM-001"]


def test_the_section_reader_pairs_names_and_figures() -> None:
    """The section reader once gave 60.00 the last name's key (项目支出): with a workbook that is
    a false NAR-TAB-001. Paired in order now; a list that does not pair is unread."""
    from budgetcheck.narrative.claims import extract_claims

    def keys(text: str):
        extraction = extract_claims(document_from_text("二、支出预算情况\n" + text))
        return [(c.key, c.value.text) for c in extraction.claims], [t for _, t in extraction.unread]

    claims, unread = keys("2024年支出预算总额100.00万元，其中：基本支出、项目支出分别为60.00万元、40.00万元。")
    assert claims == [("expense.total", "100.00"), ("expense.basic", "60.00"), ("expense.project", "40.00")]
    assert unread == []
    claims, unread = keys("2024年支出预算总额100.00万元，其中：基本支出和项目支出分别为60.00万元。")
    assert claims == [("expense.total", "100.00")] and unread == ["60.00万元"]
    claims, unread = keys("2024年支出预算总额100.00万元，其中：基本支出60.00万元、项目支出40.00万元，"
                          "占比分别为60%、40%。")
    assert [k for k, _ in claims] == ["expense.total", "expense.basic", "expense.project"]
    assert unread == ["60%", "40%"]  # shares of a list: not the last claim's
    text = "二、支出预算情况\n2024年支出预算总额100.00万元，其中：基本支出、项目支出分别为60.00万元、50.00万元。\n"
    assert rules(text) == ["NAR-SUM-001"]

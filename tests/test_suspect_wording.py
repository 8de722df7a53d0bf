"""Honest wording: a finding's two values are named by their side of the relation (合计 / 各项之和,
本表 / 表N, 上限 / 本项), never an 应为 that would not read right for most of its cells; a suspect
reads "单元格 X 现为 v，按 RULES 应为 s"."""

from __future__ import annotations

from budgetcheck.contracts.rules import load_ruleset
from budgetcheck.engine.diagnose import Diagnosis, Suspect
from budgetcheck.model import Finding
from budgetcheck.reports.suspects import diagnosis_lines, sides_text, suspect_line

RULES = load_ruleset()


def _rule(family: str):
    return next(r for r in RULES.rules if r.family == family)


def _finding(rule, **args) -> Finding:
    return Finding(rule.id, "error", "basic", ["'6 一般公共预算基本支出表'!C20"], "4.32", "4.59", args=args)


def test_each_side_is_named_for_what_it_is() -> None:
    total = _rule("row_sum")
    assert sides_text(_finding(total), total) == "合计 4.32，各项之和 4.59"
    assert sides_text(_finding(total), total, "en") == "total 4.32, sum of parts 4.59"
    pair = _rule("equal_pairs")
    assert sides_text(_finding(pair, other_no="4"), pair) == "本表 4.32，表4 4.59"
    equal = _rule("equal")
    assert sides_text(_finding(equal, left_label="收入总计", right_label="支出总计"), equal) == "收入总计 4.32，支出总计 4.59"
    limit = _rule("subset_not_above")
    assert sides_text(_finding(limit), limit) == "上限 4.32，本项 4.59"


def test_a_suspect_says_what_it_is_and_what_it_should_be() -> None:
    suspect = Suspect("'6 一般公共预算基本支出表'!C20", "4.32", "4.59", ["BAS-001", "BAS-002"],
                      "transposition", 0.95)
    assert suspect_line(suspect) == ("单元格 '6 一般公共预算基本支出表'!C20 现为 4.32，按 BAS-001、BAS-002 应为 4.59"
                                     "（疑为两位数字颠倒；置信度 0.95）")
    assert suspect_line(suspect, "en").startswith(
        "cell '6 一般公共预算基本支出表'!C20 is 4.32; by BAS-001, BAS-002 it should be 4.59")
    tied = Suspect("A!B1", "1.00", "2.00", ["X-1"], "other", 0.5, one_of=["A!B1", "A!B2"])
    assert "此格与 A!B2 中有一处有误，无法区分" in suspect_line(tied)
    assert diagnosis_lines(Diagnosis("too_many")) == ["最可能的错误单元格：不一致之处过多（超过 3 个单元格），无法定位到具体单元格"]
    assert diagnosis_lines(Diagnosis("none")) == [] and diagnosis_lines(None) == []

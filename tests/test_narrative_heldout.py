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

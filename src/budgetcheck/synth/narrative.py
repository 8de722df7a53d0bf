"""Synthetic 情况说明 written from a generated unit, with their truth.

The figures of a unit drawn by ``build_unit`` (this year, and a last year and a budget drawn
around them, all in exact yuan) are written as a budget or a final-accounts narrative: a title,
then sections (narrative_sections) composed at random per text, in a style drawn once per text
(narrative_style: punctuation width, full-width digits, 元 / 万元 / 亿元 with their published
decimals, rates with 1 or 2 decimals, enumeration marks, comparison wording, numbers broken
across lines as PDF extraction breaks them). Every stated figure is rounded from the exact
value, so the clean text holds every relation within rounding.

One inconsistency of a chosen kind can be injected; ``GeneratedNarrative.truth`` then names the
rule that must find it and the lines of the sentences it must cite.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from .build import build_unit
from .model import Unit
from .narrative_budget import Budget, Fiscal, Office, Procurement, Staff
from .narrative_sections import SanGong
from .narrative_style import Style, draw_style
from .narrative_text import Text

RULE_OF = {"sum": "NAR-SUM-001", "change_sum": "NAR-SUM-002", "growth": "NAR-PCT-001",
           "change": "NAR-CHG-001", "completion": "NAR-RATE-001", "share": "NAR-SHARE-001",
           "direction": "NAR-SIGN-001", "twice": "NAR-SAME-001",
           "sum_income": "NAR-SUM-001", "sum_expense": "NAR-SUM-001", "sum_class": "NAR-SUM-001",
           "sum_procurement": "NAR-SUM-001", "share_expense": "NAR-SHARE-001",
           "share_sme": "NAR-SHARE-001", "balance": "NAR-BAL-001",
           "office_growth": "NAR-PCT-001", "office_direction": "NAR-SIGN-001",
           "office_change": "NAR-CHG-001", "hc_establishment": "NAR-HC-001",
           "hc_serving": "NAR-HC-002", "hc_actual": "NAR-HC-003", "hc_over": "NAR-HC-004",
           "sum_fiscal": "NAR-SUM-001", "sum_basic": "NAR-SUM-001",
           "budget_change": "NAR-CHG-001", "office_truncated": "NAR-PCT-001",
           "empty": "NAR-EMPTY-001", "share_income": "NAR-SHARE-001"}
# the injections a rule reports as a warning, not an error: a rate that matches only when cut
# (not rounded) at its decimals; a text with no fact recognised at all
WARNINGS = {"office_truncated", "empty"}
KINDS = tuple(RULE_OF)
# the section each injection lives in
SECTION_OF = {**{k: "sangong" for k in ("sum", "change_sum", "growth", "change", "completion",
                                        "share", "direction", "twice", "budget_change")},
              "sum_income": "income", "share_income": "income", "sum_expense": "expense",
              "sum_class": "expense",
              "share_expense": "expense", "balance": "expense", "sum_procurement": "procurement",
              "share_sme": "procurement", "office_growth": "office",
              "office_direction": "office", "office_change": "office",
              "office_truncated": "office", "empty": "empty",
              "hc_establishment": "staff", "hc_serving": "staff", "hc_actual": "staff",
              "hc_over": "staff", "sum_fiscal": "fiscal", "sum_basic": "fiscal"}
# the injections a final-accounts text needs (a completion rate is stated in 决算 only)
FINAL_ONLY = {"completion", "share_sme", "budget_change", "share_income"}
# the injections that need the rate's direction word written as one word
ONE_WORD = {"direction", "change_sum", "office_direction"}
SECTIONS = ("staff", "income", "expense", "fiscal", "sangong", "office", "procurement")


@dataclass(slots=True)
class Truth:
    kind: str  # the injection (a key of RULE_OF)
    rule: str
    severity: str
    sentences: list[set[int]]  # the lines of each sentence the finding must cite

    @property
    def lines(self) -> set[int]:
        return set().union(*self.sentences)


@dataclass(slots=True)
class GeneratedNarrative:
    text: str
    kind: str  # budget | final
    phrasing: dict[str, object]
    truth: Truth | None = None
    markers: dict[str, tuple[int, int]] = field(default_factory=dict)  # key -> (first, last) line


def generate_narrative(seed: int, kind: str | None = None, inject: str | None = None,
                       half_width: bool | None = None, yuan: bool | None = None,
                       pdf_breaks: bool | None = None, money: str | None = None
                       ) -> GeneratedNarrative:
    rng = random.Random(seed)
    unit = build_unit(rng, year=2016 + rng.randint(0, 9))
    kind = kind or rng.choice(("budget", "final"))
    if inject in FINAL_ONLY:
        kind = "final"
    if yuan is not None and money is None:
        money = "元" if yuan else "万元"
    style = draw_style(rng, half_width=half_width, pdf_breaks=pdf_breaks, money=money)
    if inject in ONE_WORD:
        style.two_way = False
    if inject == "office_truncated":
        # a cut rate is told from a rounded one only when the figures are precise enough:
        # rates with one decimal, amounts with all their decimals
        style.rate_decimals, style.trim_zeros = 1, False
        if style.money == "亿元":
            style.money, style.decimals, style.scale = "万元", 2, Decimal(1)
    t = Text(rng, style, unit.year, kind)
    _compose(t, unit, inject)
    lines, markers = _layout(t.paragraphs, style, rng, t.used)
    text = style.finish("\n".join(lines) + "\n")
    truth = None
    if inject:
        severity = "warning" if inject in WARNINGS else "error"
        truth = Truth(inject, RULE_OF[inject], severity, [
            {n for k in group if k in markers for n in range(markers[k][0], markers[k][1] + 1)}
            for group in t.cited])
    phrasing = _phrasing(style) | {name: True for name in sorted(t.used)}
    return GeneratedNarrative(text, kind, phrasing, truth, markers)


def _compose(t: Text, unit: Unit, inject: str | None) -> None:
    """A “三公” notice alone, or a 部门预算/决算 情况说明 with sections drawn at random (the
    injection's section always among them)."""
    rng = t.rng
    title = "预算" if t.kind == "budget" else "决算"
    needed = SECTION_OF.get(inject or "", "sangong")
    if needed == "empty":  # words only: nothing checkable, which is no pass (NAR-EMPTY-001)
        t.add(f"{unit.name}{t.year}年“三公”经费{title}情况说明", "title")
        t.cite("title")
        t.add(rng.choice((f"本单位{t.year}年度无“三公”经费{'预算' if t.kind == 'budget' else '支出'}。",
                          "本单位没有使用一般公共预算财政拨款安排的“三公”经费。")))
        return
    if needed == "sangong" and rng.random() < 0.5:
        t.add(rng.choice((f"{unit.name}{t.year}年“三公”经费{title}情况说明",
                          f"{t.year}年度{unit.name}“三公”经费{title}公开说明")))
        t.used.add("sangong_notice")
        SanGong(t, unit, inject).write(1)
        return
    t.add(rng.choice((f"{unit.name}{t.year}年部门{title}情况说明",
                      f"{t.year}年度{unit.name}单位{title}公开说明")))
    chosen = [s for s in SECTIONS if s == needed or rng.random() < 0.5]
    if "expense" in chosen and inject == "balance":
        chosen = sorted({*chosen, "income"}, key=SECTIONS.index)
    budget = Budget(t, unit, inject)
    writers = {"staff": Staff(t, unit, inject).write, "income": budget.income,
               "expense": budget.expense, "fiscal": Fiscal(t, unit, inject).write,
               "sangong": SanGong(t, unit, inject).write,
               "office": Office(t, unit, inject).write,
               "procurement": Procurement(t, unit, inject).write}
    for n, section in enumerate(chosen, start=1):
        if section == "sangong" and t.style.money == "万元" and rng.random() < 0.2:
            _in_yuan(t, writers[section], n)  # 元 and 万元 in one document
        else:
            writers[section](n)


def _in_yuan(t: Text, write: Callable[[int], None], n: int) -> None:
    """One section written in 元 (with two decimals), as “三公” tables often are."""
    style = t.style
    saved = (style.money, style.decimals, style.thousands, style.trim_zeros)
    style.money, style.decimals, style.trim_zeros = "元", 2, False
    style.thousands = t.rng.random() < 0.5
    t.used.add("mixed_units")
    write(n)
    style.money, style.decimals, style.thousands, style.trim_zeros = saved


def _phrasing(style: Style) -> dict[str, object]:
    return {"half_width": style.half_width, "full_digits": style.full_digits,
            "money": style.money, "decimals": style.decimals, "trim_zeros": style.trim_zeros,
            "thousands": style.thousands, "rate_decimals": style.rate_decimals,
            "pdf_breaks": style.pdf_breaks, "enum": style.enum, "compare": style.compare,
            "change_first": style.change_first, "two_way": style.two_way}


def _layout(paragraphs: list[tuple[str | None, str]], style: Style, rng: random.Random,
            used: set[str]) -> tuple[list[str], dict[str, tuple[int, int]]]:
    """Physical lines: with PDF breaks a paragraph is wrapped at a width (inside words, between
    a number and its unit, after a thousands separator) with blank lines between; markers map
    each paragraph key to its lines."""
    out: list[str] = []
    markers: dict[str, tuple[int, int]] = {}
    for key, text in paragraphs:
        first = len(out) + 1
        if not style.pdf_breaks or len(text) < 12:
            out.append(text)
        else:
            width, start = rng.randint(14, 30), 0
            while start < len(text):
                end = min(start + width, len(text))
                if start == 0:  # a heading's words alone on a line would end the sentence
                    end = max(end, min(text.find("元") + 1, len(text)))
                # never between two digits (the reader takes digits on two lines for two
                # table cells), nor between a number's digits and its decimal point
                while 0 < end < len(text) and _glued(text[end - 1], text[end]):
                    end -= 1
                out.append(text[start:end])
                out.append("")
                start = end
        if key:
            first_line, _ = markers.get(key, (first, 0))
            markers[key] = (first_line, len(out))
        if style.pdf_breaks and rng.random() < 0.15:  # a page ends: its number on its own line
            page = rng.randint(2, 40)
            used.add("page_number")
            out.append(rng.choice((str(page), f"- {page} -", f"第 {page} 页")))
            out.append("")
    return out, markers


def _glued(before: str, after: str) -> bool:
    digitish = "0123456789."
    return before in digitish and after in digitish

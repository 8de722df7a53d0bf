"""Synthetic 情况说明 written from a generated unit, with their truth.

The 三公 figures of a unit drawn by ``build_unit`` (this year, and a last year and a budget drawn
around them, all in exact yuan) are written as a budget or a final-accounts narrative in one of
many phrasings: full- or half-width punctuation, 元 or 万元, the change before or after its rate,
"比上年 … 减少" / "与上年相比，… 减少" / "同比增长 … ，增加 …", the parts listed with 其中 or
item by item, numbers broken across lines as PDF extraction breaks them. Every stated figure is
rounded from the exact value, so the clean text holds every relation within rounding.

One inconsistency of a chosen kind can be injected; ``GeneratedNarrative.truth`` then names the
rule that must find it and the lines of the two sentences it must cite.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .build import build_unit

KINDS = ("sum", "change_sum", "growth", "change", "completion", "share", "direction", "twice")
RULE_OF = {"sum": "NAR-SUM-001", "change_sum": "NAR-SUM-002", "growth": "NAR-PCT-001",
           "change": "NAR-CHG-001", "completion": "NAR-RATE-001", "share": "NAR-SHARE-001",
           "direction": "NAR-SIGN-001", "twice": "NAR-SAME-001"}
ITEMS = ("abroad", "reception", "purchase", "operation")
NAMES = {"abroad": "因公出国（境）费", "reception": "公务接待费", "vehicle": "公务用车购置及运行维护费",
         "purchase": "公务用车购置费", "operation": "公务用车运行维护费", "total": "“三公”经费"}
HALF = str.maketrans({"，": ",", "：": ":", "（": "(", "）": ")", "；": ";"})


@dataclass(slots=True)
class Truth:
    rule: str
    lines: set[int]  # lines of the sentences the finding must cite


@dataclass(slots=True)
class GeneratedNarrative:
    text: str
    kind: str  # budget | final
    phrasing: dict[str, object]
    truth: Truth | None = None
    markers: dict[str, tuple[int, int]] = field(default_factory=dict)  # key -> (first, last) line


def _round(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


class _Writer:
    """Sentences with keys; each key remembers the logical line it is written on."""

    def __init__(self) -> None:
        self.lines: list[tuple[str | None, str]] = []

    def add(self, text: str, key: str | None = None) -> None:
        self.lines.append((key, text))


def _draw_year(rng: random.Random, current: dict[str, Decimal]) -> dict[str, Decimal]:
    """Another year's (or the budget's) items around this year's, in exact yuan."""
    out = {}
    for k, v in current.items():
        if v == 0 and rng.random() < 0.6:
            out[k] = Decimal(0)
        else:
            out[k] = max(Decimal(0), v + Decimal(rng.randint(-40000, 40000)))
            if out[k] == 0 and v == 0:
                out[k] = Decimal(rng.randint(1000, 20000))
    return out


def generate_narrative(seed: int, kind: str | None = None, inject: str | None = None,
                       half_width: bool | None = None, yuan: bool | None = None,
                       pdf_breaks: bool | None = None) -> GeneratedNarrative:
    rng = random.Random(seed)
    unit = build_unit(rng, year=2020 + rng.randint(0, 5))
    kind = kind or rng.choice(("budget", "final"))
    if inject == "completion":
        kind = "final"  # a completion rate is stated in final accounts only
    half_width = rng.random() < 0.5 if half_width is None else half_width
    yuan = rng.random() < 0.25 if yuan is None else yuan
    pdf_breaks = rng.random() < 0.3 if pdf_breaks is None else pdf_breaks
    sg = unit.sangong
    cur = {"abroad": sg.abroad, "reception": sg.reception, "purchase": sg.vehicle_purchase,
           "operation": sg.vehicle_operation}
    if all(v == 0 for v in cur.values()):
        cur["reception"] = Decimal(rng.randint(5000, 60000))
    last = _draw_year(rng, cur)
    budget = _draw_year(rng, cur) if kind == "final" else None
    phrasing = {"half_width": half_width, "yuan": yuan, "pdf_breaks": pdf_breaks,
                "change_first": rng.random() < 0.6, "compare": rng.choice(("比", "较", "与")),
                "listed": rng.random() < 0.7 or inject in ("twice", "sum")}
    writer = _Writer()
    story = _Story(rng, writer, unit.year, kind, cur, last, budget, yuan, phrasing, inject)
    story.write()
    lines, markers = _layout(writer, pdf_breaks, rng)
    text = "\n".join(lines) + "\n"
    if half_width:
        text = text.translate(HALF)
    truth = None
    if inject:
        lines = {n for k in story.cited if k in markers
                 for n in range(markers[k][0], markers[k][1] + 1)}
        truth = Truth(RULE_OF[inject], lines)
    return GeneratedNarrative(text, kind, phrasing, truth, markers)


def _layout(writer: _Writer, pdf_breaks: bool, rng: random.Random
            ) -> tuple[list[str], dict[str, tuple[int, int]]]:
    """Physical lines: with PDF breaks a sentence is wrapped at a width (inside numbers and
    words) with blank lines between; markers map each sentence key to its lines."""
    out: list[str] = []
    markers: dict[str, tuple[int, int]] = {}
    for key, text in writer.lines:
        first = len(out) + 1
        if not pdf_breaks or len(text) < 12:
            out.append(text)
        else:
            # wrapped at a width, inside words and numbers, but never between two digits:
            # the reader takes digits on two lines for two figures (table cells)
            width, start = rng.randint(14, 30), 0
            while start < len(text):
                end = min(start + width, len(text))
                if start == 0:  # a heading's words alone on a line would end the sentence
                    end = max(end, min(text.find("元") + 1, len(text)))
                while 0 < end < len(text) and text[end - 1].isdigit() and text[end].isdigit():
                    end -= 1
                out.append(text[start:end])
                out.append("")
                start = end
        if key:
            markers[key] = (first, len(out))
    return out, markers


class _Story:
    def __init__(self, rng: random.Random, w: _Writer, year: int, kind: str,
                 cur: dict[str, Decimal], last: dict[str, Decimal],
                 budget: dict[str, Decimal] | None, yuan: bool, phrasing: dict[str, object],
                 inject: str | None) -> None:
        self.rng, self.w, self.year, self.kind = rng, w, year, kind
        self.cur, self.last, self.budget = cur, last, budget
        self.yuan, self.p, self.inject = yuan, phrasing, inject
        self.cited: list[str] = []
        self.unit = "元" if yuan else "万元"

    # -- numbers -----------------------------------------------------------------------------
    def money(self, yuan_value: Decimal) -> Decimal:
        return _round(yuan_value, 2) if self.yuan else _round(yuan_value / 10000, 2)

    def fmt(self, value: Decimal) -> str:
        text = f"{value:.2f}"
        if self.yuan and value >= 1000 and self.rng.random() < 0.5:
            text = f"{value:,.2f}"
        return text + self.unit

    def pct(self, value: Decimal) -> str:
        return f"{_round(value, 2):.2f}%"

    def total(self, values: dict[str, Decimal]) -> Decimal:
        return sum(values.values(), Decimal(0))

    # -- sentences ---------------------------------------------------------------------------
    def comparison(self, name: str, now: Decimal, base: Decimal, base_word: str,
                   key: str, inject_growth: bool = False, inject_direction: bool = False,
                   change_delta: Decimal = Decimal(0)) -> str:
        """"，比上年减少 x万元，下降 y%" in one of its phrasings (nothing when equal)."""
        # published as disclosures compute them: from exact yuan, each rounded on its own
        change = self.money(now - base) + change_delta
        if now == base:
            return f"，与{base_word}持平"
        up = change > 0
        word, rate_word = ("增加", "增长") if up else ("减少", "下降")
        rate = abs(now - base) / base * 100 if base > 0 else None
        if inject_direction:
            rate_word = "下降" if up else "增长"
        if rate is not None and inject_growth:
            rate += Decimal(self.rng.choice((3, 5, 7, 11)))
        amount = self.fmt(abs(change))
        rate_text = f"，{rate_word}{self.pct(rate)}" if rate is not None else ""
        style = self.p["compare"]
        if style == "与":
            return f"，与{base_word}相比，{name}{word}{amount}{rate_text}"
        if not self.p["change_first"] and rate is not None and base_word == "上年":
            return f"，同比{rate_word}{self.pct(rate)}，{word}{amount}"
        return f"，{style}{base_word}{word}{amount}{rate_text}"

    def write(self) -> None:
        cur, last, budget = self.cur, self.last, self.budget
        total_now = self.total(cur)
        vehicle = {k: cur[k] for k in ("purchase", "operation")}
        inject = self.inject
        title = "预算" if self.kind == "budget" else "决算"
        self.w.add(f"某单位{self.year}年“三公”经费{title}情况说明")
        self.w.add("一、“三公”经费总体情况")
        verb = "预算安排" if self.kind == "budget" else "支出决算"
        # a change of the whole off by whole units (yuan: hundreds of yuan)
        delta = Decimal(self.rng.choice((1, 3, 5))) * (100 if self.yuan else 1)
        shown_total = self.money(total_now)
        if inject == "sum":
            shown_total += Decimal(self.rng.choice((2, 3, 7))) * (100 if self.yuan else 1)
        first = f"{self.year}年“三公”经费{verb}{self.fmt(shown_total)}"
        if self.kind == "final" and budget is not None:
            b = self.money(self.total(budget))
            first = (f"{self.year}年“三公”经费年初预算为{self.fmt(b)}，"
                     f"支出决算{self.fmt(shown_total)}")
            if b > 0:
                rate = shown_total / b * 100
                if inject == "completion":
                    rate += Decimal(self.rng.choice((4, 6, 9)))
                first += f"，完成年初预算的{self.pct(rate)}"
        if inject == "change_sum":
            first += self._change_sum_comparison(total_now, self.total(last), delta)
        else:
            first += self.comparison("“三公”经费", total_now, self.total(last), "上年", "total",
                                     inject_growth=inject == "growth",
                                     inject_direction=inject == "direction")
        if self.p["listed"]:
            parts = "，".join(f"{NAMES[k]}{self.fmt(self.money(v))}" for k, v in
                             (("abroad", cur["abroad"]), ("reception", cur["reception"])))
            v_text = (f"{NAMES['vehicle']}{self.fmt(self.money(self.total(vehicle)))}"
                      f"（其中：{NAMES['purchase']}{self.fmt(self.money(cur['purchase']))}，"
                      f"{NAMES['operation']}{self.fmt(self.money(cur['operation']))}）")
            first += f"。其中：{parts}，{v_text}"
        self.w.add(first + "。", "total")
        if inject in ("sum", "completion", "growth", "direction", "change_sum"):
            self.cited += ["total"]
        if inject == "change_sum":
            self.cited += [f"item-{k}" for k in ITEMS]
        self.w.add("二、“三公”经费具体情况")
        self._items()
        if self.total(cur) > 0 and self.rng.random() < 0.8 or inject == "share":
            self._shares(total_now)
        if inject == "change":
            self._stated_last()

    def _change_sum_comparison(self, now: Decimal, before: Decimal, delta: Decimal) -> str:
        """The whole's change off by a few units, its rate recomputed to agree with it."""
        change = self.money(now - before) + delta
        up = change > 0
        word, rate_word = ("增加", "增长") if up else ("减少", "下降")
        base = self.money(now) - change
        rate = f"，{rate_word}{self.pct(abs(change) / base * 100)}" if base > 0 else ""
        return f"，比上年{word}{self.fmt(abs(change))}{rate}"

    def _items(self) -> None:
        cur, last = self.cur, self.last
        for n, k in enumerate(ITEMS, start=1):
            name = NAMES[k]
            value = self.money(cur[k])
            shown = value
            if self.inject == "twice" and k == "reception" and self.p["listed"]:
                shown = value + Decimal(self.rng.choice((2, 4))) * (100 if self.yuan else 1)
                self.cited += ["total", "item-reception"]
            text = f"（{'一二三四'[n - 1]}）{name}{self.fmt(shown)}"
            if self.kind == "final" and self.budget is not None:
                b = self.money(self.budget[k])
                text += f"，年初预算为{self.fmt(b)}"
            text += self.comparison(name, cur[k], last[k], "上年", f"item-{k}")
            self.w.add(text + "。", f"item-{k}")

    def _shares(self, total_now: Decimal) -> None:
        total_shown = self.money(total_now)
        if total_shown == 0:
            return
        k = self.rng.choice([k for k in ("reception", "operation") if self.cur[k] > 0] or
                            ["reception"])
        value = self.money(self.cur[k])
        share = value / total_shown * 100
        if self.inject == "share":
            share = share + 9 if share < 50 else share - 9
            self.cited += ["share", "total"]
        self.w.add(f"三、{NAMES[k]}{self.fmt(value)}，占“三公”经费的{self.pct(share)}。", "share")

    def _stated_last(self) -> None:
        """"公务接待费 x，比上年的 y 减少 z": the stated last-year value off by a few units."""
        k = "reception"
        now, before = self.money(self.cur[k]), self.money(self.last[k])
        wrong = before + Decimal(self.rng.choice((3, 6))) * (100 if self.yuan else 1)
        change = self.money(self.cur[k] - self.last[k])
        word = "增加" if change > 0 else "减少"
        if change == 0:
            word, change = "增加", Decimal(0)
        self.w.add(f"四、{NAMES[k]}{self.fmt(now)}，比上年的{self.fmt(wrong)}{word}"
                   f"{self.fmt(abs(change))}。", "last")
        self.cited += ["last"]

"""Sentences of a generated 情况说明: comparisons, lists and their injected errors.

A ``Text`` collects paragraphs (each a logical line with a key) and knows the style and the
year. Every figure is published from exact yuan, each rounded on its own, as disclosures do, so
a clean text holds every relation within rounding. An injected error is placed outside the
interval the stated figures allow, by a margin (``beyond``).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import Decimal

from .narrative_style import Stated, Style, rounded

HUNDRED = Decimal(100)


@dataclass(slots=True)
class Quantity:
    """One quantity of the story in exact yuan (or a count): this year, last year, budget."""

    name: str
    cur: Decimal
    last: Decimal
    budget: Decimal | None = None


def drift(rng: random.Random, value: Decimal, zero_stays: float = 0.6) -> Decimal:
    """Another year's value around ``value``: equal, or off by 3-40 % (whole hundreds)."""
    if value == 0:
        if rng.random() < zero_stays:
            return Decimal(0)
        return Decimal(rng.randint(50, 600) * 100)
    if rng.random() < 0.1:
        return value
    factor = Decimal(rng.randint(3, 40)) / HUNDRED * rng.choice((1, -1))
    out = (value * (1 + factor) / 100).quantize(Decimal(1)) * 100
    return out if out > 0 else Decimal(0)


def beyond(rng: random.Random, low: Decimal, high: Decimal, step: Decimal,
           floor: Decimal = Decimal(0)) -> Decimal:
    """A value outside [low, high] by at least a few steps (and 10 % of the span), on the
    printed grid; below only when that stays above ``floor``."""
    margin = max(step * 3, (high - low) / 2, abs(high) / 10)
    margin = (margin / step).to_integral_value() * step
    below = low - margin
    if rng.random() < 0.5 and below > floor:
        return below
    return high + margin


def ratio_bounds(num: Stated, den: Stated) -> tuple[Decimal, Decimal] | None:
    """The range of num ÷ den × 100 over their intervals (None when den may be 0)."""
    if den.low <= 0:
        return None
    corners = [n / d * HUNDRED for n in (num.low, num.high) for d in (den.low, den.high)]
    return min(corners), max(corners)


def minus(a: Stated, b: Stated) -> Stated:
    return Stated(a.value - b.value, "", a.half + b.half)


@dataclass(slots=True)
class Text:
    rng: random.Random
    style: Style
    year: int
    kind: str  # budget | final
    paragraphs: list[tuple[str | None, str]] = field(default_factory=list)
    # the sentences a finding must cite: each a group of keys, any one of which will do
    cited: list[tuple[str, ...]] = field(default_factory=list)
    used: set[str] = field(default_factory=set)  # the phrasings this text took (for coverage)

    def add(self, text: str, key: str | None = None) -> None:
        self.paragraphs.append((key, text))

    def cite(self, *keys: str) -> None:
        self.cited += [(k,) for k in keys if (k,) not in self.cited]

    def cite_any(self, *keys: str) -> None:
        """One sentence to cite, any of these (a part of a sum: whichever the rule names)."""
        self.cited.append(keys)

    def money(self, yuan: Decimal) -> Stated:
        return self.style.amount(yuan)

    def fmt(self, s: Stated) -> str:
        return self.style.fmt(s)

    def settle(self, q: Quantity) -> Quantity:
        """A change too small to print is none: a text says 持平 and means exactly 0."""
        if q.cur != q.last and self.money(abs(q.cur - q.last)).value == 0:
            q.last = q.cur
        return q

    def off(self, s: Stated, parts_half: Decimal = Decimal(0)) -> Stated:
        """The printed value moved outside what rounding of it (and its parts) allows."""
        return self.outside(s.low - parts_half, s.high + parts_half, floor=self.style.one())

    def outside(self, low: Decimal, high: Decimal, floor: Decimal = Decimal(0)) -> Stated:
        """A printed amount whose own interval (trailing zeros dropped, it may be wide) lies
        outside [low, high] by a margin; above when it cannot stay above ``floor`` below."""
        step = self.style.one()
        value = rounded(beyond(self.rng, low, high, step, floor=floor), self.style.decimals)
        below = value < low
        while True:
            s = self.style.printed(abs(value))
            s = Stated(value, s.text, s.half)
            if s.high + 2 * step < low or s.low - 2 * step > high:
                return s
            value += -step if below and value - step > floor else step
            below = below and value - step > floor

    # -- a comparison ---------------------------------------------------------------------------
    def comparison(self, name: str, now: Decimal, base: Decimal, base_word: str,
                   inject: str | None = None, change: Stated | None = None,
                   shown: Stated | None = None) -> str:
        """"，比上年减少 x万元，下降 y%" in one of its phrasings.

        ``inject``: "growth" (the rate off), "direction" (the rate's word reversed). ``change``
        (signed, printed) replaces the change rounded from the exact values; the rate is then
        computed from the printed figures, so that it agrees with the printed change."""
        style, rng = self.style, self.rng
        shown_now = shown or self.money(now)
        if change is None:
            change = self.money(now - base) if now >= base else self._neg(self.money(base - now))
            if change.value == 0 and now != base:
                return self.comparison(name, now, now, base_word, inject)  # rounds to nothing
            rate = style.rate(abs(now - base) / base * HUNDRED) if base > 0 else None
        else:
            printed_base = shown_now.value - change.value
            rate = style.rate(abs(change.value) / printed_base * HUNDRED) \
                if printed_base > 0 else None
        up = change.value > 0
        size = style.printed(abs(change.value))
        if change.value == 0:
            if style.two_way and not inject:
                return f"，{self._word()}{base_word}增加（减少）{self.fmt(size)}"
            return rng.choice((f"，与{base_word}持平", f"，与{base_word}保持一致",
                               f"，与{base_word}相比无增减"))
        word, rate_word = ("增加", "增长") if up else ("减少", "下降")
        if rng.random() < 0.15:  # the other words of a direction, 了 after it
            self.used.add("other_words")
            word = word + "了" if rng.random() < 0.5 else word
            rate_word = ("上升" if up else "降低") if rng.random() < 0.5 else rate_word + "了"
        two_way = style.two_way and inject != "direction" and rng.random() < 0.5
        self.used.add(f"compare:{'two_way' if two_way else style.compare}")
        if two_way:  # 增加（减少） x，增长（下降） y%: the form does not say which
            word, rate_word = "增加（减少）", rng.choice(("增长（下降）", "（下降）" if not up else "增长"))
            rate_word = rate_word if rate_word != "增长" else "增长（下降）"
        if inject == "growth" and rate is not None:
            bounds = ratio_bounds(size, minus(shown_now, change))
            if two_way:  # off under either direction
                other = ratio_bounds(size, minus(shown_now, self._neg(change)))
                if bounds is not None and other is not None:
                    bounds = (min(bounds[0], other[0]), max(bounds[1], other[1]))
            if bounds is not None:
                step = Decimal(1).scaleb(-style.rate_decimals)
                rate = style.rate(beyond(rng, bounds[0], bounds[1], step, floor=step))
        if inject == "direction":
            rate_word = "下降" if up else "增长"
        amount = self.fmt(size)
        if rate is None:
            return f"，{self._word()}{base_word}{word}{amount}"
        rate_text = f"{rate_word}{style.pct(rate)}"
        compare = style.compare
        if compare == "同比" and base_word not in ("上年", "去年"):
            compare = "比"
        if compare == "与":
            subject = name if rng.random() < 0.5 else ""
            return f"，与{base_word}相比，{subject}{word}{amount}，{rate_text}"
        if compare == "同比":
            if style.change_first:
                return f"，同比{word}{amount}，{rate_text}"
            return f"，同比{rate_text}，{word}{amount}"
        if style.change_first:
            return f"，{compare}{base_word}{word}{amount}，{rate_text}"
        return f"，{compare}{base_word}{rate_text}，{word}{amount}"

    def _neg(self, s: Stated) -> Stated:
        return Stated(-s.value, s.text, s.half)

    def _word(self) -> str:
        return "较" if self.style.compare == "较" else "比"

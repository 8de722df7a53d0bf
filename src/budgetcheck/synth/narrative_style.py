"""How a generated 情况说明 is written: the choices one text makes once and keeps throughout.

Real disclosures differ in punctuation width (the stored pages mix half-width ``, : ( ) ;`` with
full-width ``。、“”``; PDF text may carry full-width digits), in the money unit (元 with or without
thousands separators, 万元 with two decimals or with trailing zeros dropped, 亿元 with one or two
decimals for a whole region), in the decimals of rates, in the enumeration marks and in how a
comparison is worded. A ``Style`` draws these once per text; ``Stated`` is a figure as printed,
with the interval it stands for (v ± ½·10^-d), so that an injected error can be made to lie
outside every rounding interval.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

UNIT_SIZE = {"元": Decimal(1), "万元": Decimal(10000), "亿元": Decimal(10) ** 8}
HALF = str.maketrans({"，": ",", "：": ":", "（": "(", "）": ")", "；": ";"})
FULL_DIGITS = str.maketrans({**{str(i): chr(0xFF10 + i) for i in range(10)}, ".": "．",
                             "%": "％"})
NUMERALS = "一二三四五六七八九十"


def rounded(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class Stated:
    """A figure as printed: its value, its text and the half-width of its interval."""

    value: Decimal
    text: str
    half: Decimal

    @property
    def low(self) -> Decimal:
        return self.value - self.half

    @property
    def high(self) -> Decimal:
        return self.value + self.half


def stated(value: Decimal, text: str) -> Stated:
    digits = text.replace(",", "")
    decimals = len(digits.split(".", 1)[1]) if "." in digits else 0
    half = Decimal(0) if value == 0 else Decimal(1).scaleb(-decimals) / 2
    return Stated(value, text, half)


@dataclass(slots=True)
class Style:
    half_width: bool
    full_digits: bool
    money: str  # 元 | 万元 | 亿元
    decimals: int  # the published decimals of money
    trim_zeros: bool  # 343.5万元 for 343.50, 39万元 for 39.00
    thousands: bool  # 12,000.00元
    rate_decimals: int  # 1 | 2
    rate_space: bool  # "下降47 %", as PDF text carries it
    pdf_breaks: bool
    enum: str  # 一、 | （一） | 1. | 1、
    compare: str  # 比 | 较 | 与 (与上年相比，…) | 同比
    change_first: bool  # the change before its rate
    two_way: bool  # 增加（减少） forms for zero changes
    scale: Decimal  # a 亿元 text speaks of a whole region: the unit's yuan times this

    @property
    def unit(self) -> str:
        return self.money

    def one(self) -> Decimal:
        """The smallest step of a printed amount, in the printed unit."""
        return Decimal(1).scaleb(-self.decimals)

    def amount(self, yuan: Decimal) -> Stated:
        value = rounded(yuan * self.scale / UNIT_SIZE[self.money], self.decimals)
        return self.printed(value)

    def printed(self, value: Decimal) -> Stated:
        """A value in the printed unit (already at the published decimals) as text."""
        text = f"{value:,.{self.decimals}f}" if self.thousands else f"{value:.{self.decimals}f}"
        if self.trim_zeros and "." in text:
            text = text.rstrip("0").rstrip(".")
        return stated(value, text)

    def rate(self, value: Decimal, decimals: int | None = None) -> Stated:
        d = self.rate_decimals if decimals is None else decimals
        return stated(rounded(value, d), f"{rounded(value, d):.{d}f}")

    def pct(self, rate: Stated) -> str:
        return rate.text + (" %" if self.rate_space else "%")

    def fmt(self, s: Stated) -> str:
        return s.text + self.money

    def section(self, n: int) -> str:
        """A section heading's mark: 一、 or （一）."""
        return f"{NUMERALS[n - 1]}、" if self.enum in ("一、", "1.") else f"（{NUMERALS[n - 1]}）"

    def mark(self, n: int) -> str:
        """The enumeration mark of the n-th (1-based) item under a section: （一） under 一、,
        1、 or 1. under （一）."""
        if self.enum == "一、":
            return f"（{NUMERALS[n - 1]}）"
        return f"{n}{'、' if self.enum == '（一）' else self.enum[-1]}"

    def finish(self, text: str) -> str:
        if self.half_width:
            text = text.translate(HALF)
        if self.full_digits:
            text = text.translate(FULL_DIGITS)
        return text


def draw_style(rng: random.Random, money: str | None = None, **fixed: object) -> Style:
    drawn = rng.choice(("万元", "万元", "万元", "元", "亿元"))
    money = money or drawn
    decimals = {"元": rng.choice((0, 2)), "万元": 2, "亿元": rng.choice((1, 2))}[money]
    style = Style(
        half_width=rng.random() < 0.5,
        full_digits=rng.random() < 0.1,
        money=money,
        decimals=decimals,
        trim_zeros=money == "万元" and rng.random() < 0.3,
        thousands=money == "元" and rng.random() < 0.5 or money == "万元" and rng.random() < 0.1,
        rate_decimals=rng.choice((1, 2, 2)),
        rate_space=rng.random() < 0.1,
        pdf_breaks=rng.random() < 0.3,
        enum=rng.choice(("一、", "（一）", "1.", "1、")),
        compare=rng.choice(("比", "较", "与", "同比")),
        change_first=rng.random() < 0.6,
        two_way=rng.random() < 0.2,
        scale=Decimal(10000) if money == "亿元" else Decimal(1),
    )
    for key, value in fixed.items():
        if value is not None:
            setattr(style, key, value)
    return style

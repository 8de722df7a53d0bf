"""Published amounts as exact decimals with the precision they were published at.

A published value v with d decimals stands for the interval [v - ½·10^-d, v + ½·10^-d]
(the model of XBRL Calculations 1.1). A sum relation holds when the interval of the total
intersects the sum of the parts' intervals. How many decimals a value carries, and whether a
blank cell is an exact zero, is decided by the contract (see ``Precision``), never here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

_SPACES = re.compile(r"[\s\u3000\u00a0,，]+")
_WHITE = re.compile(r"[\s\u3000\u00a0]+")
# thousands separators in their places: 1,086.56  -1,086  (12,345,678.90)
_GROUPED = re.compile(r"^[(+-]?[+-]?\d{1,3}(?:[,，]\d{3})+(?:\.\d*)?\)?$")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_ZERO_MARKS = {"", "-", "—", "－", "--", "——", "/"}
# full-width digits and signs typed with a Chinese input method: "１，０８６．５６", "－5"
_HALF_WIDTH = str.maketrans("０１２３４５６７８９．－−＋（）", "0123456789.--+()")


class AmountError(ValueError):
    """Raised when text stands where a number belongs."""


@dataclass(frozen=True, slots=True)
class Precision:
    """How a table's numbers were published: decimals, and what a blank means.

    ``decimals`` is the least number of decimals a value is taken to carry (万元 tables: 2).
    ``exact`` marks counts (headcount), which are exact integers with no rounding interval.
    ``blank_exact`` makes a blank cell an exact zero rather than a rounded one.
    """

    decimals: int = 2
    exact: bool = False
    blank_exact: bool = True
    limit: Decimal | None = None  # the largest magnitude a figure can have (in this unit)


@dataclass(frozen=True, slots=True)
class Amount:
    """A published value: the decimal value and the half-width of its rounding interval."""

    value: Decimal
    half_width: Decimal

    @property
    def low(self) -> Decimal:
        return self.value - self.half_width

    @property
    def high(self) -> Decimal:
        return self.value + self.half_width


ZERO = Decimal(0)


# typed: True == 1 == 1.0 as keys, and a bool is no figure (AmountError) while 1.0 is one
@lru_cache(maxsize=16384, typed=True)
def parse_decimal(raw: object) -> tuple[Decimal, int] | None:
    """Parse a cell value into (value, decimals written); None for blank or a dash.

    Raises AmountError for text that is not a number. Cached: tables repeat their figures
    (a 合计 row restates its parts' totals), and Decimal parsing dominates reading.
    """
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise AmountError(str(raw))
    if isinstance(raw, int):
        return Decimal(raw), 0
    if isinstance(raw, float):
        if raw != raw:  # NaN
            return None
        text = repr(raw)
        if "e" in text or "E" in text:
            d = Decimal(text)
            text = format(d, "f")
        if text.endswith(".0"):
            text = text[:-2]
    else:
        text = _WHITE.sub("", str(raw))
        if text in _ZERO_MARKS:
            return None
        text = text.translate(_HALF_WIDTH)
        if "," in text or "，" in text:
            # separators must group thousands: "8,7,6,.,7,4" is not 876.74
            if not _GROUPED.match(text):
                raise AmountError(str(raw))
            text = _SPACES.sub("", text)
    if text in _ZERO_MARKS:
        return None
    negative = False
    if text.startswith("(") and text.endswith(")"):
        negative, text = True, text[1:-1]
    if not _NUMBER.match(text):
        raise AmountError(str(raw))
    try:
        value = Decimal(text)
    except InvalidOperation as exc:  # pragma: no cover - the regex guards this
        raise AmountError(str(raw)) from exc
    decimals = len(text.split(".", 1)[1]) if "." in text else 0
    return (-value if negative else value), decimals


@lru_cache(maxsize=16384)
def to_amount(parsed: tuple[Decimal, int] | None, precision: Precision) -> Amount:
    """Give a parsed value its rounding interval under the contract's precision."""
    if parsed is None:
        if precision.exact or precision.blank_exact:
            return Amount(ZERO, ZERO)
        return Amount(ZERO, half_unit(precision.decimals))
    value, written = parsed
    if precision.exact:
        return Amount(value, ZERO)
    return Amount(value, half_unit(max(written, precision.decimals)))


def half_unit(decimals: int) -> Decimal:
    return Decimal(5).scaleb(-(decimals + 1))


def sum_holds(total: Amount, parts: list[Amount]) -> bool:
    """True when the total's interval intersects the interval of the sum of the parts."""
    value = sum((p.value for p in parts), ZERO)
    slack = total.half_width + sum((p.half_width for p in parts), ZERO)
    return abs(total.value - value) <= slack


def sum_amounts(parts: list[Amount]) -> Amount:
    return Amount(
        sum((p.value for p in parts), ZERO), sum((p.half_width for p in parts), ZERO)
    )


def fmt(value: Decimal | None) -> str:
    """Render a decimal for messages: plain notation, trailing zeros kept as published."""
    if value is None:
        return ""
    return format(value, "f")

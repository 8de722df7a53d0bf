"""Text normalisation shared by the readers: labels, numbering, codes."""

from __future__ import annotations

import re
from typing import Any

from .memo import Memo

_WS = re.compile(r"[\s\u3000\u00a0]+")
_NUMBERING = re.compile(
    r"^(其中[:：]?|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．](?!\d))+"
)
_CODE_WITH_NAME = re.compile(r"^(\d{2,7})(?:\s+|(?=[^\d\s]))(.*)$")
_DIGITS = re.compile(r"^\d+$")
_FLOAT_CODE = re.compile(r"^\d{2,7}\.0+$")


def squash(value: Any) -> str:
    """Text of a cell with every kind of white space removed ('' for empty)."""
    if value is None or value == "":
        return ""
    if value.__class__ is str:
        return "".join(value.split())  # str.split() knows every Unicode space, \u3000 included
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


# label's answers for text cells (bounded): the line labels of a template repeat in every workbook
_LABELS = Memo(8192)


def label(value: Any) -> str:
    """A line label without white space, numbering ("一、", "（一）") or "其中：" prefixes."""
    if value.__class__ is str:
        known = _LABELS.get(value)
        if known is None:
            known = _LABELS.remember(value, _NUMBERING.sub("", squash(value)))
        return known
    return _NUMBERING.sub("", squash(value))


def indentation(value: Any) -> int:
    """Leading white space of a text cell: some layouts show depth by indenting names."""
    if not isinstance(value, str):
        return 0
    return len(value) - len(value.lstrip(" \u3000\u00a0\t"))


def is_text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def looks_numeric(value: Any) -> bool:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return True
    text = squash(value).replace(",", "").replace("，", "")
    if not text:
        return False
    try:
        float(text)
    except ValueError:
        return False
    return True


# code_and_name's answers for text cells (bounded): classification codes and names repeat in
# every table and every workbook
_CODES = Memo(8192)


def code_and_name(value: Any) -> tuple[str, str]:
    """Split a code cell: 210 -> ('210', ''); '2101501 行政运行' -> ('2101501', '行政运行')."""
    if value.__class__ is str:
        hit = _CODES.get(value)
        if hit is None:
            hit = _CODES.remember(value, _code_and_name(value))
        return hit
    return _code_and_name(value)


def _code_and_name(value: Any) -> tuple[str, str]:
    if isinstance(value, float) and value.is_integer():
        return str(int(value)), ""
    if isinstance(value, int):
        return str(value), ""
    text = str(value or "").strip()
    compact = squash(text)
    if _DIGITS.match(compact):
        return compact, ""
    if _FLOAT_CODE.match(compact):  # a code stored as a number and exported as text: "2101501.0"
        return compact.split(".")[0], ""
    match = _CODE_WITH_NAME.match(text)
    if match:
        return match.group(1), match.group(2).strip()
    return "", text


def is_digits(text: str) -> bool:
    return bool(_DIGITS.match(text))

"""Reading a narrative into lines and sentences that remember where they came from.

Text extracted from PDF wraps lines anywhere (inside words and after a number, before its
unit), doubles the line spacing, inserts page numbers and stray spaces. We keep the original
lines (1-based, as an editor shows them) and build sentences from them: lines are joined
without a separator unless that would glue two numbers together, white space between Chinese
characters and numbers is dropped, and every character of a sentence remembers its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class NarrativeInputError(Exception):
    """The narrative file could not be read (missing, wrong format, library missing)."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


@dataclass(slots=True)
class Sentence:
    """A sentence of normalised text; ``lines[i]`` is the source line of ``text[i]``."""

    text: str
    lines: list[int]
    index: int

    @property
    def line(self) -> int:
        return self.lines[0] if self.lines else 0

    def line_at(self, pos: int) -> int:
        if not self.lines:
            return 0
        return self.lines[min(max(pos, 0), len(self.lines) - 1)]


@dataclass(slots=True)
class Document:
    path: str
    lines: list[str]
    sentences: list[Sentence] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)  # the page of each line; empty: not paged

    def page_of(self, line: int | None) -> int | None:
        """The page (1-based) a line (1-based) is on, for a paged source such as a PDF."""
        if not self.pages or not line or line < 1:
            return None
        return self.pages[min(line, len(self.pages)) - 1]

    def locate(self, location: dict[str, Any], args: dict[str, Any] | None = None) -> None:
        """Complete a finding's location: this document's file, and the page of its line when
        the source is paged (a PDF); each other line the finding names (``args``: other_line,
        whole_line …) gets its page beside it (other_page, whole_page …)."""
        location["file"] = self.path
        page = self.page_of(location.get("line"))
        if page is not None:
            location["page"] = page
        for key, value in list((args or {}).items()):
            if key.endswith("_line") and isinstance(value, int) and not isinstance(value, bool):
                other = self.page_of(value)
                if other is not None:
                    args[f"{key[:-len('_line')]}_page"] = other  # type: ignore[index]


# Full-width forms PDF text mixes in; the claim grammar is written for one form only.
_TRANSLATE = str.maketrans(
    {**{chr(0xFF10 + i): str(i) for i in range(10)},
     "．": ".", "％": "%", "(": "（", ")": "）", ":": "：", ";": "；", "\u3000": " ",
     "“": '"', "”": '"', "＝": "=", "﹝": "〔", "﹞": "〕"}
)
# A thousands separator sits between digits and is followed by exactly three digits.
_THOUSANDS = re.compile(r"(?<=\d)\s*[,，]\s*(?=\d{3}(?!\d))")
# Any other ASCII comma is a clause separator.
_COMMA = re.compile(r",")
# White space matters only between two ASCII word characters ("2101501 行政运行 853.45 115.51"
# keeps its number boundaries); elsewhere ("1086.56万 元", "2024 年") it is noise.
_SPACE = re.compile(r"\s+")
_ASCII_WORD = re.compile(r"[0-9A-Za-z]")
# Page numbers PDF extraction leaves on their own line: "12", "- 12 -", "第 3 页".
_PAGE_NUMBER = re.compile(r"^(?:-?\s*\d{1,3}\s*-?|第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?)$")
# A line starting with a heading or list marker begins a new sentence.
_HEADING = re.compile(
    r"^(?:第[一二三四五六七八九十]+部分"
    r"|[一二三四五六七八九十]+、"
    r"|（[一二三四五六七八九十\d]{1,3}）"
    r"|[①②③④⑤⑥⑦⑧⑨⑩]"
    r"|\d{1,2}[.、](?=\D|20\d\d))"
)
_SENTENCE_END = "。！？"
# the space kept between two numbers ("5.6" | "0万元" across a line break; "853.45 115.51万元"):
# the figure after it may be the end of the number before it
_AFTER_NUMBER = re.compile(r"[\d.] $")


def after_number(text: str, start: int) -> bool:
    """A figure starting at ``start`` follows a number across a space: its value is not certain
    (a number broken by the line may have been split anywhere), so it is not read."""
    return bool(_AFTER_NUMBER.search(text[max(0, start - 2):start]))


def normalise_line(raw: str) -> str:
    """One line in the form the claim grammar reads (see the module doc)."""
    text = raw.translate(_TRANSLATE).strip()
    text = _THOUSANDS.sub("", text)
    text = _COMMA.sub("，", text)
    out: list[str] = []
    for part in _SPACE.split(text):
        if out and part and _ASCII_WORD.match(out[-1][-1]) and _ASCII_WORD.match(part[0]):
            out.append(" ")
        out.append(part)
    return "".join(out)


def is_page_number(line: str) -> bool:
    return bool(_PAGE_NUMBER.match(line.strip()))


def is_heading(line: str) -> bool:
    return bool(_HEADING.match(line))


def _short_heading(line: str) -> bool:
    """A heading that stands alone on its line ("（二）支出预算情况") ends its sentence."""
    if not is_heading(line) or len(line) > 24 or "，" in line or "万" in line:
        return False
    if line[-1].isdigit() or line[-1] == "." or _FIGURE_IN.search(line):
        return False  # "（一）因公出国（境）费0.00" | "万元，…": a statement, not a heading
    colon = line.find("：")
    return colon < 0 or colon == len(line) - 1


_FIGURE_IN = re.compile(r"\d\s*(?:万元|亿元|元|%)")
_COMMA_START = re.compile(r"^\s*[,，]\s*(?=\d{3}(?!\d))")
_COMMA_END = re.compile(r"\d\s*[,，]\s*$")
_THREE_DIGITS = re.compile(r"^\s*\d{3}(?!\d)")


def _thousands_across_lines(lines: list[str]) -> set[int]:
    """Lines (1-based) ending in a thousands separator whose digits go on after the break."""
    out = set()
    for i, raw in enumerate(lines):
        if not _COMMA_END.search(raw):
            continue
        nxt = next((n for n in lines[i + 1:] if n.strip() and not is_page_number(n)), "")
        if _THREE_DIGITS.match(nxt):
            out.add(i + 1)
    return out


def _follows_glued(glued: set[int], number: int, lines: list[str]) -> bool:
    """The previous non-blank line ended in a thousands separator."""
    for n in range(number - 1, 0, -1):
        if lines[n - 1].strip() and not is_page_number(lines[n - 1]):
            return n in glued
    return False


def split_sentences(lines: list[str]) -> list[Sentence]:
    sentences: list[Sentence] = []
    chars: list[str] = []
    where: list[int] = []

    def flush() -> None:
        text = "".join(chars).strip()
        if text:
            lead = len("".join(chars)) - len("".join(chars).lstrip())
            sentences.append(Sentence(text, where[lead:lead + len(text)], len(sentences)))
        chars.clear()
        where.clear()

    glued = _thousands_across_lines(lines)
    for number, raw in enumerate(lines, start=1):
        if not raw.strip() or is_page_number(raw):
            continue
        if number in glued:
            raw = raw.rstrip()[:-1]  # "23," | "962.00元": the comma separates thousands
        if chars and chars[-1].isdigit() and _COMMA_START.match(raw):
            raw = _COMMA_START.sub("", raw)  # "10" | ",424.00元" likewise
            glued.add(number - 1)
        line = normalise_line(raw)
        if is_heading(line):
            flush()
        elif chars and _ASCII_WORD.match(chars[-1]) and _ASCII_WORD.match(line[0]) \
                and number - 1 not in glued and not _follows_glued(glued, number, lines):
            chars.append(" ")
            where.append(number)
        for ch in line:
            chars.append(ch)
            where.append(number)
            if ch in _SENTENCE_END:
                flush()
        if _short_heading(line):
            flush()
    flush()
    return sentences



def document_from_text(text: str, path: str = "<text>") -> Document:
    lines = text.splitlines()
    return Document(path, lines, split_sentences(lines))


def document_from_pages(pages: list[str], path: str = "<text>") -> Document:
    """A document whose text came in pages (a PDF's): joined by line breaks, as read_text_file
    joins them, with the page of every line remembered."""
    text = "\n".join(pages)
    doc = document_from_text(text, path)
    starts: list[int] = []
    offset = 0
    for page in pages:
        starts.append(offset)
        offset += len(page) + 1  # the joining line break
    page_index, offset = 0, 0
    for raw in text.splitlines(keepends=True):
        while page_index + 1 < len(starts) and starts[page_index + 1] <= offset:
            page_index += 1
        doc.pages.append(page_index + 1)
        offset += len(raw)
    return doc


def read_document(path: str | Path) -> Document:
    """Read a .txt, .docx or .pdf narrative; NarrativeInputError when it cannot be read."""
    from .sources import read_text_pages  # within budgetcheck.limits; InputError when not

    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in (".pdf", ".docx", ".txt", ".text", ""):
        raise NarrativeInputError(str(path), f"unsupported file type '{suffix}'")
    from ..errors import InputError

    try:
        pages = read_text_pages(str(path), suffix)
    except InputError as exc:
        raise NarrativeInputError(str(path), f"{exc.reason} ({exc.place})" if exc.place else exc.reason) from None
    if suffix == ".pdf":
        return document_from_pages(pages, str(path))
    return document_from_text("\n".join(pages), str(path))

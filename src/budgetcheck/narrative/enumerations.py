"""Enumerations: "A、B、C分别为 x万元、y万元和z万元" — names and figures paired in order.

An enumeration is read only when the names and the figures pair one to one: the words before
分别 split into names (at 、; a last name joined by 和/及/与/以及 may be two), the figures after
分别为 follow each other with nothing but a separator between them, and their numbers are equal.
Names may share a tail written once after the last ("货物、工程、服务政府采购规模": 货物政府采购规模
…). The reading must be certain: either every name is a distinct path of the vocabulary in exactly
one way, or no name is one (their words are then their subjects). Anything else is left to the
caller as unread. Percentages (分别为 9.4%和2.9%: shares or rates of several wholes) are not read.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

# 分别 and the verb that makes the figures amounts of the names
OPENER = re.compile(r"分别(?:为|是|达到?|计)[：:]?")
# what may stand between two figures of the list
SEPARATOR = re.compile(r"[、，]?(?:以及|和|及|与)?")
# where the names begin: after the clause boundary before them
CLAUSE = re.compile(r"[，；。：！？]")
NAME_SPLIT = "、"
LAST_JOINS = ("以及", "和", "及", "与")


@dataclass(frozen=True, slots=True)
class Item:
    """One name of an enumeration and the figure it pairs with."""

    figure: re.Match[str]
    label: str  # the name's words (with the tail the names share)
    subject: str  # a vocabulary path, or text:<words>


def _name_lists(names: str) -> list[list[str]]:
    """The ways the words split into names: at 、, and the last part also at one join word."""
    parts = names.split(NAME_SPLIT)
    if any(not p for p in parts):
        return []
    out = [parts]
    last = parts[-1]
    for join in LAST_JOINS:
        start = last.find(join)
        while start > 0:
            head, tail = last[:start], last[start + len(join):]
            if tail:
                out.append([*parts[:-1], head, tail])
            start = last.find(join, start + 1)
    return out


def _shared_tail_readings(items: list[str], vocab_subject: Callable[[str], str | None]
                          ) -> dict[tuple[str, ...], list[str]]:
    """Every assignment of distinct vocabulary paths to the names, each name read with a tail the
    last name may share: paths -> the names' labels. Of the tails that give the same paths, none
    at all is preferred, else the longest ("货物政府采购规模", not "货物采购规模")."""
    last = items[-1]
    readings: dict[tuple[str, ...], list[str]] = {}
    for cut in [len(last), *range(1, len(last))]:
        tail = last[cut:]
        labels = [item + tail for item in items[:-1]] + [last]
        paths = [vocab_subject(label) for label in labels]
        if all(paths) and len(set(paths)) == len(paths):
            readings.setdefault(tuple(p for p in paths if p), labels)
    return readings


@dataclass(frozen=True, slots=True)
class Enumeration:
    names: str  # the words before 分别: their period words are every item's
    items: list[Item]


def lists(text: str, figures: list[re.Match[str]]) -> list[tuple[re.Match[str], list[re.Match[str]]]]:
    """Each 分别为 (分别是, 分别达到 …) directly followed by figures, with the figures it lists: the
    first, and each next one with nothing but a separator before it."""
    out = []
    for opener in OPENER.finditer(text):
        after = [m for m in figures if m.start() >= opener.end()]
        if not after or after[0].start() != opener.end():
            continue  # 分别 not followed by its figures ("分别编制", "分别增长")
        listed = [after[0]]
        for m in after[1:]:
            if not SEPARATOR.fullmatch(text[listed[-1].end():m.start()]):
                break
            listed.append(m)
        out.append((opener, listed))
    return out


def read_enumerations(text: str, figures: list[re.Match[str]],
                      vocab_subject: Callable[[str], str | None],
                      subject: Callable[[str], str | None],
                      is_amount: Callable[[re.Match[str]], bool]) -> list[Enumeration]:
    """The enumerations among ``figures`` of a sentence whose names and figures pair with
    certainty. ``vocab_subject`` names a path of the vocabulary only; ``subject`` also gives
    words their own subject (text:…); ``is_amount`` says whether a figure is a plain amount or
    count (not approximate, not a threshold)."""
    found = []
    for opener, listed in lists(text, figures):
        if len(listed) < 2 or not all(is_amount(m) and m["unit"] != "%" for m in listed):
            continue
        start = max((b.end() for b in CLAUSE.finditer(text, 0, opener.start())), default=0)
        if any(start <= m.start() < opener.start() for m in figures):
            continue  # a figure among the names: not a list of names
        names = text[start:opener.start()].strip()
        items = _pair(names, listed, vocab_subject, subject)
        if items:
            found.append(Enumeration(names, items))
    return found


def _pair(names: str, listed: list[re.Match[str]], vocab_subject: Callable[[str], str | None],
          subject: Callable[[str], str | None]) -> list[Item]:
    candidates = [items for items in _name_lists(names) if len(items) == len(listed)]
    readings: dict[tuple[str, ...], list[str]] = {}
    for items in candidates:
        for paths, labels in _shared_tail_readings(items, vocab_subject).items():
            readings.setdefault(paths, labels)
    if len(readings) == 1:
        ((paths, labels),) = readings.items()
        return [Item(m, label, path) for m, label, path in zip(listed, labels, paths, strict=True)]
    if readings or len(candidates) != 1:
        return []  # several vocabulary readings, or the names split in more than one way
    items = candidates[0]
    if any(vocab_subject(item) for item in items):
        return []  # some names are of the vocabulary and some not: a shared tail we cannot place
    subjects = [subject(item) for item in items]
    if not all(subjects) or len(set(subjects)) != len(subjects):
        return []
    return [Item(m, item, s) for m, item, s in zip(listed, items, subjects, strict=True)
            if s is not None]

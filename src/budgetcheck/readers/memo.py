"""Bounded memories of the readers' answers, and the one way to forget them all.

The workbooks of a template repeat their titles, labels, codes, headers and figures, so the
readers remember answers by what they were computed from. A ``Memo`` is a plain dict (a hit costs
one look-up) that forgets everything at once when it is full, so no memory grows with a batch.
Every answer kept is exact: remembering never changes a result, which ``forget_all`` lets tests
check (tests/test_reader_memory.py reads workbooks fresh and after others).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")

# every live Memo by id (a dict is unhashable; a vocabulary's memories go with it)
_ALL: weakref.WeakValueDictionary[int, Memo] = weakref.WeakValueDictionary()


class Memo(dict):
    """Answers by question, at most ``kept`` of them (then all forgotten at once)."""

    __slots__ = ("kept", "__weakref__")

    def __init__(self, kept: int) -> None:
        super().__init__()
        self.kept = kept
        _ALL[id(self)] = self

    def remember(self, key: Hashable, answer: T) -> T:
        if len(self) >= self.kept:
            self.clear()
        self[key] = answer
        return answer


def once_per(memo: Memo, owners: tuple[object, ...], build: Callable[[], T], *key: Hashable) -> T:
    """``build()`` once per set of ``owners`` objects (a catalogue's items, say): they are kept
    with the answer, so their ids cannot be reused by other objects while it is remembered."""
    full = (*map(id, owners), *key)
    hit: Any = memo.get(full)
    if hit is None or any(a is not b for a, b in zip(hit[0], owners, strict=True)):
        hit = memo.remember(full, (owners, build()))
    return hit[1]


def forget_all() -> None:
    """Forget every answer of every memory (for tests comparing warm reads with fresh ones)."""
    for memo in list(_ALL.values()):
        memo.clear()

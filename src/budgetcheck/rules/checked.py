"""Families whose parameters need more than type checks (a value from a fixed set, a schema that
must exist), checked when the catalogue is loaded so that a wrong contract is refused with its
file and line before any data is read."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .base import FAMILIES, Family, FamilyFn

Prepare = Callable[[str, dict[str, Any], str, int], None]


@dataclass
class CheckedFamily(Family):
    prepare: Prepare | None = None

    def validate(self, rule_id: str, params: dict[str, Any], path: str, line: int) -> None:
        super().validate(rule_id, params, path, line)
        if self.prepare is not None:
            self.prepare(rule_id, params, path, line)


def checked_family(name: str, required: dict[str, Any], optional: dict[str, Any] | None = None,
                   prepare: Prepare | None = None) -> Callable[[FamilyFn], FamilyFn]:
    """Like ``base.family``, with a ``prepare(rule_id, params, path, line)`` hook run at load."""

    def register(fn: FamilyFn) -> FamilyFn:
        FAMILIES[name] = CheckedFamily(name, required, {"tolerance": str, **(optional or {})}, fn, prepare)
        return fn

    return register


def line_of(params: dict[str, Any], key: str, default: int) -> int:
    finder = getattr(params, "line_of", None)
    return finder(key) if finder else default

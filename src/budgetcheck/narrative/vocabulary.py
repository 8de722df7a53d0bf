"""The subject vocabulary of the text, read from checks/tables.yaml (section ``narrative``).

One vocabulary serves the tables and the text: the names a narrative gives a quantity are declared
next to the table lines and columns that hold it, as paths (``three_public.vehicle.purchase``).
A path's parent is its prefix, so the tree the sum relations walk is the vocabulary itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Vocabulary:
    subjects: tuple[tuple[str, re.Pattern[str]], ...]  # (path, pattern), first match wins
    names: dict[str, str]  # path -> display name (zh)
    periods: tuple[tuple[str, re.Pattern[str]], ...]
    bases: tuple[tuple[str, re.Pattern[str]], ...]
    generic: re.Pattern[str]  # a subject text that names nothing of its own ("支出决算")
    not_a_subject: re.Pattern[str]  # text around a figure that is not a claim (原因, 用于 …)
    regions: re.Pattern[str] | None = None  # the region words of a name (全市, 市本级 …)

    def subject_of(self, text: str) -> str | None:
        for path, pattern in self.subjects:
            if pattern.search(text):
                return path
        return None

    def name_of(self, path: str) -> str:
        return self.names.get(path, path)

    def region_of(self, words: str) -> str | None:
        found = self.regions.search(words) if self.regions is not None else None
        return found[0] if found else None

    def same_scope(self, a: str, b: str) -> bool:
        """Two names may be of one region: both name the same one, or either names none."""
        ra, rb = self.region_of(a), self.region_of(b)
        return ra is None or rb is None or ra == rb


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Name -> key tables of the section reader (claims.py), all from checks/tables.yaml."""

    function_classes: list[tuple[str, str]]
    economic_classes: list[tuple[str, str]]
    income_sources: list[tuple[str, str]]
    three_public: list[tuple[str, str]]
    procurement: list[tuple[str, str]]
    headcount_kinds: list[tuple[str, str]]  # (pattern, kind)
    # words naming staff outside the establishment (编外, 聘用 …): a count holding them is marked
    outside_establishment: re.Pattern[str] | None = None


def lookup(subject: str, table: list[tuple[str, str]]) -> str | None:
    """The key of the first name (a pattern) in ``table`` the subject contains."""
    for name, key in table:
        if re.search(name, subject):
            return key
    return None


def name_of(key: str, table: list[tuple[str, str]]) -> str:
    return next((name for name, k in table if k == key), key)


@cache
def load_lexicon(path: str | None = None) -> Lexicon:
    import yaml

    from ..contracts.paths import checks_dir

    file = Path(path) if path else checks_dir() / "tables.yaml"
    data = yaml.safe_load(file.read_text(encoding="utf-8"))
    sections = data["narrative"]["sections"]

    def pairs(name: str) -> list[tuple[str, str]]:
        return [(str(n), str(k)) for n, k in sections[name]]  # plain names: no regex syntax

    kinds = [(pattern, kind) for kind, patterns in data["items"]["headcount"]["kinds"].items()
             for pattern in patterns]
    return Lexicon(
        function_classes=[(name, str(code)) for code, name in data["functional_classes"].items()],
        economic_classes=pairs("economic_classes"), income_sources=pairs("income_sources"),
        three_public=pairs("three_public"), procurement=pairs("procurement"),
        headcount_kinds=kinds,
        outside_establishment=_compile(data["narrative"]["outside_establishment"])
        if data["narrative"].get("outside_establishment") else None)


@cache
def column_labels(path: str | None = None) -> dict[str, dict[str, str]]:
    """Table column -> {zh, en} label, for the vocabulary entries that name a column."""
    import yaml

    from ..contracts.paths import checks_dir

    file = Path(path) if path else checks_dir() / "tables.yaml"
    subjects = yaml.safe_load(file.read_text(encoding="utf-8"))["narrative"]["subjects"]
    return {e["column"]: {"zh": e["label"], "en": e.get("en", e["label"])}
            for e in subjects if "column" in e}


def _compile(patterns: list[str] | str) -> re.Pattern[str]:
    if isinstance(patterns, str):
        patterns = [patterns]
    return re.compile("|".join(f"(?:{p})" for p in patterns))


@cache
def load_vocabulary(path: str | None = None) -> Vocabulary:
    import yaml

    from ..contracts.paths import checks_dir

    file = Path(path) if path else checks_dir() / "tables.yaml"
    data = yaml.safe_load(file.read_text(encoding="utf-8"))["narrative"]
    subjects = tuple((entry["path"], _compile(entry["names"])) for entry in data["subjects"])
    names = {entry["path"]: entry.get("label", entry["path"]) for entry in data["subjects"]}
    periods = tuple((k, _compile(v)) for k, v in data["periods"].items())
    bases = tuple((k, _compile(v)) for k, v in data["bases"].items())
    regions = _compile(data["regions"]) if data.get("regions") else None
    return Vocabulary(subjects, names, periods, bases, _compile(data["generic"]),
                      _compile(data["not_a_subject"]), regions)

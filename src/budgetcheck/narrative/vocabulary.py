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

    def subject_of(self, text: str) -> str | None:
        for path, pattern in self.subjects:
            if pattern.search(text):
                return path
        return None

    def name_of(self, path: str) -> str:
        return self.names.get(path, path)


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
    return Vocabulary(subjects, names, periods, bases, _compile(data["generic"]),
                      _compile(data["not_a_subject"]))

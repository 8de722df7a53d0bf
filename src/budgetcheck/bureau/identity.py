"""Which unit submitted a workbook, and for which year, read from the workbook itself.

The unit's code and name come from the 三公 table when it has exactly one unit row (its 单位编码 |
单位名称 columns); the name otherwise from the 填报单位/编制单位 line above the tables when the
sheets agree; the year from the tables' titles ("…2024年部门收支总表", "（2024年度）"). Whatever is
not stated, or stated two ways, stays unknown (None): a submission is never filed under a guessed
unit.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..model import Submission
from ..readers.workbook import Grid

_UNIT_LINE = re.compile(r"^(?:填报单位|编制单位|单位名称|部门名称|填报部门)[:：](.+)$")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_UNIT_SUFFIX = re.compile(r"(?:金额)?单位[:：].*$")  # "填报单位：X  单位：万元" in one cell
_CODE = re.compile(r"^\d{3,}$")
TOP_ROWS = 3  # a title and the 填报单位 line sit above the header


@dataclass(frozen=True, slots=True)
class Identity:
    unit_code: str | None = None
    unit_name: str | None = None
    year: int | None = None

    @property
    def key(self) -> str | None:
        """The unit the history files this under: its code, else its name."""
        return self.unit_code or self.unit_name


def _only(counter: Counter) -> str | None:
    """The value every sheet that states one states (None when absent or contradictory)."""
    return next(iter(counter)) if len(counter) == 1 else None


def identify(grids: list[Grid], submission: Submission | None = None) -> Identity:
    names: Counter[str] = Counter()
    years: Counter[str] = Counter()
    for grid in grids:
        top = grid.top
        for row in range(top, min(top + TOP_ROWS, grid.height)):
            for _, text in grid.texts(row):
                match = _UNIT_LINE.match(text)
                if match:
                    stated = _UNIT_SUFFIX.sub("", match.group(1))
                    if stated:
                        names[stated] += 1
                    continue
                if text.endswith(("表", "预算", "决算", "）", ")")):  # a title
                    years.update(_YEAR.findall(text))
    code = name = None
    three_public = submission.tables.get("three_public") if submission else None
    if three_public is not None:
        units = [r for r in three_public.rows if r.key != "total"]
        if len(units) == 1 and _CODE.match(units[0].key):
            code, name = units[0].key, (units[0].name or None)
    stated = _only(names)
    if name is None:
        name = stated
    elif stated is not None and stated != name:
        code = name = None  # the 三公 row and the 填报单位 line name different units
    year = _only(years)
    return Identity(code, name, int(year) if year else None)

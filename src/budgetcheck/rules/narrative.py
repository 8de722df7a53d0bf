"""The narrative family: rules checked on the explanatory text by ``budgetcheck.narrative``.

They sit in the same catalogue (ids, severities, messages, profiles) as the table rules; on a
workbook alone they have nothing to check, so the family yields no finding here.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Finding
from .base import RuleContext, family


@family(
    "narrative",
    required={},
    optional={
        "income_total_includes_carryover": (str, bool),
        "actual_headcount": (str, list),  # the profiles' convention of that name, or auto
        "zero_is_exact": bool,
        "project_name_min_similarity": (int, float),
        "min_decimals": int,
    },
)
def narrative(ctx: RuleContext) -> Iterator[Finding]:
    return iter(())

"""Synthetic budget submissions with known ground truth, for testing readers and rules.

    from budgetcheck.synth import generate, LAYOUTS
    wb = generate(seed=1, layout="standard", rounding_heavy=False)
    wb.save("out.xlsx")
    ref, old, new = wb.inject_error(random.Random(7))
    wb.save("bad.xlsx", mutate={ref: new})
"""

from __future__ import annotations

from .layouts import LAYOUTS, Layout
from .render import CostIndicator, PlacedValue
from .writer import GeneratedWorkbook, generate

__all__ = ["LAYOUTS", "CostIndicator", "GeneratedWorkbook", "Layout", "PlacedValue", "generate"]

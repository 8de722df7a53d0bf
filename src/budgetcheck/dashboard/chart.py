"""The chart of the rules that fail most across units: a matplotlib bar chart as SVG, its text
kept as text (the page's CJK font draws it), no date or random ids so that a rebuild is stable."""

from __future__ import annotations

import io
import re
from collections import Counter

TOP_RULES = 15


def rules_chart(counts: Counter[str], titles: dict[str, str]) -> str:
    """An <svg> element (no XML prologue), ready to inline in the page."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    top = counts.most_common(TOP_RULES)
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "budgetcheck",
                                "font.family": ["Noto Sans CJK SC", "DejaVu Sans"],
                                "font.size": 10}):
        height = 1.2 + 0.32 * max(len(top), 1)
        fig, ax = plt.subplots(figsize=(8, height))
        try:
            if top:
                labels = [f"{rule} {titles.get(rule, '')}".strip() for rule, _ in reversed(top)]
                values = [n for _, n in reversed(top)]
                bars = ax.barh(labels, values, color="#c62828")
                ax.bar_label(bars, padding=3)
                ax.set_xlabel("未通过的单位数 (units failing)")
                ax.xaxis.get_major_locator().set_params(integer=True)
            else:
                ax.text(0.5, 0.5, "没有未通过的规则 (no failing rule)", ha="center", va="center")
                ax.set_axis_off()
            ax.set_title("最常未通过的规则 (rules failing most)")
            ax.spines[["top", "right"]].set_visible(False)
            fig.tight_layout()
            out = io.StringIO()
            fig.savefig(out, format="svg", metadata={"Date": None})
        finally:
            plt.close(fig)
    svg = out.getvalue()
    return re.sub(r"^.*?(<svg\b)", r"\1", svg, count=1, flags=re.S)

"""Write the dashboard site: index.html, units/<slug>.html, assets/ (style and script shipped with
the package; the chart is inlined SVG). Nothing is fetched: the site works from a file system."""

from __future__ import annotations

import shutil
from pathlib import Path

ASSETS = Path(__file__).resolve().parent / "assets"


def build_dashboard(store: str, out: str | Path) -> Path:
    """Build the site for the store into ``out``; return the index page."""
    from ..contracts.rules import load_ruleset
    from .chart import rules_chart
    from .history import failing_rules, load_units
    from .pages import index_page, unit_page

    out = Path(out)
    units = load_units(store)
    titles = {rule.id: rule.title["zh"] for rule in load_ruleset().rules}
    (out / "units").mkdir(parents=True, exist_ok=True)
    (out / "assets").mkdir(exist_ok=True)
    for asset in ASSETS.iterdir():
        shutil.copyfile(asset, out / "assets" / asset.name)
    for unit in units:
        (out / "units" / f"{unit.slug}.html").write_text(unit_page(unit, out), encoding="utf-8")
    index = out / "index.html"
    index.write_text(index_page(units, rules_chart(failing_rules(units), titles)), encoding="utf-8")
    return index

"""Build a realistic ``Unit`` from a seeded ``random.Random``.

Leaf amounts (one source of one 项, one economic 款, one 三公 kind, one cost part) are drawn in
whole yuan; every aggregate is computed from them, so all relations hold exactly. With
``heavy`` (rounding-heavy) every non-zero leaf ends in 50 yuan, the half-way case of 万元
rounding; aggregates of an even number of such leaves then end in 00, which is expected.
"""

from __future__ import annotations

import random
from decimal import Decimal

from .data import (
    COST_PART_NAMES,
    FUNCTIONAL_ITEMS,
    INDICATOR_TEMPLATES,
    PROFILES,
    STAFF_KINDS,
    UnitProfile,
)
from .model import (
    ZERO,
    FunctionalItem,
    Indicator,
    Project,
    SanGong,
    Staffing,
    Unit,
)

MIN_YUAN = 5000  # no non-zero leaf is smaller than this


def finish(value: int, rng: random.Random, heavy: bool) -> Decimal:
    """Make a raw yuan draw look like a budget figure (or a half-way case when heavy)."""
    value = max(value, MIN_YUAN)
    if heavy:
        return Decimal(value // 100 * 100 + 50)
    granularity = rng.choice((1, 1, 10, 100, 1000))
    return Decimal(max(value // granularity * granularity, MIN_YUAN))


def draw(rng: random.Random, low: int, high: int, heavy: bool) -> Decimal:
    """A leaf amount between ``low`` and ``high`` yuan."""
    return finish(rng.randint(low, max(high, low + 100)), rng, heavy)


def draw_staffing(rng: random.Random, profile: UnitProfile) -> Staffing:
    establishment = {kind: 0 for kind in STAFF_KINDS}
    establishment[profile.staff_kind] = rng.randint(8, 120)
    for kind in STAFF_KINDS:
        if kind != profile.staff_kind and rng.random() < 0.25:
            establishment[kind] = rng.randint(1, 15)
    serving = {k: n - rng.randint(0, min(n, 4)) for k, n in establishment.items()}
    if sum(serving.values()) == 0:  # a unit always has somebody on staff
        serving[profile.staff_kind] = establishment[profile.staff_kind]
    retired = rng.randint(0, max(1, sum(serving.values()) // 3))
    before_1949 = rng.randint(1, 2) if rng.random() < 0.1 else 0
    return Staffing(establishment, serving, before_1949, retired)


def draw_economic(
    rng: random.Random, staff: Staffing, heavy: bool
) -> dict[str, Decimal]:
    """General-budget basic spending by economic 款, scaled by headcount."""
    n = staff.serving_total
    econ: dict[str, Decimal] = {}
    econ["30101"] = draw(rng, n * 25000, n * 45000, heavy)
    econ["30102"] = draw(rng, n * 20000, n * 40000, heavy)
    if rng.random() < 0.6:
        econ["30103"] = draw(rng, n * 2000, n * 8000, heavy)
    if rng.random() < 0.8:
        econ["30107"] = draw(rng, n * 30000, n * 70000, heavy)
    wage_base = sum(econ.values(), ZERO)
    econ["30108"] = finish(int(wage_base * Decimal("0.16")), rng, heavy)
    if rng.random() < 0.7:
        econ["30109"] = finish(int(wage_base * Decimal("0.08")), rng, heavy)
    medical_rate = Decimal(rng.randint(60, 95)) / 1000
    econ["30110"] = finish(int(wage_base * medical_rate), rng, heavy)
    econ["30113"] = finish(int(wage_base * Decimal("0.12")), rng, heavy)
    if rng.random() < 0.5:
        econ["30199"] = draw(rng, n * 5000, n * 30000, heavy)
    econ["30201"] = draw(rng, n * 1000, n * 5000, heavy)
    optional_goods = {
        "30202": (20000, 100000), "30205": (5000, 30000), "30206": (20000, 150000),
        "30207": (10000, 50000), "30211": (n * 1000, n * 4000), "30215": (10000, 100000),
        "30216": (10000, 100000), "30217": (5000, 80000), "30229": (n * 1000, n * 3000),
        "30231": (10000, 80000), "30239": (n * 5000, n * 15000), "30299": (10000, 200000),
    }
    for code, (low, high) in optional_goods.items():
        if rng.random() < 0.6:
            econ[code] = draw(rng, low, high, heavy)
    econ["30228"] = finish(int(wage_base * Decimal("0.02")), rng, heavy)
    if staff.retired:
        econ["30302"] = draw(rng, staff.retired * 2000, staff.retired * 20000, heavy)
    if rng.random() < 0.3:
        econ["30305"] = draw(rng, 5000, 50000, heavy)
    for code in ("31002", "31007"):
        if rng.random() < 0.4:
            econ[code] = draw(rng, 20000, 200000, heavy)
    return dict(sorted(econ.items()))


def economic_home(code: str, profile: UnitProfile, main: str) -> str:
    """The functional 项 an economic 款 is budgeted under."""
    dedicated = {
        "30108": "2080505",
        "30109": "2080506",
        "30110": "2101102" if profile.institution else "2101101",
        "30113": "2210201",
        "30302": "2080502" if profile.institution else "2080501",
    }
    return dedicated.get(code, main)


def make_odd_on_main(
    econ: dict[str, Decimal], profile: UnitProfile, rng: random.Random, heavy: bool
) -> dict[str, Decimal]:
    """Rounding-heavy: the main 项 must receive an odd number of ...50 leaves so that its own
    general-basic amount (a leaf of the income tables) also ends in 50."""
    on_main = [c for c in econ if economic_home(c, profile, profile.main_item) == profile.main_item]
    if len(on_main) % 2 == 0:
        if "30299" in econ:
            del econ["30299"]
        else:
            econ["30299"] = draw(rng, 10000, 200000, heavy)
    return dict(sorted(econ.items()))


def draw_indicators(
    rng: random.Random, project_total: Decimal, heavy: bool
) -> list[Indicator]:
    rows: list[Indicator] = []
    if rng.random() < 0.4 and project_total >= 4 * MIN_YUAN:
        # Itemised cost: parts in 元 plus one total equal to their sum. An odd part count keeps
        # every part ending in 50 when the total does (rounding-heavy).
        odd = project_total % 100 == 50
        count = 3 if odd else 2
        parts: list[Decimal] = []
        remaining = project_total
        for _ in range(count - 1):
            cap = int(remaining) - MIN_YUAN * 2
            part = draw(rng, MIN_YUAN, max(MIN_YUAN, cap // 2), heavy)
            parts.append(part)
            remaining -= part
        parts.append(remaining)
        names = rng.sample(COST_PART_NAMES, len(parts))
        for name, part in zip(names, parts, strict=True):
            rows.append(Indicator("成本指标", "经济成本指标", name, f"≤{part}元", part))
        rows.append(
            Indicator("成本指标", "经济成本指标", "项目总成本", f"≤{project_total}元",
                      project_total, is_cost_total=True)
        )
    else:
        level3, value = rng.choice(INDICATOR_TEMPLATES[("成本指标", "经济成本指标")])
        rows.append(Indicator("成本指标", "经济成本指标", level3, value))
    for key, templates in INDICATOR_TEMPLATES.items():
        if key[0] == "成本指标" or (key[1] == "可持续影响指标" and rng.random() < 0.5):
            continue
        for level3, value in rng.sample(templates, rng.randint(1, min(2, len(templates)))):
            rows.append(Indicator(key[0], key[1], level3, value))
    return rows


def draw_projects(
    rng: random.Random, profile: UnitProfile, year: int, scale: int, with_fund: bool,
    heavy: bool,
) -> list[Project]:
    """Projects with distinct (项, source) pairs, so that in the rounding-heavy case each
    项×source cell of the income tables is itself a single ...50 leaf."""
    used: set[tuple[str, str]] = set()
    projects: list[Project] = []
    names = list(profile.project_names)
    rng.shuffle(names)
    candidates = (profile.main_item, *profile.project_items)
    source_pool = ["general"] * 7 + ["carryover"] * 2 + ["other", "superior"]
    if profile.institution:
        source_pool += ["business", "business"]
    for name in names[: rng.randint(2, min(6, len(names)))]:
        for _attempt in range(10):
            item = rng.choice(candidates)
            sources = [rng.choice(source_pool)]
            if rng.random() < 0.25:
                extra = ("other", "carryover", "business") if profile.institution else (
                    "other", "carryover")
                sources.append(rng.choice(extra))
            if all((item, s) not in used for s in sources) and len(set(sources)) == len(sources):
                break
        else:
            continue
        funds = {s: draw(rng, 30000, 3_000_000 * scale, heavy) for s in sources}
        used.update((item, s) for s in sources)
        projects.append(Project(f"{year}年{name}", item, funds))
    if with_fund and profile.fund_items:
        for item in rng.sample(profile.fund_items, rng.randint(1, len(profile.fund_items))):
            funds = {"fund": draw(rng, 100000, 5_000_000 * scale, heavy)}
            name = f"{year}年{FUNCTIONAL_ITEMS[item]}项目"
            projects.append(Project(name, item, funds))
    for project in projects:
        project.indicators = draw_indicators(rng, project.total, heavy)
    return projects


def draw_sangong(rng: random.Random, econ: dict[str, Decimal], heavy: bool) -> SanGong:
    """三公 amounts, never below the basic-spending 款 they contain (30217, 30231)."""

    def at_least(floor: Decimal, chance: float, low: int, high: int) -> Decimal:
        if floor == ZERO:
            return draw(rng, low, high, heavy) if rng.random() < chance else ZERO
        # adding whole hundreds keeps a ...50 floor ending in 50
        return floor + (Decimal(rng.randint(0, 300) * 100) if rng.random() < 0.5 else ZERO)

    return SanGong(
        abroad=draw(rng, 20000, 100000, heavy) if rng.random() < 0.15 else ZERO,
        reception=at_least(econ.get("30217", ZERO), 0.4, 5000, 60000),
        vehicle_purchase=draw(rng, 100000, 300000, heavy) if rng.random() < 0.15 else ZERO,
        vehicle_operation=at_least(econ.get("30231", ZERO), 0.4, 10000, 80000),
    )


def build_unit(rng: random.Random, heavy: bool = False, year: int = 2024) -> Unit:
    """Draw a complete unit; the same ``rng`` state always gives the same unit."""
    profile = rng.choice(PROFILES)
    staff = draw_staffing(rng, profile)
    econ = draw_economic(rng, staff, heavy)
    if heavy:
        econ = make_odd_on_main(econ, profile, rng, heavy)
    items: dict[str, FunctionalItem] = {}

    def item(code: str) -> FunctionalItem:
        return items.setdefault(code, FunctionalItem(code))

    for code, amount in econ.items():
        basic = item(economic_home(code, profile, profile.main_item)).basic
        basic["general"] = basic.get("general", ZERO) + amount
    main = item(profile.main_item)
    scale = max(1, staff.serving_total // 30)
    if rng.random() < 0.3:
        main.basic["carryover"] = draw(rng, 50000, 600000 * scale, heavy)
    if profile.institution and rng.random() < 0.5:
        main.basic["business"] = draw(rng, 50000, 800000 * scale, heavy)
    if rng.random() < 0.2:
        main.basic["other"] = draw(rng, 10000, 200000, heavy)
    with_fund = rng.random() < 0.3
    projects = draw_projects(rng, profile, year, scale, with_fund, heavy)
    for project in projects:
        target = item(project.item_code).project
        for source, amount in project.funds.items():
            target[source] = target.get(source, ZERO) + amount
    unit_name = rng.choice(profile.unit_names)
    return Unit(
        name=unit_name,
        code=f"{rng.randint(100, 999)}{rng.randint(1, 30):03d}",
        department=profile.department,
        year=year,
        items=[items[c] for c in sorted(items)],
        projects=projects,
        economic=econ,
        sangong=draw_sangong(rng, econ, heavy),
        staffing=staff,
    )

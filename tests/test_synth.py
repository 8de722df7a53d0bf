"""Tests of the synthetic submission generator: determinism, round trip through python-calamine,
exact yuan relations, rounding-heavy half-way cases and error injection."""

from __future__ import annotations

import json
import random
import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from budgetcheck.synth import LAYOUTS, GeneratedWorkbook, PlacedValue, generate
from budgetcheck.synth.__main__ import main as cli_main
from budgetcheck.synth.data import PERSONNEL_CLASSES, STAFF_KINDS
from budgetcheck.synth.model import ZERO, to_wan
from budgetcheck.synth.tables import TABLE_NAMES

SEEDS = range(6)
_CELL = re.compile(r"^([A-Z]+)(\d+)$")


def position(a1: str) -> tuple[int, int]:
    letters, digits = _CELL.match(a1).groups()  # type: ignore[union-attr]
    col = 0
    for letter in letters:
        col = col * 26 + ord(letter) - 64
    return int(digits) - 1, col - 1


def read_grid(path: Path) -> dict[str, list[list[object]]]:
    book = CalamineWorkbook.from_path(str(path))
    return {
        name: book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        for name in book.sheet_names
    }


def cell_at(grid: dict[str, list[list[object]]], sheet: str, a1: str) -> object:
    row, col = position(a1)
    rows = grid[sheet]
    if row >= len(rows) or col >= len(rows[row]):
        return ""
    return rows[row][col]


def parse(raw: object) -> Decimal | None:
    """What a reader should make of a cell: strip separators and spaces; blank is None."""
    if isinstance(raw, float | int):
        return Decimal(repr(float(raw))).quantize(Decimal("0.01"))
    text = re.sub(r"[\s\u3000,]", "", str(raw))
    if text == "":
        return None
    if text == "-":
        return Decimal("0.00")
    return Decimal(text).quantize(Decimal("0.01"))


def exact(wb: GeneratedWorkbook, table: int, key: str, column: str) -> Decimal:
    for placed in wb.cells:
        if (placed.table, placed.key, placed.column) == (table, key, column):
            return placed.exact
    raise KeyError((table, key, column))


def signature(wb: GeneratedWorkbook) -> list[tuple[str, object, Decimal | None]]:
    return [(c.ref, c.written, c.published) for c in wb.cells]


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_deterministic(layout: str) -> None:
    assert signature(generate(7, layout)) == signature(generate(7, layout))
    assert signature(generate(7, layout)) != signature(generate(8, layout))


def test_unit_does_not_depend_on_layout() -> None:
    units = {name: generate(4, name).unit for name in LAYOUTS}
    first = units["standard"]
    for unit in units.values():
        assert unit.economic == first.economic
        assert [(i.code, i.basic, i.project) for i in unit.items] == [
            (i.code, i.basic, i.project) for i in first.items
        ]


@pytest.mark.parametrize("layout", list(LAYOUTS))
@pytest.mark.parametrize("heavy", [False, True])
def test_round_trip_through_calamine(layout: str, heavy: bool, tmp_path: Path) -> None:
    wb = generate(11, layout, rounding_heavy=heavy)
    path = wb.save(tmp_path / f"{layout}.xlsx")
    grid = read_grid(path)
    assert set(grid) == {sheet.name for sheet in wb.sheets}
    assert {c.table for c in wb.cells} == set(range(1, 12))
    for placed in wb.cells:
        raw = cell_at(grid, placed.sheet, placed.a1)
        assert parse(raw) == placed.published, (placed, raw)
        if placed.kind == "amount" and placed.published is not None:
            assert placed.published == to_wan(placed.exact)
    for placed in wb.cost_indicators:
        assert cell_at(grid, placed.sheet, placed.a1).endswith(f"{placed.yuan}元")


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_titles_name_their_tables(layout: str, tmp_path: Path) -> None:
    wb = generate(2, layout)
    grid = read_grid(wb.save(tmp_path / "t.xlsx"))
    for sheet in wb.sheets:
        text = " ".join(str(v) for row in grid[sheet.name] for v in row if v != "")
        if sheet.table is None:
            assert "目录" in text
            continue
        name = TABLE_NAMES[sheet.table].replace("“", '"').replace("”", '"')
        assert name in text.replace("“", '"').replace("”", '"')


@pytest.mark.parametrize("seed", SEEDS)
def test_yuan_relations_hold_exactly(seed: int) -> None:
    wb = generate(seed, "standard")
    unit = wb.unit
    # Economic breakdown equals the general-budget basic spending of the functional 项.
    assert sum(unit.economic.values(), ZERO) == unit.general_basic
    assert exact(wb, 6, "合计", "合计") == exact(wb, 5, "合计", "基本支出")
    personnel = sum((v for c, v in unit.economic.items() if c[:3] in PERSONNEL_CLASSES), ZERO)
    assert exact(wb, 6, "合计", "人员经费") == personnel
    assert exact(wb, 6, "合计", "合计") == personnel + exact(wb, 6, "合计", "公用经费")
    # Table 1 balances; table 2 and 3 agree with it.
    assert exact(wb, 1, "收入总计", "收入/预算数") == exact(wb, 1, "支出总计", "支出/预算数")
    assert exact(wb, 2, "合计", "合计") == exact(wb, 1, "收入总计", "收入/预算数")
    assert exact(wb, 2, "合计", "上年结转") == exact(wb, 1, "九、上年结转（结余）", "收入/预算数")
    assert exact(wb, 2, "合计", "财政拨款/小计") == exact(wb, 1, "一、财政拨款", "收入/预算数")
    assert exact(wb, 3, "合计", "合计") == exact(wb, 1, "本年支出合计", "支出/预算数")
    assert exact(wb, 4, "一、财政拨款收入", "收入/预算数") == exact(
        wb, 1, "一、财政拨款", "收入/预算数")
    assert exact(wb, 5, "合计", "合计") == exact(wb, 4, "一、本年支出", "支出/一般公共预算支出")
    # Every code table: 合计 = sum of 类, parents = sum of children, 合计 = 基本 + 项目.
    for table in (2, 3, 5, 6):
        rows: dict[str, dict[str, Decimal]] = {}
        for placed in wb.cells:
            if placed.table == table:
                rows.setdefault(placed.key, {})[placed.column] = placed.exact
        codes = [k for k in rows if k != "合计"]
        for column, value in rows["合计"].items():
            assert value == sum((rows[c][column] for c in codes if len(c) == 3), ZERO)
            for parent in codes:
                children = [c for c in codes if c.startswith(parent) and len(c) == len(parent) + 2]
                if children:
                    assert rows[parent][column] == sum((rows[c][column] for c in children), ZERO)
        if table in (3, 5):
            for values in rows.values():
                assert values["合计"] == values["基本支出"] + values["项目支出"]
        if table == 2:
            for values in rows.values():
                sources = [v for k, v in values.items() if k != "合计" and "/" not in k]
                fiscal = [v for k, v in values.items()
                          if k.startswith("财政拨款/") and k != "财政拨款/小计"]
                assert values["财政拨款/小计"] == sum(fiscal, ZERO)
                assert values["合计"] == sum(sources, ZERO) + values["财政拨款/小计"]
    # 三公, headcount, project funding and cost indicators.
    sg = unit.sangong
    assert unit.economic.get("30217", ZERO) <= sg.reception
    assert unit.economic.get("30231", ZERO) <= sg.vehicle_operation
    assert exact(wb, 7, unit.code, "合计") == sg.abroad + sg.reception + sg.vehicles
    staff = unit.staffing
    for kind in STAFF_KINDS:
        assert 0 <= staff.serving[kind] <= staff.establishment[kind]
    assert exact(wb, 11, "实有人数", "人数") == (
        exact(wb, 11, "在职人数", "人数") + exact(wb, 11, "离休人数", "人数")
        + exact(wb, 11, "退休人数", "人数"))
    for project in unit.projects:
        assert exact(wb, 10, project.name, "年度资金总额") == (
            exact(wb, 10, project.name, "其中：财政拨款") + exact(wb, 10, project.name, "其他资金"))
        costs = [i for i in project.indicators if i.cost_yuan is not None]
        if costs:
            parts = sum((i.cost_yuan for i in costs if not i.is_cost_total), ZERO)
            assert [i.cost_yuan for i in costs if i.is_cost_total] == [parts]
    for placed in wb.cells:
        if placed.kind == "amount" and placed.exact != ZERO:
            assert placed.exact >= 5000


def leaves(wb: GeneratedWorkbook) -> list[Decimal]:
    unit = wb.unit
    values = [v for i in unit.items for part in (i.basic, i.project) for v in part.values()]
    values += list(unit.economic.values())
    sg = unit.sangong
    values += [sg.abroad, sg.reception, sg.vehicle_purchase, sg.vehicle_operation]
    values += [i.cost_yuan for p in unit.projects for i in p.indicators
               if i.cost_yuan is not None and not i.is_cost_total]  # a total is a sum
    return [v for v in values if v != ZERO]


@pytest.mark.parametrize("seed", SEEDS)
def test_rounding_heavy_leaves_end_in_50(seed: int) -> None:
    wb = generate(seed, "standard", rounding_heavy=True)
    assert all(v % 100 == 50 for v in leaves(wb))
    halfway = [c for c in wb.cells if c.kind == "amount" and c.exact % 100 == 50]
    assert halfway
    for placed in halfway:  # half-up: 1234550 yuan -> 123.46 万元
        assert placed.published == (placed.exact / 10000).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP)
        assert placed.published * 10000 - placed.exact == 50


def test_rounding_heavy_produces_cent_differences() -> None:
    """Published totals differ from the sum of published parts somewhere (by cents only)."""
    found = False
    for seed in SEEDS:
        wb = generate(seed, "standard", rounding_heavy=True)
        published = {(c.table, c.key, c.column): c.published or ZERO for c in wb.cells}
        for (table, key, column), value in published.items():
            if table not in (2, 3, 5) or key == "合计" or len(key) == 7:
                continue
            parts = [v for (t, k, col), v in published.items()
                     if t == table and col == column and k.startswith(key)
                     and len(k) == len(key) + 2]
            diff = abs(sum(parts, ZERO) - value)
            assert diff <= Decimal("0.005") * (len(parts) + 1)
            found = found or diff > 0
    assert found


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_inject_error_changes_exactly_one_cell(layout: str, tmp_path: Path) -> None:
    wb = generate(3, layout)
    original = read_grid(wb.save(tmp_path / "a.xlsx"))
    for attempt in range(4):
        ref, old, new = wb.inject_error(random.Random(attempt))
        placed: PlacedValue = wb.cell(ref)
        assert placed.table in {1, 2, 3, 4, 5, 6, 7, 10, 11}
        base = old or ZERO
        if placed.kind == "amount":
            assert abs(new - base) >= max(Decimal("0.10"), abs(base) / 100)
        else:
            assert abs(new - base) >= 1
        assert new >= 0
        mutated = read_grid(wb.save(tmp_path / f"b{attempt}.xlsx", mutate={ref: new}))
        changed = [
            (sheet, r, c)
            for sheet, rows in original.items()
            for r, row in enumerate(rows)
            for c, value in enumerate(row)
            if mutated[sheet][r][c] != value
        ]
        assert changed == [(placed.sheet, *position(placed.a1))]
        assert parse(cell_at(mutated, placed.sheet, placed.a1)) == new


def test_cli_writes_manifest(tmp_path: Path) -> None:
    assert cli_main([str(tmp_path), "--count", "1", "--layouts", "standard,split_code",
                     "--seed", "5", "--inject"]) == 0
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest) == {"standard_5.xlsx", "split_code_5.xlsx"}
    for filename, entry in manifest.items():
        assert (tmp_path / filename).exists()
        assert entry["injected"]["ref"]

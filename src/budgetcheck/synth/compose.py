"""Compose the layout traits real submissions have, at random, over a generated workbook.

    from budgetcheck.synth.compose import compose
    c = compose(seed=7)
    c.save("clean.xlsx")
    ref, old, new = c.inject(random.Random(1))
    c.save("bad.xlsx", mutate={ref: new})

Over one of the named layouts (sheet names, order, origin, headers, code printing, amounts as
text, zero style), a composition adds any of: a 目录 sheet listing the tables; a page break kept
inside a coded table (（续表） line, page number, title, header and column numbers repeated); blank
rows; notes and page numbers under a table; tables restated in 元 or 千元; last year's figures
with 增减额 and 增减率 columns; totals written as formulas with or without a saved result; codes
stored as numbers, as "2101501.0" or with stray spaces; names indented by level; 类 cells merged
down their block; hidden rows (data rows, which the reader must report, and blank ones).

Every trait keeps the ground truth: ``cells`` follow every move, a formula computes exactly the
value it replaces, a restated figure is the exact yuan amount. The workbook is written by a small
xlsx writer of its own (openpyxl cannot save a formula's cached result, and is slow).
"""

from __future__ import annotations

import random
import zipfile
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from ..model import column_letter
from .layouts import LAYOUTS
from .render import PlacedValue, SheetGrid, format_amount, format_count
from .writer import INJECTABLE_TABLES, GeneratedWorkbook, generate

CODED = (2, 3, 5, 6)  # tables whose rows are codes (8 and 9 are usually empty)
CENT = Decimal("0.01")
_PRIOR_TABLES = (3, 5)  # functional 合计/基本支出/项目支出 tables that may carry last year's figures


def _position(a1: str) -> tuple[int, int]:
    letters = a1.rstrip("0123456789")
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    return int(a1[len(letters):]) - 1, col - 1


def _a1(row: int, col: int) -> str:
    return f"{column_letter(col)}{row + 1}"


def _ref(sheet: str, a1: str) -> str:
    return "'" + sheet.replace("'", "''") + "'!" + a1


@dataclass
class Traits:
    """What a composition put into the workbook (the test reports these per failing case)."""

    layout: str
    contents: bool = False
    page_break: list[int] = field(default_factory=list)
    blank_rows: list[int] = field(default_factory=list)
    notes: bool = False
    units: dict[int, str] = field(default_factory=dict)
    prior: list[int] = field(default_factory=list)
    rate_style: str = "percent"
    formulas: str = "none"  # none | cached | uncached | mixed
    codes: str = "text"  # text | number | float_text | spaces
    indent: bool = False
    merged_codes: bool = False
    hidden_rows: list[int] = field(default_factory=list)


@dataclass
class Composition:
    generated: GeneratedWorkbook
    traits: Traits
    formulas: dict[tuple[str, str], tuple[str, Decimal | None]] = field(default_factory=dict)
    feeds: dict[str, set[str]] = field(default_factory=dict)  # ref -> uncached formula refs using it
    hidden: dict[str, set[int]] = field(default_factory=dict)  # sheet -> hidden rows
    hidden_data: set[tuple[str, int]] = field(default_factory=set)  # hidden rows holding a table line
    scale: dict[str, Decimal] = field(default_factory=dict)  # sheet -> figures written per 万元
    decimals: dict[str, int] = field(default_factory=dict)
    rates: dict[str, tuple[Decimal, Decimal, str]] = field(default_factory=dict)  # ref -> change, prior, style

    @property
    def cells(self) -> list[PlacedValue]:
        return self.generated.cells

    def grid(self, name: str) -> SheetGrid:
        return next(g for g in self.generated.sheets if g.name == name)

    # -- writing -------------------------------------------------------------------------------

    def written(self, placed: PlacedValue, value: Decimal) -> object:
        """A figure as this composition writes it in its sheet (its unit, the layout's style)."""
        layout = self.generated.layout
        if placed.kind == "count":
            return format_count(layout, int(value))
        if placed.ref in self.rates:
            return self._rate_value(value, self.rates[placed.ref][2])
        factor = self.scale.get(placed.sheet)
        if factor is not None:
            scaled = (value * factor).quantize(Decimal(1).scaleb(-self.decimals[placed.sheet]), ROUND_HALF_UP)
            return int(scaled) if self.decimals[placed.sheet] == 0 else float(scaled)
        return format_amount(layout, value.quantize(CENT))[0]

    @staticmethod
    def _rate_value(percent: Decimal, style: str) -> object:
        if style == "text":
            return f"{percent.quantize(CENT, ROUND_HALF_UP)}%"
        if style == "fraction":
            return float((percent / 100).quantize(Decimal("0.0001"), ROUND_HALF_UP))
        return float(percent.quantize(CENT, ROUND_HALF_UP))

    def save(self, path: str | Path, mutate: dict[str, Decimal] | None = None) -> Path:
        """Write the xlsx; ``mutate`` replaces recorded cells (by ref) with new values (a formula
        cell so replaced becomes a plain figure)."""
        overrides: dict[tuple[str, str], object] = {}
        for ref, new in (mutate or {}).items():
            placed = self.generated.cell(ref)
            overrides[(placed.sheet, placed.a1)] = self.written(placed, Decimal(new))
        return write_xlsx(path, self.generated.sheets, self.formulas, overrides, self.hidden)

    # -- errors --------------------------------------------------------------------------------

    def inject(self, rng: random.Random) -> tuple[str, Decimal | None, Decimal]:
        """One figure changed beyond what rounding explains (generator's rule for amounts and
        counts; a rate moves past the whole range its rounded change and prior allow)."""
        candidates = [c for c in self.cells if c.table in INJECTABLE_TABLES]
        placed = rng.choice(candidates)
        if placed.ref not in self.rates:
            return self.generated.inject_error(_Fixed(placed))
        change, prior, _ = self.rates[placed.ref]
        half = Decimal("0.005")
        corners = [c / p * 100 for c in (change - half, change + half) for p in (prior - half, prior + half)]
        width = max(corners) - min(corners)
        delta = (width + Decimal("0.05") + abs(placed.published or 0) / 50).quantize(CENT, "ROUND_UP")
        old = placed.published or Decimal(0)
        return placed.ref, placed.published, old + delta if rng.random() < 0.5 else old - delta

    def citing(self, ref: str) -> set[str]:
        """Cells a finding may cite for a change at ``ref``: the cell, and the uncached formulas
        that use it (Excel recomputes them: the change shows in their values)."""
        found, todo = {ref}, [ref]
        while todo:
            for user in self.feeds.get(todo.pop(), ()):
                if user not in found:
                    found.add(user)
                    todo.append(user)
        return found


class _Fixed(random.Random):
    """A Random whose first choice is the given cell (the generator's injector picks by choice)."""

    def __init__(self, placed: PlacedValue) -> None:
        super().__init__(placed.ref)
        self._placed = placed

    def choice(self, seq: Any) -> Any:  # noqa: D401 - random.Random API
        return self._placed


# -- grid surgery ---------------------------------------------------------------------------


def _insert_rows(comp: Composition, grid: SheetGrid, at: int, count: int) -> None:
    """Insert ``count`` empty rows above row ``at`` (0-based): values, formats, merges, hidden
    rows and recorded cells below move down."""
    def moved(row: int) -> int:
        return row + count if row >= at else row

    grid.values = {(moved(r), c): v for (r, c), v in grid.values.items()}
    grid.formats = {(moved(r), c): v for (r, c), v in grid.formats.items()}
    grid.merges = [(moved(r1), c1, moved(r2) if r1 >= at else (r2 + count if r2 >= at else r2), c2)
                   for r1, c1, r2, c2 in grid.merges]
    if grid.name in comp.hidden:
        comp.hidden[grid.name] = {moved(r) for r in comp.hidden[grid.name]}
    comp.hidden_data = {(s, moved(r) if s == grid.name else r) for s, r in comp.hidden_data}
    cells = comp.generated.cells
    for i, placed in enumerate(cells):
        if placed.sheet != grid.name:
            continue
        row, col = _position(placed.a1)
        if row >= at:
            new = _a1(row + count, col)
            cells[i] = replace(placed, a1=new, ref=_ref(grid.name, new))


def _body(comp: Composition, grid: SheetGrid) -> list[int]:
    """The rows of a table's lines (rows holding a recorded figure), top to bottom."""
    return sorted({_position(c.a1)[0] for c in comp.cells if c.sheet == grid.name})


def _row_cells(comp: Composition, sheet: str, row: int) -> list[PlacedValue]:
    return [c for c in comp.cells if c.sheet == sheet and _position(c.a1)[0] == row]


def _sheet_of(comp: Composition, table: int) -> SheetGrid:
    return next(g for g in comp.generated.sheets if g.table == table)


def _header_rows(comp: Composition, grid: SheetGrid) -> tuple[int, int]:
    """(first header row, first body row) of a coded table."""
    body = _body(comp, grid)
    row0 = comp.generated.layout.origin[0]
    return row0 + 2, body[0]


# -- traits ---------------------------------------------------------------------------------


def _contents(comp: Composition, rng: random.Random) -> None:
    from .tables import TABLE_NAMES

    sheet = SheetGrid(rng.choice(["目录", "目 录", "Sheet0"]), None)
    sheet.values[(0, 0)] = rng.choice(["目  录", "目录"])
    for number, name in TABLE_NAMES.items():
        sheet.values[(number + 1, 0)] = f"表{number}"
        sheet.values[(number + 1, 1)] = f"{comp.generated.unit.name}{comp.generated.unit.year}年{name}"
    comp.generated.sheets.insert(1 if comp.generated.sheets[0].table is None else 0, sheet)


def _page_break(comp: Composition, grid: SheetGrid, rng: random.Random) -> None:
    body = _body(comp, grid)
    if len(body) < 4:
        return
    first, start = _header_rows(comp, grid)
    at = rng.choice(body[2:])
    col0 = comp.generated.layout.origin[1]
    header = {(r - first, c): v for (r, c), v in grid.values.items() if first <= r < start}
    lines = [[(col0, rng.choice(["（续表）", "续表", "表三（续）"]))], [(col0, rng.choice(["第 1 页", "- 1 -", "1/2"]))]]
    if rng.random() < 0.5:
        title = grid.values.get((comp.generated.layout.origin[0], col0))
        lines.insert(1, [(col0, title)])
    count = len(lines) + (start - first)
    _insert_rows(comp, grid, at, count)
    for i, line in enumerate(lines):
        for col, value in line:
            grid.values[(at + i, col)] = value
    for (r, c), v in header.items():
        grid.values[(at + len(lines) + r, c)] = v


def _blank_row(comp: Composition, grid: SheetGrid, rng: random.Random, hide: bool = False) -> None:
    body = _body(comp, grid)
    if len(body) < 2:
        return
    at = rng.choice(body[1:])
    _insert_rows(comp, grid, at, 1)
    if hide:
        comp.hidden.setdefault(grid.name, set()).add(at)
    elif rng.random() < 0.5:
        grid.values[(at, comp.generated.layout.origin[1])] = "-" * rng.randint(3, 12)


def _notes(comp: Composition, grid: SheetGrid, rng: random.Random) -> None:
    body = _body(comp, grid)
    if not body:
        return
    col0 = comp.generated.layout.origin[1]
    last = max([body[-1]] + [r for (r, _) in grid.values])
    grid.values[(last + 2, col0)] = rng.choice(["注：本表金额单位为万元。", "注：以上数据来源于部门预算系统。"])
    grid.values[(last + 4, col0)] = rng.choice(["第 2 页", "- 2 -", "共 2 页"])


def _unit(comp: Composition, grid: SheetGrid, unit: str) -> None:
    """Restate a table in 元 (the exact yuan amounts) or 千元 (one decimal)."""
    row0, col0 = comp.generated.layout.origin
    for (r, c), v in list(grid.values.items()):
        if r == row0 + 1 and isinstance(v, str) and "万元" in v:
            grid.values[(r, c)] = v.replace("万元", unit)
    factor, decimals = (Decimal(10000), 0) if unit == "元" else (Decimal(10), 1)
    comp.scale[grid.name] = factor
    comp.decimals[grid.name] = decimals
    for placed in comp.cells:
        if placed.sheet != grid.name or placed.published is None and placed.written is None:
            continue
        if unit == "元":
            value: object = int(placed.exact)
        else:
            value = float((placed.exact / 1000).quantize(Decimal("0.1"), ROUND_HALF_UP))
        if comp.generated.layout.amount_style == "text":
            value = f"{value:,}"
        grid.values[_position(placed.a1)] = value
        grid.formats.pop(_position(placed.a1), None)


def _prior(comp: Composition, grid: SheetGrid, factors: dict[str, Decimal], style: str) -> None:
    """上年预算数 | 增减额 | 增减率 after the table's own columns. Last year's yuan amounts are this
    year's 项 amounts times a factor per code (the same in every table), summed upwards."""
    cells = [c for c in comp.cells if c.sheet == grid.name and c.column.endswith("合计")]
    if not cells or grid.name in comp.scale:
        return
    first, start = _header_rows(comp, grid)
    last_col = max(c for (_, c) in grid.values)
    prior_yuan: dict[str, Decimal] = {}
    by_key = {c.key: c for c in cells}
    items = [k for k in by_key if len(k) == 7]
    for key in items:
        factor = factors.setdefault(key, Decimal(80 + int(key) % 47) / 100)
        prior_yuan[key] = (by_key[key].exact * factor).quantize(Decimal(1))
    for key in by_key:
        if key not in prior_yuan:
            kids = [k for k in items if k.startswith(key)] if key != "合计" else items
            prior_yuan[key] = sum((prior_yuan[k] for k in kids), Decimal(0))
    labels = ["上年预算数", "增减额", "增减率（%）" if style == "percent" else "增减率"]
    depth = start - first - (0 if comp.generated.layout.column_numbers == "none" else 1)
    for i, label in enumerate(labels):
        grid.values[(first, last_col + 1 + i)] = label
        if depth > 1:
            grid.merges.append((first, last_col + 1 + i, first + depth - 1, last_col + 1 + i))
        if comp.generated.layout.column_numbers != "none":
            numbers = [v for (r, _), v in grid.values.items() if r == start - 1 and isinstance(v, int)]
            grid.values[(start - 1, last_col + 1 + i)] = max(numbers, default=0) + 1 + i
    from .model import to_wan

    for key, placed in by_key.items():
        row = _position(placed.a1)[0]
        current = placed.published if placed.published is not None else Decimal("0.00")
        prior = to_wan(prior_yuan[key])
        change = current - prior
        for i, (value, kind) in enumerate([(prior, "prior"), (change, "change")]):
            a1 = _a1(row, last_col + 1 + i)
            written = format_amount(comp.generated.layout, value)[0] if value != 0 else 0.0
            grid.values[(row, last_col + 1 + i)] = written
            comp.cells.append(PlacedValue(placed.table, grid.name, a1, _ref(grid.name, a1), "amount",
                                          value, prior_yuan[key] if kind == "prior" else Decimal(0),
                                          key, f"{kind}", written))
        if prior > 0:
            rate = change / prior * 100
            a1 = _a1(row, last_col + 3)
            written = Composition._rate_value(rate, style)
            grid.values[(row, last_col + 3)] = written
            comp.cells.append(PlacedValue(placed.table, grid.name, a1, _ref(grid.name, a1), "amount",
                                          rate.quantize(CENT, ROUND_HALF_UP), Decimal(0), key, "rate", written))
            comp.rates[_ref(grid.name, a1)] = (change, prior, style)


def _formulas(comp: Composition, grid: SheetGrid, rng: random.Random, mode: str) -> None:
    """合计 = the parts of its row, as a formula, where the published parts add up exactly."""
    if comp.generated.layout.amount_style != "number" or grid.name in comp.scale:
        return
    by_row: dict[int, dict[str, PlacedValue]] = {}
    for placed in comp.cells:
        if placed.sheet == grid.name and placed.column not in ("prior", "change", "rate"):
            by_row.setdefault(_position(placed.a1)[0], {})[placed.column.rsplit("/", 1)[-1]] = placed
    pairs = {"合计": [("基本支出", "项目支出"), ("人员经费", "公用经费")]}
    for columns in by_row.values():
        total = columns.get("合计")
        for parts in pairs["合计"]:
            if total is None or not all(p in columns for p in parts):
                continue
            values = [columns[p].published or Decimal(0) for p in parts]
            if (total.published or Decimal(0)) != sum(values, Decimal(0)) or rng.random() < 0.3:
                continue
            cached = mode == "cached" or (mode == "mixed" and rng.random() < 0.5)
            text = "+".join(columns[p].a1 for p in parts) if rng.random() < 0.5 else \
                f"SUM({columns[parts[0]].a1}:{columns[parts[1]].a1})"
            if not _adjacent(columns[parts[0]].a1, columns[parts[1]].a1) and text.startswith("SUM"):
                text = "+".join(columns[p].a1 for p in parts)
            value = total.published if total.published is not None else Decimal(0)
            comp.formulas[(grid.name, total.a1)] = (text, value if cached else None)
            if not cached:
                for p in parts:
                    comp.feeds.setdefault(columns[p].ref, set()).add(total.ref)


def _adjacent(a: str, b: str) -> bool:
    (ra, ca), (rb, cb) = _position(a), _position(b)
    return ra == rb and cb == ca + 1


def _codes(comp: Composition, grid: SheetGrid, style: str, indent: bool, merge: bool) -> None:
    layout = comp.generated.layout
    col0 = layout.origin[1]
    body = set(_body(comp, grid))
    names = (2 if grid.table == 6 else 3) if layout.split_code else 1  # the name column
    for (r, c), v in list(grid.values.items()):
        if r not in body or not isinstance(v, str):
            continue
        if c == col0 and not layout.split_code and v.isdigit() and not v.startswith("0"):
            if style == "number":
                grid.values[(r, c)] = int(v)
            elif style == "float_text":
                grid.values[(r, c)] = f"{v}.0"
            elif style == "spaces":
                grid.values[(r, c)] = f" {v} "
        elif indent and c == col0 + names and not v.isdigit():
            key = next((p.key for p in _row_cells(comp, grid.name, r)), "")
            depth = {3: 0, 5: 1, 7: 2}.get(len(key), 0)
            grid.values[(r, c)] = "  " * depth + v
    if merge and layout.split_code and not layout.repeat_parents:
        rows = sorted(body)
        for r in rows:
            if grid.values.get((r, col0)):
                end = r
                while end + 1 in body and not grid.values.get((end + 1, col0)):
                    end += 1
                if end > r:
                    grid.merges.append((r, col0, end, col0))


def _hide_row(comp: Composition, grid: SheetGrid, rng: random.Random) -> None:
    body = _body(comp, grid)
    if len(body) < 3:
        return
    row = rng.choice(body[1:])
    comp.hidden.setdefault(grid.name, set()).add(row)
    comp.hidden_data.add((grid.name, row))


def compose(seed: int) -> Composition:
    """A random composition of layout traits over the generated workbook of ``seed``."""
    rng = random.Random(f"compose/{seed}")
    layout = rng.choice(sorted(LAYOUTS))
    generated = generate(seed, layout, rounding_heavy=rng.random() < 0.2)
    traits = Traits(layout=layout)
    comp = Composition(generated, traits)
    coded = [t for t in CODED if any(g.table == t for g in generated.sheets)]
    factors: dict[str, Decimal] = {}
    traits.codes = rng.choice(["text", "text", "number", "float_text", "spaces"])
    traits.indent = rng.random() < 0.3
    traits.merged_codes = rng.random() < 0.5
    for table in coded:
        _codes(comp, _sheet_of(comp, table), traits.codes, traits.indent, traits.merged_codes)
    if rng.random() < 0.3:
        traits.hidden_rows = rng.sample(coded, rng.randint(1, 2))
        for table in traits.hidden_rows:
            _hide_row(comp, _sheet_of(comp, table), rng)
    # row insertions first: the column traits below then find every cell where it is
    if rng.random() < 0.4:
        traits.page_break = rng.sample(coded, rng.randint(1, 2))
        for table in traits.page_break:
            _page_break(comp, _sheet_of(comp, table), rng)
    if rng.random() < 0.4:
        traits.blank_rows = rng.sample(coded, rng.randint(1, 2))
        for table in traits.blank_rows:
            _blank_row(comp, _sheet_of(comp, table), rng, hide=rng.random() < 0.3)
    if rng.random() < 0.4:
        traits.notes = True
        for table in rng.sample(coded, rng.randint(1, len(coded))):
            _notes(comp, _sheet_of(comp, table), rng)
    if rng.random() < 0.4:
        traits.prior = rng.sample(_PRIOR_TABLES, rng.randint(1, 2))
        traits.rate_style = rng.choice(["percent", "text", "fraction"])
        for table in traits.prior:
            _prior(comp, _sheet_of(comp, table), factors, traits.rate_style)
    if rng.random() < 0.4:
        traits.units = {t: rng.choice(["元", "千元"]) for t in rng.sample(coded, rng.randint(1, 2))
                        if t not in traits.prior}
        for table, unit in traits.units.items():
            _unit(comp, _sheet_of(comp, table), unit)
    if rng.random() < 0.4:
        traits.formulas = rng.choice(["cached", "uncached", "mixed"])
        for table in (3, 5, 6):
            _formulas(comp, _sheet_of(comp, table), rng, traits.formulas)
    if rng.random() < 0.4:
        traits.contents = True
        _contents(comp, rng)
    return comp


# -- a small xlsx writer ----------------------------------------------------------------------

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "{sheets}</Types>"
)
_SHEET_TYPE = ('<Override PartName="/xl/worksheets/sheet{n}.xml" '
               'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>')
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
    '<borders count="1"><border/></borders>'
    '<cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="1"><xf/></cellXfs>'
    "</styleSheet>"
)
_MAIN_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_REL_NS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def _cell_xml(a1: str, value: object, formula: tuple[str, Decimal | None] | None) -> str:
    if formula is not None:
        text, cached = formula
        v = f"<v>{format(cached, 'f')}</v>" if cached is not None else ""
        return f'<c r="{a1}"><f>{escape(text)}</f>{v}</c>'
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return f'<c r="{a1}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (int, float)):
        return f'<c r="{a1}"><v>{value!r}</v></c>'
    return f'<c r="{a1}" t="inlineStr"><is><t xml:space="preserve">{escape(str(value))}</t></is></c>'


def write_xlsx(path: str | Path, sheets: list[SheetGrid],
               formulas: dict[tuple[str, str], tuple[str, Decimal | None]],
               overrides: dict[tuple[str, str], object], hidden: dict[str, set[int]]) -> Path:
    """Write grids as an .xlsx: inline strings, numbers, formulas (with their cached result when
    one is given), merged ranges and hidden rows."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("[Content_Types].xml", _CONTENT_TYPES.format(
            sheets="".join(_SHEET_TYPE.format(n=i + 1) for i in range(len(sheets)))))
        book.writestr("_rels/.rels", _ROOT_RELS)
        book.writestr("xl/styles.xml", _STYLES)
        entries = "".join(f'<sheet name="{escape(g.name, {chr(34): "&quot;"})}" sheetId="{i + 1}" r:id="rId{i + 1}"/>'
                          for i, g in enumerate(sheets))
        book.writestr("xl/workbook.xml", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                                         f"<workbook {_MAIN_NS} {_REL_NS}><sheets>{entries}</sheets></workbook>")
        rels = "".join(
            f'<Relationship Id="rId{i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{i + 1}.xml"/>'
            for i in range(len(sheets)))
        rels += (f'<Relationship Id="rId{len(sheets) + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>')
        book.writestr("xl/_rels/workbook.xml.rels",
                      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                      f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>')
        for i, grid in enumerate(sheets):
            book.writestr(f"xl/worksheets/sheet{i + 1}.xml", _sheet_xml(grid, formulas, overrides, hidden))
    return target


def _sheet_xml(grid: SheetGrid, formulas: dict[tuple[str, str], tuple[str, Decimal | None]],
               overrides: dict[tuple[str, str], object], hidden: dict[str, set[int]]) -> str:
    values = dict(grid.values)
    own_formulas = {}
    for (sheet, a1), formula in formulas.items():
        if sheet == grid.name:
            own_formulas[_position(a1)] = formula
    for (sheet, a1), value in overrides.items():
        if sheet == grid.name:
            values[_position(a1)] = value
            own_formulas.pop(_position(a1), None)
    hidden_rows = hidden.get(grid.name, set())
    rows = sorted({r for r, _ in values} | {r for r, _ in own_formulas} | hidden_rows)
    parts = []
    for r in rows:
        cols = sorted({c for rr, c in values if rr == r} | {c for rr, c in own_formulas if rr == r})
        cells = "".join(_cell_xml(_a1(r, c), values.get((r, c)), own_formulas.get((r, c))) for c in cols)
        flag = ' hidden="1"' if r in hidden_rows else ""
        parts.append(f'<row r="{r + 1}"{flag}>{cells}</row>')
    merges = ""
    if grid.merges:
        merges = f'<mergeCells count="{len(grid.merges)}">' + "".join(
            f'<mergeCell ref="{_a1(r1, c1)}:{_a1(r2, c2)}"/>' for r1, c1, r2, c2 in grid.merges) + "</mergeCells>"
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet {_MAIN_NS}>'
            f"<sheetData>{''.join(parts)}</sheetData>{merges}</worksheet>")

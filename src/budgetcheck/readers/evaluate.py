"""Formulas saved without a cached result (workbooks written by programs other than Excel):
evaluate the arithmetic ones, mark the others unreadable.

Only arithmetic over cells is evaluated: numbers, references and ranges (also on other sheets),
+ - * /, parentheses, SUM and ROUND. The evaluation itself is done by the maintained ``formulas``
library (imported here lazily, only when a workbook has such a formula: it takes about a second
to import). Anything else (a lookup, text, an unknown function, a reference to an unreadable
cell) leaves the cell ``Unreadable``: an empty-looking value that readers take for neither a
number nor a zero, and that the reader reports with the formula.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..amounts import AmountError, parse_decimal
from ..model import column_letter
from .marks import _position, column_index

if TYPE_CHECKING:  # pragma: no cover
    from .workbook import Grid


class Unreadable(str):
    """A cell whose value cannot be read: an Excel error or a formula with no cached result.

    It is an empty string to every reader (so it is never text nor a figure), and remembers what
    it was: ``kind`` is "error", "formula" (one that cannot be evaluated) or "dependent" (an
    arithmetic formula that needs an unreadable cell: the cause is reported at that cell, this
    one only makes its relations not checkable); ``detail`` the error value or the formula.
    """

    kind: str
    detail: str

    def __new__(cls, kind: str, detail: str) -> Unreadable:
        self = super().__new__(cls, "")
        self.kind = kind
        self.detail = detail
        return self

    def __hash__(self) -> int:
        return hash((self.kind, self.detail))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Unreadable):
            return (self.kind, self.detail) == (other.kind, other.detail)
        return other == ""

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)


_FUNCTION = re.compile(r"([A-Za-z_][A-Za-z0-9_.]*)\s*\(")
_ALLOWED = {"SUM", "ROUND"}
# a sheet name (quoted or plain) and a cell or range: 'Sheet 1'!A1:B3, 表三!$C$7
_REFERENCE = re.compile(
    r"(?:(?P<sheet>'(?:[^']|'')+'|[^\s'!=+\-*/(),:&^<>]+)!)?"
    r"(?P<a>\$?[A-Z]{1,3}\$?\d+)(?::(?P<b>\$?[A-Z]{1,3}\$?\d+))?"
)
_NUMBER_OR_OP = re.compile(r"^[\d.\s+\-*/(),%]*$")
_MAX_CELLS = 20000  # a range larger than this is not a table's arithmetic


def arithmetic(formula: str) -> bool:
    """Is the formula arithmetic over cells (numbers, references, + - * /, SUM, ROUND)?"""
    if not formula or '"' in formula or "[" in formula or "{" in formula:
        return False
    functions = {name.upper() for name in _FUNCTION.findall(formula)}
    if functions - _ALLOWED:
        return False
    rest = _REFERENCE.sub("0", _FUNCTION.sub("(", formula))
    return bool(_NUMBER_OR_OP.match(rest))


def _split(name: str, here: str) -> tuple[str, str]:
    """An input name of the ``formulas`` library ("'SHEET 1'!A1:B2", "A1") -> (sheet, range)."""
    if "!" in name:
        sheet, _, cells = name.rpartition("!")
        sheet = sheet.strip("'").replace("''", "'")
        return sheet, cells
    return here, name


def _cells(text: str) -> tuple[tuple[int, int], tuple[int, int]] | None:
    first, _, last = text.replace("$", "").upper().partition(":")
    a = _position(first)
    b = _position(last) if last else a
    if a is None or b is None:
        return None
    return (min(a[0], b[0]), min(a[1], b[1])), (max(a[0], b[0]), max(a[1], b[1]))


class Evaluator:
    """Evaluates the uncached formulas of a workbook, each at most once."""

    def __init__(self, grids: dict[str, Grid], formulas: dict[tuple[str, int, int], str]):
        self.grids = {name.upper(): grid for name, grid in grids.items()}
        self.formulas = formulas
        self.done: dict[tuple[str, int, int], Any] = {}
        self.active: set[tuple[str, int, int]] = set()
        self.circular: set[tuple[str, int, int]] = set()
        self._parser: Any = None

    def run(self) -> dict[tuple[str, int, int], Any]:
        """sheet, row, col -> the value (a float) or an ``Unreadable``."""
        for key in self.formulas:
            self.value(key)
        return self.done

    def value(self, key: tuple[str, int, int]) -> Any:
        if key in self.done:
            return self.done[key]
        formula = self.formulas[key]
        if key in self.active:  # a circular reference: the cell where the loop closes is the cause
            self.circular.add(key)
            return Unreadable("dependent", f"={formula}")
        if not arithmetic(formula):
            return self.done.setdefault(key, Unreadable("formula", f"={formula}"))
        self.active.add(key)
        try:
            result = self._evaluate(key, formula)
        finally:
            self.active.discard(key)
        if key in self.circular:
            result = Unreadable("formula", f"={formula}")
        self.done[key] = result
        return result

    def _cell(self, sheet: str, row: int, col: int) -> float | Unreadable | None:
        """A referenced cell as a number (blank = 0); the Unreadable it holds; None for text."""
        grid = self.grids.get(sheet.upper())
        if grid is None:
            return None
        key = (grid.name, row, col)
        raw = self.value(key) if key in self.formulas else grid.value(row, col)
        if isinstance(raw, Unreadable):
            return raw
        try:
            parsed = parse_decimal(raw if raw != "" else None)
        except AmountError:
            return None
        return float(parsed[0]) if parsed else 0.0

    def _evaluate(self, key: tuple[str, int, int], formula: str) -> Any:
        import numpy as np

        unreadable = Unreadable("formula", f"={formula}")
        shape, refs = _normalise(formula)
        function = self._compiled(shape)
        if function is None:
            return unreadable
        arguments = []
        for name in function.inputs:
            original = refs.get(str(name).upper())
            if original is None:
                return unreadable
            sheet, text = _split(original, key[0])
            box = _cells(text)
            if box is None:
                return unreadable
            (r0, c0), (r1, c1) = box
            if (r1 - r0 + 1) * (c1 - c0 + 1) > _MAX_CELLS:
                return unreadable
            values = [[self._cell(sheet, r, c) for c in range(c0, c1 + 1)] for r in range(r0, r1 + 1)]
            if any(v is None for line in values for v in line):
                return unreadable
            if any(isinstance(v, Unreadable) for line in values for v in line):
                return Unreadable("dependent", f"={formula}")
            arguments.append(np.array(values, dtype=float) if (r0, c0) != (r1, c1) else values[0][0])
        try:
            result = function(*arguments)
            number = float(np.asarray(result, dtype=float).ravel()[0])
        except Exception:  # an Excel error value (#DIV/0!, #VALUE!) comes back as a non-number
            return unreadable
        if number != number or number in (float("inf"), float("-inf")):
            return unreadable
        # the sum of published values carries no digits beyond theirs; float noise is cut
        return float(Decimal(repr(number)).quantize(Decimal("1e-9")).normalize())


    def _compiled(self, shape: str) -> Any:
        """The library's compiled function of a normalised formula, compiled once: a workbook's
        formulas repeat a few shapes (=D9+E9, =D10+E10 are one) and compiling is the slow part."""
        if shape in _COMPILED:
            return _COMPILED[shape]
        if self._parser is None:
            import formulas  # the maintained Excel formula library, lazily (about a second)

            self._parser = formulas.Parser()
        try:
            function = self._parser.ast(f"={shape}")[1].compile()
        except Exception:  # the library raises several kinds for text it cannot parse
            function = None
        if len(_COMPILED) < 4096:
            _COMPILED[shape] = function
        return function


_COMPILED: dict[str, Any] = {}


def _normalise(formula: str) -> tuple[str, dict[str, str]]:
    """The formula with its i-th reference replaced by a placeholder of the same shape in a
    column block of its own (so shapes that differ only in where they point compile once), and
    placeholder -> the reference it stands for."""
    refs: dict[str, str] = {}
    column = 0

    def place(match: re.Match[str]) -> str:
        nonlocal column
        box = _cells(match.group("a") + (f":{match.group('b')}" if match.group("b") else ""))
        if box is None:
            return match.group(0)
        (r0, c0), (r1, c1) = box
        first = f"{column_letter(column)}1"
        name = first if (r0, c0) == (r1, c1) else f"{first}:{column_letter(column + c1 - c0)}{r1 - r0 + 1}"
        column += c1 - c0 + 2
        refs[name] = match.group(0)
        return name

    return _REFERENCE.sub(place, formula), refs


def resolve(grids: list[Grid], formulas: dict[tuple[str, int, int], str],
            errors: dict[tuple[str, int, int], str]) -> dict[tuple[str, int, int], Any]:
    """Put every error cell and every uncached formula's value (or ``Unreadable``) into the
    grids; returns what each formula became (for ``inspect``)."""
    by_name = {grid.name: grid for grid in grids}
    for (sheet, row, col), error in errors.items():
        _put(by_name[sheet], row, col, Unreadable("error", error))
    done = Evaluator(by_name, formulas).run() if formulas else {}
    for (sheet, row, col), value in done.items():
        _put(by_name[sheet], row, col, value)
    return done


def _put(grid: Grid, row: int, col: int, value: Any) -> None:
    while len(grid.rows) <= row:
        grid.rows.append([])
    line = grid.rows[row]
    if len(line) <= col:
        line.extend([""] * (col + 1 - len(line)))
    line[col] = value
    grid.forget(row)


__all__ = ["Unreadable", "arithmetic", "column_index", "resolve"]

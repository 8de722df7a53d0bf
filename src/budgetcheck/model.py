"""The canonical model: tables whose every value remembers its sheet and A1 cell, and findings.

Readers turn a submitted workbook (whatever its layout) into ``Submission``; rules read only this
model and yield ``Finding`` objects whose message arguments are kept apart from the text, which is
rendered at report time in Chinese or English.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any, Literal

from .amounts import Amount

Severity = Literal["error", "warning"]


@lru_cache(maxsize=1024)
def column_letter(col: int) -> str:
    """0-based column index to Excel letters (0 -> A, 26 -> AA)."""
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def a1(row: int, col: int) -> str:
    """0-based row and column to an A1 reference."""
    return f"{column_letter(col)}{row + 1}"


def sheet_ref(sheet: str, row: int, col: int) -> str:
    """An Excel reference with the sheet quoted as Excel does: 'Sheet 1'!C7."""
    quoted = sheet.replace("'", "''")
    return f"'{quoted}'!{a1(row, col)}"


@dataclass(slots=True, eq=False)  # identity semantics; a frozen dataclass is slow to build
class Cell:
    """One value of a canonical table and where it was read from (0-based row and column)."""

    sheet: str
    row: int
    col: int
    raw: Any
    amount: Amount

    @property
    def ref(self) -> str:
        return sheet_ref(self.sheet, self.row, self.col)

    @property
    def value(self) -> Decimal:
        return self.amount.value

    @property
    def blank(self) -> bool:
        return self.raw is None or (isinstance(self.raw, str) and not self.raw.strip())


@dataclass(slots=True)
class Row:
    """A row of a canonical table: its key (code, item key or ``total``) and its values."""

    key: str
    name: str
    level: int  # 0 = 合计, 1 = 类, 2 = 款, 3 = 项; item tables use 1
    cells: dict[str, Cell]
    sheet_row: int
    code_cells: tuple[str, ...] = ()  # A1 refs of the code cell(s), for structure findings
    info: dict[str, Any] | None = None  # text attributes of non-amount rows (project targets)


@dataclass(slots=True)
class Table:
    """A canonical table: a known kind, the columns it has, and its rows in sheet order."""

    kind: str
    title: str
    sheet: str
    columns: list[str]
    rows: list[Row]
    header_rows: tuple[int, int] = (0, 0)
    empty: bool = False

    def row(self, key: str) -> Row | None:
        for row in self.rows:
            if row.key == key:
                return row
        return None

    def index(self) -> dict[str, Row]:
        return {row.key: row for row in self.rows}


@dataclass(slots=True)
class Mark:
    """Something the reader saw in a table that a reviewer should know: an Excel error cell, a
    formula it could not read, a hidden row, column or sheet read as data (readers/__init__.py).
    Structure rules of the ``layout`` family report them."""

    kind: str  # error_cell | unreadable_formula | hidden_row | hidden_column | hidden_sheet
    table: str
    cells: list[str]
    args: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Submission:
    """A read workbook: its path and hash and the canonical tables found in it."""

    path: str
    sha256: str
    tables: dict[str, Table] = field(default_factory=dict)
    sheets: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)
    unreadable: dict[str, str] = field(default_factory=dict)  # ref -> error value or formula
    not_checkable: list[Any] = field(default_factory=list)  # engine.checkable.NotCheckable


@dataclass(slots=True)
class Finding:
    """One failed relation with its evidence: every involved cell, expected and actual."""

    rule: str
    severity: Severity
    table: str
    cells: list[str]
    expected: str
    actual: str
    args: dict[str, Any] = field(default_factory=dict)
    location: dict[str, Any] | None = None  # for text evidence: file, line, sentence
    explained: dict[str, Any] | None = None  # set when an accepted explanation matches

    def key(self) -> tuple[str, tuple[str, ...]]:
        return self.rule, tuple(self.cells)

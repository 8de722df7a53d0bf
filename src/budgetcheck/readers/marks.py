"""What the value reader does not say about an .xlsx: hidden rows and columns, Excel error cells
(#DIV/0!, #REF!, #N/A, #VALUE!) and formulas saved without a cached result.

python-calamine reads a cell's cached value only: an error cell and a formula without a cached
result both come back as an empty cell, which a rule would take for zero. These marks are read
straight from the sheet XML with the standard library (zipfile and a streaming parser), and only
from sheets whose bytes contain one of them, so that a plain workbook costs a byte search per
sheet. openpyxl stays off this path (it costs ~0.4 s to import).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from xml.etree.ElementTree import fromstring, iterparse

from ..model import column_letter

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CELL_REF = re.compile(r"^([A-Z]{1,3})(\d+)$")
_A1_IN_FORMULA = re.compile(r"(?<![A-Za-z_\d.!'])(\$?)([A-Z]{1,3})(\$?)(\d+)(?![\d(A-Za-z_])")


@dataclass(slots=True)
class SheetMarks:
    """Marks of one sheet, at 0-based (row, column)."""

    hidden: bool = False
    hidden_rows: set[int] = field(default_factory=set)
    hidden_cols: set[int] = field(default_factory=set)
    errors: dict[tuple[int, int], str] = field(default_factory=dict)  # -> '#DIV/0!'
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)  # uncached -> 'SUM(C6:C8)'


def column_index(letters: str) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + ord(ch) - 64
    return index - 1


def _position(ref: str | None) -> tuple[int, int] | None:
    match = _CELL_REF.match(ref or "")
    if not match:
        return None
    return int(match.group(2)) - 1, column_index(match.group(1))




def shift_formula(text: str, rows: int, cols: int) -> str:
    """A shared formula as it stands in a cell ``rows`` below and ``cols`` right of its master:
    relative references move, $-anchored parts stay (what Excel does when it fills a formula)."""

    def move(match: re.Match[str]) -> str:
        col_abs, letters, row_abs, number = match.groups()
        col = column_index(letters) + (0 if col_abs else cols)
        row = int(number) + (0 if row_abs else rows)
        return f"{col_abs}{column_letter(col)}{row_abs}{row}"

    return _A1_IN_FORMULA.sub(move, text)


def _sheet_paths(book: _Parts) -> list[tuple[str, str, bool]]:
    """(name, part path, hidden) of every worksheet, in workbook order (two small parts, parsed
    whole: a third of the time an event stream takes)."""
    rels: dict[str, str] = {}
    for node in fromstring(book.read("xl/_rels/workbook.xml.rels")).iter(f"{_PKG_REL}Relationship"):
        target = node.get("Target", "")
        target = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        rels[node.get("Id", "")] = target
    sheets = []
    for node in fromstring(book.read("xl/workbook.xml")).iter(f"{_MAIN}sheet"):
        state = node.get("state", "visible")
        sheets.append((node.get("name", ""), rels.get(node.get(f"{_REL}id", ""), ""),
                       state in ("hidden", "veryHidden")))
    return sheets


class _Parts:
    """A package's parts: the ones already inflated (by the container check), else read from
    the zip, opened only then."""

    def __init__(self, data: bytes, inflated: dict[str, bytes]) -> None:
        self.data = data
        self.inflated = inflated
        self.book: zipfile.ZipFile | None = None

    def read(self, name: str) -> bytes:
        found = self.inflated.get(name)
        if found is not None:
            return found
        if self.book is None:
            self.book = zipfile.ZipFile(io.BytesIO(self.data))
        return self.book.read(name)


def _scan_sheet(xml: bytes, marks: SheetMarks) -> None:
    """Hidden rows and columns, error cells and uncached formulas of one sheet's XML."""
    shared: dict[str, tuple[str, int, int]] = {}  # shared formula index -> (text, row, col)
    row_index = -1
    col_index = -1
    for event, node in iterparse(io.BytesIO(xml), events=("start", "end")):
        tag = node.tag
        if event == "start":
            if tag == f"{_MAIN}row":
                number = node.get("r")
                row_index = int(number) - 1 if number else row_index + 1
                col_index = -1
                if node.get("hidden") in ("1", "true"):
                    marks.hidden_rows.add(row_index)
            continue
        if tag == f"{_MAIN}col":
            if node.get("hidden") in ("1", "true"):
                low, high = int(node.get("min", "1")), int(node.get("max", "1"))
                marks.hidden_cols.update(range(low - 1, min(high, 16384)))
        elif tag == f"{_MAIN}c":
            where = _position(node.get("r"))
            if where is None:
                where = (row_index, col_index + 1)
            col_index = where[1]
            value = node.find(f"{_MAIN}v")
            cached = value is not None and value.text is not None and value.text.strip() != ""
            if node.get("t") == "e":
                marks.errors[where] = (value.text or "").strip() if value is not None else "#N/A"
            formula = node.find(f"{_MAIN}f")
            if formula is not None:
                text = (formula.text or "").strip()
                index = formula.get("si")
                if formula.get("t") == "shared" and index is not None:
                    if text:
                        shared[index] = (text, *where)
                    elif index in shared:
                        master, mr, mc = shared[index]
                        text = shift_formula(master, where[0] - mr, where[1] - mc)
                if not cached and node.get("t") != "e":
                    marks.formulas[where] = text
            node.clear()
        elif tag == f"{_MAIN}row":
            node.clear()


_ROW_HIDDEN = re.compile(rb'<(?:\w+:)?row\b[^>]*?\bhidden="(?:1|true)"[^>]*>')
_COL = re.compile(rb'<(?:\w+:)?col\b[^>]*>')
_ATTR = re.compile(rb'\b(r|t|min|max|hidden|si|ref)="([^"]*)"')
_CELL_OPEN = re.compile(rb'<(?:\w+:)?c\b([^>]*?)(/?)>')
_FORMULA = re.compile(rb'<(?:\w+:)?f\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?f>)', re.S)
_VALUE = re.compile(rb'<(?:\w+:)?v\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?v>)', re.S)
_TRIGGER_CELL = re.compile(rb'<f[ >/]|t="e"')


def _has_marks(xml: bytes) -> bool:
    """Could the sheet hold a mark? Plain byte searches (a regex over every '<' costs more than
    inflating the sheet); a sheet with namespace prefixes is parsed in full."""
    # a search ending in a letter rarely stops in cell XML ('"', '>' and ' ' end every cell):
    # 't="e' and '<f' are searched first, the exact marks only when they are there
    return (b'hidden="' in xml or (b't="e' in xml and b't="e"' in xml)
            or (b"<f" in xml and (b"<f>" in xml or b"<f " in xml)) or b":sheetData" in xml)


def _attrs(raw: bytes) -> dict[bytes, bytes]:
    return dict(_ATTR.findall(raw))


def _quick_scan(xml: bytes, marks: SheetMarks) -> bool:
    """The marks of one sheet found by searching only around them (hidden rows and columns,
    cells with a formula or an error), without parsing the whole sheet; False when a cell of
    interest has no reference (r="…"), and then the sheet is parsed in full."""
    import html

    if b":sheetData" in xml:
        return False  # namespace prefixes (<x:c>): the streaming parser reads those
    hidden = b'hidden="' in xml
    for match in _ROW_HIDDEN.finditer(xml) if hidden else ():
        number = _attrs(match.group(0)).get(b"r")
        if number is None:
            return False
        marks.hidden_rows.add(int(number) - 1)
    for match in _COL.finditer(xml) if hidden else ():
        attrs = _attrs(match.group(0))
        if attrs.get(b"hidden") in (b"1", b"true"):
            low, high = int(attrs.get(b"min", b"1")), int(attrs.get(b"max", b"1"))
            marks.hidden_cols.update(range(low - 1, min(high, 16384)))
    shared: dict[str, tuple[str, int, int]] = {}
    position = 0
    while True:
        hit = _TRIGGER_CELL.search(xml, position)
        if hit is None:
            return True
        start = xml.rfind(b"<c", 0, hit.start())
        while start >= 0 and xml[start + 2:start + 3] not in (b" ", b">", b"/"):
            start = xml.rfind(b"<c", 0, start)
        opening = _CELL_OPEN.match(xml, start) if start >= 0 else None
        if opening is None:
            return False
        end = xml.find(b"</", opening.end()) if not opening.group(2) else opening.end()
        close = xml.find(b">", xml.find(b"</c>", opening.end()) if not opening.group(2) else end)
        body = xml[opening.end():close] if not opening.group(2) else b""
        position = max(close, hit.end()) + 1
        attrs = _attrs(opening.group(1))
        where = _position(attrs.get(b"r", b"").decode())
        if where is None:
            return False
        value = _VALUE.search(body)
        cached = value is not None and value.group(1) is not None and value.group(1).strip() != b""
        is_error = attrs.get(b"t") == b"e"
        if is_error:
            marks.errors[where] = html.unescape(value.group(1).decode()).strip() if cached else "#N/A"
        formula = _FORMULA.search(body)
        if formula is None:
            continue
        fattrs = _attrs(formula.group(1))
        text = html.unescape((formula.group(2) or b"").decode()).strip()
        index = fattrs.get(b"si")
        if fattrs.get(b"t") == b"shared" and index is not None:
            key = index.decode()
            if text:
                shared[key] = (text, *where)
            elif key in shared:
                master, mr, mc = shared[key]
                text = shift_formula(master, where[0] - mr, where[1] - mc)
        if not cached and not is_error:
            marks.formulas[where] = text


def read_marks(data: bytes, inflated: dict[str, bytes] | None = None) -> dict[str, SheetMarks]:
    """Marks by sheet name of an .xlsx/.xlsm workbook; {} for other formats or an unexpected
    package layout (the value reader has already read it, and then reports what it can).
    ``inflated``: parts already inflated, by name (the container check keeps them)."""
    if not data.startswith(b"PK"):
        return {}
    book = _Parts(data, inflated or {})
    try:
        found: dict[str, SheetMarks] = {}
        for name, part, hidden in _sheet_paths(book):
            marks = SheetMarks(hidden=hidden)
            try:
                xml = book.read(part)
            except KeyError:
                continue
            if _has_marks(xml):
                quick = SheetMarks(hidden=hidden)
                if _quick_scan(xml, quick):
                    marks = quick
                else:
                    _scan_sheet(xml, marks)
            found[name] = marks
        return found
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, SyntaxError):
        return {}
    finally:
        if book.book is not None:
            book.book.close()

"""Check a zip container (.xlsx, .xlsm, .docx, .ods) before any parser inflates it.

Every member's declared size, the total, the compression ratio and the member count are checked
against ``limits`` from the central directory; then each member is inflated once, in a stream,
counting the bytes actually produced (a lying header is caught here, not inside the parser).
XML members are refused when they declare a DTD: no OOXML or ODF part needs one, and a DTD is how
external entities (file:///etc/passwd) and entity expansion (billion laughs) get in. Worksheet
XML is scanned for the used rectangle and the merge count, so a single cell at XFD1048576 is
refused before the workbook reader would allocate a grid for it.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field

from ..errors import InputError
from ..limits import LimitExceeded, limit

_DTD_MARKS = tuple(
    mark.encode(encoding)
    for mark in ("<!DOCTYPE", "<!ENTITY")
    for encoding in ("utf-8", "utf-16-le", "utf-16-be")
)
_XML_SUFFIXES = (".xml", ".rels", ".vml")
# <c r="B7" ...> (optionally prefixed x:c): a cell with content; "<c .../>" holds only a style
_CELL = re.compile(rb'<(?:\w+:)?c\s(?:[^>]*?\s)?r="([A-Z]{1,4})(\d{1,8})"[^>]*?(/?)>')
_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\s")
_RATIO_FLOOR = 1 << 20  # small parts compress extremely well and cost nothing


@dataclass
class SheetExtent:
    rows: int = 0
    columns: int = 0
    merges: int = 0
    place: str = ""


@dataclass
class ContainerReport:
    sheets: list[SheetExtent] = field(default_factory=list)
    members: dict[str, int] = field(default_factory=dict)  # name -> uncompressed bytes


def _column_number(letters: bytes) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + (ch - 64)
    return number


def check_zip(path: str, data: bytes, what: str) -> ContainerReport:
    """Refuse a zip that breaks a limit or carries a DTD; return what it holds.

    ``what`` names the kind of file in messages ("workbook", ".docx"); a container that cannot
    be read is "broken or unsupported <what>".
    """
    declared_members = _declared_members(data)
    if declared_members > limit("zip_members"):  # before zipfile builds an entry per member
        raise LimitExceeded(path, "zip_members", f"{declared_members} members")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, RuntimeError) as exc:
        raise InputError(path, f"broken or unsupported {what}: not a readable zip ({str(exc)[:80] or exc.__class__.__name__})") from None
    if len(infos) > limit("zip_members"):
        raise LimitExceeded(path, "zip_members", f"{len(infos)} members")
    declared = 0
    for info in infos:
        if info.file_size > limit("zip_member_bytes"):
            raise LimitExceeded(path, "zip_member_bytes", f"{info.filename}: {info.file_size} bytes declared")
        declared += info.file_size
        if declared > limit("zip_total_bytes"):
            raise LimitExceeded(path, "zip_total_bytes", f"{declared} bytes declared")
        if info.file_size > _RATIO_FLOOR and info.file_size > limit("zip_ratio") * max(info.compress_size, 1):
            raise LimitExceeded(path, "zip_ratio", f"{info.filename}: "
                                f"{info.file_size // max(info.compress_size, 1)}:1")
    report = ContainerReport()
    total = 0
    for info in infos:
        if info.is_dir():
            continue
        total += _inflate(path, archive, info, report, what, total)
    return report


def _declared_members(data: bytes) -> int:
    """The member count of the end-of-central-directory record (0 when there is none)."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if end < 0 or end + 12 > len(data):
        return 0
    return int.from_bytes(data[end + 10:end + 12], "little")


def _inflate(path: str, archive: zipfile.ZipFile, info: zipfile.ZipInfo, report: ContainerReport,
             what: str, before: int) -> int:
    """Inflate one member in a stream, counting bytes and scanning XML; its size."""
    name = info.filename
    is_xml = name.lower().endswith(_XML_SUFFIXES)
    sheet = SheetExtent(place=name) if _is_worksheet(name) else None
    size = 0
    tail = b""
    try:
        with archive.open(info) as member:
            while True:
                chunk = member.read(1 << 20)
                if not chunk:
                    break
                size += len(chunk)
                if size > limit("zip_member_bytes"):
                    raise LimitExceeded(path, "zip_member_bytes", f"{name}: more than {size} bytes")
                if before + size > limit("zip_total_bytes"):
                    raise LimitExceeded(path, "zip_total_bytes", f"more than {before + size} bytes")
                if not is_xml:
                    continue
                window = tail + chunk
                if any(mark in window for mark in _DTD_MARKS):
                    raise InputError(path, f"{name} declares a DTD (entities are refused in {what} XML)")
                cut = window.rfind(b"<")
                scan, tail = (window[:cut], window[cut:]) if cut > 0 and len(window) - cut < 4096 else (window, window[-16:])
                if sheet is not None:
                    _scan_sheet(path, scan, sheet)
            if sheet is not None and tail:
                _scan_sheet(path, tail, sheet)
    except InputError:
        raise
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, NotImplementedError) as exc:
        # zlib.error is a subclass of Exception only; caught below by name
        raise InputError(path, f"broken or unsupported {what}: member {name} cannot be inflated ({str(exc)[:80]})") from None
    except Exception as exc:  # zlib.error, and whatever a corrupted stream raises
        raise InputError(path, f"broken or unsupported {what}: member {name} cannot be inflated ({exc.__class__.__name__})") from None
    report.members[name] = size
    if sheet is not None:
        report.sheets.append(sheet)
    return size


def _is_worksheet(name: str) -> bool:
    lowered = name.lower()
    return lowered.startswith("xl/worksheets/") and lowered.endswith(".xml")


def _scan_sheet(path: str, text: bytes, sheet: SheetExtent) -> None:
    # one pass of C-level work per chunk: the largest row and column, then the limits, once
    found = [(letters, digits) for letters, digits, empty in _CELL.findall(text) if not empty]
    if found:
        row = max(int(digits) for _, digits in found)
        col = max(_column_number(letters) for letters in {letters for letters, _ in found})
        if row > sheet.rows:
            sheet.rows = row
            if row > limit("sheet_rows"):
                raise LimitExceeded(path, "sheet_rows", f"a cell at {_cell_at(found, row=row)}", sheet.place)
        if col > sheet.columns:
            sheet.columns = col
            if col > limit("sheet_columns"):
                raise LimitExceeded(path, "sheet_columns", f"a cell at {_cell_at(found, col=col)}", sheet.place)
        if sheet.rows * sheet.columns > limit("sheet_cells"):
            raise LimitExceeded(path, "sheet_cells", f"{sheet.rows} x {sheet.columns}", sheet.place)
    merges = len(_MERGE.findall(text)) if b"mergeCell" in text else 0
    if merges:
        sheet.merges += merges
        if sheet.merges > limit("merges"):
            raise LimitExceeded(path, "merges", f"{sheet.merges} merged ranges", sheet.place)


def _cell_at(found: list[tuple[bytes, bytes]], row: int = 0, col: int = 0) -> str:
    """The A1 name of the first cell of ``found`` on that row or in that column (for the message)."""
    for letters, digits in found:
        if (row and int(digits) == row) or (col and _column_number(letters) == col):
            return f"{letters.decode()}{int(digits)}"
    return "?"

"""Check a zip container (.xlsx, .xlsm, .docx, .ods) before any parser inflates it.

Every member's declared size, the total, the compression ratio and the member count are checked
against ``limits`` from the central directory; then each member is inflated once (a small one in
one call, a large one in a stream), counting the bytes actually produced (a lying header is caught
here, not inside the parser: the standard library stops at the declared size and checks the CRC).
XML members are refused when they declare a DTD: no OOXML or ODF part needs one, and a DTD is how
external entities (file:///etc/passwd) and entity expansion (billion laughs) get in. Worksheet
XML is scanned for the used rectangle and the merge count, so a single cell at XFD1048576 is
refused before the workbook reader would allocate a grid for it. The parts the workbook reader reads
again (the worksheets, workbook.xml and its relationships) are kept, inflated, for it.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
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
_WHOLE = 8 << 20  # a member declared at most this big is inflated in one call, not in a stream
_KEPT = 32 << 20  # inflated parts kept for the workbook reader, at most (bytes, all together)
# A cell reference with this many row digits or column letters may break a limit: only a sheet
# that has one is scanned cell by cell (a superset of what the cell-by-cell scan counts).
_ROW_DIGITS = {digits: re.compile(rb'r="[A-Z]{1,4}\d{%d}' % digits) for digits in range(1, 9)}
_COLUMN_LETTERS = {letters: re.compile(rb'r="[A-Z]{%d}' % letters) for letters in range(1, 5)}
_BEYOND_SMALL = re.compile(rb'r="(?:[A-Z]{2}|[A-Z]\d{3})')  # a reference past column Z or row 99


@dataclass
class SheetExtent:
    # the last row and column found by a cell-by-cell scan; 0 when a few searches showed that
    # the sheet is within the limits and no scan was needed (_bound_sheet)
    rows: int = 0
    columns: int = 0
    merges: int = 0
    place: str = ""


@dataclass
class ContainerReport:
    sheets: list[SheetExtent] = field(default_factory=list)
    members: dict[str, int] = field(default_factory=dict)  # name -> uncompressed bytes
    parts: dict[str, bytes] = field(default_factory=dict)  # name -> inflated bytes (see _kept)


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
    limits = _Limits()
    for info in infos:
        if info.file_size > limits.member:
            raise LimitExceeded(path, "zip_member_bytes", f"{info.filename}: {info.file_size} bytes declared")
        declared += info.file_size
        if declared > limits.total:
            raise LimitExceeded(path, "zip_total_bytes", f"{declared} bytes declared")
        if info.file_size > _RATIO_FLOOR and info.file_size > limits.ratio * max(info.compress_size, 1):
            raise LimitExceeded(path, "zip_ratio", f"{info.filename}: "
                                f"{info.file_size // max(info.compress_size, 1)}:1")
    report = ContainerReport()
    total = 0
    for info in infos:
        if info.is_dir():
            continue
        total += _inflate(path, archive, info, report, what, total, limits, data)
    return report


class _Limits:
    """The limits a container is checked against, read from the environment once per file."""

    def __init__(self) -> None:
        self.member = limit("zip_member_bytes")
        self.total = limit("zip_total_bytes")
        self.ratio = limit("zip_ratio")
        self.rows = limit("sheet_rows")
        self.columns = limit("sheet_columns")
        self.cells = limit("sheet_cells")
        self.merges = limit("merges")


def _declared_members(data: bytes) -> int:
    """The member count of the end-of-central-directory record (0 when there is none)."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if end < 0 or end + 12 > len(data):
        return 0
    return int.from_bytes(data[end + 10:end + 12], "little")


def _inflate(path: str, archive: zipfile.ZipFile, info: zipfile.ZipInfo, report: ContainerReport,
             what: str, before: int, limits: _Limits, data: bytes) -> int:
    """Inflate one member, counting bytes and scanning XML; its size."""
    name = info.filename
    is_xml = name.lower().endswith(_XML_SUFFIXES)
    sheet = SheetExtent(place=name) if _is_worksheet(name) else None
    try:
        if info.file_size <= _WHOLE:
            size = _inflate_whole(path, archive, info, report, what, before, limits, is_xml, sheet, data)
        else:
            size = _inflate_stream(path, archive, info, what, before, limits, is_xml, sheet)
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


def _inflate_whole(path: str, archive: zipfile.ZipFile, info: zipfile.ZipInfo,
                   report: ContainerReport, what: str, before: int, limits: _Limits,
                   is_xml: bool, sheet: SheetExtent | None, data: bytes) -> int:
    """A small member in one call (never more than the declared size, which the central
    directory check bounded; the CRC is checked)."""
    name = info.filename
    content = _member_bytes(archive, data, info)
    size = len(content)
    _count(path, name, size, before, limits)
    if is_xml:
        # every mark holds "!" and "<!" (UTF-8) or "<\0!" (UTF-16): the one-byte search clears
        # nearly every part (a "<!" search costs ten times more over XML full of "<")
        if (b"!" in content and (b"<!" in content or b"<\x00!" in content)
                and any(mark in content for mark in _DTD_MARKS)):
            raise InputError(path, f"{name} declares a DTD (entities are refused in {what} XML)")
        if sheet is not None:
            _bound_sheet(path, content, sheet, limits)
        if _kept(name, sheet) and sum(map(len, report.parts.values())) + size <= _KEPT:
            report.parts[name] = content
    return size


_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature ... file name length, extra field length


def _member_bytes(archive: zipfile.ZipFile, data: bytes, info: zipfile.ZipInfo) -> bytes:
    """A member's bytes: a plain stored or deflated member straight from the archive's bytes
    with zlib (what zipfile does, without its file object per member), anything else (encrypted,
    other methods, a local header that disagrees with the directory, a size or CRC that does not
    match) by zipfile itself, which says what is wrong. At most the declared size is inflated."""
    start = info.header_offset
    method = info.compress_type
    if info.flag_bits & 0x1 or method not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        return _read_bounded(archive, info)
    try:
        signature, name_length, extra_length = _LOCAL_HEADER.unpack_from(data, start)
    except struct.error:
        return _read_bounded(archive, info)
    name_at = start + _LOCAL_HEADER.size
    encoded = info.orig_filename.encode("utf-8" if info.flag_bits & 0x800 else "cp437", "replace")
    if signature != b"PK\x03\x04" or data[name_at:name_at + name_length] != encoded:
        return _read_bounded(archive, info)
    first = name_at + name_length + extra_length
    raw = data[first:first + info.compress_size]
    if method == zipfile.ZIP_STORED:
        content = raw[:info.file_size]
    else:
        try:
            # max_length 0 would mean no bound at all: ask for one byte more than declared
            content = zlib.decompressobj(-zlib.MAX_WBITS).decompress(raw, info.file_size + 1)
        except zlib.error:
            return _read_bounded(archive, info)
    if len(content) != info.file_size or zlib.crc32(content) != info.CRC:
        return _read_bounded(archive, info)  # something is wrong: zipfile says what, in its own words
    return content


def _read_bounded(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """zipfile's own reading, for its own words on what is wrong, but never more than the declared
    size (+1): a member declaring 0 bytes that inflates to 357 MB is refused at its first bytes,
    not after inflating them all (archive.read would)."""
    with archive.open(info) as member:
        content = member.read(info.file_size + 1)
    if len(content) > info.file_size:
        raise zipfile.BadZipFile(f"more than the {info.file_size} bytes declared for {info.filename!r}")
    return content


def _inflate_stream(path: str, archive: zipfile.ZipFile, info: zipfile.ZipInfo, what: str,
                    before: int, limits: _Limits, is_xml: bool, sheet: SheetExtent | None) -> int:
    """A large member in 1 MiB chunks, so that it is never whole in memory here."""
    name = info.filename
    size = 0
    tail = b""
    with archive.open(info) as member:
        while True:
            chunk = member.read(1 << 20)
            if not chunk:
                break
            size += len(chunk)
            _count(path, name, size, before, limits)
            if not is_xml:
                continue
            window = tail + chunk
            if any(mark in window for mark in _DTD_MARKS):
                raise InputError(path, f"{name} declares a DTD (entities are refused in {what} XML)")
            cut = window.rfind(b"<")
            scan, tail = (window[:cut], window[cut:]) if cut > 0 and len(window) - cut < 4096 else (window, window[-16:])
            if sheet is not None:
                _scan_sheet(path, scan, sheet, limits)
        if sheet is not None and tail:
            _scan_sheet(path, tail, sheet, limits)
    return size


def _count(path: str, name: str, size: int, before: int, limits: _Limits) -> None:
    if size > limits.member:
        raise LimitExceeded(path, "zip_member_bytes", f"{name}: more than {size} bytes")
    if before + size > limits.total:
        raise LimitExceeded(path, "zip_total_bytes", f"more than {before + size} bytes")


def _kept(name: str, sheet: SheetExtent | None) -> bool:
    """The parts the workbook reader reads again (readers/marks.py)."""
    return sheet is not None or name in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels")


def _bound_sheet(path: str, xml: bytes, sheet: SheetExtent, limits: _Limits) -> None:
    """A whole sheet's XML: the limits it cannot break are known from a few searches (no cell
    reference with that many row digits or column letters, no more merge tags than allowed);
    only a sheet that might break one is scanned cell by cell."""
    small = limits.rows >= 99 and limits.columns >= 26 and limits.cells >= 99 * 26
    if small and _BEYOND_SMALL.search(xml) is None:
        rows, columns = 99, 26  # the common sheet, in one search: A1 to Z99 at most
    else:
        rows = _most(xml, _ROW_DIGITS, lambda digits: 10 ** digits - 1)
        columns = _most(xml, _COLUMN_LETTERS, lambda letters: sum(26 ** k for k in range(1, letters + 1)))
    within = (rows is not None and columns is not None and rows <= limits.rows
              and columns <= limits.columns and rows * columns <= limits.cells
              and _few_merges(xml, limits.merges))
    if not within:
        _scan_sheet(path, xml, sheet, limits)


def _few_merges(xml: bytes, most: int) -> bool:
    """No more "mergeCell" in the sheet than ``most``: certain without counting when the sheet is
    too short to hold more (the common sheet: counting was a quarter of the time bounding it took)."""
    return len(xml) <= most * len(b"mergeCell") or xml.count(b"mergeCell") <= most


def _most(xml: bytes, patterns: dict[int, re.Pattern[bytes]], largest: object) -> int | None:
    """The largest number a reference can hold given the longest run ``patterns`` finds (row
    digits or column letters), from the shortest run up: the first length no reference reaches
    bounds them all; None when a reference reaches the longest length searched."""
    for length, pattern in patterns.items():
        if length > 1 and pattern.search(xml) is None:
            return largest(length - 1)  # type: ignore[operator]
    return None


def _is_worksheet(name: str) -> bool:
    lowered = name.lower()
    return lowered.startswith("xl/worksheets/") and lowered.endswith(".xml")


def _scan_sheet(path: str, text: bytes, sheet: SheetExtent, limits: _Limits) -> None:
    # one pass of C-level work per chunk: the largest row and column, then the limits, once
    found = [(letters, digits) for letters, digits, empty in _CELL.findall(text) if not empty]
    if found:
        row = max(int(digits) for _, digits in found)
        col = max(_column_number(letters) for letters in {letters for letters, _ in found})
        if row > sheet.rows:
            sheet.rows = row
            if row > limits.rows:
                raise LimitExceeded(path, "sheet_rows", f"a cell at {_cell_at(found, row=row)}", sheet.place)
        if col > sheet.columns:
            sheet.columns = col
            if col > limits.columns:
                raise LimitExceeded(path, "sheet_columns", f"a cell at {_cell_at(found, col=col)}", sheet.place)
        if sheet.rows * sheet.columns > limits.cells:
            raise LimitExceeded(path, "sheet_cells", f"{sheet.rows} x {sheet.columns}", sheet.place)
    merges = len(_MERGE.findall(text)) if b"mergeCell" in text else 0
    if merges:
        sheet.merges += merges
        if sheet.merges > limits.merges:
            raise LimitExceeded(path, "merges", f"{sheet.merges} merged ranges", sheet.place)


def _cell_at(found: list[tuple[bytes, bytes]], row: int = 0, col: int = 0) -> str:
    """The A1 name of the first cell of ``found`` on that row or in that column (for the message)."""
    for letters, digits in found:
        if (row and int(digits) == row) or (col and _column_number(letters) == col):
            return f"{letters.decode()}{int(digits)}"
    return "?"

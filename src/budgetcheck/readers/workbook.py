"""Open a submitted workbook read-only with python-calamine and expose each sheet as a grid.

calamine is about six times faster than openpyxl and never writes; the submitted file is only
ever read. Every failure to open becomes an ``InputError`` with a one-line reason.
"""

from __future__ import annotations

import hashlib
import io
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from ..errors import InputError
from ..limits import LimitExceeded, limit
from .container import ContainerReport, check_zip
from .memo import Memo
from .text import squash

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"


# The text of a text or number cell by its value (bounded): labels, codes and headers repeat in
# every sheet and every workbook of a template. Equal floats have one text (-0.0 and 0.0: "0"),
# and a float never equals a string.
_TEXTS = Memo(16384)


def _text_of(value: str | float) -> str:
    if value.__class__ is float:
        text = str(int(value)) if value.is_integer() else repr(value)
    else:
        text = "".join(value.split())
    return _TEXTS.remember(value, text)


@dataclass(slots=True)
class Grid:
    """One sheet as absolute 0-based rows of cell values ('' for empty) and its merged ranges."""

    name: str
    rows: list[list[Any]]
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    hidden: bool = False  # a hidden sheet (read only when no visible sheet holds its table)
    hidden_rows: set[int] = field(default_factory=set)
    hidden_cols: set[int] = field(default_factory=set)
    formulas: dict[tuple[int, int], tuple[str, Any]] = field(default_factory=dict)  # uncached: (formula, value)
    skipped: dict[int, str] = field(default_factory=dict)  # body rows passed over -> why (inspect)
    _merge_origin: dict[tuple[int, int], tuple[int, int]] | None = None
    _texts: dict[int, list[tuple[int, str]]] = field(default_factory=dict)
    _text_maps: dict[int, dict[int, str]] = field(default_factory=dict)
    memo: dict[Any, Any] = field(default_factory=dict)  # answers about the whole sheet (top, header start)

    def texts(self, row: int) -> list[tuple[int, str]]:
        """(column, text without spaces) of the non-empty cells of a row, computed once."""
        cached = self._texts.get(row)
        if cached is None:
            line = self.rows[row] if 0 <= row < len(self.rows) else []
            cached = []
            add = cached.append  # bound once
            known = _TEXTS.get  # bound once: a Memo's method is looked up slower than a dict's
            for c, v in enumerate(line):
                if v.__class__ is str:  # the common cell first: text, or '' for an empty cell
                    if v:
                        text = known(v)
                        if text is None:
                            text = _text_of(v)
                        if text:
                            add((c, text))
                    continue
                if v.__class__ is float:
                    text = known(v)
                    if text is None:
                        text = _text_of(v)
                elif v == "" or v is None:  # an Unreadable is an empty string too
                    continue
                else:
                    text = squash(v)
                if text:
                    add((c, text))
            self._texts[row] = cached
        return cached

    def forget(self, row: int) -> None:
        """Drop the cached texts of a row whose values were replaced."""
        self._texts.pop(row, None)
        self._text_maps.pop(row, None)
        self.memo.clear()

    def text(self, row: int, col: int) -> str:
        """The text of one cell without spaces ('' for empty), from the row's cache."""
        by_col = self._text_maps.get(row)  # text_map(row), without a call when it is built
        if by_col is None:
            by_col = self.text_map(row)
        return by_col.get(col, "")

    def merged_text(self, row: int, col: int) -> str:
        """The text shown at (row, col), a merged range showing its top-left text everywhere."""
        r, c = self.merge_origins().get((row, col), (row, col))
        return self.text(r, c)

    def text_map(self, row: int) -> dict[int, str]:
        """column -> text without spaces of the non-empty cells of a row, computed once."""
        by_col = self._text_maps.get(row)
        if by_col is None:
            by_col = self._text_maps[row] = dict(self.texts(row))
        return by_col

    @property
    def height(self) -> int:
        return len(self.rows)

    @property
    def top(self) -> int:
        """The first row with any text: where the table (or this view of a sheet) begins."""
        top = self.memo.get("top")
        if top is None:  # asked by every reader and by locate: found once
            top = self.memo["top"] = next((r for r in range(len(self.rows)) if self.texts(r)), len(self.rows))
        return top

    def value(self, row: int, col: int) -> Any:
        if 0 <= row < len(self.rows):
            line = self.rows[row]
            if 0 <= col < len(line):
                return line[col]
        return ""

    def merge_origins(self) -> dict[tuple[int, int], tuple[int, int]]:
        """(row, col) -> top-left (row, col) of the merged range covering it, built once."""
        origin = self._merge_origin
        if origin is None:
            origin = {}
            for (r0, c0), (r1, c1) in self.merged:
                if (r1 - r0 + 1) * (c1 - c0 + 1) > 4000:
                    continue  # a sheet-wide merge is decoration, not a header
                for r in range(r0, r1 + 1):
                    for c in range(c0, c1 + 1):
                        origin[(r, c)] = (r0, c0)
            self._merge_origin = origin
        return origin

    def merged_value(self, row: int, col: int) -> Any:
        """The value shown at (row, col): a merged range shows its top-left value everywhere."""
        r, c = self.merge_origins().get((row, col), (row, col))
        return self.value(r, c)


@dataclass(slots=True)
class Workbook:
    path: str
    sha256: str
    grids: list[Grid]


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def open_workbook(path: str) -> Workbook:
    """Read every sheet of the workbook at ``path``; raise InputError when it cannot be read
    or breaks a limit (``budgetcheck.limits``), before the workbook reader sees it."""
    from .inputs import input_bytes

    try:
        data = input_bytes(path)  # a regular file within the size limit, or a zip member
    except FileNotFoundError:
        raise InputError(path, "file not found") from None
    except IsADirectoryError:
        raise InputError(path, "is a directory, not a workbook") from None
    except OSError as exc:
        raise InputError(path, f"cannot be read: {exc.strerror or exc}") from None
    if not data:
        raise InputError(path, "empty file, not a workbook")
    if data.startswith(_OLE_MAGIC) and b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00i\x00o\x00n\x00" in data:
        raise InputError(path, "workbook is encrypted (password-protected); submit it unprotected")
    if not (data.startswith(_ZIP_MAGIC) or data.startswith(_OLE_MAGIC)):
        raise InputError(path, "not an Excel workbook (.xlsx, .xlsm, .xls or .ods expected)")
    container = check_zip(path, data, "workbook") if data.startswith(_ZIP_MAGIC) else None

    with _native_stderr_muted():
        if data.startswith(_OLE_MAGIC):
            return _read_legacy_capped(path, data)
        return _read_book(path, data, container)


def _read_legacy_capped(path: str, data: bytes) -> Workbook:
    """Read a legacy .xls in a forked child whose address space is capped.

    A corrupted OLE file can make the native reader allocate gigabytes and abort the process,
    which no Python handler can catch; in a child, that abort becomes this file's exit-2 line.
    The zip formats are bounded before parsing (container.py) and need no child.
    """
    if not hasattr(os, "fork"):
        return _read_book(path, data)
    import pickle
    import resource

    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child
        try:
            os.close(read_end)
            used = _address_space_bytes()
            cap = used + limit("xls_memory_bytes")
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
            seconds = limit("seconds") + 1  # a reader that loops is stopped by SIGXCPU
            resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds))
            try:
                outcome: tuple = ("book", _read_book(path, data))
            except InputError as exc:
                outcome = ("refused", exc.reason, exc.place)
            payload = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(payload)
        finally:
            os._exit(0)
    os.close(write_end)
    try:
        with os.fdopen(read_end, "rb") as pipe:
            payload = pipe.read()
    except BaseException:  # the time budget's alarm, an interrupt: the child must not outlive us
        os.kill(child, 9)
        raise
    finally:
        os.waitpid(child, 0)
    if not payload:
        raise LimitExceeded(path, "xls_memory_bytes", "the legacy .xls reader stopped")
    outcome = pickle.loads(payload)  # our own child's bytes, never the submission's
    if outcome[0] == "refused":
        raise InputError(path, outcome[1], outcome[2])
    return outcome[1]


def _address_space_bytes() -> int:
    """This process's virtual size (the cap is set above what is already mapped)."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 4 * 2**30


def _read_book(path: str, data: bytes, container: ContainerReport | None = None) -> Workbook:
    from python_calamine import CalamineWorkbook

    long_text = _may_hold_long_text(container)
    bounds = _SheetBounds()
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))  # the bytes hashed are the bytes read
        grids = []
        for name in book.sheet_names:
            sheet = book.get_sheet_by_name(name)
            _check_extent(path, name, sheet, bounds)
            rows = sheet.to_python(skip_empty_area=False)
            if long_text:
                _check_text(path, name, rows)
            merged = list(getattr(sheet, "merged_cell_ranges", None) or [])
            if len(merged) > bounds.merges:
                raise LimitExceeded(path, "merges", f"{len(merged)} merged ranges", f"sheet '{name}'")
            grids.append(Grid(name=name, rows=rows, merged=merged))
        hidden = {m.name for m in book.sheets_metadata if str(m.visible).rsplit(".", 1)[-1] != "Visible"}
    except InputError:
        raise
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # calamine raises several types; a Rust panic is a BaseException
        reason = str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__
        if "password" in reason.lower() or "encrypt" in reason.lower():
            raise InputError(path, "workbook is encrypted (password-protected)") from None
        raise InputError(path, f"broken or unsupported workbook: {reason[:160]}") from None
    _apply_marks(data, grids, hidden, container.parts if container else None)
    return Workbook(path=path, sha256=sha256_of(data), grids=grids)


def _may_hold_long_text(container: ContainerReport | None) -> bool:
    """Could a cell hold more characters than the limit? Not when no part of an .xlsx is that
    many bytes long: a cell's text is in a part (shared strings, the sheet), without a DTD no
    entity expands, and each character takes at least one byte. (An .ods may: <text:s c="n"/>
    stands for n spaces.)"""
    if container is None or not container.members or "content.xml" in container.members:
        return True
    return max(container.members.values()) > limit("cell_chars")


@contextmanager
def _native_stderr_muted() -> Iterator[None]:
    """A Rust panic inside calamine prints its message and a backtrace hint on stderr (file
    descriptor 2) before it becomes a Python exception; that text would turn the file's one-line
    exit-2 message into three lines. The panic's message is in the exception all the same."""
    try:
        sys.stderr.flush()
        saved = os.dup(2)
        sink = os.open(os.devnull, os.O_WRONLY)
    except (OSError, AttributeError, ValueError):
        yield
        return
    os.dup2(sink, 2)
    os.close(sink)
    try:
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def _apply_marks(data: bytes, grids: list[Grid], hidden: set[str],
                 inflated: dict[str, bytes] | None = None) -> None:
    """Hidden sheets, rows and columns, error cells and uncached formulas (readers/marks.py)."""
    from .marks import read_marks

    marks = read_marks(data, inflated)
    errors: dict[tuple[str, int, int], str] = {}
    formulas: dict[tuple[str, int, int], str] = {}
    for grid in grids:
        mark = marks.get(grid.name)
        grid.hidden = grid.name in hidden or bool(mark and mark.hidden)
        if mark is None:
            continue
        grid.hidden_rows, grid.hidden_cols = mark.hidden_rows, mark.hidden_cols
        errors.update({(grid.name, r, c): e for (r, c), e in mark.errors.items()})
        formulas.update({(grid.name, r, c): f for (r, c), f in mark.formulas.items()})
    if errors or formulas:
        from .evaluate import resolve

        by_name = {grid.name: grid for grid in grids}
        for (sheet, r, c), value in resolve(grids, formulas, errors).items():
            by_name[sheet].formulas[(r, c)] = (formulas[(sheet, r, c)], value)


def _check_text(path: str, name: str, rows: list[list[Any]]) -> None:
    """No cell longer than Excel allows: a 10 MB cell would cost every text pattern its length."""
    cap = limit("cell_chars")
    for r, line in enumerate(rows):
        for c, value in enumerate(line):
            if value.__class__ is str and len(value) > cap:
                from ..model import sheet_ref

                raise LimitExceeded(path, "cell_chars", f"{len(value)} characters", sheet_ref(name, r, c))


class _SheetBounds:
    """The limits every sheet is checked against, read from the environment once per workbook
    (not four times per sheet)."""

    def __init__(self) -> None:
        self.rows = limit("sheet_rows")
        self.columns = limit("sheet_columns")
        self.cells = limit("sheet_cells")
        self.merges = limit("merges")


def _check_extent(path: str, name: str, sheet: Any, bounds: _SheetBounds) -> None:
    """The grid handed to Python spans row 0 to the sheet's last row: bound it first."""
    end = sheet.end
    if end is None:
        return
    rows, columns = end[0] + 1, end[1] + 1
    place = f"sheet '{name}'"
    if rows > bounds.rows:
        raise LimitExceeded(path, "sheet_rows", f"{rows} rows", place)
    if columns > bounds.columns:
        raise LimitExceeded(path, "sheet_columns", f"{columns} columns", place)
    if rows * columns > bounds.cells:
        raise LimitExceeded(path, "sheet_cells", f"{rows} x {columns}", place)

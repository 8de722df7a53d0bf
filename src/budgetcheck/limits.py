"""Every bound on what an input may cost, named in one place.

A submitted file is untrusted: a zip may inflate to gigabytes, a sheet may claim a cell at
XFD1048576, a text may be one 50 MB line. Each bound below has a documented default and can be
changed with the environment variable ``BUDGETCHECK_LIMIT_<NAME>`` (for example
``BUDGETCHECK_LIMIT_FILE_BYTES=200000000``). A breach is an ``InputError``: exit 2 with one line
naming the file and the limit, checked before the costly step it guards.
"""

from __future__ import annotations

import os
import signal
import stat
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from .errors import InputError


@dataclass(frozen=True)
class Limit:
    name: str
    default: int
    doc: str

    @property
    def env(self) -> str:
        return f"BUDGETCHECK_LIMIT_{self.name.upper()}"

    @property
    def value(self) -> int:
        raw = os.environ.get(self.env)
        if raw is None:
            return self.default
        try:
            value = int(raw)
        except ValueError:
            return self.default
        return value if value > 0 else self.default


LIMITS: dict[str, Limit] = {
    limit.name: limit
    for limit in (
        Limit("file_bytes", 100 * 2**20, "size of a submitted file (workbook or text), in bytes"),
        Limit("zip_members", 2000, "members of a zip container (.xlsx, .docx)"),
        Limit("zip_member_bytes", 200 * 2**20, "uncompressed size of one zip member, declared or actual"),
        Limit("zip_total_bytes", 400 * 2**20, "uncompressed size of all zip members, declared or actual"),
        Limit("zip_ratio", 200, "compression ratio of a zip member (uncompressed / compressed)"),
        Limit("sheet_rows", 100_000, "rows of a sheet (from its first to its last used row)"),
        Limit("sheet_columns", 1_000, "columns of a sheet (from its first to its last used column)"),
        Limit("sheet_cells", 5_000_000, "cells of a sheet's used rectangle (rows x columns)"),
        Limit("merges", 50_000, "merged ranges of a sheet"),
        Limit("cell_chars", 32_767, "characters of one cell (Excel's own maximum)"),
        Limit("text_chars", 2_000_000, "characters of a narrative text"),
        Limit("line_chars", 100_000, "characters of one line of a narrative text"),
        Limit("pdf_pages", 1_000, "pages of a PDF"),
        Limit("pdf_page_content_bytes", 2 * 2**20, "content stream of one PDF page, in bytes"),
        Limit("pdf_page_fonts", 500, "fonts of one PDF page"),
        Limit("docx_xml_bytes", 50 * 2**20, "the main XML part of a .docx, in bytes"),
        Limit("docx_span", 64, "columns a .docx table cell may span (Word allows 63)"),
        Limit("xls_memory_bytes", 384 * 2**20, "memory a legacy .xls reader may take beyond the process's own"),
        Limit("seconds", 4, "CPU seconds to read and check one file"),
    )
}


def limit(name: str) -> int:
    return LIMITS[name].value


class LimitExceeded(InputError):
    """A bound of LIMITS was breached; the message names the limit and how to raise it."""

    def __init__(self, path: str, name: str, found: object | None = None, place: str | None = None) -> None:
        spec = LIMITS[name]
        seen = f" ({found})" if found is not None else ""
        super().__init__(path, f"exceeds the limit on {spec.doc}: {spec.value}{seen}; "
                               f"set {spec.env} to change it", place)
        self.limit = name


def regular_file_bytes(path: str, what: str = "file") -> bytes:
    """The bytes of a regular file, read only after its size is known to be within the limit.

    A FIFO would block forever and a device (/dev/zero) never ends: both are refused from
    ``os.stat`` before the file is opened (and opened non-blocking in case it changed since).
    """
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise InputError(path, "file not found") from None
    except OSError as exc:
        raise InputError(path, f"cannot be read: {exc.strerror or exc}") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(path, f"is a directory, not a {what}")
    if not stat.S_ISREG(info.st_mode):
        raise InputError(path, f"not a regular file (a FIFO, socket or device), not a {what}")
    cap = limit("file_bytes")
    if info.st_size > cap:
        raise LimitExceeded(path, "file_bytes", f"{info.st_size} bytes")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise InputError(path, f"cannot be read: {exc.strerror or exc}") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise InputError(path, f"not a regular file, not a {what}")
        chunks = []
        size = 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            size += len(chunk)
            if size > cap:  # the file grew while it was read
                raise LimitExceeded(path, "file_bytes", f"more than {cap} bytes")
            chunks.append(chunk)
    except OSError as exc:
        raise InputError(path, f"cannot be read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    return b"".join(chunks)


class _OutOfTime(BaseException):
    """Raised by the alarm; a BaseException so that a library's ``except Exception`` cannot
    swallow it on its way out."""


@contextmanager
def time_budget(path: str) -> Iterator[None]:
    """Bound the CPU time of reading and checking one file (limit ``seconds``).

    CPU time, not wall-clock time: a loaded machine must not turn a good file into an exit 2.
    The profiling timer interrupts Python code (pypdf, the XML walk, the text grammar); native
    code that ignores it is bounded by the size limits instead. Only the main thread can take a
    signal; elsewhere the budget is not enforced.
    """
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return
    seconds = limit("seconds")

    def expire(signum: int, frame: object) -> None:
        raise _OutOfTime

    previous = signal.signal(signal.SIGPROF, expire)
    started = time.process_time()
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    except _OutOfTime:
        raise LimitExceeded(path, "seconds", f"{time.process_time() - started:.1f} s") from None
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def describe() -> list[tuple[str, int, str]]:
    """(environment variable, default, what it bounds) for the README and --help."""
    return [(spec.env, spec.default, spec.doc) for spec in LIMITS.values()]

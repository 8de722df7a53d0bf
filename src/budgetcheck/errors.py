"""Errors that end a run with exit code 2 and a one-line reason naming the file and place."""

from __future__ import annotations

import re

# control characters, line and paragraph separators, bidirectional overrides (which make a name
# display as another), and the lone surrogates of undecodable bytes
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def display_path(text: str) -> str:
    """A file name as one printable line: control characters (a newline in a name would split
    the exit-2 line) and the undecodable bytes of a non-UTF-8 name (which Python keeps as lone
    surrogates, unencodable in JSON or XML) are shown as escapes."""
    def escape(match: re.Match[str]) -> str:
        code = ord(match.group())
        if 0xDC80 <= code <= 0xDCFF:  # surrogateescape: the original byte
            return f"\\x{code - 0xDC00:02x}"
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _UNPRINTABLE.sub(escape, text)


def one_line(text: str) -> str:
    """A reason on one line, whatever an exception message held."""
    return display_path(" ".join(text.split("\n")).replace("\r", " "))


class InputError(Exception):
    """A submission that cannot be read: not a workbook, encrypted, a table missing, text where a
    number belongs. ``place`` is a sheet!cell, a table name or a line, when known."""

    def __init__(self, path: str, reason: str, place: str | None = None) -> None:
        self.path = path
        self.reason = reason
        self.place = place
        super().__init__(self.one_line())

    def one_line(self) -> str:
        where = f" ({one_line(self.place)})" if self.place else ""
        return f"{display_path(self.path)}{where}: {one_line(self.reason)}"


class ContractError(Exception):
    """A contract file (schema, rule catalogue, profile, explanations) that is wrong."""

    def __init__(self, path: str, line: int | None, reason: str) -> None:
        self.path = path
        self.line = line
        self.reason = reason
        super().__init__(self.one_line())

    def one_line(self) -> str:
        where = f":{self.line}" if self.line else ""
        return f"{display_path(self.path)}{where}: {one_line(self.reason)}"

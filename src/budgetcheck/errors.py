"""Errors that end a run with exit code 2 and a one-line reason naming the file and place."""

from __future__ import annotations


class InputError(Exception):
    """A submission that cannot be read: not a workbook, encrypted, a table missing, text where a
    number belongs. ``place`` is a sheet!cell, a table name or a line, when known."""

    def __init__(self, path: str, reason: str, place: str | None = None) -> None:
        self.path = path
        self.reason = reason
        self.place = place
        super().__init__(self.one_line())

    def one_line(self) -> str:
        where = f" ({self.place})" if self.place else ""
        return f"{self.path}{where}: {self.reason}"


class ContractError(Exception):
    """A contract file (schema, rule catalogue, profile, explanations) that is wrong."""

    def __init__(self, path: str, line: int | None, reason: str) -> None:
        self.path = path
        self.line = line
        self.reason = reason
        super().__init__(self.one_line())

    def one_line(self) -> str:
        where = f":{self.line}" if self.line else ""
        return f"{self.path}{where}: {self.reason}"

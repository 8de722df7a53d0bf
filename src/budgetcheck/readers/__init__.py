"""Readers: a submitted workbook, whatever its layout, into the canonical model."""

from __future__ import annotations

from ..contracts.tables import Catalogue, load_catalogue
from ..errors import InputError
from ..model import Submission, Table
from .coded import read_coded
from .headcount import read_headcount
from .items import read_items
from .locate import locate
from .rows import read_rows
from .targets import read_targets
from .workbook import Workbook, open_workbook

_READERS = {
    "coded": read_coded,
    "items": read_items,
    "rows": read_rows,
    "headcount": read_headcount,
    "targets": read_targets,
}


def read_submission(path: str, catalogue: Catalogue | None = None) -> Submission:
    """Read every table of the budget set in the workbook at ``path``.

    Raises InputError when the file is not a readable workbook, holds no table of the set at all,
    or a cell holds text where a number belongs. A missing table is not an input error: the
    submission is read without it and the rules say what its absence means (STR-008, STR-030).
    """
    return read_workbook(open_workbook(path), catalogue)


def read_workbook(book: Workbook, catalogue: Catalogue | None = None) -> Submission:
    """The canonical tables of an opened workbook (see ``read_submission``)."""
    catalogue = catalogue or load_catalogue()
    path = book.path
    located, notes = locate(book.grids, catalogue)
    tables: dict[str, Table] = {}
    for spec in catalogue.tables:
        where = located.get(spec.id)
        if where is None:
            continue
        reader = _READERS.get(spec.layout)
        if reader is None:
            continue  # read by a later reader family (project targets)
        tables[spec.id] = reader(where.grid, spec, catalogue, path)
    if not located:
        raise InputError(path, "no table of the budget set found (titles such as 收支总表, 收入总表)")
    return Submission(
        path=path,
        sha256=book.sha256,
        tables=tables,
        sheets=[g.name for g in book.grids],
        notes=notes,
    )

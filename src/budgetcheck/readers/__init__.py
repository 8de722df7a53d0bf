"""Readers: a submitted workbook, whatever its layout, into the canonical model."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..contracts.tables import Catalogue, load_catalogue
from ..errors import InputError
from ..model import Mark, Submission, Table
from .coded import read_coded
from .domain import duplicate_marks, table_marks, unreadable_mark
from .headcount import read_headcount
from .items import read_items
from .locate import Located, locate
from .rows import read_rows
from .targets import read_targets
from .units import in_unit, rescale, table_unit
from .workbook import Grid, Workbook, open_workbook

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


# layouts whose figures are amounts in the unit their 单位 line states (headcounts are counts;
# the project-target blocks state their unit per block, readers/targets.py)
_SCALED = {"coded", "items", "rows"}
_UNSCALED = Decimal(1)


def read_workbook(book: Workbook, catalogue: Catalogue | None = None,
                  layout: dict[str, dict[str, Any]] | None = None) -> Submission:
    """The canonical tables of an opened workbook (see ``read_submission``). ``layout``, when
    given, receives per table where and how it was found and its unit (for ``inspect``)."""
    catalogue = catalogue or load_catalogue()
    path = book.path
    duplicates: dict[str, list] = {}
    located, notes = locate(book.grids, catalogue, duplicates)
    tables: dict[str, Table] = {}
    scales: dict[str, Decimal] = {}  # the factor each table's figures were rescaled by
    for spec in catalogue.tables:
        where = located.get(spec.id)
        if where is None:
            continue
        reader = _READERS.get(spec.layout)
        if reader is None:
            continue  # read by a later reader family (project targets)
        unit, unit_ref = table_unit(where.grid, where.start, catalogue) if spec.layout in _SCALED else (None, None)
        tables[spec.id] = reader(where.grid, spec, in_unit(catalogue, unit), path)
        rescale(tables[spec.id], unit)
        scales[spec.id] = unit.scale if unit is not None and unit.scale != 1 else _UNSCALED
        if layout is not None:
            layout[spec.id] = {"located": where, "unit": unit, "unit_ref": unit_ref,
                               "scaled": spec.layout in _SCALED}
    if not located:
        raise InputError(path, "no table of the budget set found (titles such as 收支总表, 收入总表)")
    submission = Submission(
        path=path,
        sha256=book.sha256,
        tables=tables,
        sheets=[g.name for g in book.grids],
        notes=notes,
    )
    for table_id, table in tables.items():
        grid = located[table_id].grid
        if grid.hidden or grid.hidden_rows or grid.hidden_cols:
            _marks(submission, table, grid)
            table_marks(submission, table, catalogue, scales[table_id])
        else:  # the unreadable cells are all _marks would report: found in the same pass
            table_marks(submission, table, catalogue, scales[table_id], unreadable=True)
        if duplicates.get(table_id):
            duplicate_marks(submission, table, [_read_copy(where, catalogue, path)
                                                for where in duplicates[table_id]])
    return submission


def forget() -> None:
    """Forget every answer the readers remember between workbooks (figures, texts, codes, titles,
    labels, header blocks and columns; ``memo.Memo``): each is bounded and exact, so only tests
    that compare a read with warm memories against a fresh one need this."""
    from . import columns
    from .memo import forget_all

    forget_all()
    columns._LAST[:] = [None, {}, None]


def _read_copy(where: Located, catalogue: Catalogue, path: str) -> Table | InputError:
    """The other sheet claiming a table, read the same way (its failure is the finding)."""
    try:
        spec = where.spec
        unit = table_unit(where.grid, where.start, catalogue)[0] if spec.layout in _SCALED else None
        table = _READERS[spec.layout](where.grid, spec, in_unit(catalogue, unit), path)
        rescale(table, unit)
        return table
    except InputError as exc:
        exc.place = exc.place or f"sheet '{where.grid.name}'"
        return exc


def _marks(submission: Submission, table: Table, grid: Grid) -> None:
    """What a reviewer must know about the cells a table was read from: error cells, formulas
    that could not be read, hidden rows, columns and sheets (read as data all the same)."""
    from .evaluate import Unreadable

    marks = submission.marks
    if grid.hidden:
        marks.append(Mark("hidden_sheet", table.kind, [], {"sheet": grid.name}))
    hidden_columns: dict[int, list[str]] = {}
    hidden_rows, hidden_cols = grid.hidden_rows, grid.hidden_cols
    for row in table.rows:
        if row.sheet_row in hidden_rows:
            refs = [cell.ref for cell in row.cells.values()]
            marks.append(Mark("hidden_row", table.kind, refs,
                              {"sheet": grid.name, "line": row.sheet_row + 1, "row": row.key,
                               "row_name": row.name}))
        for key, cell in row.cells.items():
            if hidden_cols and cell.col in hidden_cols:
                hidden_columns.setdefault(cell.col, []).append(cell.ref)
            if cell.raw.__class__ is Unreadable:
                mark = unreadable_mark(submission, table, row, key, cell)
                if mark is not None:
                    marks.append(mark)
    for refs in hidden_columns.values():
        marks.append(Mark("hidden_column", table.kind, refs,
                          {"sheet": grid.name, "column_letter": refs[0].rsplit("!", 1)[1].rstrip("0123456789")}))

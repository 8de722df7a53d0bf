"""A minimal OpenDocument spreadsheet writer for the tests (no LibreOffice or odfpy needed): the
values of every sheet of a workbook, as calamine reads them, written into content.xml."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
       'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
       'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"')
_MANIFEST = ('<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest '
             'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
             '<manifest:file-entry manifest:full-path="/" '
             'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
             '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
             '</manifest:manifest>')


def _cell(value) -> str:
    if value == "" or value is None:
        return "<table:table-cell/>"
    if isinstance(value, bool):
        value = str(value)
    if isinstance(value, int | float):
        return (f'<table:table-cell office:value-type="float" office:value="{value!r}">'
                f"<text:p>{value!r}</text:p></table:table-cell>")
    return f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}</text:p></table:table-cell>'


def to_ods(source: Path, target: Path) -> Path:
    from budgetcheck.readers.workbook import open_workbook

    tables = []
    for grid in open_workbook(str(source)).grids:
        rows = "".join(f"<table:table-row>{''.join(_cell(v) for v in row)}</table:table-row>" for row in grid.rows)
        tables.append(f"<table:table table:name={quoteattr(grid.name)}>{rows}</table:table>")
    content = (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {_NS}><office:body>'
               f"<office:spreadsheet>{''.join(tables)}</office:spreadsheet></office:body></office:document-content>")
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as book:
        book.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        book.writestr("META-INF/manifest.xml", _MANIFEST)
        book.writestr("content.xml", content)
    return target

"""The container check's quick bounds on a sheet (a few searches instead of a match per cell)
refuse exactly what the cell-by-cell scan refuses, under the default limits and lowered ones."""

from __future__ import annotations

import io
import zipfile

import pytest

from budgetcheck.errors import InputError
from budgetcheck.limits import LimitExceeded
from budgetcheck.readers.container import SheetExtent, _Limits, _scan_sheet, check_zip

SHEET = "xl/worksheets/sheet1.xml"


def _sheet(refs: list[str], merges: int = 0) -> bytes:
    cells = "".join(f'<row r="1"><c r="{ref}" t="n"><v>1</v></c></row>' for ref in refs)
    merged = ("<mergeCells>" + "".join(f'<mergeCell ref="A{r}:B{r}"/>' for r in range(1, merges + 1))
              + "</mergeCells>") if merges else ""
    return (f'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f'<sheetData>{cells}</sheetData>{merged}</worksheet>').encode()


def _zip(xml: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(SHEET, xml)
    return out.getvalue()


def _scan_refuses(xml: bytes) -> bool:
    try:
        _scan_sheet("x.xlsx", xml, SheetExtent(place=SHEET), _Limits())
    except LimitExceeded:
        return True
    return False


def _check_refuses(xml: bytes) -> bool:
    try:
        check_zip("x.xlsx", _zip(xml), "workbook")
    except LimitExceeded:
        return True
    return False


REFS = [["A1"], ["Z99"], ["AA1"], ["A100"], ["B7", "H40"], ["ALL1"], ["ALM1"], ["A99999"],
        ["A100000"], ["A100001"], ["XFD1"], ["A1048576"], ["XFD1048576"], ["ZZ7000"], ["ALL5000"],
        ["ALL5001"], ["AB12", "C99999"]]
LIMITS = [{}, {"BUDGETCHECK_LIMIT_SHEET_ROWS": "50"}, {"BUDGETCHECK_LIMIT_SHEET_COLUMNS": "20"},
          {"BUDGETCHECK_LIMIT_SHEET_CELLS": "1000"}, {"BUDGETCHECK_LIMIT_SHEET_ROWS": "100",
                                                        "BUDGETCHECK_LIMIT_SHEET_COLUMNS": "27"}]


@pytest.mark.parametrize("env", LIMITS, ids=lambda env: ",".join(f"{k[19:]}={v}" for k, v in env.items()) or "default")
def test_quick_bounds_refuse_what_the_scan_refuses(env: dict[str, str], monkeypatch) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    refused = []
    for refs in REFS:
        xml = _sheet(refs)
        assert _check_refuses(xml) == _scan_refuses(xml), (refs, env)
        refused.append(_scan_refuses(xml))
    assert any(refused) and not all(refused)  # the sample has both kinds under every limit


def test_merges_beyond_the_limit_are_refused(monkeypatch) -> None:
    monkeypatch.setenv("BUDGETCHECK_LIMIT_MERGES", "10")
    assert not _check_refuses(_sheet(["A1"], merges=10))
    with pytest.raises(LimitExceeded, match="merged ranges"):
        check_zip("x.xlsx", _zip(_sheet(["A1"], merges=11)), "workbook")


def test_a_member_that_lies_about_its_content_is_refused() -> None:
    data = bytearray(_zip(_sheet(["A1", "B2"])))
    at = data.find(b"PK\x01\x02")  # the central directory's CRC of the sheet
    data[at + 16:at + 20] = b"\x00\x00\x00\x00"
    with pytest.raises(InputError, match="cannot be inflated"):
        check_zip("x.xlsx", bytes(data), "workbook")


@pytest.mark.parametrize("declared", [0, 9000])
def test_a_member_lying_about_its_size_is_refused_before_it_is_inflated(declared):
    # a member whose directory and local header declare `declared` bytes while its stream
    # inflates to 64 MiB: refused with zipfile's words, never inflated whole (max_length 0 is
    # "no bound" to zlib, and zipfile's read() of the whole member has none either)
    import struct
    import tracemalloc

    data = bytearray(_zip(b"<worksheet>" + b" " * (64 << 20) + b"</worksheet>"))
    local = data.find(b"PK\x03\x04")
    central = data.find(b"PK\x01\x02")
    struct.pack_into("<I", data, local + 22, declared)  # uncompressed size, local header
    struct.pack_into("<I", data, central + 24, declared)  # uncompressed size, central directory
    tracemalloc.start()
    try:
        with pytest.raises(InputError, match="Bad CRC-32|more than the"):
            check_zip("lying.xlsx", bytes(data), "workbook")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 << 20, peak

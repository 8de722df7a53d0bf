"""Hostile inputs: broken, malicious and absurd files that budgetcheck must answer with exit 0, 1
or 2, one line naming the file, no traceback, bounded time and memory, the file untouched.

Every family of issue 13 has a generator here; each case is built from the reference workbook
(``fixtures/shangrao_2024_unit_budget.xlsx`` and ``.xls``), the seed narrative, or from scratch,
and varied at random (``seed``). ``must_not_pass`` marks a case that hides something (an error
cell, a value no budget can hold, a duplicate table, undecodable text …): exit 0 on it is a
false pass.

    python -m budgetcheck.synth.hostile OUT_DIR [--scale 1.0] [--seed 0]

``benchmarks/hostile_corpus.py`` runs the CLI on every case; ``tests/test_hostile.py`` on a sample.
"""

from __future__ import annotations

import io
import os
import random
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path


def _project_root() -> Path:
    """The checkout whose fixtures the corpus is made from: the source tree this module sits in
    (an editable install), else the working directory (tests and benchmarks run from the
    checkout; an installed package carries no fixtures)."""
    for base in (Path(__file__).resolve().parents[3], Path.cwd()):
        if (base / "fixtures" / "shangrao_2024_unit_budget.xlsx").is_file():
            return base
    return Path.cwd()


ROOT = _project_root()
REFERENCE_XLSX = ROOT / "fixtures" / "shangrao_2024_unit_budget.xlsx"
REFERENCE_XLS = ROOT / "fixtures" / "shangrao_2024_unit_budget.xls"
SEED_TEXT = ROOT / "fixtures" / "narrative" / "002_7fe24cca4b7a4db4.txt"
SEED_PDF = ROOT / "fixtures" / "narrative" / "seed002.pdf"
MARKER = "BUDGETCHECK-XXE-MARKER-7f3a9c"  # the content of the file external entities point to

EXTENSIONS = [".xlsx", ".xls", ".xlsm", ".ods", ".txt", ".docx", ".pdf", ""]
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@dataclass
class Case:
    family: str
    path: bytes  # os-level path (a name need not be valid UTF-8)
    must_not_pass: bool = False
    special: bool = False  # a FIFO, device, directory or link: run it in a subprocess only
    note: str = ""

    @property
    def name(self) -> str:
        return os.fsdecode(self.path)


class _Context:
    def __init__(self, out: Path, seed: int, scale: float, bomb_bytes: int = 2**30) -> None:
        self.out = out
        self.bomb_bytes = bomb_bytes
        self.rng = random.Random(seed)
        self.scale = scale
        self.counter = 0
        with zipfile.ZipFile(REFERENCE_XLSX) as z:
            self.members = {i.filename: z.read(i.filename) for i in z.infolist()}
        self.xlsx = REFERENCE_XLSX.read_bytes()
        self.xls = REFERENCE_XLS.read_bytes()
        self.text = SEED_TEXT.read_text(encoding="utf-8")
        self.pdf = SEED_PDF.read_bytes()
        self.marker_file = out / "secret-marker.txt"
        self.marker_file.write_text(MARKER + "\n", encoding="utf-8")

    def n(self, base: int) -> int:
        return max(1, round(base * self.scale))

    def path(self, family: str, suffix: str) -> Path:
        self.counter += 1
        directory = self.out / family
        directory.mkdir(parents=True, exist_ok=True)
        return directory / f"{family}_{self.counter:05d}{suffix}"

    def write(self, family: str, suffix: str, data: bytes, **kw: object) -> Case:
        path = self.path(family, suffix)
        path.write_bytes(data)
        return Case(family, os.fsencode(path), **kw)  # type: ignore[arg-type]

    def xlsx_with(self, changes: dict[str, bytes | None], extra: dict[str, bytes] | None = None) -> bytes:
        """The reference workbook with some members replaced (None removes one)."""
        members = dict(self.members)
        for name, data in changes.items():
            if data is None:
                members.pop(name, None)
            else:
                members[name] = data
        members.update(extra or {})
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in members.items():
                z.writestr(name, data)
        return buffer.getvalue()


# ---- cells of the reference workbook ------------------------------------------------------------

AMOUNT_SHEETS = {  # sheet member -> (first data row, columns with amounts), 1-based rows
    "xl/worksheets/sheet3.xml": (6, "CDEF"),   # 2 收入总表
    "xl/worksheets/sheet4.xml": (6, "CDE"),    # 3 支出总表
    "xl/worksheets/sheet5.xml": (5, "BDE"),    # 4 财政拨款收支总表
    "xl/worksheets/sheet6.xml": (5, "CDE"),    # 5 一般公共预算支出表
    "xl/worksheets/sheet7.xml": (5, "CDE"),    # 6 基本支出表
}
HEADCOUNT_SHEET = "xl/worksheets/sheet12.xml"
HEADCOUNT_CELLS = ["B4", "B6", "B9", "B10", "B12", "B16"]


def _cell_pattern(ref: str) -> re.Pattern[bytes]:
    return re.compile(rb'<c r="' + ref.encode() + rb'"[^>]*?(?:/>|>.*?</c>)', re.S)


def _amount_cells(ctx: _Context, sheet: str) -> list[str]:
    first, _ = AMOUNT_SHEETS[sheet]
    xml = ctx.members[sheet]
    refs = re.findall(rb'<c r="([A-Z]+)(\d+)"[^>]*><v>[^<]+</v></c>', xml)
    return [f"{c.decode()}{r.decode()}" for c, r in refs if int(r) >= first and c.decode() >= "B"]


def _set_cell(xml: bytes, ref: str, inner: str) -> bytes:
    """Replace the cell at ``ref`` by ``<c r=ref {inner}`` (inner holds attributes and body)."""
    new = f'<c r="{ref}" {inner}'.encode()
    result, count = _cell_pattern(ref).subn(lambda m: new, xml, count=1)
    if not count:
        raise KeyError(ref)
    return result


def _inline(text: str) -> str:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f't="inlineStr"><is><t>{escaped}</t></is></c>'


def _number(raw: str) -> str:
    return f't="n"><v>{raw}</v></c>'


# (label, cell body, must_not_pass): what a number cell may hold in a hostile workbook
HOSTILE_AMOUNTS: list[tuple[str, str, bool]] = [
    ("1e308", _number("1e308"), True),
    ("-1e308", _number("-1e308"), True),
    ("text 1e400", _inline("1e400"), True),
    ("text -1e400", _inline("-1e400"), True),
    ("NaN", _number("NaN"), True),
    ("inf", _number("inf"), True),
    ("text NaN", _inline("NaN"), True),
    ("text Infinity", _inline("Infinity"), True),
    ("1e16", _number("1e16"), True),
    ("5e-324", _number("5e-324"), False),  # binary noise around zero: read as 0
    ("0.123456789", _number("0.123456789"), True),
    ("text 876.7412345", _inline("876.7412345"), True),
    ("separators 8,7,6,.,7,4", _inline("8,7,6,.,7,4"), True),
    ("separators 1,2,3", _inline("1,2,3"), True),
    ("separators 1,,086.56", _inline("1,,086.56"), True),
    ("#DIV/0!", 't="e"><v>#DIV/0!</v></c>', True),
    ("#N/A", 't="e"><v>#N/A</v></c>', True),
    ("#REF!", 't="e"><v>#REF!</v></c>', True),
    ("#VALUE!", 't="e"><v>#VALUE!</v></c>', True),
    ("formula without value", "><f>SUM(C7:C9)</f></c>", True),
    ("formula with error", 't="e"><f>1/0</f><v>#DIV/0!</v></c>', True),
    ("boolean", 't="b"><v>1</v></c>', True),
    ("emoji", _inline("💰"), True),
    ("26万元", _inline("26万元"), True),
    ("10 MB text", _inline("9" * (10 * 2**20)), True),
    ("100k digits", _inline("1" * 100_000), True),
    ("control chars", _inline("\x01\x02"), True),
    ("RTL override", _inline("\u202e123.45"), True),
    ("fullwidth digits", _inline("１２３．４５６７８"), True),
]
HOSTILE_COUNTS: list[tuple[str, str, bool]] = [
    ("True", 't="b"><v>1</v></c>', True),
    ("date", 's="{date_style}" t="n"><v>45292</v></c>', True),
    ("26万元", _inline("26万元"), True),
    ("emoji", _inline("😀"), True),
    ("26人", _inline("二十六"), True),
    ("#N/A", 't="e"><v>#N/A</v></c>', True),
    ("1e308", _number("1e308"), True),
    ("NaN", _number("NaN"), True),
    ("26.5", _number("26.5"), True),
    ("text 8,7,6", _inline("8,7,6"), True),
]


def _with_date_style(ctx: _Context) -> tuple[bytes, int]:
    """styles.xml with one more cell format, a date (built-in number format 14)."""
    styles = ctx.members["xl/styles.xml"]
    match = re.search(rb'<cellXfs count="(\d+)">', styles)
    assert match is not None
    count = int(match.group(1))
    styles = styles.replace(match.group(0), f'<cellXfs count="{count + 1}">'.encode(), 1)
    styles = styles.replace(b"</cellXfs>", b'<xf numFmtId="14" fontId="0" fillId="0" borderId="0" '
                            b'applyNumberFormat="1" xfId="0"/></cellXfs>', 1)
    return styles, count


def family_values(ctx: _Context) -> Iterator[Case]:
    """Hostile values in amount cells of tables 2-6."""
    for label, body, hides in HOSTILE_AMOUNTS:
        for _ in range(ctx.n(6) if "MB" not in label else 1):
            sheet = ctx.rng.choice(sorted(AMOUNT_SHEETS))
            ref = ctx.rng.choice(_amount_cells(ctx, sheet))
            xml = _set_cell(ctx.members[sheet], ref, body)
            yield ctx.write("values", ".xlsx", ctx.xlsx_with({sheet: xml}), must_not_pass=hides,
                            note=f"{label} at {sheet}!{ref}")


def family_counts(ctx: _Context) -> Iterator[Case]:
    """Junk in the headcount (编制/在职 …) cells."""
    styles, date_style = _with_date_style(ctx)
    for label, body, hides in HOSTILE_COUNTS:
        for _ in range(ctx.n(3)):
            ref = ctx.rng.choice(HEADCOUNT_CELLS)
            xml = _set_cell(ctx.members[HEADCOUNT_SHEET], ref, body.replace("{date_style}", str(date_style)))
            data = ctx.xlsx_with({HEADCOUNT_SHEET: xml, "xl/styles.xml": styles})
            yield ctx.write("counts", ".xlsx", data, must_not_pass=hides, note=f"{label} at {ref}")


def _add_sheet(ctx: _Context, name: str, xml: bytes, changes: dict[str, bytes | None]) -> bytes:
    """The reference workbook with one more sheet (named ``name``) holding ``xml``."""
    number = 1 + max(int(m) for m in re.findall(r"sheet(\d+)\.xml", " ".join(ctx.members)))
    part = f"xl/worksheets/sheet{number}.xml"
    workbook = ctx.members["xl/workbook.xml"].replace(
        b"</sheets>", f'<sheet xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
                      f'name="{name}" sheetId="{number}" state="visible" r:id="rId{number + 100}"/></sheets>'.encode())
    rels = ctx.members["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", f'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                             f'relationships/worksheet" Target="/{part}" Id="rId{number + 100}"/></Relationships>'.encode())
    types = ctx.members["[Content_Types].xml"].replace(
        b"</Types>", f'<Override PartName="/{part}" ContentType="application/vnd.openxmlformats-'
                     f'officedocument.spreadsheetml.worksheet+xml"/></Types>'.encode())
    return ctx.xlsx_with({**changes, "xl/workbook.xml": workbook, "xl/_rels/workbook.xml.rels": rels,
                          "[Content_Types].xml": types}, {part: xml})


def family_tables(ctx: _Context) -> Iterator[Case]:
    """A table found twice (the same figures, or a different total), a required table with no
    data rows."""
    for _ in range(ctx.n(6)):
        sheet = ctx.rng.choice(sorted(AMOUNT_SHEETS))
        ref = ctx.rng.choice(_amount_cells(ctx, sheet))
        changed = _set_cell(ctx.members[sheet], ref, _number(str(ctx.rng.randint(1, 99999) / 100)))
        yield ctx.write("tables", ".xlsx", _add_sheet(ctx, f"副本{ctx.counter}", changed, {}),
                        must_not_pass=True, note=f"{sheet} twice, {ref} differs")
    for _ in range(ctx.n(3)):
        sheet = ctx.rng.choice(sorted(AMOUNT_SHEETS))
        yield ctx.write("tables", ".xlsx", _add_sheet(ctx, f"副本{ctx.counter}", ctx.members[sheet], {}),
                        must_not_pass=True, note=f"{sheet} twice, same figures")
    for sheet in sorted(AMOUNT_SHEETS):
        first, _ = AMOUNT_SHEETS[sheet]
        xml = ctx.members[sheet]
        for ref in _amount_cells(ctx, sheet):
            xml = _set_cell(xml, ref, 't="n"></c>')
        yield ctx.write("tables", ".xlsx", ctx.xlsx_with({sheet: xml}), must_not_pass=True,
                        note=f"{sheet}: every data row empty")


# ---- broken containers --------------------------------------------------------------------------

def _truncations(ctx: _Context, family: str, suffix: str, data: bytes, count: int) -> Iterator[Case]:
    for _ in range(count):
        cut = ctx.rng.randrange(1, len(data))
        yield ctx.write(family, suffix, data[:cut], note=f"cut at {cut}")


def _bitflips(ctx: _Context, family: str, suffix: str, data: bytes, count: int) -> Iterator[Case]:
    for _ in range(count):
        mutable = bytearray(data)
        flips = ctx.rng.choice([1, 2, 4, 16, 64])
        for _ in range(flips):
            pos = ctx.rng.randrange(len(mutable))
            mutable[pos] ^= 1 << ctx.rng.randrange(8)
        yield ctx.write(family, suffix, bytes(mutable), note=f"{flips} bits flipped")


def family_random(ctx: _Context) -> Iterator[Case]:
    """Random bytes (and a few magic numbers followed by random bytes) under every extension."""
    magics = [b"", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"%PDF-1.7\n", b"\xef\xbb\xbf"]
    for suffix in EXTENSIONS:
        for _ in range(ctx.n(30)):
            size = ctx.rng.choice([0, 1, 7, 512, 4096, 65536])
            data = ctx.rng.choice(magics) + ctx.rng.randbytes(size)
            yield ctx.write("random", suffix, data)


def family_broken_xlsx(ctx: _Context) -> Iterator[Case]:
    yield from _truncations(ctx, "broken_xlsx", ".xlsx", ctx.xlsx, ctx.n(110))
    yield from _bitflips(ctx, "broken_xlsx", ".xlsx", ctx.xlsx, ctx.n(110))


def family_broken_xls(ctx: _Context) -> Iterator[Case]:
    yield from _truncations(ctx, "broken_xls", ".xls", ctx.xls, ctx.n(110))
    yield from _bitflips(ctx, "broken_xls", ".xls", ctx.xls, ctx.n(110))
    for _ in range(ctx.n(10)):  # zeroed or repeated sectors
        data = bytearray(ctx.xls)
        start = ctx.rng.randrange(512, len(data) - 512)
        data[start:start + 512] = b"\xff" * 512 if ctx.rng.random() < 0.5 else b"\x00" * 512
        yield ctx.write("broken_xls", ".xls", bytes(data), note=f"sector at {start} overwritten")


def _bomb_zip(member: str, size: int, base: dict[str, bytes], lie: int | None = None) -> bytes:
    """A zip holding ``base`` and ``member`` inflating to ``size`` zero bytes (about 1 MB per GB
    compressed); ``lie`` rewrites the member's declared size."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in base.items():
            if name != member:
                z.writestr(name, data)
        with z.open(member, "w", force_zip64=size >= 2**31) as handle:
            handle.write(b"<worksheet><sheetData>")
            block = b"\x00" * (1 << 22)
            written = 0
            while written < size:
                handle.write(block)
                written += len(block)
    data = bytearray(buffer.getvalue())
    if lie is not None:
        _rewrite_sizes(data, member.encode(), lie)
    return bytes(data)


def _rewrite_sizes(data: bytearray, name: bytes, size: int) -> None:
    """Declare ``size`` as the uncompressed size of ``name`` in its local and central headers."""
    for signature, size_offset, name_offset in ((b"PK\x01\x02", 24, 46), (b"PK\x03\x04", 22, 30)):
        start = 0
        while (pos := data.find(signature, start)) >= 0:
            start = pos + 4
            name_len = struct.unpack_from("<H", data, pos + name_offset - (18 if signature == b"PK\x01\x02" else 4))[0]
            if data[pos + name_offset:pos + name_offset + name_len] == name:
                current = struct.unpack_from("<I", data, pos + size_offset)[0]
                if current != 0xFFFFFFFF:
                    struct.pack_into("<I", data, pos + size_offset, size)


def family_bombs(ctx: _Context) -> Iterator[Case]:
    """Zip bombs: a worksheet, the shared strings or an unrelated member inflating to 1 GiB;
    the same with a declared size that lies; a docx whose document part inflates to 1 GiB;
    100,000 members."""
    gib = ctx.bomb_bytes
    bombs = [
        ("xl/worksheets/sheet3.xml", gib, None, ".xlsx", ctx.members),
        ("xl/sharedStrings.xml", gib, None, ".xlsx", ctx.members),
        ("xl/media/image1.png", gib, None, ".xlsx", ctx.members),
        ("xl/worksheets/sheet3.xml", gib // 3, 9000, ".xlsx", ctx.members),
        ("xl/worksheets/sheet4.xml", gib // 3, 0, ".xlsm", ctx.members),
        ("word/document.xml", gib, None, ".docx", _docx_members(ctx.text)),
    ]
    for member, size, lie, suffix, base in bombs[: ctx.n(len(bombs))]:
        yield ctx.write("bombs", suffix, _bomb_zip(member, size, base, lie), note=f"{member} {size} lie={lie}")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as z:
        for name, data in ctx.members.items():
            z.writestr(name, data)
        for i in range(100_000):
            z.writestr(f"x/{i}", b"")
    yield ctx.write("bombs", ".xlsx", buffer.getvalue(), note="100k members")
    nested = ctx.xlsx
    for _ in range(5):  # a zip inside a zip inside a zip: only the outer one is read
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("inner.xlsx", nested)
        nested = buffer.getvalue()
    yield ctx.write("bombs", ".xlsx", nested, note="nested zips")


# ---- XML attacks ---------------------------------------------------------------------------------

def _laughs(root: str) -> bytes:
    entities = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)]
    return f'<?xml version="1.0"?><!DOCTYPE {root} [{"".join(entities)}]>'.encode()


def _xxe(root: str, target: str) -> bytes:
    return f'<?xml version="1.0"?><!DOCTYPE {root} [<!ENTITY xxe SYSTEM "{target}">]>'.encode()


def _prepend_doctype(xml: bytes, doctype: bytes) -> bytes:
    body = re.sub(rb"^<\?xml[^>]*\?>", b"", xml)
    return doctype + body


def family_xml(ctx: _Context) -> Iterator[Case]:
    """Billion laughs and external entities in a worksheet, the shared strings, the workbook
    part and a .docx; UTF-16 variants; the marker file never reaches any output."""
    marker_url = ctx.marker_file.resolve().as_uri()
    targets = [marker_url, "file:///etc/passwd", "http://127.0.0.1:9/x", "/dev/zero"]
    sheet = "xl/worksheets/sheet3.xml"
    ref = _amount_cells(ctx, sheet)[0]
    for target in targets:
        xml = _set_cell(ctx.members[sheet], ref, 't="inlineStr"><is><t>&xxe;</t></is></c>')
        yield ctx.write("xml", ".xlsx", ctx.xlsx_with({sheet: _prepend_doctype(xml, _xxe("worksheet", target))}),
                        must_not_pass=True, note=f"XXE {target} in a cell")
        wb = _prepend_doctype(ctx.members["xl/workbook.xml"], _xxe("workbook", target))
        yield ctx.write("xml", ".xlsx", ctx.xlsx_with({"xl/workbook.xml": wb}), must_not_pass=True,
                        note=f"XXE {target} in workbook.xml")
        yield ctx.write("xml", ".docx", _docx(ctx.text, doctype=_xxe("w:document", target), entity="&xxe;"),
                        must_not_pass=True, note=f"XXE {target} in a .docx")
    xml = _set_cell(ctx.members[sheet], ref, 't="inlineStr"><is><t>&lol9;</t></is></c>')
    yield ctx.write("xml", ".xlsx", ctx.xlsx_with({sheet: _prepend_doctype(xml, _laughs("worksheet"))}),
                    must_not_pass=True, note="billion laughs in a worksheet")
    yield ctx.write("xml", ".docx", _docx(ctx.text, doctype=_laughs("w:document"), entity="&lol9;"),
                    must_not_pass=True, note="billion laughs in a .docx")
    utf16 = _prepend_doctype(xml, _laughs("worksheet")).decode("utf-8").replace(
        '<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16"?>').encode("utf-16")
    yield ctx.write("xml", ".xlsx", ctx.xlsx_with({sheet: utf16}), must_not_pass=True,
                    note="billion laughs in UTF-16")
    deep = b"<worksheet>" + b"<a>" * 200_000 + b"</a>" * 200_000 + b"</worksheet>"
    yield ctx.write("xml", ".xlsx", ctx.xlsx_with({sheet: deep}), note="200k nested elements")


# ---- absurd sheets -------------------------------------------------------------------------------

def _sheet_xml(rows: str, merges: str = "", dimension: str = "A1") -> bytes:
    merge = f"<mergeCells>{merges}</mergeCells>" if merges else ""
    return (f'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f'<dimension ref="{dimension}"/><sheetData>{rows}</sheetData>{merge}</worksheet>').encode()


def family_dimensions(ctx: _Context) -> Iterator[Case]:
    """A cell at XFD1048576, a lying dimension, a million rows, huge and countless merges, a
    thousand sheets."""
    sheet = "xl/worksheets/sheet8.xml"  # 7 三公经费支出表: replacing it keeps the rest readable
    far = [("XFD1048576", 1048576), ("A1048576", 1048576), ("XFD1", 1), ("ZZZ99999999", 99999999)]
    for ref, row in far:
        xml = ctx.members[sheet].replace(
            b"</sheetData>", f'<row r="{row}"><c r="{ref}" t="n"><v>1</v></c></row></sheetData>'.encode())
        yield ctx.write("dimensions", ".xlsx", ctx.xlsx_with({sheet: xml}), note=f"a cell at {ref}")
    lying = ctx.members[sheet].replace(b'<dimension ref="', b'<dimension ref="A1:XFD1048576" x="')
    yield ctx.write("dimensions", ".xlsx", ctx.xlsx_with({sheet: lying}), note="dimension A1:XFD1048576")
    rows = "".join(f'<row r="{r}"><c r="A{r}" t="n"><v>{r}</v></c></row>' for r in range(1, 300_001))
    yield ctx.write("dimensions", ".xlsx", ctx.xlsx_with({sheet: _sheet_xml(rows)}), note="300k rows")
    wide = "".join(f'<c r="{_letters(c)}1" t="n"><v>1</v></c>' for c in range(1, 16385))
    yield ctx.write("dimensions", ".xlsx", ctx.xlsx_with({sheet: _sheet_xml(f'<row r="1">{wide}</row>')}),
                    note="16384 columns")
    for count in (60_000, 200_000):
        merges = "".join(f'<mergeCell ref="A{r}:B{r}"/>' for r in range(1, count + 1))
        yield ctx.write("dimensions", ".xlsx", ctx.xlsx_with({sheet: _sheet_xml("", merges)}),
                        note=f"{count} merges")
    merged = ctx.members[sheet].replace(b"</worksheet>", b'<mergeCells><mergeCell ref="A1:XFD1048576"/></mergeCells></worksheet>')
    yield ctx.write("dimensions", ".xlsx", ctx.xlsx_with({sheet: merged}), note="merge A1:XFD1048576")
    many = ctx.members[sheet].replace(
        b"</worksheet>", b"<mergeCells>" + b"".join(f'<mergeCell ref="A{r}:Z{r + 5000}"/>'.encode()
                                                    for r in range(1, 2001)) + b"</mergeCells></worksheet>")
    yield ctx.write("dimensions", ".xlsx", ctx.xlsx_with({sheet: many}), note="2000 overlapping large merges")
    extra: dict[str, bytes] = {}
    workbook = ctx.members["xl/workbook.xml"]
    rels = ctx.members["xl/_rels/workbook.xml.rels"]
    for i in range(1000):
        part = f"xl/worksheets/extra{i}.xml"
        extra[part] = _sheet_xml('<row r="1"><c r="A1" t="n"><v>1</v></c></row>')
        workbook = workbook.replace(b"</sheets>", f'<sheet xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" name="x{i}" sheetId="{200 + i}" r:id="rIdx{i}"/></sheets>'.encode())
        rels = rels.replace(b"</Relationships>", f'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/{part}" Id="rIdx{i}"/></Relationships>'.encode())
    yield ctx.write("dimensions", ".xlsx", ctx.xlsx_with({"xl/workbook.xml": workbook,
                                                           "xl/_rels/workbook.xml.rels": rels}, extra),
                    note="1000 sheets")
    long_name = ctx.members["xl/workbook.xml"].replace("封面".encode(), ("封" * 5000).encode(), 1)
    yield ctx.write("dimensions", ".xlsx", ctx.xlsx_with({"xl/workbook.xml": long_name}), note="5000-char sheet name")


def _letters(col: int) -> str:
    out = ""
    while col:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out


# ---- special files and names ---------------------------------------------------------------------

def family_special(ctx: _Context) -> Iterator[Case]:
    """FIFOs, devices (through links named like workbooks), a directory, dangling and looping
    links."""
    for suffix in (".xlsx", ".txt", ".pdf", ".docx"):
        path = ctx.path("special", suffix)
        os.mkfifo(path)
        yield Case("special", os.fsencode(path), special=True, note="FIFO")
    for device in ("/dev/zero", "/dev/urandom", "/dev/null", "/dev/full"):
        for suffix in (".xlsx", ".txt"):
            path = ctx.path("special", suffix)
            os.symlink(device, path)
            yield Case("special", os.fsencode(path), special=True, note=f"link to {device}")
    yield Case("special", b"/dev/zero", special=True, note="/dev/zero itself")
    path = ctx.path("special", ".xlsx")
    path.mkdir()
    yield Case("special", os.fsencode(path), special=True, note="directory")
    path = ctx.path("special", ".xlsx")
    os.symlink(path.with_name("nowhere.xlsx"), path)
    yield Case("special", os.fsencode(path), special=True, note="dangling link")
    path = ctx.path("special", ".xlsx")
    os.symlink(path, path)
    yield Case("special", os.fsencode(path), special=True, note="link to itself")


def family_names(ctx: _Context) -> Iterator[Case]:
    """Valid workbooks, texts and broken files under odd names: a newline, invalid UTF-8, a
    leading dash, quotes, a very long name, no or an upper-case extension."""
    directory = ctx.out / "names"
    directory.mkdir(parents=True, exist_ok=True)
    stems = [b"line\nbreak", b"bad\xff\xfeutf8", b"-dash", b"quote'\"", b"tab\there", b"\xe9\x87\x8d",
             b"x" * 200, b"emoji\xf0\x9f\x98\x80", b"back\\slash", b"carriage\rreturn", b"\x1b[31mred"]
    contents = [(b".xlsx", ctx.xlsx), (b".XLSX", ctx.xlsx), (b".xlsx", b"not a workbook"),
                (b".txt", ctx.text.encode()), (b".txt", b"\x00" * 100), (b"", ctx.xlsx)]
    for stem in stems:
        for suffix, data in contents[: ctx.n(len(contents))]:
            ctx.counter += 1
            path = os.path.join(os.fsencode(directory), stem + str(ctx.counter).encode() + suffix)
            with open(path, "wb") as handle:
                handle.write(data)
            yield Case("names", path, must_not_pass=data == b"not a workbook" or data.startswith(b"\x00"),
                       note=repr(stem + suffix))


# ---- hostile texts ---------------------------------------------------------------------------------

def family_txt(ctx: _Context) -> Iterator[Case]:
    text = ctx.text
    yield ctx.write("txt", ".txt", b"\x00" * 4096, must_not_pass=True, note="NUL bytes")
    yield ctx.write("txt", ".txt", ctx.pdf, must_not_pass=True, note="a PDF renamed .txt")
    yield ctx.write("txt", ".txt", ctx.xlsx, must_not_pass=True, note="a workbook renamed .txt")
    for encoding in ("big5", "shift_jis", "euc-kr", "utf-16", "utf-32", "cp1252"):
        data = text.encode(encoding, errors="replace")
        yield ctx.write("txt", ".txt", data, must_not_pass=True, note=encoding)
    yield ctx.write("txt", ".txt", b"", must_not_pass=True, note="empty")
    yield ctx.write("txt", ".txt", b" \n\t\n" * 1000, must_not_pass=True, note="blank")
    yield ctx.write("txt", ".txt", "收入预算总额为".encode() + b"9" * (10 * 2**20) + "万元。".encode(),
                    note="a 10 MB number")
    yield ctx.write("txt", ".txt", ("收入" * (50 * 2**20 // 6)).encode(), note="a 50 MB line")
    yield ctx.write("txt", ".txt", ("预算" * (5 * 2**20) + "\n").encode() * 2, note="10 MB lines")
    yield ctx.write("txt", ".txt", ((text + "\n") * 400).encode(), note="the seed 400 times")
    yield ctx.write("txt", ".txt", ("收入预算总额为1086.56万元，" * 20000).encode(), note="20k claims on one line")
    yield ctx.write("txt", ".txt", ("1" * 64 + "万元，") .encode() * 5000, note="huge figures")
    yield ctx.write("txt", ".txt", "收入预算总额为1e400万元。支出1e308万元。NaN万元。".encode(), note="exponents")
    yield ctx.write("txt", ".txt", "收入总计8,7,6,.,7,4万元。".encode(), note="bad separators")
    for _ in range(ctx.n(20)):
        lines = text.splitlines()
        ctx.rng.shuffle(lines)
        blob = "\n".join(lines[: ctx.rng.randrange(1, len(lines))]).encode()
        blob = bytes(b ^ (1 << ctx.rng.randrange(8)) if ctx.rng.random() < 0.01 else b for b in blob)
        yield ctx.write("txt", ".txt", blob, note="shuffled and flipped seed")
    for _ in range(ctx.n(10)):
        blob = "".join(chr(ctx.rng.randrange(0x20, 0x2FFFF)) for _ in range(2000))
        yield ctx.write("txt", ".txt", blob.encode("utf-8", errors="replace"), note="random code points")


def _docx_members(text: str, doctype: bytes = b"", entity: str = "", body: str | None = None) -> dict[str, bytes]:
    paragraphs = "".join(f"<w:p><w:r><w:t>{_esc(line)}</w:t></w:r></w:p>" for line in text.splitlines())
    if entity:
        paragraphs = f"<w:p><w:r><w:t>{entity}</w:t></w:r></w:p>" + paragraphs
    document = (doctype + f'<w:document xmlns:w="{W_NS}"><w:body>{body if body is not None else paragraphs}'
                          f"</w:body></w:document>".encode())
    return {
        "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                               b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                               b'<Default Extension="xml" ContentType="application/xml"/>'
                               b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        "_rels/.rels": b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                       b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        "word/document.xml": document,
    }


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buffer.getvalue()


def _docx(text: str, doctype: bytes = b"", entity: str = "", body: str | None = None) -> bytes:
    return _zip(_docx_members(text, doctype, entity, body))


def family_docx(ctx: _Context) -> Iterator[Case]:
    text = ctx.text
    plain = _docx(text)
    yield ctx.write("docx", ".docx", plain, note="the seed as .docx")
    cell = "<w:tc><w:tcPr>{}</w:tcPr><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:tc>"
    span = "<w:tbl><w:tr>" + cell.format('<w:gridSpan w:val="100000000"/>', "x") + "</w:tr></w:tbl>"
    yield ctx.write("docx", ".docx", _docx(text, body=span), note="gridSpan 10^8")
    rows = "".join(f'<w:tr>{cell.format("<w:vMerge/>", "")}{cell.format("", r)}</w:tr>' for r in range(50_000))
    first = "<w:tr>" + cell.format('<w:vMerge w:val="restart"/>', "合计") + cell.format("", "1") + "</w:tr>"
    yield ctx.write("docx", ".docx", _docx(text, body=f"<w:tbl>{first}{rows}</w:tbl>"), note="50k vertically merged rows")
    wide = "".join(cell.format('<w:gridSpan w:val="60"/>', i) for i in range(2000))
    yield ctx.write("docx", ".docx", _docx(text, body=f"<w:tbl><w:tr>{wide}</w:tr></w:tbl>"), note="2000 spanning cells")
    big = "<w:p><w:r><w:t>" + "预算" * (30 * 2**20 // 6) + "</w:t></w:r></w:p>"
    yield ctx.write("docx", ".docx", _docx(text, body=big), note="a 30 MB paragraph")
    huge = "".join(f"<w:p><w:r><w:t>收入{i}万元</w:t></w:r></w:p>" for i in range(1_500_000))
    yield ctx.write("docx", ".docx", _docx(text, body=huge), note="60 MB of XML")
    nested = "<w:tbl><w:tr><w:tc>" * 5000 + "<w:p/>" + "</w:tc></w:tr></w:tbl>" * 5000
    yield ctx.write("docx", ".docx", _docx(text, body=nested), note="5000 nested tables")
    yield ctx.write("docx", ".docx", _docx(text, body="<w:p>" * 300_000), note="malformed XML")
    no_main = _docx_members(text)
    del no_main["word/document.xml"]
    yield ctx.write("docx", ".docx", _zip(no_main), note="no document part")
    odd_target = _docx_members(text)
    odd_target["_rels/.rels"] = odd_target["_rels/.rels"].replace(b"word/document.xml", b"../../../../etc/passwd")
    yield ctx.write("docx", ".docx", _zip(odd_target), note="main part outside the package")
    yield from _truncations(ctx, "docx", ".docx", plain, ctx.n(30))
    yield from _bitflips(ctx, "docx", ".docx", plain, ctx.n(30))


# ---- hostile PDFs ----------------------------------------------------------------------------------

def _pdf(objects: list[bytes]) -> bytes:
    """A PDF whose object i+1 is objects[i]; object 1 must be the catalog."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _stream(data: bytes, compress: bool = False) -> bytes:
    if compress:
        data = zlib.compress(data, 9)
        return f"<< /Length {len(data)} /Filter /FlateDecode >>\nstream\n".encode() + data + b"\nendstream"
    return f"<< /Length {len(data)} >>\nstream\n".encode() + data + b"\nendstream"


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def _pdf_pages(count: int, content: bytes, fonts: int = 1, compress: bool = False) -> bytes:
    font_refs = " ".join(f"/F{i} 4 0 R" for i in range(fonts)).encode()
    kids = " ".join(f"{5 + i} 0 R" for i in range(count)).encode()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [" + kids + b"] /Count " + str(count).encode() + b" >>",
               _stream(content, compress), _FONT]
    for _ in range(count):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R "
                       b"/Resources << /Font << " + font_refs + b" >> >> >>")
    return _pdf(objects)


def family_pdf(ctx: _Context) -> Iterator[Case]:
    line = b"BT /F0 12 Tf 72 712 Td (Budget 1086.56) Tj ET\n"
    yield ctx.write("pdf", ".pdf", _pdf_pages(1, line), must_not_pass=True, note="one page, no Chinese figure")
    yield ctx.write("pdf", ".pdf", _pdf_pages(5000, line), note="5000 pages")
    yield ctx.write("pdf", ".pdf", _pdf_pages(1, line, fonts=100_000), note="100k fonts")
    ops = b"BT /F0 1 Tf " + b"(x) Tj 0 1 Td " * 200_000 + b"ET"
    yield ctx.write("pdf", ".pdf", _pdf_pages(1, ops), note="200k text operations")
    yield ctx.write("pdf", ".pdf", _pdf_pages(1, ops, compress=True), note="200k text operations, compressed")
    yield ctx.write("pdf", ".pdf", _pdf_pages(1, b" " * (200 * 2**20), compress=True), note="200 MB content bomb")
    yield ctx.write("pdf", ".pdf", _pdf_pages(20, ops[:400_000]), note="20 pages of many operations")
    cyclic = _pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                   b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
                   b"<< /Type /Pages /Kids [2 0 R] /Parent 2 0 R /Count 1 >>"])
    yield ctx.write("pdf", ".pdf", cyclic, note="cyclic page tree")
    deep = _pdf([b"<< /Type /Catalog /Pages 2 0 R /Deep " + b"[" * 100_000 + b"]" * 100_000 + b" >>",
                 b"<< /Type /Pages /Kids [] /Count 0 >>"])
    yield ctx.write("pdf", ".pdf", deep, note="100k nested arrays")
    lying = _pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 999999999 >>"])
    yield ctx.write("pdf", ".pdf", lying, must_not_pass=True, note="a page count that lies")
    chain = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"]
    for i in range(3, 3000):
        chain.append(f"<< /Type /Pages /Kids [{i + 1} 0 R] /Parent {i - 1} 0 R /Count 1 >>".encode())
    chain.append(b"<< /Type /Page /MediaBox [0 0 10 10] >>")
    yield ctx.write("pdf", ".pdf", _pdf(chain), note="a page tree 3000 deep")
    yield ctx.write("pdf", ".pdf", b"%PDF-1.7\n" + b"1 0 obj << >> endobj\n" * 200_000, note="200k objects, no xref")
    yield ctx.write("pdf", ".pdf", b"%PDF-1.7\n%%EOF", must_not_pass=True, note="empty PDF")
    yield from _truncations(ctx, "pdf", ".pdf", ctx.pdf, ctx.n(35))
    yield from _bitflips(ctx, "pdf", ".pdf", ctx.pdf, ctx.n(35))


FAMILIES: dict[str, Callable[[_Context], Iterator[Case]]] = {
    "random": family_random,
    "broken_xlsx": family_broken_xlsx,
    "broken_xls": family_broken_xls,
    "bombs": family_bombs,
    "xml": family_xml,
    "dimensions": family_dimensions,
    "values": family_values,
    "counts": family_counts,
    "tables": family_tables,
    "special": family_special,
    "names": family_names,
    "txt": family_txt,
    "docx": family_docx,
    "pdf": family_pdf,
}


def generate(out: str | Path, seed: int = 0, scale: float = 1.0,
             families: list[str] | None = None, bomb_bytes: int = 2**30) -> list[Case]:
    """Write the hostile corpus under ``out`` (one directory per family); its cases.

    ``scale`` multiplies the number of random variants per kind (each kind keeps at least one);
    ``bomb_bytes`` is what a zip bomb inflates to (the tests use less, with lower limits)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    ctx = _Context(out, seed, scale, bomb_bytes)
    cases: list[Case] = []
    for name, make in FAMILIES.items():
        if families is None or name in families:
            cases.extend(make(ctx))
    return cases


def main(argv: list[str] | None = None) -> None:
    import argparse
    from collections import Counter

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args(argv)
    cases = generate(args.out, args.seed, args.scale)
    for family, count in sorted(Counter(c.family for c in cases).items()):
        print(f"{family:12} {count}")
    print(f"{'total':12} {len(cases)}")


if __name__ == "__main__":  # pragma: no cover
    main()

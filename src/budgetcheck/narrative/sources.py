"""The text of a narrative file (.txt, .docx, .pdf), read within ``budgetcheck.limits``.

Every reader starts from the bytes of a regular file of bounded size. A .docx is a zip checked
member by member before anything is inflated (``readers.container``; a part declaring a DTD is
refused, so no entity is ever resolved) and its XML is walked here with an lxml parser that
resolves no entity and opens no network, instead of python-docx, whose table model recurses
once per vertically merged row and allocates a cell per spanned column. A .txt must decode as
UTF-8 or GB18030 into text, not into control characters: a PDF or a zip renamed .txt, NUL bytes
or another encoding read as GB18030 are refused rather than read as an empty pass.
"""

from __future__ import annotations

import posixpath
import re
from typing import Any

from ..errors import InputError
from ..limits import LimitExceeded, limit, regular_file_bytes

_MAGIC = {b"%PDF-": "a PDF", b"PK\x03\x04": "a zip (.docx or .xlsx)",
          b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1": "an OLE file (.doc or .xls)"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")
# Private-use and unassigned-looking ranges that appear when Big5 or Shift-JIS bytes are decoded
# as GB18030: four-byte sequences map outside the BMP's CJK blocks.
_CJK = re.compile(r"[\u4e00-\u9fff]")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class TextUnreadable(InputError):
    """A narrative file whose text cannot be read."""


def read_text_file(path: str, suffix: str) -> str:
    return "\n".join(read_text_pages(path, suffix))


def read_text_pages(path: str, suffix: str) -> list[str]:
    """The text of a file in its pages: a PDF's pages in order, any other file as one part.
    Joined with line breaks they are the text ``read_text_file`` returns."""
    data = regular_file_bytes(path, "text")
    if suffix == ".pdf":
        pages = _read_pdf(path, data)
    elif suffix == ".docx":
        pages = [_read_docx(path, data)]
    else:
        pages = [_read_txt(path, data)]
    _check_text(path, "\n".join(pages))
    return pages


def _check_text(path: str, text: str) -> None:
    if len(text) > limit("text_chars"):
        raise LimitExceeded(path, "text_chars", f"{len(text)} characters")
    longest = max((len(line) for line in text.splitlines()), default=0)
    if longest > limit("line_chars"):
        raise LimitExceeded(path, "line_chars", f"a line of {longest} characters")


def _read_txt(path: str, data: bytes) -> str:
    if len(data) > 4 * limit("text_chars"):
        raise LimitExceeded(path, "text_chars", f"{len(data)} bytes")
    for magic, kind in _MAGIC.items():
        if data.startswith(magic):
            raise TextUnreadable(path, f"{kind} named as a text file; submit the file under its own type")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        break
    else:
        raise TextUnreadable(path, "text is neither UTF-8 nor GB18030")
    stripped = "".join(text.split())
    if not stripped:
        raise TextUnreadable(path, "the text is empty")
    bad = len(_CONTROL.findall(stripped))
    if bad * 100 > len(stripped):
        raise TextUnreadable(path, f"{bad} control characters: binary data, not text")
    if encoding == "gb18030" and not _looks_simplified(stripped):
        raise TextUnreadable(path, "text is not UTF-8, and read as GB18030 it is not Chinese text "
                                   "(another encoding such as Big5 or Shift-JIS?); save it as UTF-8")
    return text


# Characters any budget text uses; Big5 or Shift-JIS bytes decoded as GB18030 produce CJK
# characters too, but almost never these.
_COMMON = set("的预算决支出收入元万年部门单位财政拨款项目基本经费合计人员公用情况说明本较上")


def _looks_simplified(text: str) -> bool:
    cjk = _CJK.findall(text)
    if not cjk:
        return True  # ASCII-only text decodes the same in every encoding
    common = sum(1 for ch in cjk if ch in _COMMON)
    return common * 10 >= len(cjk)


def _read_pdf(path: str, data: bytes) -> list[str]:
    import io
    import logging

    try:
        from pypdf import PdfReader
    except ImportError:
        raise TextUnreadable(path, "reading .pdf needs the 'pypdf' package") from None
    # pypdf logs each repair it attempts; the verdict is ours to state, in one line
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    try:
        reader = PdfReader(io.BytesIO(data))
        declared = _declared_pages(reader)
        if declared > limit("pdf_pages"):
            raise LimitExceeded(path, "pdf_pages", f"{declared} pages declared")
        count = len(reader.pages)
        if count > limit("pdf_pages"):
            raise LimitExceeded(path, "pdf_pages", f"{count} pages")
        parts: list[str] = []
        size = 0
        for number in range(count):
            page = reader.pages[number]
            _check_page(path, page, number + 1)
            text = page.extract_text() or ""
            size += len(text)
            if size > limit("text_chars"):
                raise LimitExceeded(path, "text_chars", f"more than {size} characters", f"page {number + 1}")
            parts.append(text)
    except InputError:
        raise
    except RecursionError:
        raise TextUnreadable(path, "unreadable PDF: objects nested too deeply") from None
    except Exception as exc:  # pypdf raises many kinds for damaged files
        raise TextUnreadable(path, f"unreadable PDF: {str(exc)[:120] or exc.__class__.__name__}") from None
    if not "".join(parts).strip():
        raise TextUnreadable(path, "the PDF has no text layer")
    return parts


def _declared_pages(reader: Any) -> int:
    try:
        count = reader.trailer["/Root"]["/Pages"].get("/Count", 0)
        return int(count)
    except Exception:  # a damaged tree is pypdf's to report when the pages are read
        return 0


def _check_page(path: str, page: Any, number: int) -> None:
    place = f"page {number}"
    resources = page.get("/Resources")
    fonts = resources.get_object().get("/Font") if resources is not None else None
    if fonts is not None and len(fonts.get_object()) > limit("pdf_page_fonts"):
        raise LimitExceeded(path, "pdf_page_fonts", f"{len(fonts.get_object())} fonts", place)
    contents = page.get_contents()
    size = len(contents.get_data()) if contents is not None else 0
    if size > limit("pdf_page_content_bytes"):
        raise LimitExceeded(path, "pdf_page_content_bytes", f"{size} bytes", place)


def _safe_parser() -> Any:
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           dtd_validation=False, huge_tree=False)


def parse_xml(data: bytes) -> Any:
    """An XML part parsed without entities, DTD or network (a DTD is refused before this)."""
    from lxml import etree

    return etree.fromstring(data, _safe_parser())


def _read_docx(path: str, data: bytes) -> str:
    import io
    import zipfile

    from ..readers.container import check_zip

    check_zip(path, data, ".docx")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        main = _main_part(archive)
        info = archive.getinfo(main)
        if info.file_size > limit("docx_xml_bytes"):
            raise LimitExceeded(path, "docx_xml_bytes", f"{info.file_size} bytes", main)
        root = parse_xml(archive.read(main))
    except InputError:
        raise
    except KeyError:
        raise TextUnreadable(path, "unreadable .docx: no main document part") from None
    except Exception as exc:  # a corrupted part: lxml and zipfile errors
        raise TextUnreadable(path, f"unreadable .docx: {str(exc)[:120] or exc.__class__.__name__}") from None
    body = root.find(f"{_W}body")
    if body is None:
        raise TextUnreadable(path, "unreadable .docx: the document has no body")
    lines = [_paragraph_text(p) for p in body.iterfind(f"{_W}p")]
    for table in body.iterfind(f"{_W}tbl"):
        lines.extend(_table_lines(path, table))
    return "\n".join(lines)


def _main_part(archive: Any) -> str:
    """The officeDocument part named by the package relationships (word/document.xml)."""
    try:
        rels = parse_xml(archive.read("_rels/.rels"))
    except KeyError:
        return "word/document.xml"
    for rel in rels:
        if str(rel.get("Type", "")).endswith("/officeDocument"):
            return posixpath.normpath(str(rel.get("Target", "")).lstrip("/"))
    return "word/document.xml"


def _run_text(run: Any) -> str:
    """A run's text as python-docx gives it: w:t, tabs and breaks."""
    out = []
    for child in run:
        tag = child.tag
        if tag == f"{_W}t":
            out.append(child.text or "")
        elif tag in (f"{_W}tab", f"{_W}ptab"):
            out.append("\t")
        elif tag in (f"{_W}br", f"{_W}cr"):
            out.append("\n")
        elif tag == f"{_W}noBreakHyphen":
            out.append("-")
    return "".join(out)


def _paragraph_text(paragraph: Any) -> str:
    out = []
    for child in paragraph:
        if child.tag == f"{_W}r":
            out.append(_run_text(child))
        elif child.tag == f"{_W}hyperlink":
            out.extend(_run_text(run) for run in child.iterfind(f"{_W}r"))
    return "".join(out)


def _table_lines(path: str, table: Any) -> list[str]:
    """One line per row, each grid column's text joined by spaces as python-docx's row.cells
    gives it: a cell spanning n columns appears n times, a vertically merged cell repeats the
    text of the cell where the merge starts."""
    lines = []
    above: dict[int, str] = {}  # grid column -> text of the cell a vertical merge continues
    for row in table.iterfind(f"{_W}tr"):
        texts: list[str] = []
        column = 0
        for cell in row.iterfind(f"{_W}tc"):
            props = cell.find(f"{_W}tcPr")
            span, merge = 1, None
            if props is not None:
                grid_span = props.find(f"{_W}gridSpan")
                if grid_span is not None:
                    span = _int(grid_span.get(f"{_W}val"), 1)
                v_merge = props.find(f"{_W}vMerge")
                if v_merge is not None:
                    merge = v_merge.get(f"{_W}val") or "continue"
            if span > limit("docx_span") or column + span > 4 * limit("docx_span"):
                raise LimitExceeded(path, "docx_span", f"a cell spanning {span} columns")
            if merge == "continue":
                text = above.get(column, "")
            else:
                text = "\n".join(_paragraph_text(p) for p in cell.iterfind(f"{_W}p"))
            for offset in range(span):
                above[column + offset] = text
                texts.append(text)
            column += span
        lines.append(" ".join(texts))
    return lines


def _int(raw: Any, default: int) -> int:
    try:
        return max(int(raw), 1)
    except (TypeError, ValueError):
        return default

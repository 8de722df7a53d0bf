"""The inputs as users give them: files, folders (recursive), globs (also quoted, as Windows shells
pass them) and zip archives of workbooks, expanded into one path per submission.

A workbook inside a zip is named ``archive.zip!member/path.xlsx``; ``input_bytes`` reads a plain
file or such a member, so every reader, hash, annotated copy and evidence bundle sees the same
bytes. Excel lock files (``~$name.xlsx``, left beside an open workbook) and hidden files are
skipped when a folder, glob or archive is expanded; a lock file named explicitly is skipped too.
"""

from __future__ import annotations

import glob
import io
import zipfile
from pathlib import Path, PurePosixPath

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
ZIP_SEP = "!"
_GLOB_CHARS = "*?["


def is_lock_file(name: str) -> bool:
    return name.startswith("~$")


def _hidden(parts: tuple[str, ...]) -> bool:
    return any(p.startswith(".") and p not in (".", "..") for p in parts)


def _wanted(parts: tuple[str, ...]) -> bool:
    """A workbook that is neither a lock file nor hidden (nor under a hidden folder)."""
    return (bool(parts) and parts[-1].lower().endswith(WORKBOOK_SUFFIXES)
            and not is_lock_file(parts[-1]) and not _hidden(parts) and "__MACOSX" not in parts)


def _member_name(info: zipfile.ZipInfo) -> str:
    """The member's name as written: archives made on Chinese Windows store names in GBK without
    the UTF-8 flag, which zipfile decodes as cp437."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("gbk")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def _zip_members(path: str) -> list[str]:
    try:
        with zipfile.ZipFile(path) as archive:
            names = [_member_name(i) for i in archive.infolist() if not i.is_dir()]
    except (OSError, zipfile.BadZipFile):
        return [path]  # reported unreadable by the reader, with its reason
    return [f"{path}{ZIP_SEP}{n}" for n in sorted(names) if _wanted(PurePosixPath(n).parts)]


def _folder(path: Path) -> list[str]:
    found = []
    for file in path.rglob("*"):
        if file.is_file() and _wanted(file.relative_to(path).parts):
            found.append(str(file))
    return sorted(found)


def expand_inputs(paths: list[str]) -> tuple[list[str], list[str]]:
    """(the submission paths, notes on what was skipped or matched nothing)."""
    out: list[str] = []
    notes: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = _folder(path)
            if not found:
                notes.append(f"{raw}: no workbook ({', '.join(WORKBOOK_SUFFIXES)}) in this folder")
            out += found
        elif path.is_file() and path.suffix.lower() == ".zip":
            found = _zip_members(raw)
            if not found:
                notes.append(f"{raw}: no workbook in this archive")
            out += found
        elif path.is_file() or ZIP_SEP in raw and not any(c in raw for c in _GLOB_CHARS):
            if is_lock_file(path.name):
                notes.append(f"{raw}: skipped (an Excel lock file, not a workbook)")
                continue
            out.append(raw)
        elif any(c in raw for c in _GLOB_CHARS):
            matches = sorted(m for m in glob.glob(raw, recursive=True) if Path(m).is_file())
            kept = [m for m in matches if _wanted(Path(m).parts[-1:])]
            if not kept:
                notes.append(f"{raw}: no workbook matches this pattern")
            out += kept
        else:
            out.append(raw)  # not found: the reader says so
    return list(dict.fromkeys(out)), notes


def regular_file_zip(archive: str) -> io.BytesIO:
    """An archive's bytes, read as any submitted file is (regular, within the size limit)."""
    from ..limits import regular_file_bytes

    return io.BytesIO(regular_file_bytes(archive, "zip archive"))


def split_member(path: str) -> tuple[str, str] | None:
    """(archive, member) for ``archive.zip!member``; None for a plain path."""
    if ZIP_SEP not in path or Path(path).exists():
        return None
    lower = path.lower()
    at = lower.rfind(".zip" + ZIP_SEP)
    if at < 0:
        return None
    return path[:at + 4], path[at + 5:]


def input_bytes(path: str) -> bytes:
    """The bytes of a file or of a zip member (OSError/FileNotFoundError when absent).

    A plain file must be a regular file within the size limit, a member within it too
    (``InputError`` otherwise, see ``budgetcheck.limits``)."""
    from ..limits import LimitExceeded, limit, regular_file_bytes

    inside = split_member(path)
    if inside is None:
        return regular_file_bytes(path)
    archive, member = inside
    try:
        with zipfile.ZipFile(regular_file_zip(archive)) as bundle:
            for info in bundle.infolist():
                if _member_name(info) == member:
                    if info.file_size > limit("file_bytes"):
                        raise LimitExceeded(path, "file_bytes", f"{info.file_size} bytes declared")
                    return bundle.read(info)
    except zipfile.BadZipFile:
        raise OSError(f"{archive}: not a readable zip archive") from None
    raise FileNotFoundError(path)


def input_name(path: str) -> str:
    """The file name of a submission (the member's own name inside an archive)."""
    inside = split_member(path)
    return PurePosixPath(inside[1]).name if inside else Path(path).name


def input_exists(path: str) -> bool:
    try:
        input_bytes(path)
    except OSError:
        return False
    return True

"""``budgetcheck inspect``: how a workbook was read. For each table of the set: the sheet and
range it was read from, how it was found (title, sheet name, sheet number or header words), the
header mapping (canonical column -> sheet column and header text), the unit, the rows read and
the rows passed over with the reason, and the cells that need a reviewer's eye (formulas
evaluated or unreadable, error cells, hidden rows and columns). The first thing to run when a
verdict surprises.

The JSON shape is documented in README ("What inspect shows").
"""

from __future__ import annotations

import json
from typing import Any

from ..contracts.tables import load_catalogue
from ..model import Submission, Table, a1, column_letter, sheet_ref
from ..readers import read_workbook
from ..readers.evaluate import Unreadable
from ..readers.workbook import Grid, open_workbook


def inspect_workbook(path: str) -> dict[str, Any]:
    """The reading of one workbook as plain data (raises InputError when it cannot be read)."""
    book = open_workbook(path)
    layout: dict[str, dict[str, Any]] = {}
    submission = read_workbook(book, None, layout)
    catalogue = load_catalogue()
    tables = []
    for spec in catalogue.tables:
        table = submission.tables.get(spec.id)
        if table is None or spec.id not in layout:
            continue
        tables.append(_table(table, layout[spec.id], spec.number))
    tables.sort(key=lambda t: t["number"])
    used = {t["sheet"] for t in tables}
    return {
        "path": path,
        "sha256": submission.sha256,
        "sheets": [{"name": g.name, "hidden": g.hidden, "read": g.name in used} for g in book.grids],
        "tables": tables,
        "missing": [s.id for s in catalogue.tables if s.id not in submission.tables],
        "notes": submission.notes,
        "unreadable": dict(submission.unreadable),
        "marks": _marks(submission),
    }


def _marks(submission: Submission) -> list[dict[str, Any]]:
    return [{"kind": m.kind, "table": m.table, "cells": m.cells} for m in submission.marks]


def _columns(table: Table, grid: Grid) -> list[dict[str, Any]]:
    """Canonical column -> the sheet column it was read from and its header text (a two-sided
    item table reads one canonical column from a column on each side)."""
    first, last = table.header_rows
    found: dict[tuple[str, int], dict[str, Any]] = {}
    for row in table.rows:
        for key, cell in row.cells.items():
            if (key, cell.col) in found:
                continue
            parts: list[str] = []
            for r in range(first, last + 1):
                text = grid.merged_text(r, cell.col)
                if text and (not parts or parts[-1] != text):
                    parts.append(text)
            found[(key, cell.col)] = {"key": key, "column": column_letter(cell.col), "header": "/".join(parts)}
    return sorted(found.values(), key=lambda c: (len(c["column"]), c["column"]))


def _table(table: Table, info: dict[str, Any], number: int) -> dict[str, Any]:
    where = info["located"]
    grid: Grid = where.grid
    cols = [c.col for row in table.rows for c in row.cells.values()]
    label_cols = [int(_col_of(ref)) for row in table.rows for ref in row.code_cells]
    rows_read = [row.sheet_row for row in table.rows]
    first_row = table.header_rows[0]
    last_row = max(rows_read, default=table.header_rows[1])
    header_cols = [c for r in range(table.header_rows[0], table.header_rows[1] + 1) for c, _ in grid.texts(r)]
    low = min(cols + label_cols + header_cols, default=0)
    high = max(cols + label_cols, default=0)
    formulas = []
    for row in table.rows:
        for cell in row.cells.values():
            entry = grid.formulas.get((cell.row, cell.col))
            if entry is not None:
                formula, value = entry
                readable = not isinstance(value, Unreadable)
                formulas.append({"cell": cell.ref, "formula": f"={formula}", "evaluated": readable,
                                 "value": format(cell.value, "f") if readable else None})
    return {
        "table": table.kind,
        "number": number,
        "name": table.title,
        "sheet": grid.name,
        "range": f"{a1(first_row, low)}:{a1(last_row, high)}",
        "found_by": where.how,
        "hidden_sheet": grid.hidden,
        "unit": _unit(info, table),
        "header": {"first_row": table.header_rows[0] + 1, "last_row": table.header_rows[1] + 1,
                   "columns": _columns(table, grid)},
        "rows_read": len(table.rows),
        "rows": [{"row": row.sheet_row + 1, "key": row.key, "name": row.name,
                  "hidden": row.sheet_row in grid.hidden_rows} for row in table.rows],
        "rows_skipped": [{"row": r + 1, "reason": reason, "text": " ".join(t for _, t in grid.texts(r))[:60]}
                         for r, reason in sorted(grid.skipped.items()) if first_row <= r <= max(last_row, r)],
        "hidden_columns": sorted(column_letter(c) for c in grid.hidden_cols if low <= c <= high),
        "formulas": formulas,
    }


def _unit(info: dict[str, Any], table: Table) -> dict[str, Any] | None:
    """The unit of an amount table (stated on its 单位 line, or 万元 by default); None for the
    headcount and project-target tables (counts, and units stated per project block)."""
    if not info.get("scaled"):
        return None
    unit = info["unit"]
    return {"name": unit.name if unit else "万元", "stated": info["unit_ref"] is not None,
            "cell": info["unit_ref"], "scale_to_wan": format(unit.scale, "f") if unit else "1"}


def _col_of(ref: str) -> int:
    letters = ref.rstrip("0123456789")
    index = 0
    for ch in letters:
        index = index * 26 + ord(ch) - 64
    return index - 1


def render_inspect_json(reports: list[dict[str, Any]]) -> str:
    return json.dumps({"workbooks": reports}, ensure_ascii=False, indent=2) + "\n"


_REASONS_ZH = {"blank": "空行", "separator": "分隔线", "continued": "续表行", "page number": "页码",
               "repeated title": "重复的表题", "unit line": "单位行", "repeated header": "重复的表头",
               "column numbers": "栏次行", "note": "注释"}
_HOW_ZH = {"title": "表题", "sheet-name": "工作表名", "sheet-number": "工作表编号", "header": "表头文字"}


def render_inspect_text(reports: list[dict[str, Any]], lang: str = "zh") -> str:
    zh = lang == "zh"
    lines: list[str] = []
    for report in reports:
        lines.append(f"{report['path']}")
        for t in report["tables"]:
            how = _HOW_ZH.get(t["found_by"], t["found_by"]) if zh else t["found_by"]
            place = sheet_ref(t["sheet"], 0, 0).rsplit("!", 1)[0] + "!" + t["range"]
            hidden = ("（隐藏工作表）" if zh else " (hidden sheet)") if t["hidden_sheet"] else ""
            unit = "—" if t["unit"] is None else t["unit"]["name"] + (
                "" if t["unit"]["stated"] else ("（默认）" if zh else " (default)"))
            lines.append(f"  表{t['number']} {t['name']} ← {place}{hidden}  "
                         + (f"依据：{how}；单位：{unit}；读取 {t['rows_read']} 行" if zh
                            else f"found by {how}; unit {unit}; {t['rows_read']} rows read"))
            mapping = ", ".join(f"{v['key']}={v['column']}（{v['header']}）" if zh
                                else f"{v['key']}={v['column']} ({v['header']})" for v in t["header"]["columns"])
            lines.append(("    表头：" if zh else "    header: ") + mapping)
            for skipped in t["rows_skipped"]:
                reason = _REASONS_ZH.get(skipped["reason"], skipped["reason"]) if zh else skipped["reason"]
                lines.append(f"    {'跳过第' if zh else 'skipped row'} {skipped['row']}{' 行' if zh else ''}："
                             f"{reason} {skipped['text']}".rstrip())
            for row in t["rows"]:
                if row["hidden"]:
                    lines.append(f"    {'隐藏行' if zh else 'hidden row'} {row['row']}: {row['key']} {row['name']}")
            if t["hidden_columns"]:
                lines.append(f"    {'隐藏列' if zh else 'hidden columns'}: {', '.join(t['hidden_columns'])}")
            for f in t["formulas"]:
                state = (f"= {f['value']}" if f["evaluated"] else ("无法计算" if zh else "not evaluable"))
                lines.append(f"    {'公式' if zh else 'formula'} {f['cell']} {f['formula']} {state}")
        for ref, detail in report["unreadable"].items():
            lines.append(f"  {'无法读取' if zh else 'unreadable'} {ref}: {detail}")
        if report["missing"]:
            lines.append(("  未找到：" if zh else "  not found: ") + ", ".join(report["missing"]))
        for note in report["notes"]:
            lines.append(f"  {note}")
    return "\n".join(lines) + "\n"

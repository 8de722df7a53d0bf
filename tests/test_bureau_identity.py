"""The unit and year of a submission come from the workbook, and stay unknown when it does not
say (or says two things)."""

from __future__ import annotations

from budgetcheck.bureau.identity import identify
from budgetcheck.readers import read_workbook
from budgetcheck.readers.workbook import Grid, open_workbook

from .conftest import REFERENCE


def _sheet(name: str, *rows: list) -> Grid:
    return Grid(name=name, rows=[list(r) for r in rows])


def test_reference_identity():
    book = open_workbook(str(REFERENCE))
    who = identify(book.grids, read_workbook(book))
    assert (who.unit_code, who.unit_name, who.year) == ("307002", "上饶市医疗保障服务中心", 2024)
    assert who.key == "307002"


def test_unit_line_and_title_without_a_three_public_table():
    grids = [_sheet("1", ["某县教育局2025年部门收支总表", ""], ["填报单位：某县教育局  单位：万元", ""],
                    ["项目", "金额"]),
             _sheet("2", ["项目绩效目标表（2025年度）", ""], ["编制单位:某县教育局", ""], ["a", "b"])]
    who = identify(grids)
    assert (who.unit_code, who.unit_name, who.year) == (None, "某县教育局", 2025)
    assert who.key == "某县教育局"


def test_contradictions_stay_unknown():
    grids = [_sheet("1", ["甲单位2024年部门收支总表"], ["填报单位：甲单位"]),
             _sheet("2", ["乙单位2025年部门收入总表"], ["填报单位：乙单位"])]
    who = identify(grids)
    assert (who.unit_code, who.unit_name, who.year) == (None, None, None)
    assert who.key is None


def test_nothing_stated():
    who = identify([_sheet("Sheet1", ["项目", "金额"], ["合计", 1])])
    assert (who.unit_code, who.unit_name, who.year, who.key) == (None, None, None, None)


def test_validate_imports_no_bureau_dependency():
    import subprocess
    import sys

    code = ("import sys\nfrom budgetcheck.cli import main\n"
            "try:\n    main(['validate', sys.argv[1]])\nexcept SystemExit:\n    pass\n"
            "heavy = {'sqlalchemy', 'alembic', 'distributed', 'dask', 'matplotlib', 'psycopg'}\n"
            "print(sorted(heavy & {m.split('.')[0] for m in sys.modules}))")
    proc = subprocess.run([sys.executable, "-c", code, str(REFERENCE)], capture_output=True,
                          text=True, timeout=120)
    assert proc.stdout.strip().splitlines()[-1] == "[]", proc.stdout + proc.stderr

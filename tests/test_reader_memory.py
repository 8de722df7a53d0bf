"""The readers remember answers between workbooks (figures, texts, codes, title and label
matches, header blocks, a header's columns): a workbook read after others must be read exactly
as it is read first, whatever came before it."""

from __future__ import annotations

from pathlib import Path

from budgetcheck.readers import forget, read_submission
from budgetcheck.readers.header import _block, block
from budgetcheck.readers.workbook import Grid
from budgetcheck.synth.compose import compose

SEEDS = range(24)


def test_a_workbook_reads_the_same_after_others(tmp_path: Path) -> None:
    paths = [str(compose(seed).save(tmp_path / f"c{seed}.xlsx")) for seed in SEEDS]
    fresh = {}
    for path in paths:
        forget()
        fresh[path] = repr(read_submission(path))
    forget()
    for order in (paths, paths[::-1], paths):
        for path in order:
            assert repr(read_submission(path)) == fresh[path], path


def _header(after: list[object], first: list[object] | None = None, height_after: int = 1) -> Grid:
    rows: list[list[object]] = [first or ["功能分类科目编码", "科目名称", "合计", "基本支出"],
                                ["", "", "", ""], after]
    rows += [["2010101", "行政运行", "1.00", "2.00"] for _ in range(height_after - 1)]
    return Grid("表", rows)


def test_a_header_block_is_not_taken_for_another() -> None:
    """Blocks with the same rows that end differently, or with rows equal but for their types or
    their merged ranges, each read as if first."""
    grids = [
        _header(["栏次", "", "1", "2"], height_after=3),  # a column-number row ends it
        _header(["2010101", "行政运行", "1.00", "2.00"], height_after=3),  # a row of figures
        _header(["", "", "其中", "小计"], height_after=3),  # one more header row
        _header(["", "", "其中", "小计"]),  # ... at the end of the sheet
        _header(["", "", True, "小计"]),
        _header(["", "", 1.0, "小计"]),
        _header(["", "", 1.0, "小计"], first=["功能分类科目编码", "科目名称", "合计", True]),
        _header(["", "", 1.0, "小计"], first=["功能分类科目编码", "科目名称", "合计", 1.0]),
    ]
    merged = _header(["", "", "其中", "小计"], height_after=3)  # the rows of grids[2], merged
    merged.merged = [((0, 2), (0, 3))]
    above = []  # a merged range reaching into the header from above: its text is not in the rows
    for text in ("上年结转", "本年收入"):
        above.append(Grid("表", [[text, "", "", ""]] + _header(["", "", "其中", "小计"], height_after=3).rows))
        above[-1].merged = [((0, 0), (1, 0))]
    cases = [(g, 0) for g in grids + [merged]] + [(g, 1) for g in above]
    expected = [_block(Grid(g.name, g.rows, g.merged), start, None, max(map(len, g.rows)))[0]
                for g, start in cases]
    for _ in range(2):
        for (grid, start), want in zip(cases + cases[::-1], expected + expected[::-1], strict=True):
            assert block(Grid(grid.name, grid.rows, grid.merged), start) == want


def test_a_memory_is_bounded_and_forgotten_all_at_once():
    from budgetcheck.readers.memo import Memo, forget_all, once_per

    memo = Memo(2)
    memo.remember("a", 1)
    memo.remember("b", 2)
    assert memo.remember("c", 3) == 3 and dict(memo) == {"c": 3}  # full: forgotten, then kept
    built: list[object] = []
    owner, other = object(), object()
    store = Memo(4)
    first = once_per(store, (owner,), lambda: built.append(owner) or "x")
    assert once_per(store, (owner,), lambda: built.append(owner) or "y") == first == "x"
    assert once_per(store, (other,), lambda: built.append(other) or "z") == "z"
    assert built == [owner, other]
    forget_all()
    assert not memo and not store

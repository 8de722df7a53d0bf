"""Named layouts: the ways real submissions differ in sheet names, placement, headers, code
printing, amount formatting and sheet order. The renderer reads only these switches.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .data import CHINESE_NUMERALS


@dataclass(frozen=True, slots=True)
class Layout:
    name: str
    description: str
    sheet_naming: Literal["numbered", "chinese", "plain", "named"] = "numbered"
    origin: tuple[int, int] = (0, 0)  # 0-based row and column of the title cell
    column_numbers: Literal["none", "stars", "lanci"] = "stars"
    group_code: Literal["short", "full"] = "short"  # how a 款 row prints its code
    item_code: Literal["short", "full"] = "full"  # how a 项 row prints its code
    split_code: bool = False  # code over separate 类 | 款 | 项 columns
    repeat_parents: bool = False  # split code: repeat 类/款 on child rows
    amount_style: Literal["number", "text"] = "number"
    zero_style: Literal["blank", "zero", "dash"] = "blank"
    shuffled: bool = False
    cover: bool = True
    sangong_grouped: bool = False  # 公务用车购置及运行维护费{小计, 购置费, 运行维护费}
    three_row_header: bool = False  # an extra 预算数 group above every value header
    project_carryover_line: bool = False  # table 10 lists 上年结转 apart from 其他资金
    title_prefix: str = "单位"

    def sheet_name(self, table: int, position: int) -> str:
        """Name of the sheet holding ``table`` when it is the ``position``-th (1-based)."""
        if self.sheet_naming == "plain":
            return f"Sheet{position}"
        if self.sheet_naming == "chinese":
            return f"表{CHINESE_NUMERALS[table - 1]}"
        if self.sheet_naming == "named":
            return NAMED_SHEETS[table].replace("部门", self.title_prefix)
        return f"{table} {NUMBERED_SHEETS[table]}"


NUMBERED_SHEETS: dict[int, str] = {
    1: "收支总表", 2: "收入总表", 3: "支出总表", 4: "财政拨款收支总表", 5: "一般公共预算支出表",
    6: "一般公共预算基本支出表", 7: "三公经费支出表", 8: "政府性基金预算支出表",
    9: "国有资本经营预算支出表", 10: "项目绩效目标表", 11: "机构人员情况表",
}

NAMED_SHEETS: dict[int, str] = {
    1: "部门收支总表", 2: "部门收入总表", 3: "部门支出总表", 4: "财政拨款收支总表",
    5: "一般公共预算支出", 6: "一般公共预算基本支出", 7: "三公经费", 8: "政府性基金支出",
    9: "国有资本经营支出", 10: "绩效目标", 11: "机构人员",
}

LAYOUTS: dict[str, Layout] = {
    layout.name: layout
    for layout in (
        Layout(
            "standard",
            "Like the reference workbook: cover, '1 收支总表' sheet names, tables at A1, "
            "2-row headers, '**' column numbers, 款 printed as its last two digits, "
            "numeric amounts, zero left blank, two separate 公务用车 columns.",
        ),
        Layout(
            "chinese_text",
            "Sheets 表一..表十一 at B3, no cover, 3-row merged headers, 栏次 row, full 5-digit "
            "款, amounts as text with thousands separators and stray spaces, zero as '-', "
            "grouped 公务用车购置及运行维护费.",
            sheet_naming="chinese", origin=(2, 1), column_numbers="lanci", group_code="full",
            amount_style="text", zero_style="dash", cover=False, sangong_grouped=True,
            three_row_header=True,
        ),
        Layout(
            "split_code",
            "Sheets Sheet1..Sheet11 in shuffled order at C2, no cover, code split into "
            "类 | 款 | 项 columns with parents left blank, no column-number row, numeric "
            "amounts with zero written as 0, table 10 lists 上年结转 apart.",
            sheet_naming="plain", origin=(1, 2), column_numbers="none", split_code=True,
            zero_style="zero", shuffled=True, cover=False, project_carryover_line=True,
        ),
        Layout(
            "department",
            "部门-style sheet names and titles, shuffled sheets after a cover, 3-row headers, "
            "both 款 and 项 printed short ('15', '01'), numeric amounts with zero as 0, "
            "grouped 公务用车 columns, '**' column numbers.",
            sheet_naming="named", group_code="short", item_code="short", zero_style="zero",
            shuffled=True, sangong_grouped=True, three_row_header=True, title_prefix="部门",
        ),
        Layout(
            "split_text",
            "Sheets '1 收支总表'.. at B2, code split into 类 | 款 | 项 with parents repeated on "
            "every row, amounts as text ('1,086.56', ' 876.74 '), zero blank, 栏次 row, "
            "table 10 lists 上年结转 apart, cover first.",
            origin=(1, 1), column_numbers="lanci", split_code=True, repeat_parents=True,
            amount_style="text", project_carryover_line=True,
        ),
    )
}

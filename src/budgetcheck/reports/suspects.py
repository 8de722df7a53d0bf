"""Wording of the diagnosis (engine/diagnose.py) for every report: the heading "最可能的错误单元格",
one line per suspect cell ("单元格 C20 现为 4.32，按 BAS-001、BAS-002 应为 4.59"), and the two
sides of a failed relation named for what they are ("合计 4.32，各项之和 4.59"), so that no value
is called "应为" for a cell it does not belong to."""

from __future__ import annotations

from ..contracts.rules import RuleSpec
from ..engine.diagnose import Diagnosis, Suspect
from ..model import Finding

HEADING = {"zh": "最可能的错误单元格", "en": "Most likely wrong cells"}
TOO_MANY = {"zh": "不一致之处过多（超过 3 个单元格），无法定位到具体单元格",
            "en": "too many inconsistencies to localise (more than 3 cells)"}
PATTERNS = {
    "zh": {"transposition": "疑为两位数字颠倒", "shift": "疑为小数点错位", "sign": "疑为正负号错误",
           "copy": "与相邻单元格相同，疑为误抄", "other": ""},
    "en": {"transposition": "two digits swapped?", "shift": "decimal point shifted?", "sign": "sign lost?",
           "copy": "same as the neighbouring cell: copied?", "other": ""},
}
_SUM_FAMILIES = {"sum", "row_sum", "tree_sum", "rows_total", "targets_funding", "targets_cost_sum"}
_PAIR_FAMILIES = {"equal_pairs", "equal_matched"}
_LIMIT_FAMILIES = {"not_above", "subset_not_above", "not_above_total"}


def suspect_line(suspect: Suspect, lang: str = "zh") -> str:
    """单元格 'sheet'!C20 现为 4.32，按 BAS-001、BAS-002 应为 4.59（疑为两位数字颠倒；置信度 0.95）."""
    note = PATTERNS[lang][suspect.pattern]
    if lang == "zh":
        rules = "、".join(suspect.explains)
        text = f"单元格 {suspect.cell} 现为 {suspect.value}，按 {rules} 应为 {suspect.suggested}"
        extra = [note] if note else []
        extra.append(f"置信度 {suspect.confidence:.2f}")
        extra += note_parts(suspect, lang)
        return f"{text}（{'；'.join(extra)}）"
    rules = ", ".join(suspect.explains)
    text = f"cell {suspect.cell} is {suspect.value}; by {rules} it should be {suspect.suggested}"
    extra = [note] if note else []
    extra.append(f"confidence {suspect.confidence:.2f}")
    extra += note_parts(suspect, lang)
    return f"{text} ({'; '.join(extra)})"


def note_parts(suspect: Suspect, lang: str = "zh") -> list[str]:
    """"this cell or that one" for equally good explanations; "alternative" for a lesser one."""
    parts = []
    if suspect.one_of:
        others = ("、" if lang == "zh" else ", ").join(c for c in suspect.one_of if c != suspect.cell)
        parts.append(f"此格与 {others} 中有一处有误，无法区分" if lang == "zh"
                      else f"this cell or {others} is wrong: cannot tell which")
    if suspect.alternative:
        parts.append("备选解释，可能性较低" if lang == "zh" else "a less likely alternative")
    return parts


COLUMNS = {"zh": ["单元格", "现为", "应为", "依据规则", "疑似", "置信度"],
           "en": ["Cell", "Now", "Should be", "By rules", "Looks like", "Confidence"]}


def suspect_row(suspect: Suspect, lang: str = "zh") -> list[str]:
    """The suspect as table cells under ``COLUMNS``."""
    note = [PATTERNS[lang][suspect.pattern]] if suspect.pattern != "other" else []
    join = "；" if lang == "zh" else "; "
    return [suspect.cell, suspect.value, suspect.suggested, ("、" if lang == "zh" else ", ").join(suspect.explains),
            join.join(note + note_parts(suspect, lang)), f"{suspect.confidence:.2f}"]


def diagnosis_lines(diagnosis: Diagnosis | None, lang: str = "zh") -> list[str]:
    """The heading and a line per suspect; the too-many notice; nothing when nothing failed."""
    if diagnosis is None or diagnosis.status == "none":
        return []
    if diagnosis.status == "too_many" or not diagnosis.suspects:
        return [f"{HEADING[lang]}：{TOO_MANY[lang]}" if lang == "zh" else f"{HEADING[lang]}: {TOO_MANY[lang]}"]
    return [HEADING[lang] + ("：" if lang == "zh" else ":"), *(suspect_line(s, lang) for s in diagnosis.suspects)]


def sides(finding: Finding, rule: RuleSpec | None, lang: str = "zh") -> tuple[str, str]:
    """What the finding's expected and actual values are: the two sides of its relation."""
    family = rule.family if rule else ""
    zh = lang == "zh"
    args = finding.args
    if family in _SUM_FAMILIES:
        return ("合计", "各项之和") if zh else ("total", "sum of parts")
    if family == "equal":
        return str(args.get("left_label") or ("左" if zh else "left")), str(args.get("right_label") or ("右" if zh else "right"))
    if family in _PAIR_FAMILIES:
        other = args.get("other_no", "")
        return ("本表", f"表{other}") if zh else ("this table", f"table {other}")
    if family in _LIMIT_FAMILIES:
        return ("上限", "本项") if zh else ("limit", "this line")
    return ("应为", "实为") if zh else ("expected", "actual")


def sides_text(finding: Finding, rule: RuleSpec | None, lang: str = "zh") -> str:
    """"合计 4.32，各项之和 4.59" (or "total 4.32, sum of parts 4.59")."""
    left, right = sides(finding, rule, lang)
    if lang == "zh":
        return f"{left} {finding.expected}，{right} {finding.actual}"
    return f"{left} {finding.expected}, {right} {finding.actual}"

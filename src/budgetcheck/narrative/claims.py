"""Claims: the figures a narrative states, each with the quantity it restates.

A sentence is read as a run of figures ("number + unit"). The text between two figures says
what the second one is: a new quantity ("基本支出 743.05万元"), its change against last year
("较上年预算安排减少 72.8万元"), the percentage of that change ("下降 71.27%"), last year's
value ("比上年的 368.06万元"), a 决算 figure after a 预算 one, or a completion rate. Which
quantity a name means depends on the section (收入 / 支出 / 财政拨款 …) and on the split being
listed (按支出项目类别 / 功能科目 / 经济分类划分, and within 基本支出 or 项目支出).
A figure whose subject we cannot place is counted as unread, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal

from ..amounts import Amount, half_unit
from .document import Document, Sentence, after_number
from .enumerations import lists, read_enumerations
from .vocabulary import load_lexicon, lookup

# A figure: the number (thousands separators already removed by the reader) and its unit.
# A comparison sign before it (≥90%, ≤50万元) makes it a target value, not a claim; a trailing
# 以上/以下 makes it a threshold ("单位价值200万元以上大型设备").
FIGURE = re.compile(
    r"(?P<sign>[≥≤<>=＜＞])?(?P<num>-?\d+(?:\.\d+)?)(?P<unit>亿元|万元|元|万|%|人)(?P<bound>以上|以下|以内)?"
)
# Text before a change figure: "，较上年预算安排减少", "比2023年预算减少", "，比上年增",
# "，与上年相比，收入增加".
CHANGE_PRE = re.compile(
    r"(?:(?:较|比|同比)[^，；。]*?|与[^，；。]{1,12}相比，?[^，；。]{0,12}?)(?P<word>增加|减少|增长|下降|上升|降低|增|减)了?(?:为)?"
    r"(?P<two_way>（(?:增加|减少|增长|下降|增|减)）)?$"
)
# A comparison with the budget, not with last year ("与年初预算相比，减少", "比预算数增加").
AGAINST_BUDGET = re.compile(r"^(?:(?!上年|上一年|去年|\d{4}年).)*预算")
# The same direction word alone, after a stated last-year value ("比上年368.06万元减少").
WORD_ONLY = re.compile(r"^(?P<word>增加|减少|增长|下降|上升|降低|增|减)了?"
                       r"(?P<two_way>（(?:增加|减少|增长|下降|增|减)）)?$")
# Text before a percentage of change: "，下降", "，增长", "同比增长", "，增长（下降）", "，（下降）".
PCT_PRE = re.compile(r"(?:(?P<word>增长|下降|上升|降低|增加|减少|增|减)了?)?"
                     r"(?P<two_way>（(?:增长|下降|增加|减少|增|减)）)?(?:幅度为|比例为)?$")
# Text before a share: "，占支出预算总额的", "，占".
SHARE_PRE = re.compile(r"占[^，；。%]{0,24}$")
# Text before a last-year figure: "，比上年预算", "较2023年的".
BASE_PRE = re.compile(r"(?:较|比)(?:上年|上一年|\d{4}年)[^，；。增减]*$")
# Text before a completion rate: "，完成年初预算的", "预算执行率为".
RATE_PRE = re.compile(r"(?:完成[^，；。]*|执行率[^，；。]*)$")
# An unchanged quantity: "与上年安排保持一致", "与上年持平".
UNCHANGED = re.compile(r"与上年[^，；。]*?(?:保持一致|持平|相同)|无变化|无增减")
COMPARE = re.compile(r"决算数?(?P<word>大于|小于|等于|持平于?)(?:年初)?预算数?")
SPLIT_MODE = [
    (re.compile(r"按(?:支出)?项目类别|按支出类别"), "category"),
    (re.compile(r"按(?:支出)?功能(?:科目|分类)"), "function"),
    (re.compile(r"按(?:支出)?经济(?:科目|分类)"), "economic"),
]
# 财政拨款 holds 一般公共预算, 政府性基金 and 国有资本经营 (拨款): a heading naming one of those
# opens that scope, not the 财政拨款 one (一般公共预算支出 is not 财政拨款支出 when a unit has
# 政府性基金), nor the department's (一般公共预算支出预算情况 is not 支出预算情况)
SECTIONS = [
    ("名词解释", "skip"), ("预算表", "skip"), ("决算表", "skip"), ("三公", "three_public"),
    ("机关运行", "office"), ("政府采购", "procurement"), ("人员情况", "headcount"),
    ("一般公共预算", "general"), ("政府性基金", "other"), ("国有资本", "other"),
    ("财政拨款", "fiscal"), ("收入", "income"), ("支出", "expense"), ("项目", "project"),
    ("国有资产", "assets"),
]
# a whole whose sentence lists its parts in its own scope when the section names none
# (an income whole: its sources; a spending list under a bare heading may mix its splits)
WHOLE_SCOPES = {"income.total": "income", "income.current_total": "income"}
# 收支预算总计 / 收支总预算: the department's 收入总计, which is also its 支出总计
BOTH_TOTALS = re.compile(r"收支(?:预算|决算)?(?:总计|总额)|收支总(?:预算|决算)")
# a sentence naming the side its list is of, under a heading of neither: "收入预算中，…",
# "支出方面，…", "2024年收入包括：…"
SIDE_OPENER = re.compile(r"^(?:\d{4}年度?)?(?:本部门|本单位)?(收入|支出)(?:预算|决算)?(?:中|方面|包括)")
# the department's income named without a source: "本部门2024年收入预算", "2023年度收入决算"
INCOME_WHOLE = re.compile(r"(?:^|[年度门位])收入(?:预算|决算)(?:数|总数)?(?:为|是)?$")
# 财政拨款 spending named with no more words than its year: "2024年度财政拨款支出 x"
FISCAL_WHOLE = re.compile(r"(?:^|[年度])财政拨款支出$")
# the expense scopes: the department's, 财政拨款's, 一般公共预算 (财政拨款)'s
EXPENSE_SCOPES = ("expense", "fiscal", "general")
# a figure of a part of 财政拨款 other than 一般公共预算: no key of ours holds it
OTHER_FISCAL = re.compile(r"政府性基金|国有资本经营")
MAJOR_HEADING = re.compile(
    r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)"
)
BOUNDARY = re.compile(r"[，；。、：]")
# an approximate figure (约2万元, 近3万元, 超过5万元; 20余万元, 5万元左右, 3万多元) states no amount
APPROX_BEFORE = re.compile(r"(?:约|近|超过|逾|大约)$")
APPROX_AFTER = re.compile(r"余|多|左右")
SECTION_TITLE = re.compile(r"情况|说明")
# a partial list: "主要用于 …", "主要支出科目情况如下：…" (the main items, not all of them)
PARTIAL = re.compile(r"主要用于|主要包括|主要有|主要是|包括但不限于|主要[^，；。]{0,12}如下")
UP_WORDS = ("增加", "增长", "上升", "增")


@dataclass(frozen=True, slots=True)
class Stated:
    """A number as written: its value and decimals (a stated 5 is 5 ± 0.5)."""

    value: Decimal
    decimals: int
    text: str

    def amount(self, exact: bool = False) -> Amount:
        if exact:
            return Amount(self.value, Decimal(0))
        return Amount(self.value, half_unit(self.decimals))


@dataclass(slots=True)
class Claim:
    key: str
    label: str
    value: Stated
    unit: str
    line: int
    sentence: Sentence
    project: str | None = None
    change: Stated | None = None  # signed by its word
    change_word: str | None = None
    pct: Stated | None = None  # signed by its word
    pct_word: str | None = None
    last: Stated | None = None
    budget: Stated | None = None  # final accounts: the 预算数 the value (决算数) compares with
    rate: Stated | None = None
    compare_word: str | None = None
    extra: dict[str, object] = field(default_factory=dict)


@dataclass(slots=True)
class Extraction:
    claims: list[Claim]
    unread: list[tuple[int, str]]  # (line, figure text) we could not place
    kind: str | None = None  # budget | final | None: the text does not say


# 预算 as a final account also writes it: the budget a 决算 is compared with, and the names of
# the budgets (一般公共预算 …) that both kinds of text use
_BUDGET_NAMES = re.compile(r"一般公共预算|政府性基金预算|国有资本经营预算|(?:年初|全年|调整后?的?)预算"
                           r"|预算数|完成[^，；。]{0,8}预算|预算完成|(?:上年|\d{4}年度?)决算")


def document_kind(doc: Document) -> str | None:
    """budget or final (a 决算 text: its 支出总计 holds 年末结转和结余), by which word the
    text uses more once the names both kinds use are set aside; None when neither leads."""
    text = _BUDGET_NAMES.sub("", "".join(s.text for s in doc.sentences))
    final, budget = text.count("决算"), text.count("预算")
    return "final" if final > budget else "budget" if budget > final else None


# claims hold money in 万元: a figure in 元 or 亿元 is scaled, its interval with it
# (12,000元 is 1.2 ± 0.00005万元; 4.4亿元 is 44000 ± 500万元)
WAN_SHIFT = {"元": -4, "亿元": 4}


def stated(num: str, negative: bool = False, unit: str = "万元") -> Stated:
    value = Decimal(num)
    decimals = len(num.split(".", 1)[1]) if "." in num else 0
    shift = WAN_SHIFT.get(unit, 0)
    value, decimals = value.scaleb(shift), decimals - shift
    return Stated(-value if negative else value, decimals, num)


def is_up(word: str) -> bool:
    return word.startswith(UP_WORDS)


@dataclass(slots=True)
class _State:
    scope: str | None = None
    mode: str | None = None
    parent: str | None = None  # "basic" | "project" while listing 其中 of a category
    partial: bool = False  # under "主要用于 …": the items listed are some, not all
    sentence: int = -1  # the sentence being read
    headcount: str | None = None  # establishment | serving: the total its kinds are listed under
    headcount_sentence: int = -1  # the sentence that stated it
    parent_sentence: int = -1  # the sentence that named the parent
    kind: str | None = None  # budget | final, as document_kind judges the text


def _partial_marker(text: str) -> re.Match[str] | None:
    """The first 主要用于 / 主要包括 … that lists figures: one followed by a figure before its
    clause ends (；。). "人员经费 934.56万元，主要包括：基本工资、津贴补贴…；公用经费 100.00万元"
    describes what 人员经费 holds in words: the list of figures it sits in stays complete."""
    for m in PARTIAL.finditer(text):
        end = CLAUSE_END.search(text, m.end())
        if FIGURE.search(text[m.end():end.start() if end else len(text)]):
            return m
    return None


CLAUSE_END = re.compile(r"[；;。]")


def section_of(text: str) -> str | None:
    for word, scope in SECTIONS:
        if word in text:
            return scope
    return None


def _subject(pre: str) -> str:
    parts = [p for p in BOUNDARY.split(pre) if p.strip()]
    return parts[-1] if parts else ""


def classify(subject: str, unit: str, state: _State) -> str | None:
    """The quantity key a subject names in the current context, or None."""
    s = subject
    if unit == "人":
        return _headcount(s, state)
    if "三公" in s or state.scope == "three_public":
        part = lookup(s, load_lexicon().three_public)
        return f"three_public.{part}" if part else None
    if "机关运行" in s:
        return "office_cost"
    if "政府采购" in s or state.scope == "procurement":
        part = lookup(s, load_lexicon().procurement)
        return f"procurement.{part}" if part else None
    totals = re.search(r"总额|合计|总计", s)
    if BOTH_TOTALS.search(s):
        if state.scope in ("fiscal", "general") or re.search(r"财政拨款|一般公共预算", s) \
                or OTHER_FISCAL.search(s):
            return None  # 财政拨款收支总计: 财政拨款's own, with its own carryover
        return "income.total"  # and expense.total beside it (_read_figures)
    if "收入" in s and totals:
        if state.scope in ("fiscal", "general") or re.search(r"财政拨款|一般公共预算", s) \
                or OTHER_FISCAL.search(s):
            return None  # 财政拨款收入总计 holds its own carryover: not the department's total
        # 本年收入合计 is the year's income; 收入总计 adds 年初结转和结余 (上年结转) to it
        return "income.current_total" if "本年" in s else "income.total"
    if state.scope in EXPENSE_SCOPES and "支出" in s and OTHER_FISCAL.search(s):
        return None  # 政府性基金预算财政拨款支出: a part of 财政拨款 we hold no key for
    scope = state.scope
    if scope in EXPENSE_SCOPES and "一般公共预算" in s and "支出" in s:
        scope = "general"  # "一般公共预算财政拨款支出 x" in the 财政拨款 (or 支出) section
    if "支出" in s and totals and "项目资金" not in s:
        if "一般公共预算" in s or scope == "general":
            return "general.total"
        if "财政拨款" in s or scope == "fiscal":
            # a final account's 财政拨款支出总计 adds 年末财政拨款结转和结余 to the year's
            return "fiscal.grand_total" if state.kind == "final" and "总计" in s else "fiscal.total"
        # 本年支出合计 is the year's spending; a final account's 支出总计 adds 年末结转和结余
        return "expense.current_total" if "本年" in s else "expense.total"
    if scope == "income":
        source = lookup(s, load_lexicon().income_sources)
        if source is None and INCOME_WHOLE.search(s):
            # "本部门2024年收入预算 x，其中：…": the whole the sources are listed under (a 收入总计
            # whose carryover is not listed is only at least the sources: either reading is safe)
            return "income.current_total" if "本年" in s else "income.total"
        return f"income.{source}" if source else None
    if scope in EXPENSE_SCOPES:
        key = _expense(s, state, scope)
        if key is None and "支出" in s and (re.search(r"预算|决算", s) or FISCAL_WHOLE.search(s)):
            # "财政拨款支出年初预算为", "支出决算为"; "本年支出决算" is the year's spending
            this_year = scope == "expense" and "本年" in s
            key = "expense.current_total" if this_year else f"{scope}.total"
        return key
    return None


_OTHER_SPENDING = [
    (r"年末结转|结转下年", "carryover_end"), (r"结余分配", "distribution"),
    (r"上缴上级", "upper_remit"), (r"对附属单位补助", "affiliated_subsidy"),
    (r"(?<!非)经营支出", "operating"),
]


def _expense(s: str, state: _State, scope: str) -> str | None:
    if "基本支出" in s:
        state.parent, state.parent_sentence = "basic", state.sentence
        return f"{scope}.basic"
    if "项目支出" in s:
        state.parent, state.parent_sentence = "project", state.sentence
        return f"{scope}.project"
    if "人员经费" in s:
        return f"{scope}.basic.personnel"
    # the rest of a 支出总计: 年末结转和结余 (结转下年), 结余分配; of 本年支出合计: 上缴上级支出,
    # 经营支出, 对附属单位补助支出 (the expenditure table's columns)
    for words, part in _OTHER_SPENDING:
        if re.search(words, s):
            return f"{scope}.{part}"
    if "公用经费" in s:
        return f"{scope}.basic.public"
    econ = lookup(s, load_lexicon().economic_classes)
    func = lookup(s, load_lexicon().function_classes)
    if state.mode == "function" and func:
        return f"{scope}.func.{func}"
    if econ:
        # under 按项目类别划分, or listed in the sentence that named 基本支出 / 项目支出
        # ("基本支出 x，其中：工资福利支出 …"), the classes are that part's
        listed = state.mode == "category" or (
            state.mode is None and state.parent_sentence == state.sentence)
        within = f".{state.parent}" if listed and state.parent else ""
        return f"{scope}{within}.econ.{econ}"
    if func:
        return f"{scope}.func.{func}"
    return None


def _headcount(s: str, state: _State) -> str | None:
    if "离休" in s:
        return "headcount.retired_veteran"
    if "退休" in s:
        return "headcount.retired"
    if "遗属" in s:
        return "headcount.survivors"
    if "编制" in s:
        base = "establishment"
    elif "在职" in s:
        base = "serving"
    elif "实有" in s:
        return "headcount.actual.total"
    elif state.headcount is not None and state.headcount_sentence == state.sentence:
        # "在职人数 24人，其中：行政人员 19人，工勤人员 5人": a kind listed under a total of its
        # sentence is of that total's base
        kind = lookup(s, load_lexicon().headcount_kinds)
        return f"headcount.{state.headcount}.{kind}" if kind else None
    else:
        return None
    kind = lookup(s.replace("编制人数", "").replace("在职人数", ""),
                  load_lexicon().headcount_kinds)
    return f"headcount.{base}.{kind or 'total'}"


def _enumerated(text: str, figures: list[re.Match[str]],
                state: _State) -> tuple[dict[int, str], set[int]]:
    """分别 lists ("基本支出、项目支出分别为 x万元、y万元"): figure start -> the name it pairs with,
    when names and figures pair one to one (narrative.enumerations); and the starts of the
    figures of lists that do not, which are unread rather than given the last name's key."""
    def key(name: str) -> str | None:
        unit = "人" if figures and figures[0]["unit"] == "人" else "万元"
        return classify(name, unit, replace(state))  # a trial: the state is not changed

    paired = {item.figure.start(): item.label
              for enumeration in read_enumerations(text, figures, key, lambda _: None,
                                                   lambda m: not (m["sign"] or m["bound"]
                                                                  or after_number(text, m.start())))
              for item in enumeration.items}
    listed = {m.start() for _, figures_listed in lists(text, figures) for m in figures_listed}
    return paired, listed - paired.keys()


def _read_sentence(sentence: Sentence, state: _State, out: Extraction) -> list[int]:
    """Read a sentence's claims; the positions of the figures it could not place."""
    text = sentence.text
    unread: list[int] = []
    state.sentence = sentence.index
    figures = list(FIGURE.finditer(text))
    paired, unpaired = _enumerated(text, figures, state)
    section = state.scope
    _read_figures(sentence, figures, paired, unpaired, state, out, unread)
    state.scope = section  # a whole's scope lasts to the end of its sentence only
    return unread


def _read_figures(sentence: Sentence, figures: list[re.Match[str]], paired: dict[int, str],
                  unpaired: set[int], state: _State, out: Extraction, unread: list[int]) -> None:
    text = sentence.text
    section = state.scope
    prev_end = 0
    current: Claim | None = None
    for m in figures:
        pre = text[prev_end:m.start()]
        prev_end = m.end()
        if m["sign"] or m["bound"]:
            continue
        if APPROX_BEFORE.search(pre) or APPROX_AFTER.match(text, m.end()) \
                or after_number(text, m.start()):
            # 约2万元, 5万元左右: no stated quantity; "5.6 0万元": a number broken by the line
            # whose start is not certain. Unread, and the list it is in is not whole
            out.unread.append((sentence.line_at(m.start()), m.group(0)))
            unread.append(m.start())
            current = None
            continue
        for pattern, mode in SPLIT_MODE:
            if pattern.search(pre):
                state.mode, state.parent = mode, None
        line = sentence.line_at(m.start())
        printed = m["unit"]
        unit = "万元" if printed in WAN_SHIFT else printed
        if m.start() in paired or m.start() in unpaired:
            key = classify(paired[m.start()], unit, state) if m.start() in paired else None
            if key is None:
                out.unread.append((line, m.group(0)))
                unread.append(m.start())
            else:
                item = Claim(key, paired[m.start()], stated(m["num"], unit=printed), unit, line,
                             sentence)
                item.extra["pos"] = m.start()
                out.claims.append(item)
            current = None  # what follows a list is tied to none of its names
            continue
        if current is not None and _attach(current, pre, m["num"], unit, printed):
            continue
        subject = _subject(pre)
        if current is not None and unit != "%" and "决算" in subject \
                and "预算" in current.label and current.change is None \
                and current.budget is None:
            # final accounts: "年初预算为 X万元，支出决算为 Y万元" — one claim, Y against X
            current.budget, current.value = current.value, stated(m["num"], unit=printed)
            current.extra["actual_line"] = line
            continue
        key = classify(subject, unit, state) if unit != "%" else None
        if key is None:
            out.unread.append((line, m.group(0)))
            unread.append(m.start())
            current = None
            continue
        current = Claim(key, subject, stated(m["num"], unit=printed), unit, line, sentence)
        current.extra["pos"] = m.start()
        out.claims.append(current)
        listed = re.fullmatch(r"headcount\.(establishment|serving)\.total", key)
        if listed and "其中" in text[m.end():]:
            state.headcount, state.headcount_sentence = listed[1], sentence.index
        if key == "income.total" and BOTH_TOTALS.search(subject):
            both = Claim("expense.total", subject, current.value, unit, line, sentence)
            both.extra["pos"] = m.start()
            out.claims.append(both)
            current.extra["both_totals"] = both.extra["both_totals"] = True
        _after(current, text[m.end():])
        if section is None and key in WHOLE_SCOPES:
            # "收入预算总计 x，其中：财政拨款收入 …" under a heading of neither (收支总体情况):
            # the list after a whole splits that whole
            state.scope = WHOLE_SCOPES[key]


def _attach(claim: Claim, pre: str, num: str, unit: str, printed: str) -> bool:
    """Read a figure as part of the claim before it (change, %, last year, rate)."""
    if unit == "%":
        if RATE_PRE.search(pre) and claim.rate is None:
            claim.rate = stated(num)
            return True
        m = PCT_PRE.search(pre)
        if m and m["two_way"] and claim.pct is None:
            claim.extra["unsigned_pct"] = True  # a rate whose direction the form does not say
            return True
        m = m if m and m["word"] else None
        if m and claim.pct is None:
            claim.pct, claim.pct_word = stated(num, not is_up(m["word"])), m["word"]
            return True
        if SHARE_PRE.search(pre) and "share" not in claim.extra:
            claim.extra["share"] = stated(num)  # 占支出总额的 67%: read, checked as a fact
            return True
        return False
    if unit != claim.unit and not (unit in "万元" and claim.unit in "万元"):
        return False
    # the word alone after a stated last-year value or after the rate of the change
    # ("比上年增长 33.28%，增加 590.47万元")
    alone = claim.last is not None or claim.pct is not None or "unsigned_pct" in claim.extra
    m = CHANGE_PRE.search(pre) or (WORD_ONLY.match(pre.strip("，")) if alone else None)
    if m and (claim.change is not None or AGAINST_BUDGET.search(m.group(0))):
        return True  # a second comparison, or one with the budget: read, not the year's change
    if m and claim.change is None and m.groupdict().get("two_way"):
        # 增加（减少） x: a form whose direction is not stated; 0 is no change at all
        if Decimal(num) == 0:
            claim.change, claim.change_word = stated(num, unit=printed), "持平"
        return True
    if m and claim.change is None:
        claim.change, claim.change_word = stated(num, not is_up(m["word"]), printed), m["word"]
        return True
    if BASE_PRE.search(pre) and claim.last is None and claim.change is None:
        claim.last = stated(num, unit=printed)
        return True
    return False


def _after(claim: Claim, rest: str) -> None:
    """Words after a figure, up to the next one: 与上年保持一致, 决算数大于预算数."""
    nxt = FIGURE.search(rest)
    tail = rest[: nxt.start()] if nxt else rest
    if UNCHANGED.search(tail.split("；")[0]):
        claim.change, claim.change_word = Stated(Decimal(0), 0, "0"), "持平"
        claim.extra["unchanged"] = True


def _mixed_split(claims: list[Claim]) -> None:
    """"支出总计 x，其中：工资福利支出 a，商品和服务支出 b；项目支出 c": economic classes (of
    基本支出) and then a category in one list are neither the economic split of the whole nor
    its category split, so the classes are not summed as the whole's split."""
    classes = [c for c in claims if re.fullmatch(r"(?:expense|fiscal|general)\.econ\.\w+", c.key)]
    after = claims[claims.index(classes[0]) + 1:] if classes else []
    if any(c.key.endswith((".basic", ".project")) for c in after):
        for claim in classes:
            claim.extra["incomplete_list"] = True


def extract_claims(doc: Document) -> Extraction:
    """Every claim of a document, and the figures that could not be read."""
    from .projects import ProjectReader, read_targets

    out = Extraction([], [])
    state = _State(kind=document_kind(doc))
    projects = ProjectReader(out)
    for sentence in doc.sentences:
        text = sentence.text
        # a major heading opens a section; inside 名词解释 or the tables only a 第X部分 does
        if MAJOR_HEADING.match(text) and (state.scope != "skip" or text.startswith("第")):
            # an enumerated statement ("（二）公务接待费支出决算 … 万元") opens a section only when
            # the words before its figure are a section's title ("（一）收入预算情况：…"); else
            # it is an item of the section it is in
            figure = FIGURE.search(text)
            words = text[:figure.start()] if figure else text[:40]
            named = section_of(words)
            if figure is None or (named is not None and SECTION_TITLE.search(words)):
                state.scope, state.mode, state.parent = named, None, None
                state.partial = False
                if state.scope == "project":
                    projects.start(sentence)
                if figure is None:
                    continue
        if state.scope in ("skip", "assets", "other"):
            continue
        if state.scope == "project":
            projects.sentence(sentence)
            continue
        # a sum is not checkable over a list that is partial ("主要用于 …": from the marker on,
        # and in the rest of the section) or holds figures we could not read
        if any(pattern.search(text[:12]) for pattern, _ in SPLIT_MODE):
            state.partial = False  # a sentence opening another split lists that split whole
        marker = _partial_marker(text)
        cut = 0 if state.partial else (marker.start() if marker else len(text))
        state.partial = state.partial or marker is not None
        first = len(out.claims)
        side = SIDE_OPENER.match(text) if state.scope is None else None
        if side:
            state.scope = "income" if side[1] == "收入" else "expense"
        unread_at = _read_sentence(sentence, state, out)
        if side:
            state.scope = None  # the sentence's side, not the section's
        lost = any(pos < cut for pos in unread_at)  # among the figures before the marker
        _mixed_split(out.claims[first:])
        outside = load_lexicon().outside_establishment
        for claim in out.claims[first:]:
            if lost or int(claim.extra.get("pos", 0)) >= cut:  # type: ignore[call-overload]
                claim.extra["incomplete_list"] = True
            if claim.unit == "人" and outside is not None and outside.search(text):
                # 在职 28人，其中在编 25人、编外聘用 3人: the count holds staff outside the
                # establishment, so it is not the establishment's counterpart
                claim.extra["outside_establishment"] = True
        # a compare word ("决算数大于预算数") belongs to the last claim with a budget
        cmp = COMPARE.search(sentence.text)
        if cmp:
            for claim in reversed(out.claims):
                if claim.budget is not None and claim.sentence is sentence:
                    claim.compare_word = cmp["word"]
                    break
    out.claims.extend(read_targets(doc))
    # 收支总预算 names 收入总计 and 支出总计 only where the text names neither on its own:
    # a 支出预算总额 stated apart from it is the one its parts and the income are checked with
    out.claims.sort(key=lambda c: bool(c.extra.get("both_totals")))
    out.kind = state.kind
    return out

"""Facts: what each sentence of a narrative states, with every role explicit.

A sentence is read as statements ("chains"): a subject and its figure, then what the sentence
says about that figure — its change against a base (上年 / 预算), the rate of that change, its
completion rate or share, and its budget or last-year value when stated. Each figure becomes a
``Fact``: subject (a path of the vocabulary in checks/tables.yaml, or the words that name it),
period (this year, last year, 年初预算, 调整预算), measure (amount, change, growth, share,
completion, count), base (what a change or rate is measured against), value with its unit and
published decimals, and location (line, sentence).

Precision comes first: a figure whose role is not certain (an approximate 约/余 figure, a
threshold, a reason clause, percentage points, a flattened table cell, words that are too long to
be a name) is counted as unread, never guessed into a fact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from .document import Document, Sentence, after_number
from .enumerations import Item, read_enumerations
from .vocabulary import Vocabulary, load_vocabulary

# number + unit; a sign or qualifier before it and 余/多 after the number make it approximate
FIGURE = re.compile(
    r"(?P<pre>约|近|超过|超|逾|≥|≤|<|>|=|＜|＞)?"
    r"(?P<num>\d+(?:\.\d+)?)(?P<approx>多|余)?"
    r"(?P<unit>亿元|万元|元|亿|万(?!人)|%|人次|人|辆|个|批次|次)"
    r"(?P<after>余|多|左右|以上|以下|以内|百分点)?"
)
MONEY = {"元": Decimal(1), "万元": Decimal(10000), "万": Decimal(10000),
         "亿元": Decimal(10) ** 8, "亿": Decimal(10) ** 8}
COUNTS = ("人次", "人", "辆", "个", "批次", "次")
APPROX_PRE = ("约", "近", "超过", "超", "逾")
# a target or threshold, not a stated quantity (≥90%, =1次, 200万元以上)
THRESHOLD = re.compile(r"^[≥≤<>=＜＞]|(?:以上|以下|以内)$")
BOUNDARY = re.compile(r"[，；。、：！？]")
UP = ("增加", "增长", "上升", "增收", "增支", "超支", "增", "多", "提高", "上涨")
DOWN = ("减少", "下降", "降低", "减收", "减支", "节约", "节支", "减", "少", "下滑", "回落", "降")
_DIR = "|".join(sorted(UP + DOWN, key=len, reverse=True))
# a comparison: 较/比 <base>, 与 <base> 相比, 同比, 比较 (captures the base words); the 比 of
# 同比 is no comparison of its own ("同比减少": not 比 <减> 少)
MARKER = re.compile(
    r"(?:与|同|和)(?P<base1>[^，；。]{1,16}?)(?:相比|比较|对比)，?(?P<subj>[^，；。]*?)(?:" + _DIR + r")"
    r"|(?<!同)(?:较|比)(?P<base2>[^，；。较比]{1,16}?)(?:" + _DIR + r")")
SAME_YEAR = re.compile(r"同比")
# an unfilled or two-way form: 增加（减少）, 增长（下降）, （下降）
TWO_WAY = re.compile(r"（(?:" + _DIR + r")）|(?:" + _DIR + r")（")
CHANGE_TAIL = re.compile(r"(?P<dir>" + _DIR + r")了?(?:（(?:" + _DIR + r")）)?(?:支出|资金|经费)?(?:为|了)?$")
GROWTH_TAIL = re.compile(
    r"(?:（(?:" + _DIR + r")）(?:幅度|比例|比率)?(?:为|达到?|约)?"  # （下降）0.3%: two-way
    r"|(?P<dir>" + _DIR + r")了?(?:（(?:" + _DIR + r")）)?(?:幅度|比例|比率)?(?:为|达到?|约)?"
    r"|(?P<word>增幅|降幅|减幅|涨幅|增长率|下降率)(?:为|达到?)?)$")
COMPLETION_TAIL = re.compile(
    r"(?:(?:完成|执行|达到|为|占|是)了?(?P<base>(?:年初|全年|调整后?的?|变动)?(?:预算|计划|任务)数?)的?"
    r"|(?:完成率|执行率|完成进度|预算执行率)(?:为|达到?)?)$")
BUDGET_WORDS = re.compile(r"(?:年初|全年|调整后?的?|变动)?(?:预算|计划|任务)数?")
SHARE_TAIL = re.compile(r"占(?P<whole>[^，；。%]{0,24}?)的?(?:比重|比例|份额|比)?(?:为|达到?|是)?$")
EXPLICIT_BASE = re.compile(
    r"(?:较|比)(?P<base>(?:上年|去年|上年度|上一年|\d{4}年度?)(?:同期)?的?(?:决算数?|预算数?|实际数|执行数)?"
    r"|(?:年初|全年|调整后?的?)?预算数?)(?:为)?$")
BUDGET_VALUE = re.compile(r"(?:完成|占|为|达到)了?(?P<base>(?:年初|全年|调整后?的?|变动)?(?:预算|计划|任务)数?)(?:的)?$")
UNCHANGED = re.compile(r"(?:与|和|同)(?P<base>[^，；。]{0,12}?)(?:持平|一致|相同|相当)|无增减|无变化")
VERB_TAIL = re.compile(r"(?:累计)?(?:完成|实现|安排|共计|为|是|达到?|约|了|：)+$")
YEAR = re.compile(r"(?<!\d)(20\d\d|19\d\d)年")
# the year a sentence speaks of: one not introduced by a comparison (较2016年, 与上年相比)
CONTEXT_YEAR = re.compile(r"(?<![较比与从至到于])(?<!\d)((?:20|19)\d\d)年(?!.{0,3}相比)")
# (本年 of 本年收入合计 / 本年支出合计 is the name's: the year's own part of 收入总计)
LEAD = re.compile(r"^(?:其中|另外|此外|包括|分别|具体|经比较|经汇总|全年|今年"
                  r"|本年度?(?!(?:收入|支出)(?:合计|总额|总计)))[，：]?")
MAX_LABEL = 28
PERIOD_TAIL = re.compile(r"(?:年初|全年|调整后?的?)(?:预算|决算)数?(?:为|是)?$"
                         r"|(?:预算|决算)(?:数为?|为|是)$")  # not 一般公共预算
# after a name of the vocabulary every period or verb word is the figure's, not the name's
KNOWN_TAIL = re.compile(r"(?:财政拨款)?(?:年初|全年)?(?:预算安排|预算数?|决算数?|安排|支出数?)(?:为|是)?$")
CARRIED = re.compile(r"上年度?结[转余]|以前年度结[转余]")
# a statement's figure of another period, named by the period alone
OTHER_PERIOD = re.compile(r"(?:其中)?(?:年初|全年|调整后?的?|上年度?|去年)?(?:支出)?(?:预算|决算)数?(?:为|是)?")
MINUS = re.compile(r"[-－−]$")
NOTE_TAIL = re.compile(r"（[^（）\d]{1,12}）$")
RATE_NAME = re.compile(r"(?:增幅|降幅|减幅|涨幅)(?:为|达到?|是)?$")
LAST_YEARS = re.compile(r"(?:上年|去年|上一年|上年度)")
# the words that open the list of a statement's parts: "其中：", "包括："
LIST_OPENER = re.compile(r"其中|包括[：，]")


@dataclass(frozen=True, slots=True)
class Number:
    """A number as printed: value, decimals (5 stands for 4.5..5.5) and text."""

    value: Decimal
    decimals: int
    text: str


@dataclass(slots=True)
class Fact:
    subject: str  # a vocabulary path, or "text:<words>" when no vocabulary entry names it
    label: str  # the words as written
    measure: str  # amount | change | growth | share | completion | count
    period: str  # cur | last | budget | adjusted
    number: Number
    unit: str
    sentence: Sentence
    pos: int
    chain: int
    base: str | None = None  # change / growth / completion: what it is measured against
    sign: int | None = 1  # +1 / -1; None when the direction word is two-way (增加（减少）)
    whole: str | None = None  # share: the words naming the whole, when given
    year: int | None = None
    word: str | None = None  # the direction word of a change or growth, as written

    @property
    def known(self) -> bool:
        return not self.subject.startswith("text:")

    @property
    def line(self) -> int:
        return self.sentence.line_at(self.pos)

    @property
    def scale(self) -> Decimal:
        return MONEY.get(self.unit, Decimal(1))

    @property
    def signed(self) -> Decimal:
        return self.number.value * (self.sign or 1)


@dataclass(slots=True)
class Chain:
    """One statement: a subject, its figure and what the sentence says about it."""

    id: int
    subject: str
    label: str
    sentence: Sentence
    year: int | None
    facts: list[Fact] = field(default_factory=list)
    base: str | None = None  # the base of the comparison being made
    context: int | None = None  # the year the text was speaking of (headings, sentence)

    def amount(self, period: str = "cur") -> Fact | None:
        return next((f for f in self.facts if f.measure in ("amount", "count")
                     and f.period == period), None)


@dataclass(slots=True)
class Reading:
    facts: list[Fact]
    chains: list[Chain]
    unread: list[tuple[int, str, int, int]]  # (line, figure as written, sentence index, its start)
    kind: str  # final | budget
    year: int | None


def number(text: str) -> Number:
    decimals = len(text.split(".", 1)[1]) if "." in text else 0
    return Number(Decimal(text), decimals, text)


def direction(word: str) -> int:
    return 1 if word.startswith(UP) and not word.startswith(DOWN) else -1


# last year's figure of the other kind than the document's: a budget compared with last year's
# 决算, final accounts with last year's 预算 (its own kind is plain "last")
OTHER_KIND = {"budget": ("last_final", re.compile(r"决算|实际|执行数")),
              "final": ("last_budget", re.compile(r"预算"))}


def _last(words: str, kind: str | None) -> str:
    other = OTHER_KIND.get(kind or "")
    return other[0] if other and other[1].search(words) else "last"


def base_of(words: str, vocab: Vocabulary, year: int | None,
            kind: str | None = None) -> str | None:
    years = YEAR.findall(words)
    if years and year is not None:
        y = int(years[0])
        if y == year - 1:
            return _last(words, kind)
        if y != year:
            return None
        words = words.replace(f"{y}年", "")
    if LAST_YEARS.match(words):
        # 上年预算 is last year's figure, as 2023年预算 is in a 2024 text
        return _last(words, kind)
    for name, pattern in vocab.bases:
        if pattern.search(words):
            return name
    return None


def period_of(words: str, vocab: Vocabulary, kind: str, year: int | None,
              default: str) -> str | None:
    years = YEAR.findall(words)
    if years and year is not None:
        y = int(years[-1])
        if y == year - 1:
            return "last"
        if y != year:
            return None  # another year: not this document's period, not guessed
    words = CARRIED.sub("", words)  # 上年结转 names a source of this year, not a period
    for name, pattern in vocab.periods:
        if pattern.search(words):
            if name in ("budget", "adjusted") and kind == "budget":
                return "cur"  # in a budget the 预算 is the year's own figure
            if name == "final" and kind == "final":
                return "cur"  # in final accounts the 决算 is the year's own figure
            return name
    return default


def _depth_open(text: str) -> list[int]:
    """For each position, where its innermost open parenthesis is (-1 outside any)."""
    stack: list[int] = []
    out = []
    for i, ch in enumerate(text):
        if ch == "）" and stack:
            stack.pop()
        out.append(stack[-1] if stack else -1)
        if ch == "（":
            stack.append(i)
    return out


def _strip_groups(pre: str) -> str:
    """Parenthesised groups that hold figures are read on their own; drop them from the words."""
    return re.sub(r"（[^（）]*\d[^（）]*）", "", pre)


def _marker_base(m: re.Match[str]) -> str:
    return m["base1"] or m["base2"] or ""


def _same_statement(chain: Chain, subject: str) -> bool:
    """The subject a comparison names is the statement's own: the same path, or words the
    statement's own words hold ("机关运行经费预算 x，与上年相比，机关运行经费增加 y";
    "财政拨款支出决算总额 x，与上年相比，财政拨款支出增加 y")."""
    if chain.subject == subject:
        return True
    return subject.startswith("text:") and subject[5:] in chain.label


def _label(pre: str) -> str:
    head = BOUNDARY.split(pre)[-1] if pre else ""
    head = LEAD.sub("", head.strip())
    return VERB_TAIL.sub("", head).strip()


class _Reader:
    def __init__(self, doc: Document, vocab: Vocabulary) -> None:
        self.doc = doc
        self.vocab = vocab
        text = "".join(s.text for s in doc.sentences)
        self.kind = "final" if "决算" in text else "budget"
        years = [int(y) for y in YEAR.findall(text[:400])]
        self.year = years[0] if years else None
        self.facts: list[Fact] = []
        self.chains: list[Chain] = []
        self.unread: list[tuple[int, str, int, int]] = []
        self.context: int | None = self.year
        self.list_period: str | None = None
        self.list_changes = False  # the sentence's 其中 lists the parts of a change

    def read(self) -> Reading:
        for sentence in self.doc.sentences:
            if "|" in sentence.text:
                for m in FIGURE.finditer(sentence.text):
                    self.unread.append((sentence.line_at(m.start()), m.group(0), sentence.index,
                                        m.start()))
                continue
            self.sentence(sentence)
        return Reading(self.facts, self.chains, self.unread, self.kind, self.year)

    # -- one sentence -------------------------------------------------------------------------
    def sentence(self, s: Sentence) -> None:
        text = s.text
        opens = _depth_open(text)
        last_end: dict[int, int] = {}  # innermost open paren -> end of the last figure in it
        chains: dict[int, Chain | None] = {}
        years = YEAR.findall(text)
        s_year = int(years[0]) if years else None
        own = CONTEXT_YEAR.search(text)
        if own:
            self.context = int(own[1])
        self.list_period = None
        self.list_changes = False
        figures = list(FIGURE.finditer(text))
        enumerated = self.enumerations(s, figures)
        for m in figures:
            group = opens[m.start()]
            start = max(last_end.get(group, group + 1), group + 1)
            last_end[group] = m.end()
            if m.start() in enumerated:
                self.enumerated(s, m, *enumerated[m.start()])
                chains[group] = None  # what follows the list is tied to none of its names
                continue
            pre = _strip_groups(text[start:m.start()])
            chain = chains.get(group)
            if group >= 0 and chain is None:
                chain = self._outer(chains, opens, group)
            fact = self.figure(s, m, pre, chain, s_year)
            if fact is None:
                self.unread.append((s.line_at(m.start()), m.group(0), s.index, m.start()))
                unfilled = Decimal(m["num"]) == 0 and TWO_WAY.search(pre[-10:])
                if m["unit"] not in ("%",) and not unfilled:
                    # what follows cannot be tied to a figure we lost (a form left unfilled,
                    # 增加（减少）0万元, states nothing and loses nothing)
                    chains[group] = None
                continue
            chains[group] = self.chains[fact.chain] if fact.chain >= 0 else chain
        self.unchanged(s)

    def enumerations(self, s: Sentence, figures: list[re.Match[str]]
                     ) -> dict[int, tuple[Item, str]]:
        """"A、B分别为 x万元、y万元": figure start -> (its name, the period of the list), for the
        lists whose names and figures pair one to one (narrative.enumerations)."""
        def vocab_path(words: str) -> str | None:
            label = _label(words)
            if not label or self.vocab.not_a_subject.search(label):
                return None
            return self.vocab.subject_of(label if len(label) <= MAX_LABEL else label[-MAX_LABEL // 2:])

        def subject(words: str) -> str | None:
            label = _label(words)
            return None if self.vocab.not_a_subject.search(label) else self._subject(label)

        def plain(m: re.Match[str]) -> bool:
            return not (m["pre"] or m["approx"] or m["after"] or after_number(s.text, m.start()))

        out: dict[int, tuple[Item, str]] = {}
        for enumeration in read_enumerations(s.text, figures, vocab_path, subject, plain):
            before = [f for c in self.chains if c.sentence is s for f in c.facts
                      if f.measure == "amount"]
            opened = min(before, key=lambda f: f.pos).period if before else "cur"
            period = period_of(enumeration.names, self.vocab, self.kind, self.year, opened)
            if period is not None:
                out.update({item.figure.start(): (item, period) for item in enumeration.items})
        return out

    def enumerated(self, s: Sentence, m: re.Match[str], item: Item, period: str) -> Fact:
        """One name of an enumeration and its figure: a statement of its own."""
        count = m["unit"] in COUNTS
        label = _label(item.label)
        subject = f"count:{label}" if count else item.subject
        tail = PERIOD_TAIL if subject.startswith("text:") else KNOWN_TAIL
        chain = self._new_chain(subject, tail.sub("", label) or label, s, self.year)
        return self._fact(chain, "count" if count else "amount", number(m["num"]), m["unit"], s,
                          m, period=period)

    def unchanged(self, s: Sentence) -> None:
        """"与上年持平": a change of exactly 0 of the statement the words follow."""
        for m in UNCHANGED.finditer(s.text):
            before = [f for f in self.facts if f.sentence is s and f.pos < m.start()
                      and f.measure in ("amount", "change")]
            if not before:
                continue
            last = max(before, key=lambda f: f.pos)
            chain = self.chains[last.chain]
            base = base_of(m["base"] or "上年", self.vocab, chain.year, self.kind)
            if base is None or any(f.measure == "change" and f.base == base
                                   for f in chain.facts):
                continue
            self._fact(chain, "change", Number(Decimal(0), 0, "0"), last.unit, s, m,
                       base=base, word="持平")

    def _outer(self, chains: dict[int, Chain | None], opens: list[int], group: int) -> Chain | None:
        """A figure inside （…） with no statement of its own yet: the one before the group."""
        outer = opens[group]
        return chains.get(outer)

    def _stated_before(self, s: Sentence, subject: str) -> Chain | None:
        """A sentence opening with a comparison ("与2022年度相比，X增加 y") of the statement
        the sentence before states alone ("2023年度X z万元，…"): that statement's change."""
        before = [c for c in self.chains if c.sentence.index == s.index - 1]
        named = [c for c in before if _same_statement(c, subject)]
        if len(named) != 1 or named[0].amount() is None:
            return None
        return named[0]

    def figure(self, s: Sentence, m: re.Match[str], pre: str, chain: Chain | None,
               s_year: int | None) -> Fact | None:
        if m["pre"] or m["approx"] or m["after"] or after_number(s.text, m.start()):
            return None
        words = _label(pre)
        if m["unit"] == "%":
            words = RATE_NAME.sub("", words)  # "增幅为 20%": the rate's own name, not a reason
        if self.vocab.not_a_subject.search(words[-MAX_LABEL // 2:]):
            return None
        unit = m["unit"]
        num = number(m["num"])
        if MINUS.search(pre):
            return self.signed(s, m, MINUS.sub("", pre), chain, num, unit)
        if unit == "%":
            return self.rate(s, m, pre, chain, num)
        return self.quantity(s, m, pre, chain, num, unit, s_year)

    def signed(self, s: Sentence, m: re.Match[str], pre: str, chain: Chain | None,
               num: Number, unit: str) -> Fact | None:
        """A negative figure states a change in a form whose words do not say its direction
        (增加（减少）-2.00万元, 增长（下降）-4.0%): its sign does. Any other negative figure
        is not read (a value, or a word the sign contradicts)."""
        if not TWO_WAY.search(pre[-10:]) or num.value == 0:
            return None
        if unit == "%":
            if not GROWTH_TAIL.search(pre):
                return None
            fact = self.rate(s, m, pre, chain, num)
        else:
            tail = CHANGE_TAIL.search(pre)
            fact = self.change(s, m, pre, chain, num, unit, tail) if tail else None
        if fact is not None:
            fact.sign = -1
        return fact

    def _fact(self, chain: Chain, measure: str, num: Number, unit: str, s: Sentence,
              m: re.Match[str], period: str = "cur", **kw: object) -> Fact:
        fact = Fact(chain.subject, chain.label, measure, period, num, unit, s, m.start(),
                    chain.id, year=chain.year, **kw)  # type: ignore[arg-type]
        chain.facts.append(fact)
        self.facts.append(fact)
        return fact

    def _new_chain(self, subject: str, label: str, s: Sentence, year: int | None) -> Chain:
        chain = Chain(len(self.chains), subject, label, s, year, context=self.context)
        self.chains.append(chain)
        return chain

    def _subject(self, label: str) -> str | None:
        if not label:
            return None
        if len(label) > MAX_LABEL:
            # a long description ending in a name of the vocabulary ("…使用财政拨款安排“三公”
            # 经费支出总额"): the name at its end is the subject; other long words are not read
            return self.vocab.subject_of(label[-MAX_LABEL // 2:])
        path = self.vocab.subject_of(label)
        if path:
            return path
        words = YEAR.sub("", label)
        words = re.sub(r"^(?:度|全[国省市区县镇乡]|本级|[市区县镇乡]本级)+", "", words)
        return f"text:{words}" if len(words) >= 2 else None

    # -- percentages ----------------------------------------------------------------------------
    def rate(self, s: Sentence, m: re.Match[str], pre: str, chain: Chain | None,
             num: Number) -> Fact | None:
        if chain is None:
            return None
        two_way = bool(TWO_WAY.search(pre[-8:]))
        if two_way and num.value == 0:
            return None  # a form left unfilled (增长（下降）0%), not a claim
        c = COMPLETION_TAIL.search(pre)
        if c is None and pre == "的" and chain.facts and chain.facts[-1].measure == "amount" \
                and chain.facts[-1].period in ("budget", "adjusted"):
            # 完成年初预算数 60999万元 的 40.4%
            return self._fact(chain, "completion", num, "%", s, m, base=chain.facts[-1].period)
        if c:
            base = base_of(c["base"] or "预算", self.vocab, chain.year, self.kind) or "budget"
            return self._fact(chain, "completion", num, "%", s, m, base=base)
        sh = SHARE_TAIL.search(pre)
        if sh:
            whole = sh["whole"].strip()
            if BUDGET_WORDS.fullmatch(whole):
                return self._fact(chain, "completion", num, "%", s, m,
                                  base=base_of(whole, self.vocab, chain.year, self.kind) or "budget")
            return self._fact(chain, "share", num, "%", s, m, whole=whole or None)
        g = GROWTH_TAIL.search(pre)
        if g:
            base = self._base_in(pre, chain)
            if base is None:
                return None
            word = g["dir"] or g["word"] or ""
            sign = None if two_way else (direction(word) if g["dir"] else
                                         (1 if word.startswith(("增", "涨")) else -1))
            return self._fact(chain, "growth", num, "%", s, m, base=base, sign=sign, word=word)
        return None

    def _base_in(self, pre: str, chain: Chain) -> str | None:
        """The base a comparison in these words names, else the chain's current one."""
        if SAME_YEAR.search(pre):
            chain.base = "last"
            return "last"
        mk = list(MARKER.finditer(pre))
        if mk:
            base = base_of(_marker_base(mk[-1]), self.vocab, chain.year, self.kind)
            chain.base = base
            return base
        return chain.base

    # -- amounts and counts -----------------------------------------------------------------------
    def quantity(self, s: Sentence, m: re.Match[str], pre: str, chain: Chain | None,
                 num: Number, unit: str, s_year: int | None) -> Fact | None:
        count = unit in COUNTS
        if LIST_OPENER.search(pre):
            # 其中 (包括) opening a sentence lists the parts of the previous sentence's statement
            last = max((f for c in self.chains if c.sentence is s for f in c.facts),
                       key=lambda f: f.pos, default=self.facts[-1] if self.facts else None)
            self.list_changes = last is not None and last.measure in ("change", "growth") \
                and self.chains[last.chain].amount() is None
        # a change: 较上年减少 x, 与上年相比…减少 x, 同比增加 x, or 增收 x after a rate
        tail = CHANGE_TAIL.search(pre)
        if tail and not count:
            return self.change(s, m, pre, chain, num, unit, tail)
        if chain is not None and not count and chain.facts:
            # 完成全年预算（调整预算）x: a note in brackets after the base words names it again
            noted = NOTE_TAIL.sub("", pre)
            eb = EXPLICIT_BASE.search(noted)
            if eb:
                base = base_of(eb["base"], self.vocab, chain.year, self.kind)
                if base is None:
                    return None
                chain.base = base
                return self._fact(chain, "amount", num, unit, s, m, period=base)
            bv = BUDGET_VALUE.search(noted)
            if bv:
                base = base_of(bv["base"], self.vocab, chain.year, self.kind) or "budget"
                return self._fact(chain, "amount", num, unit, s, m, period=base)
        label = _label(pre)
        if chain is not None and self.vocab.generic.match(label or "") and label != "" \
                or (chain is not None and OTHER_PERIOD.fullmatch(label)):
            # "预算为 1万元，支出决算为 0.53万元", "年初预算为 x，全年预算为 y": the same subject,
            # another period; "x万元（上年预算 y万元）": its value of last year, the base of
            # the change that follows
            raw = BOUNDARY.split(pre)[-1]  # with 全年, which the label leaves out
            last = LAST_YEARS.match(label) is not None
            period = base_of(label, self.vocab, chain.year, self.kind) if last else \
                period_of(raw, self.vocab, self.kind, chain.year, "cur")
            if period is None or chain.amount(period) is not None \
                    or (last and (count or chain.amount() is None)):
                return None
            if last:
                chain.base = period
            return self._fact(chain, "count" if count else "amount", num, unit, s, m,
                              period=period)
        subject = self._subject(label)
        if subject is None:
            return None
        words = BOUNDARY.split(pre)[-1]
        # a list item without period words is of the period of what its 其中 lists, else of
        # the period its sentence opened with
        before = [f for c in self.chains if c.sentence is s for f in c.facts
                  if f.measure == "amount"]
        if LIST_OPENER.search(pre) and before:
            # the statement listed is the one last named; its own figure is its figure of the
            # year (a base it is compared with, 较上年的 2190万元, is not what the list splits;
            # nor is the budget before the 决算: 预算数 x，决算数 y，其中：…), else its first
            listed = self.chains[max(before, key=lambda f: f.pos).chain]
            periods = [f.period for f in listed.facts if f.measure == "amount"]
            self.list_period = "cur" if "cur" in periods else periods[0]
        if self.list_changes:
            return None  # an item without its direction word in a list of changes
        opened = self.list_period or (min(before, key=lambda f: f.pos).period if before else "cur")
        period = period_of(words, self.vocab, self.kind, self.year, opened)
        if period is None:
            return None
        if count:
            subject = f"count:{label}"
        # the statement's name, without the period words its first figure carries
        # ("公务接待费年初预算为 5万元，决算为 6万元": the name is 公务接待费)
        tail = PERIOD_TAIL if subject.startswith("text:") else KNOWN_TAIL
        name = tail.sub("", label) or label
        new = self._new_chain(subject, name, s, self.year)
        return self._fact(new, "count" if count else "amount", num, unit, s, m, period=period)

    def change(self, s: Sentence, m: re.Match[str], pre: str, chain: Chain | None,
               num: Number, unit: str, tail: re.Match[str]) -> Fact | None:
        two_way = bool(TWO_WAY.search(pre[-10:]))
        if two_way and num.value == 0:
            return None
        sign = None if two_way else direction(tail["dir"])
        mk = list(MARKER.finditer(pre))
        named = None
        if mk:
            last = mk[-1]
            year = chain.year if chain else (self.year)
            base = base_of(_marker_base(last), self.vocab, year, self.kind)
            if base is None:
                return None
            # words between the comparison and the direction word, or before the comparison,
            # may name the subject ("与2016年相比，公务用车运行费减少")
            inner = _label(last["subj"] or "")
            before = _label(pre[:last.start()])
            named = inner or before
        elif SAME_YEAR.search(pre):
            base = "last"
            named = _label(pre[:pre.rfind("同比")])
        elif chain is not None and chain.base is not None and not _label(pre[:tail.start()]):
            base = chain.base  # 同比增长 9.1%，增收 8300万元
        else:
            return None
        if named and not self.vocab.generic.match(named):
            subject = self._subject(named)
            if subject is None:
                return None
            if chain is None or not _same_statement(chain, subject):
                target = next((c for c in reversed(self.chains)
                               if c.sentence is s and c.subject == subject), None)
                if target is None and chain is None:
                    target = self._stated_before(s, subject)
                if target is None:
                    target = self._new_chain(subject, named, s, chain.year if chain else self.year)
                chain = target
        if chain is None:
            return None
        chain.base = base
        return self._fact(chain, "change", num, unit, s, m, base=base, sign=sign,
                          word=tail["dir"])


def read_facts(doc: Document, vocab: Vocabulary | None = None) -> Reading:
    """Every fact of a document, and the figures that could not be read."""
    return _Reader(doc, vocab or load_vocabulary()).read()


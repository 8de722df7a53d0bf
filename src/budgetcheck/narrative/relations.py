"""Relations over facts, as checks/narrative.yaml declares them.

Each narrative rule with a ``relation`` names its family and the facts it ranges over; the
families are the arithmetic the table rules use, applied to facts read from the text:

- ``sum``: a whole is the sum of its parts (paths of the vocabulary), for amounts or for changes;
- ``growth``: a rate of change is the change divided by its base (value − change, or the stated
  base value);
- ``change``: the value less the stated base value is the stated change;
- ``completion``: a completion rate is the value divided by the budget it names;
- ``share``: a share is the part divided by the whole it names (or, when it names none, its parent
  in the vocabulary, or the listed siblings whose shares add up to 100);
- ``direction``: the word of a change and the word of its rate agree;
- ``twice``: one quantity (same subject, words, period and measure) stated twice agrees.

A relation with ``reader: sections`` ranges over the section reader's claims instead
(statements.py: sum, equal, at_most, compare, pair).

Every figure with d decimals stands for v ± ½·10^-d (a stated 0 is exactly 0 when the rule says
so); a relation fails only when no values inside these intervals satisfy it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..amounts import Amount, fmt, half_unit
from ..model import Finding
from .claims import Claim
from .facts import Chain, Fact, Reading
from .vocabulary import load_vocabulary

HUNDRED = Decimal(100)
INF = Decimal("1e30")


@dataclass(frozen=True, slots=True)
class Relation:
    rule: str
    severity: str
    family: str
    params: dict[str, Any]
    spec: dict[str, Any]


# -- intervals -------------------------------------------------------------------------------------

def interval(fact: Fact, params: dict[str, Any], signed: bool = True) -> Amount:
    """A fact's value as an interval in yuan (or its own unit for rates and counts)."""
    value = fact.signed if signed else fact.number.value
    # a stated 0 amount is nothing at all; a 0.00% rate is a rounded one (0.01 of 941.92)
    if fact.number.value == 0 and params.get("zero_is_exact", True) and fact.unit != "%":
        return Amount(Decimal(0), Decimal(0))
    decimals = max(fact.number.decimals, int(params.get("min_decimals", 0)))
    return Amount(value * fact.scale, half_unit(decimals) * fact.scale)


def span(low: Decimal, high: Decimal) -> Amount:
    return Amount((low + high) / 2, (high - low) / 2)


def add(a: Amount, b: Amount, sign: int = 1) -> Amount:
    return span(a.low + (b.low if sign > 0 else -b.high), a.high + (b.high if sign > 0 else -b.low))


def meets(a: Amount, b: Amount) -> bool:
    return a.low <= b.high and b.low <= a.high


def ratio(num: Amount, den: Amount) -> Amount | None:
    """num ÷ den × 100; None when the denominator may be zero or negative."""
    if den.low <= 0:
        return None
    corners = [n / d * HUNDRED for n in (num.low, num.high) for d in (den.low, den.high)]
    return span(min(corners), max(corners))


def shown(value: Decimal, decimals: int) -> str:
    return fmt(value.quantize(Decimal(1).scaleb(-decimals)))


def in_unit(value: Decimal, fact: Fact) -> str:
    return fmt((value / fact.scale).quantize(Decimal(1).scaleb(-max(fact.number.decimals, 2))))


def truncated(computed: Amount, stated: Fact) -> bool:
    """The stated rate matches when the computed one is cut, not rounded, at its decimals."""
    unit = Decimal(1).scaleb(-stated.number.decimals)
    low, high = abs(stated.number.value), abs(stated.number.value) + unit
    c_low, c_high = abs(computed.low), abs(computed.high)
    c_low, c_high = min(c_low, c_high), max(c_low, c_high)
    return c_low < high and low <= c_high


# -- the document's facts, indexed ------------------------------------------------------------------

class Facts:
    def __init__(self, reading: Reading) -> None:
        self.reading = reading
        self.facts = reading.facts
        self.chains = reading.chains

    def amounts(self, subject: str, period: str = "cur") -> list[Fact]:
        return [f for f in self.facts if f.subject == subject and f.measure == "amount"
                and f.period == period and f.unit not in ("%",)]

    def unique_amount(self, subject: str, period: str = "cur") -> Fact | None:
        """The value of a subject, when the document states exactly one (however often)."""
        found = self.amounts(subject, period)
        if not found or not subject or subject.startswith(("text:", "count:")):
            return None
        values = {f.number.value * f.scale for f in found}
        return found[0] if len(values) == 1 else None

    def value_of(self, chain: Chain, period: str = "cur") -> Fact | None:
        own = chain.amount(period)
        if own is not None and own.measure == "amount":
            return own
        if own is None and not chain.facts[0].measure == "count":
            return self.unique_amount(chain.subject, period)
        return None


def finding(rel: Relation, at: Fact, second: Fact | None, expected: str, actual: str,
            facts: list[Fact], severity: str | None = None, **args: Any) -> Finding:
    """A finding citing both facts it compares, with their sentences and lines."""
    location = {"file": None, "line": at.line, "sentence": at.sentence.text}
    second = second or at
    args.setdefault("subject", at.label)
    args.update(line=at.line, other_line=second.line, other_sentence=second.sentence.text,
                expected=expected, actual=actual,
                numbers=sorted({f.number.text for f in facts}))
    return Finding(rule=rel.rule, severity=severity or rel.severity,  # type: ignore[arg-type]
                   table="narrative", cells=[], expected=expected, actual=actual, args=args,
                   location=location)


# -- families ---------------------------------------------------------------------------------------

def _change_for(chain: Chain, base: str | None, near: Fact) -> Fact | None:
    changes = [f for f in chain.facts if f.measure == "change" and f.base == base]
    if not changes:
        return None
    return min(changes, key=lambda f: abs(f.pos - near.pos))


def growth(rel: Relation, facts: Facts) -> Iterator[Finding]:
    for chain in facts.chains:
        for g in (f for f in chain.facts if f.measure == "growth"):
            yield from _growth_one(rel, facts, chain, g)


def _signed_change(change: Fact, sign: int, p: dict[str, Any]) -> Amount:
    c = interval(change, p, signed=False)
    return c if sign > 0 else Amount(-c.value, c.half_width)


def _growth_one(rel: Relation, facts: Facts, chain: Chain, g: Fact) -> Iterator[Finding]:
    p = rel.params
    base = chain.amount(g.base) if g.base else None
    value = facts.value_of(chain)
    change = _change_for(chain, g.base, g)
    signs = (change.sign,) if change is not None and change.sign else (1, -1)
    options: list[tuple[Amount, Amount, list[Fact]]] = []  # (change, base, facts) to try
    if base is not None and value is not None:
        v, b = interval(value, p), interval(base, p)
        options.append((add(v, b, -1), b, [value, base, g]))
    elif base is not None and change is not None:
        options += [(_signed_change(change, s, p), interval(base, p), [base, change, g])
                    for s in signs]
    elif value is not None and change is not None:
        v = interval(value, p)
        for s in signs:
            c = _signed_change(change, s, p)
            options.append((c, add(v, c, -1), [value, change, g]))
    if not options:
        return
    stated = interval(g, p, signed=False)
    computed = []
    for c, b, used in options:
        r = ratio(c, b)
        if r is None:
            continue  # a zero or negative base: under this reading the rate is undefined
        low, high = sorted((abs(r.low), abs(r.high)))
        mag = span(low, high) if r.low * r.high >= 0 else span(Decimal(0), high)
        if meets(mag, stated):
            return
        computed.append((mag, c, b, used))
    if not computed:
        return  # no reading defines the rate: nothing to check
    mag, c, b, used = computed[0]
    severity = "warning" if truncated(mag, g) else None
    other = next(f for f in used if f is not g)
    yield finding(rel, chain.facts[0], other, f"{shown(mag.value, max(g.number.decimals, 1))}%",
                  f"{g.number.text}%", used, severity=severity,
                  change=in_unit(c.value, other), last=in_unit(b.value, other),
                  truncated=severity is not None)


def change(rel: Relation, facts: Facts) -> Iterator[Finding]:
    p = rel.params
    for chain in facts.chains:
        value = chain.amount("cur")
        for c in (f for f in chain.facts if f.measure == "change" and f.sign is not None):
            base = chain.amount(c.base) if c.base else None
            if value is None or base is None or value.measure != "amount":
                continue
            implied = add(interval(value, p), interval(c, p), -1)
            if not meets(implied, interval(base, p)):
                yield finding(rel, chain.facts[0], base, base.number.text, in_unit(implied.value, base),
                              [value, base, c], change=c.number.text)


def completion(rel: Relation, facts: Facts) -> Iterator[Finding]:
    p = rel.params
    for chain in facts.chains:
        for r in (f for f in chain.facts if f.measure == "completion"):
            value = chain.amount("cur")
            budget = chain.amount(r.base or "budget")
            if value is None or budget is None or value.measure != "amount":
                continue
            computed = ratio(interval(value, p), interval(budget, p))
            if computed is None or meets(computed, interval(r, p, signed=False)):
                continue
            severity = "warning" if truncated(computed, r) else None
            yield finding(rel, chain.facts[0], budget, f"{shown(computed.value, max(r.number.decimals, 1))}%",
                          f"{r.number.text}%", [value, budget, r], severity=severity,
                          budget=budget.number.text, final=value.number.text)


_WHOLE_NOISE = re.compile(r"^(?:全国|全省|全市|全区|全县|全镇|本级|当年|本年|同类产品)")


def _whole_matches(words: str, fact: Fact) -> bool:
    label = re.sub(r"[\"“”]", "", fact.label)
    words = re.sub(r"[\"“”]", "", words)
    return len(words) >= 4 and label.endswith(words)


def share(rel: Relation, facts: Facts) -> Iterator[Finding]:
    p = rel.params
    parents = {part: whole for whole, parts in rel.spec.get("wholes", {}).items()
               for part in parts}
    for chain in facts.chains:
        for s in (f for f in chain.facts if f.measure == "share"):
            part = facts.value_of(chain)
            if part is None:
                continue
            wholes: list[list[Fact]] = []  # the readings of the whole: a finding when none holds
            if s.whole:
                known = load_vocabulary().subject_of(s.whole)
                if known is not None:
                    named = facts.unique_amount(known)
                    wholes = [[named]] if named is not None else []
                else:
                    found = [f for f in facts.facts if f.measure == "amount"
                             and f.period == "cur" and f.chain != chain.id
                             and _whole_matches(s.whole, f)]
                    if len({f.number.value * f.scale for f in found}) == 1:
                        wholes = [[found[0]]]
            else:
                parent = parents.get(chain.subject)
                found_parent = facts.unique_amount(parent) if parent else None
                if found_parent is not None:
                    wholes = [[found_parent]]
                else:
                    # the statement the sentence lists the parts of, and the listed parts
                    # themselves when their shares add up to 100
                    opened = _listed_under(facts, chain)
                    group = _share_group(facts, chain, s, p)
                    wholes = [w for w in ([opened] if opened else [], group or []) if w]
            if not wholes:
                continue
            computed: Amount | None = None
            for whole in wholes:
                total = interval(whole[0], p)
                for w in whole[1:]:
                    total = add(total, interval(w, p))
                got = ratio(interval(part, p), total)
                if got is None or meets(got, interval(s, p, signed=False)):
                    break
                computed = computed or got
            else:
                if computed is None:
                    continue
                whole = wholes[0]
                severity = "warning" if truncated(computed, s) else None
                yield finding(rel, s, whole[0], f"{shown(computed.value, max(s.number.decimals, 1))}%",
                              f"{s.number.text}%", [part, s, *whole], severity=severity,
                              whole="+".join(w.number.text for w in whole))


# the words after a statement that open the list of its parts
_LIST_WORDS = re.compile(r"其中|主要用于|包括|：")
_OPENS_LIST = re.compile(r"其中[：，]?")


def _listed_under(facts: Facts, chain: Chain) -> Fact | None:
    """A share naming no whole, of a part listed after the statement its sentence opens with
    ("本年收入合计 x，其中：财政拨款收入 a，占 91.1%"): that statement is the whole."""
    own = [f for f in facts.facts if f.sentence is chain.sentence]
    if not chain.facts:
        return None
    # every statement listed before this one is a sibling with its share: a list of parts
    # without shares in between (基本支出 a，项目支出 b，主要用于：X c，占 …) may have split the
    # whole, and the share may be of one of them
    start = chain.facts[0].pos
    if any(f.measure == "amount" and not _has_share(facts.chains[f.chain]) for f in own
           if f.pos < start and f.chain != chain.id and f is not min(own, key=lambda g: g.pos)):
        return None
    if _OPENS_LIST.match(chain.sentence.text):
        # "X x万元。其中：A a万元，占 …": the statement the sentence before states alone
        before = [f for f in facts.facts if f.sentence.index == chain.sentence.index - 1]
        stated = [f for f in before if f.measure == "amount"]
        if len({f.chain for f in before}) == 1 and len(stated) == 1 \
                and stated[0].period == "cur":
            return stated[0]
        return None
    first = min(own, key=lambda f: f.pos, default=None)
    if first is None or first.chain == chain.id or first.measure != "amount" \
            or first.period != "cur" or not chain.facts:
        return None
    opener = facts.chains[first.chain]
    if any(f.measure == "share" for f in opener.facts):
        return None  # the opening statement is a part with its own share, not the whole
    between = chain.sentence.text[first.pos:chain.facts[0].pos]
    return first if _LIST_WORDS.search(between) else None


def _has_share(chain: Chain) -> bool:
    return any(f.measure == "share" for f in chain.facts)


def _share_group(facts: Facts, chain: Chain, s: Fact, p: dict[str, Any]) -> list[Fact] | None:
    """Shares naming no whole, stated for siblings in one sentence: when they add up to 100,
    the listed parts are the whole."""
    group = [c for c in facts.chains if c.sentence is chain.sentence
             and any(f.measure == "share" and not f.whole for f in c.facts)]
    if len(group) < 2:
        return None
    shares = [next(f for f in c.facts if f.measure == "share") for c in group]
    values = [facts.value_of(c) for c in group]
    if any(v is None for v in values):
        return None
    total = interval(shares[0], p, signed=False)
    for f in shares[1:]:
        total = add(total, interval(f, p, signed=False))
    if not meets(total, Amount(HUNDRED, Decimal(0))):
        return None
    return values  # type: ignore[return-value]


def direction(rel: Relation, facts: Facts) -> Iterator[Finding]:
    for chain in facts.chains:
        for g in (f for f in chain.facts if f.measure == "growth" and f.sign is not None):
            c = _change_for(chain, g.base, g)
            if c is None or c.sign is None or c.number.value == 0 or g.number.value == 0:
                continue
            if c.sign != g.sign:
                yield finding(rel, chain.facts[0], c, c.number.text, g.number.text, [c, g],
                              word=g.word or "", other=c.word or "")


YEAR_IN_LABEL = re.compile(r"\d{4}年")


def _twice_key(fact: Fact, chain: Chain) -> tuple[str, ...]:
    label = re.sub(r"^(?:（[一二三四五六七八九十\d]+）|[一二三四五六七八九十\d]+[.、])", "", fact.label)
    label = re.sub(r"\d{4}年度?|[\"“”（）()、，：\s]", "", label)
    label = re.sub(r"(?:支出|决算|数|合计|共计|总计|总额|规模)+$", "", label)
    return (fact.subject, label, str(chain.context), fact.period, fact.measure, fact.base or "",
            "money" if fact.unit in ("元", "万元", "亿元", "万", "亿") else fact.unit)


def _bare_rate(chain: Chain) -> bool:
    """A figure followed by a rate of change with neither the change nor the base stated."""
    return any(f.measure == "growth" for f in chain.facts) and not any(
        f.measure == "change" or (f.measure == "amount" and f.period in ("last", "budget"))
        for f in chain.facts)


def _changes_listed(facts: Facts, chain: Chain) -> bool:
    """Its sentence lists changes without their values."""
    return any(c.sentence is chain.sentence and c is not chain
               and any(f.measure == "change" for f in c.facts) and c.amount() is None
               for c in facts.chains)


_LISTS = re.compile(r"其中|包括")


def _listed_in(facts: Facts, fact: Fact) -> Fact | None:
    """The statement a fact is listed under: the nearest amount before it in its sentence
    with 其中 / 包括 between them, or, in a sentence opening with 其中, the last amount of the
    sentence before."""
    text = fact.sentence.text
    before = [f for f in facts.facts if f.sentence is fact.sentence and f.pos < fact.pos
              and f.measure == "amount" and f.chain != fact.chain]
    for f in sorted(before, key=lambda f: -f.pos):
        if _LISTS.search(text, f.pos, fact.pos):
            return f
    if before or not _OPENS_LIST.match(text):
        return None
    prior = [f for f in facts.facts if f.sentence.index == fact.sentence.index - 1
             and f.measure == "amount"]
    return max(prior, key=lambda f: f.pos, default=None)


def _other_wholes(facts: Facts, a: Fact, b: Fact) -> bool:
    """Two statements of one part listed under one whole stated with two values
    (本部门“三公”经费 20万元，其中 … / 所属单位“三公”经费 6万元，其中 …): parts of two
    units or regions, not one quantity stated twice."""
    wa, wb = _listed_in(facts, a), _listed_in(facts, b)
    return wa is not None and wb is not None and wa.subject == wb.subject \
        and wa.number.value * wa.scale != wb.number.value * wb.scale


def twice(rel: Relation, facts: Facts) -> Iterator[Finding]:
    p = rel.params
    seen: dict[tuple[str, ...], Fact] = {}
    measures = set(rel.spec.get("measures", ["amount", "growth"]))
    for f in facts.facts:
        if f.measure not in measures or f.sign is None:
            continue
        if not f.known and not YEAR_IN_LABEL.search(f.label):
            continue  # words alone name a quantity only with their year ("2022年…规模")
        chain = facts.chains[f.chain]
        if f.measure == "amount" and _bare_rate(chain) and _changes_listed(facts, chain):
            continue  # "…增加0元；…支出决算 174732.10元，增长176.55%": it may be a change
        key = _twice_key(f, chain)
        if len(key[1]) < 4:
            continue  # too few words to name one quantity
        first = seen.setdefault(key, f)
        if first is f or first.chain == f.chain:
            continue
        if _other_wholes(facts, first, f):
            continue  # parts of one whole stated with two values (two units, two regions)
        if not meets(interval(first, p), interval(f, p)):
            yield finding(rel, f, first, first.number.text, f.number.text, [first, f],
                          first_line=first.line)


def sums(rel: Relation, facts: Facts) -> Iterator[Finding]:
    tree = rel.spec["sums"]
    for whole in tree:
        yield from _sum_one(rel, facts, whole, tree)


def _sum_one(rel: Relation, facts: Facts, whole_path: str,
             tree: dict[str, list[str]]) -> Iterator[Finding]:
    """A whole and its parts (declared paths), stated after it, before it is stated again."""
    p = rel.params
    measure = rel.spec.get("measure", "amount")

    def key(f: Fact) -> str | None:
        return f.base if measure == "change" else f.period

    vocab = load_vocabulary()
    for i, w in enumerate(facts.facts):
        if w.subject != whole_path or w.measure != measure or w.sign is None:
            continue
        # one subject stated with several values for one period (全市, 市本级, 县区 …): which of
        # them a list in a later sentence splits is uncertain, so only a list in its own
        # sentence is its parts
        own_sentence = _several_values(facts, w, measure, key)
        window = []
        for f in facts.facts[i + 1:]:
            if f.measure != measure or key(f) != key(w):
                continue
            if own_sentence and f.sentence is not w.sentence:
                break
            if not vocab.same_scope(w.label, f.label):
                continue  # another region's figure (市本级 after 全市): neither its whole nor a part
            if f.subject == whole_path:
                break
            window.append(f)
        resolved = _resolve(whole_path, tree, window, facts, measure, p, top=True)
        if resolved is None:
            continue
        total, used, open_low = resolved
        if _foreign_items(w, used, tree, facts, measure):
            continue
        stated = interval(w, p)
        holds = stated.low <= total.high if open_low else meets(stated, total)
        if not holds:
            yield finding(rel, w, used[0], fmt(w.signed),
                          in_unit(total.high if open_low else total.value, w), [w, *used],
                          parts="、".join(f.label for f in used), whole_line=w.line)


def _several_values(facts: Facts, w: Fact, measure: str,
                    key: Callable[[Fact], str | None]) -> bool:
    values = {f.signed * f.scale for f in facts.facts
              if f.subject == w.subject and f.measure == measure and key(f) == key(w)}
    return len(values) > 1


def _foreign_items(w: Fact, used: list[Fact], tree: dict[str, list[str]], facts: Facts,
                   measure: str) -> bool:
    """The list holding the parts names other items too (其他交通费用 …): it is not the
    declared split, so the sum is not checkable."""
    paths = set(tree) | {p for parts in tree.values() for p in parts}
    sentences = {id(f.sentence) for f in used}
    return any(f.measure == measure and f.unit in ("元", "万元", "亿元", "万", "亿")
               and id(f.sentence) in sentences and f.subject not in paths
               and (f.sentence is not w.sentence or f.pos > w.pos)
               for f in facts.facts)


def _resolve(path: str, tree: dict[str, list[str]], window: list[Fact], facts: Facts,
             measure: str, p: dict[str, Any], top: bool = False
             ) -> tuple[Amount, list[Fact], bool] | None:
    """The sum of a path's parts found in the window (expanding a missing part into its own
    parts); a missing part known to be exactly 0 this year bounds a change from above."""
    if not top:
        own = next((f for f in window if f.subject == path), None)
        if own is not None:
            if own.sign is None:
                return None
            return interval(own, p), [own], False
    parts = tree.get(path)
    if not parts:
        if measure == "change" and not top:
            value = facts.unique_amount(path)
            if value is not None and value.number.value == 0:
                return Amount(Decimal(0), Decimal(0)), [], True  # its change is ≤ 0
        return None
    total = Amount(Decimal(0), Decimal(0))
    used: list[Fact] = []
    open_low = False
    for part in parts:
        got = _resolve(part, tree, window, facts, measure, p)
        if got is None:
            return None
        total = add(total, got[0])
        used += got[1]
        open_low = open_low or got[2]
    if not used:
        return None
    return total, used, open_low


FAMILIES: dict[str, Callable[[Relation, Facts], Iterator[Finding]]] = {
    "growth": growth, "change": change, "completion": completion, "share": share,
    "direction": direction, "twice": twice, "sum": sums,
}


def run_relations(reading: Reading, relations: list[Relation],
                  claims: list[Claim] | None = None, kind: str | None = None) -> list[Finding]:
    """Every relation over the reader it names: ``facts`` (the fact reader, the default) or
    ``sections`` (the section reader's claims, each a statement whose subject is its key;
    ``kind``: budget | final, as the section reader judged the document)."""
    from . import statements

    views: dict[str, Any] = {"facts": Facts(reading),
                             "sections": statements.Statements(claims or [], kind)}
    families: dict[str, dict[str, Callable[[Relation, Any], Iterator[Finding]]]] = {
        "facts": FAMILIES, "sections": statements.FAMILIES}  # type: ignore[dict-item]
    out: list[Finding] = []
    for rel in relations:
        reader = rel.spec.get("reader", "facts")
        out.extend(families[reader][rel.family](rel, views[reader]))
    return out

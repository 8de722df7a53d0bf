"""Relations over the section reader's statements, as checks/narrative.yaml declares them.

The section reader (claims.py) states each figure under a key (``income.total``,
``expense.basic.econ.301``, ``headcount.serving.total``, ``project.2.annual``). Here a claim is a
statement whose subject is its key; the first claim of each key is the one a relation reads.

Paths in a relation may hold ``*`` for one key segment. In a whole (or the first path of a pair)
each ``*`` binds the segment it matched, and the same ``*``, in order, stands for that segment in
the other paths; a ``*`` left over ranges over every stated key (the listed parts of a split).
A table reference (``headcount/serving.total/count``: the grammar of the table rules and of the
profiles' conventions) names the statement ``headcount.serving.total``.

Families (the arithmetic is the table rules'; every figure is an interval v ± ½·10^-d, or exact
when the relation says ``exact``):

- ``sum``: a whole is the sum of its parts (of the values, or of the changes with
  ``measure: change``); a part list that is partial ("主要用于") or holds an unread figure is not
  a sum, so it is not checked. With ``missing: open`` an unstated part is some amount ≥ 0 the
  text does not give (年初结转和结余 of a 收入总计): the stated parts may not exceed the whole,
  and a change of the whole is not checkable. An entry with ``kind`` (budget | final) holds in
  that kind of document only; ``others`` (paths of the same split under another scope) leave
  the parts open when the text names there an item they lack; ``unless``: paths whose statement
  makes the sum redundant (another entry checks the whole through it);
- ``equal``: two statements agree;
- ``at_most``: a statement does not exceed its limit;
- ``compare``: the word comparing a value with its budget (大于 / 小于 …) agrees with them;
- ``pair``: statements of two numbered groups, paired by the names of the groups (a similarity
  threshold the rule names), agree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..amounts import Amount, fmt, sum_holds
from ..model import Finding
from .claims import Claim, Stated
from .findings import amount
from .projects import pair_names

if TYPE_CHECKING:
    from .relations import Relation

WILD = "*"
TRUE = ("true", "1", "yes")
FALSE = ("false", "0", "no")


def subject_of(path: str) -> str:
    """A table reference (table/row/column) names the statement table.row; a path is itself."""
    if "/" in path:
        table, row = path.split("/")[:2]
        return f"{table}.{row}"
    return path


def bind(pattern: str, bound: tuple[str, ...]) -> str:
    """The pattern with its first ``*`` replaced, in order, by the bound segments."""
    segments = subject_of(pattern).split(".")
    out, k = [], 0
    for seg in segments:
        if seg == WILD and k < len(bound):
            out.append(bound[k])
            k += 1
        else:
            out.append(seg)
    return ".".join(out)


def _match(pattern: list[str], key: str) -> tuple[str, ...] | None:
    segments = key.split(".")
    if len(segments) != len(pattern):
        return None
    bound = []
    for want, seg in zip(pattern, segments, strict=True):
        if want == WILD:
            bound.append(seg)
        elif want != seg:
            return None
    return tuple(bound)


class Statements:
    """The first claim of each key, in the order the text states them, and the kind of the
    document (budget | final: a 决算 text's 支出总计 also holds 年末结转和结余)."""

    def __init__(self, claims: list[Claim], kind: str | None = None) -> None:
        self.first: dict[str, Claim] = {}
        for claim in claims:
            self.first.setdefault(claim.key, claim)
        self.claims = claims
        self.kind = kind

    def get(self, pattern: str, bound: tuple[str, ...] = ()) -> Claim | None:
        return self.first.get(bind(pattern, bound))

    def match(self, pattern: str, bound: tuple[str, ...] = ()) -> list[tuple[Claim, tuple[str, ...]]]:
        """The statements a pattern names (its ``*`` bound first), with the segments its
        remaining ``*`` matched."""
        wanted = bind(pattern, bound).split(".")
        found = []
        for key, claim in self.first.items():
            got = _match(wanted, key)
            if got is not None:
                found.append((claim, got))
        return found


# -- values -----------------------------------------------------------------------------------------

def measured(claim: Claim, measure: str) -> Stated | None:
    return claim.change if measure == "change" else claim.value


def interval(value: Stated, rel: Relation) -> Amount:
    """A stated figure as an interval under the rule's own parameters."""
    if rel.spec.get("exact"):  # counts (人) are exact
        return Amount(value.value, Decimal(0))
    return amount(value, rel.params)


def signed_text(value: Stated) -> str:
    return value.text if value.value >= 0 else fmt(value.value)


def as_printed(total: Decimal, like: Stated) -> str:
    """A computed amount (万元, as claims hold money) in the unit ``like`` was printed in
    (a sum of figures printed in 元 is shown in 元)."""
    printed = len(like.text.split(".", 1)[1]) if "." in like.text else 0
    return fmt(total.scaleb(like.decimals - printed))


def subject_label(claim: Claim) -> str:
    return claim.project or claim.label


def finding(rel: Relation, at: Claim, second: Claim, expected: str, actual: str,
            stated: list[Stated], **args: Any) -> Finding:
    """A finding citing both statements it compares, with their sentences and lines."""
    location = {"file": None, "line": at.line, "sentence": at.sentence.text}
    args.setdefault("subject", subject_label(at))
    args.update(line=at.line, other_line=second.line, other_sentence=second.sentence.text,
                other_subject=subject_label(second), expected=expected, actual=actual,
                numbers=sorted({s.text for s in stated}))
    return Finding(rule=rel.rule, severity=rel.severity,  # type: ignore[arg-type]
                   table="narrative", cells=[], expected=expected, actual=actual, args=args,
                   location=location)


# -- sum ------------------------------------------------------------------------------------------

Option = tuple[list[Claim], bool]  # the parts, and whether an unstated part (≥ 0) is open


def _resolve(entry: dict[str, Any], paths: list[str], whole: Claim, bound: tuple[str, ...],
             view: Statements) -> tuple[list[Claim], list[str]] | None:
    """The parts a path list names for one whole, or None when the sum is not checkable; with
    them the paths of the parts left open (``missing: open``: unstated, some amount ≥ 0)."""
    missing = entry.get("missing", "skip")
    excluded = [bind(p, bound) for p in entry.get("exclude", [])]
    for outer, inner in (entry.get("within") or {}).items():
        if view.get(outer, bound) is not None:  # stated itself: its parts are not parts again
            excluded += [bind(p, bound) for p in inner]
    parts: list[Claim] = []
    opened: list[str] = []
    for path in paths:
        named = bind(path, bound)
        if WILD in named.split("."):
            found = [c for c, _ in view.match(named) if c is not whole
                     and not any(_match(x.split("."), c.key) is not None for x in excluded)]
            if not found and missing == "skip":
                return None
            if not found and missing == "open":
                opened.append(named)
            parts += found
            continue
        claim = view.first.get(named)
        if claim is not None:
            parts.append(claim)
        elif missing == "skip":
            return None
        elif missing == "open":
            opened.append(named)
        elif missing == "zero_if_listed" and not view.match(named.rsplit(".", 1)[0] + "." + WILD):
            return None  # its split is not listed at all: the part is unknown, not zero
    for path in entry.get("required", []):
        if view.get(path, bound) is None:
            return None
    if any(view.get(path, bound) is not None for path in entry.get("unless", [])):
        return None  # the whole is checked through that statement by another entry
    if len(parts) < int(entry.get("min_parts", 1)):
        return None
    # the same split under another scope names an item these parts lack: it may be one of the
    # whole's too, left out of its list (一般公共预算支出 x，其中：two of the four classes)
    listed = {p.key.rsplit(".", 1)[-1] for p in parts}
    for path in entry.get("others", []):
        opened += [c.key for c, _ in view.match(bind(path, bound))
                   if c.key.rsplit(".", 1)[-1] not in listed]
    return parts, opened


def _options(entry: dict[str, Any], rel: Relation, whole: Claim, bound: tuple[str, ...],
             view: Statements) -> list[Option]:
    """The part lists the whole may be the sum of: one, or those a convention leaves open.
    ``alternatives`` names parts (``without``) the whole holds or not as its parameter says
    (true | false | auto: either); a whole that holds them while the text states none of them
    is at least the other parts (the unstated ones are open), never a sum that misses them."""
    parts = entry["parts"]
    if isinstance(parts, dict):  # the parts are a (convention) parameter of the rule
        value = rel.params.get(parts["param"], "auto")
        lists = [value] if isinstance(value, list) else parts["auto"]
    else:
        lists = [parts]
    resolved = [got for paths in lists
                if (got := _resolve(entry, paths, whole, bound, view)) is not None]
    options = [(got, bool(opened)) for got, opened in resolved]
    alt = entry.get("alternatives")
    if alt and resolved:
        full, opened = resolved[0]
        without = [bind(p, bound).split(".") for p in alt["without"]]

        def held(key: str) -> bool:
            return any(_match(w, key) is not None for w in without)

        reduced = [c for c in full if not held(c.key)]
        with_them = (full, bool(opened) or len(reduced) == len(full))
        without_them = (reduced, any(not held(p) for p in opened))
        convention = str(rel.params.get(alt["param"], "auto")).lower()
        if convention in FALSE:
            options = [without_them]
        elif convention in TRUE:
            options = [with_them]
        else:
            options = [with_them, without_them]
    unique: list[Option] = []
    for parts_, open_ in options:
        if not any([id(c) for c in parts_] == [id(c) for c in u] and open_ == o
                   for u, o in unique):
            unique.append((parts_, open_))
    return unique


def _holds(whole: Amount, parts: list[Amount], open_: bool) -> bool:
    """The whole is the sum of the parts; with an open part, at least their sum."""
    if open_:
        return sum((p.low for p in parts), Decimal(0)) <= whole.high
    return sum_holds(whole, parts)


def sums(rel: Relation, view: Statements) -> Iterator[Finding]:
    measure = rel.spec.get("measure", "amount")
    for entry in rel.spec["sums"]:
        if entry.get("kind") not in (None, view.kind):
            continue  # a sum of the other kind of document (budget | final)
        for whole, bound in view.match(entry["whole"]):
            stated_whole = measured(whole, measure)
            if stated_whole is None:
                continue
            options = _options(entry, rel, whole, bound, view)
            if any(p.extra.get("incomplete_list") for opt, _ in options for p in opt):
                continue  # some parts are not listed or not read: the sum is not checkable
            if measure == "change":
                # the changes sum over the reading of the parts the values confirm (收入总额
                # with or without 上年结转), not over one the values rule out
                values = [(opt, o) for opt, o in options if _holds(
                    interval(whole.value, rel), [interval(p.value, rel) for p in opt], o)]
                options = values or options
                if any(o for _, o in options):
                    continue  # a part whose value is not stated: neither is its change
                if any(measured(p, measure) is None for opt, _ in options for p in opt):
                    continue  # a reading the values allow has a part whose change is not stated
            options = [(opt, o) for opt, o in options
                       if all(measured(p, measure) is not None for p in opt)]
            if not options:
                continue
            total = interval(stated_whole, rel)
            if any(_holds(total, [interval(measured(p, measure), rel) for p in opt], o)  # type: ignore[arg-type]
                   for opt, o in options):
                continue
            sums_of = [as_printed(sum((measured(p, measure).value for p in opt), Decimal(0)),  # type: ignore[union-attr]
                                  stated_whole) for opt, _ in options]
            parts = options[0][0]
            if not parts:
                continue
            first = min(parts, key=lambda c: (c.line, c.sentence.index))
            subject = str(entry.get("subject", "{whole}")).format(
                whole=whole.label, project=whole.project or "")
            stated = [stated_whole, *(measured(p, measure) for p in parts)]
            yield finding(rel, first, whole, signed_text(stated_whole),
                          "/".join(dict.fromkeys(sums_of)), stated,  # type: ignore[arg-type]
                          subject=subject,
                          parts="/".join("、".join(p.label for p in opt) for opt, _ in options),
                          whole_line=whole.line)


# -- two statements ---------------------------------------------------------------------------------

def equal(rel: Relation, view: Statements) -> Iterator[Finding]:
    """Each pair [first, second]: the second agrees with the first (reported at the second)."""
    for first_path, second_path in rel.spec["pairs"]:
        for first, bound in view.match(first_path):
            second = view.get(second_path, bound)
            if second is None:
                continue
            if not sum_holds(interval(first.value, rel), [interval(second.value, rel)]):
                yield finding(rel, second, first, first.value.text, second.value.text,
                              [first.value, second.value])


def at_most(rel: Relation, view: Statements) -> Iterator[Finding]:
    """Each pair [part, limit]: the part does not exceed its limit."""
    for part_path, limit_path in rel.spec["pairs"]:
        for part, bound in view.match(part_path):
            limit = view.get(limit_path, bound)
            if limit is None or any(part.extra.get(mark) for mark in rel.spec.get("unless_marked", [])):
                continue
            if interval(part.value, rel).low > interval(limit.value, rel).high:
                yield finding(rel, part, limit, f"≤{limit.value.text}", part.value.text,
                              [part.value, limit.value], limit=limit.value.text)


def compare(rel: Relation, view: Statements) -> Iterator[Finding]:
    """A word comparing a statement's value with its budget (words: word -> above | below;
    any other word says they are equal)."""
    words: dict[str, str] = rel.spec["words"]
    for claim in view.claims:
        word, budget = claim.compare_word, claim.budget
        if word is None or budget is None:
            continue
        if claim.last is not None and claim.change_word and claim.change is None:
            continue  # a change read without its figure: the comparison is not certain
        value, base = interval(claim.value, rel), interval(budget, rel)
        holds = {"above": value.high > base.low, "below": value.low < base.high}.get(
            words.get(word, "equal"), value.low <= base.high and base.low <= value.high)
        if not holds:
            yield finding(rel, claim, claim, budget.text, claim.value.text,
                          [claim.value, budget], word=word, other=rel.spec.get("against", ""))


def pair(rel: Relation, view: Statements) -> Iterator[Finding]:
    """Statements of two numbered groups (``a.*.x`` and ``b.*.y``), paired by the groups' names
    (at least the rule's ``similarity`` parameter alike; one group of each pairs by itself)."""
    left_path, right_path = rel.spec["left"], rel.spec["right"]
    least = float(rel.params.get(rel.spec["similarity"], 1))

    def names(path: str) -> dict[str, str]:
        group = path.split(".")[: path.split(".").index(WILD) + 1]
        out: dict[str, str] = {}
        for claim in view.claims:
            got = _match(group, ".".join(claim.key.split(".")[: len(group)]))
            if got is not None:
                out[got[0]] = claim.project or ""
        return out

    pairs = pair_names(names(left_path), names(right_path), least)
    for left, bound in view.match(left_path):
        other = pairs.get(bound[0])
        right = view.get(right_path, (other,)) if other is not None else None
        if right is not None and not sum_holds(interval(right.value, rel),
                                               [interval(left.value, rel)]):
            yield finding(rel, left, right, right.value.text, left.value.text,
                          [left.value, right.value])


FAMILIES: dict[str, Callable[[Relation, Statements], Iterator[Finding]]] = {
    "sum": sums, "equal": equal, "at_most": at_most, "compare": compare, "pair": pair,
}

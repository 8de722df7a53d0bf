"""check_narrative: read the text into facts (and the older claims), run every narrative rule."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model import Finding
from .catalogue import load_catalogue
from .claims import Claim, extract_claims
from .document import Document, read_document
from .facts import THRESHOLD, Fact, read_facts
from .relations import Relation, run_relations


@dataclass(slots=True)
class NarrativeResult:
    claims: list[Claim]
    findings: list[Finding]
    unread: int
    unread_items: list[tuple[int, str]] = field(default_factory=list)  # (line, figure)
    document: Document | None = None
    facts: list[Fact] = field(default_factory=list)


def relations(rule_params: dict[str, dict[str, Any]] | None = None,
              params: dict[str, Any] | None = None) -> list[Relation]:
    """The catalogue's relations, each with its own parameters: the rule's defaults in
    checks/narrative.yaml, then ``params`` for those of them the rule declares, then the
    (profile's) override for that rule alone. No rule sees another rule's parameters."""
    out = []
    for rule_id, entry in load_catalogue().items():
        specs = entry.get("relation") or []
        own = dict(entry.get("params") or {})
        own.update({k: v for k, v in (params or {}).items() if k in own})
        own.update((rule_params or {}).get(rule_id) or {})
        for spec in specs if isinstance(specs, list) else [specs]:
            out.append(Relation(rule_id, entry["severity"], spec["family"], own, spec))
    return out


def check_narrative(path_or_doc: str | Path | Document,
                    params: dict[str, Any] | None = None,
                    rule_params: dict[str, dict[str, Any]] | None = None,
                    unit: tuple[str | None, int | None] | None = None) -> NarrativeResult:
    """Every inconsistency the narrative shows within itself; ``unit`` is the workbook's unit
    name and year, when known (NAR-UNIT-001 when the text is of another unit or year).
    ``params`` sets a parameter for every rule that has it; ``rule_params`` one rule's own."""
    doc = path_or_doc if isinstance(path_or_doc, Document) else read_document(path_or_doc)
    extraction = extract_claims(doc)
    claims = extraction.claims
    reading = read_facts(doc)
    findings = run_relations(reading, relations(rule_params, params), claims, extraction.kind)
    unread = unread_figures(reading.unread, claims)
    if not reading.facts and not claims:
        findings.append(empty_finding(doc, len(unread)))
    if unit is not None:
        findings += unit_findings(doc, unit)
    for f in findings:
        if f.location is not None:
            doc.locate(f.location, f.args)
    findings.sort(key=lambda f: ((f.location or {}).get("line", 0), f.rule))
    return NarrativeResult(claims, findings, len(unread), unread, doc, reading.facts)


def unread_figures(unread: list[tuple[int, str, int, int]],
                   claims: list[Claim]) -> list[tuple[int, str]]:
    """Figures stated as claims that neither the fact reader nor the section reader placed,
    counted figure by figure: a figure the section reader did not read stays unread even when
    it read another figure of the same sentence. A claim without its position (a project's)
    covers its whole sentence. A target or threshold (≥90%, 200万元以上) states no quantity,
    so it is not unread."""
    at: dict[int, list[int]] = {}
    whole: set[int] = set()
    for c in claims:
        pos = c.extra.get("pos")
        if isinstance(pos, int):
            at.setdefault(c.sentence.index, []).append(pos)
        else:
            whole.add(c.sentence.index)

    def placed(text: str, sentence: int, start: int) -> bool:
        return sentence in whole or any(start <= pos < start + len(text)
                                        for pos in at.get(sentence, []))

    return [(line, text) for line, text, sentence, start in unread
            if not placed(text, sentence, start) and not THRESHOLD.search(text)]


_FILLER = re.compile(r"(?:填报单位|编制单位|单位名称|部门名称)[:：]\s*([^\s，,。|]+)")
_TEXT_YEAR = re.compile(r"(?<![较比与从至到于])(?<!\d)((?:19|20)\d\d)\s*年(?!.{0,3}相比)")


def unit_findings(doc: Document, unit: tuple[str | None, int | None]) -> list[Finding]:
    """NAR-UNIT-001, once: the text names another unit, or speaks of another year, than the
    workbook (its figures are then not compared cell by cell)."""
    name, year = unit
    text = "\n".join(doc.lines)
    named = {m[1] for m in _FILLER.finditer(text)}
    other_name = bool(name) and name not in text and bool(named)
    years = Counter(int(y) for y in _TEXT_YEAR.findall(text))
    text_year = years.most_common(1)[0][0] if years else None
    other_year = year is not None and text_year is not None and text_year != year \
        and year not in years
    if not (other_name or other_year):
        return []
    expected = f"{name or ''} {year or ''}".strip()
    actual = f"{'/'.join(sorted(named)) if other_name else (name or '')} {text_year or ''}".strip()
    return [Finding(rule="NAR-UNIT-001", severity="error", table="narrative", cells=[],
                    expected=expected, actual=actual,
                    args={"numbers": [], "workbook": expected, "text": actual},
                    location={"file": doc.path, "line": 1, "sentence": doc.lines[0] if doc.lines else ""})]


def empty_finding(doc: Document, unread: int) -> Finding:
    """NAR-EMPTY-001: no fact recognised; the text is not a pass, it was not checked."""
    location = {"file": doc.path, "line": 1, "sentence": ""}
    return Finding(rule="NAR-EMPTY-001", severity="warning", table="narrative", cells=[],
                   expected="≥1", actual="0", args={"unread": unread, "numbers": []},
                   location=location)

"""Narrative rules at scale: synthetic 情况说明 (budgetcheck.synth.narrative) written from generated
units in many phrasings, clean or with one injected inconsistency of each relation kind."""

from __future__ import annotations

from collections import Counter

from budgetcheck.narrative import check_narrative
from budgetcheck.narrative.document import document_from_text
from budgetcheck.synth.narrative import KINDS, generate_narrative

COUNT = 320


def _cases():
    for seed in range(COUNT):
        inject = None if seed % 3 == 0 else KINDS[seed % len(KINDS)]
        yield seed, generate_narrative(seed, kind=("budget", "final")[seed % 2], inject=inject)


def test_generated_narratives_clean_and_injected():
    phrasings: Counter[str] = Counter()
    injected: Counter[str] = Counter()
    failures = []
    for seed, gen in _cases():
        for key, value in gen.phrasing.items():
            phrasings[f"{key}={value}"] += 1
        phrasings[gen.kind] += 1
        result = check_narrative(document_from_text(gen.text, f"gen{seed}.txt"))
        if gen.truth is None:
            if result.findings:
                failures.append((seed, "clean", [(f.rule, f.expected, f.actual)
                                                 for f in result.findings]))
            continue
        injected[gen.truth.rule] += 1
        hit = [f for f in result.findings if f.rule == gen.truth.rule
               and f.location["line"] in gen.truth.lines
               and f.args.get("other_line") in gen.truth.lines]
        if not hit:
            failures.append((seed, gen.truth.rule, sorted(gen.truth.lines),
                             [(f.rule, f.location["line"], f.args.get("other_line"))
                              for f in result.findings]))
    assert failures == [], failures[:5]
    # every phrasing and every relation kind took part
    for key in ("half_width=True", "half_width=False", "yuan=True", "yuan=False",
                "pdf_breaks=True", "pdf_breaks=False", "budget", "final", "listed=True",
                "listed=False", "change_first=True", "change_first=False"):
        assert phrasings[key] >= 10, key
    assert len(injected) == len(KINDS) and min(injected.values()) >= 20

"""Layout fuzzing (issue 9): the layout traits real submissions have, composed at random over
generated workbooks (budgetcheck.synth.compose), through the real reader.

Property, over COMPOSITIONS random compositions:
- clean: no finding at all, except one STR-012 warning for each hidden row that holds a line of a
  table (those are read as data and must be reported), and none for any other row;
- one figure changed beyond what rounding explains (the generator's rule; a rate past the whole
  range its rounded change and prior allow): an error-severity finding cites the changed cell,
  or an uncached formula computed from it (Excel recomputes it: the change shows there).
"""

from __future__ import annotations

import random
import time
from collections import Counter
from pathlib import Path

from budgetcheck.contracts.rules import load_ruleset
from budgetcheck.engine import check_submission
from budgetcheck.readers import read_submission
from budgetcheck.synth.compose import compose

COMPOSITIONS = 500


def test_layout_fuzz_property(tmp_path: Path) -> None:
    rules = load_ruleset()
    failures: list[str] = []
    traits: Counter[str] = Counter()
    started = time.perf_counter()
    count = 0
    for seed in range(COMPOSITIONS):
        comp = compose(seed)
        t = comp.traits
        traits.update(name for name, on in (
            ("contents", t.contents), ("page_break", t.page_break), ("blank_rows", t.blank_rows),
            ("notes", t.notes), ("units", t.units), ("prior", t.prior), ("hidden_rows", t.hidden_rows),
            ("formulas", t.formulas != "none"), ("numeric_codes", t.codes != "text"),
            ("indent", t.indent), ("merged_codes", t.merged_codes)) if on)
        clean = read_submission(str(comp.save(tmp_path / "clean.xlsx")))
        found = check_submission(clean, rules)[0]
        other = [(f.rule, f.cells[:3]) for f in found if f.rule != "STR-012"]
        warned = {(f.args["sheet"], f.args["line"] - 1) for f in found if f.rule == "STR-012"}
        if other or warned != comp.hidden_data:
            failures.append(f"seed {seed} clean: {other[:3]} hidden {sorted(warned ^ comp.hidden_data)} {t}")
        ref, old, new = comp.inject(random.Random(seed))
        bad = read_submission(str(comp.save(tmp_path / "bad.xlsx", mutate={ref: new})))
        errors = [f for f in check_submission(bad, rules)[0] if f.severity == "error"]
        citing = comp.citing(ref)
        if not any(citing & set(f.cells) for f in errors):
            failures.append(f"seed {seed} missed {ref} {old} -> {new}: {[f.rule for f in errors][:5]} {t}")
        count += 1
    seconds = time.perf_counter() - started
    print(f"\nlayout fuzz: {count} compositions, {len(failures)} failures, {seconds:.1f} s; "
          f"traits: {dict(sorted(traits.items()))}")
    assert count >= 500
    assert all(traits[name] >= 50 for name in ("contents", "page_break", "units", "prior", "formulas",
                                                 "hidden_rows", "numeric_codes", "merged_codes"))
    assert failures == [], "\n".join(failures[:10])

"""Headcount rules (exact counts) and project amounts across the overview and target table."""

from __future__ import annotations

from typing import Any

from ..amounts import sum_holds
from ..model import Finding
from .claims import Claim
from .findings import amount, finding, text
from .projects import name_similarity
from .sums import first_claims

HC = "headcount."


def _count(claim: Claim) -> int:
    return int(claim.value.value)


def check_headcount(claims: list[Claim], params: dict[str, Any]) -> list[Finding]:
    index = first_claims([c for c in claims if c.key.startswith(HC)])
    out: list[Finding] = []
    for base, rule, subject in (("establishment", "NAR-HC-001", "编制人数"),
                                ("serving", "NAR-HC-002", "在职人数")):
        total = index.get(f"{HC}{base}.total")
        kinds = [c for k, c in index.items() if k.startswith(f"{HC}{base}.")
                 and not k.endswith(".total")]
        if total and kinds and sum(map(_count, kinds)) != _count(total):
            out.append(finding(rule, kinds[0], str(_count(total)),
                               str(sum(map(_count, kinds))), subject=subject,
                               parts="、".join(k.label for k in kinds)))
    _actual(index, params, out)
    for key, serving in index.items():
        if not key.startswith(f"{HC}serving."):
            continue
        kind = key.rsplit(".", 1)[1]
        limit = index.get(f"{HC}establishment.{kind}")
        if limit and _count(serving) > _count(limit):
            out.append(finding("NAR-HC-004", serving, f"≤{_count(limit)}", str(_count(serving)),
                               establishment_line=limit.line))
    return out


def _actual(index: dict[str, Claim], params: dict[str, Any], out: list[Finding]) -> None:
    """NAR-HC-003: 实有 = 在职 (+ 离休 + 退休 when the convention includes retirees)."""
    actual, serving = index.get(f"{HC}actual.total"), index.get(f"{HC}serving.total")
    if actual is None or serving is None:
        return
    retirees = sum(_count(index[k]) for k in (f"{HC}retired_veteran", f"{HC}retired")
                   if k in index)
    with_retirees = _count(serving) + retirees
    convention = str(params.get("actual_includes_retirees", "auto")).lower()
    if convention in ("true", "1", "yes"):
        allowed = {with_retirees}
    elif convention in ("false", "0", "no"):
        allowed = {_count(serving)}
    else:
        allowed = {_count(serving), with_retirees}
    if _count(actual) not in allowed:
        expected = "/".join(str(v) for v in sorted(allowed))
        out.append(finding("NAR-HC-003", actual, expected, str(_count(actual)),
                           serving=str(_count(serving)), retirees=str(retirees)))


def pair_projects(claims: list[Claim], params: dict[str, Any]) -> dict[str, str]:
    """Project number -> target-table number, by name (or by order when one of each)."""
    projects = {c.key.split(".")[1]: c.project or "" for c in claims
                if c.key.startswith("project.")}
    targets = {c.key.split(".")[1]: c.project or "" for c in claims
               if c.key.startswith("target.")}
    least = float(params.get("project_name_min_similarity", 0.5))
    scored = sorted(((name_similarity(pn, tn), p, t) for p, pn in projects.items()
                     for t, tn in targets.items()), reverse=True)
    pairs: dict[str, str] = {}
    for score, p, t in scored:
        if score >= least and p not in pairs and t not in pairs.values():
            pairs[p] = t
    if len(projects) == 1 and len(targets) == 1 and not pairs:
        pairs[next(iter(projects))] = next(iter(targets))
    return pairs


def check_projects(claims: list[Claim], params: dict[str, Any]) -> list[Finding]:
    index = first_claims(claims)
    out: list[Finding] = []
    numbers = sorted({c.key.split(".")[1] for c in claims if c.key.startswith("project.")},
                     key=int)
    pairs = pair_projects(claims, params)
    for n in numbers:
        annual = index.get(f"project.{n}.annual")
        plan = index.get(f"project.{n}.plan_total")
        if annual and plan and not sum_holds(amount(annual.value, params),
                                             [amount(plan.value, params)]):
            out.append(finding("NAR-PRJ-002", annual, plan.value.text, annual.value.text,
                               subject=annual.project, plan_line=plan.line))
        target = index.get(f"target.{pairs[n]}.total") if n in pairs else None
        if annual and target and not sum_holds(amount(target.value, params),
                                               [amount(annual.value, params)]):
            out.append(finding("NAR-PRJ-001", annual, target.value.text, annual.value.text,
                               subject=annual.project, target=target.project,
                               target_line=target.line, difference=text(
                                   annual.value.value - target.value.value)))
    return out

"""The review history as the dashboard reads it: per unit, its submissions in the order they were
submitted, each with its findings and what it fixed and broke against the one before."""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

UNKNOWN_UNIT = "?"


@dataclass
class FindingView:
    rule: str
    severity: str
    table: str
    cells: list[str]
    expected: str
    actual: str
    message: str
    message_en: str
    explained: bool

    @property
    def key(self) -> tuple[str, tuple[str, ...]]:
        """The same finding in two submissions: the same rule on the same cells."""
        return self.rule, tuple(self.cells)


@dataclass
class SubmissionView:
    id: int
    file: str
    file_name: str
    inbox: str
    sha256: str
    submitted_at: float | None
    recorded_at: datetime
    verdict: str
    reason: str | None
    errors: int
    warnings: int
    suspects: list[dict[str, Any]] | None
    artifacts: dict[str, str] | None
    findings: list[FindingView] = field(default_factory=list)
    fixed: list[FindingView] = field(default_factory=list)  # findings of the previous one, gone
    broke: list[FindingView] = field(default_factory=list)  # findings the previous one had not

    @property
    def suspect(self) -> str:
        """The most likely wrong cell (and the value it should have), when diagnosed."""
        if not self.suspects:
            return ""
        best = self.suspects[0]
        cell = str(best.get("cell", ""))
        suggested = best.get("suggested")
        return f"{cell} → {suggested}" if suggested not in (None, "") else cell


@dataclass
class UnitView:
    key: str
    code: str | None
    name: str | None
    year: int | None
    submissions: list[SubmissionView]

    @property
    def slug(self) -> str:
        return hashlib.sha1(self.key.encode()).hexdigest()[:12]

    @property
    def latest(self) -> SubmissionView:
        return self.submissions[-1]

    @property
    def label(self) -> str:
        return self.name or self.code or self.latest.file_name


def load_units(store: str) -> list[UnitView]:
    """Every unit of the store with its history (a file whose unit is unknown is its own line)."""
    from sqlalchemy import select

    from ..store.db import open_store
    from ..store.models import FindingRow, Run, SubmissionRow

    sessions = open_store(store)
    try:
        with sessions() as session:
            inboxes = dict(session.execute(select(Run.id, Run.inbox)).tuples().all())
            grouped: dict[str, list[tuple[SubmissionRow, SubmissionView]]] = {}
            for row in session.scalars(select(SubmissionRow)):
                key = row.unit_key or f"{UNKNOWN_UNIT}{row.file}"
                view = SubmissionView(
                    row.id, row.file, row.file_name, inboxes.get(row.run_id, ""), row.sha256,
                    row.submitted_at, row.recorded_at, row.verdict, row.reason, row.errors,
                    row.warnings, row.suspects, row.artifacts)
                grouped.setdefault(key, []).append((row, view))
            units = []
            for key, pairs in grouped.items():
                pairs = _one_per_file_version(pairs)
                ids = [row.id for row, _ in pairs]
                by_sub: dict[int, list[FindingView]] = {i: [] for i in ids}
                for f in session.scalars(select(FindingRow).where(
                        FindingRow.submission_id.in_(ids)).order_by(FindingRow.submission_id,
                                                                     FindingRow.seq)):
                    by_sub[f.submission_id].append(FindingView(
                        f.rule, f.severity, f.table_name, list(f.cells), f.expected, f.actual,
                        f.message_zh, f.message_en, bool(f.explained)))
                views = [view for _, view in pairs]
                for view in views:
                    view.findings = by_sub[view.id]
                _diff(views)
                rows = [row for row, _ in pairs]
                units.append(UnitView(key, _agreed(r.unit_code for r in rows),
                                      _agreed(r.unit_name for r in rows),
                                      rows[-1].year, views))
    finally:
        sessions.kw["bind"].dispose()
    units.sort(key=lambda u: (u.code or "", u.label))
    return units


def _one_per_file_version(pairs):
    """In submission order; the same bytes recorded under several contract versions count once
    (the latest recording)."""
    latest: dict[str, Any] = {}
    for row, view in sorted(pairs, key=lambda p: (p[0].recorded_at, p[0].id)):
        latest[row.sha256] = (row, view)
    return sorted(latest.values(), key=lambda p: (p[0].submitted_at or 0.0, p[0].recorded_at,
                                                 p[0].id))


def _agreed(values) -> str | None:
    """The most frequent value (a unit renamed between submissions shows its usual name)."""
    counts = Counter(v for v in values if v)
    return counts.most_common(1)[0][0] if counts else None


def _diff(views: list[SubmissionView]) -> None:
    previous: list[FindingView] = []
    for view in views:
        now = {f.key for f in view.findings}
        before = {f.key for f in previous}
        view.fixed = [f for f in previous if f.key not in now]
        first = view is views[0]
        view.broke = [] if first else [f for f in view.findings if f.key not in before]
        previous = view.findings


def failing_rules(units: list[UnitView]) -> Counter[str]:
    """For each rule, how many units' latest submission fails it (error findings not explained)."""
    counts: Counter[str] = Counter()
    for unit in units:
        counts.update({f.rule for f in unit.latest.findings
                       if f.severity == "error" and not f.explained})
    return counts

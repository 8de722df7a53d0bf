"""The CI gate as one command: ``budgetcheck gate SUBMISSIONS_DIR --out DIR [--base REF]``.

Validates every workbook added or changed under SUBMISSIONS_DIR since BASE (every workbook there
when BASE is empty, all zeros, or not a commit of the repository) once, and writes to DIR:
``junit.xml``, ``summary.md`` (also appended to ``$GITHUB_STEP_SUMMARY`` when set), ``data-docs/``
(GX Data Docs with the verdict), ``annotated/`` and ``evidence/``. Exit status: 0 no
error-severity finding, 1 at least one, 2 an unreadable workbook, a wrong contract or an output
that cannot be written. The CI templates (ci/*.yml) need only ``pip install`` and this command.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from .readers.inputs import WORKBOOK_SUFFIXES, expand_inputs, is_lock_file


@dataclass
class GateRun:
    files: list[str]
    lines: list[str] = field(default_factory=list)  # what was written (for stderr)
    failures: list[str] = field(default_factory=list)  # outputs that could not be written
    code: int = 0


def _git(args: list[str], cwd: Path) -> str | None:
    try:
        proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    except OSError:
        return None  # no git: every workbook is validated
    return proc.stdout if proc.returncode == 0 else None


def changed_workbooks(folder: Path, base: str | None) -> list[str] | None:
    """Workbooks under ``folder`` added, modified or renamed since ``base`` (None: not knowable,
    so the caller validates them all)."""
    if not base or set(base) == {"0"}:
        return None
    cwd = folder if folder.is_dir() else folder.parent
    if _git(["rev-parse", "--verify", "--quiet", f"{base}^{{commit}}"], cwd) is None:
        return None
    top = _git(["rev-parse", "--show-toplevel"], cwd)
    listing = _git(["diff", "-z", "--name-only", "--diff-filter=AMR", base, "HEAD", "--", str(folder.resolve())], cwd)
    if top is None or listing is None:
        return None
    files = []
    for name in filter(None, listing.split("\0")):
        path = Path(top.strip()) / name
        parts = Path(name).parts
        if (path.suffix.lower() in WORKBOOK_SUFFIXES and not is_lock_file(path.name)
                and not any(p.startswith(".") for p in parts) and path.is_file()):
            files.append(str(path))
    return sorted(files)


def select(folder: str, base: str | None) -> list[str]:
    changed = changed_workbooks(Path(folder), base)
    if changed is not None:
        return changed
    if not Path(folder).is_dir():
        return []
    return expand_inputs([folder])[0]


def run_gate(folder: str, out: str, base: str | None, lang: str = "zh", data_docs: bool = True,
             profile: str | None = None, explanations_file: str | None = None,
             contracts: tuple | None = None) -> GateRun:
    """Validate and publish; ``contracts`` is (ruleset, explanations), loaded by the caller so a
    wrong contract is refused before anything is read."""
    from .engine import validate_paths
    from .publish import publish
    from .reports.junit import render_junit
    from .reports.markdown import render_markdown

    out_dir = Path(out).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    run = GateRun(files=select(folder, base))
    if not run.files:
        message = (f"budgetcheck gate：{folder} 下没有新增或修改的工作簿\n" if lang == "zh"
                   else f"budgetcheck gate: no workbook added or changed under {folder}\n")
        (out_dir / "summary.md").write_text(message, encoding="utf-8")
        _step_summary(message)
        return run
    ruleset, explanations = contracts if contracts else (None, None)
    results = validate_paths(run.files, ruleset, None, explanations)
    (out_dir / "junit.xml").write_text(render_junit(results, ruleset, lang), encoding="utf-8")
    summary = render_markdown(results, ruleset, lang)
    (out_dir / "summary.md").write_text(summary, encoding="utf-8")
    _step_summary(summary)
    run.lines = publish(results, ruleset, lang, str(out_dir / "data-docs") if data_docs else None,
                        str(out_dir / "annotated") + os.sep, str(out_dir / "evidence") + os.sep,
                        profile, explanations_file, None, run.failures)
    if run.failures or any(r.status == "error" for r in results):
        run.code = 2
    elif any(r.status == "failed" for r in results):
        run.code = 1
    return run


def _step_summary(text: str) -> None:
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if target:
        try:
            with open(target, "a", encoding="utf-8") as handle:
                handle.write(text)
        except OSError:
            pass  # the job summary is a convenience; the artifacts hold the same text

"""The command line: a thin layer over contracts, engine and reports.

Exit codes: 0 no error-severity finding, 1 at least one, 2 a file or contract that cannot be read
(one line naming the file and place, never a traceback).
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TextIO

import click

from .errors import ContractError

if TYPE_CHECKING:
    from .contracts.rules import RuleSet
    from .engine.explain import Explanation

FORMATS = ["text", "json", "junit", "markdown", "jsonl"]
STRUCTURED = {"json", "junit", "jsonl"}  # stdout holds only the document; all else goes to stderr


_lang = {"value": "zh"}  # the language of the one-line reasons (set by a command's --lang)


def _say(message: str, err: bool = True, prefix: str = "budgetcheck: ", raw: bool = False) -> None:
    from .errors import one_line
    from .reasons import localize

    message = one_line(message)
    click.echo(f"{prefix}{message if raw else localize(message, _lang['value'])}", err=err)


def _fail(message: str, raw: bool = False) -> None:
    _say(message, raw=raw)
    sys.exit(2)


@contextmanager
def _stdout_to_stderr(active: bool) -> Iterator[TextIO]:
    """While files are read, send whatever a library prints (Python or native code, worker
    processes too) to stderr, so that a --format json|junit|jsonl stdout holds only the
    document; yields the stream the document (a JSON line as it finishes) is written to."""
    real = sys.stdout
    if not active:
        yield real
        return
    real.flush()
    try:
        fd_level = real.fileno() == 1
    except (AttributeError, OSError, ValueError):  # a stream without a descriptor (a test runner)
        fd_level = False
    saved = os.dup(1) if fd_level else None
    document: TextIO = real
    if saved is not None:
        document = io.TextIOWrapper(io.FileIO(saved, "w", closefd=False), encoding="utf-8",
                                    errors="backslashreplace", line_buffering=True)
        os.dup2(2, 1)
    sys.stdout = sys.stderr
    try:
        yield document
    finally:
        sys.stdout = real
        if saved is not None:
            document.flush()
            os.dup2(saved, 1)
            os.close(saved)


def _emit(text: str, output: str | None, what: str) -> None:
    """Write text to the output file, or to stdout when there is none."""
    if not output:
        click.echo(text, nl=False)
        return
    try:
        with open(output, "w", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as exc:
        _fail(f"{output}: cannot write {what} ({exc.strerror or exc})")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="budgetcheck")
def main() -> None:
    """Validate budget and final-accounts disclosure workbooks (预算/决算公开)."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the report to FILE.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.option("--narrative", type=str, default=None, metavar="FILE",
              help="The explanatory text (情况说明, .txt/.docx/.pdf) to check with the workbook.")
@click.option("--profile", "profile", metavar="NAME|PATH", default=None,
              help="Rule profile: a name of checks/profiles or a profile file (default: budget).")
@click.option("--explanations", "explanations_file", metavar="FILE.yaml", default=None,
              help="Accepted explanations: matching findings do not count toward the gate.")
@click.option("--data-docs", "data_docs", type=click.Path(file_okay=False),
              help="Run the GX suites and build a Data Docs site with the verdict in DIR.")
@click.option("--annotate", type=click.Path(), help="Write an annotated copy of the workbook (a directory for several).")
@click.option("--evidence", type=click.Path(), help="Write an audit evidence zip (a directory for several).")
@click.option("--engine", type=click.Choice(["native", "pandera"]), default="native", show_default=True,
              help="Who runs the table schemas (schemas/*.yaml): the native executor or pandera.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes for several files (default: the machine's cores).")
@click.option("--debug", is_flag=True, help="Print the traceback of an unexpected error (to stderr).")
def validate(paths: tuple[str, ...], fmt: str, output: str | None, lang: str, narrative: str | None,
             profile: str | None, explanations_file: str | None, data_docs: str | None = None,
             annotate: str | None = None, evidence: str | None = None, engine: str = "native",
             jobs: int | None = None, debug: bool = False) -> None:
    """Validate submission workbooks and/or explanatory texts (the file kind decides).

    PATHS are files, folders (searched recursively for .xlsx/.xlsm/.xls/.ods), globs (quoted or
    not) and zip archives of workbooks; Excel lock files (~$*) and hidden files are skipped."""
    from .engine import run as engine_run
    from .engine import validate_paths
    from .errors import InputError
    from .readers.inputs import expand_inputs
    from .reasons import contract_line

    _lang["value"] = lang

    given = list(paths)
    paths, notes = expand_inputs(given)
    nothing = None
    if not paths:  # each input is then an unreadable submission of its own (in the report too)
        nothing = _nothing_to_validate(given, notes)
        notes = []
    for note in notes:
        _say(note)

    engine_run.DEBUG = debug

    if engine != "native":
        from .rules.structure import set_engine

        set_engine(engine)
    try:  # contracts are validated before any data is read
        ruleset, explanations = _load_contracts(profile, explanations_file)
        if narrative:  # the cells a text restates (NAR-TAB-001), checked against the tables
            from .narrative.restates import load_restatements

            load_restatements()
        if annotate or evidence:
            from .publish import check_targets

            check_targets(list(paths), annotate, evidence)
    except ContractError as exc:
        _fail(contract_line(exc.one_line(), lang), raw=True)
    except InputError as exc:
        _fail(exc.one_line())
    with _stdout_to_stderr(fmt in STRUCTURED and not output) as document:
        if nothing is not None:
            results = nothing
            if fmt == "jsonl":
                from .bureau.cli import jsonl_line

                for result in results:
                    document.write(jsonl_line(result, ruleset, lang))
        elif fmt == "jsonl" or (len(paths) > 1 and jobs != 1):
            from .bureau.cli import run_validate

            results = run_validate(list(paths), ruleset, narrative, explanations, jobs, lang,
                                   jsonl=(output or "-") if fmt == "jsonl" else None,
                                   keep_tables=bool(data_docs),
                                   keep=fmt != "jsonl" or bool(data_docs or annotate or evidence),
                                   document=document)
        else:
            results = validate_paths(list(paths), ruleset, narrative, explanations)
    if fmt == "jsonl":
        report = None
    elif fmt == "json":
        from .reports.json_report import render_json

        report = render_json(results, ruleset, lang)
    elif fmt == "junit":
        from .reports.junit import render_junit

        report = render_junit(results, ruleset, lang)
    elif fmt == "markdown":
        from .reports.markdown import render_markdown

        report = render_markdown(results, ruleset, lang)
    else:
        from .reports.text import render_text

        report = render_text(results, ruleset, lang)
    if report is not None:
        _emit(report, output, "report")
    failures: list[str] = []
    if data_docs or annotate or evidence:
        from .publish import publish

        for line in publish(results, ruleset, lang, data_docs, annotate, evidence,
                            profile, explanations_file, narrative, failures):
            _say(line)
    for failure in failures:
        _say(failure)
    for result in results:
        if result.status == "error":
            _say(result.reason or "")
    if failures or any(r.status == "error" for r in results):
        sys.exit(2)
    sys.exit(1 if any(r.status == "failed" for r in results) else 0)


def _nothing_to_validate(given: list[str], notes: list[str]) -> list:
    """An error result per input when no workbook or text was found: the folder, glob or archive
    is named in the report and on one line, as any unreadable file is."""
    from .engine.run import SubmissionResult
    from .errors import display_path, one_line

    results = []
    for raw in given:
        note = next((n for n in notes if n.startswith(f"{raw}: ")), None)
        reason = note[len(raw) + 2:] if note else "no workbook or text to validate"
        results.append(SubmissionResult(raw, "", "error", reason=f"{display_path(raw)}: {one_line(reason)}"))
    return results


def _load_contracts(profile: str | None,
                    explanations_file: str | None) -> tuple[RuleSet, list[Explanation] | None]:
    """The rule set under its profile, and the accepted explanations (checked against the
    whole catalogue, so an explanation for a rule the profile leaves out is reported unused)."""
    from .contracts.profiles import load_rules
    from .contracts.rules import load_ruleset
    from .contracts.tables import load_catalogue
    from .engine.explain import EXTRA_TABLES, load_explanations

    ruleset = load_rules(profile)
    if explanations_file is None:
        return ruleset, None
    known_rules = {r.id for r in load_ruleset().rules}
    known_tables = {t.id for t in load_catalogue().tables} | EXTRA_TABLES
    return ruleset, load_explanations(explanations_file, known_rules, known_tables)


@main.command("batch")
@click.argument("inbox", type=click.Path(file_okay=False))
@click.option("--store", default=None, metavar="URL",
              help="The review history: a SQLite file (default budgetcheck-history.sqlite) or a "
                   "database URL (postgresql://user@host/db).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: the machine's cores).")
@click.option("--force", is_flag=True, help="Validate again files already recorded.")
@click.option("--profile", "profile", metavar="NAME|PATH", default=None,
              help="Rule profile: a name of checks/profiles or a profile file (default: budget).")
@click.option("--explanations", "explanations_file", metavar="FILE.yaml", default=None,
              help="Accepted explanations: matching findings do not count toward the gate.")
@click.option("--dask", "dask_address", metavar="SCHEDULER_ADDRESS", default=None,
              help="Run the per-submission work on a Dask distributed cluster.")
@click.option("--annotate", type=click.Path(file_okay=False), default=None,
              help="Write each submission's annotated workbook under DIR (linked from the dashboard).")
@click.option("--evidence", type=click.Path(file_okay=False), default=None,
              help="Write each submission's evidence bundle under DIR (linked from the dashboard).")
def batch_command(inbox: str, store: str | None, jobs: int | None, force: bool,
                  profile: str | None, explanations_file: str | None,
                  dask_address: str | None, annotate: str | None, evidence: str | None) -> None:
    """Validate every workbook under INBOX into the review history (runs, submissions, findings).

    Files already recorded with the same SHA-256, contracts and profile are skipped, so an
    interrupted batch resumes. Exit 0 when every file validated passed, 1 when one failed or could
    not be read, 2 when the inbox, the store or a contract cannot be used.
    """
    from .bureau.cli import batch

    batch(inbox, store, jobs, force, profile, explanations_file, dask_address, annotate, evidence)


@main.command("dashboard")
@click.option("--store", default=None, metavar="URL",
              help="The review history (default budgetcheck-history.sqlite), as for batch.")
@click.option("--out", "out", required=True, type=click.Path(file_okay=False),
              help="Directory of the site (index.html, units/, assets/).")
def dashboard_command(store: str | None, out: str) -> None:
    """Write a static site over the review history that works offline: one line per unit,
    filters and sorting, the rules that fail most, each unit's submissions and what each fixed."""
    from .dashboard.build import build_dashboard
    from .errors import InputError
    from .store.db import DEFAULT_STORE

    try:
        index = build_dashboard(store or DEFAULT_STORE, out)
    except InputError as exc:
        _fail(exc.one_line())
    except OSError as exc:
        _fail(f"{exc.filename or out}: cannot write the dashboard ({exc.strerror or exc})")
    click.echo(f"budgetcheck: dashboard: {index}", err=True)


@main.command("rules")
@click.option("--profile", "profile", metavar="NAME|PATH", default=None,
              help="Rule profile: a name of checks/profiles or a profile file (default: budget).")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text",
              show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the catalogue to FILE.")
def rules_command(profile: str | None, fmt: str, output: str | None) -> None:
    """List every rule of the catalogue (under a profile): id, severity, family, tables, title,
    parameters."""
    from .contracts.profiles import load_rules
    from .reports.rule_catalogue import render_rules

    try:
        text = render_rules(load_rules(profile), fmt)
    except ContractError as exc:
        _fail(exc.one_line(), raw=True)
    _emit(text, output, "catalogue")


@main.command("gate")
@click.argument("submissions", type=click.Path())
@click.option("--out", "out", required=True, type=click.Path(file_okay=False),
              help="Directory for junit.xml, summary.md, data-docs/, annotated/, evidence/.")
@click.option("--base", default=None, metavar="REF",
              help="Validate only workbooks added or changed since this commit (default: all).")
@click.option("--no-data-docs", "no_data_docs", is_flag=True, help="Skip the Data Docs site.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.option("--profile", "profile", metavar="NAME|PATH", default=None,
              help="Rule profile: a name of checks/profiles or a profile file (default: budget).")
@click.option("--explanations", "explanations_file", metavar="FILE.yaml", default=None,
              help="Accepted explanations: matching findings do not count toward the gate.")
def gate_command(submissions: str, out: str, base: str | None, no_data_docs: bool, lang: str,
                 profile: str | None, explanations_file: str | None) -> None:
    """The CI gate: validate the workbooks added or changed under SUBMISSIONS (all of them
    without --base) and write every artifact to --out.

    Exit 0 no error-severity finding, 1 at least one, 2 an unreadable workbook, a wrong contract
    or an output that cannot be written."""
    from pathlib import Path

    from .gate import run_gate
    from .reasons import contract_line

    _lang["value"] = lang
    try:
        contracts = _load_contracts(profile, explanations_file)
    except ContractError as exc:
        _fail(contract_line(exc.one_line(), lang), raw=True)
    try:
        run = run_gate(submissions, out, base, lang, not no_data_docs, profile, explanations_file, contracts)
    except OSError as exc:
        _fail(f"{exc.filename or out}: cannot write output ({exc.strerror or exc})")
    if not run.files:
        click.echo((Path(out) / "summary.md").read_text(encoding="utf-8"), nl=False)
    for path in run.files:
        _say(f"gate: {path}", err=False, raw=True)
    for line in [*run.lines, *run.failures]:
        _say(line)
    _say(f"gate: exit {run.code}", err=False, raw=True)
    sys.exit(run.code)


@main.command("verify-evidence")
@click.argument("bundle", type=click.Path(dir_okay=False))
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
def verify_evidence_command(bundle: str, lang: str = "zh") -> None:
    """Check every hash of an evidence bundle and re-run its validation from the bundle alone.

    Exit 0 when every hash holds and the verdict is reproduced, 1 when not, 2 when unreadable.
    """
    _lang["value"] = lang
    from .reports.evidence import EvidenceUnreadable, verify_evidence

    try:
        report = verify_evidence(bundle)
    except EvidenceUnreadable as exc:
        _fail(str(exc))
    for line in [*report.problems, *report.notes]:
        _say(f"{bundle}: {line}", err=False, prefix="")
    if report.ok:
        _say(f"{bundle}: all hashes hold; verdict reproduced", err=False, prefix="")
    elif not report.problems:
        _say(f"{bundle}: verdict not reproduced", err=False, prefix="")
    sys.exit(0 if report.ok else 1)


@main.command("expectations")
@click.option("--write", is_flag=True, help="Write the generated suites into the contracts' expectations/.")
@click.option("--check", is_flag=True, help="Exit 1 when the committed suites differ from the generated ones.")
def expectations_command(write: bool, check: bool) -> None:
    """Generate the Great Expectations suites from the table and rule catalogues."""
    from .contracts.paths import expectations_dir
    from .gx.generate import drift, generate_suites, write_suites

    try:
        suites = generate_suites()
    except ContractError as exc:
        _fail(exc.one_line())
    if write:
        for path in write_suites(expectations_dir(), suites):
            click.echo(f"wrote {path}")
    if check or not write:
        stale = drift(expectations_dir(), suites)
        for name in stale:
            click.echo(f"{expectations_dir() / name}: differs from the generated suite (run: budgetcheck expectations --write)")
        sys.exit(1 if stale else 0)


@main.command("inspect")
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the result to FILE.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
def inspect_command(paths: tuple[str, ...], fmt: str, output: str | None, lang: str) -> None:
    """Show how each workbook is read: which sheet and range became which table and how it was
    found, the header mapping, the unit, the rows read and the rows skipped with the reason."""
    from .errors import InputError
    from .reports.inspect import inspect_workbook, render_inspect_json, render_inspect_text

    reports = []
    try:
        for path in paths:
            reports.append(inspect_workbook(path))
    except (InputError, ContractError) as exc:
        _fail(exc.one_line())
    text = render_inspect_json(reports) if fmt == "json" else render_inspect_text(reports, lang)
    _emit(text, output, "inspection")


if __name__ == "__main__":  # pragma: no cover
    main()

"""The command line: a thin layer over contracts, engine and reports.

Exit codes: 0 no error-severity finding, 1 at least one, 2 a file or contract that cannot be read
(one line naming the file and place, never a traceback).
"""

from __future__ import annotations

import sys

import click

from .errors import ContractError

FORMATS = ["text", "json"]


def _fail(message: str) -> None:
    click.echo(f"budgetcheck: {message}", err=True)
    sys.exit(2)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="budgetcheck")
def main() -> None:
    """Validate budget and final-accounts disclosure workbooks (预算/决算公开)."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the report to FILE.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.option("--engine", type=click.Choice(["native", "pandera"]), default="native", show_default=True,
              help="Who runs the table schemas (schemas/*.yaml): the native executor or pandera.")
def validate(paths: tuple[str, ...], fmt: str, output: str | None, lang: str, engine: str) -> None:
    """Validate one or more submission workbooks."""
    from .contracts.rules import load_ruleset
    from .engine import validate_paths

    if engine != "native":
        from .rules.structure import set_engine

        set_engine(engine)

    try:
        ruleset = load_ruleset()  # contracts are validated before any data is read
    except ContractError as exc:
        _fail(exc.one_line())
    results = validate_paths(list(paths), ruleset)
    if fmt == "json":
        from .reports.json_report import render_json

        report = render_json(results, ruleset, lang)
    else:
        from .reports.text import render_text

        report = render_text(results, ruleset, lang)
    if output:
        try:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(report)
        except OSError as exc:
            _fail(f"{output}: cannot write report ({exc.strerror or exc})")
    else:
        click.echo(report, nl=False)
    for result in results:
        if result.status == "error":
            click.echo(f"budgetcheck: {result.reason}", err=True)
    if any(r.status == "error" for r in results):
        sys.exit(2)
    sys.exit(1 if any(r.status == "failed" for r in results) else 0)


if __name__ == "__main__":  # pragma: no cover
    main()

"""Layout family: what the reader saw in the cells a table was read from and a reviewer must
know, as findings: Excel error cells, formulas it could not read, hidden rows, columns and
sheets read as data. The reader collects them (``Submission.marks``); each rule reports one kind.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..errors import ContractError
from ..model import Finding
from .base import RuleContext
from .checked import checked_family, line_of

KINDS = ("error_cell", "unreadable_formula", "hidden_row", "hidden_column", "hidden_sheet",
         "out_of_domain", "excess_decimals", "duplicate_table", "duplicate_copy", "empty_table")


def _check_kind(rule_id: str, params: dict[str, Any], path: str, line: int) -> None:
    if params["mark"] not in KINDS:
        raise ContractError(path, line_of(params, "mark", line),
                            f"rule {rule_id}: unknown mark '{params['mark']}' (known: {list(KINDS)})")
    from ..contracts.tables import load_catalogue

    known = load_catalogue().by_id
    for name in params.get("tables") or []:
        if name not in known:
            raise ContractError(path, line_of(params, "tables", line), f"rule {rule_id}: unknown table '{name}'")


@checked_family("layout", required={"mark": str}, optional={"tables": list}, prepare=_check_kind)
def layout(ctx: RuleContext) -> Iterator[Finding]:
    """One finding per mark of the rule's kind (in ``tables``, when given), naming its cells."""
    wanted = ctx.params.get("tables")
    for mark in ctx.submission.marks:
        if mark.kind != ctx.params["mark"] or (wanted and mark.table not in wanted):
            continue
        detail = str(mark.args.get("detail", ""))
        yield Finding(rule=ctx.rule_id, severity=ctx.severity,  # type: ignore[arg-type]
                      table=mark.table, cells=list(mark.cells), expected="", actual=detail,
                      args={"table": mark.table, **mark.args})

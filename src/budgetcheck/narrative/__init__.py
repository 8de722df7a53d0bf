"""The narrative (情况说明) checker: claims read from the text, checked against themselves and,
when a workbook is given, against the table cells they restate.

Names are imported on first use, so that validating a workbook alone does not pay for compiling
the claim patterns.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "load_catalogue": ".catalogue", "render_message": ".catalogue",
    "NarrativeResult": ".check", "check_narrative": ".check",
    "Claim": ".claims", "extract_claims": ".claims",
    "Document": ".document", "NarrativeInputError": ".document", "Sentence": ".document",
    "read_document": ".document",
    "match_claims": ".tables", "match_claims_to_tables": ".tables",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(module, __name__), name)

"""The narrative (情况说明) checker: claims read from the text, checked against themselves and,
when a workbook is given, against the table cells they restate."""

from .catalogue import load_catalogue, render_message
from .check import NarrativeResult, check_narrative
from .claims import Claim, extract_claims
from .document import Document, NarrativeInputError, Sentence, read_document
from .tables import match_claims, match_claims_to_tables

__all__ = [
    "Claim", "Document", "NarrativeInputError", "NarrativeResult", "Sentence",
    "check_narrative", "extract_claims", "load_catalogue", "match_claims",
    "match_claims_to_tables", "read_document", "render_message",
]

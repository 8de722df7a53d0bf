"""Rule families. Importing this package registers every family in ``FAMILIES``."""

from . import arithmetic, change, crosstable, layout, narrative, structure, targets  # noqa: F401  (registers the families)
from .base import FAMILIES, Family, RuleContext

__all__ = ["FAMILIES", "Family", "RuleContext"]

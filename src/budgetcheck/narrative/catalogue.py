"""The narrative rule catalogue (checks/narrative.yaml) and message rendering."""

from __future__ import annotations

import string
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..model import Finding


class _Missing(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@lru_cache(maxsize=4)
def load_catalogue(path: str | None = None) -> dict[str, dict[str, Any]]:
    """Rule id -> entry (id, severity, title, message, params)."""
    import yaml  # lazily: only rendering needs it

    from ..contracts.paths import checks_dir

    default = checks_dir() / "narrative.yaml"
    candidates = [Path(path)] if path else [p for p in (default,) if p.is_file()]
    if not candidates:
        raise FileNotFoundError("checks/narrative.yaml not found")
    data = yaml.safe_load(candidates[0].read_text(encoding="utf-8"))
    rules = data["rules"] if isinstance(data, dict) else data
    return {entry["id"]: entry for entry in rules}


def render_message(rule_entry: dict[str, Any], finding: Finding, lang: str = "zh") -> str:
    """Fill the rule's message template in ``lang`` from the finding's args."""
    template = rule_entry["message"].get(lang) or rule_entry["message"]["zh"]
    args = _Missing({k: "" if v is None else v for k, v in finding.args.items()})
    args.setdefault("expected", finding.expected)
    args.setdefault("actual", finding.actual)
    return string.Formatter().vformat(template, (), args)

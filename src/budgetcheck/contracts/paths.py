"""Where the shipped contracts live: inside the installed package (``_contracts``), or at the top
of a source checkout (``schemas/``, ``checks/``, ``expectations/``)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent


@cache
def contracts_root() -> Path:
    shipped = _PACKAGE / "_contracts"
    if (shipped / "checks").is_dir():
        return shipped
    checkout = _PACKAGE.parent.parent
    if (checkout / "checks").is_dir():
        return checkout
    raise FileNotFoundError("budgetcheck contracts not found (schemas/, checks/)")


def checks_dir() -> Path:
    return contracts_root() / "checks"


def schemas_dir() -> Path:
    return contracts_root() / "schemas"


def expectations_dir() -> Path:
    return contracts_root() / "expectations"

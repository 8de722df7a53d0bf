"""Where the shipped contracts live: inside the installed package (``_contracts``), or at the top
of a source checkout (``schemas/``, ``checks/``, ``expectations/``)."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent


# A bundle re-run (``verify-evidence``) points the loaders at its own copy of the contracts.
OVERRIDE_ENV = "BUDGETCHECK_CONTRACTS"


@cache
def contracts_root() -> Path:
    override = os.environ.get(OVERRIDE_ENV)
    if override:
        return Path(override)
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

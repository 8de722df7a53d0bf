"""Register the project's custom checks (``schema.CUSTOM_CHECKS``) with pandera, so that
``pa.DataFrameSchema.from_yaml`` can load schemas/<table>.yaml. Call ``register()`` before loading.

The check functions are the native executor's own, applied to the column's values, so both
engines decide the same cells. pandera is imported here only, never on the plain validate path.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .schema import CUSTOM_CHECKS

_registered = False


def register() -> None:
    global _registered
    if _registered:
        return
    import pandas as pd
    import pandera.extensions as extensions
    from pandera.api.checks import Check

    for name, fn in CUSTOM_CHECKS.items():
        if hasattr(Check, name):
            continue

        def check(series: Any, fn: Any = fn) -> Any:
            return pd.Series(fn(series.tolist()), index=series.index, dtype=bool)

        check.__name__ = name
        extensions.register_check_method(statistics=[], supported_types=[pd.Series])(check)
    _registered = True


def load_pandera_schema(path: str | Path) -> Any:
    """The pandera DataFrameSchema of a schema file (custom checks registered first)."""
    import pandera.pandas as pa

    register()
    return pa.DataFrameSchema.from_yaml(Path(path))

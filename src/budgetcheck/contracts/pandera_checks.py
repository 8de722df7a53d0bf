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


_CHECK_NAMES = {"field_uniqueness": "unique", "not_nullable": "nullable", "column_in_dataframe": "required"}


def check_name(pandera_check: str) -> str:
    """pandera's name of a failed check ("str_matches('^…')", "field_uniqueness") as the native
    executor names it ("str_matches", "unique")."""
    name = pandera_check.split("(", 1)[0]
    if name.startswith("dtype"):
        return "dtype"
    return _CHECK_NAMES.get(name, name)


def pandera_failures(schema: Any, records: Any) -> list[Any]:
    """The failures of a schema (``schema.TableSchema``) over a table's records, found by pandera
    itself, as native ``Failure`` objects in the native order (column, then check, then row)."""
    import math

    import pandera.errors

    from .frames import table_frame
    from .schema import Failure

    frame = table_frame(records.table)
    try:
        load_pandera_schema_cached(schema.path).validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as exc:
        found = []
        for _, case in exc.failure_cases.iterrows():
            index = case["index"]
            if index is None or (isinstance(index, float) and math.isnan(index)):
                index = None
            column = str(case["column"])
            check = check_name(str(case["check"]))
            if index is None:
                found.append(Failure(records.table.kind, column, None, check, schema.columns[column].dtype
                                     if check == "dtype" and column in schema.columns else None, ""))
                continue
            index = int(index)
            found.append(Failure(records.table.kind, column, index, check, records.data[column][index],
                                 records.ref(index, column)))
        order = {name: n for n, name in enumerate(schema.columns)}
        checks = ["dtype", "nullable", "unique"]
        return sorted(found, key=lambda f: (order.get(f.column, 0),
                                            checks.index(f.check) if f.check in checks else 3,
                                            f.index if f.index is not None else -1))
    return []


_SCHEMAS: dict[str, Any] = {}


def load_pandera_schema_cached(path: str) -> Any:
    if path not in _SCHEMAS:
        _SCHEMAS[path] = load_pandera_schema(path)
    return _SCHEMAS[path]

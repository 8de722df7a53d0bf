"""Run the committed suites on a submission's frames in an ephemeral GX context (nothing stored).

great_expectations is imported here, lazily, with usage statistics and progress bars off. The
Data Docs site (``reports.datadocs``) runs the same suites through a file-backed context.
"""

from __future__ import annotations

import os
from typing import Any

RESULT_FORMAT = {"result_format": "COMPLETE", "unexpected_index_column_names": ["key", "sheet_row"]}


def validate_frames(frames: dict[str, Any], suites: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """table id → GX validation result (``ExpectationSuiteValidationResult``) of its suite (table id →
    suite JSON, as ``reports.datadocs.load_suites`` gives) on its frame; tables without a suite are
    skipped."""
    os.environ["GX_ANALYTICS_ENABLED"] = "False"
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    source = context.data_sources.add_pandas("frames")
    results = {}
    for table, frame in frames.items():
        if table not in suites:
            continue
        suite = context.suites.add(gx.ExpectationSuite(**suites[table]))
        batch = source.add_dataframe_asset(table).add_batch_definition_whole_dataframe("whole")
        definition = context.validation_definitions.add(
            gx.ValidationDefinition(name=suites[table]["name"], data=batch, suite=suite))
        results[table] = definition.run(batch_parameters={"dataframe": frame}, result_format=RESULT_FORMAT)
    return results

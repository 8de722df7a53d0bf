"""Great Expectations integration: suites generated from the contracts, run only on request.

Nothing here imports great_expectations at module level; ``budgetcheck.gx.run`` does, lazily.
"""

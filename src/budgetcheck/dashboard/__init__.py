"""``budgetcheck dashboard``: a static, offline site over the review history."""

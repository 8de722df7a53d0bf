"""The engine: run a rule set over a read submission and decide the verdict."""

from .run import SubmissionResult, check_submission, validate_paths

__all__ = ["SubmissionResult", "check_submission", "validate_paths"]

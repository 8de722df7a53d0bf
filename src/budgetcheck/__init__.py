"""budgetcheck: declarative validation of Chinese government budget disclosures."""

__version__ = "0.1.0"

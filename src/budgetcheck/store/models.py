"""The tables of the review history. A change here needs a new migration in migrations/versions
(the migration test compares the migrated schema with these models)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Run(Base):
    """One ``budgetcheck batch`` over an inbox."""

    __tablename__ = "runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    started_at: Mapped[datetime] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    status: Mapped[str] = mapped_column(String(16))  # running | finished (a killed run stays running)
    inbox: Mapped[str] = mapped_column(Text)
    executor: Mapped[str] = mapped_column(String(200))  # "local:2" | "dask:tcp://…"
    tool_version: Mapped[str] = mapped_column(String(40))
    contracts_version: Mapped[str] = mapped_column(String(64))
    profile: Mapped[str] = mapped_column(String(200))
    profile_version: Mapped[str] = mapped_column(String(64))
    files_seen: Mapped[int] = mapped_column(Integer, default=0)
    validated: Mapped[int] = mapped_column(Integer, default=0)
    skipped: Mapped[int] = mapped_column(Integer, default=0)


class SubmissionRow(Base):
    """One submitted file as validated under one version of the contracts and profile."""

    __tablename__ = "submissions"
    __table_args__ = (UniqueConstraint("sha256", "contracts_version", "profile_version",
                                       name="uq_submission_contracts"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id"), index=True)
    unit_key: Mapped[str | None] = mapped_column(String(200), index=True, nullable=True)
    unit_code: Mapped[str | None] = mapped_column(String(64), nullable=True)
    unit_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    file: Mapped[str] = mapped_column(Text)  # relative to the run's inbox, with / separators
    file_name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int | None] = mapped_column(Integer, nullable=True)
    submitted_at: Mapped[float | None] = mapped_column(Float, nullable=True)  # file mtime (epoch s)
    tool_version: Mapped[str] = mapped_column(String(40))
    contracts_version: Mapped[str] = mapped_column(String(64))
    profile: Mapped[str] = mapped_column(String(200))
    profile_version: Mapped[str] = mapped_column(String(64))
    verdict: Mapped[str] = mapped_column(String(16))  # passed | failed | error
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    errors: Mapped[int] = mapped_column(Integer)
    warnings: Mapped[int] = mapped_column(Integer)
    explained: Mapped[int] = mapped_column(Integer)
    rules_run: Mapped[int] = mapped_column(Integer)
    # the diagnosis' most likely wrong cells, best first, when the validation gives one
    suspects: Mapped[list[Any] | None] = mapped_column(JSON, nullable=True)
    artifacts: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    recorded_at: Mapped[datetime] = mapped_column(DateTime)

    findings: Mapped[list[FindingRow]] = relationship(
        back_populates="submission", cascade="all, delete-orphan", order_by="FindingRow.seq")


class FindingRow(Base):
    """One finding of a submission, with its evidence and both messages."""

    __tablename__ = "findings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        ForeignKey("submissions.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer)  # order within the submission (catalogue order)
    rule: Mapped[str] = mapped_column(String(32), index=True)
    severity: Mapped[str] = mapped_column(String(16))
    table_name: Mapped[str] = mapped_column(String(64))
    cells: Mapped[list[str]] = mapped_column(JSON)
    expected: Mapped[str] = mapped_column(Text)
    actual: Mapped[str] = mapped_column(Text)
    message_zh: Mapped[str] = mapped_column(Text)
    message_en: Mapped[str] = mapped_column(Text)
    args: Mapped[dict[str, Any]] = mapped_column(JSON)
    location: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    explained: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)

    submission: Mapped[SubmissionRow] = relationship(back_populates="findings")

"""The review history: runs, submissions, findings.

Revision ID: 0001
Revises:
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "runs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("started_at", sa.DateTime, nullable=False),
        sa.Column("finished_at", sa.DateTime, nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("inbox", sa.Text, nullable=False),
        sa.Column("executor", sa.String(200), nullable=False),
        sa.Column("tool_version", sa.String(40), nullable=False),
        sa.Column("contracts_version", sa.String(64), nullable=False),
        sa.Column("profile", sa.String(200), nullable=False),
        sa.Column("profile_version", sa.String(64), nullable=False),
        sa.Column("files_seen", sa.Integer, nullable=False),
        sa.Column("validated", sa.Integer, nullable=False),
        sa.Column("skipped", sa.Integer, nullable=False),
    )
    op.create_table(
        "submissions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id"), nullable=False),
        sa.Column("unit_key", sa.String(200), nullable=True),
        sa.Column("unit_code", sa.String(64), nullable=True),
        sa.Column("unit_name", sa.String(200), nullable=True),
        sa.Column("year", sa.Integer, nullable=True),
        sa.Column("file", sa.Text, nullable=False),
        sa.Column("file_name", sa.String(255), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.Integer, nullable=True),
        sa.Column("submitted_at", sa.Float, nullable=True),
        sa.Column("tool_version", sa.String(40), nullable=False),
        sa.Column("contracts_version", sa.String(64), nullable=False),
        sa.Column("profile", sa.String(200), nullable=False),
        sa.Column("profile_version", sa.String(64), nullable=False),
        sa.Column("verdict", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text, nullable=True),
        sa.Column("errors", sa.Integer, nullable=False),
        sa.Column("warnings", sa.Integer, nullable=False),
        sa.Column("explained", sa.Integer, nullable=False),
        sa.Column("rules_run", sa.Integer, nullable=False),
        sa.Column("suspects", sa.JSON, nullable=True),
        sa.Column("artifacts", sa.JSON, nullable=True),
        sa.Column("recorded_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("sha256", "contracts_version", "profile_version",
                            name="uq_submission_contracts"),
    )
    op.create_index("ix_submissions_run_id", "submissions", ["run_id"])
    op.create_index("ix_submissions_unit_key", "submissions", ["unit_key"])
    op.create_table(
        "findings",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("submission_id", sa.Integer,
                  sa.ForeignKey("submissions.id", ondelete="CASCADE"), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("rule", sa.String(32), nullable=False),
        sa.Column("severity", sa.String(16), nullable=False),
        sa.Column("table_name", sa.String(64), nullable=False),
        sa.Column("cells", sa.JSON, nullable=False),
        sa.Column("expected", sa.Text, nullable=False),
        sa.Column("actual", sa.Text, nullable=False),
        sa.Column("message_zh", sa.Text, nullable=False),
        sa.Column("message_en", sa.Text, nullable=False),
        sa.Column("args", sa.JSON, nullable=False),
        sa.Column("location", sa.JSON, nullable=True),
        sa.Column("explained", sa.JSON, nullable=True),
    )
    op.create_index("ix_findings_submission_id", "findings", ["submission_id"])
    op.create_index("ix_findings_rule", "findings", ["rule"])


def downgrade() -> None:
    op.drop_table("findings")
    op.drop_table("submissions")
    op.drop_table("runs")

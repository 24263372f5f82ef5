"""Alignment across levels: one current run with its comparisons, chains, implied checks
and strategy coverage.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "alignment_runs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("fingerprint", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("links", sa.JSON, nullable=False),
        sa.Column("implied", sa.JSON, nullable=False),
        sa.Column("coverage", sa.JSON, nullable=False),
    )
    op.create_table(
        "alignments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("alignment_runs.id", ondelete="CASCADE"), nullable=False),
        sa.Column("lower_code", sa.String(6), nullable=False),
        sa.Column("lower_region", sa.String(100), nullable=False),
        sa.Column("lower_level", sa.String(10), nullable=False),
        sa.Column("upper_code", sa.String(6), nullable=False),
        sa.Column("upper_region", sa.String(100), nullable=False),
        sa.Column("upper_level", sa.String(10), nullable=False),
        sa.Column("window", sa.String(9), nullable=False),
        sa.Column("indicator_id", sa.String(80), nullable=False),
        sa.Column("indicator", sa.Text, nullable=False),
        sa.Column("category", sa.String(20), nullable=False),
        sa.Column("relation", sa.String(16), nullable=False),
        sa.Column("measure", sa.String(16)),
        sa.Column("lower_value", sa.Float),
        sa.Column("upper_value", sa.Float),
        sa.Column("difference", sa.Float),
        sa.Column("escalation", sa.Float),
        sa.Column("binding", sa.Boolean, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("lower_text", sa.Text),
        sa.Column("upper_text", sa.Text),
        sa.Column("lower_label", sa.Text),
        sa.Column("lower_doc_id", sa.Integer),
        sa.Column("lower_start", sa.Integer),
        sa.Column("lower_end", sa.Integer),
        sa.Column("lower_quote", sa.Text),
        sa.Column("upper_label", sa.Text),
        sa.Column("upper_doc_id", sa.Integer),
        sa.Column("upper_start", sa.Integer),
        sa.Column("upper_end", sa.Integer),
        sa.Column("upper_quote", sa.Text),
        sa.Column("upper_from_reference", sa.Boolean, nullable=False),
    )
    op.create_index("ix_alignments_run_id", "alignments", ["run_id"])
    op.create_index("ix_alignments_lower_code", "alignments", ["lower_code"])
    op.create_index("ix_alignments_upper_code", "alignments", ["upper_code"])
    op.create_index("ix_alignments_indicator_id", "alignments", ["indicator_id"])
    op.create_index("ix_alignments_relation", "alignments", ["relation"])


def downgrade() -> None:
    op.drop_table("alignments")
    op.drop_table("alignment_runs")

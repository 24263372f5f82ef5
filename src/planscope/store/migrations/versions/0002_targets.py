"""Targets and reported actuals extracted from each document.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "targets",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("ord", sa.Integer, nullable=False),
        sa.Column("is_actual", sa.Boolean, nullable=False),
        sa.Column("indicator", sa.Text, nullable=False),
        sa.Column("indicator_id", sa.String(80)),
        sa.Column("match", sa.String(10)),
        sa.Column("value", sa.Text),
        sa.Column("unit", sa.String(40)),
        sa.Column("value_normalized", sa.Float),
        sa.Column("unit_normalized", sa.String(20)),
        sa.Column("low", sa.Float),
        sa.Column("high", sa.Float),
        sa.Column("comparator", sa.String(8), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("year", sa.Integer),
        sa.Column("year_implied", sa.Boolean, nullable=False),
        sa.Column("baseline_value", sa.Float),
        sa.Column("baseline_year", sa.Integer),
        sa.Column("attribute", sa.String(10)),
        sa.Column("inherited", sa.Boolean, nullable=False),
        sa.Column("source", sa.String(40), nullable=False),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("value_start", sa.Integer, nullable=False),
        sa.Column("value_end", sa.Integer, nullable=False),
        sa.Column("quote", sa.Text, nullable=False),
        sa.Column("notes", sa.JSON, nullable=False),
    )
    op.create_index("ix_targets_document_id", "targets", ["document_id"])
    op.create_index("ix_targets_is_actual", "targets", ["is_actual"])
    op.create_index("ix_targets_indicator_id", "targets", ["indicator_id"])
    op.create_index("ix_targets_year", "targets", ["year"])


def downgrade() -> None:
    op.drop_table("targets")

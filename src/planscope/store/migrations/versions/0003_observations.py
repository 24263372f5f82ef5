"""Observations from spreadsheets and people, every vintage kept.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "observations",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("region_code", sa.String(6), nullable=False),
        sa.Column("region", sa.String(100), nullable=False),
        sa.Column("indicator_id", sa.String(80), nullable=False),
        sa.Column("indicator", sa.Text, nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("value", sa.Text, nullable=False),
        sa.Column("unit", sa.String(40)),
        sa.Column("value_normalized", sa.Float, nullable=False),
        sa.Column("unit_normalized", sa.String(20)),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("source_type", sa.String(10), nullable=False),
        sa.Column("source", sa.Text),
        sa.Column("file", sa.Text),
        sa.Column("cell", sa.String(40)),
        sa.Column("recorded_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_observations_region_code", "observations", ["region_code"])
    op.create_index("ix_observations_indicator_id", "observations", ["indicator_id"])
    op.create_index("ix_observations_year", "observations", ["year"])
    op.create_index("ix_observations_recorded_at", "observations", ["recorded_at"])


def downgrade() -> None:
    op.drop_table("observations")

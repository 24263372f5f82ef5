"""Imported spreadsheets remembered by content; plausibility flags on extracted values.

``imports`` keeps one row per spreadsheet file that went in (SHA-256 of its bytes), so the
same file imported twice is recognised instead of making a second identical vintage.
``targets.flags`` holds the checks an extracted value failed (an implausible share, a
negative count …): the value is kept and shown with its flag, never dropped.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "imports",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("checksum", sa.String(64), nullable=False, unique=True),
        sa.Column("file_name", sa.Text, nullable=False),
        sa.Column("rows", sa.Integer, nullable=False),
        sa.Column("imported_at", sa.DateTime, nullable=False),
    )
    with op.batch_alter_table("targets") as batch:
        batch.add_column(sa.Column("flags", sa.JSON, nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("targets") as batch:
        batch.drop_column("flags")
    op.drop_table("imports")

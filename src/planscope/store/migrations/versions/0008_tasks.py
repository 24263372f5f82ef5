"""Supervision: responsible units per region, tasks with their units and milestones,
progress updates and revisions of targets and tasks (issue 13).

* ``org_units``: a region's units (责任单位) with their aliases, the body they are in the
  body catalogue, and the users who act for them.
* ``tasks``: region, the document and span it was extracted from (or ``manual``), text,
  outline path, deadline as written and its last day, reporting frequency, linked targets
  and indicators; ``version`` is the optimistic-lock counter (a second writer of the same
  task is refused, nothing lost).  No status column: status is computed.
* ``task_units`` (lead and co-units), ``task_milestones``, ``task_updates`` (text,
  attachment, percent or milestone, reason when late, the lead unit's confirmation).
* ``revisions``: reason, approving document, effective date, before/after, who and when.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-08
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "org_units",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("region_code", sa.String(6), nullable=False, index=True),
        sa.Column("region", sa.String(100), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("body", sa.String(80)),
        sa.Column("aliases", sa.JSON, nullable=False),
        sa.Column("members", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("region_code", "name", name="uq_org_units_region_name"),
    )
    op.create_table(
        "tasks",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("region_code", sa.String(6), nullable=False, index=True),
        sa.Column("region", sa.String(100), nullable=False),
        sa.Column("number", sa.String(40)),
        sa.Column("title", sa.Text),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("origin", sa.String(20), nullable=False),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="SET NULL"), index=True),
        sa.Column("document_name", sa.Text),
        sa.Column("start", sa.Integer),
        sa.Column("end", sa.Integer),
        sa.Column("deadline_text", sa.Text),
        sa.Column("deadline_kind", sa.String(20)),
        sa.Column("due", sa.Date, index=True),
        sa.Column("started_on", sa.Date),
        sa.Column("frequency", sa.String(20), nullable=False),
        sa.Column("target_ids", sa.JSON, nullable=False),
        sa.Column("indicator_ids", sa.JSON, nullable=False),
        sa.Column("notes", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("created_by", sa.String(100), nullable=False),
        sa.Column("updated_at", sa.DateTime),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_table(
        "task_units",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("task_id", sa.Integer, sa.ForeignKey("tasks.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("unit_id", sa.Integer, sa.ForeignKey("org_units.id", ondelete="RESTRICT"), nullable=False,
                  index=True),
        sa.Column("role", sa.String(10), nullable=False),
        sa.Column("ord", sa.Integer, nullable=False),
        sa.Column("written", sa.Text),
        sa.UniqueConstraint("task_id", "unit_id", name="uq_task_units"),
    )
    op.create_table(
        "task_milestones",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("task_id", sa.Integer, sa.ForeignKey("tasks.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("ord", sa.Integer, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("due", sa.Date, nullable=False),
    )
    op.create_table(
        "task_updates",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("task_id", sa.Integer, sa.ForeignKey("tasks.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("unit_id", sa.Integer, sa.ForeignKey("org_units.id", ondelete="RESTRICT"), nullable=False,
                  index=True),
        sa.Column("on", sa.Date, nullable=False, index=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("percent", sa.Integer),
        sa.Column("milestone_id", sa.Integer, sa.ForeignKey("task_milestones.id", ondelete="SET NULL")),
        sa.Column("late_reason", sa.Text),
        sa.Column("attachment", sa.Text),
        sa.Column("attachment_name", sa.Text),
        sa.Column("needs_confirmation", sa.Boolean, nullable=False),
        sa.Column("confirmed_by", sa.String(100)),
        sa.Column("confirmed_at", sa.DateTime),
        sa.Column("entered_by", sa.String(100), nullable=False),
        sa.Column("entered_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "revisions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("object_type", sa.String(10), nullable=False),
        sa.Column("object_key", sa.String(200), nullable=False),
        sa.Column("object_id", sa.Integer),
        sa.Column("region_code", sa.String(6), index=True),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("approved_by_doc", sa.Text, nullable=False),
        sa.Column("effective", sa.Date, nullable=False),
        sa.Column("before", sa.JSON, nullable=False),
        sa.Column("after", sa.JSON, nullable=False),
        sa.Column("made_by", sa.String(100), nullable=False),
        sa.Column("made_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_revisions_object", "revisions", ["object_type", "object_key"])


def downgrade() -> None:
    op.drop_index("ix_revisions_object", "revisions")
    for name in ("revisions", "task_updates", "task_milestones", "task_units", "tasks", "org_units"):
        op.drop_table(name)

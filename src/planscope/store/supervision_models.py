"""Models of supervision (migration 0008): the responsible units of each region, tasks with
their units and milestones, progress updates, and revisions of targets and tasks.

A task's status is never stored: ``planscope.supervision.status.task_status`` computes it
from the deadline, the milestones and the counted updates as of a date.  ``Task.version``
is SQLAlchemy's version counter: every change to a task, and every update filed for it,
raises it, so two people changing the same task at once cannot both succeed — the second
is told (``ConflictError``) and writes nothing.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planscope.store.models import Base


class OrgUnit(Base):
    """A responsible unit (责任单位) of a region: 示例市发展和改革委员会, known also by its aliases
    (市发改委, 发改委).  ``body`` is the kind of body in the body catalogue when known."""

    __tablename__ = "org_units"
    __table_args__ = (UniqueConstraint("region_code", "name", name="uq_org_units_region_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    region_code: Mapped[str] = mapped_column(String(6), index=True)
    region: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(200))
    body: Mapped[str | None] = mapped_column(String(80))
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    members: Mapped[list[str]] = mapped_column(JSON, default=list)  # user names who act for the unit
    created_at: Mapped[datetime] = mapped_column(DateTime)


class Task(Base):
    """One task (任务): what is to be done, where it came from, who leads, by when."""

    __tablename__ = "tasks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    region_code: Mapped[str] = mapped_column(String(6), index=True)
    region: Mapped[str] = mapped_column(String(100))
    number: Mapped[str | None] = mapped_column(String(40))
    title: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    path: Mapped[str] = mapped_column(Text, default="")
    origin: Mapped[str] = mapped_column(String(20))  # document | manual
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="SET NULL"), index=True)
    document_name: Mapped[str | None] = mapped_column(Text)  # kept when the document is deleted
    start: Mapped[int | None] = mapped_column(Integer)
    end: Mapped[int | None] = mapped_column(Integer)
    deadline_text: Mapped[str | None] = mapped_column(Text)  # as written: 2022年10月底前, 长期坚持
    deadline_kind: Mapped[str | None] = mapped_column(String(20))  # date | year | period | standing | recurring
    due: Mapped[date | None] = mapped_column(Date, index=True)  # the last day, where one follows
    started_on: Mapped[date | None] = mapped_column(Date)
    frequency: Mapped[str] = mapped_column(String(20))  # monthly | quarterly
    target_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    indicator_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    notes: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by: Mapped[str] = mapped_column(String(100))
    updated_at: Mapped[datetime | None] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's declarative attribute

    units: Mapped[list[TaskUnit]] = relationship(
        back_populates="task", cascade="all, delete-orphan", order_by="TaskUnit.ord", passive_deletes=True)
    milestones: Mapped[list[Milestone]] = relationship(
        back_populates="task", cascade="all, delete-orphan", order_by="Milestone.ord", passive_deletes=True)
    updates: Mapped[list[TaskUpdate]] = relationship(
        back_populates="task", cascade="all, delete-orphan", order_by="TaskUpdate.id", passive_deletes=True)


class TaskUnit(Base):
    """A unit responsible for a task: the lead (牵头) or a co-unit (配合)."""

    __tablename__ = "task_units"
    __table_args__ = (UniqueConstraint("task_id", "unit_id", name="uq_task_units"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id", ondelete="RESTRICT"), index=True)
    role: Mapped[str] = mapped_column(String(10))  # lead | co
    ord: Mapped[int] = mapped_column(Integer)
    written: Mapped[str | None] = mapped_column(Text)  # the name as the document wrote it

    task: Mapped[Task] = relationship(back_populates="units")
    unit: Mapped[OrgUnit] = relationship()


class Milestone(Base):
    """A step of a task with its own due date (节点); reached by an update that says so."""

    __tablename__ = "task_milestones"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    ord: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    due: Mapped[date] = mapped_column(Date)

    task: Mapped[Task] = relationship(back_populates="milestones")


class TaskUpdate(Base):
    """A progress update filed by a unit.  A co-unit's update counts once the lead unit
    confirms it (``confirmed_by``); the lead unit's counts at once."""

    __tablename__ = "task_updates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id", ondelete="RESTRICT"), index=True)
    on: Mapped[date] = mapped_column(Date, index=True)
    text: Mapped[str] = mapped_column(Text)
    percent: Mapped[int | None] = mapped_column(Integer)
    milestone_id: Mapped[int | None] = mapped_column(ForeignKey("task_milestones.id", ondelete="SET NULL"))
    late_reason: Mapped[str | None] = mapped_column(Text)
    attachment: Mapped[str | None] = mapped_column(Text)  # path under the attachments folder
    attachment_name: Mapped[str | None] = mapped_column(Text)  # the file name as given
    needs_confirmation: Mapped[bool] = mapped_column(Boolean)
    confirmed_by: Mapped[str | None] = mapped_column(String(100))
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime)
    entered_by: Mapped[str] = mapped_column(String(100))
    entered_at: Mapped[datetime] = mapped_column(DateTime)

    task: Mapped[Task] = relationship(back_populates="updates")
    unit: Mapped[OrgUnit] = relationship()
    milestone: Mapped[Milestone | None] = relationship()

    @property
    def counted(self) -> bool:
        return not self.needs_confirmation or self.confirmed_by is not None


class Revision(Base):
    """A change to a target or a task (调整修订): reason, approving document, who, when,
    the date it takes effect, and the fields before and after."""

    __tablename__ = "revisions"
    __table_args__ = (Index("ix_revisions_object", "object_type", "object_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    object_type: Mapped[str] = mapped_column(String(10))  # target | task
    object_key: Mapped[str] = mapped_column(String(200))  # task id, or region:indicator:year for a target
    object_id: Mapped[int | None] = mapped_column(Integer)  # the target row or task when revised
    region_code: Mapped[str | None] = mapped_column(String(6), index=True)
    reason: Mapped[str] = mapped_column(Text)
    approved_by_doc: Mapped[str] = mapped_column(Text)  # 批准文件: 文号 or title
    effective: Mapped[date] = mapped_column(Date)
    before: Mapped[dict[str, Any]] = mapped_column(JSON)
    after: Mapped[dict[str, Any]] = mapped_column(JSON)
    made_by: Mapped[str] = mapped_column(String(100))
    made_at: Mapped[datetime] = mapped_column(DateTime)

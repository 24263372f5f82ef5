"""Tasks (任务): created by hand or imported from a document, assigned to units, read back.

What a task says — its text, deadline and units — changes only through a revision
(``planscope.supervision.revisions``); how it is followed — reporting frequency, start,
milestones, linked targets — is changed with ``change_task``.  Every write is audited in the
same transaction; every write to a task raises its version (``Task.version``), so a second
writer who read the task before the first wrote is refused with ``ConflictError``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from planscope import audit
from planscope.accounts.roles import Principal, require, scope_prefix
from planscope.errors import ConflictError, SupervisionError
from planscope.store import Milestone, Task, TaskUnit
from planscope.supervision.periods import Deadline, parse_deadline
from planscope.supervision.rules import FREQUENCIES
from planscope.supervision.status import MilestoneFacts, StatusResult, TaskFacts, UpdateFacts, task_status
from planscope.supervision.units import find_unit, region_of


@dataclass(frozen=True)
class NewTask:
    """A task to create: units by name (or alias) within ``region``."""

    region: str
    text: str
    lead: Sequence[str]
    co: Sequence[str] = ()
    deadline: str | None = None
    frequency: str = "quarterly"
    started_on: date | None = None
    title: str | None = None
    number: str | None = None
    path: str = ""
    milestones: Sequence[tuple[str, date]] = ()
    target_ids: Sequence[int] = ()
    indicator_ids: Sequence[str] = ()
    notes: Sequence[str] = field(default_factory=tuple)


def check_frequency(frequency: str) -> str:
    if frequency not in FREQUENCIES:
        raise SupervisionError(f"报送频次 {frequency!r} 无效，可选 {'、'.join(FREQUENCIES)} / reporting frequency: "
                               f"one of {', '.join(FREQUENCIES)}")
    return frequency


def get_task(session: Session, task_id: int, version: int | None = None) -> Task:
    """The task, or a SupervisionError; with ``version``, a ConflictError when it has changed
    since the caller read it (the message says who changed it and when)."""
    task = session.get(Task, task_id, options=[selectinload(Task.units), selectinload(Task.milestones),
                                                selectinload(Task.updates)])
    if task is None:
        raise SupervisionError(f"没有任务 {task_id}（planscope tasks list 查看）/ no task {task_id}; "
                               "see planscope tasks list")
    if version is not None and task.version != version:
        raise conflict(session, task)
    return task


def conflict(session: Session, task: Task) -> ConflictError:
    last = audit.query(session, audit.AuditFilter(object_type="task", object_id=str(task.id)), limit=1)
    who = f"{last[0]['actor']} 于 {last[0]['at']}" if last else "他人"
    return ConflictError(f"任务 {task.id} 已被 {who} 修改（现为第 {task.version} 版），本次未保存，请重新读取后再提交"
                         f" / task {task.id} was changed meanwhile (now version {task.version}): nothing of yours "
                         "was saved; read it again and repeat")


def _assign(session: Session, task: Task, lead: Iterable[str], co: Iterable[str]) -> None:
    seen: set[int] = set()
    rows: list[TaskUnit] = []
    for role, names in (("lead", lead), ("co", co)):
        for name in names:
            unit = find_unit(session, task.region_code, name)
            if unit.id in seen:
                continue
            seen.add(unit.id)
            rows.append(TaskUnit(unit=unit, role=role, ord=len(rows), written=name))
    if task.units:  # the old assignment goes first: (task, unit) is unique
        task.units = []
        session.flush()
    task.units = rows


def deadline_fields(deadline: Deadline | None) -> dict[str, Any]:
    if deadline is None:
        return {"deadline_text": None, "deadline_kind": None, "due": None}
    return {"deadline_text": deadline.text, "deadline_kind": deadline.kind, "due": deadline.due}


def create_task(session: Session, actor: Principal, new: NewTask, origin: str = "manual",
                document: tuple[int | None, str | None, int | None, int | None] = (None, None, None, None),
                deadline: Deadline | None = None) -> Task:
    """A task of ``new.region`` (``manage_tasks`` there), its units found in that region."""
    place = region_of(new.region)
    require(actor, "manage_tasks", place.code)
    if not new.text.strip():
        raise SupervisionError("任务内容为空 / the task has no text")
    if not new.lead:
        raise SupervisionError("任务需要牵头单位（--lead）/ a task needs a lead unit (--lead)")
    if deadline is None and new.deadline:
        deadline = parse_deadline(new.deadline)
    doc_id, doc_name, start, end = document
    task = Task(region_code=place.code, region=place.name, number=new.number, title=new.title, text=new.text.strip(),
                path=new.path, origin=origin, document_id=doc_id, document_name=doc_name, start=start, end=end,
                started_on=new.started_on, frequency=check_frequency(new.frequency),
                target_ids=list(new.target_ids), indicator_ids=list(new.indicator_ids), notes=list(new.notes),
                created_at=audit.now(), created_by=audit.actor_name(actor), **deadline_fields(deadline))
    _assign(session, task, new.lead, new.co)
    task.milestones = [Milestone(ord=i, title=t, due=d) for i, (t, d) in enumerate(new.milestones)]
    session.add(task)
    session.flush()
    action = "task.import" if origin == "document" else "task.create"
    audit.record(session, actor, action, "task", task.id, task.region_code, None, task_state(task))
    return task


def change_task(session: Session, actor: Principal, task_id: int, *, version: int | None = None,
                frequency: str | None = None, started_on: date | None = None,
                add_milestones: Sequence[tuple[str, date]] = (), target_ids: Sequence[int] | None = None,
                indicator_ids: Sequence[str] | None = None) -> Task:
    """How a task is followed: frequency, start, milestones added, linked targets and indicators."""
    task = get_task(session, task_id, version)
    require(actor, "manage_tasks", task.region_code)
    before = task_state(task)
    if frequency is not None:
        task.frequency = check_frequency(frequency)
    if started_on is not None:
        task.started_on = started_on
    for title, due in add_milestones:
        task.milestones.append(Milestone(ord=len(task.milestones), title=title, due=due))
    if target_ids is not None:
        task.target_ids = list(target_ids)
    if indicator_ids is not None:
        task.indicator_ids = list(indicator_ids)
    after = task_state(task)
    if after != before:
        task.updated_at = audit.now()
        audit.record(session, actor, "task.change", "task", task.id, task.region_code, before, after)
        session.flush()
    return task


def task_state(task: Task) -> dict[str, Any]:
    """What a task says and how it is followed: the audit's before/after, a revision's fields."""
    return {"text": task.text, "title": task.title, "deadline": task.deadline_text, "due": task.due,
            "lead": [tu.unit.name for tu in task.units if tu.role == "lead"],
            "co": [tu.unit.name for tu in task.units if tu.role == "co"],
            "frequency": task.frequency, "started_on": task.started_on,
            "milestones": [[m.title, m.due] for m in task.milestones], "target_ids": list(task.target_ids or []),
            "indicator_ids": list(task.indicator_ids or [])}


def list_tasks(session: Session, region: str | None = None, unit_id: int | None = None) -> list[Task]:
    q = (select(Task).options(selectinload(Task.units).selectinload(TaskUnit.unit), selectinload(Task.milestones),
                              selectinload(Task.updates)).order_by(Task.region_code, Task.id))
    if region:
        prefix = scope_prefix(region_of(region).code)
        if prefix:
            q = q.where(Task.region_code.startswith(prefix, autoescape=True))
    tasks = list(session.scalars(q))
    if unit_id is not None:
        tasks = [t for t in tasks if any(tu.unit_id == unit_id for tu in t.units)]
    return tasks


def lead_units(task: Task) -> list[TaskUnit]:
    return [tu for tu in task.units if tu.role == "lead"]


def started(task: Task) -> date:
    """The start of a task: its own, else the day it was created."""
    return task.started_on or task.created_at.date()


def facts(task: Task, extra: UpdateFacts | None = None) -> TaskFacts:
    """The task as the status rule sees it: counted updates only (plus ``extra``, one not yet stored)."""
    titles = {m.id: m.title for m in task.milestones}
    updates = tuple(UpdateFacts(u.on, u.percent, titles.get(u.milestone_id) if u.milestone_id else None)
                    for u in task.updates if u.counted)
    return TaskFacts(started_on=started(task), due=task.due, frequency=task.frequency,
                     milestones=tuple(MilestoneFacts(m.title, m.due) for m in task.milestones),
                     updates=updates + ((extra,) if extra else ()))


def status_of(task: Task, as_of: date) -> StatusResult:
    return task_status(facts(task), as_of)

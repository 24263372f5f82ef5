"""Tasks as people look at them: the board by unit and status, a unit's page, what is due,
and the rows of the periodic bulletin (通报).  Status is computed here, as of a date, by
``planscope.supervision.status.task_status`` — never read from a column."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from planscope.store import Task
from planscope.supervision.periods import Period
from planscope.supervision.rules import STATUSES, status_words
from planscope.supervision.tasks import list_tasks, started, status_of
from planscope.supervision.units import list_units, region_of

BOARD_COLUMNS = ("id", "region", "number", "title", "text", "lead", "co", "deadline", "due", "frequency", "status",
                "status_zh", "percent", "last_update", "next_due", "reasons", "unconfirmed", "document", "notes")


@dataclass(frozen=True)
class TaskRow:
    id: int
    region: str
    region_code: str
    number: str | None
    title: str | None
    text: str
    lead: list[str]
    co: list[str]
    deadline: str | None  # as written
    due: str | None  # its last day
    frequency: str
    status: str
    status_zh: str
    percent: int | None
    last_update: str | None
    next_due: str | None
    reasons: list[str]
    unconfirmed: int  # co-units' updates waiting for the lead unit
    document: str | None
    notes: list[str]
    version: int

    @property
    def short(self) -> str:
        return self.title or (self.text if len(self.text) <= 40 else self.text[:39] + "…")

    def as_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def task_row(task: Task, as_of: date) -> TaskRow:
    st = status_of(task, as_of)
    iso = lambda d: d.isoformat() if d else None  # noqa: E731
    return TaskRow(
        id=task.id, region=task.region, region_code=task.region_code, number=task.number, title=task.title,
        text=task.text, lead=[tu.unit.name for tu in task.units if tu.role == "lead"],
        co=[tu.unit.name for tu in task.units if tu.role == "co"], deadline=task.deadline_text, due=iso(task.due),
        frequency=task.frequency, status=st.status, status_zh=status_words(st.status).zh, percent=st.percent,
        last_update=iso(st.last_update), next_due=iso(st.next_due), reasons=list(st.reasons),
        unconfirmed=sum(1 for u in task.updates if u.needs_confirmation and not u.confirmed_by),
        document=task.document_name, notes=list(task.notes or []), version=task.version)


@dataclass(frozen=True)
class BoardCell:
    unit: str
    counts: dict[str, int]  # status → tasks the unit leads


@dataclass(frozen=True)
class BoardView:
    as_of: date
    rows: list[TaskRow]
    board: list[BoardCell] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        c = Counter(r.status for r in self.rows)
        return {s: c.get(s, 0) for s in STATUSES}


def board_view(session: Session, region: str | None = None, as_of: date | None = None,
               status: str | None = None, unit: str | None = None) -> BoardView:
    """Every task of ``region`` and below with its status as of ``as_of`` (today), and the board:
    per lead unit, how many tasks stand in each status."""
    day = as_of or date.today()
    rows = [task_row(t, day) for t in list_tasks(session, region)]
    if unit:
        rows = [r for r in rows if unit in r.lead or unit in r.co]
    board: dict[str, Counter[str]] = {}
    for r in rows:
        for name in r.lead:
            board.setdefault(name, Counter())[r.status] += 1
    cells = [BoardCell(u, {s: c.get(s, 0) for s in STATUSES}) for u, c in sorted(board.items())]
    if status:
        rows = [r for r in rows if r.status == status]
    return BoardView(day, rows, cells)


@dataclass(frozen=True)
class DueRow:
    unit: str
    task: TaskRow
    what: str  # 期限 deadline | 节点 milestone: its title
    due: str
    days: int  # days left (negative: overdue)


def due_view(session: Session, within: int, region: str | None = None, as_of: date | None = None) -> list[DueRow]:
    """What falls due within ``within`` days of ``as_of`` or is overdue and not done, per unit
    (the reminder list of each lead and co-unit), soonest first."""
    day = as_of or date.today()
    horizon = day + timedelta(days=within)
    out = []
    for task in list_tasks(session, region):
        row = task_row(task, day)
        if row.status == "done":
            continue
        reached = {u.milestone_id for u in task.updates if u.milestone_id and u.counted and u.on <= day}
        items = [(f"节点 milestone: {m.title}", m.due) for m in task.milestones if m.id not in reached]
        if task.due:
            items.append(("期限 deadline", task.due))
        for what, due in items:
            if due <= horizon:
                for unit in [*row.lead, *row.co]:
                    out.append(DueRow(unit, row, what, due.isoformat(), (due - day).days))
    return sorted(out, key=lambda d: (d.days, d.unit, d.task.id))


@dataclass(frozen=True)
class UnitPage:
    unit: dict[str, Any]
    as_of: date
    leads: list[TaskRow]
    supports: list[TaskRow]
    due: list[DueRow]
    to_confirm: list[dict[str, Any]]  # co-units' updates on tasks this unit leads


def unit_view(session: Session, unit_id: int, as_of: date | None = None, within: int = 30) -> UnitPage:
    from planscope.errors import SupervisionError
    from planscope.store import OrgUnit
    from planscope.supervision.units import unit_record
    from planscope.supervision.updates import update_record

    unit = session.get(OrgUnit, unit_id)
    if unit is None:
        raise SupervisionError(f"没有单位 id {unit_id} / no unit {unit_id}")
    day = as_of or date.today()
    tasks = list_tasks(session, unit.region_code, unit_id)
    leads = [t for t in tasks if any(tu.unit_id == unit_id and tu.role == "lead" for tu in t.units)]
    to_confirm = [update_record(u) for t in leads for u in t.updates if u.needs_confirmation and not u.confirmed_by]
    return UnitPage(unit_record(unit), day, [task_row(t, day) for t in leads],
                    [task_row(t, day) for t in tasks if t not in leads],
                    [d for d in due_view(session, within, unit.region_code, day) if d.unit == unit.name], to_confirm)


def task_detail(session: Session, task_id: int, as_of: date | None = None) -> dict[str, Any]:
    """One task as ``planscope tasks show --format json`` and ``GET /api/v1/tasks/{id}`` give it: its
    row (status as of ``as_of``), milestones, updates and revision history."""
    from planscope.supervision.revisions import history, revision_record
    from planscope.supervision.tasks import get_task
    from planscope.supervision.updates import update_record

    task = get_task(session, task_id)
    row = task_row(task, as_of or date.today())
    return {**row.as_dict(), "milestones": [{"title": m.title, "due": m.due.isoformat()} for m in task.milestones],
            "updates": [update_record(u) for u in task.updates],
            "revisions": [revision_record(r) for r in history(session, "task", str(task_id))]}


def due_record(d: DueRow) -> dict[str, Any]:
    return {"unit": d.unit, "task_id": d.task.id, "task": d.task.short, "what": d.what, "due": d.due, "days": d.days,
            "status": d.task.status}


# ---------------------------------------------------------------- the bulletin


@dataclass(frozen=True)
class UnitSection:
    unit: str
    rows: list[TaskRow]

    @property
    def counts(self) -> dict[str, int]:
        c = Counter(r.status for r in self.rows)
        return {s: c.get(s, 0) for s in STATUSES}


@dataclass(frozen=True)
class BulletinView:
    """What a periodic bulletin says: per lead unit its tasks with status at the period's end,
    the totals, the late tasks named with their reasons, the tasks done within the period."""

    period: Period
    region: str
    as_of: date
    rows: list[TaskRow]
    by_unit: list[UnitSection]
    late: list[TaskRow]
    at_risk: list[TaskRow]
    done_in_period: list[TaskRow]
    late_reasons: dict[int, str]  # task id → the reason its unit gave

    @property
    def counts(self) -> dict[str, int]:
        c = Counter(r.status for r in self.rows)
        return {s: c.get(s, 0) for s in STATUSES}


def bulletin_view(session: Session, period: Period, region: str) -> BulletinView:
    place = region_of(region)
    day = period.end
    tasks = [t for t in list_tasks(session, place.code) if started(t) <= day]
    rows = [task_row(t, day) for t in tasks]
    sections: dict[str, list[TaskRow]] = {}
    for r in rows:
        sections.setdefault(r.lead[0] if r.lead else "未明确牵头单位", []).append(r)
    order = {u.name: u.id for u in list_units(session, place.code)}  # the order the units were registered in
    by_unit = [UnitSection(u, rs) for u, rs in sorted(sections.items(), key=lambda kv: (order.get(kv[0], 1e9), kv[0]))]
    reasons = {}
    for t in tasks:
        given = [u.late_reason for u in t.updates if u.late_reason and u.on <= day]
        if given:
            reasons[t.id] = given[-1]
    done = [r for r in rows if r.status == "done" and r.last_update and period.start.isoformat() <= r.last_update]
    return BulletinView(period, place.name, day, rows, by_unit, [r for r in rows if r.status == "late"],
                        [r for r in rows if r.status == "at_risk"], done, reasons)

"""Tasks from a document: the records of task extraction (``planscope.extraction.tasks``,
``planscope tasks extract``) stored as tasks of a region, their units assigned.

The records are read through small Protocols with the fields task extraction gives (text and
span, outline path, lead and co-units each with its name as written, body and standard name,
deadline as written and normalised with its last day, linked indicators), so JSON records
(``planscope tasks extract --format json``) and the extractor's frozen records import alike.
Units are matched by the body catalogue: a unit of the region with the same name or alias,
else the same body (发改局 = 市发改委), else a new unit of the region named by the catalogue's
standard name with the written name as its alias.  A unit that stands for many bodies
(各县市区政府) is not a unit: it stays in the task's notes.  A task without a lead unit in
the document takes the first owner listed, said so; one with no unit at all is skipped and
reported.  A deadline that could not be read keeps its words and no due day (never guessed).
Importing the same document again adds only the tasks not yet imported (same span).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from planscope.accounts.roles import Principal, require
from planscope.errors import SupervisionError
from planscope.store import Task
from planscope.supervision.periods import Deadline
from planscope.supervision.tasks import NewTask, create_task
from planscope.supervision.units import region_of, unit_for_record


class UnitLike(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def body(self) -> str | None: ...
    @property
    def canonical(self) -> str | None: ...
    @property
    def collective(self) -> bool: ...


class DeadlineLike(Protocol):
    @property
    def text(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def due(self) -> str | None: ...
    @property
    def uncertain(self) -> bool: ...
    @property
    def note(self) -> str | None: ...


class IndicatorLike(Protocol):
    @property
    def id(self) -> str: ...


class TaskLike(Protocol):
    @property
    def text(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def path(self) -> str: ...
    @property
    def number(self) -> str | None: ...
    @property
    def title(self) -> str | None: ...
    @property
    def lead(self) -> Sequence[UnitLike]: ...
    @property
    def co(self) -> Sequence[UnitLike]: ...
    @property
    def deadline(self) -> DeadlineLike | None: ...
    @property
    def indicators(self) -> Sequence[IndicatorLike]: ...


# ---------------------------------------------------------------- records from JSON


@dataclass(frozen=True)
class Unit:
    name: str
    body: str | None = None
    canonical: str | None = None
    collective: bool = False
    level: str | None = None


@dataclass(frozen=True)
class DeadlineRecord:
    text: str
    kind: str = "unknown"
    due: str | None = None
    uncertain: bool = False
    note: str | None = None


@dataclass(frozen=True)
class IndicatorRef:
    id: str


@dataclass(frozen=True)
class TaskRecord:
    """A task record as ``planscope tasks extract --format json`` writes it (extra keys ignored)."""

    text: str
    start: int
    end: int
    path: str = ""
    number: str | None = None
    title: str | None = None
    lead: tuple[Unit, ...] = ()
    co: tuple[Unit, ...] = ()
    deadline: DeadlineRecord | None = None
    indicators: tuple[IndicatorRef, ...] = ()
    milestones: tuple[DeadlineRecord, ...] = field(default_factory=tuple)
    doc: str | None = None  # the file it came from, when the JSON covers several


def _unit(d: dict[str, Any]) -> Unit:
    return Unit(d["name"], d.get("body"), d.get("canonical"), bool(d.get("collective")), d.get("level"))


def _deadline(d: dict[str, Any] | None) -> DeadlineRecord | None:
    if not d:
        return None
    return DeadlineRecord(d["text"], d.get("kind", "unknown"), d.get("due"), bool(d.get("uncertain")), d.get("note"))


def records_from_json(path: Path) -> list[TaskRecord]:
    """Task records from the JSON of ``planscope tasks extract`` (a list, or ``{"tasks": [...]}``)."""
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise SupervisionError(f"{path.name}: 无法读取任务记录 / cannot read task records: {err}") from None
    items = data.get("tasks", []) if isinstance(data, dict) else data
    out = []
    for i, d in enumerate(items, 1):
        try:
            out.append(TaskRecord(
                text=d["text"], start=int(d["start"]), end=int(d["end"]), path=d.get("path") or "",
                number=d.get("number"), title=d.get("title"), lead=tuple(_unit(u) for u in d.get("lead", [])),
                co=tuple(_unit(u) for u in d.get("co", [])), deadline=_deadline(d.get("deadline")),
                indicators=tuple(IndicatorRef(x["id"]) for x in d.get("indicators", [])),
                milestones=tuple(m for m in (_deadline(x) for x in d.get("milestones", [])) if m),
                doc=d.get("doc")))
        except (KeyError, TypeError, ValueError) as err:
            raise SupervisionError(f"{path.name}: 第 {i} 条任务记录缺少字段 {err} / task record {i} is "
                                   "malformed") from None
    return out


# ---------------------------------------------------------------- storing


@dataclass
class ImportReport:
    created: list[int] = field(default_factory=list)
    existing: list[int] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # reasons, one line each
    notes: list[str] = field(default_factory=list)


def _due(d: DeadlineLike | None) -> Deadline | None:
    if d is None:
        return None
    try:
        due = date.fromisoformat(d.due) if d.due else None
    except ValueError:
        due = None
    return Deadline(d.text, d.kind, due)


def import_tasks(session: Session, actor: Principal, records: Iterable[TaskLike], region: str,
                 document: tuple[int | None, str], frequency: str = "quarterly", started_on: date | None = None,
                 default_lead: str | None = None) -> ImportReport:
    """Store ``records`` as tasks of ``region`` (``manage_tasks`` there), in one transaction,
    followed from ``started_on`` (the document's date; today without one).  A record that names
    no unit (a plan's measures) is assigned ``default_lead`` when given, else skipped."""
    place = region_of(region)
    require(actor, "manage_tasks", place.code)
    doc_id, doc_name = document
    report = ImportReport()
    for rec in records:
        name = getattr(rec, "doc", None) or doc_name  # the JSON of several files names each record's
        previous = session.scalar(select(Task.id).where(
            Task.region_code == place.code, Task.document_name == name, Task.start == rec.start,
            Task.end == rec.end))
        if previous is not None:
            report.existing.append(previous)
            continue
        assignment = _assignment(rec, default_lead)
        if assignment is None:
            report.skipped.append(f"{_label(rec)}: 文件未写责任单位，未导入（可用 --lead 指定）/ no unit named: not "
                                  "imported (assign one with --lead)")
            continue
        leads, cos, notes = assignment
        deadline = _due(rec.deadline)
        if rec.deadline is not None and (rec.deadline.uncertain or rec.deadline.note):
            notes.append(f"期限 / deadline: {rec.deadline.note or '不确定 uncertain'}")
        if deadline is not None and deadline.due is None and deadline.kind not in ("standing", "recurring"):
            notes.append(f"期限“{deadline.text}”无法读出日期 / the deadline has no readable date")
        lead_units = [_unit_of(session, actor, place.code, u) for u in leads]
        co_units = [_unit_of(session, actor, place.code, u) for u in cos]
        new = NewTask(region=place.code, text=rec.text, lead=lead_units, co=co_units, frequency=frequency,
                      title=rec.title, number=rec.number, path=rec.path, started_on=started_on,
                      indicator_ids=[i.id for i in rec.indicators], notes=notes)
        task = create_task(session, actor, new, origin="document", document=(doc_id, name, rec.start, rec.end),
                           deadline=deadline)
        report.created.append(task.id)
        report.notes += [f"任务 {task.id}: {n}" for n in notes]
    return report


def _assignment(rec: TaskLike, default_lead: str | None
                ) -> tuple[list[UnitLike], list[UnitLike], list[str]] | None:
    """Lead units, co-units and what to note: the document's lead, else its first unit, else
    ``default_lead``; collective names (各县市区政府) noted, never units.  None: nobody to assign."""
    named: list[UnitLike] = [u for u in (*rec.lead, *rec.co) if not u.collective]
    notes = [f"另：{u.name}（泛指，未作为单位）/ collective, not a unit" for u in (*rec.lead, *rec.co) if u.collective]
    if not named:
        if not default_lead:
            return None
        return [Unit(default_lead)], [], [f"文件未写责任单位，指定“{default_lead}”牵头 / no unit named: assigned to "
                                          "the default lead", *notes]
    leads = [u for u in rec.lead if not u.collective]
    if not leads:
        leads = named[:1]
        notes.insert(0, f"文件未写明牵头单位，以首列单位“{named[0].name}”为牵头 / no lead named: the first unit leads")
    return leads, [u for u in named if u not in leads], notes


def _unit_of(session: Session, actor: Principal, code: str, u: UnitLike) -> str:
    level = getattr(u, "level", None)  # the extractor's UnitRef has it; JSON records may
    return unit_for_record(session, actor, code, u.name, u.body, u.canonical, level).name


def _label(rec: TaskLike) -> str:
    head = rec.title or rec.text
    return f"{rec.number or ''} {head[:24]}".strip()

"""Revisions (调整修订): a target or a task changes only through one — its reason, the
document that approved it, who made it and when, the date it takes effect, and the fields
before and after.  The history of each target and task is its revisions in order.

A target is known across re-ingests by its region, catalogue indicator and target year
(``target_key``); its revised value is in force from the effective date, and progress uses
the value in force at the date it judges (``targets_in_force``, read by
``planscope.monitoring.follow``) while the original plan's value stays in the record's
explanation, and ``planscope progress --original`` compares with it alone.
A task's text, deadline and units change here; the change takes effect at once in the task
(its revisions keep what it said before).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from planscope import audit
from planscope.accounts.roles import Principal, require
from planscope.catalogue.indicators import load_catalogue
from planscope.errors import SupervisionError
from planscope.monitoring.figures import format_figure, unit_factor
from planscope.store import Document, Revision, TargetRow
from planscope.supervision.periods import parse_deadline
from planscope.supervision.tasks import _assign, deadline_fields, get_task, task_state
from planscope.supervision.units import region_of


def target_key(region_code: str | None, indicator_id: str | None, year: int | None) -> str:
    return f"{region_code or '?'}:{indicator_id or '?'}:{year or '?'}"


def revision_record(r: Revision) -> dict[str, Any]:
    return {"id": r.id, "object_type": r.object_type, "object_key": r.object_key, "object_id": r.object_id,
            "region_code": r.region_code, "reason": r.reason, "approved_by": r.approved_by_doc,
            "effective": r.effective.isoformat(), "before": r.before, "after": r.after, "made_by": r.made_by,
            "made_at": r.made_at.isoformat(timespec="seconds")}


def _check_words(reason: str, approved_by: str) -> None:
    if not reason.strip():
        raise SupervisionError("修订须说明理由（--reason）/ a revision needs its reason")
    if not approved_by.strip():
        raise SupervisionError("修订须注明批准文件（--approved-by，如文号）/ a revision needs its approving document")


def _add(session: Session, actor: Principal, object_type: str, key: str, object_id: int | None,
         region_code: str | None, reason: str, approved_by: str, effective: date, before: dict[str, Any],
         after: dict[str, Any]) -> Revision:
    rev = Revision(object_type=object_type, object_key=key, object_id=object_id, region_code=region_code,
                   reason=reason.strip(), approved_by_doc=approved_by.strip(), effective=effective,
                   before=audit.jsonable(before), after=audit.jsonable(after), made_by=audit.actor_name(actor),
                   made_at=audit.now())
    session.add(rev)
    session.flush()
    return rev


# ---------------------------------------------------------------- tasks


@dataclass(frozen=True)
class TaskChange:
    text: str | None = None
    deadline: str | None = None
    lead: tuple[str, ...] | None = None
    co: tuple[str, ...] | None = None


def revise_task(session: Session, actor: Principal, task_id: int, change: TaskChange, reason: str,
                approved_by: str, effective: date, version: int | None = None) -> Revision:
    task = get_task(session, task_id, version)
    require(actor, "revise_plan", task.region_code)
    _check_words(reason, approved_by)
    before = task_state(task)
    deadline = parse_deadline(change.deadline) if change.deadline is not None else None
    if change.lead is not None or change.co is not None:  # units first: their flush leaves the task row alone
        lead = change.lead if change.lead is not None else tuple(before["lead"])
        co = change.co if change.co is not None else tuple(before["co"])
        _assign(session, task, lead, co)
        session.flush()
    if change.text is not None:
        task.text = change.text.strip()
    if deadline is not None:
        for k, v in deadline_fields(deadline).items():
            setattr(task, k, v)
    after = task_state(task)
    changed = {k: before[k] for k in before if before[k] != after[k]}
    if not changed:
        raise SupervisionError(f"任务 {task.id} 没有变化 / nothing to revise")
    task.updated_at = audit.now()
    rev = _add(session, actor, "task", str(task.id), task.id, task.region_code, reason, approved_by, effective,
               changed, {k: after[k] for k in changed})
    audit.record(session, actor, "task.revise", "task", task.id, task.region_code, changed,
                 {k: after[k] for k in changed}, detail=f"{approved_by}: {reason}")
    return rev


# ---------------------------------------------------------------- targets


def find_target(session: Session, region: str, indicator: str, year: int) -> tuple[TargetRow, Document]:
    """The region's stored target for ``indicator`` (a catalogue name, alias or id) and ``year``:
    the plan's own (its first statement), else SupervisionError."""
    place = region_of(region)
    catalogue = load_catalogue()
    match = None if indicator in catalogue else catalogue.match(indicator)
    indicator_id = indicator if indicator in catalogue else (match.indicator.id if match else None)
    if indicator_id is None:
        raise SupervisionError(f"指标目录中没有“{indicator}” / no such indicator in the catalogue")
    rows = session.execute(select(TargetRow, Document).join(Document).where(
        Document.region_code == place.code, TargetRow.indicator_id == indicator_id, TargetRow.year == year,
        TargetRow.is_actual.is_(False)).order_by(Document.id, TargetRow.ord)).all()
    if not rows:
        raise SupervisionError(f"{place.name} 没有 {year} 年的“{indicator}”目标 / no such target in the library")
    row, doc = rows[0]
    return row, doc


def revise_target(session: Session, actor: Principal, region: str, indicator: str, year: int, value: float,
                  reason: str, approved_by: str, effective: date) -> Revision:
    """A new value for a target (in the plan's unit as written), in force from ``effective``."""
    row, doc = find_target(session, region, indicator, year)
    require(actor, "revise_plan", doc.region_code)
    _check_words(reason, approved_by)
    key = target_key(doc.region_code, row.indicator_id, row.year)
    current = _in_force(session, key, None)
    factor = unit_factor(row.unit) or 1.0
    written = row.value if not row.unit or (row.value or "").endswith(row.unit) else f"{row.value}{row.unit}"
    before = current.after if current else {"value": written, "value_normalized": row.value_normalized}
    after = {"value": format_figure(value * factor, row.unit), "value_normalized": value * factor}
    rev = _add(session, actor, "target", key, row.id, doc.region_code, reason, approved_by, effective, before, after)
    audit.record(session, actor, "target.revise", "target", key, doc.region_code, before, after,
                 detail=f"{approved_by}: {reason}")
    return rev


def _in_force(session: Session, key: str, on: date | None) -> Revision | None:
    q = select(Revision).where(Revision.object_type == "target", Revision.object_key == key)
    if on is not None:
        q = q.where(Revision.effective <= on)
    return session.scalars(q.order_by(Revision.effective.desc(), Revision.id.desc()).limit(1)).first()


@dataclass(frozen=True)
class InForce:
    """A target's revised value in force at a date, and what the plan first said."""

    value: float
    written: str
    original: str | None
    effective: date
    approved_by: str

    def note(self) -> str:
        return (f"按 {self.effective} 起施行的修订值 {self.written}（{self.approved_by}；原规划值 {self.original}）/ "
                f"revised target in force since {self.effective} (originally {self.original}). ")


def targets_in_force(session: Session, on: date) -> dict[str, InForce]:
    """Every revised target's value in force on ``on``, by ``target_key``."""
    out: dict[str, InForce] = {}
    revs = session.scalars(select(Revision).where(Revision.object_type == "target", Revision.effective <= on)
                           .order_by(Revision.object_key, Revision.effective, Revision.id))
    firsts: dict[str, Any] = {}
    for r in revs:
        firsts.setdefault(r.object_key, r.before.get("value"))
        out[r.object_key] = InForce(float(r.after["value_normalized"]), str(r.after["value"]),
                                    firsts[r.object_key], r.effective, r.approved_by_doc)
    return out


def history(session: Session, object_type: str, key: str) -> list[Revision]:
    return list(session.scalars(select(Revision).where(Revision.object_type == object_type,
                                                       Revision.object_key == key).order_by(Revision.id)))

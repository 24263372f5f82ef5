"""Values entered by people, and their review (填报与审核).

A user enters rows (region, indicator, year, value, unit, source); each row is checked as a
spreadsheet row is (``observations.check_row``: a catalogue indicator, a year in the plan
period, a number in a unit that converts, a plausible value) and against the user's scope.
A reporter's values are ``pending`` until a reviewer, planner or admin whose region covers
them accepts (or rejects) them; a user who may review the region's values enters them
``accepted``.  Only accepted values feed progress (``monitoring.follow``).

Nothing is half-written: a row outside the user's region raises ``PermissionDenied`` naming
the region, and any rejected row stores nothing (the report lists every row's reason).
Every entry and every decision is audited in the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from planscope import audit
from planscope.accounts.roles import Principal, can, require, scope_prefix, scope_region
from planscope.catalogue.regions import load_regions
from planscope.errors import NotFound, OverrideError, PlanscopeError
from planscope.monitoring.observations import (
    Checked,
    Rejected,
    audit_state,
    check_row,
    entry_status,
    observation_record,
    plan_years,
)
from planscope.store import ObservationRow

Decision = Literal["accept", "reject"]
ENTRY_FIELDS = ("region", "indicator", "indicator_id", "year", "value", "unit", "source")


@dataclass
class EntryReport:
    """What became of the rows a user entered: stored ids, or every rejection with its reason."""

    stored: list[int] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    status: str | None = None  # pending | accepted, when stored

    @property
    def ok(self) -> bool:
        return not self.rejected


def enter_observations(session: Session, user: Principal, rows: Sequence[Mapping[str, Any]]) -> EntryReport:
    """Check every row, then store all of them or none.  A row is a mapping with ``region``,
    ``indicator`` (or ``indicator_id``), ``year``, ``value`` and optionally ``unit`` and
    ``source``; rows are named "第N行 / row N" (from 1) in the report."""
    report = EntryReport()
    years = plan_years(session)
    checked: list[tuple[str, Checked]] = []
    seen: set[tuple[str, str, int]] = set()
    for n, row in enumerate(rows, start=1):
        where = f"第{n}行 / row {n}"
        values = {k: str(row[k]).strip() for k in ENTRY_FIELDS if row.get(k) not in (None, "")}
        try:
            for needed in ("region", "year", "value"):
                if needed not in values:
                    raise ValueError(f"缺少 {needed} / missing {needed}")
            region = load_regions().resolve(values["region"])
        except (ValueError, OverrideError) as err:
            report.rejected.append(Rejected(where, str(err)))
            continue
        require(user, "enter_observation", region.code)  # outside the scope: nothing written at all
        try:
            c = check_row(values, years)
        except (ValueError, OverrideError, PlanscopeError) as err:
            report.rejected.append(Rejected(where, str(err)))
            continue
        key = (c.region_code, c.indicator_id, c.year)
        if key in seen:
            report.rejected.append(Rejected(where, "重复行（同一地区、指标、年份） / duplicate row"))
            continue
        seen.add(key)
        checked.append((where, c))
    if report.rejected or not checked:
        return report
    now = audit.now()
    stored = [ObservationRow(**c.__dict__, source_type="person", file=None, cell=None, recorded_at=now,
                             **entry_status(user, c.region_code, now)) for _, c in checked]
    for o in stored:
        o.source = o.source or user.name
    session.add_all(stored)
    session.flush()
    for (where, _), o in zip(checked, stored, strict=True):
        audit.record(session, user, "observation.enter", "observation", o.id, o.region_code, None, audit_state(o),
                     detail=where)
    report.stored = [o.id for o in stored]
    report.status = stored[0].status
    return report


def pending_observations(session: Session, user: Principal | None = None,
                         region: str | None = None) -> list[dict[str, Any]]:
    """Values waiting for review, oldest first: those ``user`` may review (all when None),
    within ``region`` and below when given."""
    query = select(ObservationRow).where(ObservationRow.status == "pending").order_by(ObservationRow.id)
    if region:
        prefix = scope_prefix(scope_region(region).code)
        if prefix:
            query = query.where(ObservationRow.region_code.startswith(prefix, autoescape=True))
    rows = session.scalars(query)
    return [review_record(o) for o in rows if user is None or can(user, "review_observation", o.region_code)]


def review_record(o: ObservationRow) -> dict[str, Any]:
    at = o.reviewed_at.isoformat(timespec="seconds") if o.reviewed_at else None
    return {"id": o.id, **observation_record(o), "status": o.status, "entered_by": o.entered_by,
            "reviewed_by": o.reviewed_by, "reviewed_at": at, "review_note": o.review_note}


def review(session: Session, user: Principal, ids: Iterable[int], decision: Decision,
           note: str | None = None) -> list[ObservationRow]:
    """Accept or reject pending values.  Every id must be a pending value in the user's
    review scope, else nothing changes: NotFound for an unknown id, PermissionDenied naming
    the region outside the scope, OverrideError for a value already decided."""
    if decision not in ("accept", "reject"):
        raise ValueError(f"decision is accept or reject, not {decision!r}")
    wanted = list(dict.fromkeys(ids))
    found = {o.id: o for o in session.scalars(select(ObservationRow).where(ObservationRow.id.in_(wanted)))}
    missing = [i for i in wanted if i not in found]
    if missing:
        raise NotFound(f"没有实际值 {', '.join(map(str, missing))} / no observation with id "
                       f"{', '.join(map(str, missing))}")
    rows = [found[i] for i in wanted]
    for o in rows:
        require(user, "review_observation", o.region_code)
    decided = [o for o in rows if o.status != "pending"]
    if decided:
        listing = ", ".join(f"{o.id} ({o.status})" for o in decided)
        raise OverrideError(f"已审核，不能再次审核：{listing} / already decided: {listing}")
    now, status = audit.now(), "accepted" if decision == "accept" else "rejected"
    for o in rows:
        before = audit_state(o)
        o.status, o.reviewed_by, o.reviewed_at, o.review_note = status, user.name, now, note
        audit.record(session, user, f"observation.{decision}", "observation", o.id, o.region_code, before,
                     audit_state(o), detail=note)
    return rows


def entries_by(session: Session, name: str, limit: int = 20) -> list[dict[str, Any]]:
    """The values ``name`` entered (by hand or by a sheet), newest first, with their review
    state: what a reporter sees of their own work."""
    query = (select(ObservationRow).where(ObservationRow.entered_by == name)
             .order_by(ObservationRow.id.desc()).limit(limit))
    return [review_record(o) for o in session.scalars(query)]

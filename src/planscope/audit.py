"""The audit log: every write to the library, who made it, when, and what it changed.

``record`` adds an entry to the session of the write it describes, so the entry and the
write commit together or not at all.  The writes that record themselves: ingest and
re-ingest (``library.store``), document deletion (``library.delete_document``), observation
import, entry, acceptance and rejection (``monitoring.observations`` and
``monitoring.review``), user creation and change, token creation and revocation
(``planscope.accounts``), units, tasks, progress updates and their confirmation, and revisions
of targets and tasks (``planscope.supervision``).  The actor is a user's name, or ``cli:<os user>`` for the command
line without ``--as``.

``audit_log`` is append-only in the database itself: triggers refuse UPDATE and DELETE on
SQLite and PostgreSQL (and TRUNCATE on PostgreSQL), see migration 0006.  ``query`` reads it
back with filters, newest first; ``AUDIT_COLUMNS`` is the shape of a record (``planscope
audit``, its xlsx export, and the workbench's page).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from planscope.accounts.roles import Principal, scope_prefix, scope_region
from planscope.store import AuditEntry

AUDIT_COLUMNS = ("id", "at", "actor", "action", "object_type", "object_id", "region_code", "before", "after",
                 "detail")

# The actions written to the log (an action filter may give one, or its first part: "observation").
ACTIONS = ("document.ingest", "document.reingest", "document.delete", "observation.import", "observation.enter",
           "observation.accept", "observation.reject", "user.add", "user.change", "token.create", "token.revoke",
           "unit.add", "unit.change", "task.create", "task.import", "task.change", "task.update", "task.confirm",
           "task.revise", "target.revise")


def now() -> datetime:
    """The time written with an entry: UTC, without tzinfo like the library's other times."""
    return datetime.now(UTC).replace(tzinfo=None)


def actor_name(actor: Principal | str) -> str:
    return actor if isinstance(actor, str) else actor.name


def record(session: Session, actor: Principal | str, action: str, object_type: str, object_id: object,
           region_code: str | None = None, before: Mapping[str, Any] | None = None,
           after: Mapping[str, Any] | None = None, detail: str | None = None) -> AuditEntry:
    """Add one entry to ``session``, in the transaction of the write it describes."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    entry = AuditEntry(at=now(), actor=actor_name(actor), action=action, object_type=object_type,
                       object_id=None if object_id is None else str(object_id), region_code=region_code,
                       before=jsonable(before), after=jsonable(after), detail=detail)
    session.add(entry)
    return entry


def jsonable(value: Any) -> Any:
    """A value the JSON column stores as is: times as ISO text, tuples as lists."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, datetime | date):
        return value.isoformat(timespec="seconds") if isinstance(value, datetime) else value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    return str(value)


# ---------------------------------------------------------------- reading back


@dataclass(frozen=True)
class AuditFilter:
    """What to read back: every given field must hold.  ``action`` matches the action or its
    first part (``observation`` is every ``observation.*``); ``region`` is a region and
    everything below it; ``since``/``until`` are inclusive (a date means the whole day)."""

    actor: str | None = None
    action: str | None = None
    object_type: str | None = None
    object_id: str | None = None
    region: str | None = None
    since: date | None = None
    until: date | None = None


def query(session: Session, f: AuditFilter = AuditFilter(), limit: int | None = None,
          offset: int = 0) -> list[dict[str, Any]]:
    """Entries matching ``f``, newest first, as records with ``AUDIT_COLUMNS`` (``offset``
    of them skipped: the workbench pages through the log)."""
    q = select(AuditEntry)
    if f.actor:
        q = q.where(AuditEntry.actor == f.actor)
    if f.action:
        q = q.where((AuditEntry.action == f.action) | AuditEntry.action.startswith(f"{f.action}.", autoescape=True))
    if f.object_type:
        q = q.where(AuditEntry.object_type == f.object_type)
    if f.object_id:
        q = q.where(AuditEntry.object_id == f.object_id)
    if f.region:
        prefix = scope_prefix(scope_region(f.region).code)
        if prefix:
            q = q.where(AuditEntry.region_code.startswith(prefix, autoescape=True))
    if f.since is not None:
        q = q.where(AuditEntry.at >= _start(f.since))
    if f.until is not None:
        q = q.where(AuditEntry.at < _end(f.until))
    q = q.order_by(AuditEntry.id.desc())
    if offset:
        q = q.offset(offset)
    if limit is not None:
        q = q.limit(limit)
    return [entry_record(e) for e in session.scalars(q)]


def _start(d: date) -> datetime:
    return d if isinstance(d, datetime) else datetime.combine(d, time.min)


def _end(d: date) -> datetime:
    return d + timedelta(microseconds=1) if isinstance(d, datetime) else datetime.combine(d + timedelta(days=1),
                                                                                          time.min)


def entry_record(e: AuditEntry) -> dict[str, Any]:
    return {"id": e.id, "at": e.at.isoformat(timespec="seconds"), "actor": e.actor, "action": e.action,
            "object_type": e.object_type, "object_id": e.object_id, "region_code": e.region_code,
            "before": e.before, "after": e.after, "detail": e.detail}


def flat_record(record: Mapping[str, Any]) -> dict[str, Any]:
    """A record for a spreadsheet cell by cell: before and after as JSON text."""
    import json

    return {k: json.dumps(v, ensure_ascii=False) if isinstance(v, dict | list) else v for k, v in record.items()}


SUMMARY_KEYS = ("file", "title", "name", "role", "user", "prefix", "region", "indicator_id", "year", "value", "unit",
                "status")


def shown_value(value: Any) -> str:
    """A value as a person reads it in the log: text as it is, nothing as —, numbers, lists
    and true/false as JSON (not Python's ``'…'``, ``None``, ``True``)."""
    if value is None or value == "":
        return "—"
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def change_summary(r: Mapping[str, Any]) -> str:
    """One line saying what an entry changed: the fields that differ (before → after), or the
    main fields of what was added or removed, and the detail."""
    before, after = r["before"] or {}, r["after"] or {}
    if before and after:
        changed = [f"{k}: {shown_value(before.get(k))} → {shown_value(after.get(k))}"
                   for k in dict.fromkeys([*before, *after]) if before.get(k) != after.get(k)]
        return "；".join(changed) or (r["detail"] or "")
    shown = after or before
    keys = [k for k in SUMMARY_KEYS if shown.get(k) not in (None, "")][:6]
    text = "，".join(f"{k}={shown[k]}" for k in keys)
    return f"{text} {r['detail'] or ''}".strip()

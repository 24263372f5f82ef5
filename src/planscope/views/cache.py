"""Views computed once per state of the library, for a server answering many requests.

A view over the whole library (the list of 1,000 documents the library page and
``GET /api/v1/documents`` show), or a region's progress (every target assessed against
every value reported for it), costs more than the request that asks for it can afford, and
it changes only when the library does.  Every write to the library is audited in its own
transaction (``planscope.audit``: ingest, re-ingest, delete, observations entered, imported,
accepted or rejected), so the newest audit entry names the library's state; the count and
the highest id of the documents are added, so a document inserted or deleted behind
planscope's back (raw SQL, a restored backup) is noticed too.  ``cached(session, key,
compute)`` returns what ``compute(session)`` gave for the same state, or computes it.

The state is read first, in the caller's session, then the view: on PostgreSQL (read
committed) a write committed in between makes the cached value newer than its state, and
the next request, seeing the newer state, computes again — never older.  Cached values are
shared between requests and threads: only immutable rows (frozen dataclasses of plain
values) may be cached, and callers get a new list each time.

Only views whose rows depend on nothing else than the stored library may use this (not on
the time, nor on who asks: scoping is applied to the shared rows by the caller).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from planscope.store import Document
from planscope.store.models import AuditEntry

T = TypeVar("T")
SIZE = 2048  # values kept (per process): the library list, the progress of a few hundred regions, the
# pages kept by web.fragments (compressed, ~5–40 KB a document)
_values: OrderedDict[tuple[Hashable, ...], tuple[tuple[Any, ...], Any]] = OrderedDict()
_lock = threading.Lock()


def library_state(session: Session) -> tuple[Any, ...]:
    """What changes whenever the library does: the newest audit entry (id and time) and the
    documents' count and highest id — one statement, answered from indexes."""
    newest = select(func.max(AuditEntry.id)).scalar_subquery()
    state = select(newest, select(AuditEntry.at).where(AuditEntry.id == newest).scalar_subquery(),
                   select(func.count()).select_from(Document).scalar_subquery(),  # count(*): SQLite reads an index
                   select(func.max(Document.id)).scalar_subquery())
    return tuple(session.execute(state).one())


def cached(session: Session, key: tuple[Hashable, ...], compute: Callable[[Session], T]) -> T:
    """``compute(session)`` as of the library's current state, computed once per state."""
    where = (session.get_bind().engine.url.render_as_string(hide_password=False), *key)
    state = library_state(session)
    with _lock:
        hit = _values.get(where)
        if hit is not None and hit[0] == state:
            _values.move_to_end(where)
            value: T = hit[1]
            return value
    value = compute(session)
    with _lock:
        _values[where] = (state, value)
        _values.move_to_end(where)
        while len(_values) > SIZE:
            _values.popitem(last=False)
    return value


def clear() -> None:
    """Forget every cached value (tests that change a library behind planscope's back)."""
    with _lock:
        _values.clear()

"""Views computed once per state of the library (``planscope.views.cache``): a change made
through planscope, or a document inserted or deleted behind its back, is seen by the next
call; nothing a caller does to the list it gets changes what the next caller gets."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import delete

from planscope.library import delete_document, ingest_file, ingest_paths
from planscope.store import Database, Document
from planscope.views import docs_view
from planscope.views.cache import cached, library_state

from libmaker import write_plans


def _files(db: Database) -> list[str]:
    with db.session() as session:
        return [r.file for r in docs_view(session)]


def test_the_list_follows_every_write_through_planscope(db: Database, tmp_path: Path) -> None:
    first, second = write_plans(tmp_path / "docs", 2)
    assert _files(db) == []
    assert ingest_paths(db, [first])[0].ok
    assert _files(db) == [first.name]
    assert ingest_paths(db, [second])[0].ok
    assert _files(db) == [first.name, second.name]
    outcome = ingest_file(db, first, overrides={"period": "十四五"})  # the same content again: re-ingested
    assert outcome.ok and outcome.replaced
    with db.session() as session:
        [row] = [r for r in docs_view(session) if r.file == first.name]
        assert (row.period_start, row.period_end) == (2021, 2025)
        delete_document(session, first.name)
    assert _files(db) == [second.name]


def test_a_document_deleted_behind_planscopes_back_is_noticed(db: Database, tmp_path: Path) -> None:
    assert all(o.ok for o in ingest_paths(db, write_plans(tmp_path / "docs", 2)))
    before = _files(db)
    with db.session() as session:  # no audit entry: only the documents' count tells
        session.execute(delete(Document).where(Document.file_name == before[0]))
    assert _files(db) == before[1:]


def test_callers_get_their_own_list(db: Database, tmp_path: Path) -> None:
    assert ingest_paths(db, write_plans(tmp_path / "docs", 1))[0].ok
    with db.session() as session:
        docs_view(session).clear()
        assert len(docs_view(session)) == 1


def test_computed_once_per_state(db: Database, tmp_path: Path) -> None:
    calls: list[int] = []

    def compute(_session: object) -> int:
        calls.append(1)
        return len(calls)

    with db.session() as session:
        state = library_state(session)
        assert cached(session, ("test",), compute) == cached(session, ("test",), compute) == 1
    assert ingest_paths(db, write_plans(tmp_path / "docs", 1))[0].ok
    with db.session() as session:
        assert library_state(session) != state
        assert cached(session, ("test",), compute) == 2


def test_progress_follows_a_value_entered(db: Database, tmp_path: Path) -> None:
    from planscope.monitoring.observations import add_observation
    from planscope.views import progress_view

    [plan] = write_plans(tmp_path / "docs", 1)  # 示例市's 十五五 outline: GDP 1400亿元 by 2030
    assert ingest_paths(db, [plan])[0].ok

    def gdp() -> tuple[int | None, str | None]:
        with db.session() as session:
            [record] = [r for r in progress_view(session, "示例市").records if r.indicator_id == "gdp"]
            return record.latest_year, record.latest

    assert gdp() == (None, None)  # nothing observed inside 2026–2030 yet
    with db.session() as session:
        add_observation(session, "示例市", "地区生产总值", 2027, "1250", "亿元", "统计局")
    assert gdp() == (2027, "1250亿元")

"""Search: one interface over SQLite FTS5 (trigram) and PostgreSQL pg_trgm — terms of one
character and more, digits, either script, special characters taken as data, region scopes,
hits across the seams of the stored text, and nothing left of a deleted document."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import func, select, text

from planscope import library
from planscope.library import delete_document, ingest_paths
from planscope.search import Hit, search
from planscope.store import Database, Document
from planscope.store.db import migrations_config

from storemaker import COUNTY_PLAN, plans, users, write

TRADITIONAL = """中共樣板市委關於制定國民經濟和社會發展第十五個五年規劃的建議
一、發展環境
堅持綠色發展，森林覆蓋率穩步提高。
"""

ODD = """示例县统计调查说明
指标编码 100_000 与 ab%cd 均为原样记录；引号 "原文" 与单引号 'x' 保留。
"""


def _find(db: Database, q: str, regions: list[str] | None = None) -> list[Hit]:
    with db.session() as session:
        return search(session, q, regions, limit=1000, per_document=1000)


def _texts(db: Database) -> dict[int, str]:
    with db.session() as session:
        return {d.id: d.original_text for d in session.scalars(select(Document))}


def _check_spans(db: Database, hits: list[Hit], q: str) -> None:
    texts = _texts(db)
    for h in hits:
        assert texts[h.doc_id][h.offset:h.offset + h.length].lower() in {q.lower(), *_scripts(q)}
        assert h.snippet[h.mark_start:h.mark_end] == texts[h.doc_id][h.offset:h.offset + h.length]


def _scripts(q: str) -> set[str]:
    from planscope.search import variants

    return set(variants(q))


@pytest.fixture()
def library_db(db: Database, tmp_path: Path) -> Database:
    plans(db, tmp_path)
    ingest_paths(db, [write(tmp_path, "trad.txt", TRADITIONAL), write(tmp_path, "odd.txt", ODD)],
                 {"region": "示例县"})
    return db


@pytest.mark.parametrize(("q", "files"), [
    ("林", {"county_plan.txt", "trad.txt"}),  # one character (also 森林覆蓋率 in Traditional)
    ("总值", {"county_plan.txt", "yangban_plan.txt"}),  # two
    ("森林覆盖率达到42%以上", {"county_plan.txt"}),  # long, with digits and a symbol
    ("2030年", {"county_plan.txt", "yangban_plan.txt"}),  # digits
    ("gdp", {"yangban_plan.txt"}),  # case does not matter
    ("發展", {"county_plan.txt", "yangban_plan.txt", "trad.txt"}),  # either script
    ("社会发展第十五个五年规划", {"county_plan.txt", "yangban_plan.txt", "trad.txt"}),
])
def test_terms_of_every_length_are_found_at_their_exact_offsets(library_db: Database, q: str,
                                                                files: set[str]) -> None:
    hits = _find(library_db, q)
    assert {h.file for h in hits} == files
    _check_spans(library_db, hits, q)


@pytest.mark.parametrize(("q", "files"), [
    ("%", {"odd.txt", "county_plan.txt", "yangban_plan.txt"}),  # the % sign itself, no wildcard
    ("_0", {"odd.txt"}),  # an underscore is a character, not any character
    ("b%c", {"odd.txt"}),
    ('"原文"', {"odd.txt"}),  # quotes are data, not FTS syntax
    ("'x'", {"odd.txt"}),
    ("'%_\"", set()),
    ("'); DROP TABLE documents; --", set()),
    ("\\", set()),
    ("OR", set()),  # not an FTS operator
    ("森林 NEAR 覆盖", set()),
])
def test_special_characters_are_data(library_db: Database, q: str, files: set[str]) -> None:
    hits = _find(library_db, q)
    assert {h.file for h in hits} == files
    _check_spans(library_db, hits, q)
    with library_db.session() as session:
        assert session.scalar(select(func.count(Document.id))) == 4


def test_every_occurrence_is_counted_and_the_limits_hold(library_db: Database) -> None:
    hits = _find(library_db, "地区生产总值")
    by_file: dict[str, int] = {}
    for h in hits:
        by_file[h.file] = by_file.get(h.file, 0) + 1
    assert by_file == {"county_plan.txt": 2, "yangban_plan.txt": 2}
    assert all(h.occurrences == 2 for h in hits)
    with library_db.session() as session:
        limited = search(session, "发展", limit=3, per_document=1)
    assert len(limited) == 3 and len({h.doc_id for h in limited}) == 3


def test_regions_keep_a_region_and_everything_below_it(library_db: Database) -> None:
    assert {h.file for h in _find(library_db, "地区生产总值", ["990121"])} == {"county_plan.txt"}
    assert {h.file for h in _find(library_db, "地区生产总值", ["990000"])} == {"county_plan.txt",
                                                                             "yangban_plan.txt"}
    assert {h.file for h in _find(library_db, "地区生产总值", ["990100"])} == {"county_plan.txt"}
    assert _find(library_db, "地区生产总值", ["320583"]) == []
    assert _find(library_db, "地区生产总值", []) == []


def test_an_empty_query_finds_nothing(library_db: Database) -> None:
    assert _find(library_db, "") == _find(library_db, "   ") == []


def test_deleted_and_reingested_documents_leave_no_stale_hits(library_db: Database, tmp_path: Path) -> None:
    [county] = [h.doc_id for h in _find(library_db, "森林覆盖率达到42%以上")]
    ingest_paths(library_db, [tmp_path / "county_plan.txt"], {"title": "改了标题"})  # the same text again
    assert len(_find(library_db, "森林覆盖率达到42%以上")) == 1
    with library_db.session() as session:
        delete_document(session, str(county))
    assert _find(library_db, "森林覆盖率达到42%以上") == []
    assert {h.file for h in _find(library_db, "林")} == {"trad.txt"}
    if library_db.engine.dialect.name == "sqlite":  # the index itself holds nothing of it
        with library_db.engine.connect() as conn:
            left = conn.execute(text("SELECT count(*) FROM search_fts WHERE search_fts MATCH :q"),
                                {"q": '"42%以上"'}).scalar()
        assert left == 0


def test_hits_across_the_seams_of_the_stored_text(db: Database, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(library, "TEXT_CHUNK", 11)  # pieces of 11 characters: a query of up to 12 spans two
    [outcome] = ingest_paths(db, [write(tmp_path, "county_plan.txt", COUNTY_PLAN)])
    assert outcome.ok
    with db.session() as session:
        assert session.execute(text("SELECT count(*) FROM text_chunks")).scalar() > 10
    whole = _texts(db)[outcome.document_id or 0]
    for q in ("地区生产总值", "2030年", "森林覆盖率达到42%以上", "县", "亿元", "第十五个五年规划纲要"):
        expected = [m.start() for m in re.finditer(re.escape(q), whole)]
        assert [h.offset for h in _find(db, q)] == expected, q


def test_the_migration_indexes_the_documents_already_in_the_library(db: Database) -> None:
    cfg = migrations_config()
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0005")
        conn.execute(text(
            "INSERT INTO documents (id, checksum, file_name, source_path, format, size_bytes, chars, body_end, "
            "facts, ingested_at, version) VALUES (77, 'c77', 'old.txt', '/old.txt', 'txt', 30, 20, 20, '{}', "
            "'2026-01-01 00:00:00', '0.1.0')"))
        conn.execute(text("INSERT INTO text_chunks (document_id, seq, body) VALUES (77, 0, :b)"),
                     {"b": "示例县森林覆盖率达到百分之四十"})
        command.upgrade(cfg, "head")
    [hit] = _find(db, "森林覆盖率")
    assert (hit.doc_id, hit.offset) == (77, 3)


def test_planscope_search_and_delete(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from planscope.cli.commands import main

    url = f"sqlite:///{tmp_path / 'lib.db'}"
    db = Database(url)
    ids = plans(db, tmp_path)
    users(db, ("county_reporter", "city_planner"))
    db.dispose()
    runner = CliRunner()

    def cli(*args: str) -> tuple[int, str]:
        result = runner.invoke(main, ["--db", url, *args])
        return result.exit_code, result.output

    code, out = cli("search", "地区生产总值", "--format", "json")
    assert code == 0 and {h["file"] for h in json.loads(out)} == {"county_plan.txt", "yangban_plan.txt"}
    code, out = cli("search", "地区生产总值", "--format", "json", "--as", "county_reporter")  # its own region only
    assert {h["file"] for h in json.loads(out)} == {"county_plan.txt"}
    code, out = cli("search", "地区生产总值", "--region", "样板市", "--as", "county_reporter")
    assert code == 1 and "样板市 990200" in out
    code, out = cli("search", "[bold]不存在[/bold]")
    assert code == 0 and "nothing found" in out
    code, out = cli("delete", str(ids["990200"]), "--yes", "--as", "city_planner")
    assert code == 1 and "样板市 990200" in out
    code, out = cli("delete", str(ids["990200"]))  # no terminal to ask at: nothing deleted without --yes
    assert code == 1 and "--yes" in out
    code, out = cli("delete", "yangban_plan.txt", "--yes")
    assert code == 0 and "deleted" in out
    code, out = cli("search", "地区生产总值", "--format", "json")
    assert {h["file"] for h in json.loads(out)} == {"county_plan.txt"}
    code, out = cli("delete", "yangban_plan.txt", "--yes")
    assert code == 1 and "no document" in out

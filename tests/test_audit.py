"""The audit log: append-only in the database (UPDATE and DELETE refused by triggers on SQLite
and PostgreSQL), one entry per write in the write's own transaction, read back with filters
and exported as xlsx."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from planscope.accounts.roles import local_operator
from planscope.accounts.tokens import create_token, revoke_token
from planscope.accounts.users import change_user
from planscope.audit import AuditFilter, query, record
from planscope.cli.commands import main
from planscope.errors import PermissionDenied
from planscope.library import delete_document, ingest_paths
from planscope.monitoring.observations import import_file
from planscope.monitoring.review import enter_observations, review
from planscope.store import Database

from storemaker import COUNTY_PLAN, plans, users, write


def _actions(db: Database, **given: object) -> list[tuple[str, str, str | None]]:
    with db.session() as session:
        return [(r["action"], r["actor"], r["object_id"]) for r in query(session, AuditFilter(**given))]


@pytest.mark.parametrize("statement", ["UPDATE audit_log SET actor = 'someone else'", "DELETE FROM audit_log",
                                       "UPDATE audit_log SET after = NULL WHERE id = (SELECT max(id) FROM audit_log)"])
def test_the_database_refuses_to_change_or_delete_an_entry(db: Database, statement: str) -> None:
    with db.session() as session:
        record(session, "cli:tester", "user.add", "user", "x", "990121", None, {"name": "x"})
    with pytest.raises(DBAPIError, match="append-only"), db.engine.begin() as conn:
        conn.execute(text(statement))
    with db.session() as session:
        [entry] = query(session)
    assert entry["actor"] == "cli:tester" and entry["after"] == {"name": "x"}


def test_postgresql_refuses_truncate_too(db: Database) -> None:
    if db.engine.dialect.name != "postgresql":
        pytest.skip("TRUNCATE is PostgreSQL's")
    with pytest.raises(DBAPIError, match="append-only"), db.engine.begin() as conn:
        conn.execute(text("TRUNCATE audit_log"))


def test_ingest_reingest_and_delete_are_audited_with_before_and_after(db: Database, tmp_path: Path) -> None:
    ids = plans(db, tmp_path)
    county = ids["990121"]
    ingest_paths(db, [tmp_path / "county_plan.txt"], {"title": "示例县规划纲要（修订）"})
    with db.session() as session:
        delete_document(session, str(county))
    with db.session() as session:
        entries = query(session, AuditFilter(object_type="document", object_id=str(county)))
    assert [e["action"] for e in entries] == ["document.delete", "document.reingest", "document.ingest"]
    deleted, reingested, ingested = entries
    assert ingested["before"] is None and ingested["after"]["region_code"] == "990121"
    assert ingested["after"]["targets"] >= 2 and ingested["actor"] == local_operator().name
    assert reingested["before"]["title"] != reingested["after"]["title"] == "示例县规划纲要（修订）"
    assert deleted["before"]["file"] == "county_plan.txt" and deleted["after"] is None
    assert all(e["region_code"] == "990121" for e in entries)


def test_a_refused_write_leaves_no_entry_and_no_data(db: Database, tmp_path: Path) -> None:
    made = users(db, ("county_reporter", "city_planner", "city_viewer"))
    path = write(tmp_path, "county_plan.txt", COUNTY_PLAN)
    [outcome] = ingest_paths(db, [path], actor=made["county_reporter"])  # a reporter may not ingest
    assert not outcome.ok and "ingest" in (outcome.error or "")
    ids = plans(db, tmp_path / "again")
    with db.session() as session, pytest.raises(PermissionDenied, match="样板市 990200"):
        delete_document(session, str(ids["990200"]), made["city_planner"])  # outside 示例市
    with db.session() as session, pytest.raises(PermissionDenied, match="删除文件"):
        delete_document(session, str(ids["990121"]), made["city_viewer"])  # a viewer deletes nothing
    assert [a for a, _, _ in _actions(db, object_type="document")] == ["document.ingest", "document.ingest"]


def test_an_entry_is_rolled_back_with_its_write(db: Database) -> None:
    with pytest.raises(RuntimeError), db.session() as session:
        record(session, "cli:tester", "user.add", "user", "x")
        session.flush()
        raise RuntimeError("the write failed after the entry was added")
    assert _actions(db) == []


def test_observations_users_and_tokens_are_audited(db: Database, tmp_path: Path) -> None:
    plans(db, tmp_path)
    made = users(db, ("county_reporter", "city_reviewer"))
    sheet = write(tmp_path, "填报.csv", "地区,指标,年份,数值,单位\n示例县,地区生产总值,2026,320,亿元\n")
    with db.session() as session:
        import_file(session, sheet)
    with db.session() as session:
        report = enter_observations(session, made["county_reporter"],
                                    [{"region": "示例县", "indicator": "森林覆盖率", "year": 2026, "value": "40.5"}])
    with db.session() as session:
        review(session, made["city_reviewer"], report.stored, "reject", "数据来源不明")
    with db.session() as session:
        change_user(session, local_operator(), "county_reporter", display_name="县统计局 小李")
        token = create_token(session, local_operator(), "county_reporter")
    with db.session() as session:
        revoke_token(session, local_operator(), token[:10])
    actions = [a for a, _, _ in _actions(db)]
    assert actions[:7] == ["token.revoke", "token.create", "user.change", "observation.reject", "observation.enter",
                           "observation.import", "user.add"]
    with db.session() as session:
        [rejected] = query(session, AuditFilter(action="observation.reject"))
        [entered] = query(session, AuditFilter(action="observation.enter"))
        [changed] = query(session, AuditFilter(action="user.change"))
    assert rejected["actor"] == "city_reviewer" and rejected["detail"] == "数据来源不明"
    assert (rejected["before"]["status"], rejected["after"]["status"]) == ("pending", "rejected")
    assert entered["actor"] == "county_reporter" and entered["after"]["value"] == "40.5"
    assert changed["after"]["display_name"] == "县统计局 小李" and "password_hash" not in json.dumps(changed)
    assert token not in json.dumps(_everything(db))


def _everything(db: Database) -> list[dict[str, object]]:
    with db.session() as session:
        return query(session)


def test_the_filters_select_by_actor_action_object_region_and_date(db: Database, tmp_path: Path) -> None:
    plans(db, tmp_path)
    users(db, ("county_reporter", "city_viewer"))
    me = local_operator().name
    assert {a for a, _, _ in _actions(db, actor=me)} == {"document.ingest", "user.add"}
    assert [a for a, _, _ in _actions(db, action="user")] == ["user.add", "user.add"]
    assert _actions(db, actor="nobody") == []
    assert [o for _, _, o in _actions(db, object_type="user", object_id="city_viewer")] == ["city_viewer"]
    assert {o for _, _, o in _actions(db, region="示例县")} == {"county_reporter", str(_doc_id(db, "990121"))}
    assert len(_actions(db, region="示例省")) == 4  # the county's and 样板市's plans, both users
    today = date.today()
    assert len(_actions(db, since=today - timedelta(days=1), until=today + timedelta(days=1))) == 4
    assert _actions(db, until=today - timedelta(days=2)) == []


def _doc_id(db: Database, code: str) -> int:
    with db.session() as session:
        [entry] = query(session, AuditFilter(action="document.ingest", region=code))
    return int(entry["object_id"])


def test_planscope_audit_shows_filters_and_exports_xlsx(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'lib.db'}"
    db = Database(url)
    plans(db, tmp_path)
    users(db, ("city_reviewer",))
    db.dispose()
    runner = CliRunner()
    result = runner.invoke(main, ["--db", url, "audit", "--action", "document", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert [r["action"] for r in json.loads(result.output)] == ["document.ingest", "document.ingest"]
    out = tmp_path / "审计.xlsx"
    result = runner.invoke(main, ["--db", url, "audit", "--format", "xlsx", "-o", str(out)])
    assert result.exit_code == 0, result.output
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("id", "at", "actor", "action") and len(rows) == 4
    result = runner.invoke(main, ["--db", url, "audit", "--as", "city_reviewer"])
    assert result.exit_code == 1 and "无权查看审计日志" in result.output
    result = runner.invoke(main, ["--db", url, "audit", "--since", "yesterday"])
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output


def test_a_change_reads_as_values_not_python_reprs() -> None:
    from planscope.audit import change_summary

    entry = {"before": {"role": "reporter", "active": True, "note": None, "regions": ["990121"]},
             "after": {"role": "reviewer", "active": False, "note": "调任", "regions": ["990100"]}, "detail": None}
    line = change_summary(entry)
    assert line == 'role: reporter → reviewer；active: true → false；note: — → 调任；regions: ["990121"] → ["990100"]'

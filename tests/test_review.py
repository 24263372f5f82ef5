"""Values entered by users and their review: a reporter's values wait, a reviewer of the region
or above decides, only accepted values feed progress, and nothing is half-written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from planscope.accounts.roles import Actor, local_operator
from planscope.accounts.users import create_user
from planscope.cli.commands import main
from planscope.errors import NotFound, OverrideError, PermissionDenied
from planscope.monitoring.follow import progress_records
from planscope.monitoring.observations import list_observations
from planscope.monitoring.review import enter_observations, pending_observations, review
from planscope.store import Database, ObservationRow

from storemaker import PASSWORD, plans, users


def _gdp(value: str, region: str = "示例县", year: int = 2026) -> dict[str, object]:
    return {"region": region, "indicator": "地区生产总值", "year": year, "value": value, "unit": "亿元"}


def _latest_gdp(db: Database) -> float | None:
    with db.session() as session:
        [record] = [r for r in progress_records(session, "示例县") if r.indicator_id == "gdp"]
    return record.latest_value


def _count(db: Database) -> int:
    with db.session() as session:
        return session.scalar(select(func.count(ObservationRow.id))) or 0


def test_a_reporters_value_waits_for_review_and_feeds_progress_once_accepted(db: Database, tmp_path: Path) -> None:
    plans(db, tmp_path)
    made = users(db, ("county_reporter", "city_reviewer"))
    with db.session() as session:
        report = enter_observations(session, made["county_reporter"], [_gdp("321.5")])
    assert report.ok and report.status == "pending" and len(report.stored) == 1
    assert _latest_gdp(db) is None  # pending: not followed
    with db.session() as session:
        held = [r for r in list_observations(session, "示例县") if r["source_type"] != "document"]
        assert held == []  # nor listed among the values held
        [waiting] = pending_observations(session, made["city_reviewer"])
        assert waiting["entered_by"] == "county_reporter" and waiting["value"] == "321.5"
        review(session, made["city_reviewer"], report.stored, "accept", "与统计年鉴一致")
    assert _latest_gdp(db) == pytest.approx(321.5e8)
    with db.session() as session:
        row = session.get(ObservationRow, report.stored[0])
        assert row is not None and (row.status, row.reviewed_by, row.review_note) == (
            "accepted", "city_reviewer", "与统计年鉴一致")
        assert pending_observations(session) == []


def test_a_rejected_value_never_feeds_progress(db: Database, tmp_path: Path) -> None:
    plans(db, tmp_path)
    made = users(db, ("county_reporter", "county_reviewer"))
    with db.session() as session:
        report = enter_observations(session, made["county_reporter"], [_gdp("9999")])
    with db.session() as session:
        review(session, made["county_reviewer"], report.stored, "reject", "数量级错误")
    assert _latest_gdp(db) is None
    with db.session() as session, pytest.raises(OverrideError, match="already decided"):
        review(session, made["county_reviewer"], report.stored, "accept")


def test_a_reviewers_own_entry_is_accepted_at_once(db: Database, tmp_path: Path) -> None:
    plans(db, tmp_path)
    made = users(db, ("city_reviewer",))
    with db.session() as session:
        report = enter_observations(session, made["city_reviewer"], [_gdp("318")])
    assert report.status == "accepted" and _latest_gdp(db) == pytest.approx(318e8)


def test_a_row_outside_the_users_region_is_refused_and_nothing_is_written(db: Database, tmp_path: Path) -> None:
    plans(db, tmp_path)
    made = users(db, ("county_reporter",))
    with db.session() as session, pytest.raises(PermissionDenied, match="样板市 990200"):
        enter_observations(session, made["county_reporter"], [_gdp("320"), _gdp("1900", region="样板市")])
    assert _count(db) == 0


def test_one_bad_row_stores_nothing_and_every_reason_is_reported(db: Database, tmp_path: Path) -> None:
    plans(db, tmp_path)
    made = users(db, ("county_reporter",))
    rows = [_gdp("320"), _gdp("三百"), {**_gdp("1"), "indicator": "不存在的指标"}, _gdp("321"),
            {"region": "示例县", "indicator": "地区生产总值", "value": "1"}]
    with db.session() as session:
        report = enter_observations(session, made["county_reporter"], rows)
    assert not report.ok and report.stored == []
    reasons = {r.where.split(" / ")[1]: r.reason for r in report.rejected}
    assert set(reasons) == {"row 2", "row 3", "row 4", "row 5"}
    assert "not a number" in reasons["row 2"] and "unknown indicator" in reasons["row 3"]
    assert "duplicate" in reasons["row 4"] and "missing year" in reasons["row 5"]
    assert _count(db) == 0


def test_review_outside_the_reviewers_region_is_refused_whole(db: Database, tmp_path: Path) -> None:
    plans(db, tmp_path)
    made = users(db, ("county_reporter", "county_reviewer", "city_planner"))
    with db.session() as session:
        yangban = Actor.of(create_user(session, local_operator(), "yb_reporter", PASSWORD, "reporter", "样板市"))
    with db.session() as session:
        county = enter_observations(session, made["county_reporter"], [_gdp("320")]).stored
        other = enter_observations(session, yangban, [_gdp("1900", region="样板市")]).stored
    with db.session() as session:
        assert [r["id"] for r in pending_observations(session, made["city_planner"])] == county
        assert [r["id"] for r in pending_observations(session, None, "样板市")] == other
    with db.session() as session, pytest.raises(PermissionDenied, match="样板市 990200"):
        review(session, made["county_reviewer"], [*county, *other], "accept")
    with db.session() as session, pytest.raises(NotFound, match="424242"):
        review(session, made["county_reviewer"], [*county, 424242], "accept")
    with db.session() as session, pytest.raises(PermissionDenied):  # a reporter may not review at all
        review(session, made["county_reporter"], county, "accept")
    with db.session() as session:
        statuses = session.execute(select(ObservationRow.status).order_by(ObservationRow.id)).scalars().all()
    assert statuses == ["pending", "pending"]


def test_the_review_commands(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'lib.db'}"
    db = Database(url)
    plans(db, tmp_path)
    users(db, ("county_reporter", "city_reviewer", "city_viewer"))
    db.dispose()
    runner = CliRunner()

    def cli(*args: str) -> tuple[int, str]:
        result = runner.invoke(main, ["--db", url, *args], env={"PLANSCOPE_PASSWORD": PASSWORD})
        return result.exit_code, result.output

    code, out = cli("observe", "add", "--region", "示例县", "--indicator", "地区生产总值", "--year", "2026",
                    "--value", "322", "--unit", "亿元", "--by", "县统计局", "--as", "county_reporter")
    assert code == 0 and "pending" in out, out
    code, out = cli("observe", "add", "--region", "样板市", "--indicator", "地区生产总值", "--year", "2026",
                    "--value", "1900", "--unit", "亿元", "--by", "县统计局", "--as", "county_reporter")
    assert code == 1 and "样板市 990200" in out, out
    code, out = cli("observe", "pending", "--format", "json", "--as", "city_reviewer")
    [waiting] = json.loads(out)
    assert waiting["value"] == "322" and waiting["status"] == "pending"
    assert "(0)" in cli("observe", "pending", "--as", "city_viewer")[1]
    code, out = cli("observe", "accept", str(waiting["id"]), "--as", "city_viewer")
    assert code == 1 and "无权审核填报值" in out
    code, out = cli("observe", "accept", str(waiting["id"]), "--note", "已核", "--as", "city_reviewer")
    assert code == 0 and "accepted" in out
    code, out = cli("observe", "reject", str(waiting["id"]), "--as", "city_reviewer")
    assert code == 1 and "already decided" in out
    code, out = cli("progress", "--region", "示例县", "--format", "json")
    [gdp] = [r for r in json.loads(out) if r["indicator_id"] == "gdp"]
    assert gdp["latest_year"] == 2026


def test_a_sheet_imported_as_a_reporter_waits_for_review(db: Database, tmp_path: Path) -> None:
    from planscope.monitoring.observations import import_file

    plans(db, tmp_path)
    made = users(db, ("county_reporter",))
    sheet = tmp_path / "填报.csv"
    sheet.write_text("地区,指标,年份,数值,单位\n示例县,地区生产总值,2026,320,亿元\n", "utf-8")
    with db.session() as session:
        report = import_file(session, sheet, actor=made["county_reporter"])
    assert report.imported == 1 and _latest_gdp(db) is None
    with db.session() as session:
        [waiting] = pending_observations(session)
    assert waiting["entered_by"] == "county_reporter" and waiting["cell"] == "第2行 / row 2"
    other = tmp_path / "样板市.csv"
    other.write_text("地区,指标,年份,数值,单位\n样板市,地区生产总值,2026,1900,亿元\n", "utf-8")
    with db.session() as session, pytest.raises(PermissionDenied, match="样板市 990200"):
        import_file(session, other, actor=made["county_reporter"])

"""Tasks from documents: task extraction's records (through the Protocol of
planscope.supervision.importing, and as JSON) stored as tasks of a region with their units
assigned by the body catalogue; collective names noted, not made units; nothing guessed."""

from __future__ import annotations

import importlib.util
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from planscope.accounts.roles import Actor, local_operator
from planscope.errors import PermissionDenied, SupervisionError
from planscope.store import Database, OrgUnit, Task
from planscope.supervision.importing import (
    DeadlineRecord,
    IndicatorRef,
    TaskRecord,
    Unit,
    import_tasks,
    records_from_json,
)
from planscope.supervision.tasks import get_task, list_tasks

from locations import ROOT

OP = local_operator()
FIXTURE = Path(__file__).parent / "fixtures" / "supervision" / "business_env_tasks.json"
SAMPLES = ROOT / "src" / "planscope" / "samples" / "tasks"


def record(text: str, start: int, lead: tuple[Unit, ...], co: tuple[Unit, ...] = (),
           deadline: DeadlineRecord | None = None) -> TaskRecord:
    return TaskRecord(text=text, start=start, end=start + len(text), path="一、稳定增长", lead=lead, co=co,
                      deadline=deadline, indicators=(IndicatorRef("gdp_growth"),))


FGW = Unit("市发改委", "development_reform", "发展和改革委员会", level="city")
FGJ = Unit("发改局", "development_reform", "发展和改革局", level="city")
CZ = Unit("市财政局", "finance", "财政局", level="city")
COUNTY_GOV = Unit("示例县人民政府", "gov", "人民政府", level="county")
ALL_DEPTS = Unit("市级各有关部门", collective=True)


def test_units_are_one_per_body_and_named_as_the_region_names_them(db: Database) -> None:
    records = [record("扩大有效投资。", 0, (FGW,), (CZ, ALL_DEPTS), DeadlineRecord("2026年12月底前", "date",
                                                                                    "2026-12-31")),
               record("稳定工业增长。", 10, (FGJ,), (COUNTY_GOV,))]
    with db.session() as s:
        report = import_tasks(s, OP, records, "示例市", (None, "分工方案.txt"), started_on=date(2026, 1, 20))
        units = {u.name: sorted(u.aliases) for u in s.scalars(select(OrgUnit))}
        first, second = (get_task(s, i) for i in report.created)
        assert [tu.unit.name for tu in second.units] == ["示例市发展和改革委员会", "示例县人民政府"]
        assert first.due == date(2026, 12, 31) and first.started_on == date(2026, 1, 20)
        assert first.indicator_ids == ["gdp_growth"] and first.document_name == "分工方案.txt"
        assert any("市级各有关部门" in n for n in first.notes)
    assert units == {"示例市发展和改革委员会": ["发改局", "市发改委"], "示例市财政局": ["市财政局"],
                     "示例县人民政府": []}


def test_a_record_without_units_is_skipped_or_given_the_default_lead(db: Database) -> None:
    measure = record("加快发展现代服务业。", 0, ())
    with db.session() as s:
        report = import_tasks(s, OP, [measure], "示例市", (None, "纲要.txt"))
        assert not report.created and "未写责任单位" in report.skipped[0]
    with db.session() as s:
        report = import_tasks(s, OP, [measure], "示例市", (None, "纲要.txt"), default_lead="市发改委")
        task = get_task(s, report.created[0])
        assert task.units[0].unit.name == "市发改委" and "指定" in task.notes[0]


def test_a_deadline_without_a_day_keeps_its_words_and_no_date(db: Database) -> None:
    vague = record("推进改革。", 0, (FGW,), deadline=DeadlineRecord("年底前", "date", None, True, "文件无日期"))
    with db.session() as s:
        task = get_task(s, import_tasks(s, OP, [vague], "示例市", (None, "x.txt")).created[0])
        assert (task.deadline_text, task.due) == ("年底前", None)
        assert any("无法读出日期" in n for n in task.notes) and any("文件无日期" in n for n in task.notes)


def test_the_json_of_task_extraction_imports_and_a_second_import_adds_nothing(db: Database) -> None:
    records = records_from_json(FIXTURE)
    with db.session() as s:
        first = import_tasks(s, OP, records, "示例市", (None, FIXTURE.name), started_on=date(2026, 1, 20))
    with db.session() as s:
        again = import_tasks(s, OP, records, "示例市", (None, FIXTURE.name))
        count = s.scalar(select(func.count(Task.id)))
    assert len(first.created) == len(records) == 6 and again.existing == first.created and count == 6
    with db.session() as s:
        tasks = list_tasks(s, "示例市")
        leads = [[tu.unit.name for tu in t.units if tu.role == "lead"] for t in tasks]
        assert {t.document_name for t in tasks} == {"shili_city_2026_business_env_tasks.txt"}  # each record's doc
    assert leads[0] == ["示例市人民政府办公室", "示例市行政审批制度改革办公室"]


def test_bad_json_and_a_region_outside_the_user_are_refused(db: Database, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('[{"text": "缺少位置"}]', "utf-8")
    with pytest.raises(SupervisionError, match="第 1 条任务记录"):
        records_from_json(bad)
    with pytest.raises(PermissionDenied), db.session() as s:
        import_tasks(s, Actor("county", "planner", "990121"), records_from_json(FIXTURE), "示例市", (None, "x"))


@pytest.mark.skipif(importlib.util.find_spec("planscope.extraction.tasks") is None,
                    reason="task extraction (planscope.extraction.tasks) is not in this version")
@pytest.mark.parametrize("name", sorted(p.name for p in SAMPLES.iterdir()))
def test_every_sample_task_division_plan_imports_with_a_lead_for_each_task(db: Database, name: str) -> None:
    from planscope.supervision.sources import records_of

    found = records_of(SAMPLES / name)
    with db.session() as s:
        report = import_tasks(s, OP, found.records, "示例市", (None, name), started_on=found.date)
        assert report.created and not report.skipped
        assert all(any(tu.role == "lead" for tu in t.units) for t in list_tasks(s, "示例市"))

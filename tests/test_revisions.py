"""Revisions (调整修订): a target or task changes only through one, with its reason, approving
document and effective date; progress judges a revised target by the value in force at the date
it judges, names the original, and compares with the original when asked."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from planscope import audit
from planscope.accounts.roles import Actor, local_operator
from planscope.errors import PermissionDenied, SupervisionError
from planscope.monitoring.observations import add_observation
from planscope.store import Database
from planscope.supervision.revisions import TaskChange, history, revise_target, revise_task, target_key
from planscope.supervision.tasks import NewTask, create_task, get_task, status_of
from planscope.supervision.units import add_unit
from planscope.views.progress import progress_view

import storemaker

OP = local_operator()


def forest(db: Database, year: int, original: bool = False) -> object:
    with db.session() as s:
        rows = [r for r in progress_view(s, "示例县", year, original=original).records
                if r.indicator_id == "forest_coverage"]
    assert len(rows) == 1
    return rows[0]


def test_a_revised_target_is_judged_by_the_value_in_force_at_each_date(db: Database, tmp_path: Path) -> None:
    storemaker.plans(db, tmp_path)
    with db.session() as s:
        add_observation(s, "示例县", "森林覆盖率", 2027, "41", "%", "县统计局")
    before = forest(db, 2027)
    with db.session() as s:
        rev = revise_target(s, OP, "示例县", "森林覆盖率", 2030, 41.5, "国土绿化空间调整，目标相应下调",
                            "示例县人民代表大会常务委员会关于规划纲要调整的决议", date(2027, 6, 30))
        assert rev.object_key == target_key("990121", "forest_coverage", 2030)
        assert (rev.before["value"], rev.after["value"]) == ("42%", "41.5%")
    revised, original = forest(db, 2027), forest(db, 2027, original=True)
    assert revised.target_value == 41.5 and "原规划值 42%" in revised.explanation  # type: ignore[attr-defined]
    assert original.target_value == before.target_value == 42  # type: ignore[attr-defined]
    assert forest(db, 2026).target_value == 42  # type: ignore[attr-defined]  # not yet in force at the end of 2026
    with db.session() as s:
        assert [r.after["value"] for r in history(s, "target", rev.object_key)] == ["41.5%"]
        assert audit.query(s, audit.AuditFilter(action="target.revise"))[0]["detail"].startswith("示例县人民代表大会")


def test_a_revised_value_is_in_the_plans_unit(db: Database, tmp_path: Path) -> None:
    storemaker.plans(db, tmp_path)
    with db.session() as s:
        rev = revise_target(s, OP, "示例县", "地区生产总值", 2030, 400, "调整", "决议", date(2027, 1, 1))
        assert (rev.before["value"], rev.after["value"], rev.after["value_normalized"]) == ("420亿元", "400亿元", 4e10)


def test_a_target_revision_needs_its_reason_document_and_a_target_there(db: Database, tmp_path: Path) -> None:
    storemaker.plans(db, tmp_path)
    with pytest.raises(SupervisionError, match="理由"), db.session() as s:
        revise_target(s, OP, "示例县", "森林覆盖率", 2030, 41, " ", "决议", date(2027, 1, 1))
    with pytest.raises(SupervisionError, match="批准文件"), db.session() as s:
        revise_target(s, OP, "示例县", "森林覆盖率", 2030, 41, "调整", "", date(2027, 1, 1))
    with pytest.raises(SupervisionError, match="没有 2029 年"), db.session() as s:
        revise_target(s, OP, "示例县", "森林覆盖率", 2029, 41, "调整", "决议", date(2027, 1, 1))
    with pytest.raises(PermissionDenied), db.session() as s:
        revise_target(s, Actor("r", "reviewer", "990121"), "示例县", "森林覆盖率", 2030, 41, "调整", "决议",
                      date(2027, 1, 1))


def test_a_task_changes_its_deadline_and_units_through_a_revision_with_history(db: Database) -> None:
    with db.session() as s:
        for name in ("示例市发展和改革委员会", "示例市财政局", "示例市科学技术局"):
            add_unit(s, OP, "示例市", name)
        task = create_task(s, OP, NewTask(region="示例市", text="建设科技成果转化中心", lead=["示例市科学技术局"],
                                          deadline="2026年6月底前", started_on=date(2026, 1, 1)))
        task_id = task.id
    assert status_of_on(db, task_id, date(2026, 7, 15)) == "late"
    with db.session() as s:
        revise_task(s, OP, task_id, TaskChange(deadline="2026年12月底前", co=("示例市财政局",)),
                    "场地移交推迟", "示政办函〔2026〕18号", date(2026, 7, 1))
    assert status_of_on(db, task_id, date(2026, 7, 15)) != "late"
    with db.session() as s:
        (rev,) = history(s, "task", str(task_id))
        assert rev.before == {"deadline": "2026年6月底前", "due": "2026-06-30", "co": []}
        assert rev.after == {"deadline": "2026年12月底前", "due": "2026-12-31", "co": ["示例市财政局"]}
        assert get_task(s, task_id).version == 2
    with pytest.raises(SupervisionError, match="没有变化"), db.session() as s:
        revise_task(s, OP, task_id, TaskChange(deadline="2026年12月底前"), "x", "y", date(2026, 8, 1))


def status_of_on(db: Database, task_id: int, day: date) -> str:
    with db.session() as s:
        return status_of(get_task(s, task_id), day).status

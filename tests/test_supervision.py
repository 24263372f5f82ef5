"""Supervision as a library, on SQLite and PostgreSQL: units and their aliases, tasks by hand,
progress updates (late ones need a reason, co-units' wait for the lead unit), the region scope,
two people updating one task at once, every write audited, nothing half-written."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from planscope import audit
from planscope.accounts.roles import Actor, local_operator
from planscope.errors import ConflictError, PermissionDenied, SupervisionError
from planscope.store import AuditEntry, Database, Task, TaskUpdate
from planscope.supervision.tasks import NewTask, create_task, get_task, status_of
from planscope.supervision.units import add_unit, change_unit, find_unit
from planscope.supervision.updates import NewUpdate, add_update, attachments_dir, confirm_update

OP = local_operator()


def setup_units(db: Database) -> None:
    with db.session() as s:
        add_unit(s, OP, "示例市", "示例市发展和改革委员会", ["市发改委", "发改委"], members=["fgw_li"])
        add_unit(s, OP, "示例市", "示例市财政局", ["市财政局"], members=["cz_wang"])
        add_unit(s, OP, "示例县", "示例县财政局", ["县财政局"])


def new_task(db: Database, **kw: object) -> int:
    base = dict(region="示例市", text="编制并公布市级行政许可事项清单", lead=["市发改委"], co=["市财政局"],
                deadline="2026年6月底前", started_on=date(2026, 1, 1))
    base.update(kw)
    with db.session() as s:
        return create_task(s, OP, NewTask(**base)).id  # type: ignore[arg-type]


def count(db: Database, model: type) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def test_a_unit_is_found_by_its_name_its_aliases_and_without_the_region_name(db: Database) -> None:
    setup_units(db)
    with db.session() as s:
        names = {find_unit(s, "990100", n).name for n in ("示例市发展和改革委员会", "市发改委", "发改委")}
        assert names == {"示例市发展和改革委员会"}
        assert find_unit(s, "990100", "示例市财政局").name == "示例市财政局"
        with pytest.raises(SupervisionError, match="不在任务所在地区"):
            find_unit(s, "990100", "县财政局")
        with pytest.raises(SupervisionError, match="没有单位“市教育局”"):
            find_unit(s, "990100", "市教育局")
        change_unit(s, OP, find_unit(s, "990100", "发改委").id, add_aliases=["发展改革委"])
        assert find_unit(s, "990100", "发展改革委").name == "示例市发展和改革委员会"


def test_a_task_by_hand_reads_its_deadline_and_is_audited(db: Database) -> None:
    setup_units(db)
    task_id = new_task(db)
    with db.session() as s:
        task = get_task(s, task_id)
        assert (task.due, task.deadline_kind, task.version) == (date(2026, 6, 30), "date", 1)
        assert [(tu.role, tu.unit.name) for tu in task.units] == [("lead", "示例市发展和改革委员会"),
                                                                   ("co", "示例市财政局")]
        entries = audit.query(s, audit.AuditFilter(action="task"))
        assert [e["action"] for e in entries] == ["task.create"]
        assert entries[0]["after"]["lead"] == ["示例市发展和改革委员会"]


@pytest.mark.parametrize(("field", "value", "message"), [
    ("deadline", "尽快", "无法读出期限"),
    ("lead", ["市教育局"], "没有单位"),
    ("lead", ["县财政局"], "不在任务所在地区"),
    ("region", "不存在市", "未知地区"),
    ("frequency", "weekly", "报送频次"),
])
def test_a_task_that_cannot_be_taken_is_refused_with_nothing_written(db: Database, field: str, value: object,
                                                                   message: str) -> None:
    setup_units(db)
    with pytest.raises(SupervisionError, match=message):
        new_task(db, **{field: value})
    assert count(db, Task) == 0
    with db.session() as s:
        assert not audit.query(s, audit.AuditFilter(action="task"))


def test_updates_move_the_status_and_a_late_one_needs_its_reason(db: Database) -> None:
    setup_units(db)
    task_id = new_task(db)
    with db.session() as s:
        add_update(s, OP, NewUpdate(task_id, "发改委", date(2026, 3, 1), "清单初稿已完成", percent=40))
        assert status_of(get_task(s, task_id), date(2026, 3, 2)).status == "in_progress"
    late = NewUpdate(task_id, "市发改委", date(2026, 7, 10), "清单待审定", percent=80)
    with pytest.raises(SupervisionError, match="须说明原因"), db.session() as s:
        add_update(s, OP, late)
    assert count(db, TaskUpdate) == 1
    with db.session() as s:
        add_update(s, OP, NewUpdate(**{**late.__dict__, "late_reason": "待省级事项清单公布后对应调整"}))
        result = status_of(get_task(s, task_id), date(2026, 7, 10))
        assert result.status == "late" and result.percent == 80


@pytest.mark.parametrize(("fields", "message"), [
    ({"task_id": 999_999}, "没有任务 999999"),
    ({"unit": "示例县财政局"}, "不是任务 .* 的责任单位"),
    ({"percent": 120}, "0–100"),
    ({"milestone": "验收"}, "没有节点"),
    ({"text": "  "}, "进展说明为空"),
])
def test_an_update_that_cannot_be_taken_says_why_and_stores_nothing(db: Database, fields: dict[str, object],
                                                                   message: str) -> None:
    setup_units(db)
    update = NewUpdate(**{"task_id": new_task(db), "unit": "发改委", "on": date(2026, 3, 1), "text": "x",
                          **fields})  # type: ignore[arg-type]
    with pytest.raises(SupervisionError, match=message), db.session() as s:
        add_update(s, OP, update)
    assert count(db, TaskUpdate) == 0


def test_a_co_units_update_counts_once_the_lead_unit_confirms_it(db: Database) -> None:
    setup_units(db)
    task_id = new_task(db)
    lead_member = Actor("fgw_li", "reviewer", "990100")
    co_member = Actor("cz_wang", "reporter", "990100")
    with db.session() as s:
        u = add_update(s, co_member, NewUpdate(task_id, "市财政局", date(2026, 2, 1), "经费已落实", percent=30))
        update_id = u.id
        assert u.needs_confirmation and status_of(get_task(s, task_id), date(2026, 2, 2)).status == "not_started"
    with pytest.raises(SupervisionError, match="不是“示例市发展和改革委员会”的报送人"), db.session() as s:
        add_update(s, co_member, NewUpdate(task_id, "发改委", date(2026, 2, 1), "代报", percent=30))
    with pytest.raises(SupervisionError, match="only the lead unit"), db.session() as s:
        confirm_update(s, Actor("cz_wang", "reviewer", "990100"), update_id)
    with db.session() as s:
        confirm_update(s, lead_member, update_id)
        assert status_of(get_task(s, task_id), date(2026, 2, 2)).status == "in_progress"
        assert audit.query(s, audit.AuditFilter(action="task.confirm"))[0]["actor"] == "fgw_li"


def test_the_region_scope_holds_for_every_write(db: Database) -> None:
    setup_units(db)
    task_id = new_task(db)
    county_planner = Actor("county_planner", "planner", "990121")
    viewer = Actor("city_viewer", "viewer", "990100")
    with pytest.raises(PermissionDenied, match="超出其地区范围"), db.session() as s:
        create_task(s, county_planner, NewTask(region="示例市", text="x", lead=["发改委"]))
    with pytest.raises(PermissionDenied, match="报送任务进展"), db.session() as s:
        add_update(s, viewer, NewUpdate(task_id, "发改委", date(2026, 3, 1), "x"))
    with pytest.raises(PermissionDenied), db.session() as s:
        add_unit(s, county_planner, "示例市", "示例市教育局")
    assert count(db, Task) == 1 and count(db, TaskUpdate) == 0


def test_two_people_updating_one_task_at_once_the_second_is_told_and_nothing_is_lost(db: Database) -> None:
    setup_units(db)
    task_id = new_task(db)
    first, second = db._sessions(), db._sessions()
    try:
        first.begin()
        second.begin()
        read = [get_task(first, task_id), get_task(second, task_id)]  # both hold version 1
        assert [t.version for t in read] == [1, 1]
        add_update(first, OP, NewUpdate(task_id, "发改委", date(2026, 3, 1), "第一人报送", percent=30))
        first.commit()
        with pytest.raises(ConflictError, match="刚被他人修改"):
            add_update(second, OP, NewUpdate(task_id, "发改委", date(2026, 3, 2), "第二人报送", percent=35))
        second.rollback()
    finally:
        first.close()
        second.close()
    with db.session() as s:
        task = get_task(s, task_id)
        assert [u.text for u in task.updates] == ["第一人报送"] and task.version == 2
    with pytest.raises(ConflictError, match="现为第 2 版"), db.session() as s:
        add_update(s, OP, NewUpdate(task_id, "发改委", date(2026, 3, 2), "按旧版本提交", percent=35, version=1))
    assert count(db, TaskUpdate) == 1


def test_an_attachment_is_kept_beside_the_library_once(db: Database, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLANSCOPE_ATTACHMENTS", str(tmp_path / "files"))
    setup_units(db)
    task_id = new_task(db)
    proof = tmp_path / "公布截图.png"
    proof.write_bytes(b"\x89PNG fake image bytes")
    with db.session() as s:
        for day in (1, 2):
            add_update(s, OP, NewUpdate(task_id, "发改委", date(2026, 3, day), "已公布", percent=50, attachment=proof))
        stored = {u.attachment for u in get_task(s, task_id).updates}
        folder = attachments_dir(s)
    assert len(stored) == 1 and (folder / stored.pop()).read_bytes() == proof.read_bytes()
    with pytest.raises(SupervisionError, match="附件"), db.session() as s:
        add_update(s, OP, NewUpdate(task_id, "发改委", date(2026, 3, 3), "x", attachment=tmp_path / "missing.pdf"))


def test_every_supervision_write_is_in_the_audit_log(db: Database) -> None:
    setup_units(db)
    task_id = new_task(db)
    with db.session() as s:
        update_id = add_update(s, OP, NewUpdate(task_id, "财政局", date(2026, 3, 1), "经费到位", percent=10)).id
    with db.session() as s:
        confirm_update(s, OP, update_id)
        actions = sorted(e.action for e in s.scalars(select(AuditEntry)))
    assert actions == sorted(["unit.add"] * 3 + ["task.create", "task.update", "task.confirm"])

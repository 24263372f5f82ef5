"""Supervision through the REST API and the update form, on SQLite and PostgreSQL: tasks, a task
with its history, updates (a stale version is 409, a late update needs a reason), the lead unit's
confirmation, what is due, the assessment; outside the caller's region 403 with nothing written;
an attachment filed with the form comes back byte for byte."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from planscope.store import AuditEntry, Database, OrgUnit, TaskUpdate
from webtools import client, make_app, token_client, with_csrf

import supmaker

CITY, COUNTY = "990100", "990121"


@pytest.fixture
def built(db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Database, object, list[int]]:
    monkeypatch.setenv("PLANSCOPE_ATTACHMENTS", str(tmp_path / "attachments"))
    ids = supmaker.build(db)
    return db, make_app(db, tmp_path / "uploads"), ids


def _state(db: Database) -> tuple[int, int, int]:
    """Updates, confirmed updates, audit entries: what a refused write must leave as it was."""
    with db.session() as s:
        return (s.scalar(select(func.count(TaskUpdate.id))) or 0,
                s.scalar(select(func.count(TaskUpdate.id)).where(TaskUpdate.confirmed_by.is_not(None))) or 0,
                s.scalar(select(func.count(AuditEntry.id))) or 0)


def _error(response: object, status: int) -> str:
    assert response.status_code == status, response.text  # type: ignore[attr-defined]
    body = response.json()  # type: ignore[attr-defined]
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}, body
    return str(body["error"]["message"])


def test_tasks_are_listed_filtered_and_shown_with_history(built: tuple[Database, object, list[int]]) -> None:
    _, app, ids = built
    c = token_client(app, "viewer", CITY)
    rows = c.get("/api/v1/tasks", params={"region": CITY, "as_of": "2026-09-30"}).json()
    assert [r["id"] for r in rows] == ids
    late = c.get("/api/v1/tasks", params={"region": CITY, "as_of": "2026-09-30", "status": "late"}).json()
    assert ids[1] in [r["id"] for r in late] and all(r["status"] == "late" for r in late)
    tech = c.get("/api/v1/tasks", params={"as_of": "2026-09-30", "unit": "示例市科学技术局"}).json()
    assert {r["id"] for r in tech} == {ids[2], ids[4]}
    _error(c.get("/api/v1/tasks", params={"status": "lazy"}), 422)
    one = c.get(f"/api/v1/tasks/{ids[1]}", params={"as_of": "2026-09-30"}).json()
    assert one["status"] == "late" and one["lead"] == ["示例市财政局"]
    assert one["updates"][0]["late_reason"] == "涉及省级收费项目调整，待省财政厅批复"
    assert one["milestones"] == [] and one["revisions"] == []
    _error(c.get("/api/v1/tasks/999999"), 404)


def test_an_update_is_filed_and_a_stale_version_is_409(built: tuple[Database, object, list[int]]) -> None:
    db, app, ids = built
    c = token_client(app, "planner", CITY)
    version = c.get(f"/api/v1/tasks/{ids[3]}").json()["version"]
    body = {"unit": "市交通运输局", "text": "码头主体结构完成80%", "date": "2026-10-08", "percent": 80,
            "version": version}
    r = c.post(f"/api/v1/tasks/{ids[3]}/updates", json=body)
    assert r.status_code == 201, r.text
    assert r.json()["update"]["percent"] == 80 and r.json()["version"] == version + 1
    before = _state(db)
    stale = c.post(f"/api/v1/tasks/{ids[3]}/updates", json={**body, "text": "另一人按旧版本提交"})
    assert "已被" in _error(stale, 409)
    assert _state(db) == before
    _error(c.post("/api/v1/tasks/999999/updates", json=body), 404)
    _error(c.post(f"/api/v1/tasks/{ids[3]}/updates", json={**body, "version": None, "percent": 101}), 422)
    assert _state(db) == before


def test_a_late_update_without_a_reason_is_refused(built: tuple[Database, object, list[int]]) -> None:
    db, app, ids = built
    c = token_client(app, "planner", CITY)
    body = {"unit": "市科技局", "text": "中心主体建成，设备采购中", "date": "2026-09-30", "percent": 60}
    before = _state(db)
    assert "原因" in _error(c.post(f"/api/v1/tasks/{ids[2]}/updates", json=body), 422)
    assert _state(db) == before
    r = c.post(f"/api/v1/tasks/{ids[2]}/updates", json={**body, "reason": "设备进口清关延误"})
    assert r.status_code == 201 and r.json()["status"] == "late"


def test_the_lead_unit_confirms_a_co_units_update(built: tuple[Database, object, list[int]]) -> None:
    _, app, ids = built
    c = token_client(app, "planner", CITY)
    filed = c.post(f"/api/v1/tasks/{ids[3]}/updates",
                   json={"unit": "市发改委", "text": "二期工程用地预审已办结", "date": "2026-10-09"}).json()["update"]
    assert filed["needs_confirmation"] and not filed["confirmed_by"]
    _error(c.post(f"/api/v1/tasks/{ids[0]}/updates/{filed['id']}/confirm"), 404)  # not that task's update
    ok = c.post(f"/api/v1/tasks/{ids[3]}/updates/{filed['id']}/confirm")
    assert ok.status_code == 200, ok.text
    assert ok.json()["update"]["confirmed_by"] == "planner-990100"
    _error(c.post(f"/api/v1/tasks/{ids[3]}/updates/{filed['id']}/confirm"), 422)  # already confirmed


def test_due_and_assessment(built: tuple[Database, object, list[int]]) -> None:
    _, app, ids = built
    c = token_client(app, "viewer", CITY)
    due = c.get("/api/v1/tasks/due", params={"within": 30, "as_of": "2026-09-10"}).json()
    assert {d["task_id"] for d in due} == {ids[1], ids[2]}  # overdue both; the rest are due in December
    assert all(d["days"] < 0 for d in due)
    finance = c.get("/api/v1/tasks/due", params={"as_of": "2026-09-10", "unit": "示例市财政局"}).json()
    assert {d["unit"] for d in finance} == {"示例市财政局"}
    rows = c.get("/api/v1/assessment", params={"year": 2026, "region": CITY, "as_of": "2026-12-31"}).json()
    assert rows and all("components" in r and "score" in r for r in rows), rows[:1]
    assert any(r["components"] for r in rows)
    _error(c.get("/api/v1/assessment"), 422)


def test_outside_the_region_is_403_and_nothing_is_written(built: tuple[Database, object, list[int]]) -> None:
    db, app, ids = built
    county = token_client(app, "planner", COUNTY)
    viewer = token_client(app, "viewer", CITY)  # in the region, but a viewer reports nothing
    filed = token_client(app, "planner", CITY).post(
        f"/api/v1/tasks/{ids[3]}/updates", json={"unit": "市发改委", "text": "用地预审已办结", "date": "2026-10-09"})
    uid = filed.json()["update"]["id"]
    before = _state(db)
    _error(county.get("/api/v1/tasks", params={"region": CITY}), 403)
    _error(county.get(f"/api/v1/tasks/{ids[0]}"), 403)
    _error(county.get("/api/v1/tasks/due", params={"region": CITY}), 403)
    _error(county.get("/api/v1/assessment", params={"year": 2026, "region": CITY}), 403)
    _error(county.post(f"/api/v1/tasks/{ids[3]}/updates",
                       json={"unit": "市交通运输局", "text": "越权报送", "date": "2026-10-08", "percent": 90}), 403)
    _error(county.post(f"/api/v1/tasks/{ids[3]}/updates/{uid}/confirm"), 403)
    _error(viewer.post(f"/api/v1/tasks/{ids[3]}/updates",
                       json={"unit": "市交通运输局", "text": "只读用户报送", "date": "2026-10-08"}), 403)
    assert _state(db) == before
    assert county.get("/api/v1/tasks").json() == []  # its own region has no tasks


def test_openapi_lists_the_task_endpoints(built: tuple[Database, object, list[int]]) -> None:
    _, app, _ = built
    paths = client(app, None).get("/api/v1/openapi.json").json()["paths"]
    assert {"/tasks", "/tasks/due", "/tasks/{task_id}", "/tasks/{task_id}/updates",
            "/tasks/{task_id}/updates/{update_id}/confirm", "/assessment"} <= set(paths)
    update = paths["/tasks/{task_id}/updates"]
    assert "post" in update and "409" in update["post"]["responses"]


def test_the_form_files_an_attachment_and_it_comes_back(built: tuple[Database, object, list[int]]) -> None:
    db, app, ids = built
    c = client(app, "planner", CITY)
    token = with_csrf(c)
    data = b"%PDF-1.4 \xe7\xa4\xba\xe4\xbe\x8b evidence\n" * 50
    form = {"csrf_token": token, "unit": "市发改委", "on": "2026-10-08", "text": "用地预审批复已取得", "version": "2"}
    r = c.post(f"/tasks/{ids[3]}/updates", data=form, files={"attachment": ("批复文件.pdf", data, "application/pdf")},
               follow_redirects=False)
    assert r.status_code == 303, r.text[:300]
    with db.session() as s:
        update = s.scalars(select(TaskUpdate).where(TaskUpdate.task_id == ids[3])
                           .order_by(TaskUpdate.id.desc())).first()
        assert update is not None and update.attachment_name == "批复文件.pdf"
        uid = update.id
        lead = s.scalar(select(OrgUnit.id).where(OrgUnit.name == "示例市交通运输局"))
    back = c.get(f"/tasks/{ids[3]}/updates/{uid}/attachment")
    assert back.status_code == 200 and back.content == data
    assert "%E6%89%B9%E5%A4%8D" in back.headers["content-disposition"]  # 批复…, the name it was filed with
    assert client(app, "viewer", COUNTY).get(f"/tasks/{ids[3]}/updates/{uid}/attachment").status_code == 403
    # the lead unit's page offers the confirm button on this co-unit's update; pressing it confirms
    page = c.get(f"/tasks/units/{lead}", params={"as_of": "2026-10-10"})
    assert f"/tasks/{ids[3]}/updates/{uid}/confirm" in page.text
    back_to = re.search(r'name="back" value="([^"]+)"', page.text)
    assert back_to is not None
    done = c.post(f"/tasks/{ids[3]}/updates/{uid}/confirm", data={"csrf_token": token, "back": back_to.group(1)},
                  follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"].startswith(f"/tasks/units/{lead}")
    with db.session() as s:
        got = s.get(TaskUpdate, uid)
        assert got is not None and got.confirmed_by == "planner-990100"


def test_the_form_refuses_a_late_update_without_reason(built: tuple[Database, object, list[int]]) -> None:
    db, app, ids = built
    c = client(app, "planner", CITY)
    token = with_csrf(c)
    before = _state(db)
    late = c.post(f"/tasks/{ids[2]}/updates", data={"csrf_token": token, "unit": "市科技局", "on": "2026-09-30",
                                                   "percent": "60", "text": "设备采购中"}, follow_redirects=False)
    assert late.status_code == 422 and "原因" in late.text
    assert _state(db) == before

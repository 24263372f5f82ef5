"""The supervision pages: the tasks board and a unit's page render the views, the update form
files progress (a stale version is told 409, nothing stored), the bulletin and assessment
download, and a user outside the region is refused."""

from __future__ import annotations

from pathlib import Path

from docx import Document as read_docx
from sqlalchemy import func, select

from planscope.store import Database, OrgUnit, TaskUpdate
from webtools import client, make_app, with_csrf

import supmaker


def test_the_board_the_unit_page_and_the_downloads(db: Database, tmp_path: Path) -> None:
    supmaker.build(db)
    c = client(make_app(db, tmp_path), "viewer", "990100")
    board = c.get("/tasks", params={"region": "990100", "as_of": "2026-09-30"})
    assert board.status_code == 200, board.text[:300]
    assert "落实减税降费政策" in board.text and "滞后" in board.text and "示例市财政局" in board.text
    with db.session() as s:
        finance = s.scalar(select(OrgUnit.id).where(OrgUnit.name == "示例市财政局"))
    unit_page = c.get(f"/tasks/units/{finance}", params={"as_of": "2026-09-30"})
    assert unit_page.status_code == 200 and "落实减税降费政策" in unit_page.text
    docx = c.get("/tasks/bulletin.docx", params={"region": "990100", "period": "2026-Q3"})
    assert docx.status_code == 200 and docx.headers["content-type"].endswith("wordprocessingml.document")
    path = tmp_path / "b.docx"
    path.write_bytes(docx.content)
    assert any("滞后任务" in p.text for p in read_docx(str(path)).paragraphs)
    assert c.get("/tasks/bulletin.xlsx", params={"region": "990100", "period": "2026-Q3"}).status_code == 200
    assert c.get("/tasks/assessment.xlsx", params={"region": "990100", "year": 2026}).status_code == 200
    assert c.get("/tasks/bulletin.docx", params={"region": "990100", "period": "2026-Q9"}).status_code == 422


def test_a_county_user_is_refused_the_citys_board(db: Database, tmp_path: Path) -> None:
    supmaker.build(db)
    c = client(make_app(db, tmp_path), "viewer", "990121")
    assert c.get("/tasks", params={"region": "990100"}).status_code == 403


def test_the_update_form_files_progress_and_a_stale_version_is_told(db: Database, tmp_path: Path) -> None:
    ids = supmaker.build(db)
    c = client(make_app(db, tmp_path), "planner", "990100")
    token = with_csrf(c)
    form = {"csrf_token": token, "unit": "示例市交通运输局", "on": "2026-10-08", "percent": "75",
            "text": "码头主体结构完成75%", "version": "2"}
    ok = c.post(f"/tasks/{ids[3]}/updates", data=form, follow_redirects=False)
    assert ok.status_code == 303, ok.text[:300]
    stale = c.post(f"/tasks/{ids[3]}/updates", data={**form, "text": "另一人按旧版本提交"}, follow_redirects=False)
    assert stale.status_code == 409 and "已被" in stale.text
    viewer = client(make_app(db, tmp_path), "viewer", "990100")
    refused = viewer.post(f"/tasks/{ids[3]}/updates", data={**form, "csrf_token": with_csrf(viewer), "version": "3"})
    assert refused.status_code == 403
    with db.session() as s:
        assert s.scalar(select(func.count(TaskUpdate.id)).where(TaskUpdate.task_id == ids[3])) == 2


def test_the_supervision_pages_follow_the_language_switch(db: Database, tmp_path: Path) -> None:
    import re

    supmaker.build(db)
    c = client(make_app(db, tmp_path), "viewer", "990100")
    en = c.get("/tasks", params={"region": "990100", "as_of": "2026-09-30", "lang": "en"})
    assert "Lead unit" in en.text and "Due within 30 days" in en.text and "late" in en.text
    ui = re.sub(r"<td>.*?</td>|<option>.*?</option>|<small>.*?</small>", "", en.text, flags=re.S)
    assert not {"看板", "牵头单位", "任务督办", "截至", "滞后"} & set(re.findall(r"[\u4e00-\u9fff]+", ui))
    zh = c.get("/tasks", params={"region": "990100", "as_of": "2026-09-30", "lang": "zh"})
    assert "看板" in zh.text and "牵头单位" in zh.text and "Lead unit" not in zh.text

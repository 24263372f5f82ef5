"""The administrators' pages: the audit log (filters, paging, xlsx, region scope) and the
users (add, change role and region, disable, token), each change audited under the admin."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from fastapi import FastAPI
from sqlalchemy import select

from planscope.store import AuditEntry, Database, User
from webtools import PASSWORD, client, ensure_user, with_csrf

CITY, COUNTY = "990100", "990121"




def _ids(page: str) -> list[int]:
    return [int(i) for i in re.findall(r"<tr><td>(\d+)</td><td class=\"nowrap\">", page)]


def test_the_audit_log_filters_and_pages(app: FastAPI, lib: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    import planscope.web.admin as admin

    c = client(app, "admin", "100000")
    page = c.get("/audit")
    assert page.status_code == 200
    with lib.session() as session:
        every = [e.id for e in session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()))]
    assert _ids(page.text) == every  # newest first
    assert _ids(c.get("/audit", params={"action": "user"}).text) == [
        e for e in every if e in _action_ids(lib, "user.add")]
    documents = c.get("/audit", params={"action": "document.ingest", "region": COUNTY}).text
    assert len(_ids(documents)) == 1 and "shili_county_14th_outline_gb18030.txt" in documents
    assert _ids(c.get("/audit", params={"actor": "nobody"}).text) == []
    assert _ids(c.get("/audit", params={"since": "2000-01-01", "until": "2000-12-31"}).text) == []
    assert c.get("/audit", params={"since": "yesterday"}).status_code == 422
    monkeypatch.setattr(admin, "PAGE", 2)
    first, second = c.get("/audit").text, c.get("/audit", params={"page": 2}).text
    assert _ids(first) == every[:2] and _ids(second) == every[2:4]
    assert 'href="/audit?page=2"' in first and 'href="/audit?page=1"' in second


def _action_ids(db: Database, action: str) -> set[int]:
    with db.session() as session:
        return set(session.scalars(select(AuditEntry.id).where(AuditEntry.action == action)))


def test_the_audit_log_exports_what_the_filters_keep(app: FastAPI) -> None:
    from openpyxl import load_workbook

    r = client(app, "admin", "100000").get("/audit.xlsx", params={"action": "document"})
    assert r.status_code == 200 and r.content[:2] == b"PK"
    ws = load_workbook(BytesIO(r.content)).worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:4] == ("id", "at", "actor", "action") and len(rows) == 7
    assert {row[3] for row in rows[1:]} == {"document.ingest"}


def test_the_audit_log_is_for_admins_of_the_region(app: FastAPI, lib: Database) -> None:
    for role in ("planner", "reviewer", "reporter", "viewer"):
        assert client(app, role, "100000").get("/audit").status_code == 403
        assert client(app, role, "100000").get("/audit.xlsx").status_code == 403
    county_admin = client(app, "admin", COUNTY)
    page = county_admin.get("/audit").text
    with lib.session() as session:
        regions = {e.id: e.region_code for e in session.scalars(select(AuditEntry))}
    assert _ids(page) and all(regions[i] == COUNTY for i in _ids(page))
    assert county_admin.get("/audit", params={"region": CITY}).status_code == 403


def test_users_are_added_changed_and_disabled_by_an_admin(app: FastAPI, lib: Database) -> None:
    admin = client(app, "admin", CITY)
    token = with_csrf(admin, "/users")
    r = admin.post("/users", data={"csrf_token": token, "name": "wang", "display_name": "王填报", "role": "reporter",
                                   "region": "示例县", "password": PASSWORD}, follow_redirects=False)
    assert r.status_code == 303
    page = admin.get(r.headers["location"]).text
    assert "已添加用户" in page and "王填报" in page
    r = admin.post("/users/wang", data={"csrf_token": token, "role": "reviewer", "region": COUNTY, "active": ""},
                   follow_redirects=False)
    assert r.status_code == 303
    with lib.session() as session:
        user = session.scalars(select(User).where(User.name == "wang")).one()
        entries = list(session.scalars(select(AuditEntry).where(AuditEntry.object_id == "wang")
                                       .order_by(AuditEntry.id)))
    assert (user.role, user.region_code, user.active) == ("reviewer", COUNTY, False)
    assert [(e.action, e.actor) for e in entries] == [("user.add", "admin-990100"), ("user.change", "admin-990100")]
    assert entries[1].before["active"] is True and entries[1].after["active"] is False


def test_a_weak_password_or_a_taken_name_is_said_in_the_page(app: FastAPI, lib: Database) -> None:
    admin = client(app, "admin", "100000")
    token = with_csrf(admin, "/users")
    weak = admin.post("/users", data={"csrf_token": token, "name": "zhao", "role": "viewer", "region": CITY,
                                      "password": "123"})
    assert weak.status_code == 422 and "密码太短" in weak.text and 'value="zhao"' in weak.text
    taken = admin.post("/users", data={"csrf_token": token, "name": "admin-100000", "role": "viewer",
                                       "region": CITY, "password": PASSWORD})
    assert taken.status_code == 422 and "已存在" in taken.text


def test_an_admin_manages_only_users_of_their_region(app: FastAPI, lib: Database) -> None:
    ensure_user(lib, "planner", CITY)
    county_admin = client(app, "admin", COUNTY)
    assert "planner-990100" not in county_admin.get("/users").text
    token = with_csrf(county_admin, "/users")
    for data in ({"name": "li", "role": "viewer", "region": CITY, "password": PASSWORD},):
        assert county_admin.post("/users", data={"csrf_token": token, **data}).status_code == 403
    r = county_admin.post("/users/planner-990100", data={"csrf_token": token, "role": "viewer", "region": CITY,
                                                         "active": "1"})
    assert r.status_code == 403
    with lib.session() as session:
        assert session.scalar(select(User.role).where(User.name == "planner-990100")) == "planner"
        assert session.scalar(select(User.id).where(User.name == "li")) is None
    assert client(app, "planner", CITY).get("/users").status_code == 403


def test_a_token_is_shown_once_and_works(app: FastAPI, lib: Database) -> None:
    from fastapi.testclient import TestClient

    name = ensure_user(lib, "viewer", COUNTY)
    admin = client(app, "admin", "100000")
    page = admin.post(f"/users/{name}/token", data={"csrf_token": with_csrf(admin, "/users")})
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    token = re.search(r"<code>(ps_[A-Za-z0-9_-]+)</code>", page.text)
    assert token
    script = TestClient(app, headers={"Authorization": f"Bearer {token.group(1)}"})
    assert {d["region_code"] for d in script.get("/api/v1/documents").json()} == {COUNTY}
    assert token.group(1) not in admin.get("/users").text

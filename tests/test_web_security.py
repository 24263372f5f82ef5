"""Security of the workbench as a whole: every form refused without its CSRF token; a
county reporter can neither read nor write the city's data, through pages or the API, and a
refused write leaves the database as it was; names, texts, queries and audit entries with
markup are shown escaped; SQL-ish input is data."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from markupsafe import escape
from sqlalchemy import func, select

from planscope.store import AuditEntry, Database, Document, ObservationRow, User
from webtools import PASSWORD, client, ensure_user, session_cookie, token_client, with_csrf

CITY, COUNTY = "990100", "990121"
SCRIPT = "<script>alert(1)</script>"




def _state(db: Database) -> tuple[int, ...]:
    """What a refused request must not change: documents, observations (and their states), users, audit."""
    with db.session() as session:
        return (session.scalar(select(func.count(Document.id))) or 0,
                session.scalar(select(func.count(ObservationRow.id))) or 0,
                session.scalar(select(func.count(ObservationRow.id)).where(ObservationRow.status == "accepted")) or 0,
                session.scalar(select(func.count(User.id))) or 0,
                session.scalar(select(func.count(AuditEntry.id))) or 0)


def _routes(routes: list[Any]) -> list[APIRoute]:
    """The routes of an app, those of its included routers too (none of them has a prefix)."""
    found: list[APIRoute] = []
    for r in routes:
        if isinstance(r, APIRoute):
            found.append(r)
        elif hasattr(r, "original_router"):  # FastAPI's record of include_router
            found += _routes(r.original_router.routes)
    return found


def _post_routes(app: FastAPI) -> list[str]:
    """Every POST route of the pages and of the API, with its path parameters filled in."""
    paths = [r.path for r in _routes(app.routes) if "POST" in r.methods]
    api = next(r.app for r in app.routes if getattr(r, "path", "") == "/api/v1")  # type: ignore[attr-defined]
    paths += ["/api/v1" + r.path for r in _routes(api.routes) if "POST" in r.methods]
    return [re.sub(r"\{[a-z_]+\}", lambda m: "1" if m.group(0) == "{doc_id}" else "viewer-990100", p) for p in paths]


def test_every_form_is_refused_without_its_csrf_token(app: FastAPI, lib: Database) -> None:
    ensure_user(lib, "viewer", CITY)
    routes = _post_routes(app)
    assert {"/login", "/logout", "/entry", "/review", "/users", "/library/upload",
            "/api/v1/observations"} <= set(routes)
    c = client(app, "admin", "100000")
    with_csrf(c)  # the cookie is there; the forms below do not carry the token
    before = _state(lib)
    for path in routes:
        for data in ({}, {"csrf_token": "forged" * 8}):
            r = c.post(path, data=data)
            assert r.status_code == 403 and "CSRF" in r.text, (path, r.status_code)
    assert _state(lib) == before


def _seed_pending(app: FastAPI, lib: Database, region: str) -> int:
    """A value of ``region`` waiting for review, entered by its reporter through the API."""
    reporter = token_client(app, "reporter", region)
    r = reporter.post("/api/v1/observations", json=[{"region": region, "indicator": "森林覆盖率", "year": 2023,
                                                     "value": 40.1, "unit": "%"}])
    assert r.status_code == 201, r.text
    return int(r.json()["stored"][0])


def test_a_county_reporter_cannot_read_the_citys_data(app: FastAPI, lib: Database) -> None:
    with lib.session() as session:
        city_doc = session.scalar(select(Document.id).where(Document.region_code == CITY))
    for c in (client(app, "reporter", COUNTY), token_client(app, "reporter", COUNTY)):
        for url in (f"/documents/{city_doc}", f"/documents/{city_doc}/targets.xlsx", f"/api/v1/documents/{city_doc}",
                    f"/dashboard?region={CITY}", f"/alignment?region={CITY}", f"/alignment.xlsx?region={CITY}",
                    f"/entry?region={CITY}", f"/entry/template.xlsx?region={CITY}", "/review", "/audit", "/users",
                    f"/api/v1/targets?region={CITY}", f"/api/v1/progress?region={CITY}",
                    f"/api/v1/alignment?region={CITY}", f"/api/v1/observations?region={CITY}",
                    f"/api/v1/observations?region={CITY}&status=pending", "/api/v1/audit"):
            assert c.get(url).status_code == 403, url
        assert {d["region_code"] for d in c.get("/api/v1/documents").json()} == {COUNTY}
        assert CITY not in c.get("/library").text
        assert {h["region_code"] for h in c.get("/api/v1/search", params={"q": "示例"}).json()} == {COUNTY}


def test_a_county_reporter_cannot_write_the_citys_data(app: FastAPI, lib: Database) -> None:
    pending = _seed_pending(app, lib, CITY)
    with lib.session() as session:
        city_doc = session.scalar(select(Document.id).where(Document.region_code == CITY))
    page = client(app, "reporter", COUNTY)
    token = with_csrf(page)
    api = token_client(app, "reporter", COUNTY)
    before = _state(lib)
    row = {"region": CITY, "indicator": "地区生产总值", "year": 2023, "value": 900, "unit": "亿元"}
    mine = {**row, "region": COUNTY}
    attempts: list[tuple[TestClient, str, dict[str, Any]]] = [
        (page, "/entry", {"data": {"csrf_token": token, "region": CITY, "year": "2023", "indicator": "地区生产总值",
                                   "indicator_id": "gdp", "value": "900", "unit": "亿元"}}),
        (page, "/review", {"data": {"csrf_token": token, "id": str(pending), "decision": "accept"}}),
        (page, f"/documents/{city_doc}/delete", {"data": {"csrf_token": token}}),
        (page, f"/documents/{city_doc}/reingest", {"data": {"csrf_token": token}}),
        (page, "/users", {"data": {"csrf_token": token, "name": "x1", "role": "admin", "region": CITY,
                                   "password": PASSWORD}}),
        (api, "/api/v1/observations", {"json": [row]}),
        (api, "/api/v1/observations", {"json": [mine, row]}),  # one row outside: nothing at all
        (api, "/api/v1/observations/review", {"json": {"ids": [pending], "decision": "accept"}}),
    ]
    for c, url, kwargs in attempts:
        r = c.post(url, **kwargs)
        assert r.status_code == 403, (url, r.status_code, r.text[:300])
        assert _state(lib) == before, url
    assert api.post("/api/v1/observations", json=[mine]).status_code == 201  # the county's own value goes in


def test_markup_in_names_texts_queries_and_audit_entries_is_shown_escaped(app: FastAPI, lib: Database) -> None:
    from planscope.accounts.roles import local_operator
    from planscope.accounts.users import change_user

    name = ensure_user(lib, "viewer", CITY, name="o'brien\"<script>x", display_name=SCRIPT)
    with lib.session() as session:
        change_user(session, local_operator(), name, display_name=f"{SCRIPT}<img src=x onerror=alert(2)>")
    admin = client(app, "admin", "100000")
    token = with_csrf(admin, "/users")
    admin.post("/users", data={"csrf_token": token, "name": "plain", "display_name": SCRIPT, "role": "viewer",
                               "region": CITY, "password": PASSWORD})
    pages = [admin.get("/users").text, admin.get("/audit").text,
             admin.get("/search", params={"q": SCRIPT}).text, admin.get("/library", params={"region": SCRIPT}).text,
             client(app, "viewer", CITY).get("/login", params={"next": f"/library?{SCRIPT}"}).text]
    viewer = TestClient(app, raise_server_exceptions=False)
    viewer.cookies.set("planscope_session", session_cookie(lib, name))
    pages.append(viewer.get("/library").text)  # the top bar shows the display name
    for text in pages:
        assert "<script>alert" not in text and "<img src=x" not in text and "<script>x" not in text
    assert str(escape(SCRIPT)) in pages[0] and str(escape(SCRIPT)) in pages[1] and str(escape(SCRIPT)) in pages[2]
    assert str(escape(SCRIPT)) in pages[-1]


@pytest.mark.parametrize("text", ["' OR '1'='1", "admin' --", "1; DROP TABLE users; --", "%", "_"])
def test_sql_ish_input_is_data(app: FastAPI, lib: Database, text: str) -> None:
    admin = client(app, "admin", "100000")
    before = _state(lib)
    anonymous = TestClient(app, raise_server_exceptions=False)
    token = with_csrf(anonymous, "/login")
    r = anonymous.post("/login", data={"csrf_token": token, "name": text, "password": text}, follow_redirects=False)
    assert r.status_code == 401  # no user of that name
    assert admin.get("/audit", params={"actor": text}).status_code == 200
    assert "<td>" not in admin.get("/audit", params={"actor": text}).text.split("<tbody>")[1].split("</tbody>")[0]
    assert admin.get("/audit", params={"object": f"document:{text}"}).status_code == 200
    assert admin.get("/api/v1/targets", params={"region": text}).status_code == 422
    assert admin.get("/api/v1/observations", params={"indicator": text}).status_code == 200
    assert _state(lib)[:4] == before[:4]  # (the login failure is recorded; nothing else changed)

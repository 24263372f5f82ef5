"""The REST API under /api/v1 on SQLite and PostgreSQL: the views as JSON, region scoping,
one error shape for every error."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from planscope.store import Database
from webtools import client, ingest_samples, make_app, with_csrf

CITY, COUNTY, PROVINCE, OTHER_PROVINCE = "990100", "990121", "990000", "430000"


@pytest.fixture
def app_db(db: Database, tmp_path: Path) -> tuple[Database, object]:
    ingest_samples(db)
    return db, make_app(db, tmp_path / "uploads")


def _error(response: object, status: int, code: str) -> str:
    assert response.status_code == status, response.text  # type: ignore[attr-defined]
    body = response.json()  # type: ignore[attr-defined]
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}, body
    assert body["error"]["code"] == code
    return str(body["error"]["message"])


def test_documents_are_those_of_the_callers_region(app_db: tuple[Database, object]) -> None:
    _, app = app_db
    everyone = client(app, "viewer", "100000").get("/api/v1/documents").json()
    city = client(app, "viewer", CITY).get("/api/v1/documents").json()
    county = client(app, "viewer", COUNTY).get("/api/v1/documents").json()
    assert len(everyone) == 6
    assert {d["region_code"] for d in city} == {CITY, COUNTY}  # the city and the county below it
    assert {d["region_code"] for d in county} == {COUNTY}
    assert all(set(d) >= {"id", "file", "title", "region_code", "level", "type", "period_start"} for d in everyone)


def test_a_document_with_outline_and_tables(app_db: tuple[Database, object]) -> None:
    _, app = app_db
    c = client(app, "viewer", CITY)
    docs = c.get("/api/v1/documents").json()
    outline = next(d for d in docs if d["file"] == "shili_city_14th_outline.txt")
    doc = c.get(f"/api/v1/documents/{outline['id']}").json()
    assert doc["outline"] and doc["tables"] and doc["tables"][0]["rows"]
    assert doc["facts"]["region"]["value"] == "示例市"


def test_a_document_outside_the_region_is_403(app_db: tuple[Database, object]) -> None:
    _, app = app_db
    docs = client(app, "viewer", "100000").get("/api/v1/documents").json()
    city_doc = next(d for d in docs if d["region_code"] == CITY)
    message = _error(client(app, "viewer", COUNTY).get(f"/api/v1/documents/{city_doc['id']}"), 403, "forbidden")
    assert CITY in message


def test_targets_progress_alignment_are_the_views(app_db: tuple[Database, object]) -> None:
    from planscope.library import TargetFilter
    from planscope.views import progress_view, targets_view

    db, app = app_db
    c = client(app, "planner", CITY)
    targets = c.get("/api/v1/targets", params={"region": "示例市"}).json()
    with db.session() as session:
        expected = [r.as_dict() for r in targets_view(session, TargetFilter(region=CITY)).records]
        progress = progress_view(session, CITY)
    assert targets == expected and targets
    assert all(t["start"] <= t["value_start"] < t["value_end"] <= t["end"] for t in targets)
    body = c.get("/api/v1/progress").json()  # the caller's region by default
    assert body["records"] == [r.as_dict() for r in progress.records]
    assert body["warnings"] == progress.warnings
    alignment = c.get("/api/v1/alignment", params={"region": COUNTY}).json()
    assert alignment["comparisons"] and {"comparisons", "links", "stats", "coverage"} <= set(alignment)


def test_outside_the_region_is_403_for_every_view(app_db: tuple[Database, object]) -> None:
    _, app = app_db
    c = client(app, "reporter", COUNTY)
    for path in ("/api/v1/targets", "/api/v1/progress", "/api/v1/alignment"):
        _error(c.get(path, params={"region": CITY}), 403, "forbidden")
        _error(c.get(path, params={"region": OTHER_PROVINCE}), 403, "forbidden")


def test_error_shape_for_404_422_401(app_db: tuple[Database, object]) -> None:
    _, app = app_db
    c = client(app, "admin")
    _error(c.get("/api/v1/documents/99999"), 404, "not_found")
    _error(c.get("/api/v1/no-such-endpoint"), 404, "not_found")
    _error(c.get("/api/v1/documents/not-a-number"), 422, "invalid")
    _error(c.get("/api/v1/targets", params={"region": "没有这个地方市"}), 422, "invalid")
    _error(c.get("/api/v1/targets", params={"year": "abc"}), 422, "invalid")
    _error(client(app, None).get("/api/v1/documents"), 401, "unauthorized")


def test_a_bug_is_a_500_in_the_same_shape(app_db: tuple[Database, object], monkeypatch: pytest.MonkeyPatch) -> None:
    import planscope.web.pages as pages

    _, app = app_db

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug with a secret path /etc/x")

    monkeypatch.setattr(pages, "visible_docs", broken)  # what GET /documents calls
    message = _error(client(app, "admin").get("/api/v1/documents"), 500, "internal")
    assert "/etc/x" not in message


def test_nobody_is_signed_in_without_a_session_or_token(db: Database, tmp_path: Path) -> None:
    from planscope.web.app import create_app
    from webtools import SECRET

    app = create_app(db, upload_dir=tmp_path, secret=SECRET)
    c = TestClient(app)
    c.cookies.set("test_user", "admin:100000")  # the read side's old test stub means nothing to the app
    _error(c.get("/api/v1/documents"), 401, "unauthorized")
    assert c.get("/library").status_code == 401


def test_openapi_lists_the_endpoints(app_db: tuple[Database, object]) -> None:
    _, app = app_db
    spec = client(app, None).get("/api/v1/openapi.json").json()
    assert {"/documents", "/documents/{doc_id}", "/targets", "/progress", "/alignment"} <= set(spec["paths"])
    assert "post" in spec["paths"]["/documents"]


def test_upload_through_the_api(app_db: tuple[Database, object], tmp_path: Path) -> None:
    _db, app = app_db
    c = client(app, "planner", "100000")
    token = with_csrf(c)
    text = "示例县2024年国民经济和社会发展统计公报\n\n全年地区生产总值500亿元，比上年增长6.0%。\n".encode()
    r = c.post("/api/v1/documents", files=[("files", ("公报.txt", text, "text/plain")),
                                           ("files", ("空.txt", b"", "text/plain"))],
               headers={"X-CSRF-Token": token})
    assert r.status_code == 200, r.text
    ok, bad = r.json()["outcomes"]
    assert ok["ok"] and ok["id"]
    assert not bad["ok"] and bad["error"].startswith("空.txt: ")


def test_api_post_without_csrf_is_refused_and_writes_nothing(app_db: tuple[Database, object]) -> None:
    _, app = app_db
    c = client(app, "admin")
    before = c.get("/api/v1/documents").json()
    r = c.post("/api/v1/documents", files=[("files", ("x.txt", "示例县规划".encode(), "text/plain"))])
    _error(r, 403, "forbidden")
    assert c.get("/api/v1/documents").json() == before


# ---------------------------------------------------------------- observations, audit, search


def _counts(db: Database) -> tuple[int, int]:
    from sqlalchemy import func, select

    from planscope.store import AuditEntry, ObservationRow

    with db.session() as session:
        return (session.scalar(select(func.count(ObservationRow.id))) or 0,
                session.scalar(select(func.count(AuditEntry.id))) or 0)


FOREST = {"region": "示例县", "indicator": "森林覆盖率", "year": 2023, "value": 52.9, "unit": "%", "source": "县林业局"}


def test_observations_entered_reviewed_and_read_back(app_db: tuple[Database, object]) -> None:
    from webtools import token_client

    _, app = app_db
    reporter = token_client(app, "reporter", COUNTY)
    r = reporter.post("/api/v1/observations", json=[FOREST])
    assert r.status_code == 201 and r.json()["status"] == "pending"
    (oid,) = r.json()["stored"]
    pending = reporter.get("/api/v1/observations", params={"status": "pending"}).json()
    assert [(p["id"], p["value"], p["entered_by"]) for p in pending] == [(oid, "52.9", "reporter-990121")]
    accepted = reporter.get("/api/v1/observations").json()  # the documents' reported values, no entry yet
    assert accepted and not [o for o in accepted if o["source_type"] == "person"]
    reviewer = token_client(app, "reviewer", CITY)
    assert [p["id"] for p in reviewer.get("/api/v1/observations",
                                          params={"region": CITY, "status": "pending"}).json()] == [oid]
    done = reviewer.post("/api/v1/observations/review", json={"ids": [oid], "decision": "accept", "note": "ok"})
    assert done.status_code == 200 and done.json()["decided"][0]["status"] == "accepted"
    held = reviewer.get("/api/v1/observations", params={"region": COUNTY, "year": 2023}).json()
    assert [(o["value"], o["source"]) for o in held if o["source_type"] == "person"] == [("52.9", "县林业局")]
    audit = token_client(app, "admin", "100000").get("/api/v1/audit", params={"object": f"observation:{oid}"}).json()
    assert [(e["action"], e["actor"]) for e in audit] == [("observation.accept", "reviewer-990100"),
                                                          ("observation.enter", "reporter-990121")]


def test_observations_outside_the_region_are_403_and_nothing_is_written(app_db: tuple[Database, object]) -> None:
    from webtools import token_client

    db, app = app_db
    reporter = token_client(app, "reporter", COUNTY)
    before = _counts(db)
    for rows in ([{**FOREST, "region": CITY}], [FOREST, {**FOREST, "region": "990102"}],
                 [{**FOREST, "region": OTHER_PROVINCE}]):
        message = _error(reporter.post("/api/v1/observations", json=rows), 403, "forbidden")
        assert "990121" in message
        assert _counts(db) == before


def test_observations_with_a_bad_row_store_nothing(app_db: tuple[Database, object]) -> None:
    from webtools import token_client

    db, app = app_db
    c = token_client(app, "reviewer", COUNTY)
    before = _counts(db)
    message = _error(c.post("/api/v1/observations", json=[FOREST, {**FOREST, "indicator": "没有这个指标"}]),
                     422, "invalid")
    assert "第2行 / row 2" in message and "未知指标" in message
    _error(c.post("/api/v1/observations", json=[{**FOREST, "colour": "red"}]), 422, "invalid")
    _error(c.post("/api/v1/observations", json=[]), 422, "invalid")
    _error(c.post("/api/v1/observations", content=b"{not json", headers={"content-type": "application/json"}),
           422, "invalid")
    _error(c.post("/api/v1/observations/review", json={"ids": [99999], "decision": "accept"}), 404, "not_found")
    assert _counts(db) == before


def test_audit_api_is_for_admins_and_pages(app_db: tuple[Database, object]) -> None:
    from webtools import token_client

    _, app = app_db
    admin = token_client(app, "admin", "100000")
    every = admin.get("/api/v1/audit").json()
    assert len(every) >= 7 and [e["id"] for e in every] == sorted((e["id"] for e in every), reverse=True)
    assert set(every[0]) == {"id", "at", "actor", "action", "object_type", "object_id", "region_code", "before",
                             "after", "detail"}
    two = admin.get("/api/v1/audit", params={"limit": 2, "offset": 1}).json()
    assert [e["id"] for e in two] == [e["id"] for e in every[1:3]]
    ingests = admin.get("/api/v1/audit", params={"action": "document", "region": COUNTY}).json()
    assert [e["region_code"] for e in ingests] == [COUNTY]
    _error(admin.get("/api/v1/audit", params={"since": "not a date"}), 422, "invalid")
    _error(token_client(app, "planner", "100000").get("/api/v1/audit"), 403, "forbidden")
    county = token_client(app, "admin", COUNTY).get("/api/v1/audit").json()
    assert county and {e["region_code"] for e in county} == {COUNTY}


def test_search_api_on_both_databases(app_db: tuple[Database, object]) -> None:
    _, app = app_db
    hits = client(app, "viewer", CITY).get("/api/v1/search", params={"q": "森林覆盖率"}).json()
    assert hits and {h["region_code"] for h in hits} <= {CITY, COUNTY}
    one = client(app, "viewer", CITY).get("/api/v1/search", params={"q": "林"}).json()  # one character
    assert one and all(h["snippet"][h["mark_start"]:h["mark_end"]] == "林" for h in one)


def test_openapi_lists_the_write_side(app_db: tuple[Database, object]) -> None:
    _, app = app_db
    spec = client(app, None).get("/api/v1/openapi.json").json()
    assert {"/observations", "/observations/review", "/audit", "/search"} <= set(spec["paths"])
    assert {"get", "post"} <= set(spec["paths"]["/observations"])

"""Parts of pages kept once rendered (web/fragments.py): kept per document or region and
language, never served before the reader's right to see them is checked, and made again
after any write to the library."""

from __future__ import annotations

from fastapi import FastAPI

from webtools import client, with_csrf

COUNTY, CITY = "990121", "990100"




def _doc(app: FastAPI, name: str) -> dict[str, object]:
    return next(d for d in client(app).get("/api/v1/documents").json() if d["file"] == name)


def test_a_kept_document_is_refused_outside_its_region(app: FastAPI) -> None:
    doc = _doc(app, "shili_city_14th_outline.txt")
    first = client(app, "viewer", CITY).get(f"/documents/{doc['id']}")
    assert first.status_code == 200 and "<mark" in first.text
    again = client(app, "viewer", CITY).get(f"/documents/{doc['id']}")
    assert again.text.split("<main>")[1] == first.text.split("<main>")[1]  # the same part, from the keep
    refused = client(app, "viewer", COUNTY).get(f"/documents/{doc['id']}")
    assert refused.status_code == 403 and "<mark" not in refused.text


def test_kept_parts_follow_the_language(app: FastAPI) -> None:
    doc = _doc(app, "shili_city_14th_outline.txt")
    c = client(app, "viewer", CITY)
    zh, en = c.get(f"/documents/{doc['id']}"), c.get(f"/documents/{doc['id']}?lang=en")
    assert "目标与实际值" in zh.text.split("<main>")[1] and "Targets and reported actuals" in en.text.split("<main>")[1]
    zh, en = c.get(f"/dashboard?region={CITY}&lang=zh"), c.get(f"/dashboard?region={CITY}&lang=en")
    assert "完整说明（中英）" in zh.text and "Full explanation (Chinese" in en.text


def test_a_search_hit_is_marked_in_a_page_not_kept(app: FastAPI) -> None:
    doc = _doc(app, "shili_city_14th_outline.txt")
    c = client(app, "viewer", CITY)
    plain = c.get(f"/documents/{doc['id']}")
    at_hit = c.get(f"/documents/{doc['id']}?at=40&len=4")
    assert 'class="hit"' in at_hit.text and 'class="hit"' not in plain.text
    assert 'class="hit"' not in c.get(f"/documents/{doc['id']}").text


def test_a_kept_page_is_made_again_after_a_write(app: FastAPI) -> None:
    doc = _doc(app, "shili_county_14th_outline_gb18030.txt")
    admin = client(app)
    before = admin.get(f"/dashboard?region={COUNTY}")
    assert doc["file"] in before.text
    token = with_csrf(admin)
    assert admin.post(f"/documents/{doc['id']}/delete", data={"csrf_token": token}).status_code in (200, 303)
    after = admin.get(f"/dashboard?region={COUNTY}")
    assert doc["file"] not in after.text
    assert admin.get(f"/documents/{doc['id']}").status_code == 404

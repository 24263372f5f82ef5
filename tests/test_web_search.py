"""The search page and /api/v1/search: hits in context, the text escaped and then marked by
the hit's offsets, only the plans of the user's region, a link to the document at the hit;
the query is data."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from fastapi import FastAPI
from markupsafe import escape

from planscope.library import get_document, ingest_file
from planscope.reading.text import to_simplified
from planscope.store import Database
from webtools import client

CITY, COUNTY = "990100", "990121"
HIT = re.compile(r'<li class="hit"><a href="/documents/(\d+)\?at=(\d+)&amp;len=(\d+)#at">(.*?)</a>', re.S)




def _regions(app: FastAPI, lib: Database, page: str) -> set[str | None]:
    with lib.session() as session:
        return {get_document(session, doc).region_code for doc, *_ in HIT.findall(page)}


def test_hits_are_those_of_the_users_region(app: FastAPI, lib: Database) -> None:
    county = client(app, "viewer", COUNTY).get("/search", params={"q": "森林覆盖率"}).text
    city = client(app, "viewer", CITY).get("/search", params={"q": "森林覆盖率"}).text
    nation = client(app, "viewer", "100000").get("/search", params={"q": "森林覆盖率"}).text
    assert _regions(app, lib, county) == {COUNTY}
    assert _regions(app, lib, city) == {CITY, COUNTY}
    assert _regions(app, lib, nation) == {"990000", CITY, COUNTY}


def test_each_hit_is_marked_at_its_offsets_and_links_to_the_text_there(app: FastAPI, lib: Database) -> None:
    c = client(app, "viewer", CITY)
    page = c.get("/search", params={"q": "森林覆盖率"}).text
    hits = HIT.findall(page)
    assert hits
    for doc, at, length, snippet in hits:  # the query, or its Traditional spelling, exactly where it is
        marked = re.search(r"<mark>(.*?)</mark>", snippet)
        assert marked and to_simplified(marked.group(1)) == "森林覆盖率" and int(length) == 5
        with lib.session() as session:
            assert get_document(session, doc).original_text[int(at):int(at) + 5] == marked.group(1)
    doc, at, length, _ = hits[0]
    text = c.get(f"/documents/{doc}", params={"at": at, "len": length}).text
    assert '<a id="at" class="anchor"></a>' in text
    marked = re.search(r'<a id="at" class="anchor"></a><span class="hit">(.*?)</span>', text, re.S)
    assert marked and re.sub(r"<[^>]+>", "", marked.group(1)) == "森林覆盖率"


def test_text_is_escaped_before_it_is_marked(app: FastAPI, lib: Database, tmp_path: Path) -> None:
    path = tmp_path / "示例县公告.txt"
    path.write_text("示例县2024年国民经济和社会发展统计公报\n\n<script>alert(1)</script>森林覆盖率<b>53%</b>。\n",
                    encoding="utf-8")
    assert ingest_file(lib, path).ok
    page = client(app, "viewer", COUNTY).get("/search", params={"q": "森林覆盖率"}).text
    assert "<script>alert" not in page and "<b>53%</b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<mark>森林覆盖率</mark>&lt;b&gt;53%&lt;/b&gt;" in page


@pytest.mark.parametrize("query", ["<script>alert(1)</script>", "'; DROP TABLE documents; --", '" OR 1=1 --',
                                   "_", "%%", "\\", "森林 OR 覆盖", "NEAR(森林 覆盖)", "*"])
def test_the_query_is_data(app: FastAPI, lib: Database, query: str) -> None:
    c = client(app, "viewer", "100000")
    page = c.get("/search", params={"q": query})
    assert page.status_code == 200
    assert "<script>alert" not in page.text and str(escape(query)) in page.text
    for _, _, _, snippet in HIT.findall(page.text):  # a hit is the query itself, never a pattern's match
        assert html.unescape(re.search(r"<mark>(.*?)</mark>", snippet).group(1)).lower() == query.lower()
    api = c.get("/api/v1/search", params={"q": query})
    assert api.status_code == 200 and all(h["snippet"][h["mark_start"]:h["mark_end"]].lower() == query.lower()
                                          for h in api.json())
    assert len(c.get("/api/v1/documents").json()) == 6


def test_search_api_is_scoped_and_checks_its_input(app: FastAPI) -> None:
    county = client(app, "viewer", COUNTY).get("/api/v1/search", params={"q": "森林覆盖率"}).json()
    assert county and {h["region_code"] for h in county} == {COUNTY}
    assert {"doc_id", "offset", "length", "snippet", "mark_start", "mark_end"} <= set(county[0])
    c = client(app, "viewer", COUNTY)
    assert c.get("/api/v1/search").status_code == 422
    assert c.get("/api/v1/search", params={"q": "x" * 201}).status_code == 422
    assert client(app, None).get("/api/v1/search", params={"q": "森林"}).status_code == 401

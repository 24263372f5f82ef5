"""Long lists a page at a time: the library page (page, per) and GET /api/v1/documents
(offset, limit, X-Total-Count, Link) — every document reachable exactly once, filters kept
across pages, the counts those of what the filter keeps."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from planscope.library import ingest_paths
from planscope.store import Database
from planscope.web.paging import page_number, slice_rows
from webtools import client, ingest_samples, make_app

COUNTY = "990121"


def _bulletin(year: int, n: int) -> str:
    return (f"青水县{year}年国民经济和社会发展统计公报（第{n}号）\n\n"
            f"全年地区生产总值{100 + n}.5亿元，比上年增长{n % 7 + 1}.2%。\n")


@pytest.fixture
def big_library(db: Database, tmp_path: Path) -> tuple[Database, object]:
    """The samples and 24 short county bulletins: 30 documents."""
    ingest_samples(db)
    folder = tmp_path / "bulletins"
    folder.mkdir()
    for n in range(24):
        (folder / f"qingshui_bulletin_{n:02d}.txt").write_text(_bulletin(2000 + n, n), "utf-8")
    ingest_paths(db, sorted(folder.iterdir()), {"region": COUNTY})
    return db, make_app(db, tmp_path / "uploads")


def test_page_maths_clamps_and_keeps_every_row_once() -> None:
    rows = list(range(45))
    pages = [page_number(rows, n, 20) for n in (1, 2, 3)]
    assert [p.rows for p in pages] == [rows[:20], rows[20:40], rows[40:]]
    assert [(p.first, p.last, p.pages) for p in pages] == [(1, 20, 3), (21, 40, 3), (41, 45, 3)]
    assert page_number(rows, 99, 20).number == 3 and page_number(rows, -1, 20).number == 1
    assert page_number(rows, 1, 7).limit == 50  # a size not offered is the default
    empty = page_number([], 1, 20)
    assert (empty.rows, empty.first, empty.last, empty.pages, empty.has_next) == ([], 0, 0, 1, False)
    assert slice_rows(rows, 40, 20).has_next is False and slice_rows(rows, 20, 20).has_previous


def test_api_documents_in_pages_with_total_and_links(big_library: tuple[Database, object]) -> None:
    _, app = big_library
    c = client(app, "viewer", "100000")
    everything = c.get("/api/v1/documents").json()
    assert len(everything) == 30
    seen: list[int] = []
    url: str | None = "/api/v1/documents?limit=7"
    while url:
        r = c.get(url)
        assert r.status_code == 200 and r.headers["X-Total-Count"] == "30"
        seen += [d["id"] for d in r.json()]
        found = re.search(r'<([^>]+)>; rel="next"', r.headers.get("Link", ""))
        url = found.group(1) if found else None
    assert seen == [d["id"] for d in everything]  # each once, in the library's order
    last = c.get("/api/v1/documents?offset=28&limit=7")
    assert len(last.json()) == 2 and 'rel="prev"' in last.headers["Link"] and 'rel="next"' not in last.headers["Link"]
    assert c.get("/api/v1/documents?limit=0").status_code == 422
    assert c.get("/api/v1/documents?limit=5000").status_code == 422


def test_api_page_counts_only_the_callers_region(big_library: tuple[Database, object]) -> None:
    _, app = big_library
    r = client(app, "viewer", COUNTY).get("/api/v1/documents?limit=5")
    total = int(r.headers["X-Total-Count"])
    assert 24 < total < 30 and len(r.json()) == 5
    assert all(d["region_code"] == COUNTY for d in r.json())


def test_library_page_pages_and_keeps_the_filter(big_library: tuple[Database, object]) -> None:
    _, app = big_library
    c = client(app, "viewer", "100000")
    first = c.get("/library?per=20")
    assert first.status_code == 200
    assert first.text.count('<a href="/documents/') == 20
    assert "第 1–20 条，共 30 条" in first.text and "下一页" in first.text
    second = c.get("/library?per=20&page=2")
    assert second.text.count('<a href="/documents/') == 10 and "上一页" in second.text
    ids = set(re.findall(r'<a href="/documents/(\d+)">', first.text + second.text))
    assert len(ids) == 30
    county = c.get(f"/library?region={COUNTY}&per=20&page=2&lang=en")
    assert f"region={COUNTY}" in county.text.split('rel="prev"')[0]  # the pager's links keep the filter
    assert re.search(r"21–\d+ of 2\d", county.text)

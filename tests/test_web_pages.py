"""The pages: what a planner sees, escaped; forms refused without their CSRF token; a bad
upload gets the command line's one-line reason and changes nothing; region scoping; the
language switch; no asset from another host."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from fastapi import FastAPI

from planscope.library import ingest_file
from planscope.store import Database
from webtools import client, with_csrf

WEB = Path(__file__).resolve().parents[1] / "src" / "planscope" / "web"
SCRIPT_DOC = ("示例县<script>alert(1)</script>国民经济和社会发展第十四个五年规划纲要\n\n"
              "第一章 主要目标<b>加粗</b>\n\n到2025年，地区生产总值达到500亿元，年均增长6.5%。\n")




def _doc_id(app: FastAPI, name: str) -> int:
    docs = client(app).get("/api/v1/documents").json()
    return int(next(d["id"] for d in docs if d["file"] == name))


def test_library_lists_the_documents_with_their_facts(app: FastAPI) -> None:
    page = client(app, "viewer", "990100").get("/library")
    assert page.status_code == 200
    assert "示例市国民经济和社会发展第十四个五年规划" in page.text
    assert "示例省" not in page.text  # above the viewer's region
    assert "上传" not in page.text  # a viewer has no upload form


def test_library_filters(app: FastAPI) -> None:
    c = client(app)
    page = c.get("/library", params={"type": "bulletin"}, headers={"HX-Request": "true"})
    assert page.status_code == 200 and "<html" not in page.text  # the htmx partial
    assert "2021年国民经济和社会发展统计公报" in page.text and "规划纲要" not in page.text


def test_document_highlights_every_value_at_its_span(app: FastAPI, lib: Database) -> None:
    from planscope.library import TargetFilter, list_targets

    doc_id = _doc_id(app, "shili_city_14th_outline.txt")
    page = client(app).get(f"/documents/{doc_id}")
    assert page.status_code == 200
    with lib.session() as session:
        targets = list_targets(session, TargetFilter(doc=str(doc_id)))
    marks = re.findall(r'<mark id="r(\d+)" data-i="\d+"[^>]*>([^<]*)</mark>', page.text)
    assert len(marks) >= len(targets) > 5
    by_index = dict((int(i), text) for i, text in marks)
    from planscope.library import get_document

    with lib.session() as session:
        original = get_document(session, str(doc_id)).original_text
    for i, t in enumerate(targets):
        if i in by_index:  # a target's mark holds exactly the characters of its value span
            assert by_index[i] == original[t.value_start:t.value_end]
    assert 'href="#s0"' in page.text and 'id="s0"' in page.text  # the outline navigates to anchors
    assert "<table class=\"grid rebuilt\">" in page.text


def test_text_and_file_names_are_escaped(app: FastAPI, lib: Database, tmp_path: Path) -> None:
    path = tmp_path / "<script>alert('x')<\\script>.txt"
    path.write_text(SCRIPT_DOC, encoding="utf-8")
    outcome = ingest_file(lib, path)
    assert outcome.ok, outcome.error
    c = client(app)
    for url in ("/library", f"/documents/{outcome.document_id}"):
        page = c.get(url).text
        assert "<script>alert" not in page and "<b>加粗</b>" not in page
        assert "&lt;script&gt;alert" in page


def test_document_downloads_are_xlsx(app: FastAPI) -> None:
    from io import BytesIO

    from openpyxl import load_workbook

    doc_id = _doc_id(app, "shili_city_14th_outline.txt")
    c = client(app)
    for what in ("targets", "tables"):
        r = c.get(f"/documents/{doc_id}/{what}.xlsx")
        assert r.status_code == 200 and r.headers["content-type"].startswith("application/vnd.openxmlformats")
        wb = load_workbook(BytesIO(r.content))
        assert wb.worksheets[0].max_row > 2


def test_a_form_without_its_csrf_token_is_refused(app: FastAPI) -> None:
    c = client(app)
    doc_id = _doc_id(app, "shili_city_bulletin_2021.txt")
    with_csrf(c)  # the cookie is there: the form field is not
    assert c.post(f"/documents/{doc_id}/delete").status_code == 403
    assert c.post(f"/documents/{doc_id}/delete", data={"csrf_token": "forged" * 8}).status_code == 403
    assert c.get(f"/documents/{doc_id}").status_code == 200  # still there


def test_delete_with_the_token(app: FastAPI) -> None:
    c = client(app, "planner", "990100")
    doc_id = _doc_id(app, "shili_city_bulletin_2021.txt")
    token = with_csrf(c)
    r = c.post(f"/documents/{doc_id}/delete", data={"csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303
    assert c.get(f"/documents/{doc_id}").status_code == 404


def test_a_viewer_or_another_region_cannot_delete(app: FastAPI) -> None:
    doc_id = _doc_id(app, "shili_city_bulletin_2021.txt")
    for role, region in (("viewer", "990100"), ("planner", "990121"), ("reporter", "990100")):
        c = client(app, role, region)
        token = with_csrf(c)
        assert c.post(f"/documents/{doc_id}/delete", data={"csrf_token": token}).status_code == 403
    assert client(app).get(f"/documents/{doc_id}").status_code == 200


def test_bad_upload_gets_the_cli_reason_and_changes_nothing(app: FastAPI, lib: Database, tmp_path: Path) -> None:
    from planscope.errors import InputError
    from planscope.library import analyse

    bad = tmp_path / "坏文件.docx"
    bad.write_bytes(b"PK\x03\x04 not really a docx")
    with pytest.raises(InputError) as cli_error:  # what the command line prints for it
        analyse(bad)
    c = client(app)
    token = with_csrf(c)
    before = c.get("/api/v1/documents").json()
    r = c.post("/library/upload", data={"csrf_token": token}, headers={"X-Requested-With": "fetch"},
               files=[("files", ("坏文件.docx", bad.read_bytes(), "application/octet-stream"))])
    assert r.status_code == 200
    lines = re.findall(r"<li[^>]*>(.*?)</li>", r.text, re.S)
    assert len(lines) == 1 and str(cli_error.value) in lines[0]
    assert c.get("/api/v1/documents").json() == before
    assert not any((tmp_path / "uploads").glob("*/*"))  # the refused file is not kept


def test_upload_outside_the_region_is_refused(app: FastAPI) -> None:
    c = client(app, "planner", "990121")  # the county's planner
    token = with_csrf(c)
    city_doc = "示例市2024年国民经济和社会发展统计公报\n\n全年地区生产总值900亿元，比上年增长6.0%。\n"
    r = c.post("/library/upload", data={"csrf_token": token}, headers={"X-Requested-With": "fetch"},
               files=[("files", ("市公报.txt", city_doc.encode(), "text/plain"))])
    assert "990121" in r.text and "✗" in r.text
    assert "市公报.txt" not in client(app).get("/library").text


def test_dashboard_and_alignment(app: FastAPI) -> None:
    c = client(app, "viewer", "990100")
    page = c.get("/dashboard")
    assert page.status_code == 200 and 'class="light' in page.text and "charts-data" in page.text
    assert c.get("/dashboard", params={"region": "990000"}).status_code == 403
    align = client(app, "viewer", "990000").get("/alignment", params={"region": "990121"})
    assert align.status_code == 200 and "grid matrix" in align.text
    sheets = client(app, "viewer", "990000").get("/alignment.xlsx", params={"region": "990121"})
    assert sheets.status_code == 200 and sheets.content[:2] == b"PK"
    assert client(app, "viewer", "990121").get("/alignment.xlsx", params={"region": "990100"}).status_code == 403


def test_english_by_a_switch(app: FastAPI) -> None:
    c = client(app)
    assert "规划文件库" in c.get("/library").text
    english = c.get("/library", params={"lang": "en"})
    assert "Plan library" in english.text and english.cookies.get("lang") == "en"
    assert "Plan library" in c.get("/library").text  # the cookie keeps it


def test_every_page_string_has_both_languages() -> None:
    from planscope.web.i18n import strings

    used = set()
    for template in (WEB / "templates").glob("*.html"):
        used |= set(re.findall(r"""w\.t\(["']([a-z_]+)["']\)""", template.read_text("utf-8")))
    known = strings()
    assert used <= set(known), used - set(known)
    assert all(e["zh"].strip() and e["en"].strip() for e in known.values())


def test_no_asset_from_another_host() -> None:
    pattern = re.compile(r"""<(?:script|link|img)[^>]+(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.I)
    for template in (WEB / "templates").glob("*.html"):
        assert not pattern.search(template.read_text("utf-8")), template.name
    assert "http" not in (WEB / "static" / "app.css").read_text("utf-8")


def test_vendored_files_are_the_ones_the_readme_names(app: FastAPI) -> None:
    vendor = WEB / "static" / "vendor"
    readme = (vendor / "README.md").read_text("utf-8")
    for name in ("echarts.common.min.js", "htmx.min.js"):
        digest = hashlib.sha256((vendor / name).read_bytes()).hexdigest()
        assert f"{digest}  {name}" in readme
        assert client(app, None).get(f"/static/vendor/{name}").status_code == 200
    assert {"LICENSE-echarts", "NOTICE-echarts", "LICENSE-htmx"} <= {p.name for p in vendor.iterdir()}


def test_pages_without_a_user_are_401(app: FastAPI) -> None:
    for url in ("/library", "/dashboard", "/alignment", "/documents/1"):
        r = client(app, None).get(url)
        assert r.status_code == 401 and "请先登录" in r.text


def test_dashboard_shows_the_engines_explanation_and_steps(app: FastAPI, lib: Database) -> None:
    from markupsafe import escape

    from planscope.views import progress_view

    with lib.session() as session:
        records = progress_view(session, "990100").records
    page = client(app, "viewer", "990100").get("/dashboard").text
    assert records and records[0].warning  # binding warnings first, as the view orders them
    positions = [page.index(str(escape(r.explanation))) for r in records[:5]]
    assert positions == sorted(positions)
    for step in records[0].steps:
        assert str(escape(step.zh)) in page


def test_every_document_write_is_audited_under_the_signed_in_user(app: FastAPI, lib: Database) -> None:
    from sqlalchemy import select

    from planscope.store import AuditEntry

    c = client(app, "planner", "990100")
    token = with_csrf(c)
    text = "示例县2024年国民经济和社会发展统计公报\n\n全年地区生产总值500亿元，比上年增长6.0%。\n".encode()
    r = c.post("/library/upload", data={"csrf_token": token}, headers={"X-Requested-With": "fetch"},
               files=[("files", ("县公报.txt", text, "text/plain"))])
    new_id = int(re.search(r'href="/documents/(\d+)"', r.text).group(1))
    c.post(f"/documents/{new_id}/reingest", data={"csrf_token": token})
    c.post(f"/documents/{new_id}/delete", data={"csrf_token": token})
    with lib.session() as session:
        entries = list(session.scalars(select(AuditEntry).where(AuditEntry.object_id == str(new_id),
                                                                AuditEntry.object_type == "document")
                                       .order_by(AuditEntry.id)))
    assert [(e.action, e.actor) for e in entries] == [("document.ingest", "planner-990100"),
                                                      ("document.reingest", "planner-990100"),
                                                      ("document.delete", "planner-990100")]

"""Data entry (填报) and review in the workbench: the form per region and year, a reporter's
value pending until a reviewer of the region or above accepts it, then feeding progress;
rejected rows reported beside the row with nothing stored; the template's xlsx upload with
its per-row report; everything audited under the signed-in user; nothing outside the region."""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from planscope.store import AuditEntry, Database, ObservationRow
from webtools import client, with_csrf

CITY, COUNTY, DISTRICT = "990100", "990121", "990102"  # 示例市, 示例县 below it, 示例区 beside the county
FOREST = ("森林覆盖率", "forest_coverage")




def _entry(c: TestClient, token: str, region: str, year: int, rows: list[tuple[str, str, str, str]],
           source: str = "县统计局") -> Any:
    """Post the entry form with these (indicator, indicator id, value, unit) rows."""
    data: dict[str, Any] = {"csrf_token": token, "region": region, "year": str(year), "source": source,
                            "indicator": [r[0] for r in rows], "indicator_id": [r[1] for r in rows],
                            "value": [r[2] for r in rows], "unit": [r[3] for r in rows]}
    return c.post("/entry", data=data, follow_redirects=False)


def _counts(db: Database) -> tuple[int, int]:
    with db.session() as session:
        return (session.scalar(select(func.count(ObservationRow.id))) or 0,
                session.scalar(select(func.count(AuditEntry.id))) or 0)


def _status(db: Database, region: str, indicator_id: str) -> str:
    from planscope.views import progress_view

    with db.session() as session:
        records = progress_view(session, region).records
    return next(r.status for r in records if r.indicator_id == indicator_id and r.region_code == region)


def test_the_form_lists_the_regions_indicators_of_the_year(app: FastAPI, lib: Database) -> None:
    from planscope.monitoring.observations import template_rows

    page = client(app, "reporter", COUNTY).get("/entry", params={"year": 2023})
    assert page.status_code == 200
    with lib.session() as session:
        _, _, rows = template_rows(session, COUNTY)
    wanted = {r.indicator_id for r in rows if r.year == 2023}
    shown = set(re.findall(r'name="indicator_id" value="([a-z0-9_]+)"', page.text))
    assert wanted and shown == wanted
    assert re.search(r'<option value="2023" selected>', page.text)


def test_a_reporters_value_waits_for_review_then_feeds_progress(app: FastAPI, lib: Database) -> None:
    reporter = client(app, "reporter", COUNTY)
    token = with_csrf(reporter, "/entry")
    assert _status(lib, COUNTY, FOREST[1]) == "no_data"
    r = _entry(reporter, token, COUNTY, 2023, [(*FOREST, "52.9", "%"), ("地区生产总值", "gdp", "", "亿元")])
    assert r.status_code == 303 and "stored=1" in r.headers["location"] and "status=pending" in r.headers["location"]
    after = reporter.get(r.headers["location"])
    assert "待审核" in after.text and "52.9%" in after.text  # in "my recent entries", and as the pending value
    with lib.session() as session:
        row = session.scalars(select(ObservationRow)).one()
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "observation.enter")).one()
    assert (row.status, row.entered_by, row.source) == ("pending", "reporter-990121", "县统计局")
    assert entry.actor == "reporter-990121"
    assert _status(lib, COUNTY, FOREST[1]) == "no_data"  # pending values do not count

    reviewer = client(app, "reviewer", CITY)
    page = reviewer.get("/review")
    assert f'name="id" value="{row.id}"' in page.text and "reporter-990121" in page.text
    token = with_csrf(reviewer, "/review")
    done = reviewer.post("/review", data={"csrf_token": token, "id": str(row.id), "decision": "accept",
                                          "note": "已核对"}, follow_redirects=False)
    assert done.status_code == 303
    with lib.session() as session:
        row = session.get(ObservationRow, row.id)
        accepted = session.scalars(select(AuditEntry).where(AuditEntry.action == "observation.accept")).one()
    assert (row.status, row.reviewed_by, row.review_note) == ("accepted", "reviewer-990100", "已核对")
    assert accepted.actor == "reviewer-990100"
    status = _status(lib, COUNTY, FOREST[1])
    assert status != "no_data"
    dashboard = reviewer.get("/dashboard", params={"region": COUNTY}).text
    assert re.search(rf'<span class="light {status}"></span>[^<]*</td>\s*<td>{FOREST[0]}', dashboard)


def test_a_rejected_row_says_why_beside_it_and_nothing_is_stored(app: FastAPI, lib: Database) -> None:
    c = client(app, "reporter", COUNTY)
    token = with_csrf(c, "/entry")
    before = _counts(lib)
    r = _entry(c, token, COUNTY, 2023, [(*FOREST, "52.9", "%"), ("地区生产总值", "gdp", "很多", "亿元"),
                                        ("没有这个指标", "", "3", "")])
    assert r.status_code == 422
    rejected = re.findall(r'<tr class="rejected">(.*?)</tr>', r.text, re.S)
    assert len(rejected) == 2
    assert "地区生产总值" in rejected[0] and "数值无法识别" in rejected[0]
    assert "没有这个指标" in rejected[1] and "未知指标" in rejected[1]
    assert 'value="52.9"' in r.text  # what was typed is kept for the next try
    assert _counts(lib) == before


def test_a_reviewer_enters_accepted_values(app: FastAPI, lib: Database) -> None:
    c = client(app, "reviewer", CITY)
    r = _entry(c, with_csrf(c, "/entry"), COUNTY, 2022, [(*FOREST, "52.6", "%")])
    assert r.status_code == 303 and "status=accepted" in r.headers["location"]
    assert "查看目标进展" in c.get(r.headers["location"]).text  # the way to the dashboard


def test_nothing_is_written_outside_the_region(app: FastAPI, lib: Database) -> None:
    c = client(app, "reporter", COUNTY)
    token = with_csrf(c, "/entry")
    before = _counts(lib)
    for region in (CITY, DISTRICT, "990000"):
        r = _entry(c, token, region, 2023, [("地区生产总值", "gdp", "900", "亿元")])
        assert r.status_code == 403 and "990121" in r.text
        assert c.get("/entry", params={"region": region}).status_code == 403
        assert c.get("/entry/template.xlsx", params={"region": region}).status_code == 403
    assert _counts(lib) == before


def test_review_is_for_the_region_and_above(app: FastAPI, lib: Database) -> None:
    reporter = client(app, "reporter", COUNTY)
    _entry(reporter, with_csrf(reporter, "/entry"), COUNTY, 2023, [(*FOREST, "52.9", "%")])
    with lib.session() as session:
        oid = session.scalars(select(ObservationRow.id)).one()
    assert reporter.get("/review").status_code == 403
    beside = client(app, "reviewer", DISTRICT)  # a reviewer of the district next door
    assert f'value="{oid}"' not in beside.get("/review").text
    token = with_csrf(beside, "/library")
    before = _counts(lib)
    r = beside.post("/review", data={"csrf_token": token, "id": str(oid), "decision": "accept"})
    assert r.status_code == 403 and _counts(lib) == before
    county = client(app, "reviewer", COUNTY)
    r = county.post("/review", data={"csrf_token": with_csrf(county, "/review"), "id": str(oid),
                                     "decision": "reject", "note": "口径不符"}, follow_redirects=False)
    assert r.status_code == 303
    mine = reporter.get("/entry").text  # the reporter sees the decision and the note
    assert "已退回" in mine and "口径不符" in mine
    again = county.post("/review", data={"csrf_token": with_csrf(county, "/review"), "id": str(oid),
                                         "decision": "accept"})
    assert again.status_code == 422 and "已审核" in again.text


def test_the_template_comes_back_with_a_report_per_row(app: FastAPI, lib: Database) -> None:
    from openpyxl import load_workbook

    c = client(app, "reporter", COUNTY)
    r = c.get("/entry/template.xlsx")
    assert r.status_code == 200 and r.content[:2] == b"PK"
    wb = load_workbook(BytesIO(r.content))
    ws = wb.worksheets[0]
    header = [cell.value for cell in ws[1]]
    rows = {(ws.cell(i, 3).value, ws.cell(i, 4).value): i for i in range(2, ws.max_row + 1)}
    ws.cell(rows[(FOREST[1], 2023)], header.index("数值") + 1, "52.9")
    ws.cell(rows[("gdp", 2023)], header.index("数值") + 1, "很多")
    out = BytesIO()
    wb.save(out)
    token = with_csrf(c, "/entry")
    page = c.post("/entry/upload", data={"csrf_token": token, "region": COUNTY},
                  files={"file": ("填报.xlsx", out.getvalue(), "application/octet-stream")})
    assert page.status_code == 422  # a row was rejected: the report says which
    report = re.search(r'<div class="sheet-report".*?</div>', page.text, re.S)
    assert report and "导入 1" in report.group(0) and "拒绝 1" in report.group(0)
    assert f"!{rows[('gdp', 2023)]}" in report.group(0) and "数值无法识别" in report.group(0)
    with lib.session() as session:
        stored = session.scalars(select(ObservationRow)).one()
        audit = session.scalars(select(AuditEntry).where(AuditEntry.action == "observation.import")).one()
    assert (stored.status, stored.indicator_id, audit.actor) == ("pending", FOREST[1], "reporter-990121")
    again = c.post("/entry/upload", data={"csrf_token": token, "region": COUNTY},
                   files={"file": ("填报.xlsx", out.getvalue(), "application/octet-stream")})
    assert "已导入过" in again.text  # the same bytes: nothing stored twice


def test_an_unreadable_sheet_gets_the_cli_reason(app: FastAPI, lib: Database, tmp_path: Path) -> None:
    from planscope.errors import InputError
    from planscope.monitoring.observations import read_rows

    bad = tmp_path / "填报.xlsx"
    bad.write_bytes(b"region,indicator\n")  # text, not an xlsx
    with pytest.raises(InputError) as cli:
        read_rows(bad)
    c = client(app, "reporter", COUNTY)
    before = _counts(lib)
    page = c.post("/entry/upload", data={"csrf_token": with_csrf(c, "/entry"), "region": COUNTY},
                  files={"file": ("填报.xlsx", bad.read_bytes(), "application/octet-stream")})
    assert page.status_code == 422 and str(cli.value) in page.text
    assert _counts(lib) == before

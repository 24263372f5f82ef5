"""The workbench's report page: a form (region, plan, year, kind, format) and the download of
the same files ``planscope report`` writes, for the regions the user may read
(``accounts.can``: the ``read`` action — a report only reads the library, so nothing is
written or audited)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import Response

from planscope.errors import NotFound, OutputError, OverrideError
from planscope.store import Database
from planscope.views.report import KINDS, PLAN_TYPES
from planscope.web.app import page
from planscope.web.auth import User, current_user, require, resolve_region

CurrentUser = Annotated[User, Depends(current_user)]
TYPES = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         "pdf": "application/pdf"}

router = APIRouter()


def _db(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


@router.get("/reports")
def reports_page(request: Request, user: CurrentUser, region: str = "") -> Response:
    from datetime import date

    from planscope.web.pages import region_choices, visible_docs

    code = resolve_region(region, user)
    require(user, "read", code)
    plans = [d for d in visible_docs(request, user) if d.type in PLAN_TYPES and d.region_code == code]
    return page(request, "reports.html", region_query=region, region_code=code, plans=plans, kinds=KINDS,
                formats=tuple(TYPES), year=_latest_year(request, code) or date.today().year - 1,
                choices=region_choices(request, user))


def _latest_year(request: Request, code: str) -> int | None:
    """The latest year the region's targets have an observed value for: the year a report
    would be written for (last year's statistics are published in spring)."""
    from planscope.views import progress_view

    with _db(request).session() as session:
        years = [r.latest_year for r in progress_view(session, code).records if r.latest_year]
    return max(years) if years else None


@router.get("/reports/download")
def download(request: Request, user: CurrentUser, year: int, kind: str = "annual", format: str = "docx",
             region: str = "", plan: str = "") -> Response:
    from planscope.reports.monitoring import write_report
    from planscope.views.report import report_view

    if kind not in KINDS or format not in TYPES:
        raise HTTPException(422, f"kind: {'/'.join(KINDS)}; format: {'/'.join(TYPES)}")
    code = resolve_region(region, user)
    require(user, "read", code)
    try:
        with _db(request).session() as session:
            view = report_view(session, code, year, kind, plan or None)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"report.{format}"
            write_report(view, format, path)
            data = path.read_bytes()
    except (NotFound, OverrideError) as err:
        raise HTTPException(404, str(err)) from None
    except OutputError as err:
        raise HTTPException(503, str(err)) from None
    name = f"{view.region}-{view.kind_zh}-{year}.{format}"
    disposition = f"attachment; filename=\"report.{format}\"; filename*=UTF-8''{quote(name)}"
    return Response(data, media_type=TYPES[format], headers={"content-disposition": disposition})

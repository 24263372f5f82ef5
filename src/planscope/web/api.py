"""The REST API under ``/api/v1``: the same views as the pages, as JSON, with the same region
scoping; OpenAPI at ``/api/v1/openapi.json``; every error as ``{"error": {"code", "message"}}``.

Records are the public shapes the command line prints with ``--format json``.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import Body, Depends, FastAPI, File, HTTPException, Query, Request, Response, UploadFile
from pydantic import BaseModel, ConfigDict, Field

from planscope import __version__
from planscope.library import TargetFilter
from planscope.store import Database
from planscope.views import document_view, progress_view, targets_view
from planscope.web import csrf
from planscope.web.api_tasks import task_routes
from planscope.web.auth import User, current_user, require, resolve_region
from planscope.web.errors import install_json_errors
from planscope.web.paging import API_LIMIT, API_MAX_LIMIT, link_headers, slice_rows

CurrentUser = Annotated[User, Depends(current_user)]
ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"description": text, "content": {"application/json": {"example": {
        "error": {"code": name, "message": "…"}}}}}
    for code, name, text in ((401, "unauthorized", "not signed in (Authorization: Bearer TOKEN, or the session)"),
                             (403, "forbidden", "outside your role or region: nothing was written"),
                             (404, "not_found", "no such document or value"), (422, "invalid", "invalid parameters"))}
MAX_ROWS = 5000  # values in one POST /observations


def _db(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


def api_app(parent: FastAPI) -> FastAPI:
    """The API as its own application mounted at /api/v1 (its state is the parent's)."""
    api = FastAPI(title="planscope API", version=__version__, openapi_url="/openapi.json", docs_url=None,
                  redoc_url=None, responses=ERRORS)
    api.state = parent.state
    install_json_errors(api)
    _routes(api)
    _observation_routes(api)
    _audit_and_search_routes(api)
    task_routes(api)
    return api


def _routes(api: FastAPI) -> None:
    @api.get("/documents", summary="The plan library (documents in your region), a page at a time: "
             "X-Total-Count has the whole count, Link the next and previous pages")
    def documents(request: Request, response: Response, user: CurrentUser,
                  offset: Annotated[int, Query(ge=0)] = 0,
                  limit: Annotated[int, Query(ge=1, le=API_MAX_LIMIT)] = API_LIMIT) -> list[dict[str, Any]]:
        from planscope.web.pages import visible_docs

        shown = slice_rows(visible_docs(request, user), offset, limit)
        link_headers(response, request.url, shown)
        return [r.as_dict() for r in shown.rows]

    @api.get("/documents/{doc_id}", summary="A document: facts, outline, tables")
    def document(request: Request, user: CurrentUser, doc_id: int) -> dict[str, Any]:
        with _db(request).session() as session:
            view = document_view(session, str(doc_id))
        require(user, "read", view.doc.region_code)
        return {**view.as_dict(), "tables": [t.as_dict() for t in view.tables]}

    @api.post("/documents", summary="Upload documents (multipart, field 'files')", status_code=200,
              dependencies=[Depends(csrf.check)])
    def upload(request: Request, user: CurrentUser, files: Annotated[list[UploadFile], File()]) -> dict[str, Any]:
        from planscope.web.uploads import ingest_upload

        require(user, "ingest", user.region_code)
        outcomes = [ingest_upload(_db(request), request.app.state.upload_dir, f.filename, f.file, user)
                    for f in files]
        return {"outcomes": [{"file": o.path.name, "ok": o.ok, "id": o.document_id, "replaced": o.replaced,
                              "error": o.error, "summary": o.summary} for o in outcomes]}

    @api.get("/targets", summary="Targets of a region's documents (default: your region)")
    def targets(request: Request, user: CurrentUser, region: str | None = None, year: int | None = None,
                indicator: str | None = None, actuals: bool = False) -> list[dict[str, Any]]:
        code = resolve_region(region, user)
        require(user, "read", code)
        with _db(request).session() as session:
            view = targets_view(session, TargetFilter(region=code, year=year, indicator=indicator, actuals=actuals))
        return [r.as_dict() for r in view.records]

    @api.get("/progress", summary="Progress of a region's targets, binding warnings first")
    def progress(request: Request, user: CurrentUser, region: str | None = None,
                 year: int | None = None) -> dict[str, Any]:
        code = resolve_region(region, user)
        require(user, "read", code)
        with _db(request).session() as session:
            view = progress_view(session, code, year)
        return {"records": [r.as_dict() for r in view.records], "warnings": view.warnings,
                "summary": [{"region": s.region, "group": s.group, "counts": s.counts, "warnings": s.warnings}
                            for s in view.summary]}

    @api.get("/alignment", summary="A region's plans against the plans above (and below) them")
    def alignment(request: Request, user: CurrentUser, region: str | None = None,
                  indicator: str | None = None) -> dict[str, Any]:
        from planscope.alignment.stats import escalation_stats
        from planscope.views.alignment import alignment_view

        code = resolve_region(region, user)
        require(user, "read", code)
        with _db(request).session() as session:
            view = alignment_view(session, code, indicator)
        return {"comparisons": [c.as_dict() for c in view.comparisons], "links": view.links,
                "implied": view.implied, "coverage": view.coverage, "stats": escalation_stats(view.comparisons),
                "computed_at": view.computed_at.isoformat()}


class ObservationIn(BaseModel):
    """One value entered: the template's columns (the indicator by name or by catalogue id)."""

    model_config = ConfigDict(extra="forbid")
    region: str = Field(description="地区名称或代码 / region name or GB/T 2260 code")
    indicator: str | None = Field(None, description="指标名称 / indicator as named in the catalogue")
    indicator_id: str | None = Field(None, description="指标代码 / catalogue id")
    year: int
    value: float | str = Field(description="数值（按 unit）/ the value, in unit")
    unit: str | None = Field(None, description="单位，缺省为指标的单位 / unit (default: the indicator's)")
    source: str | None = Field(None, description="来源 / source (default: the user's name)")


class ReviewIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    ids: list[int] = Field(min_length=1, max_length=MAX_ROWS)
    decision: Literal["accept", "reject"]
    note: str | None = Field(None, max_length=2000)


def _value_text(value: float | str) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def _observation_routes(api: FastAPI) -> None:
    @api.get("/observations", summary="Values of a region: accepted (the region's own, with documents' reported "
                                      "actuals) or pending review (the region and everything below it)")
    def observations(request: Request, user: CurrentUser, region: str | None = None, indicator: str | None = None,
                     year: int | None = None,
                     status: Literal["accepted", "pending"] = "accepted") -> list[dict[str, Any]]:
        from planscope.monitoring.observations import list_observations
        from planscope.monitoring.review import pending_observations

        code = resolve_region(region, user)
        require(user, "read", code)
        with _db(request).session() as session:
            if status == "pending":
                rows = pending_observations(session, None, code)
                return [r for r in rows if (year is None or r["year"] == year)
                        and (not indicator or indicator in (r["indicator"], r["indicator_id"]))]
            return list_observations(session, code, indicator, year)

    @api.post("/observations", summary="Enter values (JSON rows: region, indicator, year, value, unit): all stored "
                                       "or none; a reporter's stay pending until reviewed", status_code=201,
              dependencies=[Depends(csrf.check)])
    def enter(request: Request, user: CurrentUser,
              rows: Annotated[list[ObservationIn], Body(min_length=1, max_length=MAX_ROWS)]) -> dict[str, Any]:
        from planscope.monitoring.review import enter_observations

        given = [{**r.model_dump(exclude_none=True), "value": _value_text(r.value)} for r in rows]
        with _db(request).session() as session:
            report = enter_observations(session, user, given)
        if not report.ok:
            reasons = "；".join(f"{r.where}: {r.reason}" for r in report.rejected)
            raise HTTPException(422, f"未保存任何值 / nothing stored — {reasons}")
        return {"stored": report.stored, "status": report.status}

    @api.post("/observations/review", summary="Accept or reject pending values (all or none)",
              dependencies=[Depends(csrf.check)])
    def decide(request: Request, user: CurrentUser, body: ReviewIn) -> dict[str, Any]:
        from planscope.monitoring.review import review, review_record

        with _db(request).session() as session:
            rows = review(session, user, body.ids, body.decision, body.note)
            return {"decided": [review_record(o) for o in rows]}


def _audit_and_search_routes(api: FastAPI) -> None:
    @api.get("/audit", summary="The audit log, newest first (admins; your region and below)")
    def audit_log(request: Request, user: CurrentUser, actor: str | None = None, action: str | None = None,
                  obj: Annotated[str | None, Query(alias="object", description="TYPE or TYPE:ID, e.g. document:3")]
                  = None,
                  region: str | None = None, since: date | None = None, until: date | None = None,
                  limit: Annotated[int, Query(ge=1, le=1000)] = 100,
                  offset: Annotated[int, Query(ge=0)] = 0) -> list[dict[str, Any]]:
        from planscope.audit import query
        from planscope.web.admin import audit_filter

        f = audit_filter(user, actor, action, obj, region, since, until)
        with _db(request).session() as session:
            return query(session, f, limit, offset)

    @api.get("/search", summary="Where a text occurs in the plans of your region (1 character or more, 简/繁)")
    def search(request: Request, user: CurrentUser, q: Annotated[str, Query(min_length=1, max_length=200)],
               limit: Annotated[int, Query(ge=1, le=500)] = 50) -> list[dict[str, object]]:
        from planscope.search import search as find

        with _db(request).session() as session:
            return [h.as_dict() for h in find(session, q, [user.region_code], limit)]

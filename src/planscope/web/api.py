"""The REST API under ``/api/v1``: the same views as the pages, as JSON, with the same region
scoping; OpenAPI at ``/api/v1/openapi.json``; every error as ``{"error": {"code", "message"}}``.

Records are the public shapes the command line prints with ``--format json``.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, FastAPI, File, Request, UploadFile

from planscope import __version__
from planscope.library import TargetFilter
from planscope.store import Database
from planscope.views import docs_view, document_view, progress_view, targets_view
from planscope.web import csrf
from planscope.web.auth import User, current_user, in_scope, require, resolve_region
from planscope.web.errors import install_json_errors

CurrentUser = Annotated[User, Depends(current_user)]
ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"description": text, "content": {"application/json": {"example": {
        "error": {"code": name, "message": "…"}}}}}
    for code, name, text in ((401, "unauthorized", "not signed in"), (403, "forbidden", "outside your role or region"),
                             (404, "not_found", "no such document"), (422, "invalid", "invalid parameters"))}


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
    return api


def _routes(api: FastAPI) -> None:
    @api.get("/documents", summary="The plan library (documents in your region)")
    def documents(request: Request, user: CurrentUser) -> list[dict[str, Any]]:
        with _db(request).session() as session:
            rows = docs_view(session)
        return [r.as_dict() for r in rows if in_scope(user.region_code, r.region_code)]

    @api.get("/documents/{doc_id}", summary="A document: facts, outline, tables")
    def document(request: Request, user: CurrentUser, doc_id: int) -> dict[str, Any]:
        with _db(request).session() as session:
            view = document_view(session, str(doc_id))
        require(user, "read", view.doc.region_code or "")
        return {**view.as_dict(), "tables": [t.as_dict() for t in view.tables]}

    @api.post("/documents", summary="Upload documents (multipart, field 'files')", status_code=200,
              dependencies=[Depends(csrf.check)])
    def upload(request: Request, user: CurrentUser, files: Annotated[list[UploadFile], File()]) -> dict[str, Any]:
        from planscope.web.uploads import ingest_upload

        require(user, "ingest")
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

"""The pages: library, document, region dashboard, alignment.  Each route checks who may
see what (``accounts.can`` through ``web.auth``), calls the view the command line calls and
renders its records; every write names the signed-in user in the audit log."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from markupsafe import Markup
from sqlalchemy.orm import Session

from planscope.accounts.roles import scope_prefix
from planscope.library import (
    IngestOutcome,
    delete_document,
    document_record,
    document_regions,
    get_document,
    ingest_file,
)
from planscope.store import Database
from planscope.views import DocRow, DocumentView, SectionNode, docs_view, document_view, progress_view
from planscope.views.targets import TARGET_COLUMNS
from planscope.web import csrf, fragments
from planscope.web.app import page
from planscope.web.auth import User, covers, current_user, may, require, resolve_region
from planscope.web.i18n import language
from planscope.web.paging import DEFAULT_PER, PAGE_SIZES, Page, page_number, page_query
from planscope.web.render import escalation_chart, highlight, indicator_charts, matrix

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CurrentUser = Annotated[User, Depends(current_user)]

router = APIRouter()


def database(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


def is_partial(request: Request) -> bool:
    return request.headers.get("hx-request") == "true" or request.headers.get("x-requested-with") == "fetch"


@router.get("/", include_in_schema=False)
def home() -> Response:
    return RedirectResponse("/library", status_code=303)


# ---------------------------------------------------------------- library


@dataclass(frozen=True)
class DocFilter:
    region: str = ""
    level: str = ""
    type: str = ""
    period: str = ""

    def keeps(self, row: DocRow, region_code: str | None) -> bool:
        return ((not region_code or covers(region_code, row.region_code))
                and (not self.level or row.level == self.level)
                and (not self.type or row.type == self.type)
                and (not self.period or row.period == self.period))


def region_choices(request: Request, user: User) -> list[tuple[str, str]]:
    """The regions of the documents the user may see: (code, name), for the region pickers."""
    from planscope.views.cache import cached

    with database(request).session() as session:
        pairs = cached(session, ("document_regions",), lambda s: tuple(document_regions(s)))
    return sorted({(code, name or "") for code, name in pairs if code and covers(user.region_code, code)})


def visible_docs(request: Request, user: User) -> list[DocRow]:
    return list(_library_for(request, user).rows)


@dataclass(frozen=True)
class VisibleLibrary:
    """The documents of a scope (a region and all below it) and the values its filters offer."""

    rows: tuple[DocRow, ...]
    levels: list[str]
    types: list[str]
    periods: list[str]
    regions: list[tuple[str, str | None]]


def _library_for(request: Request, user: User) -> VisibleLibrary:
    """The library as a user's scope sees it, computed once per state of the library and scope."""
    from planscope.views.cache import cached

    prefix = scope_prefix(user.region_code)

    def compute(session: Session) -> VisibleLibrary:
        rows = tuple(r for r in docs_view(session) if covers(user.region_code, r.region_code))
        return VisibleLibrary(rows, sorted({r.level for r in rows if r.level}),
                              sorted({r.type for r in rows if r.type}), sorted({r.period for r in rows if r.period}),
                              sorted({(r.region_code, r.region) for r in rows if r.region_code}))

    with database(request).session() as session:
        return cached(session, ("library_for", prefix), compute)


@router.get("/library")
def library_page(request: Request, user: CurrentUser, region: str = "", level: str = "", type: str = "",
                 period: str = "", page_no: Annotated[int, Query(alias="page")] = 1,
                 per: int = DEFAULT_PER) -> Response:
    """The documents the filters keep, ``per`` to a page (the count of all in the heading)."""
    f = DocFilter(region, level, type, period)
    code = resolve_region(region, user) if region else None
    lib = _library_for(request, user)
    kept = lib.rows if f == DocFilter() else [r for r in lib.rows if f.keeps(r, code)]
    shown = page_number(kept, page_no, per)
    context: dict[str, Any] = {"rows": shown.rows, "shown": shown, "all_rows": lib.rows, "filter": f,
               "pager": pager(request, shown), "may_write": may(user, "ingest"), "levels": lib.levels,
               "types": lib.types, "periods": lib.periods, "regions": lib.regions}
    partial = is_partial(request)  # the list alone (htmx), with the count in the heading swapped out of band
    return page(request, "_docs.html" if partial else "library.html", partial=partial, **context)


@router.post("/library/upload", dependencies=[Depends(csrf.check)])
def upload(request: Request, user: CurrentUser, files: Annotated[list[UploadFile], File()]) -> Response:
    from planscope.web.uploads import ingest_upload

    require(user, "ingest", user.region_code)
    outcomes = [ingest_upload(database(request), request.app.state.upload_dir, f.filename, f.file, user)
                for f in files]
    if is_partial(request):
        return page(request, "_outcomes.html", outcomes=outcomes)
    rows = visible_docs(request, user)
    shown = page_number(rows, 1, DEFAULT_PER)
    return page(request, "library.html", rows=shown.rows, shown=shown, all_rows=rows, filter=DocFilter(),
                pager=pager(request, shown), outcomes=outcomes, may_write=True, levels=[], types=[], periods=[],
                regions=[])


def pager(request: Request, shown: Page[DocRow]) -> dict[str, Any]:
    """What the pager under a list shows: the rows' range, the page sizes, the links of the
    pages around this one (with the filters kept)."""
    params = dict(request.query_params)
    per = shown.limit
    near = sorted({1, shown.pages, *range(max(1, shown.number - 2), min(shown.pages, shown.number + 2) + 1)})
    return {"per": per, "sizes": PAGE_SIZES, "pages": [(n, page_query(params, n, per)) for n in near],
            "previous": page_query(params, shown.number - 1, per) if shown.has_previous else "",
            "next": page_query(params, shown.number + 1, per) if shown.has_next else "",
            "sized": [(size, page_query(params, 1, size)) for size in PAGE_SIZES]}


def _doc_for(request: Request, user: User, doc_id: int, action: str) -> tuple[Database, int]:
    db = database(request)
    with db.session() as session:
        doc = get_document(session, str(doc_id))
        require(user, action, doc.region_code)
    return db, doc_id


@router.post("/documents/{doc_id}/delete", dependencies=[Depends(csrf.check)])
def delete(request: Request, user: CurrentUser, doc_id: int) -> Response:
    db, _ = _doc_for(request, user, doc_id, "delete_document")
    with db.session() as session:
        delete_document(session, str(doc_id), actor=user)
    return RedirectResponse("/library", status_code=303)


@router.post("/documents/{doc_id}/reingest", dependencies=[Depends(csrf.check)])
def reingest(request: Request, user: CurrentUser, doc_id: int) -> Response:
    db, _ = _doc_for(request, user, doc_id, "ingest")
    with db.session() as session:
        source = Path(get_document(session, str(doc_id)).source_path)
    outcome: IngestOutcome = ingest_file(db, source, actor=user)
    return page(request, "_outcomes.html", outcomes=[outcome])


# ---------------------------------------------------------------- document


def document_context(request: Request, user: User, doc_id: int, at: int | None = None,
                     length: int = 0) -> dict[str, Any]:
    """The document view with its text cut at every record's value span and the outline's
    anchors; ``at`` (a search hit's offset, ``length`` characters) gets the anchor ``at``."""
    with database(request).session() as session:
        view = document_view(session, str(doc_id), with_text=True)
    require(user, "read", view.doc.region_code)
    return document_parts(view, at, length)


def document_parts(view: DocumentView, at: int | None = None, length: int = 0) -> dict[str, Any]:
    """What the document's page shows of ``view`` (see ``document_context``)."""
    records = [*view.targets, *view.actuals]
    sections = list(flatten(view.outline))
    anchors: dict[int, list[str]] = {}
    for anchor, _depth, node in sections:
        anchors.setdefault(node.start, []).append(anchor)
    for i, t in enumerate(view.tables):
        anchors.setdefault(t.start, []).append(f"t{i}")
    hit = None
    if at is not None and 0 <= at <= len(view.text or ""):
        anchors.setdefault(at, []).append("at")
        hit = (at, at + max(length, 0))
    pieces, unplaced = highlight(view.text or "", [(r.value_start, r.value_end, i) for i, r in enumerate(records)],
                                 anchors, hit)
    return {"doc": view.doc, "pieces": pieces, "records": records, "unplaced": unplaced, "sections": sections,
            "tables": view.tables, "records_json": [{**r.as_dict(), "actual": r.actual} for r in records]}


def flatten(nodes: list[SectionNode], depth: int = 0, counter: list[int] | None = None
            ) -> Iterator[tuple[str, int, SectionNode]]:
    """The outline in reading order: (anchor id, depth, node)."""
    counter = counter if counter is not None else [0]
    for node in nodes:
        yield f"s{counter[0]}", depth, node
        counter[0] += 1
        yield from flatten(node.children, depth + 1, counter)


@router.get("/documents/{doc_id}")
def document_page(request: Request, user: CurrentUser, doc_id: int, at: int | None = None,
                  length: Annotated[int, Query(alias="len", ge=0, le=1000)] = 0) -> Response:
    """The document's page: who may read it is checked first; the page below the top bar is
    the same for every reader and kept once rendered (``web.fragments``), but when opened at a
    search hit (``at``), which marks the hit in the text."""
    lang = language(request)
    with database(request).session() as session:
        doc = library_row(session, doc_id)
        require(user, "read", doc.region_code)
        if at is None:
            body = fragments.kept(session, ("document", doc_id, lang), lambda s: _document_body(s, doc_id, lang))
        else:
            body = _document_body(session, doc_id, lang, at, length)
    return page(request, "document.html", doc=doc, body=body)


def library_row(session: Session, doc_id: int) -> DocRow:
    """The library's row of a document (its title and region), NotFound as ``planscope show`` says it."""
    found = next((r for r in docs_view(session) if r.id == doc_id), None)
    return found if found is not None else DocRow.of(document_record(get_document(session, str(doc_id))))


def _document_body(session: Session, doc_id: int, lang: str, at: int | None = None, length: int = 0) -> Markup:
    view = document_view(session, str(doc_id), with_text=True)
    return fragments.render("_document_body.html", lang, **document_parts(view, at, length))


def _xlsx(write: Callable[[Path], None], name: str) -> Response:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "out.xlsx"
        write(path)
        data = path.read_bytes()
    from urllib.parse import quote

    disposition = f"attachment; filename=\"download.xlsx\"; filename*=UTF-8''{quote(name)}"
    return Response(data, media_type=XLSX, headers={"content-disposition": disposition})


@router.get("/documents/{doc_id}/tables.xlsx")
def tables_download(request: Request, user: CurrentUser, doc_id: int) -> Response:
    from planscope.export import tables_xlsx

    context = document_context(request, user, doc_id)
    tables = [t.as_dict() for t in context["tables"]]
    return _xlsx(lambda p: tables_xlsx(tables, p), f"{context['doc'].file}-表格.xlsx")


@router.get("/documents/{doc_id}/targets.xlsx")
def targets_download(request: Request, user: CurrentUser, doc_id: int) -> Response:
    from planscope.export import records_xlsx

    context = document_context(request, user, doc_id)
    records = [r.as_dict() for r in context["records"] if not r.actual]
    return _xlsx(lambda p: records_xlsx(records, TARGET_COLUMNS, p, "规划目标"), f"{context['doc'].file}-目标.xlsx")


# ---------------------------------------------------------------- dashboard


@router.get("/dashboard")
def dashboard(request: Request, user: CurrentUser, region: str = "") -> Response:
    from planscope.catalogue.regions import load_regions
    code = resolve_region(region, user)
    require(user, "read", code)
    lang = language(request)
    with database(request).session() as session:  # the progress table and charts: kept once rendered
        body = fragments.kept(session, ("dashboard", code, lang, date.today()),
                              lambda s: _dashboard_body(s, code, lang))
    return page(request, "dashboard.html", body=body, region=load_regions().get(code), region_query=region,
                choices=region_choices(request, user))


def _dashboard_body(session: Session, code: str, lang: str) -> Markup:
    view = progress_view(session, code)
    return fragments.render("_dashboard_body.html", lang, view=view, charts=indicator_charts(view.records))


# ---------------------------------------------------------------- alignment


@router.get("/alignment")
def alignment(request: Request, user: CurrentUser, region: str = "") -> Response:
    from planscope.alignment.stats import escalation_stats
    from planscope.catalogue.regions import load_regions
    from planscope.views.alignment import alignment_view

    code = resolve_region(region, user)
    require(user, "read", code)
    with database(request).session() as session:
        view = alignment_view(session, code)
    stats = escalation_stats(view.comparisons)
    coverage = [c for c in view.coverage if c["match"] != "none"] + [c for c in view.coverage if c["match"] == "none"]
    return page(request, "alignment.html", view=view, matrix=matrix(view.comparisons), stats=stats,
                chart=escalation_chart(stats), coverage=coverage, region=load_regions().get(code),
                region_query=region, choices=region_choices(request, user))


@router.get("/alignment.xlsx")
def alignment_download(request: Request, user: CurrentUser, region: str = "") -> Response:
    """The five-sheet workbook ``planscope align --format xlsx`` writes, for the region."""
    from planscope.export import workbook_xlsx
    from planscope.views.alignment import alignment_sheets, alignment_view

    code = resolve_region(region, user)
    require(user, "read", code)
    with database(request).session() as session:
        sheets = alignment_sheets(alignment_view(session, code))
    return _xlsx(lambda p: workbook_xlsx(sheets, p), f"规划衔接-{code}.xlsx")


# ---------------------------------------------------------------- search


@router.get("/search")
def search_page(request: Request, user: CurrentUser, q: Annotated[str, Query(max_length=200)] = "") -> Response:
    """Where a text occurs in the plans of the user's region: each hit in its context, marked
    by its offsets (the snippet is escaped, then cut), linked to the document at the hit."""
    from planscope.search import search

    hits = []
    if q.strip():
        with database(request).session() as session:
            hits = search(session, q, [user.region_code], limit=100)
    return page(request, "search.html", hits=hits, query=q)

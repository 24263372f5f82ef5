"""Data entry (填报) and its review: the form per region and year, the template's xlsx upload
with its per-row report, and the review page.  The rules are the library's
(``monitoring.review``: ``enter_observations``, ``pending_observations``, ``review``;
``monitoring.observations``: ``template_rows``, ``import_file``): a reporter's values wait
for a reviewer of that region or above, only accepted values feed progress, a row outside the
user's region is 403 and stores nothing, and every entry and decision is audited under the
signed-in user.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from planscope.web import csrf
from planscope.web.app import page
from planscope.web.auth import User, current_user, require, resolve_region
from planscope.web.pages import _xlsx, database, region_choices

router = APIRouter()
CurrentUser = Annotated[User, Depends(current_user)]
EXTRA_ROWS = 3  # free rows for an indicator the region's plans do not target


@dataclass
class FormRow:
    """One line of the entry form: an indicator, what is known of it, what the user typed."""

    indicator: str
    indicator_id: str = ""
    unit: str = ""
    value: str = ""
    current: str = ""  # the latest accepted value of that year, with its source
    pending: str = ""  # a value waiting for review
    problem: str = ""  # why the row was rejected


@dataclass
class EntryForm:
    region_code: str
    region: str
    year: int | None
    years: list[int]
    rows: list[FormRow]
    source: str = ""
    problems: list[str] = field(default_factory=list)  # rejections not tied to a row


def _years(rows: list[Any]) -> list[int]:
    return sorted({r.year for r in rows})


def _default_year(years: list[int]) -> int | None:
    from datetime import date

    past = [y for y in years if y < date.today().year]
    return past[-1] if past else (years[0] if years else None)


def entry_form(request: Request, user: User, region: str, year: int | None) -> EntryForm:
    """The form's rows for ``region`` and ``year``: the template's indicators with the values held."""
    from planscope.monitoring.observations import list_observations, template_rows
    from planscope.monitoring.review import pending_observations

    code = resolve_region(region, user)
    require(user, "enter_observation", code)
    with database(request).session() as session:
        _, name, template = template_rows(session, code)
        years = _years(template)
        if year is None:
            year = _default_year(years)
        held = list_observations(session, code, year=year, history=False) if year else []
        waiting = [p for p in pending_observations(session, None, code) if p["region_code"] == code
                   and p["year"] == year]
    current = {h["indicator_id"]: f"{h['value']}{h['unit'] or ''}（{h['source'] or h['source_type']}）" for h in held}
    pending = {p["indicator_id"]: f"{p['value']}{p['unit'] or ''}（{p['entered_by']}）" for p in waiting}
    rows = [FormRow(t.indicator, t.indicator_id, t.unit or "", current=current.get(t.indicator_id, ""),
                    pending=pending.get(t.indicator_id, "")) for t in template if t.year == year]
    rows += [FormRow("") for _ in range(EXTRA_ROWS)]
    return EntryForm(code, name, year, years, rows)


def _entry_page(request: Request, user: User, form: EntryForm, status: int = 200, **extra: Any) -> Response:
    from planscope.catalogue.indicators import load_catalogue
    from planscope.monitoring.review import entries_by

    with database(request).session() as session:
        mine = entries_by(session, user.name)
    indicators = sorted({i.zh for i in load_catalogue()})
    return page(request, "entry.html", status, form=form, mine=mine, indicators=indicators,
                choices=region_choices(request, user), **extra)


@router.get("/entry")
def entry_page(request: Request, user: CurrentUser, region: str = "", year: int | None = None,
               stored: int = 0, status: str = "") -> Response:
    form = entry_form(request, user, region, year)
    return _entry_page(request, user, form, stored=stored, stored_status=status)


def _submitted(form: EntryForm, data: FormData) -> list[dict[str, str]]:
    """The rows the user filled in (a value given), in form order; each FormRow keeps what was typed."""
    fields = {k: [str(v) for v in data.getlist(k)] for k in ("indicator", "indicator_id", "value", "unit")}
    count = min(len(v) for v in fields.values())
    form.rows = []
    rows: list[dict[str, str]] = []
    for i in range(count):
        row = FormRow(fields["indicator"][i].strip(), fields["indicator_id"][i].strip(), fields["unit"][i].strip(),
                      fields["value"][i].strip())
        form.rows.append(row)
        if row.value:
            rows.append({"region": form.region_code, "indicator": row.indicator, "indicator_id": row.indicator_id,
                         "year": str(form.year), "value": row.value, "unit": row.unit, "source": form.source})
    return rows


@router.post("/entry", dependencies=[Depends(csrf.check)])
async def enter(request: Request, user: CurrentUser) -> Response:
    """Store the values typed in the form: all of them or, when any is rejected, none (each
    rejected row says why, beside the row)."""
    from planscope.monitoring.review import enter_observations

    data = await request.form()
    try:
        year = int(str(data.get("year", "")))
    except ValueError:
        year = None
    form = entry_form(request, user, str(data.get("region", "")), year)
    form.source = str(data.get("source", "")).strip()[:200]
    rows = _submitted(form, data)
    if not rows:
        form.problems.append("没有填写任何数值 / no value filled in")
        return _entry_page(request, user, form, 422)
    with database(request).session() as session:
        report = enter_observations(session, user, rows)
    if not report.ok:
        filled = [r for r in form.rows if r.value]
        for rejected in report.rejected:
            n = _row_number(rejected.where)
            if n is not None and 0 < n <= len(filled):
                filled[n - 1].problem = rejected.reason
            else:
                form.problems.append(f"{rejected.where}: {rejected.reason}")
        return _entry_page(request, user, form, 422)
    where = f"/entry?region={form.region_code}&year={form.year}&stored={len(report.stored)}&status={report.status}"
    return RedirectResponse(where, status_code=303)


def _row_number(where: str) -> int | None:
    """N of "第N行 / row N" (how ``enter_observations`` names the rows it was given)."""
    import re

    found = re.match(r"第(\d+)行", where)
    return int(found.group(1)) if found else None


@router.post("/entry/upload", dependencies=[Depends(csrf.check)])
def upload_sheet(request: Request, user: CurrentUser, file: Annotated[UploadFile, File()],
                 region: Annotated[str, Form()] = "", all_or_nothing: Annotated[str, Form()] = "") -> Response:
    """The filled-in template (xlsx or csv): every row checked, the report shown in the page."""
    from planscope.errors import InputError
    from planscope.monitoring.observations import import_file
    from planscope.web.uploads import safe_name

    form = entry_form(request, user, region, None)
    folder = Path(tempfile.mkdtemp(prefix="planscope-sheet-"))
    try:
        path = folder / safe_name(file.filename)
        with path.open("wb") as out:
            shutil.copyfileobj(file.file, out, 1 << 20)
        try:
            with database(request).session() as session:
                report = import_file(session, path, bool(all_or_nothing), actor=user)
        except InputError as err:
            return _entry_page(request, user, form, 422, sheet_error=str(err))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return _entry_page(request, user, form, 200 if report.stored and not report.rejected else 422, sheet=report)


@router.get("/entry/template.xlsx")
def template_download(request: Request, user: CurrentUser, region: str = "") -> Response:
    """The xlsx a bureau fills in (``planscope template``), for the region."""
    from planscope.monitoring.observations import write_template

    code = resolve_region(region, user)
    require(user, "enter_observation", code)

    def write(path: Path) -> None:
        with database(request).session() as session:
            write_template(session, code, path)

    return _xlsx(write, f"指标填报模板_{code}.xlsx")


# ---------------------------------------------------------------- review


@router.get("/review")
def review_page(request: Request, user: CurrentUser, region: str = "", done: str = "", n: int = 0,
                at: str = "") -> Response:
    """The values the user may review (their region and below), oldest first."""
    from planscope.monitoring.review import pending_observations

    code = resolve_region(region, user)
    require(user, "review_observation", code)
    with database(request).session() as session:
        rows = pending_observations(session, user, code)
    return page(request, "review.html", rows=rows, region_code=code, region_query=region, done=done, n=n,
                decided_region=at, choices=region_choices(request, user))


@router.post("/review", dependencies=[Depends(csrf.check)])
async def decide(request: Request, user: CurrentUser) -> Response:
    """Accept or reject the ticked values, with a note: all of them or none."""
    from planscope.monitoring.review import review

    data = await request.form()
    decision = str(data.get("decision", ""))
    try:
        ids = [int(str(i)) for i in data.getlist("id")]
    except ValueError:
        ids = []
    if decision not in ("accept", "reject") or not ids:
        raise HTTPException(422, "请勾选要审核的值并选择接受或退回 / tick the values and choose accept or reject")
    note = str(data.get("note", "")).strip()[:2000] or None
    with database(request).session() as session:
        rows = review(session, user, ids, "accept" if decision == "accept" else "reject", note)
        region = rows[0].region_code
    return RedirectResponse(f"/review?done={decision}&n={len(rows)}&at={region}", status_code=303)

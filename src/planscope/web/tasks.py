"""The workbench's supervision pages: the tasks board by unit and status, a unit's page with
its reminders, the progress-update form, and the bulletin and assessment downloads.  Each route
reads its input, calls the view or library function the command line calls
(``views.tasks``, ``supervision``), and renders it; every write goes through ``supervision``,
which checks the acting user's role and region (``accounts.can``) and audits it."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from planscope.accounts.roles import Actor
from planscope.errors import PermissionDenied, PlanscopeError, SupervisionError
from planscope.store import Database, TaskUpdate
from planscope.supervision.rules import STATUSES, status_words
from planscope.views.supervision import board_view, bulletin_view, due_view, unit_view
from planscope.web import csrf
from planscope.web.app import page
from planscope.web.auth import User, current_user, require, resolve_region
from planscope.web.uploads import CHUNK, safe_name

CurrentUser = Annotated[User, Depends(current_user)]
TYPES = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}

router = APIRouter()


def _db(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text) if text else date.today()
    except ValueError:
        raise HTTPException(422, f"日期应为 YYYY-MM-DD：{text!r} / a date is YYYY-MM-DD") from None


def _actor(user: User) -> Actor:
    return Actor(user.name, user.role, user.region_code, getattr(user, "active", True))


@router.get("/tasks")
def board(request: Request, user: CurrentUser, region: str = "", as_of: str = "", status: str = "") -> Response:
    code = resolve_region(region, user)
    require(user, "read", code)
    day = _day(as_of)
    with _db(request).session() as session:
        view = board_view(session, code, day, status or None)
        due = due_view(session, 30, code, day)
    return page(request, "tasks.html", view=view, due=due, statuses=STATUSES, words=status_words, region=code,
                region_query=region, as_of=day.isoformat(), chosen=status)


@router.get("/tasks/units/{unit_id}")
def unit(request: Request, user: CurrentUser, unit_id: int, as_of: str = "") -> Response:
    with _db(request).session() as session:
        try:
            view = unit_view(session, unit_id, _day(as_of))
        except SupervisionError as err:
            raise HTTPException(404, str(err)) from None
    require(user, "read", view.unit["region_code"])
    return page(request, "task_unit.html", view=view, words=status_words)


@router.post("/tasks/{task_id}/updates", dependencies=[Depends(csrf.check)])
def file_update(request: Request, user: CurrentUser, task_id: int, unit: Annotated[str, Form()],
                text: Annotated[str, Form()], on: Annotated[str, Form()] = "",
                percent: Annotated[str, Form()] = "", reason: Annotated[str, Form()] = "",
                version: Annotated[str, Form()] = "", milestone: Annotated[str, Form()] = "",
                attachment: Annotated[UploadFile | None, File()] = None) -> Response:
    """The update form: the task's version read with the form is checked, so a second person
    updating the same task is told (409) and nothing of theirs is stored.  An attachment is
    stored as ``tasks update --attach`` stores it (under its own file name)."""
    from planscope.supervision.updates import NewUpdate, add_update

    with tempfile.TemporaryDirectory() as folder:
        path = _saved(attachment, Path(folder))
        new = NewUpdate(task_id, unit, _day(on), text, _number(percent, "percent"), milestone.strip() or None,
                        reason or None, path, _number(version, "version"))
        _write(lambda session: add_update(session, _actor(user), new), request)
    return RedirectResponse(f"/tasks?as_of={new.on.isoformat()}", status_code=303)


def _number(text: str, what: str) -> int | None:
    try:
        return int(text) if text.strip() else None
    except ValueError:
        raise HTTPException(422, f"{what} 应为整数：{text!r} / {what} must be a whole number") from None


def _saved(upload: UploadFile | None, folder: Path) -> Path | None:
    """The uploaded attachment as a file named as the user's file was (None: no file chosen)."""
    if upload is None or not upload.filename:
        return None
    path = folder / safe_name(upload.filename)
    with path.open("wb") as out:
        shutil.copyfileobj(upload.file, out, CHUNK)
    return path


def _write(action: Callable[[Session], object], request: Request) -> None:
    """Run a supervision write in one transaction; its refusals as the page's error statuses."""
    from planscope.errors import ConflictError

    try:
        with _db(request).session() as session:
            action(session)
    except ConflictError as err:
        raise HTTPException(409, str(err)) from None
    except PermissionDenied as err:
        raise HTTPException(403, str(err)) from None
    except PlanscopeError as err:
        raise HTTPException(422, str(err)) from None


@router.post("/tasks/{task_id}/updates/{update_id}/confirm", dependencies=[Depends(csrf.check)])
def confirm(request: Request, user: CurrentUser, task_id: int, update_id: int,
            back: Annotated[str, Form()] = "") -> Response:
    """The lead unit's confirm button on a co-unit's update (the library checks it is the lead unit)."""
    from planscope.supervision.updates import confirm_update

    def act(session: Session) -> None:
        found = session.get(TaskUpdate, update_id)
        if found is None or found.task_id != task_id:
            raise HTTPException(404, f"任务 {task_id} 没有进展报送 {update_id} / no such update")
        confirm_update(session, _actor(user), update_id)

    _write(act, request)
    target = back if back.startswith("/tasks") and not back.startswith("//") else "/tasks"
    return RedirectResponse(target, status_code=303)


@router.get("/tasks/{task_id}/updates/{update_id}/attachment")
def attachment(request: Request, user: CurrentUser, task_id: int, update_id: int) -> Response:
    """An update's attachment, under the name it was filed with (read access to the task's region)."""
    from planscope.supervision.updates import attachments_dir

    with _db(request).session() as session:
        found = session.get(TaskUpdate, update_id)
        if found is None or found.task_id != task_id or not found.attachment:
            raise HTTPException(404, "没有这个附件 / no such attachment")
        require(user, "read", found.task.region_code)
        path, name = attachments_dir(session) / found.attachment, found.attachment_name or "attachment"
    if not path.is_file():
        raise HTTPException(404, f"附件文件缺失：{found.attachment} / the attachment's file is missing")
    disposition = f"attachment; filename=\"attachment{path.suffix}\"; filename*=UTF-8''{quote(name)}"
    return Response(path.read_bytes(), media_type="application/octet-stream",
                    headers={"content-disposition": disposition})


def _download(write: Callable[[Path], None], name: str, kind: str) -> Response:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"out.{kind}"
        write(path)
        data = path.read_bytes()
    disposition = f"attachment; filename=\"download.{kind}\"; filename*=UTF-8''{quote(name)}"
    return Response(data, media_type=TYPES[kind], headers={"content-disposition": disposition})


@router.get("/tasks/bulletin.{kind}")
def bulletin(request: Request, user: CurrentUser, kind: str, period: str, region: str = "") -> Response:
    from planscope.reports.bulletin import heading, write_bulletin_docx, write_bulletin_xlsx
    from planscope.supervision.periods import parse_period

    if kind not in TYPES:
        raise HTTPException(404, "docx 或 xlsx / docx or xlsx")
    code = resolve_region(region, user)
    require(user, "read", code)
    try:
        p = parse_period(period)
    except SupervisionError as err:
        raise HTTPException(422, str(err)) from None
    with _db(request).session() as session:
        view = bulletin_view(session, p, code)
    if kind == "xlsx":
        return _download(lambda path: write_bulletin_xlsx(view, path), f"通报-{p.text}.xlsx", kind)
    head = heading(view, None, None, None, None)
    return _download(lambda path: write_bulletin_docx(view, head, path), f"通报-{p.text}.docx", kind)


@router.get("/tasks/assessment.xlsx")
def assessment(request: Request, user: CurrentUser, year: int, region: str = "") -> Response:
    from planscope.export import workbook_xlsx
    from planscope.supervision.assessment import ASSESS_COLUMNS, assess

    code = resolve_region(region, user)
    require(user, "read", code)
    with _db(request).session() as session:
        rows = assess(session, year, code)
    return _download(lambda path: workbook_xlsx([("考核 scores", [r.flat() for r in rows], ASSESS_COLUMNS)], path),
                     f"考核-{year}.xlsx", "xlsx")

"""Supervision in the REST API (``/api/v1``): tasks, a task with its history, progress updates and
the lead unit's confirmation, what is due, the assessment.  Reads are region-scoped like every
other endpoint; writes go through ``planscope.supervision.updates`` — which checks the caller's
role and region (``accounts.can``), refuses a late update without a reason and a stale version
(409), and audits — so no rule of supervision lives here."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from planscope.store import Database, Task, TaskUpdate
from planscope.supervision.rules import STATUSES
from planscope.web import csrf
from planscope.web.auth import User, current_user, require, resolve_region

CurrentUser = Annotated[User, Depends(current_user)]
AsOf = Annotated[date | None, Query(description="截至日期（默认今天）/ status as of this day (default: today)")]


class UpdateIn(BaseModel):
    """A progress update, as ``planscope tasks update`` takes it."""

    model_config = ConfigDict(extra="forbid")
    unit: str = Field(description="报送单位（名称或别名）/ the reporting unit, by name or alias")
    text: str = Field(min_length=1, max_length=5000, description="进展说明 / what was done")
    on: date | None = Field(None, alias="date", description="报送日期（默认今天）/ date of the update (default: today)")
    percent: int | None = Field(None, description="完成比例 0–100 / percent done")
    milestone: str | None = Field(None, description="达成的节点（标题或序号）/ milestone reached (title or number)")
    reason: str | None = Field(None, max_length=2000,
                               description="滞后原因（任务因此滞后时必填）/ the reason, required when the task is late")
    version: int | None = Field(None, description="读取时的任务版本，他人已改则 409 / the task's version you read: "
                                                  "409 if it has changed since")


def _db(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


def _region_of_task(db: Database, task_id: int) -> str:
    """The task's region (404 when there is no such task), to check the caller may read or write there."""
    with db.session() as session:
        task = session.get(Task, task_id)
        if task is None:
            raise HTTPException(404, f"没有任务 {task_id} / no task {task_id}")
        return task.region_code


def task_routes(api: FastAPI) -> None:
    @api.get("/tasks", summary="Tasks of a region and below, with status as of a day (filters: status, unit)")
    def tasks(request: Request, user: CurrentUser, region: str | None = None, status: str | None = None,
              unit: str | None = None, as_of: AsOf = None) -> list[dict[str, Any]]:
        from planscope.views.supervision import board_view

        if status and status not in STATUSES:
            raise HTTPException(422, f"状态应为 {'、'.join(STATUSES)} 之一 / status: one of {', '.join(STATUSES)}")
        code = resolve_region(region, user)
        require(user, "read", code)
        with _db(request).session() as session:
            view = board_view(session, code, as_of, status or None, unit or None)
        return [r.as_dict() for r in view.rows]

    @api.get("/tasks/due", summary="What falls due within N days or is overdue, per unit (reminders)")
    def due(request: Request, user: CurrentUser, within: Annotated[int, Query(ge=0, le=3660)] = 30,
            region: str | None = None, unit: str | None = None, as_of: AsOf = None) -> list[dict[str, Any]]:
        from planscope.views.supervision import due_record, due_view

        code = resolve_region(region, user)
        require(user, "read", code)
        with _db(request).session() as session:
            rows = due_view(session, within, code, as_of)
        return [due_record(d) for d in rows if not unit or d.unit == unit]

    @api.get("/tasks/{task_id}", summary="A task: status, milestones, updates and its revision history")
    def task(request: Request, user: CurrentUser, task_id: int, as_of: AsOf = None) -> dict[str, Any]:
        from planscope.views.supervision import task_detail

        require(user, "read", _region_of_task(_db(request), task_id))
        with _db(request).session() as session:
            return task_detail(session, task_id, as_of)

    @api.post("/tasks/{task_id}/updates", status_code=201, dependencies=[Depends(csrf.check)],
              summary="File a progress update (a late one needs a reason; a stale version is 409, nothing stored)",
              responses={409: {"description": "the task changed since `version`: nothing was stored"}})
    def file_update(request: Request, user: CurrentUser, task_id: int, body: UpdateIn) -> dict[str, Any]:
        from planscope.supervision.tasks import status_of
        from planscope.supervision.updates import NewUpdate, add_update, update_record

        _region_of_task(_db(request), task_id)
        day = body.on or date.today()
        new = NewUpdate(task_id, body.unit, day, body.text, body.percent, body.milestone, body.reason, None,
                        body.version)
        with _db(request).session() as session:
            update = add_update(session, user, new)
            session.flush()
            return {"update": update_record(update), "status": status_of(update.task, day).status,
                    "version": update.task.version}

    @api.post("/tasks/{task_id}/updates/{update_id}/confirm", dependencies=[Depends(csrf.check)],
              summary="The lead unit confirms a co-unit's update: from then on it counts")
    def confirm(request: Request, user: CurrentUser, task_id: int, update_id: int) -> dict[str, Any]:
        from planscope.supervision.updates import confirm_update, update_record

        with _db(request).session() as session:
            found = session.get(TaskUpdate, update_id)
            if found is None or found.task_id != task_id:
                raise HTTPException(404, f"任务 {task_id} 没有进展报送 {update_id} / no update {update_id} of task "
                                         f"{task_id}")
            return {"update": update_record(confirm_update(session, user, update_id))}

    @api.get("/assessment", summary="Assessment scores per region and unit, each with its breakdown "
                                    "(formula: data/scoring.toml)")
    def assessment(request: Request, user: CurrentUser, year: int, region: str | None = None,
                   as_of: AsOf = None) -> list[dict[str, Any]]:
        from planscope.supervision.assessment import assess

        code = resolve_region(region, user)
        require(user, "read", code)
        with _db(request).session() as session:
            return [r.as_dict() for r in assess(session, year, code, as_of)]

"""Progress updates (进展报送) by a task's units, and the lead unit's confirmation of a
co-unit's update.  An update that makes the task late (its status as of the update's date,
the update included, is 滞后) needs a reason.  An attachment is copied into the attachments
folder beside the library (content-addressed: the same file is kept once) before the update
is written; the update names it."""

from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from planscope import audit
from planscope.accounts.roles import Principal, require
from planscope.errors import ConflictError, SupervisionError
from planscope.store import OrgUnit, Task, TaskUpdate
from planscope.store.db import sqlite_path
from planscope.supervision.status import UpdateFacts, task_status
from planscope.supervision.tasks import facts, get_task
from planscope.supervision.units import match_unit

ATTACHMENTS_VAR = "PLANSCOPE_ATTACHMENTS"
MAX_ATTACHMENT = 50 * 2**20


@dataclass(frozen=True)
class NewUpdate:
    task_id: int
    unit: str  # the unit's name or alias
    on: date
    text: str
    percent: int | None = None
    milestone: str | None = None  # a milestone's title (or its 1-based number)
    late_reason: str | None = None
    attachment: Path | None = None
    version: int | None = None  # the task's version the update was written against


def attachments_dir(session: Session) -> Path:
    """``PLANSCOPE_ATTACHMENTS``, else an ``attachments`` folder beside a SQLite library, else
    the user's data folder."""
    env = os.environ.get(ATTACHMENTS_VAR)
    if env:
        return Path(env)
    bind = session.get_bind()
    path = sqlite_path(bind.engine.url.render_as_string(hide_password=False))
    if path is not None:
        return path.parent / "attachments"
    return Path(user_data_dir("planscope", appauthor=False)) / "attachments"


def keep_attachment(session: Session, source: Path) -> str:
    """Copy ``source`` into the attachments folder; the stored name, relative to it."""
    if not source.is_file():
        raise SupervisionError(f"附件 {source} 不存在或不是文件 / the attachment is not a file")
    if source.stat().st_size > MAX_ATTACHMENT:
        raise SupervisionError(f"附件 {source.name} 超过 {MAX_ATTACHMENT // 2**20} MB / the attachment is too large")
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    name = f"{digest[:2]}/{digest}{source.suffix.lower()}"
    target = attachments_dir(session) / name
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(target.suffix + ".part")
        shutil.copyfile(source, tmp)
        tmp.replace(target)
    return name


def _milestone_id(task: Task, milestone: str | None) -> tuple[int | None, str | None]:
    if not milestone:
        return None, None
    for i, m in enumerate(task.milestones, 1):
        if milestone in (m.title, str(i)):
            return m.id, m.title
    names = "、".join(f"{i}.{m.title}" for i, m in enumerate(task.milestones, 1)) or "无 / none"
    raise SupervisionError(f"任务 {task.id} 没有节点“{milestone}”（有：{names}）/ no such milestone")


def _acts_for(session: Session, actor: Principal, unit: OrgUnit) -> bool:
    """A member of some unit acts only for its units; others for any unit their role covers."""
    from sqlalchemy import select

    name = audit.actor_name(actor)
    member_of = [u.id for u in session.scalars(select(OrgUnit)) if name in (u.members or [])]
    return not member_of or unit.id in member_of


def add_update(session: Session, actor: Principal, new: NewUpdate) -> TaskUpdate:
    """File ``new`` for its task; SupervisionError for an unknown task, a unit that is not the
    task's, an unknown milestone, a percent outside 0–100, a late update without a reason;
    ConflictError when the task changed since ``new.version``."""
    task = get_task(session, new.task_id, new.version)
    require(actor, "report_progress", task.region_code)
    unit = match_unit(session, task.region_code, new.unit)
    role = next((tu.role for tu in task.units if unit is not None and tu.unit_id == unit.id), None)
    if unit is None or role is None:
        units = "、".join(tu.unit.name for tu in task.units)
        raise SupervisionError(f"“{new.unit}”不是任务 {task.id} 的责任单位（{units}）/ not a unit of this task")
    if not _acts_for(session, actor, unit):
        raise SupervisionError(f"{audit.actor_name(actor)} 不是“{unit.name}”的报送人 / not a reporter of this unit")
    if new.percent is not None and not 0 <= new.percent <= 100:
        raise SupervisionError(f"完成比例 {new.percent} 应在 0–100 之间 / percent must be within 0–100")
    if not new.text.strip():
        raise SupervisionError("进展说明为空 / the update needs a text")
    milestone_id, milestone = _milestone_id(task, new.milestone)
    after = task_status(facts(task, UpdateFacts(new.on, new.percent, milestone)), new.on)
    if after.status == "late" and not (new.late_reason or "").strip():
        raise SupervisionError(f"此次报送后任务 {task.id} 滞后（{after.reasons[0]}），须说明原因（--reason）"
                               " / this update leaves the task late: give the reason (--reason)")
    stored = keep_attachment(session, new.attachment) if new.attachment else None
    update = TaskUpdate(unit=unit, on=new.on, text=new.text.strip(), percent=new.percent, milestone_id=milestone_id,
                        late_reason=(new.late_reason or "").strip() or None, attachment=stored,
                        attachment_name=new.attachment.name if new.attachment else None,
                        needs_confirmation=role == "co", entered_by=audit.actor_name(actor),
                        entered_at=audit.now())
    task.updates.append(update)
    _touch(session, task)
    audit.record(session, actor, "task.update", "task", task.id, task.region_code, None, update_record(update))
    return update


def _touch(session: Session, task: Task) -> None:
    """Raise the task's version with this write; a concurrent writer's flush fails → ConflictError."""
    task_id = task.id
    task.updated_at = audit.now()
    try:
        session.flush()
    except StaleDataError:
        raise conflict_after_race(task_id) from None


def conflict_after_race(task_id: int) -> ConflictError:
    return ConflictError(f"任务 {task_id} 刚被他人修改，本次未保存，请重新读取后再提交 / task {task_id} was changed by "
                         "someone else at the same moment: nothing of yours was saved; read it again and repeat")


def confirm_update(session: Session, actor: Principal, update_id: int) -> TaskUpdate:
    """The lead unit confirms a co-unit's update: from now on it counts for the task's status."""
    update = session.get(TaskUpdate, update_id)
    if update is None:
        raise SupervisionError(f"没有进展报送 {update_id} / no update {update_id}")
    task = get_task(session, update.task_id)
    require(actor, "confirm_progress", task.region_code)
    if not update.needs_confirmation:
        raise SupervisionError(f"进展 {update_id} 由牵头单位报送，无须确认 / filed by the lead unit: "
                               "nothing to confirm")
    if update.confirmed_by:
        raise SupervisionError(f"进展 {update_id} 已由 {update.confirmed_by} 确认 / already confirmed")
    leads = [tu.unit for tu in task.units if tu.role == "lead"]
    if not any(_acts_for(session, actor, u) for u in leads):
        raise SupervisionError(f"{audit.actor_name(actor)} 不是牵头单位的人员，不能确认 / only the lead unit confirms")
    before = update_record(update)
    update.confirmed_by, update.confirmed_at = audit.actor_name(actor), audit.now()
    _touch(session, task)
    audit.record(session, actor, "task.confirm", "task", task.id, task.region_code, before, update_record(update))
    return update


def update_record(u: TaskUpdate) -> dict[str, Any]:
    return {"id": u.id, "task_id": u.task_id, "unit": u.unit.name if u.unit else None, "on": u.on,
            "text": u.text, "percent": u.percent, "milestone": u.milestone.title if u.milestone else None,
            "late_reason": u.late_reason, "attachment": u.attachment_name, "needs_confirmation": u.needs_confirmation,
            "confirmed_by": u.confirmed_by, "entered_by": u.entered_by}



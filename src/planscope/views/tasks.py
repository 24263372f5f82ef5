"""Tasks read from files (no storage): each task's words, who leads, who works with them,
its deadline — the rows the CLI prints and a page or a report will show."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planscope.errors import InputError
from planscope.extraction.tasks import Bodies, TaskRecord, extract_tasks, load_bodies
from planscope.extraction.tasks.model import Deadline, UnitRef
from planscope.library import analyse
from planscope.reading.text import normalize

TASK_COLUMNS = ("doc", "number", "title", "text", "lead", "co", "assigned", "deadline", "deadline_normalized",
                "deadline_due", "deadline_uncertain", "milestones", "indicators", "project", "investment_yuan",
                "path", "source", "layout", "start", "end", "notes")

ASSIGNED = {
    "stated": "文件写明 / stated",
    "first_leads": "列第一位者牵头 / first listed leads",
    "owners": "均为责任单位 / all responsible",
    "inherited": "取自上级标题 / from the heading above",
    "none": "未分工 / none named",
}


def tasks_of_file(path: Path, bodies: Bodies | None = None) -> list[TaskRecord]:
    """Read one file and extract its tasks, storing nothing."""
    a = analyse(path)
    text = normalize(a.original).text
    return extract_tasks(text, a.original, a.sections, a.tables, a.facts, a.targets, a.body_end, bodies)


def unit_label(u: UnitRef) -> str:
    """'市发改委' or, where the body is known under another name, '发改局（发展和改革委员会）'."""
    if u.canonical and u.canonical not in u.name:
        return f"{u.name}（{u.canonical}）"
    return u.name


def deadline_label(d: Deadline | None) -> str:
    if d is None:
        return ""
    mark = "?" if d.uncertain else ""
    return d.text if d.normalized == d.text else f"{d.text} → {d.normalized}{mark}"


@dataclass(frozen=True)
class TaskRow:
    """One task as a person reads it, and the record behind it."""

    doc: str
    record: TaskRecord

    @property
    def lead(self) -> str:
        return "、".join(unit_label(u) for u in self.record.lead)

    @property
    def co(self) -> str:
        return "、".join(unit_label(u) for u in self.record.co)

    @property
    def deadline(self) -> str:
        return deadline_label(self.record.deadline)

    @property
    def assigned(self) -> str:
        return ASSIGNED.get(self.record.assigned, self.record.assigned)

    @property
    def label(self) -> str:
        """The task's title, or the start of its words."""
        r = self.record
        text = r.title or r.text.replace("\n", "")
        return text if len(text) <= 60 else text[:58] + "…"

    def as_dict(self) -> dict[str, Any]:
        """The public JSON shape: the record's fields and the file it came from."""
        return {"doc": self.doc, **self.record.as_dict()}

    def flat(self) -> dict[str, Any]:
        """One spreadsheet row (``TASK_COLUMNS``)."""
        r = self.record
        d = r.deadline
        p = r.project
        return {
            "doc": self.doc, "number": r.number, "title": r.title, "text": r.text, "lead": self.lead, "co": self.co,
            "assigned": self.assigned, "deadline": d.text if d else None,
            "deadline_normalized": d.normalized if d else None,
            "deadline_due": d.due if d else None, "deadline_uncertain": d.uncertain if d else None,
            "milestones": "; ".join(deadline_label(m) for m in r.milestones),
            "indicators": ", ".join(i.id for i in r.indicators),
            "project": p.name.text if p and p.name else None,
            "investment_yuan": p.investment.yuan if p and p.investment else None,
            "path": r.path, "source": r.source, "layout": r.layout, "start": r.start, "end": r.end,
            "notes": "; ".join(r.notes),
        }


@dataclass(frozen=True)
class FileTasks:
    path: Path
    rows: list[TaskRow]
    error: str | None = None


@dataclass(frozen=True)
class TasksView:
    files: list[FileTasks]

    @property
    def rows(self) -> list[TaskRow]:
        return [r for f in self.files for r in f.rows]

    @property
    def failed(self) -> list[FileTasks]:
        return [f for f in self.files if f.error is not None]

    def summary(self, f: FileTasks) -> str:
        """'12 项任务 tasks: 9 有牵头单位 with a lead, 10 有期限 with a deadline (table 7, unit_line 5)'."""
        n = len(f.rows)
        leads = sum(1 for r in f.rows if r.record.lead)
        dated = sum(1 for r in f.rows if r.record.deadline is not None)
        layouts = Counter(r.record.layout for r in f.rows)
        shown = ", ".join(f"{k} {v}" for k, v in layouts.most_common())
        return (f"{f.path.name}: {n} 项任务 tasks, {leads} 有牵头单位 with a lead, {dated} 有期限 with a deadline"
                + (f" ({shown})" if shown else ""))


def tasks_view(paths: list[Path], bodies: Path | None = None) -> TasksView:
    """The tasks of each file; a file that cannot be read gets its one-line error, and the
    others are still read.  ``bodies``: a region's own bodies file (same format as bodies.toml)."""
    catalogue = load_bodies(bodies)
    files: list[FileTasks] = []
    for path in paths:
        if not path.is_file():
            reason = "文件不存在 / no such file" if not path.exists() else "这是一个文件夹 / it is a folder"
            files.append(FileTasks(path, [], f"{path.name}: {reason}"))
            continue
        try:
            records = tasks_of_file(path, catalogue)
        except InputError as err:
            files.append(FileTasks(path, [], str(err)))
            continue
        files.append(FileTasks(path, [TaskRow(path.name, r) for r in records]))
    return TasksView(files)

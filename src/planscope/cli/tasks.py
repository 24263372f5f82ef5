"""``planscope tasks``: tasks read from 分工方案 and plans (registered in ``cli.commands``).

``planscope tasks extract FILE…`` reads the files (nothing is stored), extracts their tasks
(``planscope.views.tasks``) and prints them: a terminal table per file, JSON, JSON lines or
an xlsx workbook.  A file that cannot be read gets one line naming it and the reason; the
others are still read, and the exit status is 1.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.table import Table as RichTable

from planscope.cli import commands as base
from planscope.cli.commands import handle_errors, output_file, output_option
from planscope.library import expand_paths
from planscope.views.tasks import TASK_COLUMNS, FileTasks, TasksView, tasks_view

BODIES_HELP = ("本地区的单位目录（与 bodies.toml 同格式）/ a region's own bodies file, in the format of "
               "bodies.toml: its names and abbreviations are added to the catalogue")


@click.group()
def tasks() -> None:
    """任务：从分工方案和规划中提取、分工、督办与通报 / Tasks: read from 任务分工方案, 责任分解 documents and
    plans; assigned, supervised and reported (cli/supervision.py)."""


@tasks.command(name="extract")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["table", "json", "jsonl", "xlsx"]), default="table",
              show_default=True)
@click.option("--bodies", type=click.Path(exists=True, dir_okay=False, path_type=Path), help=BODIES_HELP)
@output_option
@click.pass_context
@handle_errors
@output_file
def extract(ctx: click.Context, files: tuple[Path, ...], fmt: str, bodies: Path | None, output: Path | None) -> None:
    """提取任务、牵头与配合单位、完成时限（不入库）/ Extract tasks, lead and co-units and deadlines
    from files (files and folders; nothing is stored)."""
    view = tasks_view(list(expand_paths(files)), bodies)
    rows = view.rows
    if fmt in ("json", "jsonl"):
        records = [r.as_dict() for r in rows]
        text = (json.dumps(records, ensure_ascii=False, indent=1) + "\n" if fmt == "json"
                else "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
        base._emit(text, output)
    elif fmt == "xlsx":
        base._write_records_xlsx([r.flat() for r in rows], TASK_COLUMNS, output, "任务")
    else:
        for f in view.files:
            if f.error is None:
                base.out.print(tasks_table(f, view))
    for f in view.failed:
        base.err.print(f"[red]✗[/red] {f.error}")
    if view.failed:
        sys.exit(1)


def tasks_table(f: FileTasks, view: TasksView) -> RichTable:
    """One file's tasks for the terminal: number, task, lead and co-units, deadline, where."""
    t = RichTable(title=view.summary(f), show_lines=True)
    t.add_column("序号 no.", no_wrap=True)
    t.add_column("任务 task", overflow="fold", ratio=4)
    t.add_column("牵头 lead", overflow="fold", ratio=2)
    t.add_column("配合 co", overflow="fold", ratio=2)
    t.add_column("期限 deadline", overflow="fold", ratio=2)
    t.add_column("出处 where", overflow="fold", ratio=2)
    for row in f.rows:
        r = row.record
        lead = row.lead or f"[dim]{row.assigned}[/dim]"
        if row.lead and r.assigned not in ("stated", "none"):
            lead += f"\n[dim]{row.assigned}[/dim]"
        where = r.path if r.source == "text" else f"{r.source} {r.path}".strip()
        t.add_row(r.number or "", row.label, lead, row.co, row.deadline, where)
    if not f.rows:
        t.caption = "未找到任务 / no tasks found"
    return t

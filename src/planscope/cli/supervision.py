"""``planscope tasks …`` (units, tasks, updates, what is due, the bulletin), ``planscope assess``
and ``planscope revise …``: thin commands over ``planscope.supervision`` and ``views.tasks``."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import click
from rich.table import Table as RichTable

from planscope.cli import commands as base
from planscope.cli.acting import acting, as_option
from planscope.cli.tasks import tasks as extraction_tasks
from planscope.errors import SupervisionError
from planscope.supervision.rules import FREQUENCIES, STATUSES, status_words


def _day(value: str | None) -> date | None:
    from planscope.supervision.periods import parse_day

    return parse_day(value) if value else None


def _milestones(values: tuple[str, ...]) -> list[tuple[str, date]]:
    """``标题@2026-06-30`` each."""
    from planscope.supervision.periods import parse_day

    out = []
    for v in values:
        title, _, day = v.rpartition("@")
        if not title:
            raise SupervisionError(f"节点 {v!r} 应写作 标题@YYYY-MM-DD / a milestone is TITLE@YYYY-MM-DD")
        out.append((title.strip(), parse_day(day, "节点日期 / milestone date")))
    return out


def as_of_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--as-of", "as_of", metavar="YYYY-MM-DD",
                        help="按该日计算状态（默认今天）/ status as of this day (default: today)")(fn)


# The ``planscope tasks`` group is task extraction's (``cli/tasks.py``: ``tasks extract``); the
# supervision commands join it here.
tasks = extraction_tasks


# ---------------------------------------------------------------- units


@tasks.command(name="units")
@click.option("--region", help="地区（含下级）/ region and everything below it")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_context
@base.handle_errors
def units_list(ctx: click.Context, region: str | None, fmt: str) -> None:
    """各地区的责任单位及其别名 / The responsible units of each region, with their aliases."""
    from planscope.supervision.units import list_units, unit_record

    with base.open_db(ctx).session() as session:
        records = [unit_record(u) for u in list_units(session, region)]
    columns = ("id", "地区 region", "单位 unit", "别名 aliases", "报送人 members")
    base.print_records(records, fmt, "责任单位 / units", columns,
                       lambda r: (str(r["id"]), r["region"], r["name"], "、".join(r["aliases"]),
                                  "、".join(r["members"])))


@tasks.command(name="unit-add")
@click.argument("region")
@click.argument("name")
@click.option("--alias", "aliases", multiple=True, help="别名，可多次 / an alias (repeatable)")
@click.option("--member", "members", multiple=True, help="代表该单位报送的用户 / a user who reports for the unit")
@as_option
@click.pass_context
@base.handle_errors
def unit_add(ctx: click.Context, region: str, name: str, aliases: tuple[str, ...], members: tuple[str, ...]) -> None:
    """新增责任单位 / Add a responsible unit to a region."""
    from planscope.supervision.units import add_unit

    db = base.open_db(ctx)
    who = acting(ctx, db)
    with db.session() as session:
        unit = add_unit(session, who, region, name, aliases, members=members)
        line = f"[green]✓[/green] 单位 unit {unit.id}: {unit.region} {unit.name}"
    base.out.print(line)


@tasks.command(name="unit-set")
@click.argument("unit_id", type=int)
@click.option("--alias", "aliases", multiple=True, help="增加别名 / add an alias")
@click.option("--member", "members", multiple=True, help="增加报送人 / add a reporting user")
@click.option("--remove-member", "removed", multiple=True, help="移除报送人 / remove a reporting user")
@as_option
@click.pass_context
@base.handle_errors
def unit_set(ctx: click.Context, unit_id: int, aliases: tuple[str, ...], members: tuple[str, ...],
             removed: tuple[str, ...]) -> None:
    """修改责任单位的别名与报送人 / Change a unit's aliases and reporting users."""
    from planscope.supervision.units import change_unit

    db = base.open_db(ctx)
    who = acting(ctx, db)
    with db.session() as session:
        unit = change_unit(session, who, unit_id, add_aliases=aliases, add_members=members, remove_members=removed)
        line = f"[green]✓[/green] {unit.name}: {'、'.join(unit.aliases)}"
    base.out.print(line)


@tasks.command(name="unit")
@click.argument("unit_id", type=int)
@as_of_option
@click.option("--within", default=30, show_default=True, help="提醒天数 / reminder horizon in days")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_context
@base.handle_errors
def unit_page(ctx: click.Context, unit_id: int, as_of: str | None, within: int, fmt: str) -> None:
    """一个单位的任务、提醒与待确认进展 / A unit's page: its tasks, reminders and updates to confirm."""
    from dataclasses import asdict

    from planscope.views.supervision import unit_view

    with base.open_db(ctx).session() as session:
        page = unit_view(session, unit_id, _day(as_of), within)
    if fmt == "json":
        click.echo(json.dumps(asdict(page), ensure_ascii=False, indent=2, default=str))
        return
    base.out.print(f"[bold]{page.unit['region']} {page.unit['name']}[/bold]（截至 / as of {page.as_of}）")
    base.out.print(_task_table("牵头任务 / leads", page.leads))
    base.out.print(_task_table("配合任务 / supports", page.supports))
    base.out.print(_due_table(page.due))
    for u in page.to_confirm:
        base.out.print(f"待确认 / to confirm: 进展 {u['id']}（任务 {u['task_id']}，{u['unit']}，{u['on']}）{u['text']}")


# ---------------------------------------------------------------- tasks


@tasks.command(name="add")
@click.option("--region", required=True, help="任务所在地区 / the task's region")
@click.option("--text", required=True, help="任务内容 / what is to be done")
@click.option("--lead", multiple=True, required=True, help="牵头单位（名称或别名，可多次）/ lead unit (repeatable)")
@click.option("--co", multiple=True, help="配合单位（可多次）/ co-unit (repeatable)")
@click.option("--deadline", help="完成时限：2026-10-31、2026年10月底前、长期坚持 … / deadline")
@click.option("--frequency", type=click.Choice(FREQUENCIES), default="quarterly", show_default=True,
              help="报送频次 / reporting frequency")
@click.option("--start", help="开始日期 / start date (YYYY-MM-DD; default: today)")
@click.option("--milestone", "milestones", multiple=True, metavar="TITLE@YYYY-MM-DD", help="节点 / milestone")
@click.option("--indicator", "indicators", multiple=True, help="关联指标代码 / linked catalogue indicator id")
@click.option("--title", help="任务简称 / short title")
@as_option
@click.pass_context
@base.handle_errors
def task_add(ctx: click.Context, region: str, text: str, lead: tuple[str, ...], co: tuple[str, ...],
             deadline: str | None, frequency: str, start: str | None, milestones: tuple[str, ...],
             indicators: tuple[str, ...], title: str | None) -> None:
    """手工新建任务 / Create a task by hand."""
    from planscope.supervision.tasks import NewTask, create_task

    new = NewTask(region=region, text=text, lead=lead, co=co, deadline=deadline, frequency=frequency,
                  started_on=_day(start), title=title, milestones=_milestones(milestones), indicator_ids=indicators)
    db = base.open_db(ctx)
    who = acting(ctx, db)
    with db.session() as session:
        task = create_task(session, who, new)
        line = f"[green]✓[/green] 任务 task {task.id}（{task.region}，期限 {task.due or task.deadline_text or '—'}）"
    base.out.print(line)


@tasks.command(name="edit")
@click.argument("task_id", type=int)
@click.option("--frequency", type=click.Choice(FREQUENCIES), help="报送频次 / reporting frequency")
@click.option("--start", help="开始日期 / start date")
@click.option("--milestone", "milestones", multiple=True, metavar="TITLE@YYYY-MM-DD", help="增加节点 / add a milestone")
@click.option("--indicator", "indicators", multiple=True, help="关联指标（替换）/ linked indicators (replaced)")
@click.option("--version", type=int, help="读取时的版本，他人已改则拒绝 / the version you read: refused if changed")
@as_option
@click.pass_context
@base.handle_errors
def task_edit(ctx: click.Context, task_id: int, frequency: str | None, start: str | None,
              milestones: tuple[str, ...], indicators: tuple[str, ...], version: int | None) -> None:
    """修改任务的跟踪方式（频次、开始、节点、关联指标）；内容、期限与单位须经修订 / Change how a task is followed;
    its text, deadline and units change only through planscope revise task."""
    from planscope.supervision.tasks import change_task

    db = base.open_db(ctx)
    who = acting(ctx, db)
    with db.session() as session:
        task = change_task(session, who, task_id, version=version, frequency=frequency, started_on=_day(start),
                           add_milestones=_milestones(milestones), indicator_ids=indicators or None)
        line = f"[green]✓[/green] 任务 task {task.id}（第 {task.version} 版 / version {task.version}）"
    base.out.print(line)


def _task_table(title: str, rows: list[Any]) -> RichTable:
    t = RichTable(title=f"{title} ({len(rows)})")
    for name in ("id", "任务 task", "牵头 lead", "配合 co", "期限 deadline", "进度", "状态 status", "原因 why"):
        t.add_column(name, overflow="fold")
    for r in rows:
        style = status_words(r.status).style
        t.add_row(str(r.id), r.short, "、".join(r.lead), "、".join(r.co), r.deadline or "—",
                  f"{r.percent}%" if r.percent is not None else "—", f"[{style}]{r.status_zh}[/{style}]",
                  r.reasons[0].split(" / ")[0] if r.reasons else "")
    return t


@tasks.command(name="list")
@click.option("--region", help="地区（含下级）/ region and everything below it")
@click.option("--unit", help="单位（牵头或配合）/ a unit, leading or supporting")
@click.option("--status", type=click.Choice(STATUSES), help="只看该状态 / only this status")
@as_of_option
@click.option("--format", "fmt", type=click.Choice(["table", "json", "xlsx"]), default="table", show_default=True)
@base.output_option
@click.pass_context
@base.handle_errors
@base.output_file
def task_list(ctx: click.Context, region: str | None, unit: str | None, status: str | None, as_of: str | None,
              fmt: str, output: Path | None) -> None:
    """任务看板：按单位与状态 / The tasks board: every task with its status, and counts per lead unit."""
    from planscope.views.supervision import BOARD_COLUMNS, board_view

    with base.open_db(ctx).session() as session:
        view = board_view(session, region, _day(as_of), status, unit)
    records = [r.as_dict() for r in view.rows]
    if fmt == "json":
        base._emit(json.dumps(records, ensure_ascii=False, indent=2), output)
        return
    if fmt == "xlsx":
        base._write_records_xlsx([_flat(r) for r in records], BOARD_COLUMNS, output, "任务")
        return
    base.out.print(_task_table(f"任务 / tasks（截至 {view.as_of}）", view.rows))
    board = RichTable(title="看板 / board: 牵头单位 × 状态")
    board.add_column("牵头单位 lead unit")
    for s in STATUSES:
        board.add_column(status_words(s).zh, justify="right")
    for cell in view.board:
        board.add_row(cell.unit, *(str(cell.counts[s]) for s in STATUSES))
    base.out.print(board)


def _flat(record: dict[str, Any]) -> dict[str, Any]:
    return {k: "、".join(map(str, v)) if isinstance(v, list) else v for k, v in record.items()}


@tasks.command(name="show")
@click.argument("task_id", type=int)
@as_of_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_context
@base.handle_errors
def task_show(ctx: click.Context, task_id: int, as_of: str | None, fmt: str) -> None:
    """一项任务：内容、单位、节点、进展与修订 / One task: text, units, milestones, updates and revisions."""
    from planscope.views.supervision import task_detail

    with base.open_db(ctx).session() as session:
        detail = task_detail(session, task_id, _day(as_of))
    if fmt == "json":
        click.echo(json.dumps(detail, ensure_ascii=False, indent=2, default=str))
        return
    row = SimpleNamespace(**{k: v for k, v in detail.items() if k not in ("milestones", "updates", "revisions")})
    milestones, updates, revisions = detail["milestones"], detail["updates"], detail["revisions"]
    style = status_words(row.status).style
    base.out.print(f"[bold]任务 {row.id}[/bold] {row.region}  [{style}]{row.status_zh}[/{style}]  第 {row.version} 版")
    base.out.print(row.text)
    base.out.print(f"牵头 lead: {'、'.join(row.lead)}  配合 co: {'、'.join(row.co) or '—'}  期限 deadline: "
                   f"{row.deadline or '—'}（{row.due or '无日期 / no date'}）  报送 {row.frequency}")
    for why in row.reasons:
        base.out.print(f"  · {why}")
    for m in milestones:
        base.out.print(f"  节点 milestone: {m['title']} {m['due']}")
    for u in updates:
        mark = "" if not u["needs_confirmation"] else (f" 已确认 {u['confirmed_by']}" if u["confirmed_by"]
                                                       else " [yellow]待牵头单位确认[/yellow]")
        base.out.print(f"  {u['on']} {u['unit']} {u['percent'] if u['percent'] is not None else '—'}% "
                       f"{u['text']}{mark}" + (f"（滞后原因：{u['late_reason']}）" if u["late_reason"] else ""))
    for r in revisions:
        base.out.print(f"  修订 revision {r['id']} {r['effective']} {r['approved_by']}: {r['reason']} {r['before']} → "
                       f"{r['after']}")
    for note in row.notes:
        base.out.print(f"  [dim]{note}[/dim]")


@tasks.command(name="import")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--region", help="任务所在地区（默认：文件的地区）/ the tasks' region (default: the document's)")
@click.option("--frequency", type=click.Choice(FREQUENCIES), default="quarterly", show_default=True)
@click.option("--start", help="开始跟踪的日期（默认：文件日期，否则今天）/ follow from this day (default: the "
              "document's date, else today)")
@click.option("--lead", "default_lead", help="未写责任单位的任务（如规划的举措）由该单位牵头 / lead unit for tasks "
              "that name none (a plan's measures)")
@as_option
@click.pass_context
@base.handle_errors
def task_import(ctx: click.Context, source: Path, region: str | None, frequency: str, start: str | None,
                default_lead: str | None) -> None:
    """从文件导入任务：任务分工方案等文件，或 planscope tasks extract 的 JSON / Import tasks from a document (a
    任务分工方案, a plan) or from the JSON of planscope tasks extract; units assigned by the body catalogue."""
    from planscope.supervision.importing import import_tasks
    from planscope.supervision.sources import records_of

    found = records_of(source)
    place = region or found.region
    if not place:
        raise SupervisionError(f"{source.name}: 读不出地区，请用 --region 指定 / no region found: give --region")
    db = base.open_db(ctx)
    who = acting(ctx, db)
    with db.session() as session:
        report = import_tasks(session, who, found.records, place, (_stored_id(session, found.checksum), source.name),
                              frequency, _day(start) or found.date, default_lead)
    base.out.print(f"[green]✓[/green] 导入 {len(report.created)} 项任务 / tasks imported"
                   + (f"，已有 {len(report.existing)} 项 / already there" if report.existing else ""))
    for line in [*report.skipped, *report.notes]:
        base.out.print(f"  · {line}")


def _stored_id(session: Any, checksum: str | None) -> int | None:
    from sqlalchemy import select

    from planscope.store import Document

    return session.scalar(select(Document.id).where(Document.checksum == checksum)) if checksum else None


@tasks.command(name="update")
@click.argument("task_id", type=int)
@click.option("--unit", required=True, help="报送单位 / the reporting unit")
@click.option("--text", required=True, help="进展说明 / what was done")
@click.option("--on", "on", help="报送日期（默认今天）/ date of the update (default: today)")
@click.option("--percent", type=int, help="完成比例 0–100 / percent done")
@click.option("--milestone", help="达成的节点（标题或序号）/ milestone reached (title or number)")
@click.option("--reason", help="滞后原因（任务因此滞后时必填）/ the reason, required when the task is late")
@click.option("--attach", type=click.Path(path_type=Path), help="附件 / an attachment")
@click.option("--version", type=int, help="读取时的版本，他人已改则拒绝 / the version you read: refused if changed")
@as_option
@click.pass_context
@base.handle_errors
def task_update(ctx: click.Context, task_id: int, unit: str, text: str, on: str | None, percent: int | None,
                milestone: str | None, reason: str | None, attach: Path | None, version: int | None) -> None:
    """报送任务进展 / File a progress update for a task."""
    from planscope.supervision.tasks import status_of
    from planscope.supervision.updates import NewUpdate, add_update

    day = _day(on) or date.today()
    new = NewUpdate(task_id, unit, day, text, percent, milestone, reason, attach, version)
    db = base.open_db(ctx)
    who = acting(ctx, db)
    with db.session() as session:
        update = add_update(session, who, new)
        st = status_of(update.task, day)
        line = (f"[green]✓[/green] 进展 update {update.id}（任务 {task_id}：{status_words(st.status).zh}"
                + ("，待牵头单位确认 / waits for the lead unit" if update.needs_confirmation else "") + "）")
    base.out.print(line)


@tasks.command(name="confirm")
@click.argument("update_id", type=int)
@as_option
@click.pass_context
@base.handle_errors
def task_confirm(ctx: click.Context, update_id: int) -> None:
    """牵头单位确认配合单位的进展 / The lead unit confirms a co-unit's update."""
    from planscope.supervision.updates import confirm_update

    db = base.open_db(ctx)
    who = acting(ctx, db)
    with db.session() as session:
        u = confirm_update(session, who, update_id)
        line = f"[green]✓[/green] 已确认 / confirmed: 进展 {u.id}（任务 {u.task_id}）"
    base.out.print(line)


def _due_table(rows: list[Any]) -> RichTable:
    t = RichTable(title=f"到期与逾期 / due and overdue ({len(rows)})")
    for name in ("单位 unit", "任务 task", "事项 what", "日期 due", "剩余天数 days", "状态 status"):
        t.add_column(name, overflow="fold")
    for d in rows:
        days = f"[red]逾期 {-d.days}[/red]" if d.days < 0 else str(d.days)
        t.add_row(d.unit, f"{d.task.id} {d.task.short}", d.what, d.due, days, d.task.status_zh)
    return t


@tasks.command(name="due")
@click.option("--within", default=30, show_default=True, help="天数 / days ahead")
@click.option("--region", help="地区（含下级）/ region and everything below it")
@click.option("--unit", help="只看该单位的提醒 / one unit's reminders")
@as_of_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_context
@base.handle_errors
def task_due(ctx: click.Context, within: int, region: str | None, unit: str | None, as_of: str | None,
             fmt: str) -> None:
    """到期与逾期事项，按单位提醒 / What falls due within N days or is overdue: a reminder list per unit."""
    from planscope.views.supervision import due_record, due_view

    with base.open_db(ctx).session() as session:
        rows = due_view(session, within, region, _day(as_of))
    if unit:
        rows = [d for d in rows if d.unit == unit]
    if fmt == "json":
        click.echo(json.dumps([due_record(d) for d in rows], ensure_ascii=False, indent=2))
        return
    base.out.print(_due_table(rows))


@tasks.command(name="bulletin")
@click.option("--period", required=True, help="期间 / period: 2026-Q1, 2026-03, 2026-H1, 2026")
@click.option("--region", required=True, help="地区 / region")
@click.option("--format", "fmt", type=click.Choice(["docx", "xlsx", "pdf"]), default="docx", show_default=True)
@click.option("--output", "-o", required=True, type=click.Path(path_type=Path), help="输出文件 / file to write")
@click.option("--issuer", help="发文机关 / issuing body")
@click.option("--number", help="发文字号 / document number, e.g. 示发改督〔2026〕1号")
@click.option("--title", help="标题 / title")
@click.option("--date", "signed", help="成文日期（默认今天）/ date of issue (default: today)")
@click.pass_context
@base.handle_errors
def task_bulletin(ctx: click.Context, period: str, region: str, fmt: str, output: Path, issuer: str | None,
                  number: str | None, title: str | None, signed: str | None) -> None:
    """定期通报：公文格式 docx（或 pdf）与全部任务的 xlsx / The periodic bulletin: an official-style docx (or
    pdf) and the xlsx of every task."""
    from planscope.export import check_output
    from planscope.reports.bulletin import heading, write_bulletin_docx, write_bulletin_xlsx
    from planscope.supervision.periods import parse_period
    from planscope.views.supervision import bulletin_view

    check_output(output)
    p = parse_period(period)
    with base.open_db(ctx).session() as session:
        view = bulletin_view(session, p, region)
    seq = int(p.text[-1]) if p.text[-2:-1] in ("Q", "H") else 1
    head = heading(view, issuer, number, title, _day(signed), seq)
    if fmt == "xlsx":
        write_bulletin_xlsx(view, output)
    elif fmt == "docx":
        write_bulletin_docx(view, head, output)
    else:
        _bulletin_pdf(view, head, output)
    base.out.print(f"已写入 / written: {output}（{len(view.rows)} 项任务，滞后 {len(view.late)} 项）")


def _bulletin_pdf(view: Any, head: Any, output: Path) -> None:
    import tempfile

    from planscope.reports.bulletin import write_bulletin_docx
    from planscope.reports.convert import docx_to_pdf

    with tempfile.TemporaryDirectory() as tmp:
        docx = Path(tmp) / (output.stem + ".docx")
        write_bulletin_docx(view, head, docx)
        docx_to_pdf(docx, output)


# ---------------------------------------------------------------- assessment and revisions


@click.command(name="assess")
@click.option("--year", type=int, required=True, help="考核年度 / the year assessed")
@click.option("--region", help="地区（含下级）/ region and everything below it")
@as_of_option
@click.option("--format", "fmt", type=click.Choice(["table", "json", "xlsx"]), default="table", show_default=True)
@base.output_option
@click.pass_context
@base.handle_errors
@base.output_file
def assess_command(ctx: click.Context, year: int, region: str | None, as_of: str | None, fmt: str,
                   output: Path | None) -> None:
    """考核：按公布的公式给各地区、各单位打分，附构成 / Assessment: scores per region and unit from the published
    formula (data/scoring.toml), each with its breakdown."""
    from planscope.supervision.assessment import ASSESS_COLUMNS, assess

    with base.open_db(ctx).session() as session:
        rows = assess(session, year, region, _day(as_of))
    if fmt == "json":
        base._emit(json.dumps([r.as_dict() for r in rows], ensure_ascii=False, indent=2), output)
        return
    if fmt == "xlsx":
        from planscope.export import workbook_xlsx

        parts = [{"name": r.name, "scope": r.scope, **c.as_dict()} for r in rows for c in r.components]
        workbook_xlsx([("考核 scores", [r.flat() for r in rows], ASSESS_COLUMNS),
                       ("构成 breakdown", parts, ("name", "scope", "id", "zh", "weight", "effective_weight", "score",
                                                  "n", "detail"))], output or Path("考核.xlsx"))
        return
    t = RichTable(title=f"{year} 年度考核 / assessment")
    from planscope.supervision.rules import formula

    for name in ("对象 who", "得分 score", *(c.zh for c in formula().components.values()), "说明 note"):
        t.add_column(name, overflow="fold")
    for r in rows:
        parts_text = [f"{c.score:g}（{c.n}）" if c.score is not None else "—" for c in r.components]
        t.add_row(("" if r.scope == "region" else "  ") + r.name, "—" if r.score is None else f"{r.score:g}",
                  *parts_text, r.note)
    base.out.print(t)


@click.group(name="revise")
def revise() -> None:
    """调整修订：目标与任务只能经修订改变 / Revisions: targets and tasks change only through one."""


def revision_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    for option in reversed((
        click.option("--reason", required=True, help="修订理由 / the reason"),
        click.option("--approved-by", "approved_by", required=True, help="批准文件（文号或标题）/ approving document"),
        click.option("--effective", required=True, help="施行日期 / effective date (YYYY-MM-DD)"),
    )):
        fn = option(fn)
    return fn


@revise.command(name="task")
@click.argument("task_id", type=int)
@click.option("--text", help="新的任务内容 / new text")
@click.option("--deadline", help="新的完成时限 / new deadline")
@click.option("--lead", multiple=True, help="新的牵头单位（替换）/ new lead units (replace)")
@click.option("--co", multiple=True, help="新的配合单位（替换）/ new co-units (replace)")
@click.option("--version", type=int, help="读取时的版本 / the version you read")
@revision_options
@as_option
@click.pass_context
@base.handle_errors
def revise_task_command(ctx: click.Context, task_id: int, text: str | None, deadline: str | None,
                        lead: tuple[str, ...], co: tuple[str, ...], version: int | None, reason: str,
                        approved_by: str, effective: str) -> None:
    """修订任务的内容、期限或单位 / Revise a task's text, deadline or units."""
    from planscope.supervision.periods import parse_day
    from planscope.supervision.revisions import TaskChange, revise_task

    change = TaskChange(text, deadline, lead or None, co or None)
    db = base.open_db(ctx)
    who = acting(ctx, db)
    with db.session() as session:
        rev = revise_task(session, who, task_id, change, reason, approved_by, parse_day(effective), version)
        line = f"[green]✓[/green] 修订 revision {rev.id}: 任务 {task_id} {rev.before} → {rev.after}"
    base.out.print(line)


@revise.command(name="target")
@click.option("--region", required=True, help="地区 / region")
@click.option("--indicator", required=True, help="指标名称或代码 / indicator name or id")
@click.option("--year", type=int, required=True, help="目标年份 / target year")
@click.option("--value", type=float, required=True, help="新目标值（按规划的单位）/ new value, in the plan's unit")
@revision_options
@as_option
@click.pass_context
@base.handle_errors
def revise_target_command(ctx: click.Context, region: str, indicator: str, year: int, value: float, reason: str,
                          approved_by: str, effective: str) -> None:
    """修订目标值：自施行日起进展按新值评估 / Revise a target's value: progress uses it from the effective date."""
    from planscope.supervision.periods import parse_day
    from planscope.supervision.revisions import revise_target

    db = base.open_db(ctx)
    who = acting(ctx, db)
    with db.session() as session:
        rev = revise_target(session, who, region, indicator, year, value, reason, approved_by, parse_day(effective))
        line = f"[green]✓[/green] 修订 revision {rev.id}: {rev.object_key} {rev.before['value']} → {rev.after['value']}"
    base.out.print(line)


@revise.command(name="history")
@click.option("--task", "task_id", type=int, help="任务 id / a task")
@click.option("--target", "target", metavar="REGION:INDICATOR:YEAR", help="目标 / a target, e.g. 示例市:gdp:2025")
@click.pass_context
@base.handle_errors
def revise_history(ctx: click.Context, task_id: int | None, target: str | None) -> None:
    """一项目标或任务的修订历史 / The revisions of a target or a task, in order."""
    from planscope.supervision.revisions import history, revision_record, target_key
    from planscope.supervision.units import region_of

    if (task_id is None) == (target is None):
        raise SupervisionError("请给 --task 或 --target 之一 / give --task or --target")
    if target:
        region, _, rest = target.partition(":")
        indicator, _, year = rest.partition(":")
        kind, key = "target", target_key(region_of(region).code, indicator, int(year) if year.isdigit() else None)
    else:
        kind, key = "task", str(task_id)
    with base.open_db(ctx).session() as session:
        records = [revision_record(r) for r in history(session, kind, key)]
    if not records:
        base.out.print(f"{key}: 没有修订 / no revisions")
    else:
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))


COMMANDS: tuple[click.Command, ...] = (assess_command, revise)  # the tasks commands above join the tasks group

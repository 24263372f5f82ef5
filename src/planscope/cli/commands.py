"""The ``planscope`` command: a thin layer over ``planscope.library``.

Each command parses its options, calls one library function and prints the result;
domain errors become a one-line message and a non-zero exit status.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable, Sequence
from functools import wraps
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table as RichTable

from planscope import __version__
from planscope.accounts.roles import Actor
from planscope.alignment.store import AlignmentView
from planscope.cli.acting import AS_KEY, acting, as_option
from planscope.cli.interrupts import EXIT_INTERRUPTED, InterruptGuard
from planscope.cli.terminal import (
    align_table,
    chains_table,
    completion_table,
    coverage_tables,
    docs_table,
    facts_table,
    implied_text,
    outcome_line,
    outline_rich,
    progress_summary,
    progress_table,
    records_table,
    relation_summary,
    rich_table,
    targets_table,
)
from planscope.errors import OverrideError, PlanscopeError, StoreError
from planscope.export import records_csv, tables_csv
from planscope.library import (
    IngestOutcome,
    TargetFilter,
    expand_paths,
    ingest_paths,
)
from planscope.store import Database
from planscope.views import (
    ACTUAL_COLUMNS,
    PROGRESS_COLUMNS,
    TARGET_COLUMNS,
    completion_view,
    docs_view,
    document_view,
    progress_view,
    targets_view,
)
from planscope.views.alignment import (
    ALIGN_COLUMNS,
    COVERAGE_COLUMNS,
    IMPLIED_COLUMNS,
    STATS_COLUMNS,
    alignment_sheets,
    alignment_view,
    flat_comparison,
    flat_coverage,
    flat_implied,
    worth_showing,
)

# Output piped to a file or another program is not squeezed to 80 columns.
_WIDTH = None if sys.stdout.isatty() else 160
out = Console(highlight=False, soft_wrap=True, width=_WIDTH)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def handle_errors(fn: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except PlanscopeError as e:
            err.print(f"[red]错误 / error:[/red] {e}")
            sys.exit(1)

    return wrapper


OUTPUT_HELP = ("输出文件（xlsx 必填；表格格式写入纯文本）/ file to write (required for xlsx; the table format "
               "writes plain text)")


def output_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--output", "-o", type=click.Path(path_type=Path), help=OUTPUT_HELP)(fn)


def output_file(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Every command's ``-o/--output`` (under ``handle_errors``): a path that cannot be
    written fails before any work, in one line naming the file and the reason
    (``export.check_output``); with the terminal format (``table``) the file gets what the
    terminal would show, as plain text.  The other formats write through ``_emit`` and the
    xlsx writers, which all go through ``export.write_output`` (whole file or none)."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        global out
        output = kwargs.get("output")
        if output is None:
            return fn(*args, **kwargs)
        from planscope.export import check_output, write_text

        check_output(output)
        if kwargs.get("fmt", "table") != "table":
            return fn(*args, **kwargs)
        buf, terminal = io.StringIO(), out
        out = Console(file=buf, highlight=False, soft_wrap=True, width=160)
        try:
            result = fn(*args, **kwargs)
        finally:
            out = terminal
        write_text(output, buf.getvalue())
        out.print(f"已写入 / written: {output}")
        return result

    return wrapper


def open_db(ctx: click.Context) -> Database:
    db: Database | None = ctx.obj.get("db_instance")
    if db is None:
        db = Database(ctx.obj.get("db"))
        ctx.obj["db_instance"] = db
        ctx.find_root().call_on_close(db.dispose)  # no connection outlives the command
    return db


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", envvar="PLANSCOPE_DB", metavar="URL",
              help="数据库 URL（默认：用户数据目录中的 SQLite 文件）/ SQLAlchemy URL of the "
                   "library: sqlite:///path or postgresql://…; default: a SQLite file in your data folder.")
@click.version_option(__version__, prog_name="planscope")
@click.pass_context
def main(ctx: click.Context, db: str | None) -> None:
    """planscope：规划文件库、指标监测与上下衔接 / plan library, monitoring and alignment."""
    ctx.ensure_object(dict)
    ctx.obj["db"] = db


# ---------------------------------------------------------------- ingest


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--region", help="行政区（名称或代码）/ region name or GB/T 2260 code, e.g. 昆山市 or 320583")
@click.option("--type", "doc_type", help="文件类型 / document type: outline, proposal, opinion, decision, "
              "special_plan, bulletin, work_report, plan, other")
@click.option("--period", help="规划期 / plan period: 十四五, 15, or 2021-2025")
@click.option("--date", help="通过或发布日期 / adoption or publication date, YYYY-MM-DD")
@click.option("--title", help="标题 / title")
@click.option("--issuer", help="发文机关 / issuing body")
@click.option("--level", type=click.Choice(["national", "province", "city", "county"]),
              help="层级 / administrative level")
@click.option("--max-size", default=200.0, type=click.FloatRange(min=0, min_open=True), show_default=True, metavar="MB",
              help="单个文件大小上限 / largest file to read, in MB")
@as_option
@click.pass_context
@handle_errors
def ingest(ctx: click.Context, paths: tuple[Path, ...], region: str | None, doc_type: str | None,
           period: str | None, date: str | None, title: str | None, issuer: str | None,
           level: str | None, max_size: float) -> None:
    """读入规划文件（文件或文件夹） / Ingest plan documents (files and folders) into the library."""
    given = {"region": region, "type": doc_type, "period": period, "date": date,
             "title": title, "issuer": issuer, "level": level}
    overrides = {k: v for k, v in given.items() if v}
    outcomes: list[IngestOutcome] = []
    with InterruptGuard(on_first=lambda: err.print(STOPPING)) as guard:
        try:
            db = open_db(ctx)
            run_ingest(db, list(expand_paths(paths)), overrides, int(max_size * 2**20), outcomes,
                       lambda: guard.requested, acting(ctx, db))
        except KeyboardInterrupt:  # a second Ctrl-C: the current file was rolled back
            guard.requested = True
    failed = [o for o in outcomes if not o.ok]
    ok = len(outcomes) - len(failed)
    if guard.requested:
        out.print(f"[yellow]已入库 {ok} 个，中断 / {ok} ingested, interrupted[/yellow]")
        sys.exit(EXIT_INTERRUPTED)
    colour = "red" if failed else "green"
    out.print(f"[{colour}]入库 {ok} 个，失败 {len(failed)} 个 / {ok} ingested, {len(failed)} failed[/{colour}]")
    if failed:
        sys.exit(1)


STOPPING = ("[yellow]中断：当前文件完成后停止（再按一次立即停止）/ interrupted: stopping after the current file "
            "(press Ctrl-C again to stop now)[/yellow]")


def run_ingest(db: Database, files: list[Path], overrides: dict[str, str], max_bytes: int,
               outcomes: list[IngestOutcome], should_stop: Callable[[], bool], actor: Actor | None = None) -> None:
    """Ingest with a progress bar; ``outcomes`` gets each file's outcome as it is done."""
    columns = (TextColumn("[progress.description]{task.description}"), BarColumn(),
               MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=True, disable=not err.is_terminal) as progress:
        task = progress.add_task("读入 / ingesting", total=len(files))

        def done(outcome: IngestOutcome) -> None:
            outcomes.append(outcome)
            progress.advance(task)
            out.print(outcome_line(outcome))

        ingest_paths(db, files, overrides, on_done=done, max_bytes=max_bytes, should_stop=should_stop, actor=actor)
        if outcomes and outcomes[-1].fatal and len(outcomes) < len(files):
            left = len(files) - len(outcomes)
            out.print(f"[red]数据库出错，其余 {left} 个文件未处理 / database error: {left} files not attempted[/red]")


# ---------------------------------------------------------------- backup / restore


def _library_url(ctx: click.Context) -> str:
    from planscope.store.db import _normalise_url, default_url

    return _normalise_url(ctx.obj.get("db") or default_url())


def _confirm_replace(path: Path, what: str, yes: bool) -> None:
    """Replace an existing file only with --yes, or when the person at the terminal agrees."""
    if yes or not path.exists() or path.stat().st_size == 0:
        return
    if sys.stdin.isatty() and click.confirm(f"{what} {path} 已存在，替换？/ exists: replace it?", err=True):
        return
    raise OverrideError(f"{path}: 已存在，加 --yes 替换 / exists: add --yes to replace it")


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--yes", "-y", is_flag=True, help="替换已有的备份文件 / replace an existing file")
@click.pass_context
@handle_errors
def backup(ctx: click.Context, file: Path, yes: bool) -> None:
    """备份 SQLite 库（使用中也可以） / Back up the SQLite library, safely while it is in use."""
    from planscope.store.backup import backup as backup_library
    from planscope.store.backup import pg_advice
    from planscope.store.db import sqlite_path

    url = _library_url(ctx)
    if sqlite_path(url) is None:
        raise StoreError(pg_advice(url, file, restore=False))
    _confirm_replace(file, "备份文件 / backup", yes)
    s = backup_library(open_db(ctx), file)
    out.print(f"[green]已备份 / backed up[/green] → {s.path}: {s.documents} 个文件 documents, "
              f"{s.observations} 个实际值 observations (schema {s.revision})")


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--yes", "-y", is_flag=True, help="不询问，直接替换当前库 / replace the library without asking")
@click.pass_context
@handle_errors
def restore(ctx: click.Context, file: Path, yes: bool) -> None:
    """用备份替换 SQLite 库（旧库会升级） / Replace the SQLite library with a backup (an older one is migrated)."""
    from planscope.store.backup import inspect_library, pg_advice
    from planscope.store.backup import restore as restore_library
    from planscope.store.db import sqlite_path

    url = _library_url(ctx)
    path = sqlite_path(url)
    if path is None:
        raise StoreError(pg_advice(url, file, restore=True))
    inspect_library(file)  # a bad backup is refused before anyone is asked anything
    _confirm_replace(path, "库 / library", yes)
    s = restore_library(url, file)
    out.print(f"[green]已恢复 / restored[/green] {file} → {s.path}: {s.documents} 个文件 documents, "
              f"{s.observations} 个实际值 observations (schema {s.revision})")


# ---------------------------------------------------------------- docs / show / tables


@main.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_context
@handle_errors
def docs(ctx: click.Context, fmt: str) -> None:
    """列出已入库文件 / List the documents in the library."""
    with open_db(ctx).session() as session:
        rows = docs_view(session)
    if fmt == "json":
        click.echo(json.dumps([r.as_dict() for r in rows], ensure_ascii=False, indent=2))
        return
    out.print(docs_table(rows))


@main.command()
@click.argument("doc")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_context
@handle_errors
def show(ctx: click.Context, doc: str, fmt: str) -> None:
    """显示文件要素与目录结构 / Show a document's facts and outline (DOC: id or file name)."""
    with open_db(ctx).session() as session:
        view = document_view(session, doc)
    if fmt == "json":
        click.echo(json.dumps(view.as_dict(), ensure_ascii=False, indent=2))
        return
    out.print(facts_table(view))
    out.print(outline_rich(view))


@main.command()
@click.argument("doc")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "xlsx"]), default="table",
              show_default=True)
@output_option
@click.pass_context
@handle_errors
@output_file
def tables(ctx: click.Context, doc: str, fmt: str, output: Path | None) -> None:
    """显示重建的表格 / Show a document's rebuilt tables."""
    with open_db(ctx).session() as session:
        tables = document_view(session, doc).tables
    records = [t.as_dict() for t in tables]
    if fmt == "json":
        _emit(json.dumps(records, ensure_ascii=False, indent=2), output)
    elif fmt == "csv":
        _emit(tables_csv(records), output)
    elif fmt == "xlsx":
        if output is None:
            raise click.UsageError("--format xlsx 需要 --output 文件名 / needs --output FILE")
        from planscope.export import tables_xlsx

        tables_xlsx(records, output)
        out.print(f"已写入 / written: {output}")
    else:
        if not records:
            out.print("该文件没有识别出表格 / no tables found in this document")
        for table in tables:
            out.print(rich_table(table))


def print_records(records: list[dict[str, Any]], fmt: str, title: str, columns: tuple[str, ...],
                  row: Callable[[dict[str, Any]], Sequence[str]]) -> None:
    """A list command's output: the records as JSON (``--format json``), else their table."""
    if fmt == "json":
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
    else:
        out.print(records_table(title, columns, records, row))


def _emit(text: str, output: Path | None) -> None:
    if output:
        from planscope.export import write_text

        write_text(output, text)
        out.print(f"已写入 / written: {output}")
    else:
        click.echo(text, nl=bool(text) and not text.endswith("\n"))


# ---------------------------------------------------------------- targets


def target_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    options: list[Callable[[Callable[..., Any]], Callable[..., Any]]] = [
        click.option("--doc", help="文件 id 或文件名 / a document id or file name"),
        click.option("--region", help="地区名称或代码 / region name or code"),
        click.option("--year", type=int, help="年份 / year"),
        click.option("--indicator", help="指标 id 或名称片段 / indicator id or part of its name"),
        click.option("--format", "fmt", type=click.Choice(["table", "csv", "jsonl", "xlsx"]), default="table",
                     show_default=True),
        output_option,
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


@main.command()
@target_options
@click.pass_context
@handle_errors
@output_file
def targets(ctx: click.Context, doc: str | None, region: str | None, year: int | None, indicator: str | None,
            fmt: str, output: Path | None) -> None:
    """列出规划目标（含原文位置） / List quantitative targets with their source spans."""
    _print_targets(ctx, TargetFilter(doc, region, year, indicator, actuals=False), fmt, output, TARGET_COLUMNS)


@main.command()
@target_options
@click.pass_context
@handle_errors
@output_file
def actuals(ctx: click.Context, doc: str | None, region: str | None, year: int | None, indicator: str | None,
            fmt: str, output: Path | None) -> None:
    """列出文件报告的历年实际值 / List the past values documents report (reported actuals)."""
    _print_targets(ctx, TargetFilter(doc, region, year, indicator, actuals=True), fmt, output, ACTUAL_COLUMNS)


def _print_targets(ctx: click.Context, f: TargetFilter, fmt: str, output: Path | None,
                   columns: tuple[str, ...]) -> None:
    with open_db(ctx).session() as session:
        view = targets_view(session, f)
    records = [r.as_dict() for r in view.records]
    if fmt == "jsonl":
        _emit("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), output)
    elif fmt == "csv":
        _emit(records_csv(records, view.columns), output)
    elif fmt == "xlsx":
        _write_records_xlsx(records, view.columns, output, "目标" if not f.actuals else "实际值")
    else:
        out.print(targets_table(view))


def _write_records_xlsx(records: list[dict[str, Any]], columns: tuple[str, ...], output: Path | None,
                        sheet: str) -> None:
    if output is None:
        raise click.UsageError("--format xlsx 需要 --output 文件名 / needs --output FILE")
    from planscope.export import records_xlsx

    records_xlsx(records, columns, output, sheet)
    out.print(f"已写入 {len(records)} 条 / {len(records)} rows written: {output}")


@main.command(name="eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--what", type=click.Choice(["targets", "actuals"]), default="targets", show_default=True)
@click.option("--corpus", type=click.Path(file_okay=False, path_type=Path),
              help="标注文件对应的文件夹（默认：与 GOLD 同级的同名文件夹）/ folder of the annotated documents "
                   "(default: the folder named by the annotation's corpus field, beside GOLD's folder)")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@output_option
@handle_errors
@output_file
def evaluate(gold: Path, what: str, corpus: Path | None, fmt: str, output: Path | None) -> None:
    """按人工标注评估抽取质量 / Score extraction against a hand-annotated file (precision, recall, F1)."""
    from planscope.views.evaluation import evaluation_view

    def missing(name: str, folder: Path) -> None:  # scored as all missed: say why
        err.print(f"[yellow]注意 / note:[/yellow] {name}: 在 {folder} 中找不到，按全部漏报计 / "
                  f"not found in {folder}, scored as all missed")

    view = evaluation_view(gold, what, corpus, missing)
    if fmt == "json":
        _emit(json.dumps(view.as_dict(), ensure_ascii=False, indent=2), output)
    else:
        _emit(view.report.render_text(), output)


@main.command(name="check-data")
@click.argument("folder", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path))
def check_data(folder: Path | None) -> None:
    """检查数据文件 / Check the data files (units, phrases, catalogue …) against their schemas.

    Without FOLDER, the package's own files; with FOLDER, the edited copies in it (files it
    lacks are taken from the package).  One line per problem; exit status 1 if there is any.
    """
    from planscope.datafiles import problems

    found = problems(folder)
    for line in found:
        click.echo(line)
    if found:
        err.print(f"[red]数据文件有 {len(found)} 处问题 / {len(found)} problem(s) in the data files[/red]")
        sys.exit(1)
    click.echo("数据文件无误 / data files are valid")


# ---------------------------------------------------------------- observations


@main.group()
def observe() -> None:
    """实际值：导入、录入、查询 / Actual values: import, enter, list, history."""


@observe.command(name="import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--all-or-nothing", is_flag=True, help="有任一行被拒则全部不导入 / import nothing if any row is rejected")
@as_option
@click.pass_context
@handle_errors
def observe_import(ctx: click.Context, file: Path, all_or_nothing: bool) -> None:
    """导入统计部门填报的 CSV/XLSX / Import a CSV or XLSX of values (the template's columns)."""
    from planscope.monitoring.observations import import_file

    with InterruptGuard(immediate=True) as guard:
        try:
            db = open_db(ctx)
            actor = acting(ctx, db)
            with db.session() as session:
                report = import_file(session, file, all_or_nothing, actor)
                guard.defer()  # the commit completes even if Ctrl-C comes now
        except KeyboardInterrupt:
            out.print(f"[yellow]{file.name}: 已导入 0 行，中断，已撤销 / 0 rows imported, interrupted (rolled back)"
                      "[/yellow]")
            sys.exit(EXIT_INTERRUPTED)
    if report.already is not None:
        when = report.already.strftime("%Y-%m-%d %H:%M")
        out.print(f"[yellow]{file.name}: 已导入（{when}），未重复导入 / already imported on {when}: "
                  "nothing stored again[/yellow]")
        return
    for note in report.notes:
        out.print(f"[yellow]注意 / note:[/yellow] {file.name} {note}")
    for r in report.rejected:
        out.print(f"[red]✗[/red] {file.name} {r.where}: {r.reason}")
    if not report.stored:
        out.print(f"[red]未导入：{len(report.rejected)} 行被拒，--all-or-nothing / nothing imported: "
                  f"{len(report.rejected)} rows rejected[/red]")
        sys.exit(1)
    colour = "yellow" if report.rejected else "green"
    out.print(f"[{colour}]导入 {report.imported} 行，拒绝 {len(report.rejected)} 行，空行 {report.skipped} / "
              f"{report.imported} rows imported, {len(report.rejected)} rejected, {report.skipped} empty[/{colour}]")
    if guard.requested:
        out.print(f"[yellow]已导入 {report.imported} 行，中断 / {report.imported} rows imported, interrupted[/yellow]")
        sys.exit(EXIT_INTERRUPTED)
    if report.rejected:
        sys.exit(1)


@observe.command(name="add")
@click.option("--region", required=True, help="地区 / region")
@click.option("--indicator", required=True, help="指标名称或代码 / indicator name or id")
@click.option("--year", required=True, type=int)
@click.option("--value", required=True, help="数值 / value as written")
@click.option("--unit", help="单位（默认：指标目录的单位）/ unit (default: the catalogue's)")
@click.option("--by", "by", required=True, help="录入人 / who enters it")
@as_option
@click.pass_context
@handle_errors
def observe_add(ctx: click.Context, region: str, indicator: str, year: int, value: str, unit: str | None,
                by: str) -> None:
    """录入一个实际值 / Enter one value, recorded with who entered it."""
    from planscope.monitoring.observations import add_observation

    if ctx.meta.get(AS_KEY):  # a user's entry: pending review when the user is a reporter
        from planscope.cli.review import enter_one

        enter_one(ctx, {"region": region, "indicator": indicator, "year": year, "value": value, "unit": unit,
                        "source": by})
        return
    try:
        with open_db(ctx).session() as session:
            row = add_observation(session, region, indicator, year, value, unit, by)
            out.print(f"[green]✓[/green] {row.region} {row.indicator_id} {row.year} = {row.value}{row.unit or ''}")
    except ValueError as e:
        raise OverrideError(str(e)) from e


@observe.command(name="list")
@click.option("--region")
@click.option("--indicator")
@click.option("--year", type=int)
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "jsonl"]), default="table", show_default=True)
@output_option
@click.pass_context
@handle_errors
@output_file
def observe_list(ctx: click.Context, region: str | None, indicator: str | None, year: int | None, fmt: str,
                 output: Path | None) -> None:
    """列出实际值（最新版本）/ List the values held (the newest vintage of each)."""
    from planscope.monitoring.observations import list_observations

    with open_db(ctx).session() as session:
        records = list_observations(session, region, indicator, year, history=False)
    _print_observations(records, fmt, output)


@observe.command(name="history")
@click.argument("region")
@click.argument("indicator")
@click.pass_context
@handle_errors
def observe_history(ctx: click.Context, region: str, indicator: str) -> None:
    """一个地区一个指标的全部版本 / Every vintage of one region's indicator."""
    from planscope.monitoring.observations import list_observations

    with open_db(ctx).session() as session:
        records = list_observations(session, region, indicator)
    _print_observations(records, "table", None)


def _print_observations(records: list[dict[str, Any]], fmt: str, output: Path | None) -> None:
    if fmt == "jsonl":
        _emit("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), output)
        return
    columns = ("region", "indicator", "indicator_id", "year", "value", "unit", "value_normalized", "kind",
               "source_type", "file", "cell", "source", "recorded_at", "quote")
    if fmt == "csv":
        _emit(records_csv(records, columns), output)
        return
    t = RichTable(title=f"实际值 / observations ({len(records)})")
    for name in ("地区", "指标", "年份 year", "值 value", "来源 source", "位置 where", "时间 recorded"):
        t.add_column(name, overflow="fold")
    for r in records:
        where = r["cell"] or (f"{r['start']}–{r['end']}" if r["start"] is not None else "")
        t.add_row(r["region"] or "", f"{r['indicator']} [dim]{r['indicator_id']}[/dim]", str(r["year"]),
                  f"{r['value']}{r['unit'] or ''}", f"{r['source_type']}: {r['file'] or r['source'] or ''}",
                  where, str(r["recorded_at"]))
    out.print(t)


@main.command()
@click.argument("region")
@click.option("--output", "-o", type=click.Path(path_type=Path), help="输出文件 / file to write")
@click.pass_context
@handle_errors
def template(ctx: click.Context, region: str, output: Path | None) -> None:
    """生成指标填报模板 XLSX / Write the XLSX template a statistics bureau fills in for REGION."""
    from planscope.export import check_output
    from planscope.monitoring.observations import write_template

    path = output or Path(f"指标填报模板_{region}.xlsx")
    check_output(path)
    with open_db(ctx).session() as session:
        rows = write_template(session, region, path)
    out.print(f"已写入 {rows} 行 / {rows} rows written: {path}")


@main.command()
@click.argument("doc")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@output_option
@click.pass_context
@handle_errors
@output_file
def completion(ctx: click.Context, doc: str, fmt: str, output: Path | None) -> None:
    """上一规划指标完成情况表逐项评估 / Judge a document's completion table (previous plan's targets vs results)."""
    with open_db(ctx).session() as session:
        view = completion_view(session, doc)
    if fmt == "json":
        _emit(json.dumps([r.as_dict() for r in view.rows], ensure_ascii=False, indent=2), output)
        return
    if not view.rows:
        out.print("该文件没有规划指标完成情况表 / no completion table in this document")
        return
    out.print(completion_table(view))


# ---------------------------------------------------------------- progress

@main.command()
@click.option("--region", help="地区名称或代码 / region name or code")
@click.option("--year", type=int, help="评估截至年份 / assess as of this year")
@click.option("--original", is_flag=True, help="按规划原值比较，不用调整修订后的值 / compare with the plan's "
              "original values, not revised ones")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "xlsx", "json"]), default="table",
              show_default=True)
@output_option
@click.pass_context
@handle_errors
@output_file
def progress(ctx: click.Context, region: str | None, year: int | None, original: bool, fmt: str,
             output: Path | None) -> None:
    """目标进展与预警（约束性指标偏离优先） / Progress of every target, binding warnings first."""
    with open_db(ctx).session() as session:
        view = progress_view(session, region, year, original=original)
    records = [r.as_dict() for r in view.records]
    if fmt == "json":
        _emit(json.dumps(records, ensure_ascii=False, indent=2), output)
    elif fmt in ("csv", "xlsx"):
        if fmt == "xlsx":
            _write_records_xlsx(records, PROGRESS_COLUMNS, output, "目标进展")
        else:
            _emit(records_csv(records, PROGRESS_COLUMNS), output)
    else:
        out.print(progress_table(view))
        out.print(progress_summary(view))


# ---------------------------------------------------------------- align

FORMATS = click.Choice(["table", "csv", "xlsx", "json"])
TABLE_LIMIT = 300  # rows a terminal table shows; files get everything


def align_report_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """--region, --format and --output of the align subcommands, and the usual error handling."""
    for option in reversed((
        click.option("--region", help="地区名称或代码（作为下级或上级）/ region name or code, as lower or upper"),
        click.option("--format", "fmt", type=FORMATS, default="table", show_default=True),
        output_option,
    )):
        fn = option(fn)
    return click.pass_context(handle_errors(output_file(fn)))


def _align_view(ctx: click.Context, region: str | None, indicator: str | None, refresh: bool,
                relations: tuple[str, ...] = ()) -> AlignmentView:
    with err.status("规划衔接计算中（规划库变化后首次运行需要重算）/ aligning the library …"), \
            open_db(ctx).session() as session:
        return alignment_view(session, region, indicator, refresh, relations)


def _records_out(records: list[dict[str, Any]], columns: tuple[str, ...], fmt: str, output: Path | None,
                 sheet: str) -> bool:
    """Write records as json/csv/xlsx; False when the format is the table."""
    if fmt == "json":
        _emit(json.dumps(records, ensure_ascii=False, indent=2), output)
    elif fmt == "csv":
        _emit(records_csv(records, columns), output)
    elif fmt == "xlsx":
        _write_records_xlsx(records, columns, output, sheet)
    else:
        return False
    return True


@main.group(invoke_without_command=True)
@click.option("--region", help="地区名称或代码（作为下级或上级）/ region name or code, as lower or upper plan")
@click.option("--indicator", help="指标 id 或名称片段 / indicator id or part of its name")
@click.option("--relation", type=click.Choice(["escalated", "consistent", "looser", "missing", "inherited",
                                               "not_comparable"]), multiple=True,
              help="只看这些关系（可重复）/ only these relations (repeatable)")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@output_option
@click.option("--refresh", is_flag=True, help="重新计算（默认在规划库变化时自动重算）/ recompute now "
              "(done anyway when the library changed)")
@click.pass_context
@handle_errors
@output_file
def align(ctx: click.Context, region: str | None, indicator: str | None, relation: tuple[str, ...], fmt: str,
          output: Path | None, refresh: bool) -> None:
    """规划衔接：上下级规划指标逐项比较 / Align plans across levels, indicator by indicator.

    每个规划与其上级地区（县→市→省→国家）同期规划比较：加码 escalated、一致 consistent、
    偏低 looser、缺失 missing、承接 inherited、不可比 not_comparable，并给出双方原文。
    Each plan is compared with the plans of the regions above it for the same period; the
    national 14th/15th FYP main indicators are built in until a national plan is ingested.
    """
    if ctx.invoked_subcommand is not None:
        return
    view = _align_view(ctx, region, indicator, refresh, relation)
    records = [c.as_dict() for c in view.comparisons]
    if fmt == "xlsx":
        _align_workbook(view, output)
        return
    if fmt == "csv":
        records = [flat_comparison(r) for r in records]
    if _records_out(records, ALIGN_COLUMNS, fmt, output, "规划衔接"):
        return
    if not view.links:
        out.print("库中没有可比较的规划（需有地区和规划期的规划纲要、建议等）/ no plans to align: ingest plans "
                  "with a region and a period first (planscope ingest …)")
        return
    if (indicator or relation) and not view.comparisons:
        what = "、".join(filter(None, [indicator, *relation]))
        out.print(f"没有符合“{what}”的比较（指标可用 id 或名称片段，如 rd_spending_growth、森林覆盖率）/ no "
                  f"comparisons match {what!r} (an indicator id or part of a name)")
        return
    out.print(chains_table(view.links[:TABLE_LIMIT]))
    out.print(align_table(view.comparisons[:TABLE_LIMIT]))
    if len(view.comparisons) > TABLE_LIMIT or len(view.links) > TABLE_LIMIT:
        n = len(view.comparisons)
        out.print(f"[yellow]仅显示前 {TABLE_LIMIT} 条；共 {n} 条比较，用 --region/--indicator/--relation 筛选或 "
                  f"--format xlsx 导出 / first {TABLE_LIMIT} shown of {n}: filter, or export with "
                  "--format xlsx[/yellow]")
    for check in worth_showing(view.implied)[:TABLE_LIMIT]:
        out.print(implied_text(check))
    out.print(relation_summary(view.comparisons))


def _align_workbook(view: AlignmentView, output: Path | None) -> None:
    """Comparisons, chains, implied checks, escalation statistics and strategy coverage,
    one sheet each, for the planning office's own analysis."""
    from planscope.export import workbook_xlsx

    if output is None:
        raise click.UsageError("--format xlsx 需要 --output 文件名 / needs --output FILE")
    workbook_xlsx(alignment_sheets(view), output)
    n = len(view.comparisons)
    out.print(f"已写入 {n} 条比较及衔接链、推算、统计、战略落实 / {n} comparisons "
              f"and the chains, implied checks, statistics and strategy coverage written: {output}")


@align.command(name="stats")
@align_report_options
def align_stats(ctx: click.Context, region: str | None, fmt: str, output: Path | None) -> None:
    """层层加码统计：按层级对与指标类别 / Escalation statistics per level pair and indicator category."""
    from planscope.alignment.stats import escalation_stats

    view = _align_view(ctx, region, None, False)
    rows = escalation_stats(view.comparisons)
    if _records_out(rows, STATS_COLUMNS, fmt, output, "加码统计"):
        return
    t = RichTable(title="层层加码统计 / escalation statistics (正值 = 下级更高 / positive = lower more ambitious)")
    for name in ("层级 levels", "类别 category", "口径 measure", "比较对 pairs", "下级规划 plans", "加码 esc.",
                 "一致 cons.", "偏低 looser", "均值 mean", "中位数 median", "标准差 sd", "范围 range",
                 "加码规划占比 share"):
        t.add_column(name, overflow="fold")
    for r in rows:
        t.add_row(r["levels"], r["category"], f"{r['measure_zh']} {r['unit']}", str(r["pairs"]), str(r["plans"]),
                  str(r["escalated"]), str(r["consistent"]), str(r["looser"]), f"{r['mean']:+.2f}",
                  f"{r['median']:+.2f}", f"{r['stdev']:.2f}", f"{r['min']:+.2f} … {r['max']:+.2f}",
                  f"{r['share_escalating']:.0%}")
    if not rows:
        t.caption = "尚无可比较的指标对 / no comparable pairs yet"
    out.print(t)


@align.command(name="strategies")
@align_report_options
def align_strategies(ctx: click.Context, region: str | None, fmt: str, output: Path | None) -> None:
    """上级战略在下级规划中的落实 / Which of the upper plans' named strategies each lower plan takes up."""
    view = _align_view(ctx, region, None, False)
    rows = flat_coverage(view.coverage) if fmt in ("csv", "xlsx") else view.coverage
    if _records_out(rows, COVERAGE_COLUMNS, fmt, output, "战略落实"):
        return
    if not rows:
        out.print("库中没有下级规划可追踪 / no lower plans to trace strategies into")
    for table in coverage_tables(rows):
        out.print(table)


@align.command(name="implied")
@align_report_options
def align_implied(ctx: click.Context, region: str | None, fmt: str, output: Path | None) -> None:
    """目标推算校验：首位度推算全省总量、强度推算投入、下级加总 / Values implied by other targets, checked."""
    view = _align_view(ctx, region, None, False)
    rows = flat_implied(view.implied) if fmt in ("csv", "xlsx") else view.implied
    if _records_out(rows, IMPLIED_COLUMNS, fmt, output, "推算校验"):
        return
    if not rows:
        out.print("没有可推算的目标组合 / no targets that imply another")
    for check in rows:
        out.print(implied_text(check))


from planscope.cli.demo import demo  # noqa: E402 — registered after main is defined
from planscope.cli.report import report  # noqa: E402
from planscope.cli.serve import serve  # noqa: E402

main.add_command(demo)
main.add_command(report)
main.add_command(serve)

# user, token and audit; search and delete; the review of observations; assessment and revisions (and the
# supervision commands of planscope tasks): their own modules, registered here
from planscope.cli import accounts, documents, review, supervision  # noqa: E402

for _command in (*accounts.COMMANDS, *documents.COMMANDS, *supervision.COMMANDS):
    main.add_command(_command)
for _command in review.OBSERVE_COMMANDS:
    observe.add_command(_command)

from planscope.cli.tasks import tasks as _tasks  # noqa: E402  (its commands use the helpers above)

main.add_command(_tasks)

if __name__ == "__main__":  # pragma: no cover
    main()

"""``planscope search`` and ``planscope delete``: the library's text searched, a document removed
(the library: ``planscope.search``, ``planscope.library.delete_document``)."""

from __future__ import annotations

import json
import sys

import click
from rich.markup import escape
from rich.table import Table as RichTable

from planscope.cli import commands as base
from planscope.cli.acting import acting, as_option
from planscope.errors import OverrideError


@click.command(name="search")
@click.argument("query")
@click.option("--region", help="只搜该地区及其下级的文件 / only documents of this region and below")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True, help="最多条数 / at most")
@click.option("--per-document", type=click.IntRange(min=1), default=5, show_default=True,
              help="每个文件最多条数 / at most this many hits from one document")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@as_option
@click.pass_context
@base.handle_errors
def search_command(ctx: click.Context, query: str, region: str | None, limit: int, per_document: int,
                   fmt: str) -> None:
    """全文检索（简繁体、单字及以上） / Search the text of every document (one character or more, either script)."""
    from planscope.accounts.roles import require, scope_region
    from planscope.search import search

    db = base.open_db(ctx)
    who = acting(ctx, db)
    scope = scope_region(region).code if region else who.region_code
    require(who, "read", scope)
    with db.session() as session:
        hits = search(session, query, [scope], limit, per_document)
    if fmt == "json":
        click.echo(json.dumps([h.as_dict() for h in hits], ensure_ascii=False, indent=2))
        return
    t = RichTable(title=f"检索 / search “{escape(query)}”: {len(hits)}")
    for name in ("文件 doc", "地区 region", "位置 offset", "上下文 context"):
        t.add_column(name, overflow="fold")
    for h in hits:
        marked = (escape(h.snippet[:h.mark_start]) + "[reverse]" + escape(h.snippet[h.mark_start:h.mark_end])
                  + "[/reverse]" + escape(h.snippet[h.mark_end:]))
        t.add_row(f"{h.doc_id} {escape(h.title or h.file)}", h.region or "", str(h.offset), marked)
    if not hits:
        t.caption = "没有找到 / nothing found"
    base.out.print(t)


@click.command(name="delete")
@click.argument("doc")
@click.option("--yes", "-y", is_flag=True, help="不询问 / do not ask")
@as_option
@click.pass_context
@base.handle_errors
def delete_command(ctx: click.Context, doc: str, yes: bool) -> None:
    """删除文件及其全部派生数据 / Delete a document and everything derived from it (DOC: id or file name)."""
    from planscope.library import delete_document, get_document

    db = base.open_db(ctx)
    who = acting(ctx, db)
    with db.session() as session:
        found = get_document(session, doc)
        label = f"{found.id} {found.title or found.file_name}"
    if not yes and not (sys.stdin.isatty() and click.confirm(f"删除 {label}？/ delete it?", err=True)):
        raise OverrideError(f"{label}: 未删除，加 --yes 确认 / not deleted: add --yes to confirm")
    with db.session() as session:
        delete_document(session, doc, who)
    base.out.print(f"[green]已删除 / deleted[/green] {escape(label)}")


COMMANDS: tuple[click.Command, ...] = (search_command, delete_command)

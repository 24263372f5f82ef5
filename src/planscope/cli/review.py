"""``planscope observe pending|accept|reject``, and ``observe add --as NAME``: values entered by
users and their review (the library: ``planscope.monitoring.review``)."""

from __future__ import annotations

import sys
from typing import Any

import click

from planscope.cli import commands as base
from planscope.cli.acting import acting, as_option


def enter_one(ctx: click.Context, row: dict[str, Any]) -> None:
    """``observe add --as NAME``: one value entered as that user (pending if a reporter)."""
    from planscope.monitoring.review import enter_observations

    db = base.open_db(ctx)
    who = acting(ctx, db)
    with db.session() as session:
        report = enter_observations(session, who, [row])
    for r in report.rejected:
        base.out.print(f"[red]✗[/red] {r.reason}")
    if not report.ok:
        sys.exit(1)
    status = "待审核 / pending review" if report.status == "pending" else "已接受 / accepted"
    base.out.print(f"[green]✓[/green] {row['region']} {row['indicator']} {row['year']} = {row['value']}"
                   f"{row.get('unit') or ''}（id {report.stored[0]}，{status}）")


@click.command(name="pending")
@click.option("--region", help="地区（含下级）/ region and everything below it")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@as_option
@click.pass_context
@base.handle_errors
def observe_pending(ctx: click.Context, region: str | None, fmt: str) -> None:
    """待审核的填报值 / Values waiting for review (those you may review, with --as)."""
    from planscope.monitoring.review import pending_observations

    db = base.open_db(ctx)
    who = acting(ctx, db)
    with db.session() as session:
        records = pending_observations(session, who, region)
    columns = ("id", "地区 region", "指标 indicator", "年份 year", "值 value", "录入 entered by", "时间 recorded")
    base.print_records(records, fmt, "待审核 / pending", columns,
                       lambda r: (str(r["id"]), r["region"], f"{r['indicator']} [dim]{r['indicator_id']}[/dim]",
                                  str(r["year"]), f"{r['value']}{r['unit'] or ''}", r["entered_by"] or "",
                                  r["recorded_at"]))


def _decide(decision: str) -> Any:
    @click.argument("ids", nargs=-1, required=True, type=int)
    @click.option("--note", help="审核意见 / a note kept with the decision")
    @as_option
    @click.pass_context
    @base.handle_errors
    def command(ctx: click.Context, ids: tuple[int, ...], note: str | None) -> None:
        from planscope.monitoring.review import review

        db = base.open_db(ctx)
        who = acting(ctx, db)
        with db.session() as session:
            rows = review(session, who, ids, "accept" if decision == "accept" else "reject", note)
            done = ", ".join(str(o.id) for o in rows)
        word = "已接受 / accepted" if decision == "accept" else "已退回 / rejected"
        base.out.print(f"[green]{word}[/green] {done}")

    return command


observe_accept = click.command(name="accept", help="接受待审核的值（计入进展） / Accept pending values: they feed "
                               "progress.")(_decide("accept"))
observe_reject = click.command(name="reject", help="退回待审核的值 / Reject pending values (kept, never used).")(
    _decide("reject"))

OBSERVE_COMMANDS: tuple[click.Command, ...] = (observe_pending, observe_accept, observe_reject)

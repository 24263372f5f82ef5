"""The main job: ingest the sample documents into the library and show what planscope knows.

Each capability adds its part here, so that ``planscope demo`` is always the product's
best demonstration.  The samples are fictional documents written for planscope in the
style of real ones (see ``planscope/samples/README.md``).
"""

from __future__ import annotations

import secrets
import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import click
from rich.console import Console

from planscope.library import (
    TargetFilter,
    document_record,
    ingest_paths,
    list_documents,
    list_targets,
    table_record,
)
from planscope.store import Database

SAMPLE_SUFFIXES = (".txt", ".docx", ".html", ".pdf")


def sample_files() -> list[Path]:
    folder = Path(str(resources.files("planscope") / "samples"))
    return sorted(p for p in folder.iterdir() if p.suffix in SAMPLE_SUFFIXES)


def run_demo(db: Database, out: Console) -> None:
    from planscope.cli.terminal import (
        docs_table,
        outcome_line,
        progress_summary,
        progress_table,
        rich_table,
        targets_table,
    )
    from planscope.views import DocRow, TableItem, TargetsView, progress_view

    files = sample_files()
    out.rule("[bold]1. 读入示例文件 / ingest the sample documents")
    out.print(f"数据库 / database: {db.safe_url}")
    for outcome in ingest_paths(db, files):
        out.print(outcome_line(outcome))
    with db.session() as session:
        docs = list_documents(session)
        sample_names = {p.name for p in files}
        doc_rows = [DocRow.of(document_record(d)) for d in docs if d.file_name in sample_names]
        tables = [(d.file_name, TableItem(**table_record(t))) for d in docs if d.file_name in sample_names
                  for t in d.tables]
    out.rule("[bold]2. 规划文件库 / the plan library")
    out.print(docs_table(doc_rows))
    out.rule("[bold]3. 重建的指标表 / rebuilt indicator tables")
    for name, table in tables:
        out.print(f"[dim]{name}[/dim]")
        out.print(rich_table(table))
    out.rule("[bold]4. 规划目标 / targets, with their sources")
    with db.session() as session:
        records = [r for r in list_targets(session, TargetFilter()) if r.doc in sample_names]
    out.print(targets_table(TargetsView(records, actuals=False), limit=40))
    if len(records) > 40:
        out.print(f"… 共 {len(records)} 条 / {len(records)} in all: planscope targets --format xlsx -o 目标.xlsx")
    out.rule("[bold]5. 统计部门报送的表格 / a statistics bureau's spreadsheet")
    from planscope.monitoring.observations import import_file

    sheet = Path(str(resources.files("planscope") / "samples" / "observations_2023.csv"))
    with db.session() as session:
        report = import_file(session, sheet)
    out.print(f"{sheet.name}: 导入 {report.imported} 行，拒绝 {len(report.rejected)} 行 / "
              f"{report.imported} imported, {len(report.rejected)} rejected")
    for rejected in report.rejected:
        out.print(f"  [red]✗[/red] {rejected.where}: {rejected.reason}")
    out.rule("[bold]6. 目标进展与预警 / progress: plan → bulletins 2021–2022 → spreadsheet 2023")

    with db.session() as session:
        progress = progress_view(session, docs=sample_names, observed_only=True)
    out.print(progress_table(progress))
    out.print(progress_summary(progress))
    show_alignment(db, out)
    out.rule()
    out.print("下一步 / next: planscope ingest 你的文件.docx ; planscope show ID ; planscope tables ID ; "
              "planscope targets --doc ID ; planscope align ; planscope align stats ; planscope align strategies ; "
              "planscope report --region 示例市 --year 2023 --kind midterm -o 示例市中期评估.docx")


DEMO_COUNTY = "990121"  # 示例县 in data/regions_extra.csv


def show_alignment(db: Database, out: Console) -> None:
    """Step 7: the county's plan against the city's, the province's and the nation's."""
    from planscope.alignment.stats import escalation_stats
    from planscope.cli.terminal import align_table, chains_table, coverage_tables, implied_text, relation_summary
    from planscope.views.alignment import alignment_view, worth_showing

    out.rule("[bold]7. 规划衔接 / alignment: 示例县 → 示例市 → 示例省 → 国家")
    with db.session() as session:
        everything = alignment_view(session)
        county = alignment_view(session, DEMO_COUNTY)
    out.print(chains_table([link for link in everything.links if link["lower_code"] == DEMO_COUNTY]))
    shown = [c for c in county.comparisons if c.lower_code == DEMO_COUNTY and c.relation != "missing"]
    out.print(align_table(shown))
    for check in worth_showing(everything.implied):
        out.print(implied_text(check))
    out.print(relation_summary(everything.comparisons))
    stats = [r for r in escalation_stats(everything.comparisons) if r["category"] == "全部 all"]
    for r in stats:
        out.print(f"层层加码 / escalation {r['levels']} {r['measure_zh']}: {r['pairs']} 对 pairs, "
                  f"均值 mean {r['mean']:+.2f}{r['unit']}, 中位数 median {r['median']:+.2f}{r['unit']}, "
                  f"加码占比 share escalating {r['share_pairs_escalating']:.0%}")
    for table in coverage_tables([r for r in county.coverage if r["upper_code"] != "100000"]):
        out.print(table)


# ---------------------------------------------------------------- step 8: the workbench

DEMO_CITY = "990100"  # 示例市
DEMO_USERS = (("demo-admin", "admin", "100000", "演示管理员"), ("demo-planner", "planner", DEMO_CITY, "示例市规划科"),
              ("demo-reviewer", "reviewer", DEMO_CITY, "示例市统计局审核"),
              ("demo-reporter", "reporter", DEMO_COUNTY, "示例县统计局填报"))


@dataclass(frozen=True)
class Login:
    name: str
    role: str
    region: str
    password: str


def new_password() -> str:
    from planscope.accounts.passwords import check_password
    from planscope.errors import AccountError

    while True:
        password = secrets.token_urlsafe(9)
        try:
            return check_password(password, "demo")
        except AccountError:  # too few distinct characters, once in a blue moon
            continue


def demo_accounts(db: Database) -> list[Login]:
    """The demo's users — an admin of the nation, a planner and a reviewer of 示例市, a reporter
    of 示例县 — each with a new random password: made on the first run, given a new password
    (and their demo role and region back) on every later one.  Audited as the local operator."""
    from sqlalchemy import select

    from planscope.accounts.roles import local_operator, scope_region
    from planscope.accounts.users import change_user, create_user
    from planscope.store import User

    operator, logins = local_operator(), []
    with db.session() as session:
        for name, role, region, display in DEMO_USERS:
            password = new_password()
            if session.scalar(select(User.id).where(User.name == name)) is None:
                create_user(session, operator, name, password, role, region, display)
            else:
                change_user(session, operator, name, role=role, region=region, active=True, password=password)
            place = scope_region(region)
            logins.append(Login(name, role, f"{place.name} {place.code}", password))
    return logins


def logins_table(logins: list[Login]) -> str:
    from planscope.accounts.roles import roles

    lines = ["登录账户（每次运行演示都会换新密码）/ logins (new passwords on every run of the demo):"]
    for login in logins:
        role = f"{login.role:<9} {roles()[login.role].zh}"
        lines.append(f"  {login.name:<14} {login.password:<14} {role} · {login.region}")
    lines.append("试一试 / try: demo-reporter 在“数据填报”填一个示例县的值 → demo-reviewer 在“填报审核”接受 → "
                 "“目标进展”中示例县的状态随之变化 / a reporter's value, accepted by the reviewer, moves the county's "
                 "dashboard")
    return "\n".join(lines)


def finish_demo(db: Database, out: Console, serve: bool | None, host: str, port: int) -> None:
    """Step 8: the demo's logins, then the workbench (when ``serve``, by default when stdin is a terminal)."""
    from planscope.cli.serve import check_port, run_workbench

    out.rule("[bold]8. 规划工作台 / the workbench in a browser")
    should_serve = sys.stdin.isatty() if serve is None else serve
    if should_serve:
        check_port(host, port)  # a busy port is said before the passwords change
    logins = demo_accounts(db)
    if not should_serve:
        click.echo(logins_table(logins))
        click.echo("启动工作台 / start it: planscope serve  (scripts/demo.sh 在终端中运行时会自动启动 / "
                   "scripts/demo.sh starts it when run at a terminal)")
        return
    out.print("数据填报、审核、审计与检索都在浏览器中 / data entry, review, audit log and search: in the browser")
    run_workbench(db, host, port, then=logins_table(logins))


@click.command()
@click.option("--serve/--no-serve", "serve", default=None,
              help="演示后启动工作台（默认：标准输入是终端时）/ start the workbench afterwards (default: when stdin "
                   "is a terminal)")
@click.option("--host", default="127.0.0.1", show_default=True, help="工作台监听地址 / the workbench's address")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535),
              help="工作台端口 / the workbench's port")
@click.pass_context
def demo(ctx: click.Context, serve: bool | None, host: str, port: int) -> None:
    """主流程演示：读入示例文件并展示，再开启工作台 / The main job: ingest the sample documents, show them, then
    open the workbench with demo logins."""
    from planscope.cli.commands import handle_errors, open_db, out

    @handle_errors
    def run() -> None:
        db = open_db(ctx)
        run_demo(db, out)
        finish_demo(db, out, serve, host, port)

    run()

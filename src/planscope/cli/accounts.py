"""``planscope user``, ``planscope token`` and ``planscope audit``: accounts and the audit log
at the command line (the library: ``planscope.accounts``, ``planscope.audit``)."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path
from typing import Any

import click
from rich.table import Table as RichTable

from planscope.cli import commands as base
from planscope.cli.acting import acting, as_option
from planscope.errors import AccountError

PASSWORD_VAR = "PLANSCOPE_PASSWORD"


def _password(name: str, ask: bool = True) -> str | None:
    """From PLANSCOPE_PASSWORD, else asked twice without echo (at a terminal)."""
    given = os.environ.get(PASSWORD_VAR)
    if given is not None:
        return given
    if not ask:
        return None
    try:
        return click.prompt(f"{name} 的密码 / password", hide_input=True, confirmation_prompt=True, err=True,
                            default="", show_default=False)
    except click.Abort:
        raise AccountError(f"没有密码：设置 {PASSWORD_VAR} 或在终端输入 / no password: set {PASSWORD_VAR} or type it "
                           "at a terminal") from None


# ---------------------------------------------------------------- user


@click.group()
def user() -> None:
    """用户：添加、列出、修改 / Users: add, list, change (role, region, enabled)."""


@user.command(name="add")
@click.argument("name")
@click.option("--role", required=True, help="admin | planner | reviewer | reporter | viewer")
@click.option("--region", required=True, help="地区名称或代码（含其下级；全国 = 100000）/ region name or code (and "
              "everything below it; the nation is 100000)")
@click.option("--display-name", help="显示名 / name shown in the workbench")
@as_option
@click.pass_context
@base.handle_errors
def user_add(ctx: click.Context, name: str, role: str, region: str, display_name: str | None) -> None:
    """添加用户（密码取自 PLANSCOPE_PASSWORD 或终端输入两次） / Add a user (password from PLANSCOPE_PASSWORD or
    typed twice)."""
    from planscope.accounts.roles import check_role, scope_region
    from planscope.accounts.users import create_user

    check_role(role)
    scope_region(region)  # an unknown region is said before the password is asked
    password = _password(name)
    db = base.open_db(ctx)
    actor = acting(ctx, db)
    with db.session() as session:
        u = create_user(session, actor, name, password, role, region, display_name)
        line = f"{u.name}（{u.role}，{u.region} {u.region_code}）"
    base.out.print(f"[green]已添加用户 / user added[/green] {line}")


@user.command(name="list")
@click.option("--region", help="只列该地区及其下级的用户 / only users of this region and below")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_context
@base.handle_errors
def user_list(ctx: click.Context, region: str | None, fmt: str) -> None:
    """列出用户 / List the users."""
    from planscope.accounts.users import list_users, user_record

    with base.open_db(ctx).session() as session:
        records = [user_record(u) for u in list_users(session, region)]
    base.print_records(records, fmt, "用户 / users",
                       ("用户 name", "显示名 display", "角色 role", "地区 region", "状态 active", "创建 created"),
                       lambda r: (r["name"], r["display_name"] or "", r["role"], f"{r['region']} {r['region_code']}",
                                  "启用 active" if r["active"] else "[red]停用 disabled[/red]", r["created_at"]))


@user.command(name="set")
@click.argument("name")
@click.option("--role", help="新角色 / new role")
@click.option("--region", help="新地区 / new region")
@click.option("--display-name", help="显示名 / name shown")
@click.option("--disable", "active", flag_value=False, default=None, help="停用 / disable the account")
@click.option("--enable", "active", flag_value=True, help="启用 / enable it again")
@click.option("--password", "new_password", is_flag=True,
              help="改密码（取自 PLANSCOPE_PASSWORD 或终端输入）/ set a new password (from PLANSCOPE_PASSWORD or "
                   "typed)")
@as_option
@click.pass_context
@base.handle_errors
def user_set(ctx: click.Context, name: str, role: str | None, region: str | None, display_name: str | None,
             active: bool | None, new_password: bool) -> None:
    """修改用户 / Change a user's role, region, display name, password, or disable it."""
    from planscope.accounts.users import change_user, user_record

    password = _password(name) if new_password else None
    db = base.open_db(ctx)
    actor = acting(ctx, db)
    with db.session() as session:
        u = user_record(change_user(session, actor, name, role=role, region=region, active=active,
                                    display_name=display_name, password=password))
    state = "启用 active" if u["active"] else "停用 disabled"
    base.out.print(f"[green]已更新 / updated[/green] {u['name']}（{u['role']}，{u['region']} {u['region_code']}，"
                   f"{state}）")


# ---------------------------------------------------------------- token


@click.group()
def token() -> None:
    """API 令牌：创建、列出、吊销 / API tokens: create, list, revoke."""


@token.command(name="create")
@click.argument("name")
@as_option
@click.pass_context
@base.handle_errors
def token_create(ctx: click.Context, name: str) -> None:
    """为用户创建 API 令牌（只显示一次） / Create an API token for a user (printed once)."""
    from planscope.accounts.tokens import create_token

    db = base.open_db(ctx)
    actor = acting(ctx, db)
    with db.session() as session:
        secret = create_token(session, actor, name)
    click.echo(secret)
    base.err.print("[yellow]令牌只显示这一次，请妥善保存 / the token is shown this once: keep it safe[/yellow]")


@token.command(name="list")
@click.argument("name", required=False)
@click.pass_context
@base.handle_errors
def token_list(ctx: click.Context, name: str | None) -> None:
    """列出令牌（只有前缀） / List tokens (their prefixes, never the tokens)."""
    from planscope.accounts.tokens import list_tokens

    with base.open_db(ctx).session() as session:
        rows = list_tokens(session, name)
    t = RichTable(title=f"API 令牌 / tokens ({len(rows)})")
    for col in ("id", "用户 user", "前缀 prefix", "创建 created", "最近使用 last used", "吊销 revoked"):
        t.add_column(col)
    for r in rows:
        t.add_row(str(r["id"]), r["user"], r["prefix"], r["created_at"], r["last_used_at"] or "",
                  r["revoked_at"] or "")
    base.out.print(t)


@token.command(name="revoke")
@click.argument("ref")
@as_option
@click.pass_context
@base.handle_errors
def token_revoke(ctx: click.Context, ref: str) -> None:
    """吊销令牌（id 或前缀） / Revoke a token, by its id or prefix."""
    from planscope.accounts.tokens import revoke_token

    db = base.open_db(ctx)
    actor = acting(ctx, db)
    with db.session() as session:
        row = revoke_token(session, actor, ref)
        line = f"{row.prefix}…（{row.user.name}）"
    base.out.print(f"[green]已吊销 / revoked[/green] {line}")


# ---------------------------------------------------------------- audit


def _day(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r}：日期应为 YYYY-MM-DD / a date is YYYY-MM-DD") from None


@click.command(name="audit")
@click.option("--actor", help="操作人（用户名或 cli:系统用户）/ who: a user name or cli:<os user>")
@click.option("--action", help="操作，如 document.delete 或 observation / action, or its first part")
@click.option("--object", "obj", metavar="TYPE[:ID]", help="对象，如 document:3 / object, e.g. document:3 or user")
@click.option("--region", help="地区（含下级）/ region and everything below it")
@click.option("--since", callback=_day, help="起始日期 / from this day, YYYY-MM-DD")
@click.option("--until", callback=_day, help="截止日期（含）/ to this day (inclusive)")
@click.option("--limit", type=click.IntRange(min=1), help="最多条数 / at most this many entries")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "xlsx"]), default="table", show_default=True)
@base.output_option
@as_option
@click.pass_context
@base.handle_errors
@base.output_file
def audit_command(ctx: click.Context, actor: str | None, action: str | None, obj: str | None, region: str | None,
                  since: date | None, until: date | None, limit: int | None, fmt: str, output: Path | None) -> None:
    """审计日志（只能追加） / The audit log: every write, who, when, before and after (newest first)."""
    from planscope.accounts.roles import require
    from planscope.audit import AUDIT_COLUMNS, AuditFilter, flat_record, query

    object_type, _, object_id = (obj or "").partition(":")
    db = base.open_db(ctx)
    who = acting(ctx, db)
    region = region or who.region_code  # a user scoped below the nation reads its own region's entries
    with db.session() as session:
        require(who, "read_audit", _scope_of(region))
        records = query(session, AuditFilter(actor, action, object_type or None, object_id or None, region, since,
                                             until), limit)
    if fmt == "json":
        base._emit(json.dumps(records, ensure_ascii=False, indent=2), output)
    elif fmt == "xlsx":
        base._write_records_xlsx([flat_record(r) for r in records], AUDIT_COLUMNS, output, "审计日志")
    else:
        base.out.print(_audit_table(records))


def _scope_of(region: str) -> str:
    from planscope.accounts.roles import scope_region

    return scope_region(region).code


def _audit_table(records: list[dict[str, Any]]) -> RichTable:
    from planscope.audit import change_summary

    t = RichTable(title=f"审计日志 / audit log ({len(records)})")
    for name in ("id", "时间 at (UTC)", "操作人 actor", "操作 action", "对象 object", "地区 region", "变化 change"):
        t.add_column(name, overflow="fold")
    for r in records:
        t.add_row(str(r["id"]), r["at"], r["actor"], r["action"], f"{r['object_type']}:{r['object_id'] or ''}",
                  r["region_code"] or "", change_summary(r))
    return t


COMMANDS: tuple[click.Command, ...] = (user, token, audit_command)

"""Who a command acts as: ``--as NAME`` (a user of the library, whose role and region are
checked and who is named in the audit log) or, without it, the local operator
``cli:<os user>``.  ``--as`` does not log in: whoever runs planscope on this machine can
open the database anyway; it records the work under that user and keeps to that user's rights.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from planscope.accounts.roles import Actor, local_operator
from planscope.store import Database

AS_KEY = "planscope_as"


def _remember(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value:
        ctx.meta[AS_KEY] = value


def as_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``--as NAME`` on a command that writes (kept in ``ctx.meta``, not passed to the function)."""
    return click.option("--as", "as_name", metavar="NAME", expose_value=False, callback=_remember,
                        help="以该用户身份操作（检查其角色与地区，记入审计日志）/ act as this user: its role and "
                             "region are checked and it is named in the audit log")(fn)


def acting(ctx: click.Context, db: Database) -> Actor:
    """The actor of this command: the ``--as`` user as stored now, or the local operator."""
    from planscope.accounts.users import get_user
    from planscope.errors import AccountError

    name = ctx.meta.get(AS_KEY)
    if not name:
        return local_operator()
    with db.session() as session:
        user = get_user(session, name)
        if not user.active:
            raise AccountError(f"用户 {name} 已停用 / user {name!r} is disabled")
        return Actor.of(user)

"""API tokens: ``Authorization: Bearer TOKEN`` for the REST API.

A token is ``ps_`` and 32 random bytes (URL-safe base64), shown once when it is created; the
database keeps only its SHA-256 (a token is random, so a plain hash is enough: there is
nothing to guess) and its first characters, to tell tokens apart in lists and in the audit log.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from planscope import audit
from planscope.accounts.roles import Principal, require
from planscope.accounts.users import get_user
from planscope.errors import AccountError
from planscope.store import ApiToken, User

PREFIX = "ps_"
SHOWN = 10  # characters of a token kept to tell it apart
TOUCH_EVERY = timedelta(minutes=1)  # last_used_at is written at most this often (no write per request)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(session: Session, actor: Principal, name: str) -> str:
    """A new token for user ``name``; the only time the token itself is seen."""
    user = get_user(session, name)
    require(actor, "manage_users", user.region_code)
    token = PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(user_id=user.id, token_hash=token_hash(token), prefix=token[:SHOWN], created_at=audit.now())
    session.add(row)
    session.flush()
    audit.record(session, actor, "token.create", "token", row.id, user.region_code, None,
                 {"user": user.name, "prefix": row.prefix})
    return token


def user_for_token(session: Session, token: str) -> User | None:
    """The active user a token belongs to, unless the token is unknown or revoked."""
    if not token.startswith(PREFIX):
        return None
    row = session.scalar(select(ApiToken).options(joinedload(ApiToken.user))  # one query per request, not two
                         .where(ApiToken.token_hash == token_hash(token)))
    if row is None or row.revoked or not row.user.active:
        return None
    now = audit.now()
    if row.last_used_at is None or now - row.last_used_at >= TOUCH_EVERY:
        row.last_used_at = now
    return row.user


def revoke_token(session: Session, actor: Principal, ref: str) -> ApiToken:
    """Revoke a token given by its id or its shown prefix (``ps_AbCdEf1``)."""
    query = select(ApiToken)
    query = query.where(ApiToken.id == int(ref)) if ref.isdigit() else query.where(ApiToken.prefix == ref[:SHOWN])
    rows = list(session.scalars(query))
    if not rows:
        raise AccountError(f"没有令牌 {ref}（用 planscope token list 查看）/ no token {ref!r}; see planscope "
                           "token list")
    if len(rows) > 1:
        raise AccountError(f"令牌前缀 {ref} 不唯一，请用 id / several tokens start with {ref!r}: use the id")
    row = rows[0]
    require(actor, "manage_users", row.user.region_code)
    if row.revoked:
        raise AccountError(f"令牌 {row.prefix} 已吊销 / token {row.prefix} is revoked already")
    row.revoked_at = audit.now()
    audit.record(session, actor, "token.revoke", "token", row.id, row.user.region_code,
                 {"user": row.user.name, "prefix": row.prefix, "revoked": False},
                 {"user": row.user.name, "prefix": row.prefix, "revoked": True})
    return row


def list_tokens(session: Session, name: str | None = None) -> list[dict[str, Any]]:
    query = select(ApiToken, User).join(User).order_by(ApiToken.id)
    if name:
        query = query.where(User.name == name)
    return [{"id": t.id, "user": u.name, "prefix": t.prefix, "created_at": _iso(t.created_at),
             "last_used_at": _iso(t.last_used_at), "revoked_at": _iso(t.revoked_at)}
            for t, u in session.execute(query)]


def _iso(value: Any) -> str | None:
    return value.isoformat(timespec="seconds") if value is not None else None

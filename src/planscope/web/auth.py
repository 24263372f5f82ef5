"""Who is asking, and may they: the seam between the workbench and ``planscope.accounts``.

Who: ``AccountsAuthenticator`` reads an ``Authorization: Bearer TOKEN`` header
(``accounts.tokens.user_for_token``) — for the API and for pages alike, so scripts and
benchmarks use tokens — or, without that header, the signed session cookie
(``web.sessions``).  A request that carries an Authorization header is judged by it alone: a
bad token is 401 even with a good cookie, and that is what lets a Bearer request skip the
CSRF check (another site can make a browser send the cookie, never the header).  The user's
row is read on every request: a disabled user, a new role or region count at once.

May they: ``planscope.accounts.can`` / ``require`` — the one rule of the library and the
command line (``data/roles.toml``, a region and everything below it by GB/T 2260 code).
A refusal is ``PermissionDenied`` (403, nothing written).

``create_app`` may be given another authenticator (any function of the request returning a
principal or None); without a signed-in user every page and endpoint answers 401.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

from fastapi import HTTPException, Request
from sqlalchemy import select

from planscope.accounts.roles import Actor, Principal, can, covers, require, scope_region
from planscope.errors import PlanscopeError
from planscope.store import Database
from planscope.store import User as UserRow
from planscope.web import sessions

User = Principal
Authenticator = Callable[[Request], "Principal | None"]
SIGN_IN = "请先登录 / please sign in"

__all__ = ["SIGN_IN", "AccountsAuthenticator", "Authenticator", "NotAuthenticated", "SignedIn", "User", "can",
           "covers", "current_user", "may", "menu", "require", "resolve_region", "signed_in"]
_UNSET = object()


@dataclass(frozen=True)
class SignedIn(Actor):
    """The user of a request, as their row says now (a principal for ``can`` and the audit log)."""

    display_name: str | None = None
    region: str | None = None
    via: str = "session"  # session | token

    @classmethod
    def of_row(cls, row: UserRow, via: str) -> SignedIn:
        return cls(row.name, row.role, row.region_code, row.active, row.display_name, row.region, via)


class NotAuthenticated(HTTPException):
    def __init__(self, detail: str = SIGN_IN) -> None:
        super().__init__(401, detail, headers={"WWW-Authenticate": 'Bearer realm="planscope"'})


class AccountsAuthenticator:
    """The workbench's users: a Bearer token, else the session cookie."""

    def __init__(self, db: Database, secret: bytes) -> None:
        self.db = db
        self.secret = secret

    def __call__(self, request: Request) -> SignedIn | None:
        header = request.headers.get("authorization")
        if header is not None:
            return self._token(header)
        cookie = request.cookies.get(sessions.COOKIE)
        if not cookie:
            return None
        now = int(time.time())
        claims = sessions.decode(self.secret, cookie, now)
        if claims is None:
            return None
        with self.db.session() as session:
            row = session.scalar(select(UserRow).where(UserRow.name == claims.name))
            if row is None or not row.active or sessions.fingerprint(self.secret, row.password_hash) != claims.key:
                return None
            user = SignedIn.of_row(row, "session")
        if claims.stale(now):
            request.state.session_renewal = sessions.Claims(claims.name, claims.key, claims.issued, now)
        return user

    def _token(self, header: str) -> SignedIn | None:
        from planscope.accounts.tokens import user_for_token

        scheme, _, token = header.strip().partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return None
        with self.db.session() as session:  # commits last_used_at
            row = user_for_token(session, token.strip())
            return SignedIn.of_row(row, "token") if row is not None else None


def signed_in(request: Request) -> Principal | None:
    """The request's user, or None; asked once per request."""
    known = getattr(request.state, "user", _UNSET)
    if known is not _UNSET:
        return cast("Principal | None", known)
    authenticate: Authenticator | None = getattr(request.app.state, "authenticator", None)
    user = authenticate(request) if authenticate is not None else None
    request.state.user = user
    return user


def current_user(request: Request) -> Principal:
    """The signed-in user (a FastAPI dependency); 401 when there is none."""
    user = signed_in(request)
    if user is None:
        raise NotAuthenticated()
    return user


def resolve_region(text: str | None, user: Principal) -> str:
    """A region given by name or code (全国/000000 for the nation; default: the user's own), as its code."""
    if not text or not text.strip():
        return user.region_code
    try:
        return scope_region(text).code
    except PlanscopeError as err:
        raise HTTPException(422, str(err)) from None


def may(user: Principal, action: str, region_code: str | None = None) -> bool:
    """``can`` in the user's own region when no region is given (for menus and buttons)."""
    return can(user, action, user.region_code if region_code is None else region_code)


def menu(user: Principal | None) -> dict[str, bool]:
    """Which pages the top bar offers the user."""
    if user is None:
        return {}
    actions = ("ingest", "enter_observation", "review_observation", "manage_users", "read_audit")
    return {a: may(user, a) for a in actions}

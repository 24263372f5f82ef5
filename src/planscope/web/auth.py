"""The one seam between the workbench and accounts: who is asking, and may they.

Every route takes the user from the ``current_user`` dependency and asks ``require(user,
action, region_code)`` before it reads or writes a region's data.  Who the user is comes
from ``app.state.authenticator`` (a function of the request): the accounts library plugs
in there (session cookie, Bearer token).  With no authenticator the app has **no** user —
every page and endpoint answers 401 — never a silent default user; the tests pass a stub
authenticator of their own.

A user is anything with a ``name``, a ``role`` and a ``region_code`` (GB/T 2260): the role
says what they may do, the region where — that region and everything below it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from fastapi import HTTPException, Request

from planscope.catalogue.regions import NATION_CODE, load_regions
from planscope.errors import PlanscopeError

ROLES = ("admin", "planner", "reviewer", "reporter", "viewer")

# What each role may do (the roles); region scope is checked separately.
PERMISSIONS: dict[str, frozenset[str]] = {
    "read": frozenset(ROLES),
    "ingest": frozenset({"admin", "planner"}),
    "delete": frozenset({"admin", "planner"}),
}


class User(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def role(self) -> str: ...

    @property
    def region_code(self) -> str: ...


Authenticator = Callable[[Request], "User | None"]


class OutOfScope(PlanscopeError):
    """A region outside the user's: the request is refused and nothing is written."""


class NotAuthenticated(HTTPException):
    def __init__(self, detail: str) -> None:
        super().__init__(401, detail)


NO_ACCOUNTS = ("未启用账户，无法登录 / sign-in is not available: no accounts are configured for this workbench")
SIGN_IN = "请先登录 / please sign in"


def current_user(request: Request) -> User:
    """The signed-in user (a FastAPI dependency); 401 when there is none."""
    authenticate: Authenticator | None = getattr(request.app.state, "authenticator", None)
    if authenticate is None:
        raise NotAuthenticated(NO_ACCOUNTS)
    user = getattr(request.state, "user", None) or authenticate(request)  # pages: asked once already
    if user is None:
        raise NotAuthenticated(SIGN_IN)
    return user


def in_scope(scope_code: str, region_code: str | None) -> bool:
    """``region_code`` is the scope's region or lies below it (the nation covers everything,
    documents without a region included)."""
    if scope_code == NATION_CODE:
        return True
    if not region_code:
        return False
    if region_code == scope_code:
        return True
    regions = load_regions()
    region = regions.get(region_code)
    return region is not None and any(a.code == scope_code for a in regions.ancestors(region))


def allowed(user: User, action: str, region_code: str | None = None) -> bool:
    """May ``user`` do ``action`` on ``region_code``'s data (no region: anywhere in their scope)?"""
    if user.role not in PERMISSIONS.get(action, frozenset()):
        return False
    return region_code is None or in_scope(user.region_code, region_code)


def require(user: User, action: str, region_code: str | None = None) -> None:
    """403 unless ``allowed``; the message says which region or action was refused."""
    if user.role not in PERMISSIONS.get(action, frozenset()):
        raise HTTPException(403, f"角色 {user.role} 无权执行此操作 / the role {user.role} may not {action}")
    if region_code is not None and not in_scope(user.region_code, region_code):
        raise HTTPException(403, f"地区 {region_code} 不在您的范围（{user.region_code} 及以下）内 / region "
                                 f"{region_code} is outside your scope ({user.region_code} and below)")


def resolve_region(text: str | None, user: User) -> str:
    """A region given by name or code (default: the user's own), as its code."""
    if not text:
        return user.region_code
    try:
        return load_regions().resolve(text).code
    except PlanscopeError as err:
        raise HTTPException(422, str(err)) from None

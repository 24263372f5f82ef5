"""The administrators' pages: the audit log (filters, pages, xlsx) and the users (list, add,
change role or region, disable, a new password, an API token).  Each asks the one permission
rule (``read_audit``, ``manage_users`` in the region concerned); every change is made by
``planscope.accounts`` under the signed-in admin, and so audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import RedirectResponse, Response

from planscope.audit import AuditFilter
from planscope.catalogue.regions import NATION_CODE
from planscope.web import csrf
from planscope.web.app import page
from planscope.web.auth import User, current_user, require, resolve_region
from planscope.web.pages import _xlsx, database

router = APIRouter()
CurrentUser = Annotated[User, Depends(current_user)]
PAGE = 50  # audit entries a page
EXPORT_LIMIT = 100_000  # entries in one xlsx


# ---------------------------------------------------------------- audit


def audit_filter(user: User, actor: str | None, action: str | None, obj: str | None, region: str | None,
                 since: date | None, until: date | None) -> AuditFilter:
    """The filter of a request, kept within the user's region: an admin below the nation reads
    the entries of their region and below (entries without a region only the nation's admins)."""
    code = resolve_region(region, user)
    require(user, "read_audit", code)
    object_type, _, object_id = (obj or "").strip().partition(":")
    return AuditFilter(actor or None, action or None, object_type or None, object_id or None,
                       None if code == NATION_CODE else code, since, until)


def _day(text: str) -> date | None:
    if not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise HTTPException(422, f"日期应为 YYYY-MM-DD：{text!r} / a date is YYYY-MM-DD") from None


@dataclass(frozen=True)
class AuditQuery:
    """The audit page's filters as typed (kept in the form and in the page links)."""

    actor: str = ""
    action: str = ""
    object: str = ""
    region: str = ""
    since: str = ""
    until: str = ""

    def to_filter(self, user: User) -> AuditFilter:
        return audit_filter(user, self.actor.strip(), self.action.strip(), self.object, self.region,
                            _day(self.since), _day(self.until))

    def link(self, **more: Any) -> str:
        given = {k: v for k, v in {**self.__dict__, **more}.items() if v}
        return urlencode(given)


@router.get("/audit")
def audit_page(request: Request, user: CurrentUser, actor: str = "", action: str = "", object: str = "",
               region: str = "", since: str = "", until: str = "",
               number: Annotated[int, Query(alias="page", ge=1, le=100_000)] = 1) -> Response:
    from planscope.audit import ACTIONS, change_summary, query

    wanted = AuditQuery(actor, action, object, region, since, until)
    f = wanted.to_filter(user)
    with database(request).session() as session:
        entries = query(session, f, PAGE + 1, (number - 1) * PAGE)
    more = len(entries) > PAGE
    entries = entries[:PAGE]
    actions = sorted({a.split(".")[0] for a in ACTIONS}) + list(ACTIONS)
    return page(request, "audit.html", entries=entries, changes=[change_summary(e) for e in entries], q=wanted,
                number=number, more=more, actions=actions, page_size=PAGE)


@router.get("/audit.xlsx")
def audit_download(request: Request, user: CurrentUser, actor: str = "", action: str = "", object: str = "",
                   region: str = "", since: str = "", until: str = "") -> Response:
    """Every entry the filters keep (up to 100,000), as ``planscope audit --format xlsx`` writes them."""
    from planscope.audit import AUDIT_COLUMNS, flat_record, query
    from planscope.export import records_xlsx

    f = AuditQuery(actor, action, object, region, since, until).to_filter(user)
    with database(request).session() as session:
        entries = [flat_record(e) for e in query(session, f, EXPORT_LIMIT)]
    return _xlsx(lambda p: records_xlsx(entries, AUDIT_COLUMNS, p, "审计日志"), "审计日志.xlsx")


# ---------------------------------------------------------------- users


def _users_page(request: Request, user: User, status: int = 200, **extra: Any) -> Response:
    from planscope.accounts.roles import ROLES
    from planscope.accounts.users import list_users, user_record

    require(user, "manage_users", user.region_code)
    scope = None if user.region_code == NATION_CODE else user.region_code
    with database(request).session() as session:
        users = [user_record(u) for u in list_users(session, scope)]
    extra.setdefault("added", {})
    return page(request, "users.html", status, users=users, roles=ROLES, **extra)


@router.get("/users")
def users_page(request: Request, user: CurrentUser, done: str = "", who: str = "") -> Response:
    return _users_page(request, user, done=done, who=who)


@router.post("/users", dependencies=[Depends(csrf.check)])
def add_user(request: Request, user: CurrentUser, name: Annotated[str, Form(max_length=100)],
             role: Annotated[str, Form()], region: Annotated[str, Form(max_length=100)],
             password: Annotated[str, Form(max_length=1024)],
             display_name: Annotated[str, Form(max_length=200)] = "") -> Response:
    from planscope.accounts.users import create_user
    from planscope.errors import AccountError, OverrideError

    added = {"name": name, "role": role, "region": region, "display_name": display_name}
    try:
        with database(request).session() as session:
            create_user(session, user, name.strip(), password, role, region, display_name.strip() or None)
    except (AccountError, OverrideError) as err:
        return _users_page(request, user, 422, message=str(err), added=added)
    return RedirectResponse(f"/users?{urlencode({'done': 'added', 'who': name.strip()})}", status_code=303)


@router.post("/users/{name}", dependencies=[Depends(csrf.check)])
def change(request: Request, user: CurrentUser, name: str, role: Annotated[str, Form()],
           region: Annotated[str, Form(max_length=100)], active: Annotated[str, Form()] = "",
           password: Annotated[str, Form(max_length=1024)] = "") -> Response:
    """Role, region, enabled, and a new password when one is typed."""
    from planscope.accounts.users import change_user
    from planscope.errors import AccountError, OverrideError

    try:
        with database(request).session() as session:
            change_user(session, user, name, role=role, region=region, active=bool(active),
                        password=password or None)
    except (AccountError, OverrideError) as err:
        return _users_page(request, user, 422, message=f"{name}: {err}")
    return RedirectResponse(f"/users?{urlencode({'done': 'changed', 'who': name})}", status_code=303)


@router.post("/users/{name}/token", dependencies=[Depends(csrf.check)])
def new_token(request: Request, user: CurrentUser, name: str) -> Response:
    """An API token for the user, shown this once (only its hash is kept)."""
    from planscope.accounts.tokens import create_token

    with database(request).session() as session:
        token = create_token(session, user, name)
    response = _users_page(request, user, token=token, who=name)
    response.headers["cache-control"] = "no-store"
    return response

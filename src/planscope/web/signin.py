"""Signing in and out.

``POST /login`` checks the name and password through ``accounts.throttle.login`` — after 5
failures per name and address in 15 minutes that pair is locked for 15 minutes — in a
transaction that commits the failure it records (the throttle returns, it does not raise).
A success starts a session (``web.sessions``) and goes back to the page that asked for it.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from planscope.web import csrf, sessions
from planscope.web.app import end_session, page, set_session_cookie
from planscope.web.auth import signed_in

router = APIRouter()
HOME = "/library"


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a path of this site only (no //host, no scheme, no backslash)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return HOME
    if any(ord(c) < 32 for c in target) or target.startswith(("/login", "/logout")):
        return HOME
    return target


def client_address(request: Request) -> str:
    """The address the throttle counts failures for (the direct peer; behind a reverse proxy, the proxy)."""
    return request.client.host if request.client else "unknown"


@router.get("/login", include_in_schema=False)
def login_form(request: Request, next: str = "") -> Response:
    if signed_in(request) is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return page(request, "login.html", next=safe_next(next), login_name="", message="")


@router.post("/login", include_in_schema=False, dependencies=[Depends(csrf.check)])
def login(request: Request, name: Annotated[str, Form(max_length=100)] = "",
          password: Annotated[str, Form(max_length=1024)] = "", next: Annotated[str, Form()] = "") -> Response:
    from planscope.accounts.throttle import login as throttled_login

    name = name.strip()
    secret: bytes = request.app.state.secret
    with request.app.state.db.session() as session:  # commits the failure it records, too
        result = throttled_login(session, name, password, client_address(request))
        who = result.user.name if result.user is not None else ""
        key = sessions.fingerprint(secret, result.user.password_hash) if result.user is not None else ""
    if not who:
        status = 429 if result.locked_until is not None else 401
        return page(request, "login.html", status, next=safe_next(next), login_name=name, message=result.message)
    response = RedirectResponse(safe_next(next), status_code=303)
    set_session_cookie(request, response, sessions.new_session(who, key))
    return response


@router.post("/logout", include_in_schema=False, dependencies=[Depends(csrf.check)])
def logout(request: Request) -> Response:
    response = RedirectResponse("/login", status_code=303)
    end_session(request, response)
    return response

"""CSRF protection for every form: a double-submit token.

The first page a browser gets sets an http-only ``csrf`` cookie holding a random token; the
page carries the same token in its forms (a hidden ``csrf_token`` field) and in a
``<meta name="csrf-token">`` that the page's scripts send as the ``X-CSRF-Token`` header.
A POST from a browser must present both, equal: another site can make the browser send the
cookie, but cannot read the token to put it in the form.  A request with an
``Authorization: Bearer`` header carries no cookie-based authority and is not checked.
"""

from __future__ import annotations

import hmac
import secrets

from fastapi import HTTPException, Request
from starlette.responses import Response

COOKIE = "csrf"
FIELD = "csrf_token"
HEADER = "x-csrf-token"
REFUSED = "表单缺少有效的安全令牌（请刷新页面后重试）/ the form has no valid CSRF token: reload the page and try again"


def token(request: Request) -> str:
    """The request's token: the cookie's, or a new one that ``set_cookie`` will send."""
    existing = request.cookies.get(COOKIE)
    if existing and len(existing) >= 32:
        return existing
    new = getattr(request.state, "csrf_new", None)
    if new is None:
        new = request.state.csrf_new = secrets.token_urlsafe(32)
    return str(new)


def set_cookie(request: Request, response: Response) -> None:
    new = getattr(request.state, "csrf_new", None)
    if new:
        response.set_cookie(COOKIE, new, httponly=True, samesite="lax", path="/",
                            secure=request.app.state.secure_cookies)


async def check(request: Request) -> None:
    """A FastAPI dependency for every POST: 403 unless the form or header token equals the cookie."""
    if request.headers.get("authorization", "").lower().startswith("bearer "):
        return
    cookie = request.cookies.get(COOKIE, "")
    sent = request.headers.get(HEADER, "")
    if not sent and "form" in request.headers.get("content-type", ""):
        form = await request.form()
        value = form.get(FIELD)
        sent = value if isinstance(value, str) else ""
    if not cookie or not sent or not hmac.compare_digest(cookie.encode(), sent.encode()):
        raise HTTPException(403, REFUSED)

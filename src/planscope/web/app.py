"""The workbench: ``create_app(db)`` builds the FastAPI application — the pages (Jinja2,
server-rendered, htmx for partial updates), the REST API under ``/api/v1`` and the vendored
static files.  ``planscope serve`` runs it with uvicorn.

Routes are thin: each reads its input, calls the view function the command line calls
(``planscope.views``), and renders the records.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from platformdirs import user_data_dir

from planscope import __version__
from planscope.store import Database
from planscope.web import csrf, sessions
from planscope.web.auth import AccountsAuthenticator, Authenticator, menu, signed_in
from planscope.web.errors import described
from planscope.web.i18n import COOKIE as LANG_COOKIE
from planscope.web.i18n import LANGS, Words, language

PACKAGE = resources.files("planscope.web")


def templates() -> Jinja2Templates:
    env_dir = str(PACKAGE / "templates")
    t = Jinja2Templates(directory=env_dir)
    t.env.autoescape = True  # every template, whatever its extension
    t.env.globals["version"] = __version__
    return t


TEMPLATES = templates()


def page(request: Request, name: str, status: int = 200, **context: Any) -> Response:
    """A page rendered with the words of the request's language, the CSRF token and the user."""
    lang = language(request)
    user = signed_in(request)
    context.update(w=Words(lang), lang=lang, csrf_token=csrf.token(request), user=user, menu=menu(user),
                   path=request.url.path)
    response = TEMPLATES.TemplateResponse(request, name, context, status_code=status)
    csrf.set_cookie(request, response)
    wanted = request.query_params.get("lang")
    if wanted in LANGS:
        response.set_cookie(LANG_COOKIE, wanted, samesite="lax", path="/", secure=request.app.state.secure_cookies)
    return response


def create_app(db: Database, authenticator: Authenticator | None = None, upload_dir: Path | None = None,
               secure_cookies: bool = True, secret: bytes | None = None) -> FastAPI:
    """The workbench over ``db``.  Who a request comes from: the library's accounts (a Bearer
    token or the session cookie, ``web.auth.AccountsAuthenticator``) unless ``authenticator``
    says otherwise.  Sessions are signed with ``secret`` (default: ``PLANSCOPE_SECRET`` or the
    data folder's secret file, ``web.sessions``).  Uploaded files are kept in ``upload_dir``
    (default: ``uploads`` in the user's data folder).  ``secure_cookies`` marks cookies
    ``Secure``: turn it off only for plain http on a loopback address."""
    from planscope.web.admin import router as admin_router
    from planscope.web.api import api_app
    from planscope.web.entry import router as entry_router
    from planscope.web.pages import router
    from planscope.web.signin import router as signin_router
    from planscope.web.tasks import router as tasks_router

    app = FastAPI(title="planscope", version=__version__, openapi_url=None, docs_url=None, redoc_url=None,
                  lifespan=_handler_threads)
    app.state.db = db
    app.state.secret = secret if secret is not None else sessions.load_secret()
    app.state.authenticator = authenticator or AccountsAuthenticator(db, app.state.secret)
    app.state.upload_dir = upload_dir or Path(user_data_dir("planscope", appauthor=False)) / "uploads"
    app.state.secure_cookies = secure_cookies
    app.mount("/static", StaticFiles(directory=str(PACKAGE / "static")), name="static")
    app.mount("/api/v1", api_app(app))
    from planscope.web.reports import router as reports_router  # the report page and downloads (web/reports.py)
    for r in (signin_router, router, entry_router, admin_router, tasks_router, reports_router):  # tasks: supervision
        app.include_router(r)
    _install_page_errors(app)
    _install_session_renewal(app)
    return app


# Routes and their dependencies are plain functions: they run in worker threads, this many
# at once (anyio's default is 40).  One process runs Python on one core whatever its threads;
# with 16 or 40 of them busy, every hand-over between a thread and the event loop waits its
# turn for the interpreter lock, and a dashboard's p95 under 50 users was 260 ms instead of
# ~70 ms with 4 (bench/web.py).  More requests wait in line instead: a queue, not a crowd.
HANDLER_THREADS = 4


@asynccontextmanager
async def _handler_threads(_app: FastAPI) -> AsyncIterator[None]:
    import anyio.to_thread

    anyio.to_thread.current_default_thread_limiter().total_tokens = HANDLER_THREADS
    yield


def _install_session_renewal(app: FastAPI) -> None:
    """A session's cookie is sent again, with a new "seen", when the authenticator asks for
    it (``request.state.session_renewal``) and the response sets no session cookie itself
    (sign-in and logout do).  Plain ASGI: no per-request cost beyond a dict lookup."""
    from starlette.datastructures import MutableHeaders
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

    def middleware(inner: ASGIApp) -> ASGIApp:
        async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != "http":
                await inner(scope, receive, send)
                return

            async def sending(message: Message) -> None:
                claims = scope.get("state", {}).get("session_renewal")
                if message["type"] == "http.response.start" and claims is not None:
                    headers = MutableHeaders(scope=message)
                    if not any(v.startswith(f"{sessions.COOKIE}=") for v in headers.getlist("set-cookie")):
                        headers.append("set-cookie", session_cookie(app, claims))
                await send(message)

            await inner(scope, receive, sending)

        return wrapped

    app.add_middleware(middleware)


def session_cookie(app: FastAPI, claims: sessions.Claims) -> str:
    """The Set-Cookie value of a session."""
    import time
    from http.cookies import SimpleCookie

    cookie: SimpleCookie = SimpleCookie()
    cookie[sessions.COOKIE] = sessions.encode(app.state.secret, claims)
    morsel = cookie[sessions.COOKIE]
    morsel["max-age"] = str(claims.max_age(int(time.time())))
    morsel["path"] = "/"
    morsel["httponly"] = True
    morsel["samesite"] = "lax"
    if app.state.secure_cookies:
        morsel["secure"] = True
    return morsel.OutputString()


def set_session_cookie(request: Request, response: Response, claims: sessions.Claims) -> None:
    response.headers.append("set-cookie", session_cookie(request.app, claims))


def end_session(request: Request, response: Response) -> None:
    response.delete_cookie(sessions.COOKIE, path="/", httponly=True, samesite="lax",
                           secure=request.app.state.secure_cookies)


def _install_page_errors(app: FastAPI) -> None:
    from fastapi.exceptions import RequestValidationError
    from starlette.exceptions import HTTPException

    from planscope.errors import PlanscopeError

    async def handler(request: Request, exc: Exception) -> Response:
        status, message, headers = described(exc)
        if status == 401:  # the sign-in form, on the page that asked (it comes back there)
            wanted = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            response = page(request, "login.html", 401, message=message, next=wanted, login_name="")
        else:
            response = page(request, "error.html", status, status_code=status, message=message)
        response.headers.update(headers)
        return response

    for kind in (HTTPException, RequestValidationError, PlanscopeError, Exception):
        app.add_exception_handler(kind, handler)

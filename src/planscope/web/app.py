"""The workbench: ``create_app(db)`` builds the FastAPI application — the pages (Jinja2,
server-rendered, htmx for partial updates), the REST API under ``/api/v1`` and the vendored
static files.  ``planscope serve`` runs it with uvicorn.

Routes are thin: each reads its input, calls the view function the command line calls
(``planscope.views``), and renders the records.
"""

from __future__ import annotations

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
from planscope.web import csrf
from planscope.web.auth import Authenticator
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
    context.update(w=Words(lang), lang=lang, csrf_token=csrf.token(request),
                   user=getattr(request.state, "user", None), path=request.url.path)
    response = TEMPLATES.TemplateResponse(request, name, context, status_code=status)
    csrf.set_cookie(request, response)
    wanted = request.query_params.get("lang")
    if wanted in LANGS:
        response.set_cookie(LANG_COOKIE, wanted, samesite="lax", path="/", secure=request.app.state.secure_cookies)
    return response


def create_app(db: Database, authenticator: Authenticator | None = None, upload_dir: Path | None = None,
               secure_cookies: bool = True) -> FastAPI:
    """The workbench over ``db``.  ``authenticator`` says who a request comes from (see
    ``planscope.web.auth``; without one nobody is signed in).  Uploaded files are kept in
    ``upload_dir`` (default: ``uploads`` in the user's data folder).  ``secure_cookies``
    marks cookies ``Secure``: turn it off only for plain http on a loopback address."""
    from planscope.web.api import api_app
    from planscope.web.pages import router

    app = FastAPI(title="planscope", version=__version__, openapi_url=None, docs_url=None, redoc_url=None)
    app.state.db = db
    app.state.authenticator = authenticator
    app.state.upload_dir = upload_dir or Path(user_data_dir("planscope", appauthor=False)) / "uploads"
    app.state.secure_cookies = secure_cookies
    app.mount("/static", StaticFiles(directory=str(PACKAGE / "static")), name="static")
    app.mount("/api/v1", api_app(app))
    app.include_router(router)
    _install_page_errors(app)
    return app


def _install_page_errors(app: FastAPI) -> None:
    from fastapi.exceptions import RequestValidationError
    from starlette.exceptions import HTTPException

    from planscope.errors import PlanscopeError

    async def handler(request: Request, exc: Exception) -> Response:
        status, message, headers = described(exc)
        response = page(request, "error.html", status, status_code=status, message=message)
        response.headers.update(headers)
        return response

    for kind in (HTTPException, RequestValidationError, PlanscopeError, Exception):
        app.add_exception_handler(kind, handler)

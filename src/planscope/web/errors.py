"""One error shape for the API, ``{"error": {"code", "message"}}``, for every error (404,
422, 401, 403, 500 …), and the same messages as an HTML page for the pages.

Domain errors keep the one-line message the command line prints (``planscope.errors``);
a bug is a 500 whose message says so without the traceback.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from planscope.errors import (
    AccountError,
    ConflictError,
    InputError,
    NotFound,
    OverrideError,
    PermissionDenied,
    PlanscopeError,
    StoreError,
    SupervisionError,
)

log = logging.getLogger("planscope.web")

CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
         409: "conflict", 413: "too_large", 422: "invalid", 429: "too_many_requests", 500: "internal",
         503: "unavailable"}
INTERNAL = "服务器内部错误，已记录 / internal error: it has been logged"
# Starlette's own details (a path no route has, a method a route lacks), in both languages
PLAIN = {"Not Found": "没有这个页面或接口 / not found",
         "Method Not Allowed": "不支持此请求方法 / method not allowed"}


def status_of(err: PlanscopeError) -> int:
    if isinstance(err, NotFound):
        return 404
    if isinstance(err, PermissionDenied):
        return 403
    if isinstance(err, ConflictError):  # someone else wrote first: nothing of this request was stored
        return 409
    if isinstance(err, InputError | OverrideError | AccountError | SupervisionError):
        return 422
    if isinstance(err, StoreError):
        return 503
    return 400


def body(status: int, message: str) -> dict[str, Any]:
    return {"error": {"code": CODES.get(status, "error"), "message": message}}


def _validation_message(err: RequestValidationError) -> str:
    parts = []
    for e in err.errors():
        where = ".".join(str(x) for x in e.get("loc", ()) if x != "body")
        parts.append(f"{where}: {e.get('msg', '')}")
    return "请求参数有误 / invalid request: " + "; ".join(parts)


def described(exc: Exception) -> tuple[int, str, dict[str, str]]:
    """(status, message, headers) of any exception a route raised."""
    if isinstance(exc, HTTPException):
        detail = str(exc.detail)
        return exc.status_code, PLAIN.get(detail, detail), dict(exc.headers or {})
    if isinstance(exc, RequestValidationError):
        return 422, _validation_message(exc), {}
    if isinstance(exc, PlanscopeError):
        return status_of(exc), str(exc), {}
    log.exception("unhandled error", exc_info=exc)
    return 500, INTERNAL, {}


def install_json_errors(app: FastAPI) -> None:
    """Every error of ``app`` as the one JSON shape."""

    async def handler(request: Request, exc: Exception) -> Response:
        status, message, headers = described(exc)
        return JSONResponse(body(status, message), status_code=status, headers=headers)

    for kind in (HTTPException, RequestValidationError, PlanscopeError, Exception):
        app.add_exception_handler(kind, handler)

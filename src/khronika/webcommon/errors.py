"""Every error as a sentence a person can act on: JSON ``{"error": ...}`` under /api, an
HTML page elsewhere (drawn by the page renderer the app passes to
:func:`install_error_handlers`). Never a stack trace."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import HTTP_STATUS, KhronikaError, NotFoundError
from ..store import STORE_FAULTS, is_damage
from .responses import SafeJSONResponse

log = logging.getLogger("khronika.api")

GENERIC = (
    "Something went wrong on the server while answering this request. Nothing was changed;"
    " try again, and if it keeps happening tell whoever runs this khronika server."
)
STORE_DAMAGED = (
    "The record's store is damaged: SQLite found a page that does not check. Nothing was"
    " changed. Whoever runs this khronika server must restore it from backup (khronika"
    " restore) and run khronika verify on it."
)
STORE_BUSY = "The record could not be read just now. Nothing was changed; try again in a moment."
PageRenderer = Callable[[Request, int, str, str], Response]
"""Draws an error page: (request, status, message, hint)."""

HINTS = {
    404: "Check the address, or find what you are looking for from the incidents list or search.",
    400: "Correct the value and try again.",
    422: "Correct the value and try again.",
    405: "This address cannot be used that way.",
}


def is_api(request: Request) -> bool:
    path = request.url.path
    return path == "/api" or path.startswith("/api/") or path == "/openapi.json"


def status_for(error: KhronikaError) -> int:
    for cls in type(error).__mro__:
        if cls in HTTP_STATUS:
            return HTTP_STATUS[cls]
    return 500


def public_message(request: Request, message: str) -> str:
    """The message without the server's file paths."""
    where = request.app.state.db_path
    for path in dict.fromkeys((str(where), str(getattr(where, "name", where)))):
        message = message.replace(f" in {path}", "").replace(path, "the record")
    return message


def error_response(request: Request, status: int, message: str, **extra: Any) -> Response:
    if is_api(request):
        return SafeJSONResponse({"error": message, **extra}, status_code=status)
    render: PageRenderer | None = getattr(request.app.state, "render_error", None)
    if render is None:  # an app without pages: the sentence alone
        return Response(message, status_code=status, media_type="text/plain; charset=utf-8")
    return render(request, status, message, HINTS.get(status, ""))


def validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = [str(p) for p in err.get("loc", ()) if p not in ("query", "path", "body")]
        name = ".".join(where) or "request"
        value = err.get("input")
        shown = f" (got {str(value)[:40]!r})" if isinstance(value, str | int | float) else ""
        hint = " (write dates as YYYY-MM-DD)" if str(err.get("type", "")).startswith("date") else ""
        parts.append(f"{name}: {err.get('msg', 'invalid value')}{shown}{hint}")
    return "Bad request: " + "; ".join(parts) + "."


def install_error_handlers(app: FastAPI, render_error: PageRenderer | None = None) -> None:
    """Every error answered once, here: JSON under /api, else the page ``render_error``
    draws."""
    app.state.render_error = render_error

    @app.exception_handler(KhronikaError)
    async def khronika_error(request: Request, exc: KhronikaError) -> Response:
        status = status_for(exc)
        if status >= 500 and not isinstance(exc, NotFoundError):
            log.error("khronika error answering %s: %s", request.url.path, exc)
        return error_response(request, status, public_message(request, exc.message))

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        status = 422 if is_api(request) else 400
        return error_response(request, status, validation_message(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = "Nothing is at this address." if exc.status_code == 404 else str(exc.detail)
        response = error_response(request, exc.status_code, message)
        if exc.headers:
            response.headers.update(exc.headers)
        return response

    async def store_error(request: Request, exc: Exception) -> Response:
        log.exception("store error answering %s", request.url.path)
        if is_damage(exc):
            return error_response(request, 503, STORE_DAMAGED)
        return error_response(request, 503, STORE_BUSY)

    for fault in STORE_FAULTS:
        app.add_exception_handler(fault, store_error)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error answering %s", request.url.path)
        return error_response(request, 500, GENERIC)

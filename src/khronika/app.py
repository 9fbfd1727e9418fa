"""The FastAPI application, assembled at the top: the JSON API (:mod:`khronika.api`), the
pages (:mod:`khronika.web`), the static files and the error pages. Both halves share the
plumbing of :mod:`khronika.webcommon` and neither imports the other."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.staticfiles import StaticFiles

from .api import router as api_router
from .store import StorePool, location
from .web import STATIC_DIR
from .web.actors import router as actors_router
from .web.admin import router as admin_router
from .web.auth import enforce
from .web.auth import router as auth_router
from .web.evidence import router as evidence_router
from .web.explore import router as explore_router
from .web.exports import router as exports_router
from .web.history import router as history_router
from .web.merging import router as merging_router
from .web.pages import router as pages_router
from .web.queue import router as queue_router
from .web.render import render_error
from .web.review import MAX_UPLOAD_BYTES
from .web.review import router as review_router
from .web.server import ForwardedWarning
from .webcommon.errors import error_response, install_error_handlers
from .webcommon.redaction import OpaqueLinks, redact_for_viewers
from .webcommon.responses import SafeJSONResponse

# Pages work without any script; the map page adds khronika's own files (Leaflet, served from
# /static): never an inline script, never another origin. Styles, images, forms: khronika's.
CSP = (
    "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none';"
    " form-action 'self'; frame-ancestors 'none'; img-src 'self' data:"
)


def _version() -> str:
    try:
        return version("khronika")
    except PackageNotFoundError:
        return "0"


async def security_headers(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    response = await call_next(request)
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    response.headers.setdefault("X-Frame-Options", "DENY")
    if not request.url.path.startswith("/static/"):  # khronika's own scripts and styles
        # Never kept by a browser, a proxy or the back button: a record read on a shared or
        # seized machine must not be left in its cache.
        response.headers.setdefault("Cache-Control", "no-store")
    return response


BODY_LIMIT = MAX_UPLOAD_BYTES + 256 * 1024  # the largest upload, with its form around it


async def limit_body(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    """Refuse a request body larger than any upload before it is read (it would otherwise be
    spooled to a temporary file in plaintext), and one whose size is not declared."""
    if request.method in ("POST", "PUT", "PATCH"):
        length = request.headers.get("content-length", "")
        if not length.isdigit():
            return error_response(request, 411, "Send the form again: its size was not given.")
        if int(length) > BODY_LIMIT:
            limit = MAX_UPLOAD_BYTES // (1024 * 1024)
            message = (
                f"This upload is larger than {limit} MB: split the report, or ingest it from "
                "the command line."
            )
            return error_response(request, 413, message)
    return await call_next(request)


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    yield
    app.state.stores.close()  # the stores lent to requests, closed when the server stops


def create_app(db_path: str | Path, passphrase: str | None = None) -> FastAPI:
    """The web app and API over the store at ``db_path`` (opened anew for each request)."""
    app = FastAPI(
        title="khronika",
        version=_version(),
        description="A verified, sourced record of human-rights incidents.",
        docs_url=None,  # the interactive docs load scripts from a CDN: not here
        redoc_url=None,
        default_response_class=SafeJSONResponse,
        lifespan=_lifespan,
    )
    app.state.db_path = location(db_path)
    app.state.stores = StorePool(db_path, passphrase)
    app.state.opaque_links = OpaqueLinks()  # viewers' links that would name a withheld person
    install_error_handlers(app, render_error)  # the pages draw the errors outside /api
    app.middleware("http")(redact_for_viewers)  # innermost: after the account is known
    app.middleware("http")(enforce)  # inside the headers: refusals get them too
    app.middleware("http")(limit_body)
    app.middleware("http")(security_headers)
    # Outermost: pages and answers travel compressed (slow connections); the form tokens in
    # them are masked afresh on every page, so compression cannot leak them (formtoken.mask).
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    app.include_router(auth_router)
    app.include_router(admin_router)
    app.include_router(api_router)
    app.include_router(review_router)  # before the pages: /reports/new is not a report id
    app.include_router(merging_router)
    app.include_router(exports_router)
    app.include_router(actors_router)
    app.include_router(queue_router)
    app.include_router(history_router)
    app.include_router(pages_router)
    app.include_router(evidence_router)
    app.include_router(explore_router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app


def worker_app() -> Any:
    """The app of one of several uvicorn worker processes (``serve --workers N``): the store,
    its passphrase and the trusted proxies from the environment ``khronika serve`` set."""
    app = create_app(os.environ["KHRONIKA_DB"], os.environ.get("KHRONIKA_PASSPHRASE") or None)
    trusted = [p for p in os.environ.get("KHRONIKA_TRUSTED_PROXIES", "").split(",") if p]
    return app if trusted else ForwardedWarning(app)

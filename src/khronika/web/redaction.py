"""Everything a viewer receives passes through one redactor (:mod:`khronika.security.redact`).

The middleware sits between the account check and the routes, so no page, API answer,
search snippet, map layer or export can forget it: for a viewer, every HTML, JSON, CSV or
text body is redacted before it leaves, and a request that names a withheld person (a search,
an actor filter, an actor page) is refused, so that counting hits cannot tell a viewer whom a
``[withheld]`` stands for. Original reports cannot be redacted byte for byte and are refused
to viewers by their route. The list of withheld people is drawn from the record and kept
until the record changes (its chain head moves).
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Awaitable, Callable

from fastapi import Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from ..api.deps import lease_store
from ..api.responses import safe_dumps
from ..errors import AccessError
from ..security.redact import Redactor
from .auth import current_account

REFUSED_QUERY = (
    "A viewer account cannot search or filter by the name of a person the record protects;"
    " ask an analyst."
)
REFUSED_ORIGINAL = (
    "A viewer account cannot download original reports: they may name witnesses."
    " Read the report page, or ask an analyst."
)


def must_withhold(request: Request) -> bool:
    """Whether names are withheld from whoever is asking (a viewer account)."""
    account = current_account(request)
    return account is not None and account.role == "viewer"


def refuse_originals(request: Request) -> None:
    if must_withhold(request):
        raise AccessError(REFUSED_ORIGINAL)


def redactor_for(request: Request) -> Redactor:
    """The redactor for the record as it is now (rebuilt when the chain head moves)."""
    state = request.app.state
    with lease_store(request) as store:
        head = store.chain_head()
        cached: tuple[object, Redactor] | None = getattr(state, "redactor", None)
        if cached is not None and cached[0] == head:
            return cached[1]
        redactor = Redactor.for_store(store)
    state.redactor = (head, redactor)
    return redactor


def redact_body(redactor: Redactor, body: bytes, content_type: str) -> bytes:
    """The body with names withheld, by its media type; other bodies are left as they are."""
    kind = content_type.split(";")[0].strip().lower()
    if not (kind.startswith("text/") or "json" in kind):
        return body
    text = body.decode("utf-8", errors="replace")
    if "json" in kind:
        try:
            return safe_dumps(redactor.value(json.loads(text))).encode("utf-8")
        except ValueError:
            pass
    if kind == "text/html":
        return redactor.html(text).encode("utf-8")
    return redactor.text(text).encode("utf-8")


def _asks_about(redactor: Redactor, request: Request) -> bool:
    wanted = urllib.parse.unquote_plus(f"{request.url.path} {request.url.query}")
    return redactor.mentions(wanted)


async def redact_for_viewers(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    """Middleware: for a viewer, refuse questions about withheld people, redact answers."""
    if not must_withhold(request) or request.url.path.startswith("/static/"):
        return await call_next(request)
    redactor = await run_in_threadpool(redactor_for, request)  # reads the store: off the loop
    if _asks_about(redactor, request):
        from ..api.errors import error_response

        return error_response(request, 403, REFUSED_QUERY)
    response = await call_next(request)
    body = b"".join([chunk async for chunk in response.body_iterator])  # type: ignore[attr-defined]
    body = redact_body(redactor, body, response.headers.get("content-type", ""))
    redacted = Response(body, status_code=response.status_code)
    kept = [(k, v) for k, v in response.raw_headers if k.lower() != b"content-length"]
    redacted.raw_headers = [*kept, (b"content-length", str(len(body)).encode())]
    return redacted

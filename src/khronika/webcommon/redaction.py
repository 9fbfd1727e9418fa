"""Everything a viewer receives passes through one redactor (:mod:`khronika.security.redact`).

The middleware sits between the account check and the routes, so no page, API answer,
search snippet, map layer or export can forget it: for a viewer, every HTML, JSON, CSV or
text body is redacted before it leaves, and a request that names a withheld person (a search,
a place, an actor page) is refused, so that counting hits cannot tell a viewer whom a
``[withheld]`` stands for. A viewer filters by actor with the id of an actor they may see
(``?actor=`` anything else is refused, the same way whatever it is), and filters match
literally (``%`` and ``_`` are letters), so a name cannot be rebuilt letter by letter. Links
that would carry a withheld name (``/reports/fld-smirnova``) carry an opaque token instead
(``/reports/~...``), which the middleware turns back into the id for the next request.
Original reports cannot be redacted byte for byte and are refused to viewers by their route.
The list of withheld people is drawn from the record and kept until the record changes (its
chain head moves).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import urllib.parse
from collections.abc import Awaitable, Callable

from fastapi import Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from ..errors import AccessError
from ..security.redact import Redactor
from .account import must_withhold
from .deps import lease_store
from .errors import error_response
from .responses import safe_dumps

REFUSED_QUERY = (
    "A viewer account cannot search or filter by the name of a person the record protects;"
    " ask an analyst."
)
REFUSED_ACTOR = (
    "A viewer account filters by actor with the id of an actor listed on the actors page"
    " (for example committee-against-torture), not by a name."
)
EXPIRED_LINK = "This link is out of date: open the page again from the incident list."
REFUSED_ORIGINAL = (
    "A viewer account cannot download original reports: they may name witnesses."
    " Read the report page, or ask an analyst."
)


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


class OpaqueLinks:
    """Opaque tokens for ids and path segments that name a withheld person: ``~`` and a keyed
    digest of the value, so a token says nothing about it; the app keeps which value each
    token stands for (tokens of an earlier server run are out of date)."""

    def __init__(self) -> None:
        self.key = secrets.token_bytes(32)
        self.values: dict[str, str] = {}

    def token(self, value: str) -> str:
        digest = hmac.new(self.key, value.encode("utf-8"), hashlib.sha256).digest()
        token = "~" + base64.urlsafe_b64encode(digest[:15]).decode("ascii")
        self.values[token] = value
        return token

    def value(self, token: str) -> str | None:
        return self.values.get(token)


def opaque_links(request: Request) -> OpaqueLinks:
    links: OpaqueLinks | None = getattr(request.app.state, "opaque_links", None)
    if links is None:
        links = request.app.state.opaque_links = OpaqueLinks()
    return links


def redact_body(
    redactor: Redactor, body: bytes, content_type: str, links: OpaqueLinks | None = None
) -> bytes:
    """The body with names withheld, by its media type; other bodies are left as they are."""
    kind = content_type.split(";")[0].strip().lower()
    if not (kind.startswith("text/") or "json" in kind):
        return body
    opaque = links.token if links is not None else None
    text = body.decode("utf-8", errors="replace")
    if "json" in kind:
        try:
            return safe_dumps(redactor.value(json.loads(text), opaque)).encode("utf-8")
        except ValueError:
            pass
    if kind == "text/html":
        return redactor.html(text, opaque).encode("utf-8")
    return redactor.text(text).encode("utf-8")


def _asks_about(redactor: Redactor, request: Request) -> bool:
    """Whether the path or the query names a withheld person (opaque tokens aside)."""
    path = [s for s in request.url.path.split("/") if not s.startswith("~")]
    query = [v for _, v in request.query_params.multi_items() if not v.startswith("~")]
    query += list(request.query_params.keys())
    return redactor.mentions(urllib.parse.unquote_plus(" ".join(path + query)))


def _actor_refused(redactor: Redactor, request: Request) -> bool:
    """A viewer's actor filter that is not the id of an actor they may see (one answer for a
    name, part of one, an unknown id or a withheld person's id: none tells anything)."""
    asked = [v.strip() for v in request.query_params.getlist("actor") if v.strip()]
    return any(v not in redactor.visible_actors and not v.startswith("~") for v in asked)


def _open_tokens(request: Request) -> bool:
    """Turn the opaque tokens of the request's path and query back into what they stand for
    (in the ASGI scope the routes read); False if one is unknown."""
    links = opaque_links(request)
    scope = request.scope
    segments = scope["path"].split("/")
    pairs = urllib.parse.parse_qsl(scope.get("query_string", b"").decode("latin-1"), True)
    if not any(s.startswith("~") for s in segments) and not any(
        v.startswith("~") for _, v in pairs
    ):
        return True
    opened = [links.value(s) if s.startswith("~") else s for s in segments]
    values = [(k, links.value(v) if v.startswith("~") else v) for k, v in pairs]
    if None in opened or any(v is None for _, v in values):
        return False
    path = "/".join(str(s) for s in opened)
    scope["path"] = path
    scope["raw_path"] = "/".join(urllib.parse.quote(str(s), safe="") for s in opened).encode()
    scope["query_string"] = urllib.parse.urlencode(values).encode("latin-1")
    return True


def _refusal(request: Request, redactor: Redactor) -> Response | None:
    if _actor_refused(redactor, request):
        # Answered without the query (the page's language links would echo it, and how a
        # name is echoed would tell it from any other word).
        bare = Request({**request.scope, "query_string": b""}, request.receive)
        return error_response(bare, 400, REFUSED_ACTOR)
    if _asks_about(redactor, request):
        return error_response(request, 403, REFUSED_QUERY)
    if not _open_tokens(request):
        return error_response(request, 404, EXPIRED_LINK)
    return None


async def redact_for_viewers(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    """Middleware: for a viewer, refuse questions about withheld people, redact answers."""
    if not must_withhold(request) or request.url.path.startswith("/static/"):
        return await call_next(request)
    redactor = await run_in_threadpool(redactor_for, request)  # reads the store: off the loop
    refused = _refusal(request, redactor)  # redacted too: it may echo the request's path
    response = refused if refused is not None else await call_next(request)
    if refused is not None:
        body = bytes(refused.body)
    else:
        body = b"".join([chunk async for chunk in response.body_iterator])  # type: ignore[attr-defined]
    content_type = response.headers.get("content-type", "")
    body = redact_body(redactor, body, content_type, opaque_links(request))
    redacted = Response(body, status_code=response.status_code)
    kept = [(k, v) for k, v in response.raw_headers if k.lower() != b"content-length"]
    redacted.raw_headers = [*kept, (b"content-length", str(len(body)).encode())]
    return redacted

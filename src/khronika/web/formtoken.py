"""The token every form that changes something carries, and the login form's own pair.

A form token is an HMAC, keyed by a secret the server draws when it starts, of the digest of
the session's token: a token taken from another session's page, or made up by another site,
is refused. In single-user local mode (no account in the store, so no session) it is the
HMAC of a fixed label. The login form, used before any session exists, has its own pair: a
short-lived random pre-session cookie (HttpOnly, SameSite=Strict) and, in a hidden field, the
HMAC of that cookie.

Every page carries its tokens *masked*: a fresh random mask and the token XOR the mask, so the
bytes differ on every page even though the token does not. Pages are sent compressed; without
the mask, an attacker who can make a victim's browser send requests and can watch the sizes of
the compressed answers could guess a token byte by byte (the BREACH attack).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
import urllib.parse
from typing import Annotated

from fastapi import Form, Request

from ..errors import AccessError

FORM_EXPIRED = "This form has expired or did not come from khronika: reload the page and try again."
OTHER_SITE = "Changes can only be made from khronika's own pages."
LOGIN_COOKIE = "khronika_login"
LOGIN_MINUTES = 30  # how long a login page may stay open before its form expires

_lock = threading.Lock()


def _secret(request: Request) -> bytes:
    state = request.app.state
    secret: bytes = getattr(state, "form_secret", b"")
    if not secret:
        with _lock:
            secret = getattr(state, "form_secret", b"") or secrets.token_bytes(32)
            state.form_secret = secret
    return secret


def _mac(request: Request, label: bytes) -> str:
    return hmac.new(_secret(request), label, hashlib.sha256).hexdigest()


def _same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def mask(token: str) -> str:
    """``token`` (hex) as a page carries it: a random mask, then the token XOR the mask."""
    raw = bytes.fromhex(token)
    pad = secrets.token_bytes(len(raw))
    return (pad + bytes(a ^ b for a, b in zip(raw, pad, strict=True))).hex()


def unmask(masked: str) -> str:
    """The token inside a masked one ("" for anything that is not one)."""
    try:
        data = bytes.fromhex(masked)
    except ValueError:
        return ""
    half = len(data) // 2
    if half == 0 or len(data) != 2 * half:
        return ""
    return bytes(a ^ b for a, b in zip(data[half:], data[:half], strict=True)).hex()


def _session_token(request: Request) -> str:
    digest: str = getattr(request.state, "session_digest", "")
    if digest:
        return _mac(request, b"khronika-session\x00" + digest.encode("ascii"))
    return _mac(request, b"khronika-review-form")


def form_token(request: Request) -> str:
    """The token of this session's forms (bound to the ``session_digest`` the account check
    sets), masked afresh for each page."""
    return mask(_session_token(request))


def check_form(request: Request, token: str) -> None:
    """Refuse (403) a form without this session's token, or posted from another site."""
    if not token or not _same(unmask(token), _session_token(request)):
        raise AccessError(FORM_EXPIRED)
    origin = request.headers.get("origin")
    # "null" is what browsers send under our no-referrer policy; the token still holds.
    if origin and origin != "null" and urllib.parse.urlsplit(origin).netloc != request.url.netloc:
        raise AccessError(OTHER_SITE)


def checked_form(request: Request, token: Annotated[str, Form()] = "") -> None:
    """A dependency: the form's token is checked before anything else of the form."""
    check_form(request, token)


def new_login_nonce() -> str:
    """The value of a pre-session cookie: its expiry (Unix seconds) and a random part."""
    return f"{int(time.time()) + LOGIN_MINUTES * 60}.{secrets.token_urlsafe(24)}"


def _expiry(nonce: str) -> int:
    expires = nonce.split(".", 1)[0]
    return int(expires) if expires.isdigit() and "." in nonce else 0


def login_nonce(request: Request) -> tuple[str, bool]:
    """The browser's pre-session cookie if it has more than half its life left (so that a
    second login tab, or the favicon's redirect to /login, does not expire the first page's
    form), else a new one; and whether it is new (to be set)."""
    nonce = request.cookies.get(LOGIN_COOKIE, "")
    if _expiry(nonce) - time.time() > LOGIN_MINUTES * 30:
        return nonce, False
    return new_login_nonce(), True


def _login_mac(request: Request, nonce: str) -> str:
    return _mac(request, b"khronika-login\x00" + nonce.encode("utf-8"))


def login_token(request: Request, nonce: str) -> str:
    """The login form's token for this pre-session cookie, masked afresh for each page."""
    return mask(_login_mac(request, nonce))


def login_token_ok(request: Request, token: str) -> bool:
    """Whether the login form's token matches the pre-session cookie, which has not expired."""
    nonce = request.cookies.get(LOGIN_COOKIE, "")
    if not token or _expiry(nonce) < time.time():
        return False
    return _same(unmask(token), _login_mac(request, nonce))


def fact_key(fact: object, index: int) -> str:
    """Names a fact in a form without putting report text into an attribute: its position
    and a digest of its field and value (so a changed incident is noticed)."""
    field, value = getattr(fact, "field", ""), getattr(fact, "value", "")
    digest = hashlib.sha256(f"{field}\x00{value}".encode()).hexdigest()[:16]
    return f"{index}:{digest}"

"""Accounts and roles: admin, analyst (may change the record), viewer (reads; the names of
victims who are persons are withheld).

When the store holds no account at all (a fresh or demo store) khronika runs in
*single-user local mode*: every page and route is open, as before accounts existed, and
``khronika serve`` warns about it. Once one account exists (``khronika user add``), every
route except /login, /static/* and /openapi.json needs a session: the API answers 401, the
pages send the browser to /login. A session is a random token in an HttpOnly, SameSite=Strict
cookie; the store keeps only its SHA-256 digest, with an expiry. Passwords are kept only as
Argon2id hashes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from ..store import Store

ROLES = ("admin", "analyst", "viewer")
COOKIE = "khronika_session"
SESSION_HOURS = 12
WITHHELD = "[withheld]"
OPEN_PATHS = ("/login", "/openapi.json")
READ_METHODS = ("GET", "HEAD", "OPTIONS")

_hasher = PasswordHasher()  # Argon2id with the library's (RFC 9106 low-memory) parameters
_DUMMY = _hasher.hash("khronika: a password nobody has")

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True)
class Account:
    name: str
    role: str

    @property
    def may_change(self) -> bool:
        return self.role in ("admin", "analyst")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def check_password(stored: str | None, password: str) -> bool:
    try:
        return _hasher.verify(stored or _DUMMY, password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def current_account(request: Request) -> Account | None:
    """The logged-in account, or None (no login, or single-user local mode)."""
    account: Account | None = getattr(request.state, "account", None)
    return account


def withhold_people(
    record: dict[str, Any], others: tuple[dict[str, Any], ...] = ()
) -> dict[str, Any]:
    """An incident record with the names of victims who are persons (in it or in ``others``,
    the records shown beside it) withheld: in the victims list and wherever else the record
    repeats them (facts, quotes, evidence, history)."""
    people = [
        entry
        for one in (record, *others)
        for entry in one.get("victims", [])
        if entry.get("kind") == "person"
    ]
    names = {str(entry["name"]) for entry in people if entry.get("name")}
    ids = {str(entry["actor_id"]) for entry in people if entry.get("actor_id")}
    if not names:
        return record
    pattern = re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)))

    def scrub(value: Any) -> Any:
        if isinstance(value, str):
            return WITHHELD if value in ids else pattern.sub(WITHHELD, value)
        if isinstance(value, dict):
            return {key: scrub(item) for key, item in value.items()}
        if isinstance(value, list | tuple):
            return [scrub(item) for item in value]
        return value

    scrubbed: dict[str, Any] = scrub(record)
    return scrubbed


def must_withhold(request: Request) -> bool:
    account = current_account(request)
    return account is not None and account.role == "viewer"


def _store(request: Request) -> Store:
    return Store(request.app.state.db_path, getattr(request.app.state, "passphrase", None))


def _is_open(path: str) -> bool:
    return path in OPEN_PATHS or path == "/static" or path.startswith("/static/")


def _refuse(request: Request, status: int, message: str) -> Response:
    from ..api.errors import error_response, is_api

    if status == 401 and not is_api(request):
        return RedirectResponse("/login", status_code=303)
    response = error_response(request, status, message)
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Cookie realm="khronika"'
    return response


async def enforce(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    """Middleware: who is asking, and may they?"""
    request.state.account = None
    if _is_open(request.url.path):
        return await call_next(request)
    token = request.cookies.get(COOKIE, "")
    with _store(request) as store:
        if store.user_count() == 0:  # single-user local mode
            return await call_next(request)
        found = store.session_user(token_digest(token)) if token else None
    if found is None:
        return _refuse(request, 401, "Log in first: this khronika has accounts.")
    account = Account(*found)
    request.state.account = account
    changes = request.method not in READ_METHODS and request.url.path != "/logout"
    if changes and not account.may_change:
        return _refuse(request, 403, "A viewer account cannot change the record.")
    return await call_next(request)


@router.get("/login")
def login_page(request: Request) -> Response:
    from .pages import render

    return render(request, "login.html", error="")


@router.post("/login")
def login(
    request: Request, name: Annotated[str, Form()], password: Annotated[str, Form()]
) -> Response:
    from .pages import render

    with _store(request) as store:
        found = store.user(name.strip())
        if not check_password(found[1] if found else None, password):
            return render(request, "login.html", status_code=401, error="Wrong name or password.")
        token = secrets.token_urlsafe(32)
        expires = dt.datetime.now(dt.UTC) + dt.timedelta(hours=SESSION_HOURS)
        store.add_session(token_digest(token), name.strip(), expires.isoformat(timespec="seconds"))
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(
        COOKIE,
        token,
        max_age=SESSION_HOURS * 3600,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
    )
    return response


@router.post("/logout")
def logout(request: Request) -> Response:
    token = request.cookies.get(COOKIE, "")
    if token:
        with _store(request) as store:
            store.delete_session(token_digest(token))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response

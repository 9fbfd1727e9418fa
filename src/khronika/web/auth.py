"""Accounts and roles: admin (also manages accounts), analyst (may change the record), viewer
(reads, with the names of people a report could endanger withheld: :mod:`.redaction`).

When the store holds no account at all (a fresh or demo store) khronika runs in
*single-user local mode*: every page and route is open, as before accounts existed, and
``khronika serve`` warns about it. Once one account exists (``khronika user add``), every
route except /login, /static/* and /openapi.json needs a session: the API answers 401, the
pages send the browser to /login. A session is a random token in an HttpOnly, SameSite=Strict
cookie; the store keeps only its SHA-256 digest, with an expiry. Passwords are kept only as
Argon2id hashes.

Every form that changes something carries a token bound to the session, and the login form a
token bound to a short-lived pre-session cookie (see :mod:`.formtoken`); a login always starts
a fresh session. After 5 failed logins for one account name, or 20 from one address, within
15 minutes, further attempts are refused (429) for a while, even with the right password.
Logins, logouts and the start of a lockout are changes in the chain (``user:NAME``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from ..accounts import check_password, clean_name
from ..store import SessionUser, Store
from ..webcommon.account import Account, current_account
from ..webcommon.deps import lease_store
from ..webcommon.errors import error_response, is_api
from .formtoken import (
    FORM_EXPIRED,
    LOGIN_COOKIE,
    LOGIN_MINUTES,
    checked_form,
    login_nonce,
    login_token,
    login_token_ok,
)
from .render import render

COOKIE = "khronika_session"
SESSION_HOURS = 12
OPEN_PATHS = ("/login", "/openapi.json")
READ_METHODS = ("GET", "HEAD", "OPTIONS")
ACCOUNT_LIMIT = 5  # failed logins for one account name ...
ADDRESS_LIMIT = 20  # ... or from one client address ...
LOCK_MINUTES = 15  # ... within this many minutes: further attempts are refused (429)

router = APIRouter(include_in_schema=False)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _is_open(path: str) -> bool:
    return path in OPEN_PATHS or path == "/static" or path.startswith("/static/")


def _refuse(request: Request, status: int, message: str) -> Response:
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
    # In a worker thread: the store may wait for a writer's lock, never the event loop.
    local, found = await run_in_threadpool(_session, request, token)
    if local:  # single-user local mode
        return await call_next(request)
    if found is None:
        return _refuse(request, 401, "Log in first: this khronika has accounts.")
    account = Account(*found)
    request.state.account = account
    request.state.session_digest = token_digest(token)  # what this session's forms are bound to
    changes = request.method not in READ_METHODS and request.url.path != "/logout"
    if changes and not account.may_change:
        return _refuse(request, 403, "A viewer account cannot change the record.")
    return await call_next(request)


def _session(request: Request, token: str) -> tuple[bool, SessionUser | None]:
    """(whether the store has no account, the session's user if the token is one)."""
    with lease_store(request) as store:
        if store.user_count() == 0:
            return True, None
        return False, store.session_user(token_digest(token)) if token else None


# ---- logging in and out ----------------------------------------------------------------


def _client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _iso(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="seconds")


@dataclass(frozen=True)
class Lockout:
    """Logins refused for a while: too many failed for one account name or one address."""

    scope: str  # "account" or "address"
    seconds: int  # how long it still lasts

    @property
    def minutes(self) -> int:
        return max(1, math.ceil(self.seconds / 60))

    @property
    def message(self) -> str:
        where = "for this account name" if self.scope == "account" else "from this address"
        unit = "minute" if self.minutes == 1 else "minutes"
        return (
            f"Too many failed logins {where}: wait {self.minutes} {unit}, then try again"
            " (ask an admin if you have forgotten your password)."
        )


def lockout(store: Store, name: str, client: str, now: dt.datetime) -> Lockout | None:
    """The lockout in force for this name or address, if any: the limit of failures reached
    within 15 minutes, the last of them less than 15 minutes ago (a lockout lasts 15 minutes
    from the failure that started it; attempts refused meanwhile are not failures)."""
    window = dt.timedelta(minutes=LOCK_MINUTES)
    since = _iso(now - 2 * window)
    checks = (
        ("account", ACCOUNT_LIMIT, store.login_failures(since, name=name)),
        ("address", ADDRESS_LIMIT, store.login_failures(since, client=client)),
    )
    for scope, limit, failures in checks:  # newest first
        times = [dt.datetime.fromisoformat(at) for at in failures[:limit]]
        if len(times) == limit and times[0] - times[-1] <= window:
            left = (times[0] + window - now).total_seconds()
            if left > 0:
                return Lockout(scope, math.ceil(left))
    return None


def _failed_login(store: Store, name: str, client: str, now: dt.datetime) -> None:
    """Note a failure; if it starts a lockout, that goes into the chain."""
    with store.transaction():
        before = lockout(store, name, client, now)
        store.add_login_failure(name, client, _iso(now), _iso(now - dt.timedelta(days=1)))
        after = lockout(store, name, client, now)
        if before is None and after is not None:
            limit = ACCOUNT_LIMIT if after.scope == "account" else ADDRESS_LIMIT
            detail = {"scope": after.scope, "failures": limit, "minutes": LOCK_MINUTES}
            store.record_change(f"user:{name}", "login_locked", None, json.dumps(detail))


def _open_session(store: Store, request: Request, name: str, role: str) -> str:
    """A fresh session (any session the browser came with ends: no fixation); in the chain."""
    token = secrets.token_urlsafe(32)
    expires = dt.datetime.now(dt.UTC) + dt.timedelta(hours=SESSION_HOURS)
    old = request.cookies.get(COOKIE, "")
    with store.transaction():
        if old:
            store.delete_session(token_digest(old))
        store.add_session(token_digest(token), name, _iso(expires))
        store.clear_login_failures(name)
        store.record_change(f"user:{name}", "login", None, json.dumps({"role": role}))
    return token


def login_form(request: Request, status: int = 200, error: str = "") -> Response:
    """The login page: the pre-session cookie (the browser's, or a new one) and its token."""
    nonce, new = login_nonce(request)
    token = login_token(request, nonce)
    response = render(request, "login.html", status, error=error, login_token=token)
    if new:
        _set_login_cookie(request, response, nonce)
    return response


def _private_cookie(
    request: Request, response: Response, name: str, value: str, seconds: int, path: str
) -> None:
    """A cookie scripts cannot read, sent to this site only (and only over HTTPS if served so)."""
    response.set_cookie(
        name,
        value,
        max_age=seconds,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path=path,
    )


def _set_login_cookie(request: Request, response: Response, nonce: str) -> None:
    _private_cookie(request, response, LOGIN_COOKIE, nonce, LOGIN_MINUTES * 60, "/login")


def _logged_in(request: Request, token: str) -> Response:
    response = RedirectResponse("/", status_code=303)
    _private_cookie(request, response, COOKIE, token, SESSION_HOURS * 3600, "/")
    response.delete_cookie(LOGIN_COOKIE, path="/login")
    return response


@router.get("/login")
def login_page(request: Request) -> Response:
    return login_form(request)


@router.post("/login")
def login(
    request: Request,
    name: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    token: Annotated[str, Form()] = "",
) -> Response:
    if not login_token_ok(request, token):
        return login_form(request, 403, FORM_EXPIRED)
    name, client, now = clean_name(name), _client_address(request), dt.datetime.now(dt.UTC)
    with lease_store(request) as store:
        locked = lockout(store, name, client, now)
        if locked is not None:  # refused even with the right password
            response = login_form(request, 429, locked.message)
            response.headers["Retry-After"] = str(locked.seconds)
            return response
        found = store.user(name)
        right = check_password(
            found.password_hash if found else None, password
        )  # as slow if unknown
        if found is None or not right:
            _failed_login(store, name, client, now)
            return login_form(request, 401, "Wrong name or password.")
        session = _open_session(store, request, name, found.role)
    return _logged_in(request, session)


@router.post("/logout", dependencies=[Depends(checked_form)])
def logout(request: Request) -> Response:
    token = request.cookies.get(COOKIE, "")
    account = current_account(request)
    if token:
        with lease_store(request) as store, store.transaction():
            store.delete_session(token_digest(token))
            if account is not None:
                store.record_change(f"user:{account.name}", "logout", None, "{}")
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response

"""Accounts, managed by an admin: the page /admin/accounts (add an account, change its role,
remove it) and the same use cases for the command line (``khronika user``).

Every change of an account is a change in the chain (action ``account``, detail
``{"change": "add" | "reset" | "role" | "remove", "name": ..., "role": ...}``, never a
password); ``reset`` is ``khronika user add`` giving an existing account a new password. The
last admin can be neither removed nor demoted, so that someone can always manage accounts.
Removing an account, or giving it a new password, ends its sessions.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from ..api.deps import lease_store
from ..errors import AccessError, ConfigError, KhronikaError, NotFoundError
from ..store import Store
from .auth import ROLES, Account, clean_name, current_account, hash_password
from .formtoken import checked_form

MIN_PASSWORD = 12
MAX_PASSWORD = 1024
NO_ACCOUNTS = (
    "This khronika has no account yet (single-user local mode): add the first admin with"
    " `khronika user add NAME --role admin`, then log in to manage accounts here."
)
NOT_ADMIN = "Only an admin can manage accounts: ask one of them."


# ---- the use cases (web and command line) ----------------------------------------------


def valid_name(name: str) -> str:
    cleaned = clean_name(name)
    if not cleaned or not cleaned.isprintable():
        raise ConfigError("Give the account a name (letters, digits, spaces; at most 80).")
    return cleaned


def valid_role(role: str) -> str:
    if role not in ROLES:
        raise ConfigError(f"A role is one of {', '.join(ROLES)}; {role!r} is not.")
    return role


def valid_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise ConfigError(f"Choose a password of at least {MIN_PASSWORD} characters.")
    if len(password) > MAX_PASSWORD:
        raise ConfigError(f"Choose a password of at most {MAX_PASSWORD} characters.")
    return password


def _log(store: Store, author: str, change: str, name: str, role: str) -> None:
    detail = json.dumps({"change": change, "name": name, "role": role})
    store.record_change(author, "account", None, detail)


def _keep_an_admin(store: Store, name: str, new_role: str | None) -> None:
    """Refuse to remove or demote (``new_role``) the last admin."""
    admins = [n for n, role in store.users() if role == "admin"]
    if admins == [name] and new_role != "admin":
        raise ConfigError(
            f"{name} is the last admin: make another account admin first, so that someone"
            " can still manage accounts."
        )


def _existing_role(store: Store, name: str) -> str:
    found = store.user(name)
    if found is None:
        raise NotFoundError(f"There is no account named {name}.")
    return found[0]


def add_account(
    store: Store, author: str, name: str, role: str, password: str, *, replace: bool = False
) -> str:
    """Add an account (or, with ``replace``, give an existing one this role and password);
    returns its name as stored."""
    name, role = valid_name(name), valid_role(role)
    hashed = hash_password(valid_password(password))  # slow: before taking the write lock
    with store.transaction():
        existed = store.user(name) is not None
        if existed and not replace:
            raise ConfigError(
                f"An account named {name} already exists: change its role in the list,"
                " or choose another name."
            )
        if existed:
            _keep_an_admin(store, name, role)
        store.add_user(name, role, hashed)
        if existed:
            store.end_sessions(name)  # a new password: whoever had the old one is logged out
        _log(store, author, "reset" if existed else "add", name, role)
    return name


def change_role(store: Store, author: str, name: str, role: str) -> bool:
    """Give an account another role; False if it already had it (nothing changed)."""
    role = valid_role(role)
    with store.transaction():
        if _existing_role(store, name) == role:
            return False
        _keep_an_admin(store, name, role)
        store.set_role(name, role)
        _log(store, author, "role", name, role)
    return True


def remove_account(store: Store, author: str, name: str) -> None:
    """Remove an account; its sessions end."""
    with store.transaction():
        role = _existing_role(store, name)
        _keep_an_admin(store, name, None)
        store.remove_user(name)
        _log(store, author, "remove", name, role)


# ---- the page ------------------------------------------------------------------------


def require_admin(request: Request) -> Account:
    account = current_account(request)
    if account is None:
        raise AccessError(NO_ACCOUNTS)
    if not account.is_admin:
        raise AccessError(NOT_ADMIN)
    return account


router = APIRouter(prefix="/admin", include_in_schema=False, dependencies=[Depends(require_admin)])
Admin = Annotated[Account, Depends(require_admin)]
Text = Annotated[str, Form()]
Checked = [Depends(checked_form)]


def _open(request: Request) -> AbstractContextManager[Store]:
    return lease_store(request)


def _page(request: Request, status: int = 200, error: str = "") -> Response:
    from .pages import render

    with _open(request) as store:
        accounts = store.users()
    context = {"accounts": accounts, "roles": ROLES, "error": error, "min_password": MIN_PASSWORD}
    return render(request, "admin_accounts.html", status, **context)


def _change(
    request: Request, admin: Account, name: str, do: Callable[[Store, str], object]
) -> Response:
    """Make one change as this admin: back to the list, or the list with the reason."""
    from ..api.errors import status_for

    try:
        with _open(request) as store:
            do(store, f"user:{admin.name}")
    except KhronikaError as exc:
        return _page(request, status_for(exc), exc.message)
    # Their own account changed: they may no longer see this page.
    target = "/" if clean_name(name) == admin.name else "/admin/accounts"
    return RedirectResponse(target, status_code=303)


@router.get("/accounts")
def accounts_page(request: Request) -> Response:
    return _page(request)


@router.post("/accounts", dependencies=Checked)
def add_form(request: Request, admin: Admin, name: Text, role: Text, password: Text) -> Response:
    return _change(request, admin, "", lambda s, a: add_account(s, a, name, role, password))


@router.post("/accounts/role", dependencies=Checked)
def role_form(request: Request, admin: Admin, name: Text, role: Text) -> Response:
    return _change(request, admin, name, lambda s, a: change_role(s, a, name, role))


@router.post("/accounts/remove", dependencies=Checked)
def remove_form(request: Request, admin: Admin, name: Text) -> Response:
    return _change(request, admin, name, lambda s, a: remove_account(s, a, name))

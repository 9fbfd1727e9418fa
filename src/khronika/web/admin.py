"""The accounts page /admin/accounts, for admins only: add an account, change its role, remove
it. The use cases, and what each records in the chain, are in :mod:`khronika.accounts`.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from ..accounts import (
    MIN_PASSWORD,
    ROLES,
    add_account,
    change_role,
    clean_name,
    remove_account,
)
from ..errors import AccessError, KhronikaError
from ..store import Store
from ..webcommon.account import Account, current_account
from ..webcommon.deps import lease_store
from ..webcommon.errors import status_for
from .formtoken import checked_form
from .render import render

NO_ACCOUNTS = (
    "This khronika has no account yet (single-user local mode): add the first admin with"
    " `khronika user add NAME --role admin`, then log in to manage accounts here."
)
NOT_ADMIN = "Only an admin can manage accounts: ask one of them."


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
    with _open(request) as store:
        accounts = store.users()
    context = {"accounts": accounts, "roles": ROLES, "error": error, "min_password": MIN_PASSWORD}
    return render(request, "admin_accounts.html", status, **context)


def _change(
    request: Request, admin: Account, name: str, do: Callable[[Store, str], object]
) -> Response:
    """Make one change as this admin: back to the list, or the list with the reason."""
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

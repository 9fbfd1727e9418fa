"""Who is asking: the account the login middleware (:func:`khronika.web.auth.enforce`) found
for this request, or None (no login, or single-user local mode)."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request

from ..authors import web_author


@dataclass(frozen=True)
class Account:
    name: str
    role: str

    @property
    def may_change(self) -> bool:
        return self.role in ("admin", "analyst")

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


def current_account(request: Request) -> Account | None:
    """The logged-in account, or None (no login, or single-user local mode)."""
    account: Account | None = getattr(request.state, "account", None)
    return account


def must_withhold(request: Request) -> bool:
    """Whether names are withheld from whoever is asking (a viewer account)."""
    account = current_account(request)
    return account is not None and account.role == "viewer"


def may_change(request: Request) -> bool:
    """Whether whoever is asking may change the record (an analyst, an admin, or anyone in
    single-user local mode): the forms that change something are shown to them only."""
    account = current_account(request)
    return account is None or account.may_change


def request_author(request: Request, typed: str = "") -> str:
    """Who makes a change or a download through this request (:func:`khronika.authors.
    web_author`): ``user:NAME`` of the account, else ``web:`` the name typed (cleaned)."""
    account = current_account(request)
    return web_author(account.name if account is not None else None, typed)

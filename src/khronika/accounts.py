"""Accounts of the web app and API: roles, password hashing, and the use cases that change an
account (for the admin page and for ``khronika user``).

Passwords are kept only as Argon2id hashes. Every change of an account is a change in the
chain (action ``account``, detail ``{"change": "add" | "reset" | "role" | "remove", "name":
..., "role": ...}``, never a password); ``reset`` is ``khronika user add`` giving an existing
account a new password. The last admin can be neither removed nor demoted, so that someone can
always manage accounts. Removing an account, or giving it a new password, ends its sessions.
"""

from __future__ import annotations

import json

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from .errors import ConfigError, NotFoundError
from .store import Store

ROLES = ("admin", "analyst", "viewer")
MIN_PASSWORD = 12
MAX_PASSWORD = 1024

_hasher = PasswordHasher()  # Argon2id with the library's (RFC 9106 low-memory) parameters
_DUMMY = _hasher.hash("khronika: a password nobody has")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def check_password(stored: str | None, password: str) -> bool:
    """Whether ``password`` matches the stored hash; as slow when there is none (unknown name)."""
    try:
        return _hasher.verify(stored or _DUMMY, password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


def clean_name(name: str) -> str:
    """An account name as typed, with its spaces tidied (and never longer than 80)."""
    return " ".join(name.split())[:80]


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
    admins = [a.name for a in store.users() if a.role == "admin"]
    if admins == [name] and new_role != "admin":
        raise ConfigError(
            f"{name} is the last admin: make another account admin first, so that someone"
            " can still manage accounts."
        )


def _existing_role(store: Store, name: str) -> str:
    found = store.user(name)
    if found is None:
        raise NotFoundError(f"There is no account named {name}.")
    return found.role


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

"""The ``user`` group: accounts for the web app and API."""

from __future__ import annotations

import os

import click
from rich.markup import escape
from rich.table import Table

from .base import _errors, _store, console, main


@main.group()
def user() -> None:
    """Accounts for the web app and API (admin, analyst, viewer)."""


ROLE_HELP = (
    "admin: everything; analyst: reviews and edits; viewer: reads, with victims' and"
    " witnesses' names withheld."
)


@user.command("add")
@click.argument("name")
@click.option(
    "--role", type=click.Choice(["admin", "analyst", "viewer"]), required=True, help=ROLE_HELP
)
@click.pass_context
def user_add(ctx: click.Context, name: str, role: str) -> None:
    """Add an account (or give an existing one this role and a new password, ending its
    sessions). The password (at least 12 characters) comes from $KHRONIKA_USER_PASSWORD or
    a prompt; only its Argon2id hash is stored. Logged in the chain."""
    from ..accounts import add_account
    from ..authors import default_author

    with _errors():
        password = os.environ.get("KHRONIKA_USER_PASSWORD") or click.prompt(
            "Password", hide_input=True, confirmation_prompt=True
        )
        name = add_account(_store(ctx), default_author(), name, role, password, replace=True)
    click.echo(f"account {name} ({role}) saved")


@user.command("list")
@click.pass_context
def user_list(ctx: click.Context) -> None:
    """Every account and its role."""
    with _errors():
        found = _store(ctx).users()
    table = Table("name", "role")
    for name, role in found:
        table.add_row(escape(name), role)
    console.print(table if found else "no account: single-user local mode", highlight=False)


@user.command("remove")
@click.argument("name")
@click.pass_context
def user_remove(ctx: click.Context, name: str) -> None:
    """Remove an account (never the last admin); its sessions end. Logged in the chain."""
    from ..accounts import remove_account
    from ..authors import default_author

    with _errors():
        remove_account(_store(ctx), default_author(), name)
    click.echo(f"account {name} removed")


@user.command("role")
@click.argument("name")
@click.argument("role", type=click.Choice(["admin", "analyst", "viewer"]))
@click.pass_context
def user_role(ctx: click.Context, name: str, role: str) -> None:
    """Give an account another role (never demoting the last admin). Logged in the chain."""
    from ..accounts import change_role
    from ..authors import default_author

    with _errors():
        changed = change_role(_store(ctx), default_author(), name, role)
    click.echo(f"account {name} is now {role}" if changed else f"account {name} was already {role}")

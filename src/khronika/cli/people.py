"""The ``public`` group: people whose names viewers may read."""

from __future__ import annotations

import click
from rich.markup import escape
from rich.table import Table

from .base import _errors, _store, console, main


@main.group()
def public() -> None:
    """People an analyst marked public: their names are shown to viewer accounts and in
    exports with --withhold-names (every other person's name is withheld there)."""


@public.command("mark")
@click.argument("who")
@click.pass_context
def public_mark(ctx: click.Context, who: str) -> None:
    """Mark WHO public: an actor id (every name of that person) or a name as written
    ("Ella Pamfilova"). Logged in the chain."""
    from ..authors import default_author
    from ..security.public import mark_public

    with _errors():
        names = mark_public(_store(ctx), default_author(), who)
    click.echo("shown to viewers from now on: " + "; ".join(names))


@public.command("unmark")
@click.argument("who")
@click.pass_context
def public_unmark(ctx: click.Context, who: str) -> None:
    """Withhold WHO's names from viewers again. Logged in the chain."""
    from ..authors import default_author
    from ..security.public import unmark_public

    with _errors():
        names = unmark_public(_store(ctx), default_author(), who)
    click.echo("withheld from viewers again: " + "; ".join(names))


@public.command("list")
@click.pass_context
def public_list(ctx: click.Context) -> None:
    """Every name marked public, with who marked it and when."""
    with _errors():
        found = _store(ctx).public_names()
    table = Table("name", "actor", "marked by", "when")
    for name, actor_id, author, at in found:
        table.add_row(escape(name), escape(actor_id or ""), escape(author), at)
    console.print(table if found else "no one is marked public", highlight=False)


@public.command("rescan")
@click.pass_context
def public_rescan(ctx: click.Context) -> None:
    """Read every stored report again for names of people, so that a store made before
    khronika read them this way withholds them too (about a second a report)."""
    from ..security.public import rescan_names

    with _errors():
        count = rescan_names(_store(ctx))
    click.echo(f"names of people read again in {count} reports")

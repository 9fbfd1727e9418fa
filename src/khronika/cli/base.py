"""The ``main`` group of khronika's command line and what its commands share (the store
named by --db, the passphrase, errors as sentences and exit codes)."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape

from ..errors import ConfigError, KhronikaError, exit_code
from ..store import STORE_FAULTS, Store, damaged, default_path, diagnose, is_damage, location

console = Console()
if not console.is_terminal:  # piped or in CI: do not squeeze tables into 80 columns
    console = Console(width=160)
# an error is never cut into lines: a path or a hash in it stays whole, to copy
err_console = Console(stderr=True, soft_wrap=True)


@contextmanager
def _errors() -> Iterator[None]:
    """Every khronika error becomes one sentence on stderr and its exit code."""
    try:
        yield
    except KhronikaError as exc:
        err_console.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False)
        sys.exit(exit_code(exc))
    except STORE_FAULTS as exc:
        if is_damage(exc):
            error = _damage(exc)
            err_console.print(f"[bold red]error:[/] {escape(str(error))}", highlight=False)
            sys.exit(exit_code(error))
        err_console.print(
            f"[bold red]error:[/] the store could not complete this command ({escape(str(exc))})."
            " Any change it began was rolled back; nothing already stored was altered.",
            highlight=False,
        )
        sys.exit(4)
    except OSError as exc:  # a file the user named cannot be read or written
        where = f"{exc.filename}: " if exc.filename else ""
        reason = exc.strerror or str(exc)
        err_console.print(
            f"[bold red]error:[/] {escape(where)}{escape(reason)}. Check the path and its"
            " permissions.",
            highlight=False,
        )
        sys.exit(2)


def _damage(exc: BaseException) -> KhronikaError:
    """A damaged store, named with where SQLite and SQLCipher find the damage."""
    ctx = click.get_current_context(silent=True)
    obj: dict[str, object] = (ctx.find_root().obj if ctx else None) or {}
    path = location(str(obj.get("db") or default_path()))
    passphrase = str(obj["passphrase"]) if obj.get("passphrase") else None
    if not isinstance(path, Path):  # a PostgreSQL database: the server's own words
        return damaged(path, str(exc))  # type: ignore[arg-type]
    where = diagnose(path, passphrase) if path.exists() else str(exc)
    return damaged(path, where)


def _passphrase(ctx: click.Context) -> str | None:
    obj: dict[str, object] = ctx.find_root().obj or {}
    value = obj.get("passphrase")
    return str(value) if value else None


def _store(ctx: click.Context) -> Store:
    path = location(ctx.obj["db"])
    passphrase = _passphrase(ctx)
    if isinstance(path, Path) and not path.exists():
        raise ConfigError(
            f"There is no store at {path}. Check the path (--db or $KHRONIKA_DB); a new store"
            f" is created only by `khronika --db {path} init` (encrypted with a passphrase;"
            " `init --unencrypted` makes a plain store for tests and demonstrations only)."
        )
    store = Store(path, passphrase)
    ctx.call_on_close(store.close)
    return store


@click.group()
@click.option(
    "--db",
    default=None,
    help="The store: a file, or a PostgreSQL database's postgresql://... URL"
    " (default: $KHRONIKA_DB or ./khronika.db).",
)
@click.option(
    "--passphrase-file",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    default=None,
    help="A file holding the passphrase of an encrypted store (or set $KHRONIKA_PASSPHRASE).",
)
@click.version_option(package_name="khronika")
@click.pass_context
def main(ctx: click.Context, db: str | None, passphrase_file: Path | None) -> None:
    """khronika: a verified, sourced record of human-rights incidents."""
    ctx.ensure_object(dict)
    ctx.obj["db"] = location(db) if db else default_path()
    passphrase = os.environ.get("KHRONIKA_PASSPHRASE")
    if passphrase_file is not None:
        passphrase = passphrase_file.read_text(encoding="utf-8").strip()
    ctx.obj["passphrase"] = passphrase or None

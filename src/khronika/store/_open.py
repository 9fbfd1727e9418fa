"""Opening a store file: only an existing, non-empty one; damage named as damage.

Nothing here opens the store file with Python's ``open()``: closing any descriptor of a file
drops every POSIX lock this process holds on it, including the locks of its SQLite
connections ("How To Corrupt An SQLite Database File", 2.2). Whether a file is encrypted is
asked of SQLite itself; its size comes from ``os.stat``.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

import psycopg
from sqlcipher3 import dbapi2 as sqlcipher

from ..errors import DamagedStoreError, StoreError

DATABASE_ERRORS: tuple[type[Exception], ...] = (
    sqlite3.DatabaseError,
    sqlcipher.DatabaseError,
    psycopg.DatabaseError,
)
# What reading a damaged store can raise: SQLite's errors, or a length a damaged page claims.
STORE_FAULTS: tuple[type[Exception], ...] = (*DATABASE_ERRORS, MemoryError)
# How long a change waits for another khronika's change to end (an ingest beside the web app,
# a backup beside an ingest) before it gives up: long enough for a long report's transaction
# on a busy machine.
BUSY_SECONDS = 180
SHOWN = 6  # damaged places named in one sentence


def require_store(path: Path) -> None:
    """Refuse a path that holds no store: only ``init`` creates one."""
    try:
        size = os.stat(path).st_size
    except FileNotFoundError:
        raise StoreError(
            f"There is no store at {path}. Check the path (--db or $KHRONIKA_DB); a new store"
            f" is created only by `khronika --db {path} init`."
        ) from None
    except OSError as exc:
        raise StoreError(f"{path}: cannot be read ({exc.strerror}). Check the path.") from None
    if size == 0:
        raise StoreError(
            f"{path} is an empty file (0 bytes), not a khronika store. If it was your store, "
            f"it was lost: {restore_hint(path)}. A new store is created only by "
            f"`khronika --db {path} init` (move the empty file away first)."
        )


def restore_hint(path: object) -> str:
    return "restore from backup: khronika restore --from REPOSITORY --to NEW.db"


def is_damage(exc: BaseException) -> bool:
    """SQLite's own word for a damaged file (SQLITE_CORRUPT*, SQLITE_NOTADB), or a read that
    ran out of memory on a length a damaged page claims."""
    if isinstance(exc, MemoryError):
        return True
    name = str(getattr(exc, "sqlite_errorname", "") or "")
    text = str(exc)
    return (
        name.startswith("SQLITE_CORRUPT")
        or name == "SQLITE_NOTADB"
        or "malformed" in text
        or "not a database" in text
    )


def damaged(path: Path, where: str) -> DamagedStoreError:
    return DamagedStoreError(
        f"{path}: the store is damaged ({where}); {restore_hint(path)}, then run "
        "`khronika verify` on the restored store."
    )


def page_problems(db: Any, encrypted: bool) -> list[str]:
    """What SQLCipher's page authentication (every page's HMAC) and SQLite's integrity check
    (every page's structure, every index against its table) find; empty when sound."""
    found: list[str] = []
    if encrypted:
        found += [str(r[0]) for r in db.execute("PRAGMA cipher_integrity_check")]
    rows = [str(r[0]) for r in db.execute("PRAGMA integrity_check")]
    return found + [r for r in rows if r != "ok"]


def summary(problems: list[str]) -> str:
    shown = "; ".join(problems[:SHOWN])
    more = f"; and {len(problems) - SHOWN} more" if len(problems) > SHOWN else ""
    return shown + more


def diagnose(path: Path, passphrase: str | None) -> str:
    """Where a store is damaged, as far as SQLite can tell without trusting the file."""
    try:
        db = raw_connect(path, passphrase)
    except Exception as exc:  # noqa: BLE001 - the diagnosis of a broken file must not fail
        return f"it cannot be opened: {exc}"
    try:
        found = page_problems(db, passphrase is not None)
    except Exception as exc:  # noqa: BLE001
        return f"its pages cannot be checked: {exc}"
    finally:
        db.close()
    return summary(found) if found else f"a read failed on {path.name}"


def raw_connect(path: Path, passphrase: str | None, *, threads: bool = False) -> Any:
    """A connection with the key set (if any) and nothing read yet."""
    if passphrase is None:
        return sqlite3.connect(
            path, isolation_level=None, timeout=BUSY_SECONDS, check_same_thread=not threads
        )
    db = sqlcipher.connect(
        str(path), isolation_level=None, timeout=BUSY_SECONDS, check_same_thread=not threads
    )
    db.execute("PRAGMA cipher_log_level = NONE")
    db.execute(f"PRAGMA key = '{passphrase.replace(chr(39), chr(39) * 2)}'")
    db.execute("PRAGMA temp_store = MEMORY")
    return db


def refuse_unreadable(path: Path, db: Any, passphrase: str | None, exc: Exception) -> StoreError:
    """The sentence for a store whose schema cannot be read: a plain store read with a
    passphrase, an encrypted one without, a wrong passphrase, or damage (which pages)."""
    notadb = "not a database" in str(exc) or getattr(exc, "sqlite_errorname", "") == "SQLITE_NOTADB"
    if passphrase is None:
        if notadb:
            return StoreError(
                f"{path}: cannot be read as a plain store. Either it is encrypted: give its "
                "passphrase ($KHRONIKA_PASSPHRASE or --passphrase-file); or its first page is "
                f"damaged: {restore_hint(path)}."
            )
        return damaged(path, where_damaged(db, False, exc))
    if _plain_readable(path):
        return StoreError(
            f"{path} is a plain (unencrypted) store: open it without a passphrase (unset "
            "$KHRONIKA_PASSPHRASE, or leave out --passphrase-file)."
        )
    if not notadb:
        return damaged(path, where_damaged(db, True, exc))
    try:
        failed = [str(r[0]) for r in db.execute("PRAGMA cipher_integrity_check")]
        size = int(db.execute("PRAGMA cipher_page_size").fetchone()[0] or 4096)
        pages = os.stat(path).st_size // size
    except Exception:  # noqa: BLE001 - cannot tell more
        failed, pages = [], 0
    if failed and pages > 1 and len(failed) < pages:
        return damaged(path, summary(failed))
    return StoreError(
        f"{path}: the passphrase is wrong (every page fails its authentication with it). If "
        f"you are sure it is right, the file's first bytes are damaged: {restore_hint(path)}."
    )


def where_damaged(db: Any, encrypted: bool, exc: BaseException) -> str:
    """Where an open connection's store is damaged, or SQLite's own words."""
    try:
        found = page_problems(db, encrypted)
    except Exception:  # noqa: BLE001 - the integrity check itself cannot read the file
        found = []
    return summary(found) if found else str(exc)


def _plain_readable(path: Path) -> bool:
    db = sqlite3.connect(path, isolation_level=None, timeout=BUSY_SECONDS)
    try:
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except sqlite3.DatabaseError:
        return False
    finally:
        db.close()

"""The SQLite schema khronika makes: its numbered migrations, the schema they give an empty
database (what ``verify`` compares a store's schema with), and a store's schema as it is."""

from __future__ import annotations

import functools
import sqlite3
from typing import Any

from ._helpers import _statements, read_migrations
from ._rows import install_rows


def _migrations() -> list[tuple[int, str]]:
    return read_migrations()


def expected_schema(encrypted: bool = False) -> dict[tuple[str, str], str]:
    """(type, name) -> SQL of every schema object khronika makes: all migrations applied to an
    empty database in memory (with the same SQLite as the store's), then the row triggers."""
    return dict(_expected_schema(encrypted))


@functools.lru_cache(maxsize=2)
def _expected_schema(encrypted: bool) -> dict[tuple[str, str], str]:
    if encrypted:
        from sqlcipher3 import dbapi2 as sqlcipher

        db = sqlcipher.connect(":memory:", isolation_level=None)
    else:
        db = sqlite3.connect(":memory:", isolation_level=None)
    try:
        db.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations "
            "(version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
        )
        for _, sql in _migrations():
            for statement in _statements(sql):
                db.execute(statement)
        install_rows(db)
        return schema_objects(db)
    finally:
        db.close()


def schema_objects(db: Any) -> dict[tuple[str, str], str]:
    rows = db.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_stat%'"
    )
    return {(str(t), str(n)): str(q or "") for t, n, q in rows}

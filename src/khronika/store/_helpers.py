"""Small helpers of the SQLite store: SQL text, values read back, timestamps."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from contextlib import AbstractContextManager
from importlib import resources
from typing import TYPE_CHECKING, Any

from ..errors import StoreError

if TYPE_CHECKING:
    from ._sqlite import IncidentFilter


def read_migrations(*subfolder: str) -> list[tuple[int, str]]:
    """The numbered migrations (``0001_...sql``) in order, with their SQL: SQLite's, or those
    in ``subfolder`` ("postgresql")."""
    folder = resources.files("khronika.store").joinpath("migrations", *subfolder)
    found = []
    for entry in folder.iterdir():
        name = entry.name
        if name.endswith(".sql") and name[:4].isdigit():
            found.append((int(name[:4]), entry.read_text(encoding="utf-8")))
    return sorted(found)


class Connected:
    """What the store's mixins use of :class:`~khronika.store.Store`: its connection and
    :meth:`~khronika.store.Store.transaction`."""

    db: Any

    if TYPE_CHECKING:

        def transaction(self) -> AbstractContextManager[None]: ...

        def _fold_rows(self) -> dict[str, str]: ...

        def _sequences(self) -> dict[str, int]: ...

        def _seal(self, data: bytes | None) -> bytes | None: ...

        def _unseal(self, data: bytes) -> bytes: ...


def _incident_query(where: IncidentFilter, columns: str = "summary") -> tuple[str, list[object]]:
    clauses: list[str] = []
    params: list[object] = []
    if where.event_type:
        clauses.append("(event_type = ? OR secondary_types LIKE ? ESCAPE '\\')")
        params += [where.event_type, f'%"{like_escape(where.event_type)}"%']
    if where.date_from:
        clauses.append("date_latest >= ?")
        params.append(where.date_from.isoformat())
    if where.date_to:
        clauses.append("date_earliest <= ?")
        params.append(where.date_to.isoformat())
    if where.place:
        clauses.append(
            "(place LIKE ? ESCAPE '\\' OR region LIKE ? ESCAPE '\\' OR country LIKE ? ESCAPE '\\')"
        )
        params += [like_escape(where.place)] * 3
    for column, value in (("country", where.country), ("region", where.region)):
        if value:
            clauses.append(f"{column} = ? COLLATE NOCASE")
            params.append(value)
    if where.actor:
        # An actor id means that actor only; anything else is part of a name (``%`` and ``_``
        # are letters here, never wildcards).
        clauses.append(
            "incident_id IN (SELECT incident_id FROM incident_actors WHERE actor_id = ?"
            " OR (NOT EXISTS (SELECT 1 FROM actors WHERE actor_id = ?)"
            " AND name LIKE ? ESCAPE '\\'))"
        )
        params += [where.actor, where.actor, f"%{like_escape(where.actor)}%"]
    if where.status:  # a page: incidents in list order, each asked; a count: the statuses'
        clauses.append(
            "incident_id IN (SELECT incident_id FROM incident_statuses WHERE status = ?)"
            if columns == "COUNT(*)"
            else "EXISTS (SELECT 1 FROM incident_statuses s"
            " WHERE s.incident_id = incidents.incident_id AND s.status = ?)"
        )
        params.append(where.status)
    sql = f"SELECT {columns} FROM incidents"
    if clauses:
        sql += " WHERE " + " AND ".join(clauses)
    return sql + " ORDER BY " + ORDERS.get(where.order, ORDERS["oldest"]), params


ORDERS = {
    "oldest": "date_earliest IS NULL, date_earliest, created_seq",
    "newest": "date_latest IS NULL, date_latest DESC, date_earliest DESC, created_seq DESC",
    "reports": "json_array_length(summary, '$.doc_ids') DESC, date_latest DESC, created_seq",
    "added": "created_seq DESC",
}


def like_escape(value: str) -> str:
    """``value`` matched literally by ``LIKE ... ESCAPE '\\'``: ``%``, ``_`` and ``\\`` escaped."""
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _statements(sql: str) -> Iterator[str]:
    """Complete SQL statements of a migration file (triggers hold semicolons too)."""
    buffer = ""
    for line in sql.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                yield buffer
            buffer = ""
    if buffer.strip() and not all(
        part.strip().startswith("--") for part in buffer.strip().splitlines()
    ):
        raise StoreError(f"an incomplete statement at the end of a migration: {buffer[:60]!r}")


def _fts_query(query: str) -> str:
    """Words and "quoted phrases" of a user's query as an FTS5 expression (all must match)."""
    import re

    parts = re.findall(r'"([^"]+)"|(\S+)', query)
    terms = []
    for phrase, word in parts:
        text = phrase or word
        cleaned = " ".join(re.findall(r"[^\W_]+", text))
        if cleaned:
            terms.append('"' + cleaned + '"')
    return " AND ".join(terms)


def _width_days(earliest: str | None, latest: str | None) -> int:
    if not earliest or not latest:
        return 0
    return (dt.date.fromisoformat(latest) - dt.date.fromisoformat(earliest)).days


def _opt(value: object) -> str | None:
    return None if value is None else str(value)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")

"""Every row of the record, committed to by the hash chain.

Each table of the record (reports, originals, extractions, incidents and their columns, links,
actors and aliases, reviews, redirects, accounts, sessions, the linker's word counts...) has
three triggers that copy every row it gains or loses into ``row_log``, as SQL text that names
each value with its type (``typeof(v) || quote(v)``, texts as their bytes). When khronika
appends a chain entry it folds the rows its own transaction logged into:

- ``row_digests``: one SHA-256 per row of each table (a multiset: it names *which* row differs);
- ``table_digests``: a multiset hash of each table, the sum modulo 2**2048 of a 256-byte
  SHAKE-256 expansion of each row's digest (so adding or removing one row costs one addition),

and the chain entry records the SHA-256 of each changed table's sum in its ``state``
(``{"tables": {name: hex}}``). ``verify`` recomputes every row of every table from the table
itself and compares: a row edited, added or deleted with SQL outside khronika changes its
table's sum (named by the table) and its row digest (named by the row's key).

Rows a khronika transaction logged but no chain entry of its own folded (a failed login, say)
are folded at commit into a ``housekeeping`` entry. Rows logged *before* a transaction began
were written outside khronika (the triggers fire for any SQLite client): they are never
folded, and ``verify`` reports them.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import Any

from . import _dialect
from ._helpers import Connected
from .results import RowDigest, UnfoldedRow

MODULUS = 1 << 2048
WIDTH = 256  # bytes of a table's sum

# Tables checked otherwise: the chain itself, these digests, the full-text index (rebuilt from
# the reports and checked by FTS5), SQLite's own tables.
NOT_ROWS = {"changes", "chain_head", "row_log", "row_digests", "table_digests"}
# PostgreSQL's full-text indexes, tables there (rebuilt and compared, as FTS5's on SQLite).
SEARCH_INDEXES = {"report_search", "report_spelling"}
# Columns digested by their size only: the original bytes, checked against their SHA-256.
BY_SIZE = {("originals", "raw")}
# Columns that name a row better than its primary key.
LABELS = {
    "documents": ("doc_id",),
    "incident_actors": ("incident_id", "role", "name"),
    "minhash_bands": ("doc_id", "band"),
}
TRIGGER_PREFIX = "rows_"

META_SQL = (
    "CREATE TABLE IF NOT EXISTS row_log (id INTEGER PRIMARY KEY, tbl TEXT NOT NULL,"
    " sign INTEGER NOT NULL, row TEXT NOT NULL, label TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS row_digests (tbl TEXT NOT NULL, digest BLOB NOT NULL,"
    " label TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS row_digests_lookup ON row_digests (tbl, digest)",
    "CREATE TABLE IF NOT EXISTS table_digests (tbl TEXT PRIMARY KEY, total BLOB NOT NULL,"
    " columns TEXT NOT NULL)",  # columns: SHA-256 of the SQL that digests its rows
)


def row_digest(table: str, row: str) -> bytes:
    return hashlib.sha256(f"{table}\x00{row}".encode()).digest()


def element(digest: bytes) -> int:
    return int.from_bytes(hashlib.shake_256(digest).digest(WIDTH), "big")


def total_hex(total: int) -> str:
    """What a chain entry records of a table's sum."""
    return hashlib.sha256(total.to_bytes(WIDTH, "big")).hexdigest()


def is_pg(db: Any) -> bool:
    return getattr(db, "dialect", "sqlite") == "postgresql"


def covered_tables(db: Any) -> list[str]:
    """The record's tables whose rows the chain commits to (every ordinary table but the
    chain, these digests, the full-text index and SQLite's own)."""
    if is_pg(db):
        return [t for t in _dialect.tables(db) if t not in NOT_ROWS | SEARCH_INDEXES]
    rows = db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        " ORDER BY name"
    ).fetchall()
    virtual = [str(n) for n, sql in rows if str(sql or "").upper().startswith("CREATE VIRTUAL")]
    return [
        str(name)
        for name, _ in rows
        if name not in NOT_ROWS
        and not any(str(name).startswith(f"{v}_") for v in virtual)
        and name not in virtual
    ]


def _value(table: str, column: str, ref: str) -> str:
    value = f"{ref}{column}" if ref else f'"{column}"'
    if (table, column) in BY_SIZE:
        return f"'size:' || length(CAST({value} AS BLOB))"
    return (
        f"typeof({value}) || quote(CASE WHEN typeof({value}) = 'text'"
        f" THEN CAST({value} AS BLOB) ELSE {value} END)"
    )


def table_columns(db: Any, table: str) -> list[tuple[str, int]]:
    if is_pg(db):
        columns, keys = db.table_keys(table)
        return [(c, keys.index(c) + 1 if c in keys else 0) for c in columns]
    return [(str(r[1]), int(r[5])) for r in db.execute(f'PRAGMA table_info("{table}")')]


def row_sql(db: Any, table: str, ref: str = "") -> tuple[str, str]:
    """SQL of one row as text, and of its label (``ref``: ``new.``/``old.`` in a trigger)."""
    keys = label_keys(db, table)
    if is_pg(db):
        return _dialect.row_sql(db, table, keys)
    columns = table_columns(db, table)
    row = " || ',' || ".join(_value(table, name, ref) for name, _ in columns)
    label = " || ', ' || ".join(
        f"'{key}=' || quote({ref}{key})" if ref else f"'{key}=' || quote(\"{key}\")" for key in keys
    )
    return row, label


def label_keys(db: Any, table: str) -> tuple[str, ...]:
    """The columns that name a row of ``table`` in what verify reports."""
    columns = table_columns(db, table)
    keys = LABELS.get(table) or tuple(n for n, pk in sorted(columns, key=lambda c: c[1]) if pk)
    return keys or tuple(name for name, _ in columns[:2])


def digest_columns(db: Any, table: str) -> str:
    """The SHA-256 of how ``table``'s rows are digested (``table_digests.columns``)."""
    if is_pg(db):
        return _dialect.digest_columns(db, table, label_keys(db, table))
    return hashlib.sha256(row_sql(db, table)[0].encode()).hexdigest()


def trigger_sql(db: Any, table: str) -> dict[str, str]:
    """The three triggers that log ``table``'s rows, by name."""
    if is_pg(db):
        return _dialect.trigger_sql(table, label_keys(db, table))
    new_row, new_label = row_sql(db, table, "new.")
    old_row, old_label = row_sql(db, table, "old.")
    log = "INSERT INTO row_log (tbl, sign, row, label) VALUES"
    new = f"{log} ('{table}', 1, {new_row}, {new_label});"
    old = f"{log} ('{table}', -1, {old_row}, {old_label});"
    name = f"{TRIGGER_PREFIX}{table}"
    return {
        f"{name}_insert": f"CREATE TRIGGER {name}_insert AFTER INSERT ON {table} BEGIN {new} END",
        f"{name}_delete": f"CREATE TRIGGER {name}_delete AFTER DELETE ON {table} BEGIN {old} END",
        f"{name}_update": (
            f"CREATE TRIGGER {name}_update AFTER UPDATE ON {table} BEGIN {old} {new} END"
        ),
    }


def expected_triggers(db: Any) -> dict[str, str]:
    found: dict[str, str] = {}
    for table in covered_tables(db):
        found.update(trigger_sql(db, table))
    return found


def _present_triggers(db: Any) -> dict[str, str]:
    rows = db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE ?",
        (f"{TRIGGER_PREFIX}%",),
    )
    return {str(n): str(s) for n, s in rows}


def install_rows(db: Any) -> None:
    """Create the digest tables and (re)create every row trigger that is missing or differs."""
    if is_pg(db):  # the digest tables are in its migration
        triggers = {n: (t, q) for t in covered_tables(db) for n, q in trigger_sql(db, t).items()}
        _dialect.install_triggers(db, triggers)
        return
    for statement in META_SQL:
        db.execute(statement)
    present, wanted = _present_triggers(db), expected_triggers(db)
    for name, sql in wanted.items():
        if present.get(name) != sql:
            db.execute(f"DROP TRIGGER IF EXISTS {name}")
            db.execute(sql)
    for name in set(present) - set(wanted):
        db.execute(f"DROP TRIGGER IF EXISTS {name}")


def drop_row_triggers(db: Any) -> None:
    if is_pg(db):
        _dialect.drop_triggers(db)
        return
    for name in _present_triggers(db):
        db.execute(f"DROP TRIGGER IF EXISTS {name}")


def current_rows(db: Any, table: str) -> Iterator[RowDigest]:
    """(digest, label) of every row of ``table`` as it is now."""
    row, label = row_sql(db, table)
    for text, name in db.execute(f'SELECT {row}, {label} FROM "{table}" t'):
        yield RowDigest(row_digest(table, str(text)), str(name))


class RowsMixin(Connected):
    """The store's side of the row digests: logging, folding into the chain, reading back."""

    _log_from: int | None = None
    _rows_ready = False

    def _rows_begin(self) -> None:
        """Called when a khronika transaction begins: rows logged from now on are its own."""
        if not self._rows_ready:
            self._log_from = None
            return
        row = self.db.execute("SELECT COALESCE(MAX(id), 0) FROM row_log").fetchone()
        self._log_from = int(row[0])

    def _fold_rows(self) -> dict[str, str]:
        """Fold this transaction's logged rows into the digests; the changed tables' sums."""
        if self._log_from is None:
            return {}
        rows = self.db.execute(
            "SELECT id, tbl, sign, row, label FROM row_log WHERE id > ? ORDER BY id",
            (self._log_from,),
        ).fetchall()
        if not rows:
            return {}
        net: Counter[tuple[str, bytes]] = Counter()
        labels: dict[tuple[str, bytes], str] = {}
        for _, table, sign, text, label in rows:  # a row written then rewritten cancels out
            key = (str(table), row_digest(str(table), str(text)))
            net[key] += int(sign)
            labels.setdefault(key, str(label))
        totals = self._totals({table for table, _ in net})
        for (table, digest), count in net.items():
            totals[table] = (totals[table] + count * element(digest)) % MODULUS
        self.db.executemany(
            "INSERT INTO row_digests VALUES (?, ?, ?)",
            [(t, d, labels[(t, d)]) for (t, d), n in net.items() for _ in range(max(n, 0))],
        )
        self.db.executemany(
            "DELETE FROM row_digests WHERE rowid = (SELECT rowid FROM row_digests"
            " WHERE tbl = ? AND digest = ? LIMIT 1)",
            [(t, d) for (t, d), n in net.items() for _ in range(max(-n, 0))],
        )
        self.db.execute("DELETE FROM row_log WHERE id > ?", (self._log_from,))
        self._save_totals(totals)
        return {table: total_hex(total) for table, total in sorted(totals.items())}

    def _totals(self, tables: set[str]) -> dict[str, int]:
        found = {t: 0 for t in tables}
        for table, total in self.db.execute("SELECT tbl, total FROM table_digests"):
            if table in found:
                found[str(table)] = int.from_bytes(bytes(total), "big")
        return found

    def _save_totals(self, totals: dict[str, int]) -> None:
        cache = self.__dict__.setdefault("_columns", {})  # the schema is fixed once open
        for table, total in totals.items():
            if table not in cache:
                cache[table] = digest_columns(self.db, table)
            self.db.execute(
                "INSERT OR REPLACE INTO table_digests VALUES (?, ?, ?)",
                (table, total.to_bytes(WIDTH, "big"), cache[table]),
            )

    def _rows_pending(self) -> Counter[str]:
        """Tables with rows this transaction logged that no chain entry has folded yet."""
        if self._log_from is None:
            return Counter()
        rows = self.db.execute(
            "SELECT tbl, COUNT(*) FROM row_log WHERE id > ? GROUP BY tbl", (self._log_from,)
        )
        return Counter({str(t): int(n) for t, n in rows})

    def digest_tables(self, tables: Sequence[str]) -> dict[str, str]:
        """Digest every row of these tables afresh (a new store, or a table a migration of
        khronika's changed); the tables' sums, for a chain entry."""
        totals: dict[str, int] = {}
        for table in tables:
            self.db.execute("DELETE FROM row_digests WHERE tbl = ?", (table,))
            total = 0
            for digest, label in list(current_rows(self.db, table)):
                total = (total + element(digest)) % MODULUS
                self.db.execute("INSERT INTO row_digests VALUES (?, ?, ?)", (table, digest, label))
            totals[table] = total
        self._save_totals(totals)
        return {table: total_hex(total) for table, total in sorted(totals.items())}

    def _sequences(self) -> dict[str, int]:
        """SQLite's AUTOINCREMENT counters (but the chain's own, which its entries number)."""
        if not self._rows_ready:
            return {}
        return self.sequences()

    # ---- read back by verify ------------------------------------------------------------
    def sequences(self) -> dict[str, int]:
        """SQLite's AUTOINCREMENT counters. PostgreSQL's sequences are not transactional (a
        rolled-back insert uses a number up): there the rows alone are compared."""
        if is_pg(self.db):
            return {}
        rows = self.db.execute("SELECT name, seq FROM sqlite_sequence WHERE name != 'changes'")
        return {str(n): int(q) for n, q in rows}

    def chain_sequence(self) -> int:
        if is_pg(self.db):
            return _dialect.chain_sequence(self.db)
        row = self.db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'changes'").fetchone()
        return int(row[0]) if row else 0

    def covered_tables(self) -> list[str]:
        return covered_tables(self.db)

    def table_rows(self, table: str) -> Iterator[RowDigest]:
        return current_rows(self.db, table)

    def recorded_rows(self, table: str) -> Iterator[RowDigest]:
        rows = self.db.execute("SELECT digest, label FROM row_digests WHERE tbl = ?", (table,))
        for digest, label in rows:
            yield RowDigest(bytes(digest), str(label))

    def stored_totals(self) -> dict[str, int]:
        rows = self.db.execute("SELECT tbl, total FROM table_digests")
        return {str(t): int.from_bytes(bytes(v), "big") for t, v in rows}

    def stale_digest_columns(self) -> list[str]:
        """Tables whose ``table_digests`` row does not name the SQL khronika digests them by."""
        rows = dict(self.db.execute("SELECT tbl, columns FROM table_digests").fetchall())
        return [
            table
            for table in covered_tables(self.db)
            if rows.get(table) != digest_columns(self.db, table)
        ]

    def unfolded_rows(self) -> list[UnfoldedRow]:
        """(table, +1 added / -1 removed, label) of rows logged but never folded."""
        rows = self.db.execute("SELECT tbl, sign, label FROM row_log ORDER BY id")
        # a damaged page can give any value in any column: each such row is still reported
        return [UnfoldedRow(str(t), 1 if s == 1 else -1, str(n)) for t, s, n in rows]

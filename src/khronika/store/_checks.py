"""What ``verify`` asks of the store beyond the chain: derived tables rebuilt and compared,
the schema as it is, and every page read by SQLite's and SQLCipher's checks."""

from __future__ import annotations

from . import _dialect
from ._helpers import Connected
from ._open import page_problems
from ._rows import install_rows, is_pg
from ._schema import expected_schema, schema_objects
from .results import Differences

# The full-text index holds, for each report, its doc_id, title and text, under its seq.
_SEARCH = "SELECT doc_id, rowid, title, text FROM report_search"
_SEARCH_SOURCE = "SELECT doc_id, seq, COALESCE(title, ''), text FROM documents"
# The statuses of an incident are those of its facts (as migration 0010 fills them).
_STATUSES = "SELECT incident_id, status FROM incident_statuses"
_STATUSES_SOURCE = (
    "SELECT incidents.incident_id, json_extract(fact.value, '$.status')"
    " FROM incidents, json_each(incidents.summary, '$.facts') AS fact"
    " WHERE json_extract(fact.value, '$.status') IS NOT NULL"
)


# Each full-text index: its table, its columns, its tokenizer (as its migration creates it).
_INDEXES = (
    ("report_search", "doc_id UNINDEXED, title, text", "unicode61 remove_diacritics 2"),
    ("report_spelling", "doc_id UNINDEXED, keys", "unicode61"),
)


class ChecksMixin(Connected):
    passphrase: str | None

    def search_differences(self) -> Differences:
        """doc_ids whose search entry is not the report as stored (extra or changed), and
        reports with no such entry (missing or changed)."""
        if is_pg(self.db):
            return self._differences(_dialect.SEARCH_STORED, _dialect.SEARCH_SOURCE)
        return self._differences(_SEARCH, _SEARCH_SOURCE)

    def status_differences(self) -> Differences:
        """Incident ids whose stored statuses include one their facts do not have, and ids
        with a fact status not stored: the status filter rebuilt and compared."""
        return self._differences(_STATUSES, _STATUSES_SOURCE)

    def _differences(self, stored: str, source: str) -> Differences:
        extra = {str(r[0]) for r in self.db.execute(f"{stored} EXCEPT {source}")}
        missing = {str(r[0]) for r in self.db.execute(f"{source} EXCEPT {stored}")}
        return Differences(sorted(extra), sorted(missing))

    def spelling_differences(self) -> list[str]:
        """doc_ids whose spelling keys are not those of the report as stored (rebuilt from
        its title and text and compared; on SQLite under its seq), or that have none, or
        more than one entry."""
        from ..spelling import text_keys

        at, seq = ("NULL", "NULL") if is_pg(self.db) else ("rowid", "seq")  # SQLite: by seq
        stored: dict[str, list[tuple[str, object]]] = {}
        for doc_id, keys, row in self.db.execute(f"SELECT doc_id, keys, {at} FROM report_spelling"):
            stored.setdefault(str(doc_id), []).append((str(keys), row))
        rows = self.db.execute(f"SELECT doc_id, COALESCE(title, ''), text, {seq} FROM documents")
        wrong = set(stored)
        for doc_id, title, text, number in rows:
            if stored.get(str(doc_id)) == [(text_keys(f"{title}\n{text}"), number)]:
                wrong.discard(str(doc_id))
            else:
                wrong.add(str(doc_id))
        return sorted(wrong)

    def search_integrity(self) -> str | None:
        """FTS5's own check of the search indexes against their content; None when sound.
        (PostgreSQL's indexes are tables of vectors, rebuilt and compared by
        :meth:`search_differences` and :meth:`search_instances_differ`.)"""
        if is_pg(self.db):
            return None
        for table in ("report_search", "report_spelling"):
            fault = self._integrity(table) or self._blocks(table)
            if fault:
                return f"{table}: {fault}"
        return None

    def _blocks(self, table: str) -> str | None:
        """FTS5 writes every block of an index as bytes (the averages block may be empty);
        one that reads otherwise (a flipped type in its row) is skipped by FTS5's check but
        is damage."""
        row = self.db.execute(
            f"SELECT id FROM {table}_data WHERE typeof(block) != 'blob' LIMIT 1"
        ).fetchone()
        return None if row is None else f"block {row[0]} of the index is not an index page"

    def _integrity(self, table: str) -> str | None:
        try:
            with self.transaction():  # the check is an INSERT command that writes nothing
                self.db.execute(f"INSERT INTO {table} ({table}) VALUES ('integrity-check')")
        except Exception as exc:  # noqa: BLE001 - any failure is the finding
            if "DatabaseError" not in type(exc).__name__ and "Error" not in type(exc).__name__:
                raise
            return str(exc)
        return None

    def search_instances_differ(self) -> int:
        """How many word instances (term, report, column, position) differ between each
        search index and an index built afresh from its content in a temporary table: a
        flipped byte in the index's pages that FTS5's own check misses is found here. On
        PostgreSQL, each report's stored vector against one built afresh from what it indexes."""
        if is_pg(self.db):
            return sum(_dialect.instances_differ(self.db, sql) for _, sql in _dialect.INDEXES)
        return sum(self._instances_differ(*index) for index in _INDEXES)

    def _instances_differ(self, table: str, columns: str, tokenize: str) -> int:
        names = ", ".join(c.split()[0] for c in columns.split(", "))
        temp = (
            f"CREATE VIRTUAL TABLE temp.khronika_fresh USING fts5({columns},"
            f" tokenize = '{tokenize}')",
            f"INSERT INTO temp.khronika_fresh (rowid, {names})"
            f" SELECT rowid, {names} FROM main.{table}",
            "CREATE VIRTUAL TABLE temp.khronika_fresh_words"
            " USING fts5vocab(temp, khronika_fresh, instance)",
            f"CREATE VIRTUAL TABLE temp.khronika_words USING fts5vocab(main, {table}, instance)",
        )
        try:
            for sql in temp:
                self.db.execute(sql)
            one, two = "temp.khronika_words", "temp.khronika_fresh_words"
            return sum(
                int(
                    self.db.execute(
                        f"SELECT COUNT(*) FROM (SELECT * FROM {a} EXCEPT SELECT * FROM {b})"
                    ).fetchone()[0]
                )
                for a, b in ((one, two), (two, one))
            )
        finally:
            for name in ("khronika_words", "khronika_fresh_words", "khronika_fresh"):
                self.db.execute(f"DROP TABLE IF EXISTS temp.{name}")

    def page_problems(self) -> list[str]:
        """Every page read: SQLCipher's authentication (encrypted stores) and SQLite's
        integrity check; the problems found, empty when sound."""
        if is_pg(self.db):
            return _dialect.page_problems(self.db)
        return page_problems(self.db, self.passphrase is not None)

    def schema_now(self) -> dict[tuple[str, str], str]:
        if is_pg(self.db):
            return _dialect.schema_objects(self.db)
        return schema_objects(self.db)

    def schema_expected(self) -> dict[tuple[str, str], str]:
        if is_pg(self.db):
            return _dialect.expected_schema(self.db, install_rows)
        return expected_schema(self.passphrase is not None)

"""What ``verify`` asks of the store beyond the chain: derived tables rebuilt and compared,
the schema as it is, and every page read by SQLite's and SQLCipher's checks."""

from __future__ import annotations

from ._helpers import Connected
from ._open import page_problems

# The full-text index holds, for each report, its doc_id, title and text.
_SEARCH = "SELECT doc_id, title, text FROM report_search"
_SEARCH_SOURCE = "SELECT doc_id, COALESCE(title, ''), text FROM documents"
# The statuses of an incident are those of its facts (as migration 0010 fills them).
_STATUSES = "SELECT incident_id, status FROM incident_statuses"
_STATUSES_SOURCE = (
    "SELECT incidents.incident_id, json_extract(fact.value, '$.status')"
    " FROM incidents, json_each(incidents.summary, '$.facts') AS fact"
    " WHERE json_extract(fact.value, '$.status') IS NOT NULL"
)


class ChecksMixin(Connected):
    passphrase: str | None

    def search_differences(self) -> tuple[list[str], list[str]]:
        """doc_ids whose search entry is not the report as stored (extra or changed), and
        reports with no such entry (missing or changed)."""
        return self._differences(_SEARCH, _SEARCH_SOURCE)

    def status_differences(self) -> tuple[list[str], list[str]]:
        """Incident ids whose stored statuses include one their facts do not have, and ids
        with a fact status not stored: the status filter rebuilt and compared."""
        return self._differences(_STATUSES, _STATUSES_SOURCE)

    def _differences(self, stored: str, source: str) -> tuple[list[str], list[str]]:
        extra = {str(r[0]) for r in self.db.execute(f"{stored} EXCEPT {source}")}
        missing = {str(r[0]) for r in self.db.execute(f"{source} EXCEPT {stored}")}
        return sorted(extra), sorted(missing)

    def spelling_differences(self) -> list[str]:
        """doc_ids whose spelling keys are not those of the report as stored (rebuilt from
        its title and text and compared), or that have none, or more than one entry."""
        from ..spelling import text_keys

        stored: dict[str, list[str]] = {}
        for doc_id, keys in self.db.execute("SELECT doc_id, keys FROM report_spelling"):
            stored.setdefault(str(doc_id), []).append(str(keys))
        rows = self.db.execute("SELECT doc_id, COALESCE(title, ''), text FROM documents")
        wrong = set(stored)
        for doc_id, title, text in rows:
            if stored.get(str(doc_id)) == [text_keys(f"{title}\n{text}")]:
                wrong.discard(str(doc_id))
            else:
                wrong.add(str(doc_id))
        return sorted(wrong)

    def search_integrity(self) -> str | None:
        """FTS5's own check of the search indexes against their content, then each index
        against one rebuilt from the same content; None when sound."""
        for table in ("report_search", "report_spelling"):
            fault = self._integrity(table) or self._rebuilt_differs(table)
            if fault:
                return f"{table}: {fault}"
        return None

    def _rebuilt_differs(self, table: str) -> str | None:
        """FTS5's integrity-check does not read every bit of an index (a position list's
        delete flag); so the stored index, copied and merged into one segment, must hold the
        same doclists as an index built anew from its content and merged the same way. The
        copies live in the connection's temporary schema and are rolled back."""
        (sql,) = self.db.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
        ).fetchone()
        columns = [str(r[1]) for r in self.db.execute(f"PRAGMA table_info({table})")]
        listed = ", ".join(columns)
        self.db.execute("SAVEPOINT index_check")
        try:
            for copy in ("chk_copy", "chk_new"):
                self.db.execute(
                    str(sql).replace(
                        f"CREATE VIRTUAL TABLE {table}", f"CREATE VIRTUAL TABLE temp.{copy}"
                    )
                )
            for shadow in ("data", "idx", "content", "docsize", "config"):
                self.db.execute(f"DELETE FROM temp.chk_copy_{shadow}")
                self.db.execute(
                    f"INSERT INTO temp.chk_copy_{shadow} SELECT * FROM main.{table}_{shadow}"
                )
            self.db.execute(
                f"INSERT INTO temp.chk_new (rowid, {listed})"
                f" SELECT rowid, {listed} FROM main.{table}"
            )
            blocks = []
            for copy in ("chk_copy", "chk_new"):
                self.db.execute(f"INSERT INTO temp.{copy} ({copy}) VALUES ('optimize')")
                rows = self.db.execute(
                    f"SELECT block FROM temp.{copy}_data WHERE id > 10 ORDER BY id"
                )
                blocks.append([bytes(r[0]) for r in rows])
        finally:
            self.db.execute("ROLLBACK TO index_check")
            self.db.execute("RELEASE index_check")
        return (
            None
            if blocks[0] == blocks[1]
            else "the index differs from one rebuilt from its content"
        )

    def _integrity(self, table: str) -> str | None:
        try:
            with self.transaction():  # the check is an INSERT command that writes nothing
                self.db.execute(f"INSERT INTO {table} ({table}) VALUES ('integrity-check')")
        except Exception as exc:  # noqa: BLE001 - any failure is the finding
            if "DatabaseError" not in type(exc).__name__ and "Error" not in type(exc).__name__:
                raise
            return str(exc)
        return None

    def page_problems(self) -> list[str]:
        """Every page read: SQLCipher's authentication (encrypted stores) and SQLite's
        integrity check; the problems found, empty when sound."""
        return page_problems(self.db, self.passphrase is not None)

    def schema_now(self) -> dict[tuple[str, str], str]:
        from ._sqlite import schema_objects

        return schema_objects(self.db)

    def schema_expected(self) -> dict[tuple[str, str], str]:
        from ._sqlite import expected_schema

        return expected_schema(self.passphrase is not None)

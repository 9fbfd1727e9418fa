"""What ``verify`` asks of the store beyond the chain: derived tables rebuilt and compared,
the schema as it is, and every page read by SQLite's and SQLCipher's checks."""

from __future__ import annotations

from . import _dialect
from ._helpers import Connected
from ._open import page_problems
from ._rows import install_rows, is_pg

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
        if is_pg(self.db):
            return self._differences(_dialect.SEARCH_STORED, _dialect.SEARCH_SOURCE)
        return self._differences(_SEARCH, _SEARCH_SOURCE)

    def status_differences(self) -> tuple[list[str], list[str]]:
        """Incident ids whose stored statuses include one their facts do not have, and ids
        with a fact status not stored: the status filter rebuilt and compared."""
        return self._differences(_STATUSES, _STATUSES_SOURCE)

    def _differences(self, stored: str, source: str) -> tuple[list[str], list[str]]:
        extra = {str(r[0]) for r in self.db.execute(f"{stored} EXCEPT {source}")}
        missing = {str(r[0]) for r in self.db.execute(f"{source} EXCEPT {stored}")}
        return sorted(extra), sorted(missing)

    def search_integrity(self) -> str | None:
        """FTS5's own check of the search index against its content; None when sound.
        (PostgreSQL's index is a table of vectors, rebuilt and compared by
        :meth:`search_differences`.)"""
        if is_pg(self.db):
            return None
        try:
            with self.transaction():  # the check is an INSERT command that writes nothing
                self.db.execute(
                    "INSERT INTO report_search (report_search) VALUES ('integrity-check')"
                )
        except Exception as exc:  # noqa: BLE001 - any failure is the finding
            if "DatabaseError" not in type(exc).__name__ and "Error" not in type(exc).__name__:
                raise
            return str(exc)
        return None

    def page_problems(self) -> list[str]:
        """Every page read: SQLCipher's authentication (encrypted stores) and SQLite's
        integrity check; the problems found, empty when sound."""
        if is_pg(self.db):
            return _dialect.page_problems(self.db)
        return page_problems(self.db, self.passphrase is not None)

    def schema_now(self) -> dict[tuple[str, str], str]:
        from ._sqlite import schema_objects

        if is_pg(self.db):
            return _dialect.schema_objects(self.db)
        return schema_objects(self.db)

    def schema_expected(self) -> dict[tuple[str, str], str]:
        from ._sqlite import expected_schema

        if is_pg(self.db):
            return _dialect.expected_schema(self.db, install_rows)
        return expected_schema(self.passphrase is not None)

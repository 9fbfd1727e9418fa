"""Full-text search over the reports: FTS5 on SQLite, a ``tsvector`` on PostgreSQL."""

from __future__ import annotations

from collections.abc import Sequence

from . import _dialect
from ._helpers import Connected, _fts_query
from ._rows import is_pg


class SearchMixin(Connected):
    """Search for the web app, and the linker's blocking by shared distinctive words."""

    # ---- full-text search ---------------------------------------------------------------
    def search(self, query: str, limit: int = 20, offset: int = 0) -> list[tuple[str, str]]:
        """(doc_id, snippet with [matches] marked) of reports matching ``query``, best first.
        The query is taken as words (and "quoted phrases"), never as FTS syntax."""
        match = _fts_query(query)
        if not match:
            return []
        if is_pg(self.db):
            terms = _search_terms(query)
            sql = _dialect.search_sql(len(terms))[0]
            rows = self.db.conn.execute(sql, [_dialect.HEADLINE, *terms, limit, offset])
            return [(str(d), str(s)) for d, s in rows]
        rows = self.db.execute(
            "SELECT doc_id, snippet(report_search, 2, '[', ']', ' … ', 16) FROM report_search"
            " WHERE report_search MATCH ? ORDER BY rank LIMIT ? OFFSET ?",
            (match, limit, offset),
        )
        return [(str(d), str(s)) for d, s in rows]

    def search_count(self, query: str) -> int:
        match = _fts_query(query)
        if not match:
            return 0
        if is_pg(self.db):
            terms = _search_terms(query)
            (count,) = self.db.conn.execute(_dialect.search_sql(len(terms))[1], terms).fetchone()
            return int(count)
        (count,) = self.db.execute(
            "SELECT COUNT(*) FROM report_search WHERE report_search MATCH ?", (match,)
        ).fetchone()
        return int(count)

    def incidents_of_similar_reports(self, words: Sequence[str], limit: int = 50) -> list[str]:
        """Primary incidents of the reports the full-text index ranks best for any of
        ``words`` (BM25): blocking by shared distinctive words."""
        if not words:
            return []
        if is_pg(self.db):
            query = _dialect.or_query(list(words))
            rows = self.db.conn.execute(_dialect.SIMILAR_SQL, (query, limit))
            return list(dict.fromkeys(str(r[0]) for r in rows))
        match = " OR ".join('"' + w.replace('"', '""') + '"' for w in words)
        rows = self.db.execute(
            "SELECT primary_incident FROM report_search JOIN documents USING (doc_id)"
            " WHERE report_search MATCH ? AND primary_incident IS NOT NULL"
            " ORDER BY rank LIMIT ?",
            (match, limit),
        )
        return list(dict.fromkeys(str(r[0]) for r in rows))


def _search_terms(query: str) -> list[str]:
    """The words and phrases of a query, as :func:`_fts_query` reads them."""
    return [t.strip('"') for t in _fts_query(query).split(" AND ")]

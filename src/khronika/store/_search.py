"""Full-text search over the reports: FTS5 on SQLite, a ``tsvector`` on PostgreSQL. Each
backend has two indexes: the reports as written (``report_search``) and the spelling keys of
their names (``report_spelling``, :mod:`khronika.spelling`)."""

from __future__ import annotations

from collections.abc import Sequence

from ..spelling import query_keys
from ..spelling import snippet as spelled_snippet
from . import _dialect
from ._helpers import Connected, _fts_query
from ._rows import is_pg

# Reports matching a search as written (ranked by the index), then those matching it only by
# the spelling keys of its words (Эстемировой for "Estemirova"), without a snippet yet.
_SEARCHED = (
    "written AS (SELECT doc_id, rank AS score, 0 AS spelled, rowid AS entry FROM report_search"
    " WHERE report_search MATCH ?),"
    " spelled AS (SELECT doc_id, rank AS score, 1 AS spelled, NULL AS entry FROM report_spelling"
    " WHERE report_spelling MATCH ? AND doc_id NOT IN (SELECT doc_id FROM written)),"
    " found AS (SELECT * FROM written UNION ALL SELECT * FROM spelled)"
)


def _keys_query(keys: list[str]) -> str:
    """Spelling keys as an FTS5 expression (all must match); one that matches nothing when
    the search has no keys."""
    return " AND ".join(f'"{k}"' for k in keys) if keys else '"0"'


class SearchMixin(Connected):
    """Search for the web app, and the linker's blocking by shared distinctive words."""

    # ---- full-text search ---------------------------------------------------------------
    def search(
        self, query: str, limit: int = 20, offset: int = 0, *, spelled: bool = True
    ) -> list[tuple[str, str]]:
        """(doc_id, snippet with [matches] marked) of reports matching ``query``, best first.
        The query is taken as words (and "quoted phrases"), never as FTS syntax; with
        ``spelled``, reports naming its words in another spelling follow (see _SEARCHED)."""
        match = _fts_query(query)
        if not match:
            return []
        keys = query_keys(query) if spelled else []
        if is_pg(self.db):
            return self._pg_search(query, keys, limit, offset)
        rows = self.db.execute(
            f"WITH {_SEARCHED} SELECT doc_id, entry FROM found ORDER BY spelled, score"
            " LIMIT ? OFFSET ?",
            (match, _keys_query(keys), limit, offset),
        ).fetchall()
        snippets = self._snippets(match, [int(e) for _, e in rows if e is not None])
        return [(str(d), snippets.get(str(d)) or self._spelled(str(d), keys)) for d, _ in rows]

    def _snippets(self, match: str, entries: list[int]) -> dict[str, str]:
        """The index's snippets of the reports found as written (by their index entries:
        one look-up each, not a search of every match per report)."""
        if not entries:
            return {}
        rows = self.db.execute(
            "SELECT doc_id, snippet(report_search, 2, '[', ']', ' … ', 16) FROM report_search"
            f" WHERE report_search MATCH ? AND rowid IN ({', '.join('?' * len(entries))})",
            (match, *entries),
        )
        return {str(d): str(s) for d, s in rows}

    def _spelled(self, doc_id: str, keys: list[str]) -> str:
        """A snippet marking the words of a report found by their spelling key."""
        (text,) = self.db.execute(
            "SELECT text FROM documents WHERE doc_id = ?", (doc_id,)
        ).fetchone()
        return spelled_snippet(str(text), keys)

    def _pg_search(
        self, query: str, keys: list[str], limit: int, offset: int
    ) -> list[tuple[str, str]]:
        terms = _search_terms(query)
        sql = _dialect.search_sql(len(terms))[0]
        params = [*terms, _dialect.keys_query(keys), _dialect.HEADLINE, limit, offset]
        found = []
        for doc_id, headline, text in self.db.conn.execute(sql, params):
            found.append((str(doc_id), str(headline or spelled_snippet(str(text), keys))))
        return found

    def search_count(self, query: str, *, spelled: bool = True) -> int:
        match = _fts_query(query)
        if not match:
            return 0
        keys = query_keys(query) if spelled else []
        if is_pg(self.db):
            terms = _search_terms(query)
            params = [*terms, _dialect.keys_query(keys)]
            (count,) = self.db.conn.execute(_dialect.search_sql(len(terms))[1], params).fetchone()
            return int(count)
        (count,) = self.db.execute(
            f"WITH {_SEARCHED} SELECT COUNT(*) FROM found", (match, _keys_query(keys))
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

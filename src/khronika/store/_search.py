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
from .results import SearchHit

# Reports matching a search as written, then those matching it only by the spelling keys of
# its words (Эстемировой for "Estemirova"). Ranking reads each ranked report's word counts and
# size, so only the RANKED reports added last of those matching as written are ranked (best
# first: FTS5 ranks them itself and only the page's snippets are made); older matches follow,
# newest first. A store where a search matches fewer reports ranks them all.
RANKED = 1000
_SNIPPET = "SELECT doc_id, snippet(report_search, 2, '[', ']', ' … ', 16) FROM report_search"
_FLOOR = (  # the rowid of the RANKED-th match added last (rowids grow as reports are added)
    "SELECT rowid FROM report_search WHERE report_search MATCH ?"
    " ORDER BY rowid DESC LIMIT 1 OFFSET ?"
)
_WRITTEN = f"{_SNIPPET} WHERE report_search MATCH ? AND rowid >= ? ORDER BY rank LIMIT ? OFFSET ?"
_OLDER = (
    f"{_SNIPPET} WHERE report_search MATCH ? AND rowid < ? ORDER BY rowid DESC LIMIT ? OFFSET ?"
)
# A report's entries in both indexes have its seq as their rowid (migration 0018).
_SPELLED = (
    "SELECT doc_id FROM report_spelling WHERE report_spelling MATCH ? AND rowid NOT IN"
    " (SELECT rowid FROM report_search WHERE report_search MATCH ?) ORDER BY rank"
    " LIMIT ? OFFSET ?"
)
# How many reports _WRITTEN and _SPELLED find, counted no further than a limit and without
# ranking them (a count reads no positions). (NOT IN reads the rowids matching as written
# once; NOT EXISTS, a MATCH for each report found by spelling, took 10 to 30 times as long.)
_WRITTEN_COUNT = (
    "SELECT COUNT(*) FROM (SELECT 1 FROM report_search WHERE report_search MATCH ? LIMIT ?)"
)
_SPELLED_COUNT = (
    "SELECT COUNT(*) FROM (SELECT 1 FROM report_spelling WHERE report_spelling MATCH ?"
    " AND rowid NOT IN (SELECT rowid FROM report_search WHERE report_search MATCH ?) LIMIT ?)"
)
# A report's spelling keys (parameters: the keys, its doc_id), under its seq on SQLite.
SPELLING_INSERT = (
    "INSERT INTO report_spelling (rowid, doc_id, keys) SELECT seq, doc_id, ? FROM documents"
    " WHERE doc_id = ?"
)
PG_SPELLING_INSERT = (
    "INSERT INTO report_spelling (doc_id, keys) SELECT doc_id, ? FROM documents WHERE doc_id = ?"
)


def spelling_insert(db: object) -> str:
    return PG_SPELLING_INSERT if is_pg(db) else SPELLING_INSERT


# The linker's similar reports: rowids (seqs, migration 0018) best first, each report's
# primary incident read from an index (0019; the report's row holds its text before it).
# Only the SIMILAR_RANKED matches added last are ranked (_FLOOR gives the lowest rowid): a
# report's words shared with tens of thousands of reports are not ranked all over again.
SIMILAR_RANKED = 2000
_RANKED_ROWIDS = (
    "SELECT rowid FROM report_search WHERE report_search MATCH ? AND rowid >= ? ORDER BY rank"
)
_PRIMARY_OF = (
    "SELECT primary_incident FROM documents INDEXED BY documents_seq_primary WHERE seq = ?"
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
    ) -> list[SearchHit]:
        """(doc_id, snippet with [matches] marked) of reports matching ``query``, best first.
        The query is taken as words (and "quoted phrases"), never as FTS syntax; with
        ``spelled``, reports naming its words in another spelling follow (see _SPELLED)."""
        match = _fts_query(query)
        if not match:
            return []
        keys = query_keys(query) if spelled else []
        if is_pg(self.db):
            return self._pg_search(query, keys, limit, offset)
        found = self._written(match, limit, offset)
        if len(found) < limit and keys:  # the page goes on with reports found by spelling
            written = offset + len(found)  # all matching as written, if any is on the page
            if not found and offset:
                (written,) = self.db.execute(_WRITTEN_COUNT, (match, offset + 1)).fetchone()
            page = (_keys_query(keys), match, limit - len(found), max(0, offset - written))
            rows = self.db.execute(_SPELLED, page).fetchall()
            found += [SearchHit(str(d), self._spelled(str(d), keys)) for (d,) in rows]
        return found

    def _written(self, match: str, limit: int, offset: int) -> list[SearchHit]:
        """A page of the reports matching as written (see RANKED)."""
        row = self.db.execute(_FLOOR, (match, RANKED - 1)).fetchone()
        floor = int(row[0]) if row else 0
        rows = self.db.execute(_WRITTEN, (match, floor, limit, offset)).fetchall()
        if row is not None and len(rows) < limit:  # the page goes on with older matches
            page = (match, floor, limit - len(rows), max(0, offset - RANKED))
            rows += self.db.execute(_OLDER, page).fetchall()
        return [SearchHit(str(d), str(t)) for d, t in rows]

    def _spelled(self, doc_id: str, keys: list[str]) -> str:
        """A snippet marking the words of a report found by their spelling key."""
        (text,) = self.db.execute(
            "SELECT text FROM documents WHERE doc_id = ?", (doc_id,)
        ).fetchone()
        return spelled_snippet(str(text), keys)

    # PostgreSQL plans each search for its own words (``prepare=False``): psycopg prepares a
    # statement run five times, and the server's generic plan of a prepared search, made for
    # any words, read every report's vector (0.7 to 1 s a search at 100,000 reports).
    def _pg_search(self, query: str, keys: list[str], limit: int, offset: int) -> list[SearchHit]:
        terms = _search_terms(query)
        sql, conn = _dialect.search_sql(len(terms)), self.db.conn
        headline = _dialect.headline_params(terms[0])
        rows = conn.execute(sql.written, [*terms, RANKED, limit, offset, *headline], prepare=False)
        found = [SearchHit(str(d), str(h or "")) for d, h in rows]
        if len(found) < limit and keys:  # the page goes on with reports found by spelling
            written = offset + len(found)  # all matching as written, if any is on the page
            if not found and offset:
                count = conn.execute(sql.written_count, [*terms, offset + 1], prepare=False)
                (written,) = count.fetchone()
            page = [*terms, _dialect.keys_query(keys), limit - len(found)]
            rows = conn.execute(sql.spelled, [*page, max(0, offset - int(written))], prepare=False)
            found += [SearchHit(str(d), spelled_snippet(str(t), keys)) for d, t in rows]
        return found

    def search_count(self, query: str, *, spelled: bool = True, at_most: int | None = None) -> int:
        """How many reports :meth:`search` finds; with ``at_most``, counted no further than
        ``at_most + 1`` (a search matching most of a large record is not counted to the end:
        more than ``at_most`` is all a total says)."""
        match = _fts_query(query)
        if not match:
            return 0
        keys = query_keys(query) if spelled else []
        limit = -1 if at_most is None else at_most + 1  # -1: no limit on SQLite
        if is_pg(self.db):
            return self._pg_search_count(query, keys, None if at_most is None else limit)
        (written,) = self.db.execute(_WRITTEN_COUNT, (match, limit)).fetchone()
        if not keys or (at_most is not None and written > at_most):
            return int(written)
        rest = -1 if at_most is None else limit - written
        (only,) = self.db.execute(_SPELLED_COUNT, (_keys_query(keys), match, rest)).fetchone()
        return int(written) + int(only)

    def _pg_search_count(self, query: str, keys: list[str], limit: int | None) -> int:
        terms = _search_terms(query)
        sql, conn = _dialect.search_sql(len(terms)), self.db.conn
        (written,) = conn.execute(sql.written_count, [*terms, limit], prepare=False).fetchone()
        if not keys or (limit is not None and written >= limit):
            return int(written)
        rest = None if limit is None else limit - int(written)
        params = [*terms, _dialect.keys_query(keys), rest]
        (only,) = conn.execute(sql.spelled_count, params, prepare=False).fetchone()
        return int(written) + int(only)

    def incidents_of_similar_reports(self, words: Sequence[str], limit: int = 50) -> list[str]:
        """Primary incidents of the reports the full-text index ranks best for any of
        ``words`` (BM25; ts_rank on PostgreSQL) among the SIMILAR_RANKED reports added last
        that have any of them: blocking by shared distinctive words."""
        if not words:
            return []
        if is_pg(self.db):
            query = _dialect.or_query(list(words))
            params = (query, SIMILAR_RANKED, limit)
            rows = self.db.conn.execute(_dialect.SIMILAR_SQL, params, prepare=False)
            return list(dict.fromkeys(str(r[0]) for r in rows))
        match = " OR ".join('"' + w.replace('"', '""') + '"' for w in words)
        row = self.db.execute(_FLOOR, (match, SIMILAR_RANKED - 1)).fetchone()
        floor = int(row[0]) if row else 0
        found: list[str] = []  # ranked by the index alone; a report's incident from an index
        for (seq,) in self.db.execute(_RANKED_ROWIDS, (match, floor)):
            row = self.db.execute(_PRIMARY_OF, (seq,)).fetchone()
            if row is not None and row[0] is not None:
                found.append(str(row[0]))
                if len(found) == limit:
                    break
        return list(dict.fromkeys(found))


def _search_terms(query: str) -> list[str]:
    """The words and phrases of a query, as :func:`_fts_query` reads them."""
    return [t.strip('"') for t in _fts_query(query).split(" AND ")]

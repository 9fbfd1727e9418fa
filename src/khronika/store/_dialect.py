"""The store on PostgreSQL: the few places where its SQL differs from SQLite's, in one layer.

The store's queries are written once, in SQLite's spelling. :class:`PgConnection` gives them
to PostgreSQL (psycopg 3) behind the same small interface as a ``sqlite3`` connection
(``execute``, ``executemany``, ``in_transaction``, ``close``), rewriting each query once
(cached): ``?`` placeholders, ``INSERT OR IGNORE`` / ``INSERT OR REPLACE`` as ``ON CONFLICT``
(the conflict target read from the table's primary key), ``COLLATE NOCASE`` comparisons,
``INDEXED BY`` hints, ``LIKE`` (which ignores case on SQLite) as ``ILIKE``.
SQLite's ``json_extract`` and ``json_each`` exist on PostgreSQL as
functions of khronika's schema (``migrations/postgresql``); tables that SQLite orders by
``rowid`` have a ``rowid`` column there. What cannot be one query (the catalog, the row
triggers, full-text search, the schema and page checks) is a method of :class:`Postgres`.

Writers take one transaction-level advisory lock, as SQLite's ``BEGIN IMMEDIATE`` takes the
store's write lock: changes and their chain entries are appended one transaction at a time.
"""

from __future__ import annotations

import functools
import hashlib
import re
from typing import Any, NamedTuple
from urllib.parse import urlsplit, urlunsplit

from ._helpers import read_migrations

WRITE_LOCK = 0x6B68726F  # "khro": the advisory lock every writing transaction holds
SCHEMES = ("postgresql://", "postgres://")
EXPECTED_SCHEMA = "khronika_expected"


def is_url(location: object) -> bool:
    return str(location).startswith(SCHEMES)


class DatabaseUrl(str):
    """A PostgreSQL store's location: its URL. ``name`` (in messages) has no password."""

    @property
    def name(self) -> str:
        parts = urlsplit(self)
        host = parts.netloc.rsplit("@", 1)[-1]
        user = parts.username
        netloc = f"{user}@{host}" if user else host
        return urlunsplit((parts.scheme, netloc, parts.path, "", ""))

    def __fspath__(self) -> str:  # pragma: no cover - never a file
        raise TypeError(f"{self.name} is a PostgreSQL database, not a file")


_PLACEHOLDER = re.compile(r"\?")
_NOCASE = re.compile(r"(\w+) = \? COLLATE NOCASE")
_INDEXED = re.compile(r"\s+INDEXED BY \w+")
_REPLACE = re.compile(r"INSERT OR REPLACE INTO (\w+)\s*(\(([^)]*)\))?\s*VALUES", re.S)
_IGNORE = re.compile(r"INSERT OR IGNORE INTO")
_LIKE = re.compile(r"\bLIKE\b")


class PgConnection:
    """A psycopg connection that takes the store's SQLite-spelled queries."""

    dialect = "postgresql"

    def __init__(self, url: str) -> None:
        import psycopg

        self.url = url
        self.conn = psycopg.connect(url, autocommit=True)
        self._keys: dict[str, tuple[list[str], list[str]]] = {}

    # ---- the sqlite3-like interface -----------------------------------------------------
    def execute(self, sql: str, params: Any = ()) -> Any:
        if sql == "BEGIN":  # a snapshot: one committed state for every read
            return self.conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
        if sql == "BEGIN IMMEDIATE":
            self.conn.execute("BEGIN")
            return self.conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
        return self.conn.execute(self.translate(sql), tuple(params))

    def executemany(self, sql: str, rows: Any) -> Any:
        rows = [tuple(r) for r in rows]
        cursor = self.conn.cursor()
        if rows:
            cursor.executemany(self.translate(sql), rows)
        return cursor

    def script(self, sql: str) -> None:
        """Statements as they are (a migration: PostgreSQL's own spelling, no parameters)."""
        self.conn.execute(sql)

    @property
    def in_transaction(self) -> bool:
        from psycopg.pq import TransactionStatus

        return bool(self.conn.info.transaction_status != TransactionStatus.IDLE)

    def close(self) -> None:
        self.conn.close()

    # ---- rewriting ------------------------------------------------------------------------
    def translate(self, sql: str) -> str:
        return self._translate(sql)

    @functools.lru_cache(maxsize=512)  # noqa: B019 - one connection lives as long as its store
    def _translate(self, sql: str) -> str:
        sql = _INDEXED.sub("", sql)
        sql = _NOCASE.sub(r"lower(\1) = lower(?)", sql)
        sql = _LIKE.sub("ILIKE", sql)  # SQLite's LIKE ignores case
        if (m := _REPLACE.search(sql)) is not None:
            sql = self._upsert(sql, m)
        elif _IGNORE.search(sql):
            sql = _IGNORE.sub("INSERT INTO", sql).rstrip().rstrip(";") + " ON CONFLICT DO NOTHING"
        sql = sql.replace("%", "%%")
        return _PLACEHOLDER.sub("%s", sql)

    def _upsert(self, sql: str, m: re.Match[str]) -> str:
        table = m.group(1)
        columns, keys = self.table_keys(table)
        named = [c.strip() for c in m.group(3).split(",")] if m.group(3) else None
        if named is None:
            named = columns[: _values_count(sql[m.end() :])]
        head = f"INSERT INTO {table} ({', '.join(named)}) VALUES"
        update = ", ".join(f"{c} = excluded.{c}" for c in named if c not in keys)
        action = f"DO UPDATE SET {update}" if update else "DO NOTHING"
        body = sql[: m.start()] + head + sql[m.end() :]
        return body.rstrip() + f" ON CONFLICT ({', '.join(keys)}) {action}"

    def table_keys(self, table: str) -> tuple[list[str], list[str]]:
        """(columns in order, primary key columns) of a table of the store's schema."""
        if table not in self._keys:
            columns = [
                str(r[0])
                for r in self.conn.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = %s"
                    " AND table_schema = current_schema() ORDER BY ordinal_position",
                    (table,),
                )
            ]
            keys = [
                str(r[0])
                for r in self.conn.execute(
                    "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid ="
                    " i.indrelid AND a.attnum = ANY(i.indkey) WHERE i.indrelid = %s::regclass"
                    " AND i.indisprimary ORDER BY array_position(i.indkey, a.attnum)",
                    (table,),
                )
            ]
            self._keys[table] = (columns, keys)
        return self._keys[table]


def _values_count(values: str) -> int:
    """How many values the first parenthesised tuple of ``values`` holds."""
    depth, count = 0, 1
    for char in values:
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return count
        elif char == "," and depth == 1:
            count += 1
    return count


def connect(url: str) -> PgConnection:
    return PgConnection(url)


def migrations() -> list[tuple[int, str]]:
    """PostgreSQL's migrations: numbered as SQLite's, the same schema in its spelling."""
    return read_migrations("postgresql")


# ---- the catalog ---------------------------------------------------------------------------
def has_table(db: PgConnection, name: str) -> bool:
    row = db.conn.execute(
        "SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema()"
        " AND table_name = %s",
        (name,),
    ).fetchone()
    return row is not None


def tables(db: PgConnection) -> list[str]:
    rows = db.conn.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
        " AND table_type = 'BASE TABLE' ORDER BY table_name"
    )
    return [str(r[0]) for r in rows]


def schema_objects(db: PgConnection, schema: str | None = None) -> dict[tuple[str, str], str]:
    """(kind, name) -> definition of every table, index, trigger and function of the schema
    (the store's, or ``schema``), with the schema's name taken out of the definitions."""
    conn = db.conn
    schema = schema or str(_one(conn.execute("SELECT current_schema()")))
    found: dict[tuple[str, str], str] = {}
    columns = conn.execute(
        "SELECT table_name, string_agg(column_name || ' ' || data_type || ' '"
        " || coalesce(collation_name, '') || ' ' || is_nullable || ' '"
        " || coalesce(column_default, ''), ', ' ORDER BY ordinal_position)"
        " FROM information_schema.columns WHERE table_schema = %s GROUP BY table_name",
        (schema,),
    )
    found.update((("table", str(t)), str(d)) for t, d in columns)
    constraints = conn.execute(
        "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid)"
        " FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace"
        " WHERE n.nspname = %s",
        (schema,),
    )
    for table, name, text in constraints:
        found[("constraint", f"{_bare(str(table))}.{name}")] = str(text)
    indexes = conn.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = %s", (schema,)
    )
    found.update((("index", str(n)), str(d)) for n, d in indexes)
    triggers = conn.execute(
        "SELECT t.tgname, pg_get_triggerdef(t.oid) FROM pg_trigger t JOIN pg_class c ON"
        " c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE n.nspname = %s AND NOT t.tgisinternal",
        (schema,),
    )
    found.update((("trigger", str(n)), str(d)) for n, d in triggers)
    functions = conn.execute(
        "SELECT p.proname, pg_get_functiondef(p.oid) FROM pg_proc p JOIN pg_namespace n"
        " ON n.oid = p.pronamespace WHERE n.nspname = %s",
        (schema,),
    )
    found.update((("function", str(n)), str(d)) for n, d in functions)
    return {k: v.replace(f"{schema}.", "").replace(f'"{schema}".', "") for k, v in found.items()}


def _one(cursor: Any) -> Any:
    """The single value a query answers."""
    row = cursor.fetchone()
    return None if row is None else row[0]


def _bare(name: str) -> str:
    return name.rsplit(".", 1)[-1].strip('"')


def expected_schema(db: PgConnection, install: Any) -> dict[tuple[str, str], str]:
    """What khronika's migrations make: applied in a scratch schema of this database inside
    a transaction that is rolled back (PostgreSQL's DDL is transactional)."""
    if db.in_transaction:  # verify reads in a snapshot: compare in a savepoint of it
        db.conn.execute("SAVEPOINT khronika_expected")
        try:
            return _expected(db, install)
        finally:
            db.conn.execute("ROLLBACK TO SAVEPOINT khronika_expected")
            db.conn.execute("RESET search_path")
    db.conn.execute("BEGIN")
    try:
        return _expected(db, install)
    finally:
        db.conn.execute("ROLLBACK")
        db.conn.execute("RESET search_path")


def _expected(db: PgConnection, install: Any) -> dict[tuple[str, str], str]:
    db.conn.execute(f"CREATE SCHEMA {EXPECTED_SCHEMA}")
    db.conn.execute(f"SET LOCAL search_path TO {EXPECTED_SCHEMA}, public")
    db._keys.clear()
    try:
        db.conn.execute(SCHEMA_MIGRATIONS)
        for _, sql in migrations():
            db.script(sql)
        install(db)
        return schema_objects(db, EXPECTED_SCHEMA)
    finally:
        db._keys.clear()


SCHEMA_MIGRATIONS = (
    "CREATE TABLE IF NOT EXISTS schema_migrations "
    "(version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
)


# ---- row digests (see ._rows) --------------------------------------------------------------
def row_sql(db: PgConnection, table: str, keys: tuple[str, ...]) -> tuple[str, str]:
    """SQL of one row of ``table`` (alias ``t``) as text, and of its label."""
    names = ", ".join(f"'{k}'" for k in keys)
    return (
        f"khronika_row_text('{table}', to_jsonb(t))",
        f"khronika_row_label(ARRAY[{names}]::text[], to_jsonb(t))",
    )


def digest_columns(db: PgConnection, table: str, keys: tuple[str, ...]) -> str:
    """What a table's rows are digested by: its columns and the row functions' source."""
    columns, _ = db.table_keys(table)
    source = _one(
        db.conn.execute(
            "SELECT string_agg(prosrc, ';' ORDER BY proname) FROM pg_proc WHERE proname IN"
            " ('khronika_row_text', 'khronika_row_label', 'khronika_log_rows')"
            " AND pronamespace = current_schema()::regnamespace"
        )
    )
    return hashlib.sha256(f"{table}|{columns}|{keys}|{source}".encode()).hexdigest()


def trigger_sql(table: str, keys: tuple[str, ...]) -> dict[str, str]:
    names = ", ".join(f"'{k}'" for k in keys)
    name = f"rows_{table}"
    return {
        name: f"CREATE TRIGGER {name} AFTER INSERT OR DELETE OR UPDATE ON {table}"
        f" FOR EACH ROW EXECUTE FUNCTION khronika_log_rows({names})"
    }


def present_triggers(db: PgConnection) -> dict[str, str]:
    rows = db.conn.execute(
        "SELECT t.tgname, pg_get_triggerdef(t.oid) FROM pg_trigger t JOIN pg_class c"
        " ON c.oid = t.tgrelid WHERE c.relnamespace = current_schema()::regnamespace"
        " AND NOT t.tgisinternal AND t.tgname LIKE 'rows\\_%%'"
    )
    return {str(n): str(d) for n, d in rows}


def install_triggers(db: PgConnection, wanted: dict[str, tuple[str, str]]) -> None:
    """(Re)create every row trigger (name -> (table, SQL)), dropping others of khronika's."""
    present = present_triggers(db)
    for name, (_table, sql) in wanted.items():
        if name not in present:
            db.conn.execute(sql)
    for name in set(present) - set(wanted):
        table = present[name].split(" ON ", 1)[1].split()[0]
        db.conn.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")


def drop_triggers(db: PgConnection) -> None:
    for name, sql in present_triggers(db).items():
        table = sql.split(" ON ", 1)[1].split()[0]
        db.conn.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")


def chain_sequence(db: PgConnection) -> int:
    return int(_one(db.conn.execute("SELECT COALESCE(MAX(seq), 0) FROM changes")))


# ---- full-text search ----------------------------------------------------------------------
# PostgreSQL's own search: a text search configuration ``khronika`` (the ``simple`` dictionary
# after ``unaccent``: no stemming, so Russian, Spanish, Arabic and English words are all
# indexed as written, lower-cased and without accents), a ``tsvector`` per report kept by a
# trigger in ``report_search`` and a GIN index on it.
HEADLINE = "StartSel=[, StopSel=], MaxWords=16, MinWords=6, MaxFragments=2, FragmentDelimiter=' … '"


class SearchSql(NamedTuple):
    """The SQL of a search of so many words or phrases (see :func:`search_sql`)."""

    written: str  # a page of reports matching as written: (doc_id, headline)
    written_count: str  # how many match as written, counted no further than a limit
    spelled: str  # a page of those matching only by spelling: (doc_id, text)
    spelled_count: str  # how many match only by spelling, counted no further than a limit


# A headline is made from HEADLINE_CHARS characters of a report's text (ts_headline parses
# all it is given: a 1 MB report would be parsed whole for two lines): from the start, or,
# when the text has the query's first word or phrase further on (as written, ignoring case),
# from a little before its first occurrence. A match spelled otherwise (accents) beyond the
# first part shows the start of the report, unmarked.
HEADLINE_CHARS = 10_000
HEADLINE_BEFORE = 200  # characters kept before the first occurrence
_WINDOW = (
    "substr(d.text, CASE WHEN length(d.text) <= %s THEN 1"
    " ELSE greatest(1, strpos(lower(d.text), lower(%s)) - %s) END, %s)"
)


def search_sql(terms: int) -> SearchSql:
    """The SQL of a query of ``terms`` words or phrases, all of which must match (the terms
    are the first parameters of each): the reports matching as written, then those matching
    only by the spelling keys of its words (``report_spelling``; parameter: :func:`keys_query`
    after the terms). Of those matching as written, the given number added last (by ``seq``, in
    ``report_search`` since migration 0018) are ranked, best first (``ts_rank_cd`` reads each
    one's vector), and the older ones follow, newest first. Parameters after the terms:
    ``written``: how many are ranked, the limit, the offset, then :func:`headline_params`;
    ``spelled``: the keys, the limit, the offset; ``written_count``: the limit;
    ``spelled_count``: the keys, the limit."""
    query = " && ".join(["phraseto_tsquery('khronika', %s)"] * terms)
    matching = "SELECT s.doc_id, s.seq FROM report_search s, x WHERE s.search @@ x.q"
    written = (
        f"WITH x AS (SELECT {query} AS q), written AS ({matching}),"
        " recent AS (SELECT doc_id, seq FROM written ORDER BY seq DESC LIMIT %s),"
        " found AS (SELECT r.doc_id, 0 AS part, ts_rank_cd(s.search, x.q) AS score, r.seq"
        " FROM recent r JOIN report_search s ON s.doc_id = r.doc_id, x"
        " UNION ALL SELECT doc_id, 1, 0, -seq FROM written"
        " WHERE seq < (SELECT MIN(seq) FROM recent)),"
        " page AS (SELECT * FROM found ORDER BY part, score DESC, seq LIMIT %s OFFSET %s)"
        f" SELECT f.doc_id, ts_headline('khronika', {_WINDOW}, x.q, %s)"
        " FROM page f JOIN documents d ON d.doc_id = f.doc_id, x"
        " ORDER BY f.part, f.score DESC, f.seq"
    )
    # Matching by spelling only: each report the keys find is looked up in report_search by
    # its doc_id and its own vector read, in a scalar subquery the planner keeps as one (NOT
    # IN gathers every report matching as written first, 96,000 of 100,000 for "rights"; a
    # join or NOT EXISTS was planned as a scan of all 100,000 vectors).
    spelled_only = (
        f"WITH x AS (SELECT {query} AS q, to_tsquery('simple', %s) AS k),"
        " spelled AS (SELECT p.doc_id, p.words FROM report_spelling p, x WHERE p.words @@ x.k"
        " AND NOT COALESCE((SELECT w.search @@ x.q FROM report_search w"
        " WHERE w.doc_id = p.doc_id), false))"
    )
    spelled = (
        f"{spelled_only} SELECT p.doc_id, d.text FROM spelled p"
        " JOIN documents d ON d.doc_id = p.doc_id, x"
        " ORDER BY ts_rank_cd(p.words, x.k) DESC, d.seq LIMIT %s OFFSET %s"
    )
    return SearchSql(
        written,
        # planned without the limit (a CTE kept whole, read as far as the limit): with it the
        # planner reads vectors one by one from the start of the table instead of the index
        f"WITH x AS MATERIALIZED (SELECT {query} AS q), m AS MATERIALIZED ({matching})"
        " SELECT COUNT(*) FROM (SELECT 1 FROM m LIMIT %s) c",
        spelled,
        f"{spelled_only} SELECT COUNT(*) FROM (SELECT 1 FROM spelled LIMIT %s) m",
    )


def headline_params(first_term: str) -> list[object]:
    """The parameters of the headline in :func:`search_sql`'s ``written``."""
    return [HEADLINE_CHARS, first_term, HEADLINE_BEFORE, HEADLINE_CHARS, HEADLINE]


def keys_query(keys: list[str]) -> str:
    """Spelling keys as a ``to_tsquery`` text (all must match); one that matches nothing
    when the search has no keys."""
    return " & ".join("'" + k.replace("'", "") + "'" for k in keys) if keys else "'0'"


# The linker's similar reports: of the reports matching any of the words, the given number
# added last (by seq) are ranked (ts_rank reads each one's vector); parameters: the query,
# how many are ranked, the limit. (The query written out instead of ``x`` makes the planner
# read every report's vector: its cost of ``@@`` leaves out reading the vectors.)
SIMILAR_SQL = (
    "WITH x AS (SELECT to_tsquery('khronika', %s) AS q), recent AS (SELECT s.doc_id"
    " FROM report_search s, x WHERE s.search @@ x.q ORDER BY s.seq DESC LIMIT %s)"
    " SELECT d.primary_incident FROM recent r JOIN report_search s ON s.doc_id = r.doc_id"
    " JOIN documents d ON d.doc_id = r.doc_id, x WHERE d.primary_incident IS NOT NULL"
    " ORDER BY ts_rank(s.search, x.q) DESC, d.seq DESC LIMIT %s"
)


def or_query(words: list[str]) -> str:
    """A ``to_tsquery`` text matching any of ``words`` (each quoted as a lexeme)."""
    return " | ".join("'" + w.replace("'", "''").replace("\\", "") + "'" for w in words)


SEARCH_STORED = "SELECT doc_id, seq, search::text FROM report_search"
SEARCH_SOURCE = "SELECT doc_id, seq, khronika_search_vector(title, text)::text FROM documents"
# Each index's stored vectors against vectors built afresh from what they index: the word
# instances (lexeme and positions) of every report that differ.
INDEXES = (
    (
        "report_search",
        "SELECT COALESCE(s.doc_id, d.doc_id), s.search, khronika_search_vector(d.title, d.text)"
        " FROM report_search s"
        " FULL JOIN documents d ON d.doc_id = s.doc_id",
    ),
    (
        "report_spelling",
        "SELECT doc_id, words, to_tsvector('simple', keys) FROM report_spelling",
    ),
)


def instances_differ(db: PgConnection, vectors: str) -> int:
    """How many word instances (report, lexeme, position) differ between the stored and the
    fresh vectors ``vectors`` selects (doc_id, stored, fresh)."""

    def instances(column: str) -> str:
        return (
            f"SELECT v.doc_id, w.lexeme, p FROM v, unnest(v.{column}) w,"
            " unnest(COALESCE(w.positions, ARRAY[0]::smallint[])) p"
        )

    # Only the reports whose two vectors differ are taken apart into word instances: all of
    # them at once (100,000 reports, 100 million instances a side) took the server's
    # EXCEPT ALL past 20 GB of memory.
    stored, fresh = instances("stored"), instances("fresh")
    sql = (
        f"WITH every (doc_id, stored, fresh) AS ({vectors} ),"
        " v AS (SELECT * FROM every WHERE stored IS DISTINCT FROM fresh) SELECT"
        f" (SELECT COUNT(*) FROM ({stored} EXCEPT ALL {fresh}) a)"
        f" + (SELECT COUNT(*) FROM ({fresh} EXCEPT ALL {stored}) b)"
    )
    return int(_one(db.conn.execute(sql)))


# ---- pages ---------------------------------------------------------------------------------
def page_problems(db: PgConnection) -> list[str]:
    """With PostgreSQL's ``amcheck`` extension installed in the database, every B-tree index
    checked against its table (``bt_index_parent_check`` with heap checks); pages themselves
    are checked by the server's data checksums (``initdb --data-checksums``) as it reads them."""
    conn = db.conn
    if conn.execute("SELECT 1 FROM pg_extension WHERE extname = 'amcheck'").fetchone() is None:
        return []
    rows = conn.execute(
        "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
        " JOIN pg_am a ON a.oid = c.relam WHERE a.amname = 'btree'"
        " AND c.relnamespace = current_schema()::regnamespace"
    ).fetchall()
    problems = []
    for (name,) in rows:
        try:
            conn.execute("SELECT bt_index_check(%s::regclass, true)", (name,))
        except Exception as exc:  # noqa: BLE001 - any failure is the finding
            problems.append(f"index {name}: {exc}")
    return problems

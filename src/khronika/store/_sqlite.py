"""The SQLite store: the only code in khronika that speaks SQL."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import NotFoundError, StoreError
from ..model import (
    Actor,
    Extraction,
    Incident,
    IncomingReport,
    LocationField,
    Report,
    ReportMeta,
)
from ..spelling import text_keys
from . import _dialect
from ._accounts import AccountsMixin
from ._actors import ActorCorrectionsMixin
from ._blocking import NARROW_DAYS, BlockingMixin
from ._bulk import BulkMixin
from ._chain import canonical
from ._checks import ChecksMixin
from ._codec import dumps, loads
from ._evidence import EvidenceMixin
from ._helpers import (
    _incident_query,
    _now,
    _opt,
    _statements,
    _width_days,
)
from ._history import HistoryMixin
from ._names import NamesMixin
from ._open import (
    STORE_FAULTS,
    damaged,
    is_damage,
    raw_connect,
    refuse_unreadable,
    require_store,
    where_damaged,
)
from ._postgres import SPELLING_MIGRATION, PostgresMixin
from ._reports import ReportListMixin
from ._rows import RowsMixin, covered_tables, drop_row_triggers, install_rows, is_pg
from ._schema import _migrations
from ._seal import Sealer
from ._search import SearchMixin, spelling_insert
from ._wal import wal_problem
from .results import (
    AliasEvidence,
    AliasRow,
    AreaCount,
    IncidentDates,
    IncidentPlace,
    MentionLink,
    SourceInfo,
)

DEFAULT_DB = "khronika.db"
CACHE_KIB = 64 * 1024  # page cache per connection: decrypted pages kept between queries


def _create_private(path: Path) -> None:
    """Create an empty store file readable by its owner only, unless it exists already."""
    if str(path) == ":memory:" or path.exists():
        return
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass
    except OSError:
        return  # SQLite says what is wrong with the path


def location(value: str | Path) -> Path | _dialect.DatabaseUrl:
    """A store's location: a file's path, or a PostgreSQL database's URL."""
    if _dialect.is_url(value):
        return _dialect.DatabaseUrl(str(value))
    return Path(value)


def store_exists(where: Path | _dialect.DatabaseUrl) -> bool:
    """A file there, or a khronika store in that PostgreSQL database."""
    if isinstance(where, Path):
        return where.exists()
    db = _dialect.connect(where)
    try:
        return _dialect.has_table(db, "schema_migrations")
    finally:
        db.close()


def default_path() -> Path | _dialect.DatabaseUrl:
    return location(os.environ.get("KHRONIKA_DB") or DEFAULT_DB)


@dataclass(frozen=True)
class IncidentFilter:
    event_type: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    place: str | None = None
    actor: str | None = None
    status: str | None = None  # some fact of the incident has this corroboration status
    country: str | None = None  # exactly this country (any case)
    region: str | None = None  # exactly this region (any case)
    order: str = "oldest"  # oldest | newest (by date) | reports (most first) | added (last first)


class Store(
    AccountsMixin,
    HistoryMixin,
    RowsMixin,
    ChecksMixin,
    NamesMixin,
    EvidenceMixin,
    ReportListMixin,
    ActorCorrectionsMixin,
    SearchMixin,
    PostgresMixin,
    BulkMixin,
    BlockingMixin,
):
    """An embedded SQLite record. Use :meth:`transaction` for every use case.

    Accounts and sessions are in :class:`AccountsMixin`; analysts' corrections and the
    hash-chained history of changes in :class:`HistoryMixin`; names of people, for
    redaction, in :class:`NamesMixin`."""

    def __init__(
        self,
        path: str | Path,
        passphrase: str | None = None,
        *,
        threads: bool = False,
        create: bool = False,
    ) -> None:
        """``threads``: the connection may be used from another thread than the one that
        opened it (one at a time: :class:`StorePool` lends it to one request at a time).
        ``create``: make a new store if there is none (only ``init`` does); otherwise a
        missing or empty file is refused."""
        self.passphrase = passphrase or None
        self._sealer: Sealer | None = None
        if _dialect.is_url(path):
            self.path: Path | _dialect.DatabaseUrl = _dialect.DatabaseUrl(str(path))
            self._open_postgresql(create)
            return
        self.path = Path(path)
        if not create:
            require_store(self.path)
        if (problem := wal_problem(self.path)) is not None:
            raise damaged(self.path, problem)  # before SQLite drops what follows the damage
        self.db = self.connect(self.path, threads=threads)
        try:
            self.db.execute("PRAGMA foreign_keys = ON")
            self.db.execute("PRAGMA recursive_triggers = ON")  # REPLACE logs the rows it drops
            self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA synchronous = FULL")
            self.db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
            migrated = self._migrate()
            if SPELLING_MIGRATION in migrated:
                self._fill_spelling()
            self._seal_unchained()
            self._install_rows(migrated)
        except Exception as exc:
            if not isinstance(exc, STORE_FAULTS):
                self.db.close()
                raise
            where = where_damaged(self.db, self.encrypted, exc) if is_damage(exc) else ""
            self.db.close()
            if where:
                raise damaged(self.path, where) from None
            raise StoreError(
                f"{self.path}: cannot open the khronika store ({exc}). "
                "Check the path, or that the file is a khronika store."
            ) from exc

    def connect(self, path: Path, *, threads: bool = False) -> Any:
        """A connection to ``path`` of the same kind as this store's: SQLCipher with the
        passphrase for an encrypted store (pages, journals, WAL and index all encrypted;
        temporary tables in memory), plain SQLite otherwise. A store that cannot be read is
        refused with what it is: encrypted, plain, a wrong passphrase, or damaged (where).
        A new file is created with mode 0600 (only its owner reads it); SQLite gives its
        journals (-wal, -shm) the same mode."""
        _create_private(path)
        db = raw_connect(path, self.passphrase, threads=threads)
        try:
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except Exception as exc:
            if not isinstance(exc, STORE_FAULTS):
                db.close()
                raise
            error = refuse_unreadable(path, db, self.passphrase, exc)
            db.close()
            raise error from None
        return db

    @property
    def encrypted(self) -> bool:
        return self.passphrase is not None

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _migrate(self) -> list[int]:
        """Apply the migrations this store has not had; the versions applied. The row
        triggers are dropped first (a migration may alter their tables), then recreated and
        every table digested afresh by :meth:`_install_rows`."""
        done = set()
        if self._has_table("schema_migrations"):
            done = {row[0] for row in self.db.execute("SELECT version FROM schema_migrations")}
        pg = is_pg(self.db)
        todo = [(v, sql) for v, sql in (_dialect.migrations() if pg else _migrations())
                if v not in done]  # fmt: skip
        if not todo:
            return []
        with self.transaction():
            self.db.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations "
                "(version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
            )
            drop_row_triggers(self.db)
        for version, sql in todo:
            with self.transaction():
                if pg:
                    self.db.script(sql)
                for statement in [] if pg else _statements(sql):
                    self.db.execute(statement)
                self.db.execute("INSERT INTO schema_migrations VALUES (?, ?)", (version, _now()))
        return [v for v, _ in todo]

    def _fill_spelling(self) -> None:
        """The spelling keys of the reports stored before migration 0015."""
        from ..spelling import text_keys

        with self.transaction():
            rows = self.db.execute(
                "SELECT doc_id, COALESCE(title, ''), text FROM documents"
            ).fetchall()
            self.db.executemany(
                spelling_insert(self.db), [(text_keys(f"{t}\n{x}"), str(d)) for d, t, x in rows]
            )

    def _has_table(self, name: str) -> bool:
        if is_pg(self.db):
            return _dialect.has_table(self.db, name)
        row = self.db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
        ).fetchone()
        return row is not None

    def _install_rows(self, migrated: list[int]) -> None:
        """Row triggers and digests (see :mod:`._rows`): created with a new store (or one
        made before them), and every table digested afresh after khronika's own migrations
        changed the schema; a ``rows_start`` / ``schema_upgrade`` chain entry records the
        tables' sums. Triggers are never silently repaired otherwise: changing how rows are
        digested takes a migration."""
        fresh = not self._has_table("table_digests")
        if not migrated and not fresh:
            self._rows_ready = True  # a trigger altered outside khronika stays for verify to see
            return
        with self.transaction():
            install_rows(self.db)
            tables = self.digest_tables(covered_tables(self.db))
            self._rows_ready = True
            action = "rows_start" if fresh else "schema_upgrade"
            detail = canonical({"migrations": migrated})
            self._append_change("khronika", action, None, detail, {"tables": tables})

    def schema_version(self) -> int:
        row = self.db.execute("SELECT MAX(version) FROM schema_migrations").fetchone()
        return int(row[0] or 0)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One use case, all or nothing."""
        if self.db.in_transaction:
            yield
            return
        self.db.execute("BEGIN IMMEDIATE")
        try:
            self._rows_begin()
            yield
            self._seal_rows()
        except BaseException:
            self._log_from = None
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            raise
        self._log_from = None
        self.db.execute("COMMIT")

    def _seal_rows(self) -> None:
        """Rows this transaction changed that no chain entry of its own folded (a failed
        login, expired sessions, a migration) go into a ``housekeeping`` entry."""
        pending = self._rows_pending()
        if pending:
            detail = canonical({"rows": dict(sorted(pending.items()))})
            self._append_change("khronika", "housekeeping", None, detail, {})

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Reads that see one committed state of the store (a writer may go on meanwhile)."""
        if self.db.in_transaction:
            yield
            return
        self.db.execute("BEGIN")
        try:
            yield
        finally:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")

    # ---- reports -------------------------------------------------------------------------
    def doc_id_for_sha(self, sha256: str) -> str | None:
        row = self.db.execute("SELECT doc_id FROM documents WHERE sha256 = ?", (sha256,)).fetchone()
        return row[0] if row else None

    def has_doc_id(self, doc_id: str) -> bool:
        row = self.db.execute("SELECT 1 FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
        return row is not None

    def add_report(
        self, incoming: IncomingReport, sha256: str, copy_of: str | None, minhash: bytes | None
    ) -> Report:
        meta = incoming.meta
        published = meta.published_text  # "2017-10" for a month: the precision is kept
        now = _now()
        self.db.execute(
            "INSERT OR IGNORE INTO originals VALUES (?, ?)", (sha256, self._seal(incoming.raw))
        )
        self.db.execute(
            "INSERT INTO documents (doc_id, sha256, url, publisher, published, title, language,"
            " media_type, origin, text, copy_of, minhash, ingested_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                meta.doc_id,
                sha256,
                meta.url,
                meta.publisher,
                published,
                meta.title,
                meta.language,
                incoming.media_type,
                incoming.origin,
                incoming.text,
                copy_of,
                minhash,
                now,
            ),
        )
        self.db.execute(
            spelling_insert(self.db),
            (text_keys(f"{meta.title or ''}\n{incoming.text}"), meta.doc_id),
        )
        return Report(meta, sha256, incoming.text, incoming.media_type, copy_of, now)

    _REPORT_COLUMNS = (
        "doc_id, url, publisher, published, title, language, sha256, text, media_type,"
        " copy_of, ingested_at"
    )

    @staticmethod
    def _report(row: Sequence[object]) -> Report:
        doc_id, url, publisher, published, title, language = row[:6]
        day, precision = ReportMeta.parse_published(str(published)) if published else (None, None)
        meta = ReportMeta(
            str(doc_id), _opt(url), _opt(publisher), day, _opt(title), _opt(language), precision
        )
        sha, text, media_type, copy_of, ingested_at = row[6:]
        return Report(meta, str(sha), str(text), str(media_type), _opt(copy_of), _opt(ingested_at))

    def reports(self) -> list[Report]:
        rows = self.db.execute(f"SELECT {self._REPORT_COLUMNS} FROM documents ORDER BY seq")
        return [self._report(r) for r in rows]

    def report(self, doc_id: str) -> Report:
        row = self.db.execute(
            f"SELECT {self._REPORT_COLUMNS} FROM documents WHERE doc_id = ?", (doc_id,)
        ).fetchone()
        if row is None:
            raise NotFoundError(f"No report with id {doc_id!r} in {self.path}.")
        return self._report(row)

    def original(self, doc_id: str) -> bytes:
        row = self.db.execute(
            "SELECT raw FROM originals JOIN documents USING (sha256) WHERE doc_id = ?", (doc_id,)
        ).fetchone()
        if row is None:
            raise NotFoundError(f"No report with id {doc_id!r} in {self.path}.")
        return self._unseal(bytes(row[0]))

    def set_primary_incident(self, doc_id: str, incident_id: str | None) -> None:
        self.db.execute(
            "UPDATE documents SET primary_incident = ? WHERE doc_id = ?", (incident_id, doc_id)
        )

    def primary_incidents(self) -> dict[str, str | None]:
        rows = self.db.execute("SELECT doc_id, primary_incident FROM documents")
        return {str(d): _opt(p) for d, p in rows}

    # ---- extractions ---------------------------------------------------------------------
    def save_extraction(self, extraction: Extraction, pipeline: str) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO extractions VALUES (?, ?, ?)",
            (extraction.doc_id, pipeline, dumps(extraction)),
        )
        self.save_person_names(extraction.doc_id, {span.quote for span in extraction.people})

    def extraction(self, doc_id: str) -> Extraction:
        row = self.db.execute("SELECT data FROM extractions WHERE doc_id = ?", (doc_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"Report {doc_id!r} has not been extracted yet.")
        return loads(Extraction, row[0])

    # ---- actors --------------------------------------------------------------------------
    def actor_ids_for(self, norm: str) -> list[str]:
        rows = self.db.execute("SELECT actor_id FROM actor_aliases WHERE norm = ?", (norm,))
        return [str(r[0]) for r in rows]

    def actor_exists(self, actor_id: str) -> bool:
        row = self.db.execute("SELECT 1 FROM actors WHERE actor_id = ?", (actor_id,)).fetchone()
        return row is not None

    def add_actor(self, actor_id: str, name: str, kind: str) -> None:
        self.db.execute("INSERT OR IGNORE INTO actors VALUES (?, ?, ?)", (actor_id, name, kind))

    def add_alias(
        self,
        actor_id: str,
        norm: str,
        alias: str,
        evidence: str,
        doc_id: str | None = None,
        start: int | None = None,
        end: int | None = None,
        sound: str | None = None,
    ) -> None:
        self.db.execute(
            "INSERT OR IGNORE INTO actor_aliases"
            ' (actor_id, norm, alias, evidence, doc_id, start, "end", sound)'
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (actor_id, norm, alias, evidence, doc_id, start, end, sound),
        )

    def aliases_sounding(self, sound: str, kind: str) -> list[AliasRow]:
        """(actor_id, alias) of actors of this kind with an alias under this blocking key."""
        rows = self.db.execute(
            "SELECT actor_aliases.actor_id, alias FROM actor_aliases JOIN actors"
            " USING (actor_id) WHERE sound = ? AND kind = ?",
            (sound, kind),
        )
        return [AliasRow(str(a), str(n)) for a, n in rows]

    def aliases_without_sound(self, limit: int = 10000) -> list[AliasRow]:
        """(actor_id, normalised alias) of aliases not yet given a blocking key."""
        rows = self.db.execute(
            "SELECT actor_id, norm FROM actor_aliases WHERE sound IS NULL LIMIT ?", (limit,)
        )
        return [AliasRow(str(a), str(n)) for a, n in rows]

    def set_alias_sound(self, actor_id: str, norm: str, sound: str) -> None:
        self.db.execute(
            "UPDATE actor_aliases SET sound = ? WHERE actor_id = ? AND norm = ?",
            (sound, actor_id, norm),
        )

    def incident_areas(self) -> dict[str, list[AreaCount]]:
        """The countries and the regions incidents are in, with how many incidents each."""
        found: dict[str, list[AreaCount]] = {}
        for column in ("country", "region"):
            rows = self.db.execute(
                f"SELECT {column}, COUNT(*) FROM incidents WHERE {column} IS NOT NULL"
                f" GROUP BY {column} ORDER BY {column}"
            )
            found[column] = [AreaCount(str(name), int(count)) for name, count in rows]
        return found

    def actors(self) -> list[Actor]:
        aliases: dict[str, list[str]] = {}
        for actor_id, alias in self.db.execute(
            "SELECT actor_id, alias FROM actor_aliases ORDER BY rowid"
        ):
            aliases.setdefault(str(actor_id), []).append(str(alias))
        result = []
        for actor_id, name, kind in self.db.execute(
            "SELECT actor_id, name, kind FROM actors ORDER BY actor_id"
        ):
            names = [a for a in dict.fromkeys(aliases.get(actor_id, [])) if a != name]
            result.append(Actor(str(actor_id), str(name), kind, tuple(names)))
        return result

    def alias_evidence(self, actor_id: str) -> list[AliasEvidence]:
        rows = self.db.execute(
            "SELECT alias, evidence FROM actor_aliases WHERE actor_id = ? ORDER BY rowid",
            (actor_id,),
        )
        return [AliasEvidence(str(a), str(e)) for a, e in rows]

    # ---- incidents -----------------------------------------------------------------------
    def next_incident_seq(self) -> int:
        (highest,) = self.db.execute("SELECT MAX(created_seq) FROM incidents").fetchone()
        (merged,) = self.db.execute(
            "SELECT MAX(CAST(substr(old_id, 5) AS INTEGER)) FROM incident_redirects"
            " WHERE old_id LIKE 'inc-%'"
        ).fetchone()
        return max(int(highest or 0), int(merged or 0)) + 1

    def save_incident(self, incident: Incident, created_seq: int | None = None) -> None:
        seq = created_seq
        if seq is None:
            row = self.db.execute(
                "SELECT created_seq FROM incidents WHERE incident_id = ?", (incident.incident_id,)
            ).fetchone()
            seq = int(row[0]) if row else self.next_incident_seq()
        loc, date = incident.location, incident.date
        self.db.execute(
            "INSERT OR REPLACE INTO incidents (incident_id, event_type, secondary_types, summary,"
            " date_earliest, date_latest, place, region, country, created_seq, place_id,"
            " date_wide) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                incident.incident_id,
                incident.event_type,
                dumps(incident.secondary_event_types),
                dumps(incident),
                date.earliest,
                date.latest,
                loc.place,
                loc.region,
                loc.country,
                seq,
                None if loc.inferred else loc.place_id,
                int(_width_days(date.earliest, date.latest) > NARROW_DAYS),
            ),
        )
        self.db.execute(
            "DELETE FROM incident_actors WHERE incident_id = ?", (incident.incident_id,)
        )
        for role, entries in (("victim", incident.victims), ("perpetrator", incident.perpetrators)):
            for entry in entries:
                self.db.execute(
                    "INSERT INTO incident_actors VALUES (?, ?, ?, ?)",
                    (incident.incident_id, role, entry.name, entry.actor_id),
                )
        self._save_statuses(incident)

    def _save_statuses(self, incident: Incident) -> None:
        self.db.execute(
            "DELETE FROM incident_statuses WHERE incident_id = ?", (incident.incident_id,)
        )
        self.db.executemany(
            "INSERT INTO incident_statuses (incident_id, status) VALUES (?, ?)",
            [
                (incident.incident_id, status)
                for status in sorted({f.status for f in incident.facts})
            ],
        )

    def incident_exists(self, incident_id: str) -> bool:
        row = self.db.execute(
            "SELECT 1 FROM incidents WHERE incident_id = ?", (incident_id,)
        ).fetchone()
        return row is not None

    def delete_incident(self, incident_id: str) -> None:
        self.db.execute("DELETE FROM incident_terms WHERE incident_id = ?", (incident_id,))
        self.db.execute("DELETE FROM incident_actors WHERE incident_id = ?", (incident_id,))
        self.db.execute("DELETE FROM incident_statuses WHERE incident_id = ?", (incident_id,))
        self.db.execute("DELETE FROM incidents WHERE incident_id = ?", (incident_id,))

    def incident(self, incident_id: str) -> Incident:
        incident_id = self.resolve_incident_id(incident_id)
        row = self.db.execute(
            "SELECT summary FROM incidents WHERE incident_id = ?", (incident_id,)
        ).fetchone()
        if row is None:
            raise NotFoundError(f"No incident with id {incident_id!r} in {self.path}.")
        return loads(Incident, row[0])

    def incidents(
        self, where: IncidentFilter | None = None, limit: int | None = None, offset: int = 0
    ) -> list[Incident]:
        """The incidents ``where`` selects, in its order; a page of them (``limit``) is found
        by the list's index (migration 0017), then only its summaries are read."""
        if limit is None:
            sql, params = _incident_query(where or IncidentFilter())
            return [loads(Incident, row[0]) for row in self.db.execute(sql, params)]
        sql, params = _incident_query(where or IncidentFilter(), "incident_id")
        ids = [
            str(r[0]) for r in self.db.execute(f"{sql} LIMIT ? OFFSET ?", [*params, limit, offset])
        ]
        if not ids:
            return []
        rows = self.db.execute(
            f"SELECT incident_id, summary FROM incidents WHERE incident_id IN"
            f" ({', '.join('?' * len(ids))})",
            ids,
        )
        summaries = {str(i): str(s) for i, s in rows}
        return [loads(Incident, summaries[i]) for i in ids]

    def incident_dates(self, where: IncidentFilter | None = None) -> list[IncidentDates]:
        """(event type, earliest, latest date) of every matching incident, in list order:
        what a chart needs, without reading any summary."""
        sql, params = _incident_query(
            where or IncidentFilter(), "event_type, date_earliest, date_latest"
        )
        return [IncidentDates(str(t), _opt(e), _opt(d)) for t, e, d in self.db.execute(sql, params)]

    def incident_places(self, where: IncidentFilter | None = None) -> list[IncidentPlace]:
        """(id, event type, date as written, location) of every matching incident, in list
        order: what a map needs, without reading the facts of any summary."""
        columns = (
            "incident_id, event_type, json_extract(summary, '$.date.value'),"
            " json_extract(summary, '$.location')"
        )
        sql, params = _incident_query(where or IncidentFilter(), columns)
        return [
            IncidentPlace(str(i), str(t), _opt(d), loads(LocationField, loc or "{}"))
            for i, t, d, loc in self.db.execute(sql, params)
        ]

    def count_incidents(
        self, where: IncidentFilter | None = None, at_most: int | None = None
    ) -> int:
        """How many incidents ``where`` selects; with ``at_most``, counted no further than
        ``at_most + 1`` (a broad filter's total is not read row by row to the end: more
        than ``at_most`` is all a list says)."""
        sql, params = _incident_query(where or IncidentFilter(), "COUNT(*)")
        sql = sql.split(" ORDER BY ")[0]
        if at_most is not None:
            inner = sql.replace("SELECT COUNT(*)", "SELECT 1", 1)
            sql, params = (
                f"SELECT COUNT(*) FROM ({inner} LIMIT ?) AS counted",
                [*params, at_most + 1],
            )
        (count,) = self.db.execute(sql, params).fetchone()
        return int(count)

    def link_mention(self, mention_id: str, doc_id: str, incident_id: str, evidence: str) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO event_links (mention_id, doc_id, incident_id, evidence)"
            " VALUES (?, ?, ?, ?)",
            (mention_id, doc_id, incident_id, evidence),
        )

    def source_info(self, doc_id: str) -> SourceInfo:
        """(publisher, copy_of, ingest order) of one report."""
        row = self.db.execute(
            "SELECT publisher, copy_of, seq FROM documents WHERE doc_id = ?", (doc_id,)
        ).fetchone()
        if row is None:
            raise NotFoundError(f"No report with id {doc_id!r} in {self.path}.")
        return SourceInfo(_opt(row[0]), _opt(row[1]), int(row[2]))

    def doc_links(self, doc_id: str) -> dict[str, str]:
        """mention_id -> incident_id for one report's event mentions."""
        rows = self.db.execute(
            "SELECT mention_id, incident_id FROM event_links WHERE doc_id = ?", (doc_id,)
        )
        return {str(m): str(i) for m, i in rows}

    def primary_incident(self, doc_id: str) -> str | None:
        row = self.db.execute(
            "SELECT primary_incident FROM documents WHERE doc_id = ?", (doc_id,)
        ).fetchone()
        return _opt(row[0]) if row else None

    def mention_links(self, incident_id: str | None = None) -> list[MentionLink]:
        """(mention_id, doc_id, incident_id, evidence) rows, in ingest order."""
        sql = (
            "SELECT mention_id, event_links.doc_id, incident_id, evidence FROM event_links"
            " JOIN documents USING (doc_id)"
        )
        params: tuple[str, ...] = ()
        if incident_id is not None:
            sql += " WHERE incident_id = ?"
            params = (incident_id,)
        rows = self.db.execute(sql + " ORDER BY documents.seq, mention_id", params)
        return [MentionLink(str(m), str(d), str(i), str(e)) for m, d, i, e in rows]

"""Many reports stored at once, for the scale bench: copies of stored reports under new ids.

A copy of a report is every row the report and its own incidents have (the report, its
original, extraction, profile, pages, provenance, names, links, search entries, incidents with
their actors, statuses and words), with the report's id and its incidents' ids replaced by new
ones wherever they are written (in ids, mention ids and the JSON of extractions and
summaries) and the report's text and original bytes ending in a ``suffix`` (whitespace: the
copy's words, search entries, spelling keys and word counts are its seed's). The actors are
the seed's (the same names resolve to the same actors). Rows are written many at a time
(``executemany``); the row triggers log them and one chain entry per call records the reports,
the incidents and the tables' sums, as for any change, so ``verify`` checks a bulk-loaded
record as any other. Only reports that are the sole reports of their incidents (a bulk fill's,
never linked to another report) can be copied: an incident shared by two reports would be
copied twice.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import StoreError
from ._helpers import Connected, _now
from ._rows import is_pg, table_columns
from ._search import spelling_insert

# Rows of one report, found by its doc_id; rows of one incident, by its incident_id.
BY_REPORT = (
    "extractions",
    "report_profiles",
    "report_provenance",
    "report_pages",
    "person_names",
    "event_links",
)
BY_INCIDENT = ("incident_actors", "incident_statuses", "incident_terms")
DOCUMENT_COLUMNS = (
    "doc_id, sha256, url, publisher, published, title, language, media_type, origin, text,"
    " copy_of, minhash, primary_incident"
)


@dataclass
class _Seed:
    """The rows of one stored report and of its own incidents, as read once."""

    document: tuple[Any, ...]
    raw: bytes
    keys: str
    rows: dict[str, list[tuple[Any, ...]]]
    incidents: list[str]


class BulkMixin(Connected):
    """:meth:`copy_reports`: many reports stored in one transaction (the scale bench)."""

    if TYPE_CHECKING:

        def next_incident_seq(self) -> int: ...

        def record_change(self, *args: Any, **kwargs: Any) -> None: ...

    def copy_reports(
        self, copies: Sequence[tuple[str, str, str]], author: str
    ) -> tuple[list[str], list[str]]:
        """Store a copy of each ``(seed doc_id, new doc_id, suffix)`` (see the module), in
        one transaction with one chain entry; the new reports and incidents."""
        added: list[str] = []
        incidents: list[str] = []
        with self.transaction():
            columns = {  # PostgreSQL's rowid columns (SQLite's insertion order) are its own
                t: [c for c, _ in table_columns(self.db, t) if c != "rowid"]
                for t in (*BY_REPORT, *BY_INCIDENT, "incidents")
            }
            seq = self.next_incident_seq()
            seeds: dict[str, _Seed] = {}
            pending: dict[str, list[tuple[Any, ...]]] = {}
            keys = self._spelling_keys({seed for seed, _, _ in copies})
            for seed_id, doc_id, suffix in copies:
                if seed_id not in seeds:
                    seeds[seed_id] = self._read_seed(seed_id, columns, keys.get(seed_id, ""))
                seed = seeds[seed_id]
                names = {seed_id: doc_id}
                for old in seed.incidents:
                    names[old] = f"inc-{seq:05d}"
                    seq += 1
                self._copy_rows(seed, names, suffix, pending)
                added.append(doc_id)
                incidents += [names[old] for old in seed.incidents]
            self._write_copies(pending, columns)
            detail = f'{{"bulk_copies": {len(added)}}}'
            self.record_change(author, "ingest", None, detail, incidents=incidents, reports=added)
        return added, incidents

    def sole_reports(self, doc_ids: Sequence[str]) -> list[str]:
        """Those of ``doc_ids`` that are the only reports of their incidents (can be copied)."""
        rows = self.db.execute(
            "SELECT DISTINCT a.doc_id FROM event_links a JOIN event_links b"
            " ON a.incident_id = b.incident_id AND a.doc_id != b.doc_id"
        )
        shared = {str(r[0]) for r in rows}
        return [d for d in doc_ids if d not in shared]

    def _spelling_keys(self, doc_ids: set[str]) -> dict[str, str]:
        """The spelling keys of these reports (one pass: FTS5 has no index on doc_id)."""
        rows = self.db.execute("SELECT doc_id, keys FROM report_spelling")
        return {str(d): str(k) for d, k in rows if d in doc_ids}

    def _read_seed(self, doc_id: str, columns: Mapping[str, list[str]], keys: str) -> _Seed:
        row = self.db.execute(
            f"SELECT {DOCUMENT_COLUMNS} FROM documents WHERE doc_id = ?", (doc_id,)
        ).fetchone()
        if row is None:
            raise StoreError(f"No report with id {doc_id!r} to copy.")
        (raw,) = self.db.execute("SELECT raw FROM originals WHERE sha256 = ?", (row[1],)).fetchone()
        rows = {t: self._rows_of(t, columns[t], "doc_id", [doc_id]) for t in BY_REPORT}
        own = sorted({str(r[columns["event_links"].index("incident_id")]) for r in
                      rows["event_links"]} | ({str(row[12])} if row[12] else set()))  # fmt: skip
        shared = (
            own
            and self.db.execute(
                f"SELECT COUNT(*) FROM event_links WHERE incident_id IN ({_marks(own)})"
                " AND doc_id != ?",
                (*own, doc_id),
            ).fetchone()[0]
        )
        if shared:
            raise StoreError(f"Report {doc_id!r} shares incidents with other reports: not copied.")
        for table in (*BY_INCIDENT, "incidents"):
            rows[table] = self._rows_of(table, columns[table], "incident_id", own)
        return _Seed(tuple(row), self._unseal(bytes(raw)), keys, rows, own)

    def _rows_of(
        self, table: str, columns: list[str], key: str, values: list[str]
    ) -> list[tuple[Any, ...]]:
        if not values:
            return []
        names = ", ".join(f'"{c}"' for c in columns)
        sql = f'SELECT {names} FROM "{table}" WHERE "{key}" IN ({_marks(values)})'
        return [tuple(r) for r in self.db.execute(sql, tuple(values))]

    def _copy_rows(
        self,
        seed: _Seed,
        names: Mapping[str, str],
        suffix: str,
        pending: dict[str, list[tuple[Any, ...]]],
    ) -> None:
        """The copy's rows, added to ``pending`` (table -> rows)."""
        pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, names)) + r")(?![\w])")

        def renamed(value: Any) -> Any:
            if isinstance(value, str):
                return pattern.sub(lambda m: names[m.group(1)], value)
            return value

        raw = seed.raw + suffix.encode("utf-8")
        sha = hashlib.sha256(raw).hexdigest()
        document = [renamed(v) for v in seed.document]
        document[1], document[9] = sha, str(seed.document[9]) + suffix
        pending.setdefault("originals", []).append((sha, self._seal(raw)))
        pending.setdefault("documents", []).append((*document, _now()))
        pending.setdefault("report_spelling", []).append((seed.keys, document[0]))
        for table, rows in seed.rows.items():
            pending.setdefault(table, []).extend(tuple(renamed(v) for v in r) for r in rows)

    def _write_copies(
        self, pending: Mapping[str, list[tuple[Any, ...]]], columns: Mapping[str, list[str]]
    ) -> None:
        """The copies' rows, table by table (a report's rows after the rows they refer to)."""
        sql = {
            "originals": "INSERT INTO originals (sha256, raw) VALUES (?, ?)",
            "documents": f"INSERT INTO documents ({DOCUMENT_COLUMNS}, ingested_at)"
            f" VALUES ({_marks(range(14))})",
            "report_spelling": spelling_insert(self.db),
        }
        for table in ("originals", "documents", "report_spelling", "incidents", *BY_REPORT,
                      *BY_INCIDENT):  # fmt: skip
            rows = pending.get(table, [])
            if table == "incidents":  # created_seq: the number of the new id
                at, key = columns[table].index("created_seq"), columns[table].index("incident_id")
                rows = [(*r[:at], int(str(r[key])[4:]), *r[at + 1 :]) for r in rows]
            if table not in sql:
                names = ", ".join(f'"{c}"' for c in columns[table])
                sql[table] = f'INSERT INTO "{table}" ({names}) VALUES ({_marks(columns[table])})'
            if rows:
                self.db.executemany(sql[table], rows)

    def add_term_counts(self, counts: Mapping[str, int]) -> None:
        """Add to the linker's word counts (``term_df``) many reports' words at once: word ->
        how many of the new reports have it."""
        rows = sorted(counts.items())
        if is_pg(self.db):  # one statement (one round trip)
            self.db.conn.execute(
                "INSERT INTO term_df SELECT * FROM unnest(%s::text[], %s::int[])"
                " ON CONFLICT (term) DO UPDATE SET df = term_df.df + excluded.df",
                ([w for w, _ in rows], [n for _, n in rows]),
            )
            return
        self.db.executemany(
            "INSERT INTO term_df VALUES (?, ?)"
            " ON CONFLICT(term) DO UPDATE SET df = df + excluded.df",
            rows,
        )


def _marks(values: Any) -> str:
    return ", ".join("?" for _ in values)

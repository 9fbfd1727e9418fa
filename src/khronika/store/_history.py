"""Analysts' corrections and reviews, and the hash-chained history of every change."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from ..model import Incident
from ._chain import GENESIS, canonical, entry_hash, sha256_text
from ._codec import loads
from ._helpers import Connected, _now, _opt, like_escape
from ._rows import is_pg
from .results import (
    ChainEntry,
    ChainHead,
    Change,
    LoggedChange,
    Original,
    Page,
    Review,
    UnpinnedLink,
)


@dataclass(frozen=True)
class ChangeFilter:
    """Which changes to list: by whom (part of the author's name), what (actions), when
    (``YYYY-MM-DD`` days, inclusive, UTC) and about which incident."""

    author: str | None = None
    actions: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None
    incident_id: str | None = None
    exclude: tuple[str, ...] = ()

    def clauses(self) -> tuple[list[str], list[object]]:
        clauses: list[str] = []
        params: list[object] = []
        if self.author:
            clauses.append("author LIKE ? ESCAPE '\\'")
            params.append(f"%{like_escape(self.author)}%")
        if self.actions:
            clauses.append(f"action IN ({', '.join('?' * len(self.actions))})")
            params += list(self.actions)
        if self.since:
            clauses.append("at >= ?")
            params.append(self.since)
        if self.until:
            clauses.append("at < ?")
            params.append(self.until + "~")  # every time of that day ("T..." sorts below "~")
        if self.exclude:
            clauses.append(f"action NOT IN ({', '.join('?' * len(self.exclude))})")
            params += list(self.exclude)
        if self.incident_id:
            clauses.append("incident_id = ?")
            params.append(self.incident_id)
        return clauses, params


class HistoryMixin(Connected):
    """Corrections by analysts (links moved, pinned, kept apart; incidents redirected), fact
    reviews, and the tamper-evident chain of changes, as :class:`Store` keeps them."""

    # ---- corrections and history ---------------------------------------------------------
    def record_change(
        self,
        author: str,
        action: str,
        incident_id: str | None,
        detail: str = "{}",
        *,
        doc_id: str | None = None,
        incidents: Sequence[str] = (),
        reports: Sequence[str] = (),
    ) -> None:
        """Append a change to the hash chain, with digests of what it produced: the report
        ``doc_id`` (or the reports ``reports``, a bulk load) and the incidents
        (``incident_id`` and ``incidents``) as stored now."""
        touched = [incident_id, *incidents] if incident_id else list(incidents)
        docs = [doc_id, *reports] if doc_id is not None else list(reports)
        self._append_change(author, action, incident_id, detail, self.change_state(docs, touched))

    def changes(self, incident_id: str | None = None) -> list[Change]:
        """The changes (of one incident, or all) in the order they happened."""
        sql = "SELECT at, author, action, incident_id, detail FROM changes"
        params: tuple[str, ...] = ()
        if incident_id is not None:
            sql += " WHERE incident_id = ?"
            params = (incident_id,)
        rows = self.db.execute(sql + " ORDER BY seq", params)
        return [Change(str(a), str(u), str(c), _opt(i), str(d)) for a, u, c, i, d in rows]

    def move_mentions(self, mention_ids: Sequence[str], incident_id: str, evidence: str) -> None:
        for mention_id in mention_ids:
            self.db.execute(
                "UPDATE event_links SET incident_id = ?, evidence = ?, pinned = 1"
                " WHERE mention_id = ?",
                (incident_id, evidence, mention_id),
            )

    def pin_incident(self, incident_id: str) -> None:
        self.db.execute("UPDATE event_links SET pinned = 1 WHERE incident_id = ?", (incident_id,))

    def unpinned_links(self) -> list[UnpinnedLink]:
        rows = self.db.execute(
            "SELECT mention_id, doc_id, incident_id FROM event_links WHERE pinned = 0"
        )
        return [UnpinnedLink(str(m), str(d), str(i)) for m, d, i in rows]

    def pinned_mentions(self, doc_id: str) -> dict[str, str]:
        rows = self.db.execute(
            "SELECT mention_id, incident_id FROM event_links WHERE doc_id = ? AND pinned = 1",
            (doc_id,),
        )
        return {str(m): str(i) for m, i in rows}

    def delete_links(self, mention_ids: Sequence[str]) -> None:
        for mention_id in mention_ids:
            self.db.execute("DELETE FROM event_links WHERE mention_id = ?", (mention_id,))

    def empty_incidents(self) -> list[str]:
        rows = self.db.execute(
            "SELECT incident_id FROM incidents WHERE incident_id NOT IN"
            " (SELECT incident_id FROM event_links)"
        )
        return [str(r[0]) for r in rows]

    def add_cannot_link(self, a: str, b: str) -> None:
        for pair in ((a, b), (b, a)):
            self.db.execute("INSERT OR IGNORE INTO cannot_link VALUES (?, ?)", pair)

    def cannot_link(self, incident_id: str) -> set[str]:
        rows = self.db.execute("SELECT b FROM cannot_link WHERE a = ?", (incident_id,))
        return {str(r[0]) for r in rows}

    def redirect(self, old_id: str, new_id: str) -> None:
        self.db.execute(
            "UPDATE incident_redirects SET new_id = ? WHERE new_id = ?", (new_id, old_id)
        )
        self.db.execute("INSERT OR REPLACE INTO incident_redirects VALUES (?, ?)", (old_id, new_id))
        self.db.execute(
            "UPDATE documents SET primary_incident = ? WHERE primary_incident = ?", (new_id, old_id)
        )

    def resolve_incident_id(self, incident_id: str) -> str:
        row = self.db.execute(
            "SELECT new_id FROM incident_redirects WHERE old_id = ?", (incident_id,)
        ).fetchone()
        return str(row[0]) if row else incident_id

    def redirects_to(self, incident_id: str) -> list[str]:
        """The old ids that answer as ``incident_id``."""
        rows = self.db.execute(
            "SELECT old_id FROM incident_redirects WHERE new_id = ? ORDER BY old_id",
            (incident_id,),
        )
        return [str(r[0]) for r in rows]

    def set_redirect(self, old_id: str, new_id: str) -> None:
        """``old_id`` answers as ``new_id`` (one row; nothing else changes)."""
        self.db.execute("INSERT OR REPLACE INTO incident_redirects VALUES (?, ?)", (old_id, new_id))

    def remove_redirect(self, old_id: str) -> None:
        self.db.execute("DELETE FROM incident_redirects WHERE old_id = ?", (old_id,))

    def change_log(
        self, where: ChangeFilter, limit: int = 100, offset: int = 0
    ) -> Page[LoggedChange]:
        """(total, one page of the changes, newest first)."""
        clauses, params = where.clauses()
        sql = " FROM changes" + (" WHERE " + " AND ".join(clauses) if clauses else "")
        total = int(self.db.execute("SELECT COUNT(*)" + sql, params).fetchone()[0])
        rows = self.db.execute(
            "SELECT seq, at, author, action, incident_id, detail"
            + sql
            + " ORDER BY seq DESC LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        return Page(
            total,
            [
                LoggedChange(int(q), str(a), str(u), str(c), _opt(i), str(d))
                for q, a, u, c, i, d in rows
            ],
        )

    # ---- analysts' reviews ---------------------------------------------------------------
    def save_review(
        self,
        incident_id: str,
        field: str,
        value: str,
        decision: str,
        new_value: str | None,
        note: str,
        author: str,
    ) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO fact_reviews VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (incident_id, field, value, decision, new_value, note, author, _now()),
        )

    def reviews(self, incident_id: str) -> list[Review]:
        """The analysts' decisions about one incident's facts, oldest first."""
        rows = self.db.execute(
            "SELECT field, value, decision, new_value, author, at FROM fact_reviews"
            " WHERE incident_id = ? ORDER BY at",
            (incident_id,),
        )
        return [
            Review(str(f), str(v), str(d), _opt(n), str(a), str(t)) for f, v, d, n, a, t in rows
        ]

    def move_review(self, old_id: str, new_id: str, field: str, value: str) -> None:
        """One decision about ``field`` = ``value`` moves from one incident to another."""
        self.db.execute(  # unless the target has its own decision about it
            "UPDATE fact_reviews SET incident_id = ?"
            " WHERE incident_id = ? AND field = ? AND value = ? AND NOT EXISTS"
            " (SELECT 1 FROM fact_reviews AS kept WHERE kept.incident_id = ?"
            " AND kept.field = fact_reviews.field AND kept.value = fact_reviews.value)",
            (new_id, old_id, field, value, new_id),
        )

    def move_reviews(self, old_id: str, new_id: str) -> None:
        self.db.execute(  # a review the target has already stays where it was
            "UPDATE fact_reviews SET incident_id = ? WHERE incident_id = ? AND NOT EXISTS"
            " (SELECT 1 FROM fact_reviews AS kept WHERE kept.incident_id = ?"
            " AND kept.field = fact_reviews.field AND kept.value = fact_reviews.value)",
            (new_id, old_id, new_id),
        )

    # ---- the "needs review" queue ---------------------------------------------------------
    def needs_review(self, limit: int, offset: int = 0) -> Page[Incident]:
        """(total, one page, latest created first) of the incidents with a single-source or
        contested fact that no analyst has marked reviewed."""
        sql = (
            " FROM incidents i WHERE EXISTS (SELECT 1 FROM incident_statuses s"
            " WHERE s.incident_id = i.incident_id AND s.status IN ('single_source', 'contested'))"
            " AND NOT EXISTS (SELECT 1 FROM incident_checks c WHERE c.incident_id = i.incident_id)"
        )
        total = int(self.db.execute("SELECT COUNT(*)" + sql).fetchone()[0])
        rows = self.db.execute(
            "SELECT summary" + sql + " ORDER BY created_seq DESC LIMIT ? OFFSET ?", (limit, offset)
        )
        return Page(total, [loads(Incident, r[0]) for r in rows])

    def mark_checked(self, incident_id: str, author: str) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO incident_checks VALUES (?, ?, ?)", (incident_id, author, _now())
        )

    # ---- the hash chain (see khronika.security.chain) -----------------------------------
    def change_state(
        self, doc_ids: str | Sequence[str] | None, incident_ids: Sequence[str]
    ) -> dict[str, Any]:
        """Digests of reports and of incidents as stored now (``None``: not in the store)."""
        state: dict[str, Any] = {}
        docs = [doc_ids] if isinstance(doc_ids, str) else list(doc_ids or ())
        if docs:
            state["reports"] = {d: self.report_digests(d).get(d) for d in docs}
        if incident_ids:
            found = self.summary_digests(incident_ids)
            state["incidents"] = {i: found.get(i) for i in incident_ids}
        return state

    def _append_change(
        self, author: str, action: str, incident_id: str | None, detail: str, state: object
    ) -> None:
        head = self.chain_head()
        prev_hash = head.hash if head else GENESIS
        tables, sequences = self._fold_rows(), self._sequences()
        if tables and isinstance(state, dict):
            state = {**state, "tables": {**state.get("tables", {}), **tables}}
        if sequences and isinstance(state, dict):
            state = {**state, "sequences": sequences}
        at, state_text = _now(), canonical(state)
        # SQLite numbers entries itself (AUTOINCREMENT); on PostgreSQL, whose sequences skip
        # the numbers of rolled-back transactions, the entry after the last one, under the
        # write lock every writer holds.
        number = "(SELECT COALESCE(MAX(seq), 0) + 1 FROM changes)" if is_pg(self.db) else "NULL"
        row = self.db.execute(
            "INSERT INTO changes (seq, at, author, action, incident_id, detail, state, prev_hash)"
            f" VALUES ({number}, ?, ?, ?, ?, ?, ?, ?) RETURNING seq",
            (at, author, action, incident_id, detail, state_text, prev_hash),
        ).fetchone()
        seq = int(row[0])
        digest = entry_hash(prev_hash, seq, at, author, action, incident_id, detail, state_text)
        self.db.execute("UPDATE changes SET hash = ? WHERE seq = ?", (digest, seq))
        self.db.execute("INSERT OR REPLACE INTO chain_head VALUES (1, ?, ?)", (seq, digest))

    def _seal_unchained(self) -> None:
        """Changes written before the chain existed (0007) become its first entries, followed
        by one ``chain_start`` entry recording every report and incident as they are now."""
        row = self.db.execute("SELECT COUNT(*) FROM changes WHERE hash IS NULL").fetchone()
        if not row[0]:
            return
        with self.transaction():
            rows = self.db.execute(
                "SELECT seq, at, author, action, incident_id, detail, state FROM changes"
                " WHERE hash IS NULL ORDER BY seq"
            ).fetchall()
            prev_hash = GENESIS
            for seq, at, author, action, incident_id, detail, state in rows:
                digest = entry_hash(prev_hash, seq, at, author, action, incident_id, detail, state)
                self.db.execute(
                    "UPDATE changes SET prev_hash = ?, hash = ? WHERE seq = ?",
                    (prev_hash, digest, seq),
                )
                prev_hash = digest
            self.db.execute("INSERT OR REPLACE INTO chain_head VALUES (1, ?, ?)", (seq, prev_hash))
            state = {"reports": self.report_digests(), "incidents": self.summary_digests()}
            self._append_change("khronika", "chain_start", None, "{}", state)

    def chain_head(self) -> ChainHead | None:
        row = self.db.execute("SELECT seq, hash FROM chain_head WHERE id = 1").fetchone()
        return ChainHead(int(row[0]), str(row[1])) if row else None

    def chain_entries(
        self,
    ) -> list[ChainEntry]:
        """Every entry of the chain, by seq."""
        rows = self.db.execute(
            "SELECT seq, at, author, action, incident_id, detail, state, prev_hash, hash"
            " FROM changes ORDER BY seq"
        )
        return [
            ChainEntry(int(q), str(a), str(u), str(c), _opt(i), str(d), str(s), _opt(p), _opt(h))
            for q, a, u, c, i, d, s, p, h in rows
        ]

    def report_digests(self, doc_id: str | None = None) -> dict[str, dict[str, Any]]:
        """doc_id -> {"sha256": of the original, "extraction": sha256 of its stored JSON}."""
        sql = (
            "SELECT documents.doc_id, sha256, data FROM documents"
            " LEFT JOIN extractions USING (doc_id)"
        )
        params: tuple[str, ...] = ()
        if doc_id is not None:
            sql, params = sql + " WHERE documents.doc_id = ?", (doc_id,)
        rows = self.db.execute(sql + " ORDER BY seq", params)
        return {
            str(d): {"sha256": str(s), "extraction": None if x is None else sha256_text(str(x))}
            for d, s, x in rows
        }

    def summary_digests(self, incident_ids: Sequence[str] | None = None) -> dict[str, str]:
        """incident_id -> sha256 of its stored summary JSON (every incident, or these)."""
        if incident_ids is None:
            rows = self.db.execute("SELECT incident_id, summary FROM incidents").fetchall()
        else:
            rows = []
            for incident_id in dict.fromkeys(incident_ids):
                rows += self.db.execute(
                    "SELECT incident_id, summary FROM incidents WHERE incident_id = ?",
                    (incident_id,),
                ).fetchall()
        return {str(i): sha256_text(str(s)) for i, s in rows}

    def originals(self) -> Iterator[Original]:
        """(doc_id, recorded sha256, original bytes or None if missing) of every report."""
        rows = self.db.execute(
            "SELECT doc_id, documents.sha256, raw FROM documents"
            " LEFT JOIN originals USING (sha256) ORDER BY seq"
        )
        for doc_id, sha, raw in rows:
            yield Original(str(doc_id), str(sha), None if raw is None else self._opened(bytes(raw)))

    def _opened(self, raw: bytes) -> bytes:
        """Sealed original bytes opened for verify; altered ones as they are (their SHA-256
        then differs from the recorded one, and verify names the report)."""
        try:
            return self._unseal(raw)
        except ValueError:
            return raw

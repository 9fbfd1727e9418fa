"""What the linker asks of the store: candidate incidents by blocking (dates, places,
actors), word frequencies for TF-IDF, report profiles, and MinHash bands for near-copies.
Every query uses an index, so the cost of adding a report does not grow with the store."""

from __future__ import annotations

import datetime as dt
import heapq
import json
from collections.abc import Sequence

from ._helpers import Connected
from ._rows import is_pg
from .results import Blocked, CopyCandidate

RECENT_LIMIT = 200  # undated candidates at one place: the most recent ones
PROFILE_CHUNK = 500  # incidents whose report profiles are read in one statement
DATED_LIMIT = 100  # dated candidates: the nearest in date (ties: the newest)
NARROW_DAYS = 45  # incidents dated more precisely than this are found by a short index scan
WIDE_DAYS = 5 * 366  # the widest date range linking looks back over


class BlockingMixin(Connected):
    """The linker's reads and the word and band writes that serve them."""

    def candidate_incidents(
        self,
        earliest: str | None,
        latest: str | None,
        types: Sequence[str],
        actor_ids: Sequence[str],
        place_ids: Sequence[str],
        countries: Sequence[str] = (),
    ) -> list[str]:
        """Blocking for the linker: incidents of these types whose dates overlap (within a
        bounded window), undated ones at the same place, and any sharing an actor. Every
        query uses an index, so the cost does not grow with the whole store."""
        return self.blocked_incidents(earliest, latest, types, actor_ids, place_ids, countries).ids

    def blocked_incidents(
        self,
        earliest: str | None,
        latest: str | None,
        types: Sequence[str],
        actor_ids: Sequence[str],
        place_ids: Sequence[str],
        countries: Sequence[str] = (),
    ) -> Blocked:
        """:meth:`candidate_incidents`, with each blocking key's own list, best first (the
        dated ones nearest in date, the others most recent), for the linker's shortlist."""
        found: dict[str, None] = {}
        ranked: list[list[str]] = []
        marks = ",".join("?" * len(types)) or "''"
        if earliest and latest:
            dated, nearest = self._dated_candidates(earliest, latest, types, marks, countries)
            found.update(dated)
            ranked.append(nearest)
        for place_id in place_ids:  # undated incidents at this place (or, if undated, recent)
            dated_only = "date_earliest IS NULL AND " if earliest else ""
            rows = self.db.execute(
                f"SELECT incident_id FROM incidents WHERE place_id = ? AND {dated_only}"
                f"event_type IN ({marks}) ORDER BY created_seq DESC LIMIT {RECENT_LIMIT}",
                (place_id, *types),
            )
            ranked.append([str(r[0]) for r in rows])
            found.update(dict.fromkeys(ranked[-1]))
        for actor_id in actor_ids:
            rows = self.db.execute(
                "SELECT incident_id FROM incident_actors WHERE actor_id = ?"
                f" ORDER BY rowid DESC LIMIT {RECENT_LIMIT * 5}",
                (actor_id,),
            )
            ranked.append(list(_first({str(r[0]): None for r in rows}, RECENT_LIMIT)))
            found.update(dict.fromkeys(ranked[-1]))
        return Blocked(list(found), ranked)

    def _dated_candidates(
        self,
        earliest: str,
        latest: str,
        types: Sequence[str],
        marks: str,
        countries: Sequence[str],
    ) -> tuple[dict[str, None], list[str]]:
        """Incidents whose dates overlap [earliest, latest], at most DATED_LIMIT of them:
        the nearest in date (ties: the newest), in the order they were found, and the same
        nearest first. A record with many incidents on the same days compares a report with
        a bounded number of them."""
        found: dict[str, tuple[str, str]] = {}
        low = (dt.date.fromisoformat(earliest) - dt.timedelta(days=NARROW_DAYS)).isoformat()
        kinds = f" AND (event_type IN ({marks}) OR secondary_types != '[]')"
        columns = "incident_id, date_earliest, date_latest"  # all three in the date indexes
        # One query per country (and one for no country), each an index range scan.
        scopes = [("country = ? AND ", [c]) for c in countries] + [("country IS NULL AND ", [])]
        for scope, values in scopes if countries else [("", [])]:
            sql = (
                f"SELECT {columns} FROM incidents WHERE {scope}date_earliest BETWEEN ? AND ?"
                f" AND date_latest >= ?{kinds}"
            )
            rows = self.db.execute(sql, [*values, low, latest, earliest, *types])
            found.update((str(r[0]), (str(r[1]), str(r[2]))) for r in rows)
        # Incidents dated only to a year or a range: their own (partial) index.
        oldest = (dt.date.fromisoformat(earliest) - dt.timedelta(days=WIDE_DAYS)).isoformat()
        rows = self.db.execute(
            f"SELECT {columns} FROM incidents INDEXED BY incidents_wide WHERE date_wide = 1"
            f" AND date_earliest BETWEEN ? AND ? AND date_latest >= ?{kinds}",
            [oldest, latest, earliest, *types],
        )
        found.update((str(r[0]), (str(r[1]), str(r[2]))) for r in rows)
        nearest = _nearest(found, earliest, latest, DATED_LIMIT)
        kept = set(nearest)
        return dict.fromkeys(i for i in found if i in kept), nearest

    # ---- words, for text similarity -----------------------------------------------------
    def add_document_terms(self, words: Sequence[str]) -> None:
        if is_pg(self.db):  # one statement for all the words (one round trip)
            self.db.conn.execute(
                "INSERT INTO term_df SELECT w, 1 FROM unnest(%s::text[]) AS w"
                " ON CONFLICT (term) DO UPDATE SET df = term_df.df + 1",
                (list(dict.fromkeys(words)),),
            )
            return
        self.db.executemany(
            "INSERT INTO term_df VALUES (?, 1) ON CONFLICT(term) DO UPDATE SET df = term_df.df + 1",
            [(w,) for w in words],
        )

    def document_frequencies(self, words: Sequence[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        for start in range(0, len(words), 500):
            chunk = list(words[start : start + 500])
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(f"SELECT term, df FROM term_df WHERE term IN ({marks})", chunk)
            found.update((str(t), int(d)) for t, d in rows)
        return found

    def document_count(self) -> int:
        (count,) = self.db.execute("SELECT COUNT(*) FROM documents").fetchone()
        return int(count)

    def set_incident_terms(self, incident_id: str, terms: dict[str, int]) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO incident_terms VALUES (?, ?)", (incident_id, json.dumps(terms))
        )

    def incident_terms(self, incident_id: str) -> dict[str, int]:
        row = self.db.execute(
            "SELECT terms FROM incident_terms WHERE incident_id = ?", (incident_id,)
        ).fetchone()
        return dict(json.loads(row[0])) if row else {}

    # ---- report profiles (document-level linking) -----------------------------------------
    def save_profile(self, doc_id: str, profile: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO report_profiles VALUES (?, ?)", (doc_id, profile))

    def report_profile(self, doc_id: str) -> str | None:
        row = self.db.execute(
            "SELECT profile FROM report_profiles WHERE doc_id = ?", (doc_id,)
        ).fetchone()
        return str(row[0]) if row else None

    def incident_profiles(self, incident_id: str) -> list[str]:
        """The profiles of the reports whose primary incident this is, in ingest order."""
        rows = self.db.execute(
            "SELECT profile FROM documents JOIN report_profiles USING (doc_id)"
            " WHERE primary_incident = ? ORDER BY seq",
            (incident_id,),
        )
        return [str(r[0]) for r in rows]

    def profiles_of_incidents(self, incident_ids: Sequence[str]) -> dict[str, list[str]]:
        """:meth:`incident_profiles` of each of these incidents that exists (absent: gone),
        read a chunk of PROFILE_CHUNK incidents a statement: a report's hundreds of candidates
        are not read with two statements each."""
        found: dict[str, list[str]] = {}
        ids = list(dict.fromkeys(incident_ids))
        for low in range(0, len(ids), PROFILE_CHUNK):
            chunk = ids[low : low + PROFILE_CHUNK]
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(
                f"SELECT incident_id FROM incidents WHERE incident_id IN ({marks})", chunk
            )
            found.update((str(r[0]), []) for r in rows)
            rows = self.db.execute(
                "SELECT primary_incident, profile FROM documents JOIN report_profiles"
                f" USING (doc_id) WHERE primary_incident IN ({marks}) ORDER BY seq",
                chunk,
            )
            for incident_id, profile in rows:
                if str(incident_id) in found:
                    found[str(incident_id)].append(str(profile))
        return found

    def primary_reports(self, incident_id: str) -> list[str]:
        rows = self.db.execute(
            "SELECT doc_id FROM documents WHERE primary_incident = ? ORDER BY seq", (incident_id,)
        )
        return [str(r[0]) for r in rows]

    def incidents_published_between(self, earliest: str, latest: str) -> list[str]:
        """Primary incidents of reports published in [earliest, latest], most recent first
        (the first RECENT_LIMIT): read from an index in that order (migration 0019), a chunk
        at a time, until that many are found."""
        found: dict[str, None] = {}
        chunk, offset = RECENT_LIMIT * 4, 0
        while len(found) < RECENT_LIMIT:
            rows = self.db.execute(
                "SELECT primary_incident FROM documents WHERE published BETWEEN ? AND ?"
                " AND primary_incident IS NOT NULL ORDER BY published DESC, seq DESC"
                " LIMIT ? OFFSET ?",
                (earliest, latest, chunk, offset),
            ).fetchall()
            found.update((str(r[0]), None) for r in rows)
            if len(rows) < chunk:
                break
            offset += chunk
        return list(_first(found, RECENT_LIMIT))

    def recent_primary_incidents(self) -> list[str]:
        """The primary incidents of the most recently stored reports."""
        rows = self.db.execute(
            "SELECT primary_incident FROM documents WHERE primary_incident IS NOT NULL"
            f" ORDER BY seq DESC LIMIT {RECENT_LIMIT}"
        )
        return list(dict.fromkeys(str(r[0]) for r in rows))

    # ---- near-copy bands -----------------------------------------------------------------
    def add_bands(self, doc_id: str, digests: Sequence[str]) -> None:
        self.db.executemany(
            "INSERT INTO minhash_bands VALUES (?, ?, ?)",
            [(band, digest, doc_id) for band, digest in enumerate(digests)],
        )

    def copy_candidates(self, digests: Sequence[str]) -> list[CopyCandidate]:
        """Reports sharing at least one MinHash band, with their signatures."""
        ids: dict[str, None] = {}
        for band, digest in enumerate(digests):
            rows = self.db.execute(
                "SELECT doc_id FROM minhash_bands WHERE band = ? AND digest = ?", (band, digest)
            )
            ids.update((str(r[0]), None) for r in rows)
        result = []
        for doc_id in ids:
            row = self.db.execute(
                "SELECT minhash FROM documents WHERE doc_id = ?", (doc_id,)
            ).fetchone()
            if row and row[0] is not None:
                result.append(CopyCandidate(doc_id, bytes(row[0])))
        return result


def _first(found: dict[str, None], limit: int) -> dict[str, None]:
    return dict.fromkeys(list(found)[:limit])


def _nearest(
    found: dict[str, tuple[str, str]], earliest: str, latest: str, limit: int
) -> list[str]:
    """The ids of ``found`` (id -> its earliest and latest dates) nearest to [earliest,
    latest] (days between the first days plus days between the last days), ties going to the
    newest (the longer, then the higher ``inc-NNNNN`` id), at most ``limit``, nearest first."""
    days: dict[str, int] = {}  # many incidents share their dates: each date read once

    def day(iso: str) -> int:
        if iso not in days:
            days[iso] = dt.date.fromisoformat(iso[:10]).toordinal()
        return days[iso]

    start, end = day(earliest), day(latest)
    apart = {i: abs(day(a) - start) + abs(day(b) - end) for i, (a, b) in found.items()}
    newest_first = sorted(found, key=lambda i: (len(i), i), reverse=True)
    return heapq.nsmallest(limit, newest_first, key=apart.__getitem__)  # stable: ties

"""What the API and the pages show, computed once from the store (no HTTP here)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Any

from ..errors import ConfigError, KhronikaError
from ..evidence import report_evidence_json
from ..export import document_record, incident_record
from ..model import EVENT_TYPES, Incident, LocationField, Report
from ..store import IncidentFilter, Store

STATUSES = ("corroborated", "single_source", "contested")
DEFAULT_LIMIT = 50
MAX_LIMIT = 500
TOTAL_LIMIT = 10_000  # a list's or search's total is counted this far; beyond, "more than"


def parse_date(name: str, value: str | None) -> dt.date | None:
    """A date from a form field; empty means no filter."""
    if value is None or not value.strip():
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ConfigError(
            f"{name} must be a date written as YYYY-MM-DD (for example 2015-06-03),"
            f" not {value.strip()[:40]!r}."
        ) from None


def _blank(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None


def incident_filter(
    event_type: str | None,
    date_from: dt.date | None,
    date_to: dt.date | None,
    place: str | None,
    actor: str | None,
    *,
    country: str | None = None,
    region: str | None = None,
) -> IncidentFilter:
    event_type = _blank(event_type)
    if event_type and event_type not in EVENT_TYPES:
        raise ConfigError(
            f"Unknown incident type {event_type[:40]!r}; use one of: {', '.join(EVENT_TYPES)}."
        )
    if date_from and date_to and date_from > date_to:
        raise ConfigError(f"The date range is empty: {date_from} is after {date_to}.")
    return IncidentFilter(
        event_type,
        date_from,
        date_to,
        _blank(place),
        _blank(actor),
        country=_blank(country),
        region=_blank(region),
    )


def check_status(status: str | None) -> str | None:
    status = _blank(status)
    if status and status not in STATUSES:
        raise ConfigError(f"Unknown status {status[:40]!r}; use one of: {', '.join(STATUSES)}.")
    return status


def check_page(limit: int, offset: int) -> None:
    if not 1 <= limit <= MAX_LIMIT:
        raise ConfigError(f"limit must be between 1 and {MAX_LIMIT}, not {limit}.")
    if offset < 0:
        raise ConfigError(f"offset cannot be negative ({offset}).")


@dataclass(frozen=True)
class Total:
    """How many results a list has: ``count``, or with ``more`` more than ``count``."""

    count: int
    more: bool = False

    @classmethod
    def capped(cls, count: int) -> Total:
        """A count made with ``at_most=TOTAL_LIMIT`` (so at most TOTAL_LIMIT + 1) as a total."""
        return cls(TOTAL_LIMIT, True) if count > TOTAL_LIMIT else cls(count)


def list_incidents(
    store: Store, where: IncidentFilter, status: str | None, limit: int, offset: int
) -> tuple[Total, list[Incident]]:
    """(total, one page) of the incidents matching the filter, paged by the store. The total
    is counted up to TOTAL_LIMIT (a broad filter over a large record is not counted row by
    row to the end): beyond it, ``more`` says there are more than TOTAL_LIMIT."""
    where = dataclasses.replace(where, status=status)
    count = store.count_incidents(where, at_most=TOTAL_LIMIT)
    return Total.capped(count), store.incidents(where, limit, offset)


def evidence(store: Store, incident_id: str) -> list[dict[str, str]]:
    return [link._asdict() for link in store.mention_links(incident_id)]


def history(store: Store, incident_id: str) -> list[dict[str, Any]]:
    rows = []
    for at, author, action, inc, detail in store.changes(incident_id):
        try:
            parsed: Any = json.loads(detail)
        except ValueError:
            parsed = detail
        rows.append(
            {"at": at, "author": author, "action": action, "incident_id": inc, "detail": parsed}
        )
    return rows


def incident_detail(store: Store, incident_id: str) -> dict[str, Any]:
    """The export record of one incident plus its link evidence and its history."""
    incident = store.incident(incident_id)
    record = incident_record(incident)
    record["evidence"] = evidence(store, incident.incident_id)
    record["history"] = history(store, incident.incident_id)
    return record


def fed_incidents(store: Store, doc_id: str) -> list[Incident]:
    """The incidents a report feeds: those its event mentions are linked to."""
    ids = dict.fromkeys(store.doc_links(doc_id).values())
    primary = store.primary_incident(doc_id)
    if primary:
        ids[primary] = None
    found = []
    for incident_id in ids:
        try:
            found.append(store.incident(incident_id))
        except KhronikaError:
            continue
    return sorted(found, key=lambda i: (i.date.earliest or "9999", i.incident_id))


def incident_brief(incident: Incident) -> dict[str, Any]:
    return {
        "incident_id": incident.incident_id,
        "event_type": incident.event_type,
        "date": incident.date.value,
        "place": incident.location.place or incident.location.region or incident.location.country,
    }


def report_detail(store: Store, doc_id: str, *, viewer: bool = False) -> dict[str, Any]:
    """The document record of one report, its text and the incidents it feeds (for a
    ``viewer``, without the title and text of a report whose names were never read)."""
    report = store.report(doc_id)
    if viewer and store.unread_reports([doc_id]):
        report = unread_report(report)
    record = document_record(report, store.primary_incident(doc_id))
    record["text"] = report.text
    record["incidents"] = [incident_brief(i) for i in fed_incidents(store, doc_id)]
    record |= report_evidence_json(store, doc_id, viewer=viewer)  # pages, provenance, files
    return record


@dataclass(frozen=True)
class SearchHit:
    doc_id: str
    snippet: str
    report: Report | None

    def as_json(self) -> dict[str, Any]:
        meta = self.report.meta if self.report else None
        return {
            "doc_id": self.doc_id,
            "title": meta.title if meta else None,
            "publisher": meta.publisher if meta else None,
            "published": meta.published_text if meta else None,
            "snippet": self.snippet,
        }


MAX_QUERY_TERMS = 12  # words or "quoted phrases" of one search ...
MAX_QUERY_CHARS = 300  # ... and its length: a longer query costs the server, not the reader
_QUERY_PARTS = re.compile(r'"[^"]*"?|[^\s"]+')


def bounded_query(query: str) -> tuple[str, str | None]:
    """The query cut to its first words and characters, and the sentence saying so (or None)."""
    parts = _QUERY_PARTS.findall(query[: MAX_QUERY_CHARS * 4])
    kept = " ".join(parts[:MAX_QUERY_TERMS])
    if len(kept) > MAX_QUERY_CHARS:
        kept = kept[:MAX_QUERY_CHARS].rsplit(" ", 1)[0] if " " in kept else ""
    if len(parts) <= MAX_QUERY_TERMS and len(query) <= MAX_QUERY_CHARS:
        return query, None
    note = (
        f"This search was cut to its first {len(_QUERY_PARTS.findall(kept))} words: a search"
        f" takes at most {MAX_QUERY_TERMS} words or {MAX_QUERY_CHARS} characters."
    )
    return kept, note


# Names are found only in what was extracted: the text and title of a report that was not
# (not in English) are withheld from viewers whole.
UNREAD_TEXT = (
    "This report was not read for names (it is not in English), so its text and title are"
    " withheld from viewer accounts; ask an analyst."
)


def unread_report(report: Report) -> Report:
    """The report as a viewer gets it when its names were never read: no title, no text."""
    meta = dataclasses.replace(report.meta, title=None)
    return dataclasses.replace(report, meta=meta, text=UNREAD_TEXT)


def search(
    store: Store, query: str, limit: int, offset: int, *, viewer: bool = False
) -> tuple[Total, list[SearchHit]]:
    """(total, one page) of the reports matching a full-text query, best first; the total is
    counted up to TOTAL_LIMIT, as a list's is.
    Snippets mark the matched words with [square brackets]. For a ``viewer``, the hits in
    reports whose names were never read show neither title nor snippet, and a search matches
    words only as written: a match by spelling key (Smirnov for Smirnova) would tell that a
    withheld name is there."""
    if not query.strip():
        return Total(0), []
    found = store.search(query, limit=limit, offset=offset, spelled=not viewer)
    unread = store.unread_reports([hit.doc_id for hit in found]) if viewer else set()
    hits = []
    for doc_id, snippet in found:
        try:
            report: Report | None = store.report(doc_id)
        except KhronikaError:
            report = None
        if doc_id in unread:
            report, snippet = (unread_report(report) if report else None), UNREAD_TEXT
        hits.append(SearchHit(doc_id, snippet, report))
    count = store.search_count(query, spelled=not viewer, at_most=TOTAL_LIMIT)
    return Total.capped(count), hits


def by_date(incidents: list[Incident]) -> list[Incident]:
    """Oldest first; undated last."""
    return sorted(
        incidents, key=lambda i: (i.date.earliest is None, i.date.earliest or "", i.incident_id)
    )


def roles_of(incident: Incident, actor_id: str) -> list[str]:
    """The roles ("victim", "perpetrator") the actor has in the incident."""
    roles = ["victim" for v in incident.victims if v.actor_id == actor_id]
    roles += ["perpetrator" for p in incident.perpetrators if p.actor_id == actor_id]
    return list(dict.fromkeys(roles))


def actor_incidents(store: Store, actor_id: str) -> list[tuple[Incident, list[str]]]:
    """Every incident involving the actor with its roles there, by date."""
    found = store.incidents(IncidentFilter(actor=actor_id))
    pairs = [(i, roles_of(i, actor_id)) for i in by_date(found)]
    return [(i, roles) for i, roles in pairs if roles]


def place_incidents(store: Store, name: str) -> list[tuple[Incident, str]]:
    """Every incident at the place, or in the region or country of that name, by date,
    with how it matched ("place", "region" or "country")."""
    found = by_date(store.incidents(IncidentFilter(place=name.strip())))
    return [(incident, matched_as(incident.location, name)) for incident in found]


def matched_as(location: LocationField, name: str) -> str:
    """How a location matches a place name: "place", "region" or "country"."""
    wanted = name.strip().casefold()
    parts = (("place", location.place), ("region", location.region), ("country", location.country))
    return next((k for k, v in parts if v and v.casefold() == wanted), "place")


@dataclass(frozen=True)
class Related:
    incident: Incident
    reasons: tuple[str, ...]

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)


def _shared_actor_reasons(store: Store, incident: Incident) -> dict[str, list[str]]:
    reasons: dict[str, list[str]] = {}
    entries = [("victim", e) for e in incident.victims]
    entries += [("perpetrator", e) for e in incident.perpetrators]
    for role, entry in entries:
        if not entry.actor_id:
            continue
        for other, roles in actor_incidents(store, entry.actor_id):
            if other.incident_id == incident.incident_id:
                continue
            there = " and ".join(roles)
            same = f"same {role}" if roles == [role] else f"{role} here, {there} there"
            text = f"{same}: {entry.name}"
            reasons.setdefault(other.incident_id, []).append(text)
    return reasons


def related_incidents(store: Store, incident: Incident, limit: int = 10) -> list[Related]:
    """Other incidents with the same actors or at the same place (or region, if no place is
    known), each with a one-line reason; most reasons first, then by date."""
    reasons = _shared_actor_reasons(store, incident)
    loc = incident.location
    where = ("place", loc.place) if loc.place else ("region", loc.region)
    if where[1]:
        for other, how in place_incidents(store, where[1]):
            if other.incident_id != incident.incident_id and how == where[0]:
                reasons.setdefault(other.incident_id, []).append(f"same {where[0]}: {where[1]}")
    found = []
    for other_id, why in reasons.items():
        try:
            found.append(Related(store.incident(other_id), tuple(dict.fromkeys(why))))
        except KhronikaError:
            continue
    found.sort(key=lambda r: (-len(r.reasons), r.incident.date.earliest or "9999"))
    return found[:limit]

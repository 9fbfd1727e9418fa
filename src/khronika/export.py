"""Exports following the contract in BRIEF.md ("Export contract (JSON)").

Fields are added freely and never renamed: tools outside the project read them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from .model import Actor, Incident, Report
from .store import Store
from .store._codec import to_plain


def document_record(report: Report, primary: str | None) -> dict[str, Any]:
    meta = report.meta
    return {
        "doc_id": meta.doc_id,
        "sha256": report.sha256,
        "url": meta.url,
        "publisher": meta.publisher,
        "published": meta.published_text,
        "published_precision": (meta.published_precision or "day") if meta.published else None,
        "title": meta.title,
        "language": meta.language,
        "primary_incident": primary,
        "copy_of": report.copy_of,
        "media_type": report.media_type,
        "ingested_at": report.ingested_at,
    }


def incident_record(incident: Incident) -> dict[str, Any]:
    record: dict[str, Any] = to_plain(incident)
    record["secondary_event_types"] = list(incident.secondary_event_types)
    for role in ("victims", "perpetrators"):
        for entry in record[role]:
            entry["count"] = entry.get("count")
    return record


def actor_record(actor: Actor) -> dict[str, Any]:
    return {
        "actor_id": actor.actor_id,
        "name": actor.name,
        "kind": actor.kind,
        "aliases": list(actor.aliases),
    }


def to_json(store: Store) -> dict[str, Any]:
    """The whole record as one JSON-ready object."""
    from .evidence import document_evidence, export_attachments

    primary = store.primary_incidents()
    documents = [
        document_record(r, primary.get(r.doc_id)) | document_evidence(store, r.doc_id)
        for r in store.reports()
    ]
    return {
        "documents": documents,
        "incidents": [incident_record(i) for i in store.incidents()],
        "actors": [actor_record(a) for a in store.actors()],
        "attachments": export_attachments(store),  # metadata without GPS or serials
    }


CSV_COLUMNS = (
    "incident_id",
    "event_type",
    "secondary_event_types",
    "date",
    "date_earliest",
    "date_latest",
    "date_precision",
    "date_status",
    "place",
    "region",
    "country",
    "lat",
    "lon",
    "location_status",
    "victims",
    "perpetrators",
    "doc_ids",
    "killed",
    "injured",
)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> object:
    """Report-derived text must not run as a spreadsheet formula ("=HYPERLINK(...)")."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def to_csv(store: Store) -> str:
    """One row per incident; list fields joined with "; "."""
    return incidents_csv(store.incidents())


def incidents_json(incidents: Iterable[Incident]) -> dict[str, Any]:
    """These incidents (a filtered list) in the export contract's incident shape."""
    return {"incidents": [incident_record(i) for i in incidents]}


def incidents_geojson(incidents: Iterable[Incident]) -> dict[str, Any]:
    """These incidents as a GeoJSON FeatureCollection (RFC 7946: longitude first); an
    incident without coordinates is a feature with a null geometry, never left out."""
    features = []
    for i in incidents:
        loc = i.location
        point = loc.lat is not None and loc.lon is not None
        properties = {
            "incident_id": i.incident_id,
            "event_type": i.event_type,
            "date": i.date.value,
            "date_status": i.date.status,
            "place": loc.place,
            "region": loc.region,
            "country": loc.country,
            "location_status": loc.status,
            "victims": [v.name for v in i.victims],
            "perpetrators": [p.name for p in i.perpetrators],
            "doc_ids": list(i.doc_ids),
        }
        geometry = {"type": "Point", "coordinates": [loc.lon, loc.lat]} if point else None
        features.append(
            {"type": "Feature", "id": i.incident_id, "geometry": geometry, "properties": properties}
        )
    return {"type": "FeatureCollection", "features": features}


def incidents_csv(incidents: Iterable[Incident]) -> str:
    """These incidents, one row each; list fields joined with "; "."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for i in incidents:
        d, loc = i.date, i.location
        writer.writerow(
            [
                _cell(v)
                for v in [
                    i.incident_id,
                    i.event_type,
                    "; ".join(i.secondary_event_types),
                    d.value or "",
                    d.earliest or "",
                    d.latest or "",
                    d.precision,
                    d.status or "",
                    loc.place or "",
                    loc.region or "",
                    loc.country or "",
                    loc.lat if loc.lat is not None else "",
                    loc.lon if loc.lon is not None else "",
                    loc.status or "",
                    "; ".join(v.name for v in i.victims),
                    "; ".join(p.name for p in i.perpetrators),
                    "; ".join(i.doc_ids),
                    "" if i.killed is None else i.killed,
                    "" if i.injured is None else i.injured,
                ]
            ]
        )
    return out.getvalue()

"""Exports following the contract in BRIEF.md ("Export contract (JSON)").

Fields are added freely and never renamed: tools outside the project read them.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .evidence import attachment_record, document_evidence, export_attachments, shared_copy
from .model import Actor, Incident, Report
from .security.redact import Redactor, without_unread_titles
from .store import ChainHead, Store, to_plain


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


def export_incident(store: Store, incident_id: str, out: Path) -> list[Path]:
    """A folder to share: ``incident.json`` (the incident and its attachments' cleaned
    metadata) and each attachment's cleaned copy (kinds that cannot be cleaned are left out,
    and ``incident.json`` says so). Returns the files written."""
    incident_id = store.resolve_incident_id(incident_id)
    incident = store.incident(incident_id)
    doc_ids = list(incident.doc_ids)
    attachments = store.attachments(incident_ids=[incident_id])
    for doc_id in doc_ids:
        attachments += store.attachments(doc_id=doc_id)
    out.mkdir(parents=True, exist_ok=True)
    written, records = [], []
    for attachment in attachments:
        copy = shared_copy(store, attachment.attachment_id)
        record = attachment_record(copy)
        if copy.raw is None:
            record["file"] = None
            record["withheld"] = "this kind of file cannot be cleaned of identifying metadata"
        else:
            target = out / f"{attachment.attachment_id}-{Path(attachment.name).name}"
            target.write_bytes(copy.raw)
            record["file"] = target.name
            written.append(target)
        records.append(record)
    data = {"incident": incident_record(incident), "attachments": records}
    (out / "incident.json").write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    return [out / "incident.json", *written]


def pretty_json(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


@dataclass(frozen=True)
class Export:
    """The record exported once: its text, and what the chain (``khronika export``) or the
    server's log (a download) says of it, in one shape."""

    format: str  # "json" or "csv"
    text: str
    names_withheld: bool
    head: ChainHead | None  # the chain head the export was taken at

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def entry(self, *, signed: bool = False) -> dict[str, str]:
        """The export's entry: format, SHA-256, and whether names were withheld or it was
        signed (only when so)."""
        detail = {"format": self.format, "sha256": self.sha256}
        if self.names_withheld:
            detail["names_withheld"] = "true"
        if signed:
            detail["signed"] = "true"
        return detail


def export_record(
    store: Store,
    fmt: str,
    redactor: Redactor | None = None,
    *,
    dumps: Callable[[dict[str, Any]], str] = pretty_json,
    words_redacted: bool = True,
) -> Export:
    """The whole record as JSON (the contract) or CSV (one row per incident): the one export
    the CLI and the web app both make. With a ``redactor``, as a viewer reads it: withheld
    people out of the actors, unread reports without titles, and (``words_redacted``) their
    names withheld in the text; the web app leaves the words to its viewers' middleware,
    which also turns ids naming them into opaque links."""
    if fmt == "json":
        data = to_json(store)
        if redactor is not None:
            shown = redactor.without_withheld_actors(data)
            data = redactor.record(data) if words_redacted else shown
            data = without_unread_titles(data, store.unread_reports())
        text = dumps(data)
    else:
        text = to_csv(store)
        if redactor is not None and words_redacted:
            text = redactor.text(text)
    return Export(fmt, text, redactor is not None, store.chain_head())


def record_export(store: Store, author: str, entry: dict[str, str]) -> None:
    """An export written to a file, in the chain (a download is logged by the server)."""
    with store.transaction():
        store.record_change(author, "export", None, json.dumps(entry))

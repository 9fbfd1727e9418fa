"""Evidence beyond a report's text: attachments (photos, videos, audio, documents), a
paged report's pages and where a report came from, and shared copies without identifying
metadata.

Attachments are kept inside the store (encrypted with it, in every backup) as originals, by
SHA-256, with their metadata and a thumbnail. What leaves the record for others (a shared
export, a viewer's download) is a cleaned copy: no GPS, no device serials; the original
stays in the store untouched.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .errors import ConfigError, InputError, NotFoundError
from .ingest import DEFAULT_MAX_BYTES, human_size
from .ingest import media as media_files
from .model import Attachment, IncomingReport
from .store import Store


def store_evidence(store: Store, incoming: IncomingReport, author: str) -> None:
    """Inside the ingest transaction: the report's pages, provenance and attachments."""
    doc_id = incoming.meta.doc_id
    if incoming.pages:
        store.save_pages(doc_id, incoming.pages)
    if incoming.provenance:
        store.save_provenance(doc_id, dict(incoming.provenance))
    for attachment in incoming.attachments:
        add_attachment(store, attachment.raw, attachment.name, author, doc_id=doc_id, chain=False)


def attach(
    store: Store,
    path: Path,
    author: str,
    *,
    doc_id: str | None = None,
    incident_id: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Attachment:
    """Attach one file to a report or an incident, in one transaction with its chain entry."""
    if (doc_id is None) == (incident_id is None):
        raise ConfigError("Attach a file to one report (--report) or one incident (--incident).")
    raw = _read(path, max_bytes)
    with store.transaction():
        if doc_id is not None:
            store.report(doc_id)  # NotFoundError names a missing report
        else:
            incident_id = store.resolve_incident_id(incident_id or "")
            if not store.incident_exists(incident_id):
                raise NotFoundError(f"No incident with id {incident_id!r} in this store.")
        return add_attachment(store, raw, path.name, author, doc_id=doc_id, incident_id=incident_id)


def add_attachment(
    store: Store,
    raw: bytes,
    name: str,
    author: str,
    *,
    doc_id: str | None = None,
    incident_id: str | None = None,
    chain: bool = True,
) -> Attachment:
    """Store one attachment and append its chain entry (inside the caller's transaction;
    ``chain=False`` when the caller's own entry covers it, as ingest's does)."""
    kind = media_files.media_type(raw, name)
    sha = media_files.sha256(raw)
    metadata = media_files.read_metadata(raw, kind)
    draft = Attachment(
        "", sha, name, kind, len(raw), metadata, doc_id, incident_id, added_by=author
    )
    stored = store.add_attachment(draft, raw, media_files.thumbnail(raw, kind))
    if chain:
        detail = {"attachment": stored.attachment_id, "sha256": sha, "size": len(raw)}
        store.record_change(author, "attach", incident_id, json.dumps(detail), doc_id=doc_id)
    return stored


def _read(path: Path, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError(str(path), "this file does not exist. Check the name.") from None
    if path.is_dir():
        raise InputError(str(path), "this is a folder; attach files one by one.")
    if size > max_bytes:
        raise InputError(
            str(path),
            f"this file is {human_size(size)}, more than the limit of {human_size(max_bytes)}."
            " Raise the limit with --max-mb.",
        )
    if size == 0:
        raise InputError(str(path), "this file is empty; nothing was attached.")
    return path.read_bytes()


@dataclass(frozen=True)
class SharedCopy:
    """What may leave the record: cleaned bytes (None when this kind cannot be cleaned) and
    cleaned metadata."""

    attachment: Attachment
    raw: bytes | None

    @property
    def sha256(self) -> str | None:
        return media_files.sha256(self.raw) if self.raw is not None else None


def shared_copy(store: Store, attachment_id: str) -> SharedCopy:
    attachment = store.attachment(attachment_id)
    cleaned = media_files.shareable(store.attachment_bytes(attachment_id), attachment.media_type)
    metadata = media_files.shareable_metadata(attachment.metadata)
    return SharedCopy(replace(attachment, metadata=metadata), cleaned)


def attachment_record(copy: SharedCopy) -> dict[str, Any]:
    a = copy.attachment
    return {
        "attachment_id": a.attachment_id,
        "name": a.name,
        "media_type": a.media_type,
        "size": a.size,
        "sha256": a.sha256,  # of the original, kept in the record
        "shared_sha256": copy.sha256,
        "metadata": a.metadata,
        "doc_id": a.doc_id,
        "incident_id": a.incident_id,
        "added_at": a.added_at,
    }


def export_attachments(store: Store) -> list[dict[str, Any]]:
    """Every attachment for the JSON export: the original's SHA-256, size and type, and its
    metadata without GPS, serials or owner (an export is shared; the store keeps the rest)."""
    found = []
    for attachment in store.attachments():
        cleaned = media_files.shareable_metadata(attachment.metadata)
        record = attachment_record(SharedCopy(replace(attachment, metadata=cleaned), None))
        del record["shared_sha256"]
        found.append(record)
    return found


def document_evidence(store: Store, doc_id: str) -> dict[str, Any]:
    """A report's provenance and pages, for the JSON export (empty for a plain report)."""
    found: dict[str, Any] = {}
    provenance = store.provenance(doc_id)
    if provenance:
        found["provenance"] = provenance
    pages = store.pages(doc_id)
    if pages:
        found["pages"] = [
            {
                "page": p.page,
                "start": p.start,
                "end": p.end,
                "ocr": p.ocr,
                "confidence": p.confidence,
            }
            for p in pages
        ]
    return found


def report_evidence_json(store: Store, doc_id: str, *, viewer: bool) -> dict[str, Any]:
    """A report's pages, provenance and attachments for the API (a viewer's attachments
    without GPS, serials or owner)."""
    found = document_evidence(store, doc_id)
    attachments = []
    for attachment in store.attachments(doc_id=doc_id):
        if viewer:
            cleaned = media_files.shareable_metadata(attachment.metadata)
            attachment = replace(attachment, metadata=cleaned)
        record = attachment_record(SharedCopy(attachment, None))
        del record["shared_sha256"]
        attachments.append(record)
    found["attachments"] = attachments
    return found

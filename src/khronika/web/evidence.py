"""Attachments on the web: thumbnails, and downloads cleaned of GPS and device serials (the
original only for analysts and admins, with ``?original=1``); what the report page shows of a
paged report (each page's text, with its number and OCR confidence) and of provenance."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from markupsafe import Markup

from ..errors import AccessError
from ..evidence import shared_copy
from ..ingest.media import shareable_metadata
from ..model import Attachment, Incident, PageSpan
from ..store import Store
from ..webcommon.deps import OpenStore
from ..webcommon.redaction import refuse_originals
from .highlight import Span, highlight

router = APIRouter()
NOT_CLEANABLE = (
    "This kind of file cannot be cleaned of identifying metadata (GPS, device serials), so it "
    "is not offered for download here. An analyst can download the original."
)


@router.get("/attachments/{attachment_id}/thumbnail")
def thumbnail(attachment_id: str, open_store: OpenStore) -> Response:
    with open_store() as store:
        store.attachment(attachment_id)  # 404 for an unknown id
        data = store.attachment_thumbnail(attachment_id)
    if data is None:
        return Response(status_code=404)
    return Response(data, media_type="image/jpeg")


@router.get("/attachments/{attachment_id}/download")
def download(
    request: Request, attachment_id: str, open_store: OpenStore, original: int = 0
) -> Response:
    with open_store() as store:
        if original:
            refuse_originals(request)
            attachment = store.attachment(attachment_id)
            data: bytes | None = store.attachment_bytes(attachment_id)
        else:
            copy = shared_copy(store, attachment_id)
            attachment, data = copy.attachment, copy.raw
    if data is None:
        raise AccessError(NOT_CLEANABLE)
    name = "".join(c if c.isalnum() or c in "._-" else "_" for c in attachment.name)
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    return Response(data, media_type=attachment.media_type, headers=headers)


def report_evidence(
    store: Store, doc_id: str, text: str, spans: list[Span], viewer: bool
) -> dict[str, Any]:
    """What the report page shows beyond the text: pages, provenance, attachments."""
    pages = store.pages(doc_id)
    attachments = store.attachments(doc_id=doc_id)
    return {
        "pages": [(p, _page_text(text, p, spans)) for p in pages],
        "provenance": store.provenance(doc_id),
        "attachments": [_shown(a, viewer) for a in attachments],
    }


def incident_attachments(store: Store, incident: Incident, viewer: bool) -> list[Attachment]:
    """Files attached to the incident itself, then to its reports."""
    found = store.attachments(incident_ids=[incident.incident_id])
    for doc_id in incident.doc_ids:
        found += store.attachments(doc_id=doc_id)
    return [_shown(a, viewer) for a in found]


def _page_text(text: str, page: PageSpan, spans: list[Span]) -> Markup:
    """One page's text highlighted, its marks keeping their ids in the whole report."""
    inside = [
        (max(s, page.start) - page.start, min(e, page.end) - page.start, kind)
        for s, e, kind in spans
        if s < page.end and e > page.start
    ]
    return highlight(text[page.start : page.end], inside, offset=page.start)


def _shown(attachment: Attachment, viewer: bool) -> Attachment:
    """The attachment as the page shows it: each metadata value as text ("lat: 43.3, lon:
    45.7"); a viewer's without GPS, serials or owner."""
    from dataclasses import replace

    metadata = shareable_metadata(attachment.metadata) if viewer else attachment.metadata
    shown = {key: _as_text(value) for key, value in metadata.items()}
    return replace(attachment, metadata=dict(shown))


def _as_text(value: object) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    return str(value)

"""The JSON API under /api, with the field names of the export contract (BRIEF.md)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from .. import export as exporting
from ..export import actor_record, incident_record
from ..webcommon import queries
from ..webcommon.account import must_withhold
from ..webcommon.deps import OpenStore
from ..webcommon.downloads import log_download
from ..webcommon.redaction import redactor_for, refuse_originals
from ..webcommon.responses import SafeJSONResponse, safe_dumps

router = APIRouter(prefix="/api", tags=["api"], default_response_class=SafeJSONResponse)

Limit = Annotated[int, Query(ge=1, le=queries.MAX_LIMIT, description="Page size.")]
Offset = Annotated[int, Query(ge=0, description="How many results to skip.")]


@router.get("/incidents", summary="Incidents matching the filters, one page at a time")
def list_incidents(
    open_store: OpenStore,
    event_type: Annotated[
        str | None, Query(alias="type", description="An event type of the typology.")
    ] = None,
    date_from: Annotated[dt.date | None, Query(description="Incidents on or after.")] = None,
    date_to: Annotated[dt.date | None, Query(description="Incidents on or before.")] = None,
    place: Annotated[str | None, Query(description="Place, region or country name.")] = None,
    country: Annotated[str | None, Query(description="Exactly this country.")] = None,
    region: Annotated[str | None, Query(description="Exactly this region.")] = None,
    actor: Annotated[str | None, Query(description="Part of an actor's name, or its id.")] = None,
    status: Annotated[
        str | None, Query(description="corroborated | single_source | contested (any fact).")
    ] = None,
    limit: Limit = queries.DEFAULT_LIMIT,
    offset: Offset = 0,
) -> dict[str, Any]:
    where = queries.incident_filter(
        event_type, date_from, date_to, place, actor, country=country, region=region
    )
    wanted = queries.check_status(status)
    with open_store() as store:
        total, page = queries.list_incidents(store, where, wanted, limit, offset)
    # "more": true when more than "total" (10,000) incidents match: a total is counted so far
    return {"total": total.count, "more": total.more, "items": [incident_record(i) for i in page]}


@router.get("/incidents/{incident_id}", summary="One incident with its evidence and history")
def get_incident(incident_id: str, open_store: OpenStore) -> dict[str, Any]:
    with open_store() as store:
        return queries.incident_detail(store, incident_id)


@router.get("/reports/{doc_id}", summary="One report: metadata, text, incidents it feeds")
def get_report(doc_id: str, request: Request, open_store: OpenStore) -> dict[str, Any]:
    with open_store() as store:
        return queries.report_detail(store, doc_id, viewer=must_withhold(request))


def attachment_name(doc_id: str, media_type: str) -> str:
    """A file name safe in a Content-Disposition header."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", doc_id).strip("._") or "report"
    extension = {
        "text/plain": ".txt",
        "text/html": ".html",
        "application/rss+xml": ".xml",
        "application/atom+xml": ".xml",
        "application/xml": ".xml",
        "application/pdf": ".pdf",
        "image/png": ".png",
        "image/jpeg": ".jpg",
        "image/tiff": ".tif",
        "application/vnd.telegram+json": ".json",
    }.get(media_type.split(";")[0].strip(), ".bin")
    return stem[:100] + extension


@router.get(
    "/reports/{doc_id}/original",
    summary="The original bytes of a report, as received",
    response_class=Response,
    responses={200: {"content": {"application/octet-stream": {}}}},
)
def get_original(doc_id: str, request: Request, open_store: OpenStore) -> Response:
    refuse_originals(request)
    with open_store() as store:
        report = store.report(doc_id)
        raw = store.original(doc_id)
    filename = attachment_name(doc_id, report.media_type)
    headers = {
        "X-Content-SHA256": report.sha256,
        "Content-Disposition": f'attachment; filename="{filename}"',
        "X-Content-Type-Options": "nosniff",
    }
    return Response(raw, media_type=report.media_type, headers=headers)


@router.get("/search", summary="Full-text search over report texts")
def search(
    request: Request,
    open_store: OpenStore,
    q: Annotated[str, Query(description='Words or "quoted phrases"; all must match.')] = "",
    limit: Annotated[int, Query(ge=1, le=queries.MAX_LIMIT)] = 20,
    offset: Offset = 0,
) -> dict[str, Any]:
    q, note = queries.bounded_query(q)
    with open_store() as store:
        total, hits = queries.search(store, q, limit, offset, viewer=must_withhold(request))
    items = [h.as_json() for h in hits]  # "more" as for /incidents
    answer = {"query": q, "total": total.count, "more": total.more, "items": items}
    return {**answer, "note": note} if note else answer


@router.get("/actors", summary="Every actor with its aliases")
def actors(request: Request, open_store: OpenStore) -> dict[str, Any]:
    with open_store() as store:
        found = store.actors()
    if must_withhold(request):
        redactor = redactor_for(request)
        found = [a for a in found if redactor.shown(a.actor_id)]
    return {"total": len(found), "items": [actor_record(a) for a in found]}


@router.get(
    "/export.json",
    summary="The whole record (export contract), as a download",
    response_class=Response,
    responses={200: {"content": {"application/json": {}}}},
)
def export_json(request: Request, open_store: OpenStore) -> Response:
    redactor = redactor_for(request) if must_withhold(request) else None
    with open_store() as store:  # a viewer's words are redacted by the middleware
        made = exporting.export_record(
            store, "json", redactor, dumps=safe_dumps, words_redacted=False
        )
    log_download(request, made)
    disposition = 'attachment; filename="khronika-export.json"'
    return Response(
        made.text, media_type="application/json", headers={"Content-Disposition": disposition}
    )


@router.get(
    "/export.csv",
    summary="One row per incident, as a CSV download",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}},
)
def export_csv(request: Request, open_store: OpenStore) -> Response:
    redactor = redactor_for(request) if must_withhold(request) else None
    with open_store() as store:
        made = exporting.export_record(store, "csv", redactor, words_redacted=False)
    log_download(request, made)
    disposition = 'attachment; filename="khronika-incidents.csv"'
    return Response(
        made.text,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": disposition},
    )

"""The pages monitors read: incidents, one incident, one report, search, actors.

Every value reaches the HTML through autoescaped templates; the only markup built in
Python is the highlighted report text and search snippets (see :mod:`.highlight`).
"""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ..errors import ConfigError, KhronikaError
from ..model import Extraction, Incident, Report
from ..store import Store
from ..webcommon import queries
from ..webcommon.account import must_withhold
from ..webcommon.deps import OpenStore
from .evidence import incident_attachments, report_evidence
from .facets import Facets, FacetsDep
from .highlight import extraction_spans, fact_spans, highlight
from .history import history_entries
from .marks import Marks, fact_rows, rows_by_field
from .render import page_links, quote_part, render
from .timeline import LinkFor, build_timeline

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
PAGE_SIZE = 50
NOT_TWO = "Choose exactly two incidents to merge."


@router.get("/")
@router.get("/incidents")
def incidents_page(
    request: Request,
    open_store: OpenStore,
    facets: FacetsDep,
    offset: Annotated[int, Query(ge=0)] = 0,
    ids: Annotated[list[str] | None, Query()] = None,
    merge: str = "",
) -> Response:
    merge_error = None
    if merge:  # two incidents selected in the list: on to the merge's preview
        try:
            return to_preview(ids or [])
        except KhronikaError as error:
            merge_error = str(error)
    with open_store() as store:  # one page of incidents; only the dates of all of them
        dates = store.incident_dates(facets.filter)
        shown = store.incidents(facets.filter, PAGE_SIZE, offset)
        areas = store.incident_areas()
    paging = page_links(request, len(dates), PAGE_SIZE, offset)
    context: dict[str, Any] = {
        "incidents": shown,
        "form": facets.form,
        "areas": areas,
        "paging": paging,
        "timeline": build_timeline(dates, list_link(facets)),
        "facets_query": facets.query(),
        "selected": set(ids or []),
        "merge_error": merge_error,
    }
    return render(request, "incidents.html", 422 if merge_error else 200, **context)


def merge_preview_url(keep: str, other: str) -> str:
    return f"/incidents/{quote_part(keep)}/merge?other={quote_part(other)}"


def selected_pair(ids: list[str]) -> tuple[str, str]:
    """The two incidents chosen in the list (the lower id is kept), else a sentence."""
    chosen = list(dict.fromkeys(i.strip() for i in ids if i.strip()))
    if len(chosen) != 2:
        raise ConfigError(NOT_TWO)
    first, second = sorted(chosen)
    return first, second


def to_preview(ids: list[str]) -> Response:
    keep, other = selected_pair(ids)
    return RedirectResponse(merge_preview_url(keep, other), status_code=303)


def list_link(facets: Facets) -> LinkFor:
    """Links from timeline bars to the incident list, same facets, that bar's dates."""
    return lambda first, last: "/incidents" + facets.query(date_from=first, date_to=last)


SUMMARY_FIELDS = (
    ("Type", "event_type"),
    ("Date", "date"),
    ("Location", "location"),
    ("Victims", "victim"),
    ("Perpetrators", "perpetrator"),
)


def reports_timeline(store: Store, doc_ids: tuple[str, ...]) -> list[Report]:
    found = []
    for doc_id in doc_ids:
        try:
            found.append(store.report(doc_id))
        except KhronikaError:
            continue
    return sorted(found, key=lambda r: (r.meta.published is None, r.meta.published or 0, r.doc_id))


@router.get("/incidents/{incident_id}")
def incident_page(
    request: Request, incident_id: str, open_store: OpenStore, merged: str = ""
) -> Response:
    with open_store() as store:
        incident = store.incident(incident_id)
        if incident.incident_id != incident_id:  # merged away: its id answers as the new one
            query = "?merged=" + quote_part(incident_id)
            return RedirectResponse(f"/incidents/{quote_part(incident.incident_id)}{query}", 301)
        context = incident_context(request, store, incident)
        # the notice says so only when that id really was merged into this one
        if merged and merged != incident_id and store.resolve_incident_id(merged) == incident_id:
            context["merged_from"] = merged
    return render(request, "incident.html", **context)


def incident_context(request: Request, store: Store, incident: Incident) -> dict[str, Any]:
    """Everything the incident page shows: the facts with their review marks and forms."""
    incident_id = incident.incident_id
    reports = reports_timeline(store, incident.doc_ids)
    marks = Marks(store.reviews(incident_id))
    rows = rows_by_field(fact_rows(incident, marks), tuple(f for _, f in SUMMARY_FIELDS))
    return {
        "incident": incident,
        "summary_fields": SUMMARY_FIELDS,
        "rows": rows["by_field"],
        "details": rows["details"],
        "marks": marks,
        "reports": reports,
        "evidence": queries.evidence(store, incident_id),
        "history": history_entries(store, incident_id),
        "related": queries.related_incidents(store, incident),
        "attachments": incident_attachments(store, incident, must_withhold(request)),
        "attachments_withheld": must_withhold(request),  # no link to the originals
        # each quote is marked with the language of its report (quoted as written)
        "languages": {r.doc_id: r.meta.language for r in reports},
        "form_error": None,
    }


def render_incident(
    request: Request, store: Store, incident_id: str, form_error: dict[str, Any]
) -> Response:
    """The incident page again, with a form's error beside it and what was typed kept."""
    context = incident_context(request, store, store.incident(incident_id))
    context["form_error"] = form_error
    rows = [*context["details"], *(r for field in context["rows"].values() for r in field)]
    shown = {f"review:{r.key}" for r in rows} | {"merge", "split"}
    shown |= {f"edit:{name}" for name in ("event_type", "date", "location")}
    if form_error.get("form") not in shown:  # its form is gone: the sentence at the top
        context["page_error"] = form_error.get("message")
    return render(request, "incident.html", 422, **context)


@router.get("/reports")
def reports_page(
    request: Request, open_store: OpenStore, offset: Annotated[int, Query(ge=0)] = 0
) -> Response:
    """Every report, the latest received first: publisher, language, extracted or not, and
    what it feeds (or why it feeds no incident)."""
    with open_store() as store:
        total, rows = store.report_count(), store.report_list(PAGE_SIZE, offset)
        unread = store.unread_reports([r.doc_id for r in rows]) if must_withhold(request) else set()
    rows = [dataclasses.replace(r, title=None) if r.doc_id in unread else r for r in rows]
    paging = page_links(request, total, PAGE_SIZE, offset)
    return render(request, "reports.html", rows=rows, paging=paging)


@router.get("/reports/{doc_id}")
def report_page(request: Request, doc_id: str, open_store: OpenStore, added: str = "") -> Response:
    viewer = must_withhold(request)
    with open_store() as store:
        report = store.report(doc_id)
        if viewer and store.unread_reports([doc_id]):  # never read for names: not shown
            report = queries.unread_report(report)
        fed = queries.fed_incidents(store, doc_id)
        try:
            extraction: Extraction | None = store.extraction(doc_id)
        except KhronikaError:
            extraction = None
        spans = extraction_spans(extraction) if extraction else []
        primary = store.primary_incident(doc_id)
        spans += fact_spans(doc_id, fed)
        unread = report.text == queries.UNREAD_TEXT
        evidence = report_evidence(store, doc_id, report.text, spans, viewer)
    text = highlight(report.text, spans if not unread else [])
    context: dict[str, Any] = {"report": report, "incidents": fed, "text": text, "primary": primary}
    context["extraction"] = extraction
    context["just_added"] = bool(added)
    context |= evidence if not unread else {**evidence, "pages": []}  # pages, provenance, files
    return render(request, "report.html", names_withheld=viewer, **context)


@router.get("/search")
def search_page(
    request: Request,
    open_store: OpenStore,
    q: str = "",
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Response:
    limit = 20
    q, note = queries.bounded_query(q)
    with open_store() as store:
        total, hits = queries.search(store, q, limit, offset, viewer=must_withhold(request))
    paging = page_links(request, total.count, limit, offset, more=total.more)
    return render(request, "search.html", q=q, hits=hits, paging=paging, note=note)

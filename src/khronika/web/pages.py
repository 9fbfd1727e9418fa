"""The pages monitors read: incidents, one incident, one report, search, actors.

Every value reaches the HTML through autoescaped templates; the only markup built in
Python is the highlighted report text and search snippets (see :mod:`.highlight`).
"""

from __future__ import annotations

import dataclasses
import urllib.parse
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader
from markupsafe import escape

from ..api import queries
from ..api.deps import OpenStore
from ..errors import KhronikaError
from ..model import EVENT_TYPES, Extraction, Incident, Report
from ..store import Store
from . import TEMPLATE_DIR, i18n
from .auth import current_account
from .evidence import incident_attachments, report_evidence
from .facets import Facets, FacetsDep
from .formtoken import fact_key, form_token
from .highlight import extraction_spans, fact_spans, highlight, snippet_html
from .history import history_entries
from .marks import Marks, fact_rows, rows_by_field
from .redaction import must_withhold
from .reviewer import reviewer_name
from .timeline import LinkFor, build_timeline

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
PAGE_SIZE = 50
LISTED = 200  # the longest list a page shows before pointing to the paged incident list


def quote_part(value: object) -> str:
    """A value made safe as one path segment of a URL."""
    return urllib.parse.quote(str(value), safe="")


def safe_url(value: str | None) -> str | None:
    """The URL if it is an ordinary web address, else None (never a javascript: link)."""
    if not value:
        return None
    scheme = urllib.parse.urlsplit(value.strip()).scheme.lower()
    return value.strip() if scheme in ("http", "https") else None


def _environment(language: i18n.Language = i18n.ENGLISH) -> Environment:
    """The templates in one language: Jinja's i18n extension with that language's catalog,
    ``lang``/``dir`` for the html element, and the language switcher."""
    env = i18n.i18n_environment(loader=FileSystemLoader(TEMPLATE_DIR), autoescape=True)
    env.install_gettext_translations(language.translations, newstyle=True)  # type: ignore[attr-defined]
    env.filters["q"] = quote_part
    env.filters["safe_url"] = safe_url
    env.filters["snippet"] = snippet_html
    env.filters["translated"] = _sentence_translator(language)
    env.globals["EVENT_TYPES"] = EVENT_TYPES
    env.globals["STATUSES"] = queries.STATUSES
    env.globals["LISTED"] = LISTED
    env.globals["form_token"] = form_token
    env.globals["fact_key"] = fact_key
    env.globals["account_of"] = current_account
    env.globals["may_change"] = may_change
    env.globals["reviewer_name"] = reviewer_name
    env.globals["LANGUAGE"] = language
    env.globals["LANGUAGES"] = LANGUAGES
    env.globals["switch_url"] = i18n.switch_url
    return env


def _sentence_translator(language: i18n.Language) -> Callable[[object], str]:
    """A filter for a whole sentence built in Python (an error message): its translation if
    the catalog has it, else the sentence as it is. Plain text, escaped like any value."""

    def translated(sentence: object) -> str:
        text = str(sentence) if sentence is not None else ""
        return language.translations.gettext(text) if text else text

    return translated


def may_change(request: Request) -> bool:
    """Whether whoever is asking may change the record (an analyst, an admin, or anyone in
    single-user local mode): the forms that change something are shown to them only."""
    account = current_account(request)
    return account is None or account.may_change


LANGUAGES = i18n.load_languages()
TEMPLATES = {code: Jinja2Templates(env=_environment(lang)) for code, lang in LANGUAGES.items()}
templates = TEMPLATES[i18n.SOURCE]


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> Response:
    """The page in the language of the request (``?lang=``, cookie, Accept-Language)."""
    code, asked = i18n.choose(request, LANGUAGES)
    page = TEMPLATES[code].TemplateResponse(request, name, context, status_code=status_code)
    page.headers["Content-Language"] = code
    page.headers.add_vary_header("Accept-Language")
    page.headers.add_vary_header("Cookie")
    if asked:
        i18n.remember(request, page, code)
    return page


def render_error(request: Request, status: int, message: str, hint: str) -> Response:
    """The error page; if even that cannot be drawn, a bare page with the same sentence."""
    try:
        context = {"status": status, "message": message, "hint": hint}
        return render(request, "error.html", status, **context)
    except Exception:  # noqa: BLE001 - the last resort must not fail
        body = f"<!doctype html><title>Error</title><p>{escape(message)}</p>"
        return HTMLResponse(body, status_code=status)


def page_links(request: Request, total: int, limit: int, offset: int) -> dict[str, Any]:
    """Previous and next page URLs keeping every other query parameter."""
    params = dict(request.query_params)

    def url(at: int) -> str:
        return request.url.path + "?" + urllib.parse.urlencode({**params, "offset": at})

    return {
        "first": offset + 1 if total else 0,
        "last": min(offset + limit, total),
        "total": total,
        "prev": url(max(offset - limit, 0)) if offset > 0 else None,
        "next": url(offset + limit) if offset + limit < total else None,
    }


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
    from .merging import to_preview

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
    paging = page_links(request, total, limit, offset)
    return render(request, "search.html", q=q, hits=hits, paging=paging, note=note)

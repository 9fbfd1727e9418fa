"""Review in the browser: confirm or reject a fact, edit a field, merge, split, add a report.

Every form carries a token bound to the session (see :mod:`.formtoken`: a form posted from
another site or another session cannot carry it; 403) and the POST must come from this site
(Origin). Who made the change is the logged-in account (``user:NAME``), or in single-user
local mode (no account in the store) the name the analyst gives; every change lands in the
incident's history. Uploads are size-limited and read by the same ingest readers as the
command line, so a PDF or a binary file is refused with a reason.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.formparsers import MultiPartParser

from ..errors import AccessError, ConfigError, InputError, NotFoundError
from ..evidence import add_attachment as store_attachment
from ..ingest import read_upload
from ..model import Fact, IncomingReport, ReportMeta
from ..review import edit_field, merge, review_fact, split, unmerge
from ..security.public import mark_public, unmark_public
from ..service import IngestResult, Record
from ..store import Store
from ..webcommon.account import current_account, request_author
from ..webcommon.deps import lease_store
from .formtoken import check_form, fact_key, form_token
from .pages import render_incident
from .render import quote_part, render
from .reviewer import clean_name, local_path, remember_name, reviewer_name

router = APIRouter(include_in_schema=False)
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# An upload is never written to disk in plaintext: the multipart parser keeps a file part in
# memory up to this size (its default spills anything over 1 MB into a temporary file), and
# the app refuses larger request bodies before they are parsed (app.limit_body).
MultiPartParser.spool_max_size = MAX_UPLOAD_BYTES + 1
UPLOAD_TYPES = {
    ".txt",
    ".html",
    ".htm",
    ".xml",
    ".rss",
    ".atom",
    ".md",
    ".pdf",
    ".png",
    ".jpg",
    ".jpeg",
    ".tif",
    ".tiff",
    ".warc",
    ".gz",
    ".wacz",
}


def _check_form(request: Request, token: str) -> None:
    check_form(request, token)  # 403 without this session's token, or from another site


def _author(request: Request, typed: str) -> str:
    """The author rule (:func:`khronika.authors.web_author`): the logged-in account; in
    single-user local mode the name typed in the form, else the name remembered."""
    return request_author(request, clean_name(typed) or reviewer_name(request))


@contextmanager
def _record(request: Request, author: str) -> Iterator[Record]:
    """The record, changed in the name of the logged-in account (else the name given)."""
    with lease_store(request) as store:
        yield Record(store, author=_author(request, author))


def _back(incident_id: str, who: Reviewer | None = None, anchor: str = "history") -> Response:
    page = RedirectResponse(f"/incidents/{quote_part(incident_id)}#{anchor}", status_code=303)
    if who is not None and clean_name(who.author) and current_account(who.request) is None:
        remember_name(page, who.author)  # asked once: the next forms do not ask again
    return page


Text = Annotated[str, Form()]
OptionalText = Annotated[str, Form()]
FORM_ERRORS = (ConfigError, NotFoundError, InputError)  # shown beside the form, not alone


@dataclass(frozen=True)
class Reviewer:
    """A checked review form: who is changing the record, and their note."""

    request: Request
    author: str
    note: str

    def open(self) -> AbstractContextManager[Record]:
        return _record(self.request, self.author)

    def again(self, incident_id: str, form: str, error: Exception, **values: object) -> Response:
        """The incident page again, the error beside the form, what was typed kept."""
        typed = {"note": self.note, **values}
        with lease_store(self.request) as store:
            form_error = {"form": form, "message": _sentence(error), "typed": typed}
            return render_incident(self.request, store, incident_id, form_error)


def _sentence(error: Exception) -> str:
    return str(error.args[0]) if isinstance(error, ConfigError) and error.args else str(error)


def reviewer(
    request: Request, token: OptionalText = "", author: OptionalText = "", note: OptionalText = ""
) -> Reviewer:
    _check_form(request, token)
    return Reviewer(request, author, note)


ReviewerDep = Annotated[Reviewer, Depends(reviewer)]


@router.post("/reviewer")
def remember_reviewer(
    request: Request, token: OptionalText = "", author: OptionalText = "", next: OptionalText = ""
) -> Response:
    """Single-user local mode: remember the name to put in the history (a cookie)."""
    _check_form(request, token)
    if not clean_name(author):
        raise ConfigError("Write your name: it goes into the history beside every change.")
    page = RedirectResponse(local_path(next), status_code=303)
    remember_name(page, author)
    return page


@router.post("/incidents/{incident_id}/merge")
def merge_form(incident_id: str, who: ReviewerDep, other: OptionalText = "") -> Response:
    try:
        with who.open() as record:
            kept = merge(record, incident_id, other.strip(), who.note)
    except FORM_ERRORS as error:
        return who.again(incident_id, "merge", error, other=other)
    return _back(kept, who)


@router.post("/incidents/{incident_id}/unmerge")
def unmerge_form(incident_id: str, who: ReviewerDep, other: OptionalText = "") -> Response:
    with who.open() as record:
        unmerge(record, incident_id, other.strip(), who.note)
    return _back(incident_id, who)


@router.post("/incidents/{incident_id}/split")
def split_form(
    incident_id: str, who: ReviewerDep, docs: Annotated[list[str] | None, Form()] = None
) -> Response:
    try:
        with who.open() as record:
            new_id = split(record, incident_id, docs or [], who.note)
    except FORM_ERRORS as error:
        return who.again(incident_id, "split", error, docs=docs or [])
    return _back(new_id, who)


@router.post("/incidents/{incident_id}/review")
def review_form(
    incident_id: str, who: ReviewerDep, fact: OptionalText = "", decision: OptionalText = ""
) -> Response:
    try:
        with who.open() as record:
            chosen = _fact_by_key(record.store, incident_id, fact)
            review_fact(record, incident_id, chosen.field, chosen.value, decision, who.note)
    except FORM_ERRORS as error:
        return who.again(incident_id, f"review:{fact}", error)
    return _back(incident_id, who, "summary")


@router.post("/incidents/{incident_id}/edit")
def edit_form(
    incident_id: str, who: ReviewerDep, field: OptionalText = "", value: OptionalText = ""
) -> Response:
    try:
        with who.open() as record:
            edit_field(record, incident_id, field, value.strip(), who.note)
    except FORM_ERRORS as error:
        return who.again(incident_id, f"edit:{field}", error, value=value)
    return _back(incident_id, who, "summary")


def _fact_by_key(store: Store, incident_id: str, key: str) -> Fact:
    facts = store.incident(incident_id).facts
    index = key.split(":", 1)[0]
    if index.isdigit() and int(index) < len(facts):
        candidate = facts[int(index)]
        if fact_key(candidate, int(index)) == key:
            return candidate
    raise ConfigError(
        "This incident changed since the page was loaded: reload it and choose the fact again."
    )


@router.get("/reports/new")
def new_report_page(request: Request) -> Response:
    account = current_account(request)
    if account is not None and not account.may_change:
        raise AccessError("A viewer account cannot add reports; ask an analyst.")
    return render(request, "report_new.html", token=form_token(request), errors=[], typed={})


@router.post("/reports/new")
async def add_report(
    request: Request,
    token: OptionalText = "",
    text: OptionalText = "",
    doc_id: OptionalText = "",
    title: OptionalText = "",
    publisher: OptionalText = "",
    published: OptionalText = "",
    url: OptionalText = "",
    author: OptionalText = "",
    upload: Annotated[UploadFile | None, File()] = None,
) -> Response:
    _check_form(request, token)
    typed = {"text": text, "doc_id": doc_id, "title": title, "publisher": publisher}
    typed |= {"published": published, "url": url}
    try:
        meta = _meta(doc_id, publisher, published, url, title)
        items = await _incoming(text, meta, upload)
    except FORM_ERRORS as error:
        return _form_again(request, [str(error)], typed)
    # Extraction takes seconds per 100 KB: in a worker thread, so the server keeps answering
    # every other request meanwhile (on the event loop it froze them all until it ended).
    result = await run_in_threadpool(_ingest, request, author, items)
    if result.errors:
        return _form_again(request, [str(e) for e in result.errors], typed)
    doc = (result.added or result.unchanged or [meta.doc_id])[0]
    page = RedirectResponse(f"/reports/{quote_part(doc)}?added=1", status_code=303)
    if clean_name(author) and current_account(request) is None:
        remember_name(page, author)
    return page


def _form_again(request: Request, errors: list[str], typed: dict[str, str]) -> Response:
    """The form again, with the reasons and everything typed kept."""
    context = {"token": form_token(request), "errors": errors, "typed": typed}
    return render(request, "report_new.html", status_code=422, **context)


async def _incoming(text: str, meta: ReportMeta, upload: UploadFile | None) -> list[IncomingReport]:
    if upload is not None and upload.filename:
        data, name = await _upload_bytes(upload)
        return await run_in_threadpool(_read_uploaded, data, name, meta)
    if text.strip():
        name = meta.doc_id or "pasted-" + hashlib.sha256(text.encode()).hexdigest()[:10]
        meta = dataclasses.replace(meta, doc_id=name)
        body = text.replace("\r\n", "\n")
        return [IncomingReport(meta, text.encode("utf-8"), body, "text/plain", "pasted text")]
    raise ConfigError("Paste the report's text or choose a file to upload.")


def _meta(doc_id: str, publisher: str, published: str, url: str, title: str = "") -> ReportMeta:
    import datetime as dt

    date = None
    if published.strip():
        try:
            date = dt.date.fromisoformat(published.strip())
        except ValueError:
            raise ConfigError("Write the publication date as YYYY-MM-DD.") from None
    meta = ReportMeta(doc_id.strip(), url.strip() or None, publisher.strip() or None, date)
    return dataclasses.replace(meta, title=" ".join(title.split())[:300] or None)


def _ingest(request: Request, author: str, items: list[IncomingReport]) -> IngestResult:
    with _record(request, author) as record:
        return record.ingest(items)


async def _upload_bytes(upload: UploadFile) -> tuple[bytes, str]:
    """The uploaded file's bytes (at most the limit + 1 byte are read) and its name."""
    name = Path(upload.filename or "report.txt").name
    suffix = Path(name).suffix.lower()
    if suffix not in UPLOAD_TYPES:
        raise InputError(
            name,
            "khronika takes .txt, .html, RSS/Atom feed, PDF, scanned page (PNG, JPEG, TIFF) and"
            " web archive (WARC, WACZ) files; save the report as one of these and upload it"
            " again.",
        )
    data = await upload.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise InputError(
            name,
            f"the file is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} "
            "MB; split it or ingest it from the command line.",
        )
    return data, name


def _read_uploaded(data: bytes, name: str, meta: ReportMeta) -> list[IncomingReport]:
    overrides = meta if meta.doc_id else dataclasses.replace(meta, doc_id="")
    reports = read_upload(data, name, max_bytes=MAX_UPLOAD_BYTES, meta=overrides)  # in memory
    return [_with_origin(r, name) for r in reports]


def _with_origin(report: IncomingReport, name: str) -> IncomingReport:
    import dataclasses

    return dataclasses.replace(report, origin=f"uploaded file {name}")  # pages kept


@router.post("/people/public")
def mark_person_public(
    request: Request, token: OptionalText = "", who: OptionalText = "", undo: OptionalText = ""
) -> Response:
    """An analyst marks a person public (an actor id, or a name), or withholds them again."""
    _check_form(request, token)
    author = _author(request, "")
    with lease_store(request) as store:
        (unmark_public if undo else mark_public)(store, author, who)
        is_actor = store.actor_exists(who.strip())
    target = f"/actors/{quote_part(who.strip())}#public" if is_actor else "/actors"
    return RedirectResponse(target, status_code=303)


@router.post("/attachments/new")
async def add_attachment(
    request: Request,
    token: OptionalText = "",
    doc_id: OptionalText = "",
    incident_id: OptionalText = "",
    author: OptionalText = "",
    upload: Annotated[UploadFile | None, File()] = None,
) -> Response:
    """Attach an uploaded file (read in memory, at most 10 MB) to a report or an incident."""
    _check_form(request, token)
    if upload is None or not upload.filename:
        raise ConfigError("Choose a file to attach.")
    name = Path(upload.filename).name
    data = await upload.read(MAX_UPLOAD_BYTES + 1)
    if not data or len(data) > MAX_UPLOAD_BYTES:
        why = "is empty" if not data else f"is larger than {MAX_UPLOAD_BYTES // 2**20} MB"
        raise InputError(name, f"the file {why}; attach it from the command line instead.")
    with _record(request, author) as record, record.store.transaction():
        report, incident = _attachment_target(record.store, doc_id.strip(), incident_id.strip())
        kept = store_attachment(
            record.store, data, name, record.author, doc_id=report, incident_id=incident
        )
    page = (
        f"/reports/{quote_part(kept.doc_id)}"
        if kept.doc_id
        else (f"/incidents/{quote_part(kept.incident_id or '')}")
    )
    return RedirectResponse(f"{page}#{kept.attachment_id}", status_code=303)


def _attachment_target(
    store: Store, doc_id: str, incident_id: str
) -> tuple[str | None, str | None]:
    """(report, incident) a file is attached to: exactly one of them."""
    if bool(doc_id) == bool(incident_id):
        raise ConfigError("Attach a file to one report or one incident.")
    if doc_id:
        store.report(doc_id)  # 404 for an unknown report
        return doc_id, None
    incident = store.incident(incident_id)  # 404 for an unknown incident; a merged id follows
    return None, incident.incident_id

"""The "needs review" queue: incidents whose facts rest on one source or are contested and
that no analyst has marked reviewed yet, the latest first. An analyst works through it and
marks each reviewed (a change in the history), and the incident leaves the queue."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ..errors import AccessError
from ..review import mark_reviewed
from ..webcommon.account import may_change
from ..webcommon.deps import OpenStore
from .formtoken import check_form
from .pages import PAGE_SIZE
from .render import page_links, render
from .review import OptionalText, _record
from .reviewer import local_path

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


@router.get("/review")
def review_queue(
    request: Request, open_store: OpenStore, offset: Annotated[int, Query(ge=0)] = 0
) -> Response:
    if not may_change(request):
        raise AccessError("A viewer account cannot change the record.")
    with open_store() as store:
        total, shown = store.needs_review(PAGE_SIZE, offset)
    paging = page_links(request, total, PAGE_SIZE, offset)
    context: dict[str, Any] = {"incidents": shown, "paging": paging}
    return render(request, "review_queue.html", **context)


@router.post("/incidents/{incident_id}/reviewed")
def mark_reviewed_form(
    request: Request,
    incident_id: str,
    token: OptionalText = "",
    note: OptionalText = "",
    next: OptionalText = "",
) -> Response:
    check_form(request, token)
    with _record(request, "") as record:
        mark_reviewed(record, incident_id, note)
    return RedirectResponse(local_path(next, "/review"), status_code=303)

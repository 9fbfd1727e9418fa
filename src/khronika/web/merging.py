"""Merging in the browser, safely: a side-by-side preview of both incidents and of the
incident the merge would make (computed by the real merge, rolled back), a confirmation,
and undo from the history (see :func:`khronika.review.unmerge`).

A merge is reached from an incident's "Related incidents", from two incidents selected in
the list, or by typing an id; every way leads to the preview first.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from ..errors import AccessError, ConfigError, NotFoundError
from ..review import preview_merge
from ..service import Record
from ..webcommon.account import may_change
from ..webcommon.deps import lease_store
from .pages import render_incident, reports_timeline
from .render import render

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


@router.get("/incidents/{incident_id}/merge")
def merge_preview(request: Request, incident_id: str, other: str = "") -> Response:
    """Both incidents and the result of merging ``other`` into this one; nothing changes."""
    keep = incident_id
    if not may_change(request):
        raise AccessError("A viewer account cannot change the record.")
    with lease_store(request) as store:
        try:
            kept, gone = store.incident(keep), store.incident(other.strip())
            result = preview_merge(Record(store), kept.incident_id, gone.incident_id)
        except (ConfigError, NotFoundError) as error:
            message = str(error)
            if isinstance(error, NotFoundError):
                store.incident(keep)  # this incident itself unknown: 404
                message = f"There is no incident {other.strip()[:40]!r}: check the id."
            form_error = {"form": "merge", "message": message, "typed": {"other": other}}
            return render_incident(request, store, keep, form_error)
        columns = [
            (kind, incident, reports_timeline(store, incident.doc_ids))
            for kind, incident in (("kept", kept), ("merged", gone), ("result", result))
        ]
    return render(request, "merge_preview.html", keep=kept, other=gone, columns=columns)

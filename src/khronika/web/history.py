"""The record's history as monitors read it: every change a sentence (written by the
``history.html`` macros in the reader's language), its time in UTC that the page's script
shows in the reader's local time, and a button to undo a merge that can still be undone.

``/history`` lists the whole record's changes, newest first, filtered by who (part of the
author's name), what (a kind of change) and when (from, to: days).
"""

from __future__ import annotations

import datetime as dt
import json
import urllib.parse
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from ..errors import ConfigError
from ..store import ChangeFilter, Store
from ..webcommon.deps import OpenStore
from .marks import author_name
from .render import page_links, render

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
PAGE_SIZE = 100

# What a monitor asks for -> the actions the store records.
KINDS: dict[str, tuple[str, ...]] = {
    "review": ("confirmed", "rejected", "edit", "reviewed"),
    "merge": ("merge", "merged_into", "unmerge", "unmerged_from"),
    "split": ("split", "split_from"),
    "ingest": ("ingest", "attach"),
    "public": ("mark_public", "unmark_public"),
    "actors": ("actor_merge", "actor_edit"),
    "relink": ("relink",),
    "accounts": ("account", "login", "logout", "login_locked"),
    "export": ("export", "backup"),
}

# The other half of a merge, an undo or a split, written on the other incident's history: the
# whole record's history shows each change once.
COMPANIONS = ("merged_into", "unmerged_from", "split_from")


def local_text(at: str) -> str:
    """``2026-12-01T22:40:05+00:00`` -> ``2026-12-01 22:40 UTC`` (shown until the page's
    script puts it in the reader's own time zone)."""
    try:
        when = dt.datetime.fromisoformat(at).astimezone(dt.UTC)
    except ValueError:
        return at
    return when.strftime("%Y-%m-%d %H:%M UTC")


def entry(store: Store, row: tuple[int, str, str, str, str | None, str]) -> dict[str, Any]:
    seq, at, author, action, incident_id, detail = row
    try:
        parsed = json.loads(detail)
    except ValueError:
        parsed = {}
    parsed = parsed if isinstance(parsed, dict) else {}
    undoable = (
        action == "merge"
        and "undo" in parsed
        and incident_id is not None
        and store.resolve_incident_id(incident_id) == incident_id
        and store.resolve_incident_id(str(parsed.get("merged"))) == incident_id
    )
    parsed.pop("undo", None)  # what an undo needs, not what a reader needs
    return {
        "seq": seq,
        "at": at,
        "at_text": local_text(at),
        "author": author,
        "who": author_name(author),
        "action": action,
        "incident_id": incident_id,
        "detail": parsed,
        "undoable": undoable,
    }


def history_entries(store: Store, incident_id: str) -> list[dict[str, Any]]:
    """The changes of one incident, newest first."""
    _, rows = store.change_log(ChangeFilter(incident_id=incident_id), limit=500)
    return [entry(store, row) for row in rows]


def _day(name: str, value: str) -> str | None:
    value = value.strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise ConfigError(f"Write the {name} date as YYYY-MM-DD, not {value[:20]!r}.") from None


@router.get("/history")
def history_page(
    request: Request,
    open_store: OpenStore,
    who: str = "",
    what: str = "",
    since: str = "",
    until: str = "",
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Response:
    if what and what not in KINDS:
        raise ConfigError(f"Choose what to list among {', '.join(KINDS)}, not {what[:20]!r}.")
    where = ChangeFilter(
        author=who.strip()[:80] or None,
        actions=KINDS.get(what, ()),
        since=_day("from", since),
        until=_day("to", until),
        exclude=COMPANIONS,
    )
    with open_store() as store:
        total, rows = store.change_log(where, PAGE_SIZE, offset)
        entries = [entry(store, row) for row in rows]
    form = {"who": who.strip()[:80], "what": what, "since": since.strip(), "until": until.strip()}
    query = urllib.parse.urlencode({k: v for k, v in form.items() if v})
    paging = page_links(request, total, PAGE_SIZE, offset)
    context: dict[str, Any] = {"entries": entries, "form": form, "kinds": KINDS, "paging": paging}
    context["query"] = query
    return render(request, "history.html", **context)

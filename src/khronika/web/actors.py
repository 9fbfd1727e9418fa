"""Actor pages an analyst can correct: the actors list (search, kind, roles), one actor's
page (its incidents by role), and the forms to rename it, change its kind, merge another
actor into it and mark a person public (see :mod:`khronika.actor_corrections`)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ..actor_corrections import KINDS, edit_actor, merge_actors
from ..errors import ConfigError, NotFoundError
from ..model import Actor
from ..store import Store
from ..webcommon import queries
from ..webcommon.account import must_withhold
from ..webcommon.deps import OpenStore, lease_store
from ..webcommon.redaction import redactor_for
from .explore import fixed_link
from .formtoken import check_form
from .render import quote_part, render
from .review import FORM_ERRORS, OptionalText, _record
from .timeline import build_timeline

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
ROLES = ("victim", "perpetrator")


def matches(actor: Actor, query: str) -> bool:
    words = query.casefold().split()
    names = " ".join((actor.name, *actor.aliases, actor.actor_id)).casefold()
    return all(w in names for w in words)


@router.get("/actors")
def actors_page(request: Request, open_store: OpenStore, q: str = "", kind: str = "") -> Response:
    with open_store() as store:
        actors = store.actors()
        roles = store.actor_role_counts()
    if must_withhold(request):
        redactor = redactor_for(request)
        actors = [a for a in actors if redactor.shown(a.actor_id)]
    query = " ".join(q.split())[:100]
    shown = [a for a in actors if matches(a, query) and (not kind or a.kind == kind)]
    context: dict[str, Any] = {"actors": shown, "total": len(actors), "roles": roles}
    context |= {"q": query, "kind": kind}
    return render(request, "actors.html", kinds=KINDS, **context)


@router.get("/actors/{actor_id}")
def actor_page(request: Request, actor_id: str, open_store: OpenStore) -> Response:
    with open_store() as store:
        now = store.resolve_actor_id(actor_id)
        if now != actor_id:  # merged into another actor: its id answers as that one
            return RedirectResponse(f"/actors/{quote_part(now)}?merged={quote_part(actor_id)}", 301)
        context = actor_context(store, actor_id)
    merged = request.query_params.get("merged", "")
    if merged and merged != actor_id:
        context["merged_from"] = merged
    return render(request, "actor.html", **context)


def actor_context(store: Store, actor_id: str) -> dict[str, Any]:
    actor = next((a for a in store.actors() if a.actor_id == actor_id), None)
    if actor is None:
        raise NotFoundError(f"No actor with id {actor_id!r}.")
    roles = queries.actor_incidents(store, actor_id)
    public = any(p.actor_id == actor_id for p in store.public_names())
    found = [incident for incident, _ in roles]
    return {
        "actor": actor,
        "by_role": {role: [i for i, r in roles if role in r] for role in ROLES},
        "timeline": build_timeline(found, fixed_link(actor=actor_id)),
        "public": public,
        "kinds": KINDS,
        "others": [a for a in store.actors() if a.actor_id != actor_id],
        "form_error": None,
    }


def _again(request: Request, actor_id: str, form: str, error: Exception, **typed: str) -> Response:
    with lease_store(request) as store:
        context = actor_context(store, store.resolve_actor_id(actor_id))
    context["form_error"] = {"form": form, "message": str(error), "typed": typed}
    return render(request, "actor.html", 422, **context)


@router.post("/actors/{actor_id}/edit")
def edit_actor_form(
    request: Request,
    actor_id: str,
    token: OptionalText = "",
    name: OptionalText = "",
    kind: OptionalText = "",
    note: OptionalText = "",
) -> Response:
    check_form(request, token)
    try:
        with _record(request, "") as record:
            edit_actor(record, actor_id, name, kind, note)
    except FORM_ERRORS as error:
        return _again(request, actor_id, "edit", error, name=name, kind=kind, note=note)
    return RedirectResponse(f"/actors/{quote_part(actor_id)}", status_code=303)


@router.post("/actors/{actor_id}/merge")
def merge_actor_form(
    request: Request,
    actor_id: str,
    token: OptionalText = "",
    other: OptionalText = "",
    note: OptionalText = "",
) -> Response:
    check_form(request, token)
    try:
        if not other.strip():
            raise ConfigError("Choose the actor to merge into this one.")
        with _record(request, "") as record:
            kept = merge_actors(record, actor_id, other, note)
    except FORM_ERRORS as error:
        return _again(request, actor_id, "merge", error, other=other, note=note)
    return RedirectResponse(f"/actors/{quote_part(kept)}", status_code=303)

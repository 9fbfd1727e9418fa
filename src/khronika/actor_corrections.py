"""Analysts correct actors: merge two (the same man under two names), rename one, change its
kind (a place or a publisher read as a person). Every correction is in the history, and the
incidents that name the actor are rebuilt with it; reports read before keep naming the old
id, which answers as the new one, so a correction survives re-linking and new reports."""

from __future__ import annotations

import dataclasses
import json
from typing import TYPE_CHECKING

from .errors import ConfigError, NotFoundError
from .model import Incident, RoleEntry
from .resolve import normalise
from .store import ActorOverride, Store

if TYPE_CHECKING:
    from .service import Record

KINDS = ("person", "organization", "group")


def corrected_actors(incident: Incident, store: Store) -> Incident:
    """The incident's victims and perpetrators with the analysts' actor corrections: a merged
    actor under the id, name and kind it was merged into; a renamed one under its new name."""
    ids = [e.actor_id for e in (*incident.victims, *incident.perpetrators) if e.actor_id]
    overrides = store.actor_overrides(ids)
    if not overrides:
        return incident
    return dataclasses.replace(
        incident,
        victims=_entries(incident.victims, overrides),
        perpetrators=_entries(incident.perpetrators, overrides),
    )


def _entries(
    entries: tuple[RoleEntry, ...], overrides: dict[str, ActorOverride]
) -> tuple[RoleEntry, ...]:
    kept: dict[str, RoleEntry] = {}
    for entry in entries:
        found = overrides.get(entry.actor_id or "")
        if found is not None:
            entry = dataclasses.replace(
                entry, actor_id=found.actor_id, name=found.name, kind=found.kind
            )
        kept.setdefault(entry.actor_id or f"\x00{entry.name}", entry)
    return tuple(kept.values())


def _actor(store: Store, actor_id: str) -> ActorOverride:
    now = store.resolve_actor_id(actor_id.strip())
    row = store.actor_row(now)
    if row is None:
        raise NotFoundError(f"There is no actor {actor_id.strip()[:60]!r}: check the id.")
    return ActorOverride(now, row.name, row.kind)


def _rebuild(record: Record, incident_ids: list[str]) -> None:
    for incident_id in dict.fromkeys(incident_ids):
        record.rebuild_incident(incident_id)


def merge_actors(record: Record, keep: str, other: str, note: str = "") -> str:
    """``other`` becomes ``keep``: its names are ``keep``'s aliases, its id answers as
    ``keep``, and every incident naming it is rebuilt."""
    store = record.store
    keep_id, name, _ = _actor(store, keep)
    other_id, other_name, _ = _actor(store, other)
    if keep_id == other_id:
        raise ConfigError(f"{keep_id} and {other_id} are already one actor.")
    with store.transaction():
        touched = store.incidents_of_actor(other_id) + store.incidents_of_actor(keep_id)
        store.redirect_actor(other_id, keep_id)
        _rebuild(record, touched)
        detail = {"actor": keep_id, "name": name, "merged": other_id, "merged_name": other_name}
        detail["note"] = note
        store.record_change(
            record.author,
            "actor_merge",
            None,
            json.dumps(detail, ensure_ascii=False),
            incidents=sorted(set(touched)),
        )
    return keep_id


def edit_actor(record: Record, actor_id: str, name: str, kind: str, note: str = "") -> str:
    """Rename an actor and/or change its kind; the incidents naming it are rebuilt."""
    store = record.store
    actor_id, old_name, old_kind = _actor(store, actor_id)
    name = " ".join(name.split())[:200] or old_name
    kind = kind.strip() or old_kind
    if kind not in KINDS:
        raise ConfigError(f"An actor is a person, an organization or a group, not {kind[:30]!r}.")
    if (name, kind) == (old_name, old_kind):
        raise ConfigError("Nothing to change: give another name or another kind.")
    with store.transaction():
        store.edit_actor(actor_id, name, kind, record.author)
        if name != old_name:  # the old name stays one of its names
            store.add_alias(actor_id, normalise(old_name), old_name, f"renamed by {record.author}")
        touched = store.incidents_of_actor(actor_id)
        _rebuild(record, touched)
        detail = {"actor": actor_id, "from": old_name, "to": name, "kind_from": old_kind}
        detail |= {"kind": kind, "note": note}
        store.record_change(
            record.author,
            "actor_edit",
            None,
            json.dumps(detail, ensure_ascii=False),
            incidents=sorted(set(touched)),
        )
    return actor_id

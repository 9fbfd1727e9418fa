"""Analyst corrections: merge and split incidents, and re-link without undoing them.

Every correction pins the links it makes (automatic linking never moves a pinned mention),
is recorded in the history with who and when, and a split also records that the two
incidents must not be joined again automatically.
"""

from __future__ import annotations

import json
from typing import Any

from .corroborate.reviews import check_edit, find_fact
from .errors import ConfigError
from .model import Incident
from .service import Record
from .store import Store


def merge(record: Record, keep: str, other: str, note: str = "") -> str:
    """Merge incident ``other`` into ``keep``; ``other`` keeps answering as ``keep``. What
    moved (mentions, decisions, primary reports, older ids) is recorded, so that
    :func:`unmerge` can put it back."""
    store = record.store
    keep, other = _two_incidents(store, keep, other)
    with store.transaction():
        moved = [link.mention_id for link in store.mention_links(other)]
        undo = {
            "moved": moved,
            "reviews": [[r.field, r.value] for r in store.reviews(other)],
            "primaries": sorted(d for d, i in store.primary_incidents().items() if i == other),
            "redirected": store.redirects_to(other),
            "event_type": store.incident(other).event_type,
        }
        why = f"analyst merge of {other} into {keep} by {record.author}"
        store.move_mentions(moved, keep, why)
        store.pin_incident(keep)
        store.delete_incident(other)
        store.redirect(other, keep)
        store.move_reviews(other, keep)
        record.rebuild_incident(keep)
        detail = {"merged": other, "mentions": len(moved), "note": note, "undo": undo}
        store.record_change(record.author, "merge", keep, json.dumps(detail))
        store.record_change(record.author, "merged_into", other, json.dumps({"into": keep}))
    return keep


def _two_incidents(store: Store, keep: str, other: str) -> tuple[str, str]:
    keep, other = store.resolve_incident_id(keep), store.resolve_incident_id(other)
    store.incident(keep), store.incident(other)  # both must exist (NotFoundError)
    if keep == other:
        raise ConfigError(f"{keep} and {other} are already one incident.")
    return keep, other


class _Preview(Exception):
    """Raised to roll a merge back once its result has been read."""


def preview_merge(record: Record, keep: str, other: str) -> Incident:
    """The incident a merge of ``other`` into ``keep`` would make, read from a merge done in
    a transaction that is then rolled back: nothing is stored, nothing enters the history."""
    result: Incident | None = None
    try:
        with record.store.transaction():
            kept = merge(record, keep, other)
            result = record.store.incident(kept)
            raise _Preview
    except _Preview:
        pass
    assert result is not None
    return result


def unmerge(record: Record, keep: str, other: str, note: str = "") -> str:
    """Undo the merge of ``other`` into ``keep``: ``other`` gets back the mentions, decisions,
    primary reports and older ids it had, and the two are never joined again automatically.
    Mentions moved elsewhere since (a split) stay where they are."""
    store = record.store
    undo = _merge_to_undo(store, keep, other)
    with store.transaction():
        still = {link.mention_id for link in store.mention_links(keep)}
        moved = [m for m in undo["moved"] if m in still]
        store.remove_redirect(other)
        for old in undo["redirected"]:
            store.set_redirect(old, other)
        store.save_incident(Incident(other, str(undo.get("event_type") or "other")))
        store.move_mentions(moved, other, f"analyst undid the merge into {keep} by {record.author}")
        for field, value in undo["reviews"]:
            store.move_review(keep, other, field, value)
        for doc_id in undo["primaries"]:
            if store.primary_incident(doc_id) == keep:
                store.set_primary_incident(doc_id, other)
        store.add_cannot_link(keep, other)
        record.rebuild_incident(keep)
        record.rebuild_incident(other)
        detail = {"unmerged": other, "mentions": len(moved), "note": note}
        store.record_change(record.author, "unmerge", keep, json.dumps(detail))
        store.record_change(record.author, "unmerged_from", other, json.dumps({"from": keep}))
    return other


def _merge_to_undo(store: Store, keep: str, other: str) -> dict[str, Any]:
    """What the latest merge of ``other`` into ``keep`` moved; refused when it cannot be
    undone (never merged, already undone, or ``keep`` merged on since)."""
    if store.resolve_incident_id(other) == other:
        raise ConfigError(f"{other} is not merged into another incident: there is nothing to undo.")
    now = store.resolve_incident_id(keep)
    if now != keep or store.resolve_incident_id(other) != keep:
        raise ConfigError(f"{other} was merged on into {now} since; undo the later merge first.")
    for change in reversed(store.changes(keep)):
        entry = json.loads(change.detail) if change.action == "merge" else {}
        if change.incident_id == keep and entry.get("merged") == other:
            if "undo" not in entry:
                raise ConfigError(
                    f"The merge of {other} into {keep} was made before khronika kept what a"
                    " merge moves; split its reports off instead."
                )
            undo: dict[str, Any] = entry["undo"]
            return undo
    raise ConfigError(f"{other} was not merged into {keep}.")


def split(record: Record, incident_id: str, doc_ids: list[str], note: str = "") -> str:
    """Move the mentions of ``doc_ids`` out of an incident into a new one; returns its id."""
    store = record.store
    incident_id = store.resolve_incident_id(incident_id)
    incident = store.incident(incident_id)
    if not doc_ids:
        raise ConfigError("Tick at least one report to split off into a new incident.")
    unknown = [d for d in doc_ids if d not in incident.doc_ids]
    if unknown:
        raise ConfigError(
            f"Incident {incident_id} is reported by {', '.join(incident.doc_ids)}; "
            f"cannot split off {', '.join(unknown)}."
        )
    if set(doc_ids) >= set(incident.doc_ids):
        raise ConfigError("Splitting off every report would leave the incident empty.")
    with store.transaction():
        new_id = f"inc-{store.next_incident_seq():05d}"
        links = store.mention_links(incident_id)
        moved = [link.mention_id for link in links if link.doc_id in doc_ids]
        store.save_incident(type(incident)(new_id, incident.event_type))
        why = f"analyst split of {', '.join(doc_ids)} from {incident_id} by {record.author}"
        store.move_mentions(moved, new_id, why)
        store.pin_incident(incident_id)
        store.add_cannot_link(incident_id, new_id)
        for doc_id in doc_ids:
            if store.primary_incident(doc_id) == incident_id:
                store.set_primary_incident(doc_id, new_id)
        record.rebuild_incident(incident_id)
        record.rebuild_incident(new_id)
        detail = json.dumps({"docs": doc_ids, "new": new_id, "note": note})
        store.record_change(record.author, "split", incident_id, detail)
        store.record_change(record.author, "split_from", new_id, json.dumps({"from": incident_id}))
    return new_id


def relink(record: Record) -> int:
    """Re-link every unpinned mention from scratch (after a model change), in ingest order.
    Analyst corrections stay as they are. Returns the number of incidents afterwards."""
    store = record.store
    with store.transaction():
        before = set(store.summary_digests())
        unpinned = store.unpinned_links()
        previous_ids = {u.mention_id: u.incident_id for u in unpinned}  # a new one keeps its id
        store.delete_links([u.mention_id for u in unpinned])
        for incident_id in store.empty_incidents():
            store.delete_incident(incident_id)
        reports = store.reports()
        for report in reports:  # filed again below, one by one as they arrived
            store.set_primary_incident(report.doc_id, None)
        for report in reports:
            record.link_report(store.extraction(report.doc_id), previous_ids)
        touched = sorted(before | set(store.summary_digests()))
        detail = json.dumps({"mentions": len(unpinned)})
        store.record_change(record.author, "relink", None, detail, incidents=touched)
    return len(store.incidents())


def review_fact(
    record: Record, incident_id: str, field: str, value: str, decision: str, note: str = ""
) -> None:
    """Confirm or reject one fact of an incident (kept, marked, and in the history)."""
    if decision not in ("confirmed", "rejected"):
        raise ConfigError(f"A fact can be confirmed or rejected, not {decision!r}.")
    store = record.store
    incident = store.incident(incident_id)
    find_fact(incident, field, value)
    with store.transaction():
        store.save_review(incident.incident_id, field, value, decision, None, note, record.author)
        record.rebuild_incident(incident.incident_id)
        detail = json.dumps({"field": field, "value": value, "note": note})
        store.record_change(record.author, decision, incident.incident_id, detail)


def edit_field(record: Record, incident_id: str, field: str, value: str, note: str = "") -> None:
    """Set an incident's type, date or place by hand; the sources' value stays on record."""
    store = record.store
    incident = store.incident(incident_id)
    check_edit(field, value, record.gazetteer)
    old = next((f.value for f in incident.facts if f.field == field), "")
    with store.transaction():
        store.save_review(incident.incident_id, field, old, "edited", value, note, record.author)
        record.rebuild_incident(incident.incident_id)
        detail = json.dumps({"field": field, "from": old, "to": value, "note": note})
        store.record_change(record.author, "edit", incident.incident_id, detail)


def mark_reviewed(record: Record, incident_id: str, note: str = "") -> str:
    """An analyst has gone through the incident: it leaves the "needs review" queue."""
    store = record.store
    incident_id = store.incident(incident_id).incident_id  # a merged id follows
    with store.transaction():
        store.mark_checked(incident_id, record.author)
        store.record_change(record.author, "reviewed", incident_id, json.dumps({"note": note}))
    return incident_id

"""Analyst corrections: merge and split incidents, and re-link without undoing them.

Every correction pins the links it makes (automatic linking never moves a pinned mention),
is recorded in the history with who and when, and a split also records that the two
incidents must not be joined again automatically.
"""

from __future__ import annotations

import json

from .corroborate.reviews import check_edit, find_fact
from .errors import ConfigError
from .service import Record


def merge(record: Record, keep: str, other: str, note: str = "") -> str:
    """Merge incident ``other`` into ``keep``; ``other`` keeps answering as ``keep``."""
    store = record.store
    keep, other = store.resolve_incident_id(keep), store.resolve_incident_id(other)
    store.incident(keep), store.incident(other)  # both must exist (NotFoundError)
    if keep == other:
        raise ConfigError(f"{keep} and {other} are already one incident.")
    with store.transaction():
        moved = [m for m, _, _, _ in store.mention_links(other)]
        why = f"analyst merge of {other} into {keep} by {record.author}"
        store.move_mentions(moved, keep, why)
        store.pin_incident(keep)
        store.delete_incident(other)
        store.redirect(other, keep)
        store.move_reviews(other, keep)
        record.rebuild_incident(keep)
        detail = {"merged": other, "mentions": len(moved), "note": note}
        store.record_change(record.author, "merge", keep, json.dumps(detail))
        store.record_change(record.author, "merged_into", other, json.dumps({"into": keep}))
    return keep


def split(record: Record, incident_id: str, doc_ids: list[str], note: str = "") -> str:
    """Move the mentions of ``doc_ids`` out of an incident into a new one; returns its id."""
    store = record.store
    incident_id = store.resolve_incident_id(incident_id)
    incident = store.incident(incident_id)
    unknown = [d for d in doc_ids if d not in incident.doc_ids]
    if not doc_ids or unknown:
        raise ConfigError(
            f"Incident {incident_id} is reported by {', '.join(incident.doc_ids)}; "
            f"cannot split off {', '.join(unknown) or 'no report'}."
        )
    if set(doc_ids) >= set(incident.doc_ids):
        raise ConfigError("Splitting off every report would leave the incident empty.")
    with store.transaction():
        new_id = f"inc-{store.next_incident_seq():05d}"
        links = store.mention_links(incident_id)
        moved = [m for m, d, _, _ in links if d in doc_ids]
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
        record.previous_ids = {m: i for m, _, i in unpinned}
        store.delete_links([m for m, _, _ in unpinned])
        for incident_id in store.empty_incidents():
            store.delete_incident(incident_id)
        reports = store.reports()
        for report in reports:  # filed again below, one by one as they arrived
            store.set_primary_incident(report.doc_id, None)
        for report in reports:
            record.link_report(store.extraction(report.doc_id))
        touched = sorted(before | set(store.summary_digests()))
        detail = json.dumps({"mentions": len(unpinned)})
        store.record_change(record.author, "relink", None, detail, incidents=touched)
    record.previous_ids = {}
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

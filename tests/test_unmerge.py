"""Merge preview and undo (issue 15), on a real copy of the seeded store."""

from __future__ import annotations

import pytest

from khronika.errors import ConfigError
from khronika.review import merge, preview_merge, review_fact, unmerge
from khronika.service import Record
from khronika.store import ChangeFilter, Store


def _ids(store: Store) -> dict[str, str]:
    return {i.event_type: i.incident_id for i in store.incidents()}


def test_preview_changes_nothing_and_matches_the_merge(seeded_copy_any: Store) -> None:
    ids = _ids(seeded_copy_any)
    keep, other = ids["attack_on_premises"], ids["arson"]
    head = seeded_copy_any.chain_head()
    record = Record(seeded_copy_any, author="web:Ana")
    preview = preview_merge(record, keep, other)
    assert seeded_copy_any.chain_head() == head  # nothing entered the history
    assert seeded_copy_any.resolve_incident_id(other) == other  # nothing merged
    assert set(preview.doc_ids) >= set(seeded_copy_any.incident(other).doc_ids)
    merge(record, keep, other)
    merged = seeded_copy_any.incident(keep)
    assert (merged.event_type, merged.date, merged.doc_ids) == (
        preview.event_type,
        preview.date,
        preview.doc_ids,
    )


def test_unmerge_gives_back_what_the_merge_took(seeded_copy_any: Store) -> None:
    ids = _ids(seeded_copy_any)
    keep, other = ids["smear_campaign"], ids["assault"]
    record = Record(seeded_copy_any, author="web:Ana")
    before = seeded_copy_any.incident(other)
    victim = next(f for f in before.facts if f.field == "victim")
    review_fact(record, other, "victim", victim.value, "confirmed", "seen")
    links = {m for m, _, _, _ in seeded_copy_any.mention_links(other)}
    merge(record, keep, other, "same campaign?")
    assert seeded_copy_any.resolve_incident_id(other) == keep
    unmerge(record, keep, other, "two events")
    assert seeded_copy_any.resolve_incident_id(other) == other
    back = seeded_copy_any.incident(other)
    assert {m for m, _, _, _ in seeded_copy_any.mention_links(other)} == links
    assert (back.event_type, back.date, back.doc_ids) == (
        before.event_type,
        before.date,
        before.doc_ids,
    )
    assert any(f.review and f.review.startswith("confirmed by web:Ana") for f in back.facts)
    assert other in seeded_copy_any.cannot_link(keep)  # never joined again automatically
    _, rows = seeded_copy_any.change_log(ChangeFilter(actions=("unmerge",)))
    assert [r[4] for r in rows] == [keep]
    with pytest.raises(ConfigError, match="nothing to undo"):
        unmerge(record, keep, other)


def test_change_log_filters_who_what_and_when(seeded_copy_any: Store) -> None:
    ids = _ids(seeded_copy_any)
    record = Record(seeded_copy_any, author="user:maria")
    merge(record, ids["smear_campaign"], ids["assault"])
    total, rows = seeded_copy_any.change_log(ChangeFilter(author="mar", actions=("merge",)))
    assert total == 1
    assert rows[0][2] == "user:maria"
    day = rows[0][1][:10]
    assert seeded_copy_any.change_log(ChangeFilter(since=day, until=day))[0] >= 2
    assert seeded_copy_any.change_log(ChangeFilter(until="2000-01-01"))[0] == 0
    assert seeded_copy_any.change_log(ChangeFilter(author="100%"))[0] == 0  # % is a letter

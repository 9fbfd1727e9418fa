"""Analysts confirm, reject and edit; the record shows who, when and what it was before."""

from __future__ import annotations

import pytest

from khronika.errors import ConfigError
from khronika.review import edit_field, merge, relink, review_fact
from khronika.service import Record
from khronika.store import Store


def _by_type(store: Store) -> dict[str, str]:
    return {i.event_type: i.incident_id for i in store.incidents()}


def test_rejecting_a_victim_marks_the_fact_and_drops_the_victim(seeded_copy: Store) -> None:
    record = Record(seeded_copy, author="analyst-c")
    june = _by_type(seeded_copy)["attack_on_premises"]
    review_fact(record, june, "perpetrator", "masked men", "confirmed", note="two sources")
    review_fact(record, june, "victim", "Joint Mobile Group", "rejected", note="test")
    incident = seeded_copy.incident(june)
    marks = {(f.field, f.value): f.review for f in incident.facts}
    assert str(marks[("perpetrator", "masked men")]).startswith("confirmed by analyst-c")
    assert str(marks[("victim", "Joint Mobile Group")]).startswith("rejected by analyst-c")
    assert "Joint Mobile Group" not in [v.name for v in incident.victims]
    relink(record)  # a re-link rebuilds the incident: the decisions stay
    again = seeded_copy.incident(june)
    assert "Joint Mobile Group" not in [v.name for v in again.victims]
    actions = [what for _, who, what, _, _ in seeded_copy.changes(june) if who == "analyst-c"]
    assert actions == ["confirmed", "rejected"]


def test_editing_the_date_keeps_what_the_sources_said(seeded_copy: Store) -> None:
    record = Record(seeded_copy, author="analyst-d")
    smear = _by_type(seeded_copy)["smear_campaign"]
    raid = _by_type(seeded_copy)["raid_or_search"]
    edit_field(record, raid, "date", "2014-12-05", note="court file")
    incident = seeded_copy.incident(raid)
    assert (incident.date.value, incident.date.precision) == ("2014-12-05", "day")
    date_fact = next(f for f in incident.facts if f.field == "date")
    assert date_fact.review is not None
    assert "was 2014-12" in date_fact.review
    edit_field(record, smear, "location", "Moscow")
    assert seeded_copy.incident(smear).location.place == "Moscow"
    edit_field(record, smear, "event_type", "threat_or_intimidation")
    assert seeded_copy.incident(smear).event_type == "threat_or_intimidation"


def test_reviews_follow_a_merge(seeded_copy: Store) -> None:
    record = Record(seeded_copy, author="analyst-e")
    types = _by_type(seeded_copy)
    review_fact(record, types["raid_or_search"], "perpetrator", "Chechen police", "confirmed")
    merge(record, types["arson"], types["raid_or_search"])
    merged = seeded_copy.incident(types["arson"])
    assert any(f.review and f.value == "Chechen police" for f in merged.facts)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("date", "June 2015", "YYYY-MM-DD"),
        ("event_type", "riot", "not an event type"),
        ("location", "Qwzx Nowhere", "not a place"),
        ("victims", "x", "can be edited"),
    ],
)
def test_bad_edits_are_refused_with_a_reason(
    seeded_copy: Store, field: str, value: str, message: str
) -> None:
    june = _by_type(seeded_copy)["attack_on_premises"]
    before = seeded_copy.incident(june)
    with pytest.raises(ConfigError, match=message):
        edit_field(Record(seeded_copy), june, field, value)
    assert seeded_copy.incident(june) == before


def test_reviewing_a_fact_that_does_not_exist_is_refused(seeded_copy: Store) -> None:
    june = _by_type(seeded_copy)["attack_on_premises"]
    with pytest.raises(ConfigError, match="has no victim fact"):
        review_fact(Record(seeded_copy), june, "victim", "Nobody", "confirmed")

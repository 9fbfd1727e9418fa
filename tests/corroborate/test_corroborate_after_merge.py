"""After a merge, a split or an edit, every value lists exactly the sources that state it
(issue 11, case 8): two reports saying 14 and 15 September, merged, give a ``contested`` date
with each value and its own quotes, spanning both days; never the "14 September" report as the
source of the 15th. Each test ends with the store verified."""

from __future__ import annotations

import datetime as dt
from typing import Any

from khronika.model import Fact, Incident
from khronika.review import edit_field, merge, split
from khronika.security import check
from khronika.service import Record
from khronika.store import Store

FIRST = (
    "Police raid the office of Memorial Kazan\n\n"
    "Police officers raided the office of the human rights group Memorial in Kazan, Russia, "
    "on 14 September 2017 and seized computers and case files, the group said."
)
SECOND = (
    "Memorial's Kazan office searched\n\n"
    "On 15 September 2017 police searched the office of Memorial in Kazan, Russia, and took "
    "away computers and documents, according to a lawyer for the organisation."
)


def _stored(store: Store, make_incoming: Any) -> tuple[Record, Incident]:
    record = Record(store, author="analyst")
    result = record.ingest(
        [
            make_incoming("kazan-14", FIRST, publisher="Memorial", published=dt.date(2017, 9, 14)),
            make_incoming("kazan-15", SECOND, publisher="OVD-Info", published=dt.date(2017, 9, 16)),
        ]
    )
    assert not result.errors
    assert len(result.added) == 2
    primary = store.primary_incidents()
    first, second = primary["kazan-14"], primary["kazan-15"]
    assert first
    assert second
    if first != second:
        merge(record, first, second, note="one raid")
    return record, store.incident(first)


def _sources(fact: Fact) -> set[str]:
    return {s.doc_id for s in fact.sources}


def _verified(store: Store) -> None:
    result = check(store)
    assert not result.problems, [str(p) for p in result.problems]


def test_merged_reports_with_different_days_make_a_contested_date(
    fresh_store: Store, make_incoming: Any
) -> None:
    _, incident = _stored(fresh_store, make_incoming)
    assert set(incident.doc_ids) == {"kazan-14", "kazan-15"}
    date = incident.date
    assert (date.status, date.earliest, date.latest) == ("contested", "2017-09-14", "2017-09-15")
    assert date.value == "2017-09-14"  # one source each: the earlier day, though written later
    facts = {f.value: f for f in incident.facts if f.field == "date"}
    assert set(facts) == {"2017-09-14", "2017-09-15"}
    assert _sources(facts["2017-09-14"]) == {"kazan-14"}
    assert _sources(facts["2017-09-15"]) == {"kazan-15"}
    assert all("14 September" in s.quote for s in facts["2017-09-14"].sources)
    assert all("15 September" in s.quote for s in facts["2017-09-15"].sources)
    assert {f.status for f in facts.values()} == {"contested"}
    _verified(fresh_store)


def test_every_value_of_a_merged_incident_lists_only_reports_stating_it(
    fresh_store: Store, make_incoming: Any
) -> None:
    _, incident = _stored(fresh_store, make_incoming)
    texts = {r.doc_id: r.text for r in fresh_store.reports()}
    for fact in incident.facts:
        for source in fact.sources:  # each quote is where its report says it
            assert texts[source.doc_id][source.start : source.end] == source.quote
    _verified(fresh_store)


def test_a_split_gives_each_report_its_own_date_back(
    fresh_store: Store, make_incoming: Any
) -> None:
    record, incident = _stored(fresh_store, make_incoming)
    new_id = split(record, incident.incident_id, ["kazan-15"], note="two raids after all")
    kept, moved = fresh_store.incident(incident.incident_id), fresh_store.incident(new_id)
    assert (kept.date.value, kept.date.status) == ("2017-09-14", "single_source")
    assert (moved.date.value, moved.date.status) == ("2017-09-15", "single_source")
    for one, doc in ((kept, "kazan-14"), (moved, "kazan-15")):
        assert all(_sources(f) == {doc} for f in one.facts if f.field == "date")
    _verified(fresh_store)


def test_an_edited_date_keeps_what_each_source_states(
    fresh_store: Store, make_incoming: Any
) -> None:
    record, incident = _stored(fresh_store, make_incoming)
    edit_field(record, incident.incident_id, "date", "2017-09-14", note="court file")
    edited = fresh_store.incident(incident.incident_id)
    assert (edited.date.value, edited.date.precision) == ("2017-09-14", "day")
    facts = {f.value: f for f in edited.facts if f.field == "date"}
    assert _sources(facts["2017-09-15"]) == {"kazan-15"}  # not re-labelled as the 14th
    assert _sources(facts["2017-09-14"]) == {"kazan-14"}
    assert all(f.review and "set to 2017-09-14" in f.review for f in facts.values())
    _verified(fresh_store)

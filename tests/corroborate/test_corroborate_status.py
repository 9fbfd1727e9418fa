"""Fact status: independent sources corroborate; one publisher is one source; counts differ."""

from __future__ import annotations

import datetime as dt
from typing import Any

from khronika.corroborate import status_of
from khronika.model import SourceSpan
from khronika.service import Record
from khronika.store import Store

A = (
    "Masked men set fire to the office of the Centre for Press Freedom in Culiacán on "
    "8 March 2021. Nobody was hurt, the centre said."
)
SAME_PUBLISHER = (
    "Staff told us that the office of the Centre for Press Freedom in Culiacán "
    "was set on fire on 8 March 2021 by masked men."
)


def test_a_second_report_from_the_same_publisher_does_not_corroborate(
    fresh_store: Store, make_incoming: Any
) -> None:
    result = Record(fresh_store).ingest(
        [
            make_incoming(
                "fld-1", A, publisher="Front Line Defenders", published=dt.date(2021, 3, 9)
            ),
            make_incoming(
                "fld-2",
                SAME_PUBLISHER,
                publisher="Front Line Defenders",
                published=dt.date(2021, 3, 12),
            ),
        ]
    )
    assert result.errors == []
    assert result.copies == []
    primary = fresh_store.primary_incidents()
    assert primary["fld-1"] == primary["fld-2"] is not None
    incident = fresh_store.incident(str(primary["fld-1"]))
    assert set(incident.doc_ids) == {"fld-1", "fld-2"}
    (date_fact,) = [f for f in incident.facts if f.field == "date"]
    assert {s.doc_id for s in date_fact.sources} == {"fld-1", "fld-2"}
    assert date_fact.status == "single_source"
    assert [f for f in incident.facts if f.status == "corroborated"] == []


def test_different_victim_counts_are_contested(fresh_store: Store, make_incoming: Any) -> None:
    Record(fresh_store).ingest(
        [
            make_incoming(
                "x",
                "Police detained two journalists in Istanbul on 8 March 2021.",
                publisher="Front Line Defenders",
                published=dt.date(2021, 3, 9),
            ),
            make_incoming(
                "y",
                "Police detained three journalists in Istanbul on 8 March 2021, "
                "their lawyers said.",
                publisher="Article 19",
                published=dt.date(2021, 3, 10),
            ),
        ]
    )
    primary = fresh_store.primary_incidents()
    assert primary["x"] == primary["y"] is not None
    incident = fresh_store.incident(str(primary["x"]))
    victims = [f for f in incident.facts if f.field == "victim"]
    assert len(victims) == 1
    assert victims[0].status == "contested"
    assert {s.doc_id for s in victims[0].sources} == {"x", "y"}
    assert {s.quote for s in victims[0].sources} == {"two journalists", "three journalists"}
    (date_fact,) = [f for f in incident.facts if f.field == "date"]
    assert date_fact.status == "corroborated"  # they agree on the date


def test_status_of_counts_independent_sources() -> None:
    text = "one two three"
    spans = [SourceSpan.of("a", text, 0, 3), SourceSpan.of("b", text, 4, 7)]
    same = {"a": "publisher:x", "b": "publisher:x"}
    different = {"a": "publisher:x", "b": "publisher:y"}
    assert status_of(spans, same.__getitem__) == "single_source"
    assert status_of(spans, different.__getitem__) == "corroborated"
    assert status_of(spans[:1], different.__getitem__) == "single_source"


def test_sources_naming_different_perpetrators_make_them_contested(
    fresh_store: Store, make_incoming: Any
) -> None:
    day = dt.date(2021, 3, 10)
    Record(fresh_store).ingest(
        [
            make_incoming(
                "p1",
                "Police officers beat the journalist Omar Haddad in Izmir on 8 March 2021.",
                publisher="Outlet One",
                published=day,
            ),
            make_incoming(
                "p2",
                "Masked men beat the journalist Omar Haddad in Izmir on 8 March 2021.",
                publisher="Outlet Two",
                published=day,
            ),
        ]
    )
    (incident,) = fresh_store.incidents()
    perpetrator_facts = [f for f in incident.facts if f.field == "perpetrator"]
    assert len(perpetrator_facts) == 2
    assert {f.status for f in perpetrator_facts} == {"contested"}
    date_fact = next(f for f in incident.facts if f.field == "date")
    assert date_fact.status == "corroborated"

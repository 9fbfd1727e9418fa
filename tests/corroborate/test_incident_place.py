"""An incident's place: the place its sources agree on, as precise as they allow."""

from __future__ import annotations

import datetime as dt
from typing import Any

from khronika.service import Record
from khronika.store import Store

REPORTS = {
    "a": (
        "Tax officers searched the office of the rights group Open Door in Bengaluru on"
        " 25 October 2018, the group said.",
        "Daily One",
    ),
    "b": (
        "The office of Open Door in Bengaluru was searched by tax officers on 25 October 2018,"
        " staff said.",
        "Daily Two",
    ),
    "c": (
        "India: tax officers searched the office of the rights group Open Door on 25 October"
        " 2018, a spokesperson in New Delhi said.",
        "Daily Three",
    ),
}


def test_the_country_all_agree_on_then_the_city_most_name(
    fresh_store: Store, make_incoming: Any
) -> None:
    """All three reports place the search in India; two name Bengaluru, one names only a
    spokesperson's New Delhi: the incident is in Bengaluru, not in India or New Delhi."""
    Record(fresh_store).ingest(
        make_incoming(doc_id, text, publisher=publisher, published=dt.date(2018, 10, 26))
        for doc_id, (text, publisher) in REPORTS.items()
    )
    primary = fresh_store.primary_incidents()
    assert primary["a"] == primary["b"] == primary["c"] is not None
    location = fresh_store.incident(str(primary["a"])).location
    assert (location.place, location.country) == ("Bengaluru", "India")


def test_an_incident_whose_event_sentences_are_undated_takes_its_reports_lead_date(
    fresh_store: Store, make_incoming: Any
) -> None:
    text = (
        "Police are investigating after a teenager was shot in the leg in Dayton, Ohio.\n\n"
        "The incident happened around 10:45 p.m. Friday near a home on Glen Avenue."
    )
    Record(fresh_store).ingest(
        [make_incoming("lead", text, publisher="Daily One", published=dt.date(2016, 8, 20))]
    )
    incident = fresh_store.incident(fresh_store.primary_incidents()["lead"] or "")
    assert incident.date.value == "2016-08-19"
    fact = next(f for f in incident.facts if f.field == "date")
    assert [s.quote for s in fact.sources] == ["Friday"]


def test_the_region_is_written_as_the_reports_write_it(
    fresh_store: Store, make_incoming: Any
) -> None:
    """The gazetteer knows the region as Pwani; the reports write "Coast Region", and a
    monitor reads the record in the reports' words."""
    texts = {
        "tz1": "Journalist Ali Musa, based in Kibiti in the Coast Region, was abducted from his"
        " home by four men on 21 November 2017, his family said.",
        "tz2": "Four men abducted the journalist Ali Musa in Kibiti, Tanzania, on 21 November"
        " 2017, colleagues said.",
    }
    Record(fresh_store).ingest(
        make_incoming(doc_id, text, publisher=f"Daily {doc_id}", published=dt.date(2017, 11, 23))
        for doc_id, text in texts.items()
    )
    primary = fresh_store.primary_incidents()
    assert primary["tz1"] == primary["tz2"] is not None
    location = fresh_store.incident(str(primary["tz1"])).location
    assert (location.place, location.region, location.country) == (
        "Kibiti",
        "Coast Region",
        "Tanzania",
    )


def test_an_incident_whose_reports_name_only_a_county_is_placed_at_the_county(
    fresh_store: Store, make_incoming: Any
) -> None:
    """No town is named, a county is: the incident is in the county, in its state."""
    text = "A 16-year-old Catoosa County teen was accidentally shot and killed on Monday night."
    Record(fresh_store).ingest(
        [make_incoming("ga", text, publisher="Daily ga", published=dt.date(2016, 3, 8))]
    )
    location = fresh_store.incident(str(fresh_store.primary_incidents()["ga"])).location
    assert (location.place, location.region, location.country) == (
        "Catoosa County",
        "Georgia",
        "United States",
    )

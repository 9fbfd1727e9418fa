"""Linking event mentions from different reports into incidents, and telling them apart."""

from __future__ import annotations

import datetime as dt
from typing import Any

from khronika.service import Record
from khronika.store import Store

A = (
    "Masked men set fire to the office of the Centre for Press Freedom in Culiacán on "
    "8 March 2021. Nobody was hurt, the centre said."
)
B = (
    "The offices of the Centre for Press Freedom in Culiacán were set on fire on 8 March 2021, "
    "its director said."
)
EARLIER = (
    "Masked men set fire to the office of the Centre for Press Freedom in Culiacán on "
    "2 February 2021."
)


def _ingest(store: Store, make_incoming: Any, *items: tuple[str, str, str, dt.date]) -> None:
    result = Record(store).ingest(
        [make_incoming(d, t, publisher=p, published=day) for d, p, t, day in items]
    )
    assert result.errors == []
    assert len(result.added) == len(items)


def test_two_publishers_reporting_one_event_give_one_corroborated_incident(
    fresh_store: Store, make_incoming: Any
) -> None:
    _ingest(
        fresh_store,
        make_incoming,
        ("fld", "Front Line Defenders", A, dt.date(2021, 3, 9)),
        ("a19", "Article 19", B, dt.date(2021, 3, 10)),
    )
    arsons = [i for i in fresh_store.incidents() if i.event_type == "arson"]
    assert len(arsons) == 1, [
        (i.incident_id, i.event_type, i.doc_ids) for i in fresh_store.incidents()
    ]
    incident = arsons[0]
    assert set(incident.doc_ids) == {"fld", "a19"}
    primary = fresh_store.primary_incidents()
    assert primary["fld"] == primary["a19"] == incident.incident_id
    assert incident.date.value == "2021-03-08"
    assert incident.date.precision == "day"
    assert incident.date.status == "corroborated"
    (date_fact,) = [f for f in incident.facts if f.field == "date"]
    assert date_fact.status == "corroborated"
    assert {s.doc_id for s in date_fact.sources} == {"fld", "a19"}
    assert incident.location.place == "Culiacán"
    assert incident.location.country == "Mexico"


def test_same_place_and_type_on_another_day_is_another_incident(
    fresh_store: Store, make_incoming: Any
) -> None:
    _ingest(
        fresh_store,
        make_incoming,
        ("fld", "Front Line Defenders", A, dt.date(2021, 3, 9)),
        ("a19-feb", "Article 19", EARLIER, dt.date(2021, 2, 3)),
    )
    primary = fresh_store.primary_incidents()
    assert primary["fld"] is not None
    assert primary["a19-feb"] is not None
    assert primary["fld"] != primary["a19-feb"]
    march = fresh_store.incident(primary["fld"])
    february = fresh_store.incident(primary["a19-feb"])
    assert march.date.value == "2021-03-08"
    assert february.date.value == "2021-02-02"
    assert march.doc_ids == ("fld",)
    assert february.doc_ids == ("a19-feb",)
    assert march.date.status == february.date.status == "single_source"


def test_linking_is_incremental_and_order_independent_for_membership(
    tmp_path: Any, make_incoming: Any
) -> None:
    """Ingesting the two reports in either order links them into one incident."""
    memberships = []
    for order in (("fld", "a19"), ("a19", "fld")):
        store = Store(tmp_path / f"{'-'.join(order)}.db", create=True)
        try:
            reports = {
                "fld": ("Front Line Defenders", A, dt.date(2021, 3, 9)),
                "a19": ("Article 19", B, dt.date(2021, 3, 10)),
            }
            for doc_id in order:  # one report per ingest call: incremental
                _ingest(store, make_incoming, (doc_id, *reports[doc_id]))
            primary = store.primary_incidents()
            assert primary["fld"] == primary["a19"]
            memberships.append(set(store.incident(str(primary["fld"])).doc_ids))
        finally:
            store.close()
    assert memberships == [{"fld", "a19"}, {"fld", "a19"}]


def test_one_sentence_about_one_fire_gives_one_incident(
    fresh_store: Store, make_incoming: Any
) -> None:
    text = (
        "Masked men set fire to the office of the Centre for Press Freedom in Culiacán on "
        "8 March 2021, destroying its archive."
    )
    _ingest(fresh_store, make_incoming, ("one", "Front Line Defenders", text, dt.date(2021, 3, 9)))
    incidents = fresh_store.incidents()
    assert [i.event_type for i in incidents if i.event_type != "arson"] == [], [
        (i.incident_id, i.event_type, i.date.value) for i in incidents
    ]
    assert len(incidents) == 1

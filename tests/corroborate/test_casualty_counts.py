"""Killed and injured counts on the incident: the most-sourced value, contested when reports
differ, and exported as incident fields."""

from __future__ import annotations

import datetime as dt
from typing import Any

from khronika.export import to_csv, to_json
from khronika.service import Record
from khronika.store import Store

FIRST = (
    "Two people were killed and three wounded when gunmen opened fire on a market in "
    "Culiacán on Sunday, 3 March 2024."
)
SECOND = (
    "Gunmen killed two people and injured four others at a market in Culiacán on "
    "3 March 2024, local officials said."
)


def test_counts_become_incident_fields_and_disagreement_is_contested(
    fresh_store: Store, make_incoming: Any
) -> None:
    Record(fresh_store).ingest(
        [
            make_incoming("a", FIRST, publisher="Daily One", published=dt.date(2024, 3, 4)),
            make_incoming("b", SECOND, publisher="Daily Two", published=dt.date(2024, 3, 5)),
        ]
    )
    primary = fresh_store.primary_incidents()
    assert primary["a"] == primary["b"] is not None
    incident = fresh_store.incident(str(primary["a"]))
    assert incident.event_type == "killing"
    assert incident.killed == 2
    facts = {f.field: f for f in incident.facts}
    assert facts["killed"].status == "corroborated"
    assert {s.doc_id for s in facts["killed"].sources} == {"a", "b"}
    assert facts["injured"].status == "contested"
    assert incident.injured in (3, 4)
    assert {s.quote for s in facts["injured"].sources} == {"three wounded", "injured four others"}
    exported = next(
        i for i in to_json(fresh_store)["incidents"] if i["incident_id"] == incident.incident_id
    )
    assert (exported["killed"], exported["injured"]) == (2, incident.injured)
    header, *rows = to_csv(fresh_store).splitlines()
    assert header.endswith(",killed,injured")
    assert any(row.endswith(f",2,{incident.injured}") for row in rows)


def test_no_counts_stated_exports_null(fresh_store: Store, make_incoming: Any) -> None:
    Record(fresh_store).ingest(
        [
            make_incoming(
                "c",
                "Police raided the office of the newspaper in Kazan on 3 March 2024.",
                publisher="Daily One",
                published=dt.date(2024, 3, 4),
            ),
        ]
    )
    (exported,) = to_json(fresh_store)["incidents"]
    assert exported["killed"] is None
    assert exported["injured"] is None

"""Analyst corrections: merge, split, history, and re-linking that never undoes them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from khronika.errors import ConfigError, NotFoundError
from khronika.review import merge, relink, split
from khronika.service import Record
from khronika.store import Store


def _primary(store: Store) -> str:
    primaries = set(store.primary_incidents().values())
    assert len(primaries) == 1
    (incident_id,) = primaries
    assert incident_id is not None
    return incident_id


def test_split_moves_a_report_and_survives_a_relink(seeded_copy: Store) -> None:
    record = Record(seeded_copy, author="analyst-a")
    june = _primary(seeded_copy)
    new_id = split(record, june, ["nhc-jmg-attack"], note="different attack")
    assert seeded_copy.incident(june).doc_ids == ("crd-jmg-attack",)
    assert seeded_copy.incident(new_id).doc_ids == ("nhc-jmg-attack",)
    assert seeded_copy.primary_incidents()["nhc-jmg-attack"] == new_id

    relink(record)
    assert seeded_copy.incident(june).doc_ids == ("crd-jmg-attack",)
    assert seeded_copy.incident(new_id).doc_ids == ("nhc-jmg-attack",)
    actions = [(who, what) for _, who, what, _, _ in seeded_copy.changes(june)]
    assert ("analyst-a", "split") in actions


def test_merge_redirects_the_old_id_and_is_kept_by_relink(seeded_copy: Store) -> None:
    record = Record(seeded_copy, author="analyst-b")
    by_type = {i.event_type: i.incident_id for i in seeded_copy.incidents()}
    arson, raid = by_type["arson"], by_type["raid_or_search"]
    kept = merge(record, arson, raid)
    assert kept == arson
    merged = seeded_copy.incident(raid)  # the old id still answers
    assert merged.incident_id == arson
    assert "raid_or_search" in merged.secondary_event_types or merged.event_type in (
        "arson",
        "raid_or_search",
    )
    before = {i.incident_id: i.doc_ids for i in seeded_copy.incidents()}
    relink(record)
    after = {i.incident_id: i.doc_ids for i in seeded_copy.incidents()}
    assert after[arson] == before[arson]
    assert raid not in after
    assert any(what == "merge" for _, _, what, _, _ in seeded_copy.changes(arson))


def test_relink_keeps_incident_ids(seeded_copy: Store) -> None:
    before = {i.incident_id: (i.event_type, i.doc_ids) for i in seeded_copy.incidents()}
    relink(Record(seeded_copy))
    after = {i.incident_id: (i.event_type, i.doc_ids) for i in seeded_copy.incidents()}
    assert after == before


def test_corrections_check_their_input(seeded_copy: Store) -> None:
    record = Record(seeded_copy)
    june = _primary(seeded_copy)
    with pytest.raises(NotFoundError):
        merge(record, june, "inc-99999")
    with pytest.raises(ConfigError):
        merge(record, june, june)
    with pytest.raises(ConfigError, match="cannot split off"):
        split(record, june, ["no-such-report"])
    with pytest.raises(ConfigError):
        split(record, june, ["crd-jmg-attack", "nhc-jmg-attack"])
    assert seeded_copy.incident(june).doc_ids == ("crd-jmg-attack", "nhc-jmg-attack")


def test_a_new_report_links_to_the_merged_incident(fresh_store: Store, make_incoming: Any) -> None:
    record = Record(fresh_store)
    day = dt.date(2021, 3, 10)
    record.ingest(
        [
            make_incoming(
                "a",
                "Masked men set fire to the office of the Free Press Centre in "
                "Culiacán on 8 March 2021.",
                publisher="A",
                published=day,
            ),
            make_incoming(
                "b",
                "Police detained three journalists in Culiacán on 8 March 2021.",
                publisher="B",
                published=day,
            ),
        ]
    )
    ids = sorted(i.incident_id for i in fresh_store.incidents())
    assert len(ids) == 2
    merge(record, ids[0], ids[1])
    record.ingest(
        [
            make_incoming(
                "c",
                "Three journalists were detained in Culiacán on 8 March 2021, a lawyer said.",
                publisher="C",
                published=day,
            )
        ]
    )
    merged = fresh_store.incident(ids[0])
    assert "c" in merged.doc_ids
    assert len(fresh_store.incidents()) == 1


def test_a_report_in_a_language_khronika_does_not_read_is_stored_not_extracted(
    fresh_store: Store, make_incoming: Any
) -> None:
    text = (
        "In Grosny haben maskierte Unbekannte das Büro der Menschenrechtler überfallen. "
        "Den Mitarbeitern gelang die Flucht durch ein Fenster."
    )
    result = Record(fresh_store).ingest([make_incoming("de", text, publisher="X")])
    assert result.added == ["de"]
    assert result.not_extracted
    assert "German" in result.not_extracted[0][1]
    assert fresh_store.report("de").text == text
    assert fresh_store.extraction("de").extracted is False
    assert fresh_store.incidents() == []


def test_a_report_in_russian_is_extracted_into_an_incident(
    fresh_store: Store, make_incoming: Any
) -> None:
    text = (
        "В Грозном неизвестные в масках напали на офис правозащитников. "
        "Сотрудникам удалось бежать через окно."
    )
    result = Record(fresh_store).ingest([make_incoming("ru", text, publisher="X")])
    assert result.added == ["ru"]
    assert not result.not_extracted
    extraction = fresh_store.extraction("ru")
    assert extraction.extracted
    assert extraction.language == "ru"
    [incident] = fresh_store.incidents()
    assert incident.event_type == "assault"
    assert incident.location.country == "Russia"
    assert incident.location.place == "Grozny"

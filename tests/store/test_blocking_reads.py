"""The linker's blocking reads at scale (migration 0019): the primary incidents of reports
published in a window, read a chunk at a time, are those of every such report, most recent
first; the similar reports' incidents, ranked by the index alone among those added last;
the dated candidates, at most DATED_LIMIT of them, the nearest in date (ties: the newest);
and a list's total counted no further than asked. Both backends."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import pytest

from khronika.model import DateField, Incident, LocationField
from khronika.store import IncidentFilter, Store


def _reports(store: Store, make_incoming: Any, count: int) -> list[tuple[str, str, str]]:
    """``count`` reports published over a month, several per incident; (doc, day, incident)."""
    rows = []
    with store.transaction():
        for k in range(count):
            day = dt.date(2020, 3, 1) + dt.timedelta(days=k % 30)
            text = f"Report {k}: police raided the office of a rights group near the square."
            incoming = make_incoming(f"p{k:03d}", text, published=day)
            store.add_report(incoming, hashlib.sha256(incoming.raw).hexdigest(), None, None)
            # most of one incident (a chunk holds few distinct ones), some of none
            incident = f"inc-{0 if k % 7 else k:05d}" if k % 5 else None
            store.set_primary_incident(f"p{k:03d}", incident)
            if incident:
                rows.append((f"p{k:03d}", day.isoformat(), incident))
    return rows


@pytest.mark.parametrize("limit", [2, 5, 200])
def test_incidents_published_between_read_in_chunks(
    any_store: Store, make_incoming: Any, monkeypatch: Any, limit: int
) -> None:
    from khronika.store import _blocking

    rows = _reports(any_store, make_incoming, 60)
    monkeypatch.setattr(_blocking, "RECENT_LIMIT", limit)  # chunks of 4 * limit rows
    found = any_store.incidents_published_between("2020-03-05", "2020-03-25")
    seqs = {doc: i for i, doc in enumerate(d for d, _, _ in rows)}
    inside = [r for r in rows if "2020-03-05" <= r[1] <= "2020-03-25"]
    inside.sort(key=lambda r: (r[1], seqs[r[0]]), reverse=True)
    assert found == list(dict.fromkeys(i for _, _, i in inside))[:limit]


def test_similar_reports_incidents_best_first(any_store: Store, make_incoming: Any) -> None:
    rows = _reports(any_store, make_incoming, 30)
    found = any_store.incidents_of_similar_reports(["raided", "square"], limit=4)
    assert 1 <= len(found) <= 4
    assert set(found) <= {i for _, _, i in rows}
    assert any_store.incidents_of_similar_reports(["zzzunknownword"]) == []


def test_similar_reports_are_ranked_among_those_added_last(
    any_store: Store, make_incoming: Any, monkeypatch: Any
) -> None:
    from khronika.store import _search

    rows = _reports(any_store, make_incoming, 30)  # every report has both words
    monkeypatch.setattr(_search, "SIMILAR_RANKED", 4)
    newest = {i for d, _, i in rows if d in {"p026", "p027", "p028", "p029"}}
    assert newest == {"inc-00000", "inc-00028"}
    assert set(any_store.incidents_of_similar_reports(["raided", "square"], limit=10)) == newest


def _dated(store: Store, seq: int, earliest: str, latest: str, country: str | None) -> str:
    incident_id = f"inc-{seq:05d}"
    date = DateField(earliest if earliest == latest else None, earliest, latest,
                     "day" if earliest == latest else "range")  # fmt: skip
    store.save_incident(Incident(incident_id, "arrest", (), date, LocationField(country=country)))
    return incident_id


def test_dated_candidates_are_the_nearest_in_date_and_the_newest(
    any_store: Store, monkeypatch: Any
) -> None:
    from khronika.store import _blocking

    with any_store.transaction():
        day = [_dated(any_store, k, "2021-05-10", "2021-05-10", "Turkey") for k in (1, 2, 3)]
        week = _dated(any_store, 4, "2021-05-08", "2021-05-14", None)
        year = _dated(any_store, 5, "2021-01-01", "2021-12-31", None)
        later = [_dated(any_store, k, "2021-05-10", "2021-05-10", None) for k in (97, 98, 99)]
        other_day = _dated(any_store, 6, "2021-05-11", "2021-05-11", "Turkey")
        newest = _dated(any_store, 100000, "2021-05-10", "2021-05-10", "Turkey")  # 6 digits
    every = set(day) | {week, year, newest} | set(later)

    def blocked() -> list[str]:
        return any_store.candidate_incidents("2021-05-10", "2021-05-10", ["arrest"], [], [],
                                             ["Turkey"])  # fmt: skip

    everything = blocked()
    assert set(everything) == every  # under the limit: all of them
    assert other_day not in everything
    monkeypatch.setattr(_blocking, "DATED_LIMIT", 5)
    assert set(blocked()) == {newest, *later, day[2]}  # same day; the newest of the ties
    monkeypatch.setattr(_blocking, "DATED_LIMIT", 8)
    assert set(blocked()) == {newest, *later, *day, week}  # then the week, before the year
    found = blocked()
    assert found == [i for i in everything if i in found]  # kept in the order found


def test_a_total_is_counted_no_further_than_asked(any_store: Store) -> None:
    with any_store.transaction():
        for k in range(1, 8):
            _dated(
                any_store, k, f"2021-05-{k:02d}", f"2021-05-{k:02d}", "Turkey" if k % 2 else None
            )
    may = IncidentFilter(date_from=dt.date(2021, 5, 2))  # six of the seven
    assert any_store.count_incidents() == 7
    assert any_store.count_incidents(may) == 6
    assert [any_store.count_incidents(may, at_most=n) for n in (0, 3, 5, 6, 50)] == [1, 4, 6, 6, 6]
    turkey = IncidentFilter(country="turkey")
    assert any_store.count_incidents(turkey, at_most=2) == 3
    assert any_store.count_incidents(turkey, at_most=4) == 4


def test_profiles_of_incidents_read_in_chunks(
    any_store: Store, make_incoming: Any, monkeypatch: Any
) -> None:
    """The report profiles of many incidents at once are those read one incident at a time,
    in ingest order; an incident that is gone (never saved) is absent, one without reports
    has none."""
    from khronika.store import _blocking

    rows = _reports(any_store, make_incoming, 40)
    saved = sorted({incident for _, _, incident in rows})[:-1]  # the last one is gone
    with any_store.transaction():
        for doc_id, _, _ in rows:
            any_store.save_profile(doc_id, f'{{"doc_id": "{doc_id}"}}')
        for incident_id in [*saved, "inc-empty"]:
            when = DateField("2020-03-01", "2020-03-01", "2020-03-01", "day")
            any_store.save_incident(Incident(incident_id, "raid", (), when, LocationField()))
    monkeypatch.setattr(_blocking, "PROFILE_CHUNK", 2)
    asked = [*sorted({incident for _, _, incident in rows}), "inc-empty", "inc-none"]
    found = any_store.profiles_of_incidents(asked)
    assert set(found) == {*saved, "inc-empty"}
    assert found["inc-empty"] == []
    for incident_id in saved:
        assert found[incident_id] == any_store.incident_profiles(incident_id)
        assert len(found[incident_id]) == sum(1 for *_, i in rows if i == incident_id)


def test_incidents_at_a_place_are_the_most_recent_of_the_types(
    any_store: Store, monkeypatch: Any
) -> None:
    """Undated incidents at a place (migration 0021: read in order from an index): the
    RECENT_LIMIT created last among those of the asked types."""
    from khronika.store import _blocking

    monkeypatch.setattr(_blocking, "RECENT_LIMIT", 5)
    undated, dated = (
        DateField(None, None, None, "unknown"),
        DateField("2020-03-01", "2020-03-01", "2020-03-01", "day"),
    )
    with any_store.transaction():
        for seq in range(1, 21):
            kind = "arrest" if seq % 3 else "raid"
            when = dated if seq % 4 == 0 else undated
            place = LocationField(place="Grozny", place_id="geonames:1")
            any_store.save_incident(Incident(f"inc-{seq:05d}", kind, (), when, place), seq)
    arrests_undated = [f"inc-{s:05d}" for s in range(20, 0, -1) if s % 3 and s % 4][:5]
    found = any_store.candidate_incidents("2020-03-01", "2020-03-01", ["arrest"], [], [])
    assert "inc-00004" in found  # dated ones come from the dates
    at_place = any_store.candidate_incidents(None, None, ["arrest"], [], ["geonames:1"])
    assert at_place == [f"inc-{s:05d}" for s in range(20, 0, -1) if s % 3][:5]
    both = any_store.candidate_incidents("2019-01-01", "2019-01-02", ["arrest"], [], ["geonames:1"])
    assert both == arrests_undated

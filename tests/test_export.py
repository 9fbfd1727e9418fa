"""Exports (khronika.export) from the seeded store, in the shape of the BRIEF's contract."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

from khronika.export import CSV_COLUMNS, to_csv
from khronika.store import Store

VALUE_PATTERN = {"day": r"\d{4}-\d{2}-\d{2}", "month": r"\d{4}-\d{2}", "year": r"\d{4}"}


def test_export_is_json_serialisable_and_round_trips(seeded_export: dict[str, Any]) -> None:
    text = json.dumps(seeded_export, ensure_ascii=False)
    assert json.loads(text) == seeded_export


def test_every_document_names_existing_incidents_and_documents(
    seeded_export: dict[str, Any], seeded: Store
) -> None:
    incidents = {i["incident_id"] for i in seeded_export["incidents"]}
    docs = {d["doc_id"] for d in seeded_export["documents"]}
    for d in seeded_export["documents"]:
        assert d["primary_incident"] is None or d["primary_incident"] in incidents
        assert d["copy_of"] is None or d["copy_of"] in docs
        assert d["sha256"] == seeded.report(d["doc_id"]).sha256
        assert re.fullmatch(r"[0-9a-f]{64}", d["sha256"])
    for i in seeded_export["incidents"]:
        assert i["doc_ids"]
        assert set(i["doc_ids"]) <= docs


def test_date_values_match_their_precision(seeded_export: dict[str, Any]) -> None:
    for i in seeded_export["incidents"]:
        date = i["date"]
        if date["precision"] == "unknown":
            assert date["value"] is None
            assert date["status"] is None
            assert not [f for f in i["facts"] if f["field"] == "date"]
            continue
        if date["precision"] in VALUE_PATTERN:
            assert re.fullmatch(VALUE_PATTERN[date["precision"]], date["value"]), date
            assert date["earliest"].startswith(date["value"])
            assert date["latest"].startswith(date["value"])
        assert date["earliest"] <= date["latest"]
        (fact,) = [f for f in i["facts"] if f["field"] == "date"]
        assert fact["status"] == date["status"]


def test_location_status_matches_its_fact_and_coordinates_are_numbers(
    seeded_export: dict[str, Any],
) -> None:
    for i in seeded_export["incidents"]:
        loc = i["location"]
        facts = [f for f in i["facts"] if f["field"] == "location"]
        if loc["status"] is None:
            assert not facts
            continue
        assert facts
        assert all(f["status"] == loc["status"] for f in facts)
        # one fact per place the sources state: several only when they disagree
        assert len(facts) == 1 or loc["status"] == "contested"
        assert isinstance(loc["lat"], float)
        assert -90 <= loc["lat"] <= 90
        assert isinstance(loc["lon"], float)
        assert -180 <= loc["lon"] <= 180


def test_victims_and_perpetrators_point_to_known_actors(seeded_export: dict[str, Any]) -> None:
    actors = {a["actor_id"] for a in seeded_export["actors"]}
    for i in seeded_export["incidents"]:
        for entry in (*i["victims"], *i["perpetrators"]):
            assert entry["actor_id"] is None or entry["actor_id"] in actors
            assert entry["kind"] in ("person", "organization", "group")
    assert len(actors) == len(seeded_export["actors"])  # actor ids are unique


def test_csv_rows_mirror_the_json(seeded: Store, seeded_export: dict[str, Any]) -> None:
    rows = list(csv.DictReader(io.StringIO(to_csv(seeded))))
    assert rows
    assert list(rows[0]) == list(CSV_COLUMNS)
    by_id = {i["incident_id"]: i for i in seeded_export["incidents"]}
    assert {r["incident_id"] for r in rows} == set(by_id)
    for row in rows:
        i = by_id[row["incident_id"]]
        assert row["event_type"] == i["event_type"]
        assert row["date"] == (i["date"]["value"] or "")
        assert row["doc_ids"].split("; ") == i["doc_ids"]


def test_csv_cells_never_start_a_spreadsheet_formula() -> None:
    from khronika.export import _cell

    assert _cell('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert _cell("+7 killed") == "'+7 killed"
    assert _cell("@mention") == "'@mention"
    assert _cell("Grozny") == "Grozny"
    assert _cell(-12.5) == -12.5

"""Event extraction on sentences written for the tests (not from the seeds)."""

from __future__ import annotations

import datetime as dt

import pytest

from khronika.model import EventMention, Extraction, Report, ReportMeta
from khronika.pipeline import Pipeline

PUBLISHED = dt.date(2021, 3, 10)  # a Wednesday


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


def extract(pipeline: Pipeline, text: str) -> Extraction:
    meta = ReportMeta("grammar", publisher="Test Monitor", published=PUBLISHED, language="en")
    return pipeline(Report(meta, "0" * 64, text, "text/plain"))


def only_event(extraction: Extraction) -> EventMention:
    assert len(extraction.events) == 1, [(e.event_type, e.trigger.quote) for e in extraction.events]
    return extraction.events[0]


def test_detention_with_a_victim_count(pipeline: Pipeline) -> None:
    event = only_event(extract(pipeline, "Police detained two journalists in Istanbul on Monday."))
    assert event.event_type == "arbitrary_detention"
    assert [v.count for v in event.victims] == [2]
    assert "journalists" in event.victims[0].name
    assert [p.place.name for p in event.places] == ["Istanbul"]
    assert event.places[0].place.country == "Turkey"
    assert event.time is not None
    assert event.time.time.value == "2021-03-08"


def test_a_demand_is_not_an_event(pipeline: Pipeline) -> None:
    assert extract(pipeline, "The authorities must release the activists.").events == ()


def test_killing_with_place_and_relative_date(pipeline: Pipeline) -> None:
    event = only_event(
        extract(pipeline, "Unknown gunmen shot dead a lawyer in Culiacán yesterday.")
    )
    assert event.event_type == "killing"
    assert [(p.place.name, p.place.region, p.place.country) for p in event.places] == [
        ("Culiacán", "Sinaloa", "Mexico")
    ]
    assert event.time is not None
    assert event.time.time.value == (PUBLISHED - dt.timedelta(days=1)).isoformat()
    assert event.time.time.precision == "day"
    assert any("gunmen" in p.name for p in event.perpetrators)
    assert any("lawyer" in v.name for v in event.victims)


def test_setting_fire_is_arson(pipeline: Pipeline) -> None:
    event = only_event(
        extract(pipeline, "Masked men set fire to the offices of the newspaper last night.")
    )
    assert event.event_type == "arson"
    assert any("masked men" in p.name.lower() for p in event.perpetrators)


def test_a_generic_mandate_is_not_an_event(pipeline: Pipeline) -> None:
    assert extract(pipeline, "The NGO investigates torture and disappearances.").events == ()


def test_burning_down_is_arson(pipeline: Pipeline) -> None:
    event = only_event(
        extract(
            pipeline,
            "Unknown attackers burned down the office of a newspaper in Culiacán on 8 March 2021.",
        )
    )
    assert event.event_type == "arson"

"""Names of people as the model reads them, even where the gazetteer would file a place:
what redaction withholds from viewers (khronika.names), and what the places step no longer
takes for a city."""

from __future__ import annotations

import datetime as dt

import pytest

from khronika.model import Extraction, Report, ReportMeta
from khronika.pipeline import Pipeline
from khronika.security.redact import Redactor

TEXT = (
    "On 12 March 2019, police in Grozny detained the human rights defender Kheda Saratova and"
    " her sister Madina at their home. Her lawyer, Ruslan Tamaev, said officers from the"
    " Prielbrusye National Park service were there. Madina Saratova was released the next day."
    " The Chechen capital was quiet, Twitter users wrote."
)


@pytest.fixture(scope="module")
def extraction() -> Extraction:
    report = Report(ReportMeta("names", published=dt.date(2019, 3, 13)), "x", TEXT, "text/plain")
    return Pipeline()(report)


def test_people_the_gazetteer_would_misfile_are_read_as_people(extraction: Extraction) -> None:
    names = {span.quote for span in extraction.people}
    assert {"Kheda Saratova", "Madina", "Madina Saratova", "Ruslan Tamaev"} <= names
    assert not {"Grozny", "Chechen", "Prielbrusye National Park"} & names
    for span in extraction.people:
        assert TEXT[span.start : span.end] == span.quote


def test_a_city_inside_a_name_is_not_a_place(extraction: Extraction) -> None:
    places = {p.place.name for p in extraction.places}
    assert "Grozny" in places
    assert not {"Kheda", "Madinah", "Saratov"} & places


def test_common_words_the_model_calls_people_are_not_withheld() -> None:
    redactor = Redactor.for_people([], ["Twitter", "Statement", "Kheda Saratova", "National Park"])
    assert redactor.terms == {"kheda", "saratova"}
    assert redactor.text("Twitter said Kheda Saratova left the National Park") == (
        "Twitter said [withheld] left the National Park"
    )
    resolved = Redactor.for_people([("grace-white", ["Grace White"])])
    assert resolved.text("Grace White said") == "[withheld] said"  # a person the record knows

"""Grammatical patterns of actor and event extraction, on sentences written for the tests."""

from __future__ import annotations

import datetime as dt

import pytest

from khronika.model import Extraction, Report, ReportMeta
from khronika.pipeline import Pipeline
from khronika.resolve import phonetic_key

PUBLISHED = dt.date(2019, 11, 14)


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


def extract(pipeline: Pipeline, text: str) -> Extraction:
    meta = ReportMeta("patterns", publisher="Test Monitor", published=PUBLISHED)
    return pipeline(Report(meta, "0" * 64, text, "text/plain"))


def names(extraction: Extraction, kind: str) -> list[str]:
    return [a.name for a in extraction.actors if a.kind == kind]


def test_possessive_is_trimmed_from_a_name(pipeline: Pipeline) -> None:
    x = extract(pipeline, "Police searched Ana Martinez's home in Tegucigalpa on Monday.")
    assert "Ana Martinez" in names(x, "person")
    assert not any("'s" in n for n in names(x, "person"))


def test_two_organisations_joined_by_a_possessive(pipeline: Pipeline) -> None:
    x = extract(pipeline, "Officers raided the Human Rights Foundation's Legal Aid Centre.")
    orgs = names(x, "organization")
    assert "Human Rights Foundation" in orgs
    assert "Legal Aid Centre" in orgs


def test_title_before_a_name_is_kept_as_title(pipeline: Pipeline) -> None:
    x = extract(pipeline, "Governor Roberto Salinas denied the allegations on Tuesday.")
    people = [a for a in x.actors if a.kind == "person"]
    assert [a.name for a in people] == ["Roberto Salinas"]
    assert people[0].title is not None
    assert "Governor" in people[0].title


def test_appositive_title_is_attached(pipeline: Pipeline) -> None:
    x = extract(
        pipeline,
        "The statement was signed by Elena Petrova, Director of the "
        "Moscow Legal Clinic, on Friday.",
    )
    (elena,) = [a for a in x.actors if a.name == "Elena Petrova"]
    assert elena.title is not None
    assert elena.title.startswith("Director")


def test_name_after_a_role_phrase_is_found_by_grammar(pipeline: Pipeline) -> None:
    x = extract(pipeline, "The complaint was sent to Ombudsman of Armenia Arman Tatoyan last week.")
    assert "Arman Tatoyan" in names(x, "person")


def test_name_after_a_generic_noun_is_an_organisation(pipeline: Pipeline) -> None:
    x = extract(pipeline, "Last month the movement Free Voices published a report on torture.")
    assert "Free Voices" in names(x, "organization")


def test_acronym_defined_in_text_is_an_alias(pipeline: Pipeline) -> None:
    x = extract(pipeline, "The Centre for Legal Defence (CLD) said its lawyer was detained.")
    assert ("CLD", "Centre for Legal Defence") in [(a, full) for a, full, _ in x.aliases]


def test_headline_is_not_an_organisation(pipeline: Pipeline) -> None:
    x = extract(
        pipeline,
        "Authorities Must Release Detained Journalists Now\n\nPolice detained "
        "three reporters on Monday.",
    )
    assert not any("Must" in n for n in names(x, "organization"))


@pytest.mark.parametrize(
    "sentence",
    [
        "The police did not arrest anyone.",
        "Activists fear that the soldiers will kill the prisoners.",
        "The ministry calls for an investigation into torture.",
        "Lawyers urged the court to release the detainees.",
        "The group documents killings and disappearances in the region.",
    ],
)
def test_negated_demanded_feared_and_generic_mentions_are_not_events(
    pipeline: Pipeline, sentence: str
) -> None:
    assert extract(pipeline, sentence).events == (), sentence


def test_count_of_victims(pipeline: Pipeline) -> None:
    x = extract(pipeline, "Riot police beat 30 protesters outside the courthouse yesterday.")
    (event,) = x.events
    assert event.event_type == "assault"
    assert [v.count for v in event.victims] == [30]


def test_passive_with_agent_gives_perpetrator_and_victim(pipeline: Pipeline) -> None:
    x = extract(pipeline, "The journalist was abducted by armed men near Diyarbakir on 2 May.")
    (event,) = x.events
    assert event.event_type == "abduction_or_disappearance"
    assert any("armed men" in p.name for p in event.perpetrators)
    assert any("journalist" in v.name for v in event.victims)
    assert event.time is not None
    assert event.time.time.value == "2019-05-02"


def test_attack_on_an_office_is_attack_on_premises_and_on_a_person_assault(
    pipeline: Pipeline,
) -> None:
    office = extract(pipeline, "Unknown men attacked the office of the newspaper on Sunday.")
    person = extract(pipeline, "Unknown men attacked the editor of the newspaper on Sunday.")
    assert [e.event_type for e in office.events] == ["attack_on_premises"]
    assert [e.event_type for e in person.events] == ["assault"]


def test_place_in_a_perpetrators_origin_is_not_the_event_place(pipeline: Pipeline) -> None:
    x = extract(pipeline, "Soldiers from Kandahar killed two farmers in Helmand on Sunday.")
    (event,) = x.events
    assert [p.place.name for p in event.places] == ["Helmand"]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Khodorkovsky", "Khodorkovskiy"),
        ("Grozny", "Groznyy"),
        ("Mikhail", "Mihail"),
        ("Dzhokhar", "Djokhar"),
    ],
)
def test_transliterations_share_a_phonetic_key(a: str, b: str) -> None:
    assert phonetic_key(a) == phonetic_key(b)


def test_different_names_do_not_share_a_phonetic_key() -> None:
    assert phonetic_key("Kadyrov") != phonetic_key("Kalyapin")


def test_a_generalisation_about_plural_targets_is_not_an_event(pipeline: Pipeline) -> None:
    x = extract(
        pipeline,
        "The raids fit a broader pattern of harassment against independent "
        "journalists and systematic attack on opposition parties.",
    )
    assert [e for e in x.events if e.trigger.quote == "attack"] == []


def test_headline_participle_is_passive(pipeline: Pipeline) -> None:
    x = extract(pipeline, "Activist arrested in Kazan")
    (event,) = x.events
    assert event.event_type == "arbitrary_detention"
    assert event.perpetrators == ()
    assert any("Activist" in v.name for v in event.victims)

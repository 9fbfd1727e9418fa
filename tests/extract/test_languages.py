"""Extraction from reports in Russian, Spanish, French, Turkish and Arabic.

Real report texts of the development set hrdev are read from ../shared by path (never copied);
the other cases are sentences written for these tests.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

import devsets
from khronika.benchmarks.sets import load_set
from khronika.extract.languages.dates import find_dates, month_day, url_date
from khronika.extract.languages.names import person_names, to_latin
from khronika.extract.languages.places import place_names
from khronika.model import Extraction, Report
from khronika.pipeline import Pipeline

HRDEV = devsets.HRDEV


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


@pytest.fixture(scope="module")
def hrdev_docs() -> dict[str, object]:
    if not (HRDEV / "docs.jsonl").is_file():
        pytest.fail(f"the development set hrdev is missing from {HRDEV}")
    return {d.doc_id: d for d in load_set(HRDEV).documents}


def _extract(pipeline: Pipeline, hrdev_docs: dict[str, object], doc_id: str) -> Extraction:
    incoming = hrdev_docs[doc_id].incoming()  # type: ignore[attr-defined]
    return pipeline(Report(incoming.meta, "x", incoming.text, incoming.media_type))


def _main_type(extraction: Extraction) -> str:
    return Counter(e.event_type for e in extraction.events).most_common(1)[0][0]


# (doc, language, incident type, a date one of its events has, a place it names, its country)
CASES = [
    ("h106", "ru", "killing", "2009-07-15", "Grozny", "Russia"),
    ("h99", "es", "arbitrary_detention", "2018-06-13", "Tehran", "Iran"),
    ("h74", "fr", "arbitrary_detention", "2011-08-04", "Minsk", "Belarus"),
    ("h83", "tr", "killing", "2017-09-05", "India", "India"),
    (
        "h82",
        "ar",
        "arbitrary_detention",
        "2017-03-20",
        "United Arab Emirates",
        "United Arab Emirates",
    ),
]


@pytest.mark.parametrize(("doc_id", "code", "event_type", "date", "place", "country"), CASES)
def test_real_report_is_extracted_in_its_language(
    pipeline: Pipeline,
    hrdev_docs: dict[str, object],
    doc_id: str,
    code: str,
    event_type: str,
    date: str,
    place: str,
    country: str,
) -> None:
    extraction = _extract(pipeline, hrdev_docs, doc_id)
    assert extraction.language == code
    assert extraction.extracted
    assert _main_type(extraction) == event_type
    assert date in {e.time.time.value for e in extraction.events if e.time is not None}
    names = {p.place.name for p in extraction.places}
    assert place in names
    assert country in {p.place.country or p.place.name for p in extraction.places}
    text = hrdev_docs[doc_id].text  # type: ignore[attr-defined]
    for event in extraction.events:  # every value keeps its span in the original text
        assert text[event.trigger.start : event.trigger.end] == event.trigger.quote
    for mention in extraction.places:
        assert text[mention.span.start : mention.span.end] == mention.span.quote


def test_russian_names_in_the_nominative_and_latin_letters() -> None:
    text = "Убийство Натальи Эстемировой потрясло всех. Журналистку Елену Милашину избили."
    found = {name for _, _, name in person_names(text, "ru", set())}
    assert found == {"Natalya Estemirova", "Elena Milashina"}
    assert to_latin("Грозный") == "Groznyy"


def test_dates_in_five_languages() -> None:
    reference = dt.date(2020, 2, 7)
    cases = [
        ("ru", "Во вторник, 4 февраля, и 15 июля 2009 года",
         ["2020-02-04", "2020-02-04", "2009-07-15"]),
        ("es", "el pasado 16 de octubre de 2017 y en febrero de 2018", ["2017-10-16", "2018-02"]),
        ("fr", "le 1er août 2011", ["2011-08-01"]),
        ("tr", "16 Ekim 2017 tarihinde", ["2017-10-16"]),
        ("ar", "في ١٥ تموز ٢٠٠٩", ["2009-07-15"]),
    ]  # fmt: skip
    for code, text, values in cases:
        assert [d.time.value for d in find_dates(text, code, reference)] == values, code


def test_a_day_without_a_year_needs_a_reference() -> None:
    [yearless] = find_dates("6 февраля", "ru", None)  # kept, without a value
    assert not yearless.time.known
    assert month_day("6 февраля", "ru") == "02-06"
    [found] = find_dates("6 февраля", "ru", dt.date(2020, 1, 10))
    assert found.time.value == "2019-02-06"  # the latest 6 February not after the reference
    assert url_date("https://example.org/news/2018/6/123.html") == dt.date(2018, 6, 30)
    assert url_date("https://example.org/a/16-07-2009/b") == dt.date(2009, 7, 16)


def test_inflected_place_names() -> None:
    russian = place_names("ru")
    for words, name in [(["Грозном"], "Grozny"), (["России"], "Russia"), (["Минске"], "Minsk")]:
        hit = russian.find(words)
        assert hit is not None
        assert hit[1].name == name
    hit = place_names("ar").find(["بطهران"])
    assert hit is not None
    assert hit[1].name == "Tehran"


def test_written_reports_in_each_language(pipeline: Pipeline) -> None:
    from khronika.model import ReportMeta

    texts = {
        "es": "La policía detuvo el lunes en Bogotá al defensor de derechos humanos Ramiro "
        "Quintero Salas, informó su organización en un comunicado.",
        "fr": "Le journaliste Pierre Kabongo a été enlevé mardi à Kinshasa par des hommes armés, "
        "a indiqué son employeur dans un communiqué.",
        "tr": "Gazeteci Mehmet Yalçınkaya salı sabahı Ankara'da evine yapılan baskında gözaltına "
        "alındı ve avukatıyla görüşmesine izin verilmedi.",
    }
    expected = {
        "es": ("arbitrary_detention", "Colombia"),
        "fr": ("abduction_or_disappearance", "Democratic Republic of the Congo"),
        "tr": ("raid_or_search", "Turkey"),
    }
    for code, text in texts.items():
        meta = ReportMeta(f"w-{code}", published=dt.date(2024, 5, 1))
        extraction = pipeline(Report(meta, "x", text, "text/plain"))
        assert extraction.language == code
        event_type, country = expected[code]
        assert extraction.events[0].event_type == event_type, code
        assert country in {p.place.country or p.place.name for p in extraction.places}, code
        assert extraction.events[0].time is not None, code
        assert extraction.actors, code


def test_an_agencys_dateline_is_not_the_scene(pipeline: Pipeline) -> None:
    """A wire report datelined at the agency's bureau names where the killing happened: the
    killing is there; a sentence that names no other place keeps the dateline's."""
    from khronika.model import ReportMeta

    text = (
        "CIUDAD DE MÉXICO.- Hombres armados mataron a tiros al periodista Rubén Ortega en "
        "Culiacán, Sinaloa, el martes por la noche, informó la fiscalía del estado."
    )
    meta = ReportMeta("w-es-dateline", published=dt.date(2024, 5, 1))
    extraction = pipeline(Report(meta, "x", text, "text/plain"))
    assert extraction.language == "es"
    killing = next(e for e in extraction.events if e.event_type == "killing")
    assert "Culiacán" in {p.place.name for p in killing.places}
    assert "Mexico City" not in {p.place.name for p in killing.places}
    alone = "MADRID.- La policía detuvo el lunes al activista Ramiro Quintero, informó su abogado."
    detention = pipeline(
        Report(ReportMeta("w-es-alone", published=dt.date(2024, 5, 1)), "x", alone, "text/plain")
    )
    assert [p.place.name for p in detention.events[0].places] == ["Madrid"]

"""Language detection: English reports go on to extraction, others are stored with a note."""

from __future__ import annotations

import datetime as dt

import pytest

from khronika.extract import language as lang
from khronika.model import Report, ReportMeta
from khronika.pipeline import ReportDocument, make_step

ENGLISH = (
    "Masked men broke into the office of the human rights group in the city centre on Tuesday "
    "night. Two staff members escaped through a back window; the police did not come."
)
RUSSIAN = (
    "Во вторник вечером неизвестные в масках ворвались в офис правозащитной организации в "
    "центре города. Двум сотрудникам удалось бежать через окно, полиция так и не приехала."
)
SPANISH = (
    "La defensora de derechos humanos fue detenida por la policía en Tegucigalpa el martes y "
    "permaneció incomunicada durante dos días, según denunció su organización."
)
TURKISH = (
    "Gazeteci salı sabahı evine yapılan baskında gözaltına alındı ve avukatıyla görüşmesine "
    "iki gün boyunca izin verilmedi."
)
GERMAN = (
    "Der Journalist wurde am Dienstagmorgen bei einer Durchsuchung seiner Wohnung festgenommen "
    "und durfte zwei Tage lang nicht mit seinem Anwalt sprechen."
)
PORTUGUESE = (
    "A defensora dos direitos humanos foi detida pela polícia na terça-feira e ficou "
    "incomunicável durante dois dias, segundo denunciou a sua organização."
)
MIXED = (
    "The Memorial Human Rights Centre said on Monday that the activist had been detained at "
    "the border and questioned for six hours without a lawyer. His placard read "
    "«Свободу политзаключённым». He was released in the evening and plans to appeal the "
    "detention in court, the organisation said in a statement published on its website."
)

# English reports full of Spanish and Russian names: the names do not make them foreign.
NAMED_ENGLISH = (
    "Police in Ciudad Juárez detained Juan Carlos Martínez Hernández and Guadalupe Sánchez "
    "Vega on Monday, the Comisión de Derechos Humanos del Estado de Chihuahua said."
)
NAMED_ENGLISH_2 = (
    "Ramón Ochoa Gutiérrez de la Fuente, director of Voces de San Cristóbal de las Casas, "
    "was released after Fiscalía General del Estado de Chiapas dropped the charges."
)


def _run(text: str, declared: str | None = None) -> ReportDocument:
    meta = ReportMeta("doc", published=dt.date(2024, 5, 1), language=declared)
    report = Report(meta, sha256="x", text=text, media_type="text/plain")
    return make_step("khronika.language")(ReportDocument(report))


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (ENGLISH, "en"),
        (RUSSIAN, "ru"),
        (SPANISH, "es"),
        (TURKISH, "tr"),
        (MIXED, "en"),
        (NAMED_ENGLISH, "en"),
        (NAMED_ENGLISH_2, "en"),
    ],
)
def test_detect_language(text: str, code: str) -> None:
    detected, confidence = lang.detect_language(text)
    assert detected == code
    assert confidence >= 0.5


def test_names_are_left_out_when_judging() -> None:
    plain = lang.without_names(NAMED_ENGLISH)
    assert "Juárez" not in plain
    assert "Hernández" not in plain
    assert "detained" in plain
    assert "said" in plain
    assert _run(NAMED_ENGLISH).extracted


def test_short_text_has_no_language() -> None:
    assert lang.detect_language("Grozny, 3 June") == (None, 0.0)
    document = _run("Grozny, 3 June")
    assert document.language is None
    assert document.extracted
    assert document.notes == []


def test_english_report_is_extracted() -> None:
    document = _run(ENGLISH, declared="en")
    assert document.language == "en"
    assert document.extracted
    assert document.notes == []


def test_mostly_english_report_is_extracted() -> None:
    document = _run(MIXED)
    assert document.language == "en"
    assert document.extracted


@pytest.mark.parametrize(("text", "name"), [(GERMAN, "German"), (PORTUGUESE, "Portuguese")])
def test_report_in_a_language_without_its_step_is_stored_not_extracted(
    text: str, name: str
) -> None:
    document = _run(text)
    assert not document.extracted
    [note] = document.notes
    assert note.startswith(f"not extracted: this report appears to be in {name} (confidence")
    assert "stored and searchable" in note
    assert "Russian" in note
    assert "Arabic" in note


@pytest.mark.parametrize(("text", "code"), [(RUSSIAN, "ru"), (TURKISH, "tr"), (SPANISH, "es")])
def test_report_in_a_language_with_its_step_goes_on(text: str, code: str) -> None:
    document = _run(text)
    assert document.language == code
    assert document.extracted
    assert document.notes == []


def test_declared_language_disagreeing_is_noted() -> None:
    document = _run(SPANISH, declared="en-GB")
    assert document.language == "es"
    assert document.extracted  # Spanish has its own step
    assert any("metadata says English" in n and "Spanish" in n for n in document.notes)
    document = _run(ENGLISH, declared="ru")
    assert document.extracted  # the detector decides
    [note] = document.notes
    assert "Russian" in note
    assert "English" in note


def test_declared_language_codes() -> None:
    assert lang.normalise_code("en-US") == "en"
    assert lang.normalise_code("English") == "en"
    assert lang.normalise_code("rus") == "ru"
    assert lang.normalise_code(" ") is None


def test_pipeline_stops_after_language_step() -> None:
    from khronika.pipeline import Pipeline

    meta = ReportMeta("doc", published=dt.date(2024, 5, 1))
    report = Report(meta, sha256="x", text=RUSSIAN, media_type="text/plain")
    extraction = Pipeline(["khronika.language", "khronika.parse", "khronika.actors"])(report)
    assert extraction.language == "ru"
    assert not extraction.extracted
    assert extraction.actors == ()

"""Killed and injured counts and perpetrators in Russian and Spanish reports, with their
spans: real reports of the development set hrdev (read from ../shared by path) and sentences
written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

import devsets
from khronika.benchmarks.sets import load_set
from khronika.model import Extraction, Report, ReportMeta
from khronika.pipeline import Pipeline

HRDEV = devsets.HRDEV


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    """The language step and the two languages' own steps (the English steps never run on
    these reports)."""
    return Pipeline(["khronika.language", "khronika.ru", "khronika.es"])


def _hrdev(pipeline: Pipeline, doc_id: str) -> Extraction:
    if not (HRDEV / "docs.jsonl").is_file():
        pytest.fail(f"the development set hrdev is missing from {HRDEV}")
    [doc] = [d for d in load_set(HRDEV).documents if d.doc_id == doc_id]
    incoming = doc.incoming()
    return pipeline(Report(incoming.meta, "x", incoming.text, incoming.media_type))


def _written(pipeline: Pipeline, doc_id: str, text: str) -> Extraction:
    meta = ReportMeta(doc_id, published=dt.date(2024, 5, 1))
    return pipeline(Report(meta, "x", text, "text/plain"))


def _counts(extraction: Extraction) -> dict[str, tuple[str, str]]:
    return {c.field: (c.value, c.span.quote) for e in extraction.events for c in e.casualties}


def test_counts_in_russian_and_spanish(pipeline: Pipeline) -> None:
    russian = _written(
        pipeline,
        "w-ru",
        "Во вторник неизвестные в масках напали на журналистов в Грозном. В результате"
        " нападения погибли два человека, еще трое получили ранения.",
    )
    assert russian.language == "ru"
    assert _counts(russian) == {
        "killed": ("2", "погибли два"),
        "injured": ("3", "трое получили ранения"),
    }
    spanish = _written(
        pipeline,
        "w-es",
        "Un grupo de hombres armados atacó el lunes a los vecinos de una comunidad en Guerrero,"
        " México. Murieron cuatro personas y resultaron heridas otras siete, informó la"
        " fiscalía del estado.",
    )
    assert spanish.language == "es"
    assert _counts(spanish) == {
        "killed": ("4", "Murieron cuatro"),
        "injured": ("7", "heridas otras siete"),
    }
    [perpetrator] = {a.name for e in spanish.events for a in e.perpetrators}
    assert perpetrator == "Un grupo de hombres armados"


def test_perpetrators_in_real_reports(pipeline: Pipeline) -> None:
    """h78 (MK): "неизвестные" beat the journalists; h93 (EFE): "Un grupo de atacantes sin
    identificar mataron hoy a tiros" Gauri Lankesh; in h90 the police officer attacked in
    the background case comes after the verb and is not taken."""
    russian = _hrdev(pipeline, "h78")
    found = [a for e in russian.events if e.event_type == "assault" for a in e.perpetrators]
    assert any(a.name.lower() == "неизвестные" and a.kind == "group" for a in found)
    text = (HRDEV / "docs" / "h78.txt").read_text(encoding="utf-8")
    assert all(text[a.span.start : a.span.end] == a.span.quote for a in found)
    spanish = _hrdev(pipeline, "h93")
    killers = {a.name for e in spanish.events if e.event_type == "killing" for a in e.perpetrators}
    assert "Un grupo de atacantes" in killers
    background = _hrdev(pipeline, "h90")
    assert not any("полицейск" in a.name for e in background.events for a in e.perpetrators)
    dated = _hrdev(pipeline, "h97")  # "muerto este lunes 16": a day of the month, no toll
    assert "killed" not in _counts(dated)

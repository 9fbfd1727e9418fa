"""Statements and quotes attributed to their speakers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import khronika.extract.statements  # noqa: F401  (registers khronika.statements)
from khronika.extract.statements import quote_regions
from khronika.model import Extraction, Report, ReportMeta, Statement
from khronika.pipeline import Pipeline

STEPS = ["khronika.parse", "khronika.places", "khronika.actors", "khronika.statements"]


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline(STEPS)


def _extract(pipeline: Pipeline, text: str, published: dt.date = dt.date(2024, 5, 1)) -> Extraction:
    report = Report(
        ReportMeta("doc", published=published), sha256="x", text=text, media_type="text/plain"
    )
    extraction = pipeline(report)
    for statement in extraction.statements:
        span = statement.span
        assert span.quote == text[span.start : span.end]
    return extraction


def _one(extraction: Extraction, starts: str) -> Statement:
    found = [s for s in extraction.statements if s.span.quote.startswith(starts)]
    assert len(found) == 1, [s.span.quote for s in extraction.statements]
    return found[0]


def _speaker(statement: Statement) -> str | None:
    return statement.speaker.name if statement.speaker else None


def test_direct_quote_with_says_and_title(pipeline: Pipeline) -> None:
    text = (
        "“We will not be silenced by threats,” says Maria Lopez, director of the Centre for "
        "Justice and Human Rights. “Our lawyers will continue to work.”"
    )
    extraction = _extract(pipeline, text)
    first = _one(extraction, "We will not")
    assert first.span.quote == "We will not be silenced by threats"
    assert (_speaker(first), first.cue, first.direct) == ("Maria Lopez", "says", True)
    second = _one(extraction, "Our lawyers")  # the quote right after, same speaker
    assert _speaker(second) == "Maria Lopez"


def test_inverted_said_with_apposition(pipeline: Pipeline) -> None:
    text = (
        "“The investigation has not even started,” said Igor Volkov, the director of the "
        "Public Verdict Foundation."
    )
    statement = _one(_extract(pipeline, text), "The investigation")
    assert _speaker(statement) == "Igor Volkov"
    assert statement.cue == "said"


def test_quote_closing_after_the_attribution(pipeline: Pipeline) -> None:
    text = (
        "“We were beaten for hours and nobody told us why, says Pavel Smirnov of the regional "
        "human rights group. Our families did not know where we were for three days.”"
    )
    extraction = _extract(pipeline, text)
    assert _one(extraction, "We were beaten").span.quote.endswith("nobody told us why")
    assert _speaker(_one(extraction, "Our families")) == "Pavel Smirnov"
    assert all(s.direct for s in extraction.statements)


def test_quote_missing_its_closing_mark(pipeline: Pipeline) -> None:
    text = "“The court ignored every piece of evidence we submitted, said Juan Perez, the lawyer."
    statement = _one(_extract(pipeline, text), "The court")
    assert _speaker(statement) == "Juan Perez"


def test_attribution_in_the_next_sentence(pipeline: Pipeline) -> None:
    text = "“The court ignored every piece of evidence.” Juan Perez, the lawyer, said afterwards."
    statement = _one(_extract(pipeline, text), "The court")
    assert _speaker(statement) == "Juan Perez"
    assert statement.direct


def test_attribution_before_the_quote(pipeline: Pipeline) -> None:
    text = "Elena Petrova, the head of the group, said: «Nobody came to help us that night.»"
    statement = _one(_extract(pipeline, text), "Nobody came")
    assert (_speaker(statement), statement.cue) == ("Elena Petrova", "said")


def test_single_quotes_only_when_clearly_a_quote(pipeline: Pipeline) -> None:
    text = "‘We have no protection at all’, the activist Miguel Torres told Reuters."
    statement = _one(_extract(pipeline, text), "We have no")
    assert _speaker(statement) == "Miguel Torres"
    assert quote_regions("The group’s car and the defenders’ office") == []


def test_indirect_speech(pipeline: Pipeline) -> None:
    extraction = _extract(pipeline, "The prosecutor said that the journalist had been released.")
    [statement] = extraction.statements
    assert statement.span.quote == "the journalist had been released"
    assert (statement.speaker, statement.cue, statement.direct) == (None, "said", False)


def test_according_to(pipeline: Pipeline) -> None:
    text = "According to the Ministry of Interior, three protesters were detained on Monday."
    [statement] = _extract(pipeline, text).statements
    assert statement.span.quote == "three protesters were detained on Monday"
    assert (_speaker(statement), statement.cue) == ("Ministry of Interior", "According to")


def test_dash_quote(pipeline: Pipeline) -> None:
    text = (
        "Activists were detained after the rally.\n\n"
        "– The authorities must investigate the attack on our office without delay, says Ahmet "
        "Yilmaz, chairman of the Human Rights Association."
    )
    statement = _one(_extract(pipeline, text), "The authorities")
    assert statement.span.quote.endswith("without delay")
    assert (_speaker(statement), statement.cue, statement.direct) == ("Ahmet Yilmaz", "says", True)


def test_pronoun_speaker(pipeline: Pipeline) -> None:
    text = (
        "Lawyer Elena Petrova visited the detention centre on Friday. She said that her client "
        "had bruises on his face and arms."
    )
    statement = _one(_extract(pipeline, text), "her client")
    assert _speaker(statement) == "Elena Petrova"
    assert not statement.direct


def test_title_is_not_the_speaker(pipeline: Pipeline) -> None:
    text = "The organisation's director stated that the raid on the office was illegal."
    [statement] = _extract(pipeline, text).statements
    assert statement.speaker is None
    assert statement.cue == "stated"


def test_no_reporting_verb_no_statement(pipeline: Pipeline) -> None:
    text = (
        "Two journalists were detained in Istanbul on Monday. The newspaper called the "
        "protesters “foreign agents” in a headline."
    )
    assert _extract(pipeline, text).statements == ()


def test_nhc_seed_quotes_engesland(pipeline: Pipeline, seeds_dir: Path) -> None:
    path = seeds_dir / "nhc-jmg-attack.txt"
    extraction = _extract(pipeline, path.read_text(encoding="utf-8"), dt.date(2015, 6, 3))
    by_engesland = [s for s in extraction.statements if s.speaker and "Engesland" in s.speaker.name]
    assert by_engesland
    assert any(s.span.quote.startswith("Russian Federation law enforcement") for s in by_engesland)
    assert all(s.direct and s.cue == "says" for s in by_engesland)

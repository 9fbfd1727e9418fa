"""The pipeline: named steps, swappable by name."""

from __future__ import annotations

import datetime as dt

import pytest

from khronika.errors import ConfigError
from khronika.model import Report, ReportMeta
from khronika.pipeline import (
    DEFAULT_STEPS,
    Pipeline,
    ReportDocument,
    make_step,
    register_step,
    registered_steps,
    split_paragraphs,
)

TEXT = (
    "Police detained two journalists in Istanbul on 8 March 2021.\n\n"
    "Their lawyers said they had been beaten in custody."
)


def _report(text: str = TEXT, doc_id: str = "pipeline-test") -> Report:
    meta = ReportMeta(doc_id, publisher="Test Monitor", published=dt.date(2021, 3, 9))
    return Report(meta, "0" * 64, text, "text/plain")


@register_step("tests.note")
class _Note:
    def __init__(self, text: str = "seen by the test step") -> None:
        self.text = text

    def __call__(self, document: ReportDocument) -> ReportDocument:
        document.notes.append(f"{self.text}: {len(document.paragraphs)} paragraph(s)")
        return document


def test_an_unknown_step_is_a_config_error_listing_the_known_steps() -> None:
    with pytest.raises(ConfigError) as info:
        make_step("nope")
    message = str(info.value)
    assert "'nope'" in message
    for name in DEFAULT_STEPS:
        assert name in message
    assert set(DEFAULT_STEPS) <= set(registered_steps())


def test_an_unknown_step_in_a_pipeline_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="nope"):
        Pipeline(["khronika.parse", "nope"])


def test_a_registered_step_can_be_used_by_name_with_settings() -> None:
    pipeline = Pipeline(
        ["khronika.parse", "tests.note"], settings={"tests.note": {"text": "custom note"}}
    )
    assert pipeline.name == "khronika.parse+tests.note"
    extraction = pipeline(_report())
    assert extraction.doc_id == "pipeline-test"
    assert extraction.notes == ("custom note: 2 paragraph(s)",)
    assert extraction.events == ()  # no events step, no events


def test_a_pipeline_without_the_events_step_finds_no_events() -> None:
    steps = [s for s in DEFAULT_STEPS if s != "khronika.events"]
    extraction = Pipeline(steps)(_report())
    assert extraction.events == ()
    assert any(p.span.quote == "Istanbul" for p in extraction.places)
    assert any(t.time.value == "2021-03-08" for t in extraction.times)
    full = Pipeline()(_report())
    assert any(e.event_type == "arbitrary_detention" for e in full.events)


def test_every_extracted_span_quotes_the_report_text() -> None:
    report = _report()
    extraction = Pipeline()(report)
    spans = [a.span for a in extraction.actors] + [p.span for p in extraction.places]
    spans += [t.span for t in extraction.times] + [e.trigger for e in extraction.events]
    spans += [e.sentence for e in extraction.events] + [c.span for c in extraction.details]
    assert spans
    for span in spans:
        assert span.doc_id == report.doc_id
        assert report.text[span.start : span.end] == span.quote


def test_split_paragraphs_keeps_offsets() -> None:
    text = "  First one.\n\n\n Second\nstill second. \n \nThird."
    parts = split_paragraphs(text)
    assert [p for _, p in parts] == ["First one.", "Second\nstill second.", "Third."]
    for offset, chunk in parts:
        assert text[offset : offset + len(chunk)] == chunk

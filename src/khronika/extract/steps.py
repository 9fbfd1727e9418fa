"""The first extraction steps: parse, times and places."""

from __future__ import annotations

from ..model import TimeMention
from ..pipeline import Paragraph, ReportDocument, register_step, split_paragraphs
from ._nlp import MODEL, load_nlp


@register_step("khronika.parse")
class Parser:
    """spaCy with the gazetteer entity ruler, one paragraph at a time."""

    def __init__(self, model: str = MODEL, gazetteer: bool = True, batch_size: int = 32) -> None:
        self.nlp = load_nlp(model, gazetteer)
        self.batch_size = batch_size

    def __call__(self, document: ReportDocument) -> ReportDocument:
        chunks = split_paragraphs(document.text)
        docs = self.nlp.pipe((text for _, text in chunks), batch_size=self.batch_size)
        document.paragraphs = [
            Paragraph(offset, text, doc) for (offset, text), doc in zip(chunks, docs, strict=True)
        ]
        return document


@register_step("khronika.times")
class TimeFinder:
    """Time expressions normalised against the report's publication date."""

    def __call__(self, document: ReportDocument) -> ReportDocument:
        from .timex import find_times

        reference = document.report.meta.published
        for start, end, value in find_times(document.text, reference):
            document.times.append(TimeMention(document.span(start, end), value))
        return document


@register_step("khronika.places")
class PlaceFinder:
    """Place names from the entity recogniser, geocoded against the offline gazetteer with the
    report as context (see ``geocode``)."""

    def __init__(self, min_chars: int = 3) -> None:
        from .gazetteer import Gazetteer
        from .geocode import Geocoder

        self.gazetteer = Gazetteer.default()
        self.geocoder = Geocoder(self.gazetteer, min_chars)

    def __call__(self, document: ReportDocument) -> ReportDocument:
        document.places.extend(self.geocoder(document))
        return document

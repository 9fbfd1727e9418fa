"""The first extraction steps: parse, times and places."""

from __future__ import annotations

from ..model import PlaceMention, TimeMention
from ..pipeline import Paragraph, ReportDocument, register_step, split_chunks
from ._nlp import MODEL, load_nlp

PLACE_LABELS = {"GPE", "LOC", "FAC"}


@register_step("khronika.parse")
class Parser:
    """spaCy with the gazetteer entity ruler, one paragraph at a time (a paragraph longer than
    :data:`~khronika.pipeline.MAX_CHUNK_CHARS` piece by piece, under spaCy's ``max_length``)."""

    def __init__(self, model: str = MODEL, gazetteer: bool = True, batch_size: int = 32) -> None:
        self.nlp = load_nlp(model, gazetteer)
        self.batch_size = batch_size

    def __call__(self, document: ReportDocument) -> ReportDocument:
        chunks = split_chunks(document.text)
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
    """Place names from the entity recogniser, geocoded with the offline gazetteer."""

    def __init__(self, min_chars: int = 3) -> None:
        from .gazetteer import Gazetteer

        self.gazetteer = Gazetteer.default()
        self.min_chars = min_chars

    def __call__(self, document: ReportDocument) -> ReportDocument:
        for paragraph in document.paragraphs:
            for ent in paragraph.doc.ents:
                if ent.label_ not in PLACE_LABELS and not ent.ent_id_:
                    continue
                name = ent.text.strip()
                if name.lower().startswith("the "):
                    ent = ent[1:]
                    name = ent.text.strip()
                if len(name) < self.min_chars:
                    continue
                place = self.gazetteer.lookup(name)
                if place is not None:
                    span = document.token_span(paragraph, ent[0], ent[-1])
                    document.places.append(PlaceMention(span, place))
        return document

"""The first extraction steps: parse, times and places (names of people: :mod:`.names`)."""

from __future__ import annotations

from ..model import SourceSpan, TimeMention, TimeRole
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
    """Time expressions normalised against the report's publication date (or, when the
    metadata has none, its dateline, or the day its web address names), each with the role it
    plays (see :mod:`timeroles`)."""

    def __call__(self, document: ReportDocument) -> ReportDocument:
        from .timeroles import find_datelines
        from .timex import find_times, url_date

        datelines = find_datelines(document.text)
        meta = document.report.meta
        reference = meta.published
        if reference is None and datelines:
            reference = datelines[0].value.earliest
        if reference is None:
            reference = url_date(meta.url)
        at_head = {(d.start, d.end) for d in datelines}
        for start, end, value in find_times(document.text, reference):
            role: TimeRole = "dateline" if (start, end) in at_head else _role(document, start, end)
            document.times.append(TimeMention(document.span(start, end), value, role))
        return document


def _role(document: ReportDocument, start: int, end: int) -> TimeRole:
    from .timeroles import role_of

    for paragraph in document.paragraphs:
        if paragraph.offset <= start < paragraph.offset + len(paragraph.text):
            local = start - paragraph.offset, end - paragraph.offset
            span = paragraph.doc.char_span(*local, alignment_mode="expand")
            return role_of(span) if span is not None and len(span) else "event"
    return "event"


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
        for mention in self.geocoder(document):
            if mention.place.kind == "city" and _in_a_name(mention.span, document.people):
                continue  # "Kheda Saratova", "Madina": a person, not Kheda or Madinah
            document.places.append(mention)
        return document


def _in_a_name(span: SourceSpan, people: list[SourceSpan]) -> bool:
    """Whether the span lies within a name the model read as a person's."""
    return any(p.start <= span.start and span.end <= p.end for p in people)

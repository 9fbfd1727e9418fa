"""The first extraction steps: parse, times and places (names of people: :mod:`.names`)."""

from __future__ import annotations

import bisect
import datetime as dt
import re
from typing import Any

from ..model import UNKNOWN_TIME, SourceSpan, TimeMention, TimeRole, TimeValue
from ..pipeline import Paragraph, ReportDocument, register_step, split_chunks
from ._nlp import MODEL, load_nlp


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
    """Time expressions normalised against the report's publication date (or, when the
    metadata has none, its dateline, or the day its web address names), each with the role it
    plays (see :mod:`timeroles`).

    When only the month or year of publication is known, each expression is normalised
    against the first and the last day it could have been published: a value that does not
    depend on the day ("14 September 2017") is kept, one that does ("yesterday") becomes the
    range covering every possibility."""

    def __call__(self, document: ReportDocument) -> ReportDocument:
        from .timeroles import find_datelines
        from .timex import find_times, url_date

        datelines = find_datelines(document.text)
        meta = document.report.meta
        first, last = _publication_bounds(meta.published, meta.published_precision)
        if last is None and datelines:
            first = last = datelines[0].value.earliest
        if last is None:
            first = last = url_date(meta.url)
        found = find_times(document.text, last)
        if last is None:
            first = last = _latest_stated_day(document, found)
            found = find_times(document.text, last) if last is not None else found
        if first != last:
            found = _widen(found, {(s, e): v for s, e, v in find_times(document.text, first)})
        at_head = {(d.start, d.end) for d in datelines}
        starts = [p.offset for p in document.paragraphs]
        if first == last and last is not None:
            found += _clock_today(document, starts, found, at_head, last)
        for start, end, value in found:
            role: TimeRole = (
                "dateline" if (start, end) in at_head else _role(document, starts, start, end)
            )
            document.times.append(TimeMention(document.span(start, end), value, role))
        return document


# a time of day: "just after 9:30 a.m.", "at 4 pm", "shortly before noon", "after midnight"
_CLOCK_TIME = re.compile(
    r"\b(?:\d{1,2}(?::\d{2})?\s*(?:[ap]\.\s?m\.|[ap]m\b)|noon\b|midnight\b)", re.IGNORECASE
)
LEAD_CHARS = 1000  # a clock time further down is not the event's


def _clock_today(
    document: ReportDocument,
    starts: list[int],
    found: list[tuple[int, int, TimeValue]],
    at_head: set[tuple[int, int]],
    day: dt.date,
) -> list[tuple[int, int, TimeValue]]:
    """A report that states no day but a time of day in its lead ("It happened just after
    9:30 a.m.") speaks of the day it was published: that time, dated that day, relative to it.
    Nothing when the report states the day of an event (a day it gives a follow-up, "Thursday
    afternoon, the coroner identified ...", does not count)."""
    if any(
        v.precision == "day"
        and (s, e) not in at_head
        and _role(document, starts, s, e) not in ("follow_up", "statement")
        for s, e, v in found
    ):
        return []
    for match in _CLOCK_TIME.finditer(document.text, 0, LEAD_CHARS):
        start, end = match.span()
        if _role(document, starts, start, end) == "event" and not _to_come(
            document, starts, start, end
        ):
            return [(start, end, TimeValue(day.isoformat(), day, day, "day", reference=day))]
    return []


def _latest_stated_day(
    document: ReportDocument, found: list[tuple[int, int, TimeValue]]
) -> dt.date | None:
    """With no publication date, the latest full date the report states (not a step to come:
    a hearing, a trial) is the day it speaks from: "on Monday" is the Monday before it, and
    "21 November" that day of its year."""
    starts = [p.offset for p in document.paragraphs]
    days = [
        value.earliest
        for start, end, value in found
        if value.precision == "day"
        and value.reference is None
        and value.earliest is not None
        and _role(document, starts, start, end) != "follow_up"
        and not _to_come(document, starts, start, end)
    ]
    return max(days, default=None)


# words that put a date ahead: "due to open on", "scheduled for", "will rule on", "until"
_AHEAD = frozenset({"due", "schedule", "set", "expect", "postpone", "adjourn", "plan", "until"})


def _to_come(document: ReportDocument, starts: list[int], start: int, end: int) -> bool:
    from ..domain.lexicon import MODAL_AUX

    span = _span_at(document, starts, start, end)
    current = span.root if span is not None else None
    for _ in range(6):
        if current is None:
            return False
        if current.lemma_.lower() in _AHEAD or any(
            c.dep_ == "aux" and c.lower_ in MODAL_AUX for c in current.children
        ):
            return True
        current = None if current.head.i == current.i else current.head
    return False


def _role(document: ReportDocument, starts: list[int], start: int, end: int) -> TimeRole:
    """The role of the time at ``start:end``, read in its paragraph."""
    from .timeroles import role_of

    span = _span_at(document, starts, start, end)
    return role_of(span) if span is not None else "event"


def _span_at(document: ReportDocument, starts: list[int], start: int, end: int) -> Any | None:
    """The parsed words at ``start:end``, in their paragraph (found by binary search over the
    paragraphs' ``starts``: a long report has thousands of pieces); None outside them."""
    index = bisect.bisect_right(starts, start) - 1
    if index < 0:
        return None
    paragraph = document.paragraphs[index]
    if start >= paragraph.offset + len(paragraph.text):
        return None
    local = start - paragraph.offset, end - paragraph.offset
    span = paragraph.doc.char_span(*local, alignment_mode="expand")
    return span if span is not None and len(span) else None


def _publication_bounds(
    published: dt.date | None, precision: str | None
) -> tuple[dt.date | None, dt.date | None]:
    if published is None or precision not in ("month", "year"):
        return published, published
    if precision == "year":
        return published, published.replace(month=12, day=31)
    following = (published.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return published, following - dt.timedelta(days=1)


def _widen(
    found: list[tuple[int, int, TimeValue]], other: dict[tuple[int, int], TimeValue]
) -> list[tuple[int, int, TimeValue]]:
    """Each value found against the last possible publication day, widened to cover the value
    the same words have against the first possible day."""
    widened = []
    for start, end, value in found:
        alt = other.get((start, end))
        if alt is not None and _same(alt, value):
            alt = None
        if alt is not None and value.known and alt.known:
            assert value.earliest and value.latest and alt.earliest and alt.latest
            value = TimeValue(
                None, min(value.earliest, alt.earliest), max(value.latest, alt.latest), "range"
            )
        elif alt is not None:
            value = UNKNOWN_TIME
        widened.append((start, end, value))
    return widened


def _same(a: TimeValue, b: TimeValue) -> bool:
    """The same time, whatever it was resolved against."""
    return (a.value, a.earliest, a.latest, a.precision) == (
        b.value,
        b.earliest,
        b.latest,
        b.precision,
    )


@register_step("khronika.places")
class PlaceFinder:
    """Place names from the entity recogniser, geocoded against the offline gazetteer with the
    report as context (see ``geocode``)."""

    def __init__(self, min_chars: int = 3) -> None:
        from ..domain.gazetteer import Gazetteer
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

"""The extraction step of one language other than English (see the package docstring)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, partial
from importlib import resources

from ...model import (
    ActorMention,
    EventMention,
    PlaceMention,
    SourceSpan,
    TimeMention,
    TimeValue,
)
from ...pipeline import ReportDocument
from ..docevents import attach_casualties
from .dates import FoundDate, Reference, find_dates, month_day, url_reference
from .names import arabic_names, person_names
from .places import BIG_NAMED_PLACE, english_lookup, place_names, script_of, stem
from .roles import casualties, perpetrators

DATA = resources.files("khronika.domain") / "data"
_SENTENCE_END = re.compile(r"(?<=[.!?؟…])\s+|\n+")
_WORDS = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
# a dateline in capitals at the head: "CIUDAD DE MÉXICO.-", "МОСКВА —", "PARIS (AFP) -"
_DATELINE = re.compile(
    r"^\s*([^\W\d_]+(?:[ \t]+[^\W\d_]+){0,3})\s*(?:,\s*[^\W\d_]+\s*)?(?:\([^)\n]*\)\s*)?"
    r"(?:\.\s*-|—|–|--|-|:)"
)
_DATELINE_CHARS = 200
_HEAD_DATE = re.compile(r"^\s*(?:date\s+)?$")  # a date that opens the report is its dateline
COMMON_PLACE_ZIPF = 3.5
LOCATIVE = {"ru": ("в", "во", "из", "под"), "es": ("en",), "fr": ("à",)}  # "in", "from"
LEAD_SENTENCES = 3  # a mention with no date of its own takes the date of the report's lead
DATING = ("day", "month", "range")  # a year alone dates no mention (background: "с 2018 года")
DATING_DAYS = 40  # ... nor a range wider than this (a weekday in a month known from the address)


@dataclass(frozen=True)
class Triggers:
    """One language's trigger table: whole words and word beginnings, to event types."""

    words: dict[str, str]
    stems: tuple[tuple[str, str], ...]  # longest first

    def type_of(self, word: str, code: str) -> str | None:
        forms = [word.lower()]
        if code == "ar":
            forms.append(stem(forms[0], code))
        for form in forms:
            if form in self.words:
                return self.words[form]
            for prefix, event_type in self.stems:
                if form.startswith(prefix):
                    return event_type
        return None


@cache
def triggers(code: str) -> Triggers:
    """The table ``data/triggers_<code>.tsv``, read once."""
    path = DATA / f"triggers_{code}.tsv"
    words: dict[str, str] = {}
    stems: list[tuple[str, str]] = []
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    for line in [ln for ln in lines if not ln.startswith("#")][1:]:
        key, event_type = (cell.strip() for cell in line.split("\t"))
        if key.startswith("="):
            words[key[1:].lower()] = event_type
        else:
            stems.append((key.lower(), event_type))
    return Triggers(words, tuple(sorted(stems, key=lambda s: len(s[0]), reverse=True)))


class ForeignExtractor:
    """The step for reports in ``language``: does nothing to reports in other languages."""

    def __init__(self, language: str) -> None:
        self.language = language

    def __call__(self, document: ReportDocument) -> ReportDocument:
        if document.language != self.language:
            return document
        _extract(document, self.language)
        document.finished = True  # the English steps do not read this report
        return document


def _extract(document: ReportDocument, code: str) -> None:
    document.times = _times(document, code)
    places = _places(document, code, document.times)
    taken = {(t.span.start, t.span.end) for t in document.times}
    taken |= {(p.span.start, p.span.end) for p in places if p.place.kind != "city"}
    taken |= {(p.span.start, p.span.end) for p in places if " " in p.span.quote}  # Nueva Delhi
    names = arabic_names if code == "ar" else partial(person_names, code=code)
    for start, end, name in names(document.text, excluded=taken):
        if _of_a_place(document.text, start, end, places):
            continue  # "Club de Prensa de Calcuta": named after a place, not a person
        span = document.span(start, end)
        document.actors.append(ActorMention(span, name, "person"))
        document.people.append(span)
    document.places = [p for p in places if not _inside_person(p, document.actors)]
    events = list(_events(document, code))
    dates = [(t.span.start, t.span.end) for t in document.times]
    claims = casualties(document, code, list(_sentences(document.text)), dates)
    document.events = attach_casualties(events, claims)


_AGENT = re.compile(r"\b(?:por|par)\s+$", re.IGNORECASE)
_OF = re.compile(r"(?:de|del|da|dos|d'|of)\s*$", re.IGNORECASE)


def _of_a_place(text: str, start: int, end: int, places: list[PlaceMention]) -> bool:
    """A place inside the name after "de"/"of": an organisation or a title, not a person."""
    return any(
        start < p.span.start < end and _OF.search(text[start : p.span.start]) for p in places
    )


def reference_date(document: ReportDocument) -> Reference | None:
    """What relative dates are resolved against: the publication date, else the date in the
    report's address."""
    meta = document.report.meta
    return Reference(meta.published) if meta.published else url_reference(meta.url)


def _times(document: ReportDocument, code: str) -> list[TimeMention]:
    text = document.text
    reference = reference_date(document)
    found = find_dates(text, code, reference)
    head = [d for d in found if _HEAD_DATE.match(text[: d.start])]
    if reference is None and head and head[0].time.earliest and head[0].time.precision == "day":
        reference = Reference(head[0].time.earliest)
        found = find_dates(text, code, reference)
        head = [d for d in found if _HEAD_DATE.match(text[: d.start])]
    return [_mention(document, d, "dateline" if d in head else "event") for d in found]


def _mention(document: ReportDocument, found: FoundDate, role: str) -> TimeMention:
    span = document.span(found.start, found.end)
    return TimeMention(span, found.time, "dateline" if role == "dateline" else "event")


def _words(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _WORDS.finditer(text)]


def _places(document: ReportDocument, code: str, times: list[TimeMention]) -> list[PlaceMention]:
    """Every place named, in text order. A city named by a common word of the language
    (Совет, Наталья: also names of cities far away) counts only after a locative preposition
    ("в Грозном") or where the report names the city's country too."""
    names = place_names(code)
    cased = script_of(code) != "arabic"
    words = _words(document.text)
    dates = [(t.span.start, t.span.end) for t in times]
    found: list[tuple[PlaceMention, bool]] = []
    i = 0
    while i < len(words):
        start, _, word = words[i]
        if (cased and not word[0].isupper()) or any(s <= start < e for s, e in dates):
            i += 1
            continue
        hit = names.find([w for _, _, w in words[i : i + names.longest]])
        size, place = hit if hit else (1, english_lookup(stem(word, code), code, names.gazetteer))
        if place is not None:
            end = words[i + size - 1][1]
            if code == "tr":
                end = start + len(re.split(r"['’]", document.text[start:end])[0])
            common = bool(hit) and size == 1 and place.kind == "city"
            common = common and _zipf(stem(word, code).lower(), code) >= COMMON_PLACE_ZIPF
            common = common and not (i and words[i - 1][2].lower() in LOCATIVE.get(code, ()))
            common = common and names.gazetteer.population(place) < BIG_NAMED_PLACE  # Ankara
            found.append((PlaceMention(document.span(start, end), place), common))
        i += size
    countries = {p.place.name for p, _ in found if p.place.kind == "country"}
    return [p for p, common in found if not common or p.place.country in countries]


def _inside_person(place: PlaceMention, people: list[ActorMention]) -> bool:
    """A city inside a person's name is the person's ("Gauri"), never a country."""
    if place.place.kind != "city":
        return False
    return any(a.span.start <= place.span.start < a.span.end for a in people)


def _sentences(text: str) -> Iterator[tuple[int, int]]:
    position = 0
    for match in [*_SENTENCE_END.finditer(text), None]:
        end = match.start() if match else len(text)
        if text[position:end].strip():
            yield position, end
        position = match.end() if match else end


def _events(document: ReportDocument, code: str) -> Iterator[EventMention]:
    table = triggers(code)
    lead_time: TimeMention | None = None
    previous: TimeMention | None = None
    for number, (start, end) in enumerate(_sentences(document.text)):
        inside = [t for t in document.times if start <= t.span.start < end and t.role == "event"]
        dated = [t for t in inside if _dating(t.time)]
        yearless = [t for t in inside if not t.time.known]  # "4 июля": its day of the year
        own = min(dated, key=lambda t: t.time.width_days()) if dated else None
        yearless.sort(key=lambda t: month_day(t.span.quote, code) is None)  # a day before a weekday
        own = own or (yearless[0] if yearless else None)
        if own is not None and number < LEAD_SENTENCES and lead_time is None:
            lead_time = own if own.time.precision in ("day", "month") else None
        seen: set[str] = set()
        for w_start, w_end, word in _words(document.text[start:end]):
            event_type = table.type_of(word, code)
            if event_type is None or event_type in seen:
                continue
            seen.add(event_type)
            yield _event(document, start, end, (start + w_start, start + w_end), event_type,
                         own or previous or lead_time)  # fmt: skip
        previous = own or previous


def _dating(time: TimeValue) -> bool:
    return time.precision in DATING and time.width_days() <= DATING_DAYS


def _event(
    document: ReportDocument,
    start: int,
    end: int,
    trigger: tuple[int, int],
    event_type: str,
    time: TimeMention | None,
) -> EventMention:
    sentence = document.span(start, end)
    named = tuple(  # who did it comes before the verb, or after a passive's "por"
        a
        for a in perpetrators(document, document.language or "", start, end)
        if a.span.end <= trigger[0] or _AGENT.search(document.text[trigger[1] : a.span.start])
    )
    return EventMention(
        mention_id=f"{document.doc_id}#{trigger[0]}",
        trigger=document.span(*trigger),
        sentence=sentence,
        event_type=event_type,
        perpetrators=named,
        victims=tuple(a for a in document.actors if _within(a.span, sentence)),
        places=_event_places(document, sentence),
        time=time,
    )


def _event_places(document: ReportDocument, sentence: SourceSpan) -> tuple[PlaceMention, ...]:
    """The places of a sentence, but its dateline's where the sentence names another ("NUEVA
    DELHI.- ... mataron a la periodista en Bangalore": an agency's bureau, not the scene)."""
    named = [p for p in document.places if _within(p.span, sentence)]
    head = _DATELINE.match(document.text[:_DATELINE_CHARS])
    end = head.end(1) if head is not None and head.group(1).isupper() else 0
    told = [p for p in named if p.span.start >= end]
    return tuple(told or named)


def _within(span: SourceSpan, outer: SourceSpan) -> bool:
    return outer.start <= span.start and span.end <= outer.end


def _zipf(word: str, code: str) -> float:
    from wordfreq import zipf_frequency  # 0.4 s to import: on first use, not with the package

    return float(zipf_frequency(word, code))

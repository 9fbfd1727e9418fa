"""A report's profile for document-level linking: what it says about its primary incident.

The linker decides which incident a report is mainly about by comparing its profile with the
profiles of the reports already filed under each candidate incident. A profile holds only what
the report itself says (its words, publication date, the time, places, type and people of its
primary local incident), so it never changes when incidents are merged, split or re-linked.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from ..extract.docevents import LEAD_CHARS
from ..extract.timex import month_day, url_date
from ..model import Extraction, Place, ReportMeta, TimeMention, TimeValue
from ..resolve import normalise, phonetic_key
from .text import terms

MAX_TERMS = 400  # the report's most frequent words; enough for cosine, bounded in size


@dataclass(frozen=True)
class PlaceKey:
    """A place reduced to what compatibility needs."""

    place_id: str
    kind: str
    region: str | None
    country: str | None

    @classmethod
    def of(cls, place: Place) -> PlaceKey:
        country = place.name if place.kind == "country" else place.country
        return cls(place.place_id, place.kind, place.region, country)


@dataclass(frozen=True)
class ReportProfile:
    doc_id: str
    published: dt.date | None
    words: dict[str, int]
    event_type: str | None
    time: TimeValue | None
    places: tuple[PlaceKey, ...]
    countries: tuple[str, ...]  # every country the report names, most named first
    people: tuple[str, ...]  # phonetic keys of the surnames of people it names
    victims: tuple[str, ...] = ()  # ... of the people its primary incident names as victims
    days: tuple[str, ...] = ()  # every day date the report states (ISO)
    types: tuple[str, ...] = ()  # every event type the report mentions
    language: str | None = None  # the report's language (ISO 639-1); None: English/unknown
    # MM-DD of the primary incident's day when the report names it without a year ("On July
    # 4", with no publication date to place it): it still rules out other days of the year
    month_days: tuple[str, ...] = ()
    # the weekday (Monday = 0) of the primary incident when a report with no date to resolve
    # it against names only that ("в среду", "الثلاثاء")
    weekdays: tuple[int, ...] = ()

    def to_json(self) -> str:
        time = self.time
        return json.dumps(
            {
                "doc_id": self.doc_id,
                "published": self.published.isoformat() if self.published else None,
                "words": self.words,
                "event_type": self.event_type,
                "time": _time_json(time) if time is not None else None,
                "places": [[p.place_id, p.kind, p.region, p.country] for p in self.places],
                "countries": list(self.countries),
                "people": list(self.people),
                "victims": list(self.victims),
                "days": list(self.days),
                "types": list(self.types),
                "language": self.language,
                "month_days": list(self.month_days),
                "weekdays": list(self.weekdays),
            },
            ensure_ascii=False,
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, data: str) -> ReportProfile:
        raw: dict[str, Any] = json.loads(data)
        return cls(
            doc_id=raw["doc_id"],
            published=_date(raw["published"]),
            words={str(k): int(v) for k, v in raw["words"].items()},
            event_type=raw["event_type"],
            time=_time_from(raw["time"]) if raw["time"] else None,
            places=tuple(PlaceKey(*p) for p in raw["places"]),
            countries=tuple(raw["countries"]),
            people=tuple(raw["people"]),
            victims=tuple(raw.get("victims", ())),
            days=tuple(raw.get("days", ())),
            types=tuple(raw.get("types", ())),
            language=raw.get("language"),
            month_days=tuple(raw.get("month_days", ())),
            weekdays=tuple(int(d) for d in raw.get("weekdays", ())),
        )


def _time_json(time: TimeValue) -> list[Any]:
    return [
        time.value,
        time.earliest.isoformat() if time.earliest else None,
        time.latest.isoformat() if time.latest else None,
        time.precision,
    ]


def _time_from(raw: list[Any]) -> TimeValue:
    return TimeValue(raw[0], _date(raw[1]), _date(raw[2]), raw[3])


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def build_profile(
    meta: ReportMeta,
    text: str,
    extraction: Extraction,
    primary: Any | None,
) -> ReportProfile:
    """The profile of a report whose primary local incident is ``primary`` (a
    :class:`~khronika.link.LocalIncident`, or None when the report names no event)."""
    words = terms([meta.title or "", text])
    time = primary.time if primary is not None else None
    if primary is not None and (time is None or not time.known):
        time = _lead_time(extraction)
    places = tuple(dict.fromkeys(PlaceKey.of(p) for p in primary.places)) if primary else ()
    countries = Counter(
        p.place.name if p.place.kind == "country" else p.place.country
        for p in extraction.places
        if p.place.country or p.place.kind == "country"
    )
    people = {
        surname_key(a.name)
        for a in extraction.actors
        if a.kind == "person" and (len(a.name.split()) >= 2 or _arabic(a.name))
    }
    victims = {
        surname_key(a.name)
        for m in (primary.mentions if primary is not None else ())
        for a in m.victims
        if a.kind == "person"
    }
    foreign = extraction.language not in (None, "en")
    return ReportProfile(
        doc_id=meta.doc_id,
        published=_published(meta, extraction) or (_address_date(meta.url) if foreign else None),
        words=dict(words.most_common(MAX_TERMS)),
        event_type=primary.event_type if primary is not None else None,
        time=time if time is not None and time.known else None,
        places=places,
        countries=tuple(c for c, _ in countries.most_common() if c),
        people=tuple(sorted(p for p in people if p)),
        victims=tuple(sorted(v for v in victims if v)),
        days=tuple(
            sorted({v for t in extraction.times if _is_day(t.time) and (v := t.time.value)})
        ),
        types=tuple(sorted({e.event_type for e in extraction.events if e.event_type != "other"})),
        language=extraction.language if foreign else None,
        month_days=_month_days(primary, time, extraction),
        weekdays=_weekdays(primary, time, extraction),
    )


def _arabic(name: str) -> bool:
    """An Arabic name is kept whole or by its surname alone (a rare, transliterated word)."""
    from ..extract.languages.names import is_arabic

    return is_arabic(name)


def _lead_time(extraction: Extraction) -> TimeValue | None:
    mention = lead_time(extraction)
    return mention.time if mention is not None else None


def lead_time(extraction: Extraction) -> TimeMention | None:
    """The first day or month the report gives as an event's: when no sentence ties a date to
    the primary incident, the lead's date is the best guess (news puts the event first)."""
    for mention in extraction.times:
        if mention.role != "event" or not _in_lead(mention, extraction):
            continue
        if mention.time.precision in ("day", "month"):
            return mention
        if yearless_day(mention.span.quote, extraction.language):
            return None  # a day without its year comes first: see _month_days
    return None


def _in_lead(mention: TimeMention, extraction: Extraction) -> bool:
    """A date in the lead, or in a sentence that tells an event: background dates further
    down ("a law that came into force in September 2012") date no event."""
    start = mention.span.start
    return start < LEAD_CHARS or any(
        e.sentence.start <= start < e.sentence.end for e in extraction.events if not e.follow_up
    )


def _address_date(url: str | None) -> dt.date | None:
    """For a report not in English, also a month its address names (/2018/6/: the month's
    last day) or a day written day first (16-07-2009): it places the report in time when
    nothing else does."""
    from ..extract.languages.dates import url_date as address_date

    return address_date(url)


def _published(meta: ReportMeta, extraction: Extraction) -> dt.date | None:
    """When the report was published: its metadata, else its dateline, else the day its web
    address names."""
    if meta.published is not None:
        return meta.published
    for mention in extraction.times:
        if mention.role == "dateline" and mention.time.precision == "day":
            return mention.time.earliest
    return url_date(meta.url)


def _month_days(
    primary: Any | None, time: TimeValue | None, extraction: Extraction
) -> tuple[str, ...]:
    """The yearless day of the primary incident's mentions, else the first yearless day the
    report names as an event's (a lead's "On July 4, ...")."""
    if primary is None or (time is not None and time.known):
        return ()
    code = extraction.language
    found = [yearless_day(m.time.span.quote, code) for m in primary.mentions if m.time]
    if not any(found) and not any(m.time for m in primary.mentions):
        events = [t.span.quote for t in extraction.times if t.role == "event" and not t.time.known]
        found = [next((d for q in events if (d := yearless_day(q, code))), None)]
    return tuple(sorted({day for day in found if isinstance(day, str)}))


def _weekdays(
    primary: Any | None, time: TimeValue | None, extraction: Extraction
) -> tuple[int, ...]:
    """The weekday the primary incident's mentions name alone, else the first one the report
    names as an event's, when nothing dates it (a report not in English only)."""
    from ..extract.languages.dates import weekday_of

    code = extraction.language
    if primary is None or (time is not None and time.known) or code in (None, "en"):
        return ()
    quotes = [m.time.span.quote for m in primary.mentions if m.time]
    found = {d for q in quotes if (d := weekday_of(q, code)) is not None}
    if not found:
        events = [t.span.quote for t in extraction.times if t.role == "event" and not t.time.known]
        first = next((d for q in events if (d := weekday_of(q, code)) is not None), None)
        found = {first} if first is not None else set()
    return tuple(sorted(found))


def yearless_day(quote: str, language: str | None) -> str | None:
    """``MM-DD`` of a day written without its year, in the report's language."""
    from ..extract.languages.dates import month_day as foreign_month_day

    if language in (None, "en"):
        return month_day(quote)
    return foreign_month_day(quote, language)


def _is_day(time: TimeValue) -> bool:
    return time.precision == "day" and time.value is not None


def surname_key(name: str) -> str:
    """A person's surname, spelled so that transliterations meet (Khodorkovsky/-iy); a
    Cyrillic name is read in Latin letters first (Эстемирова -> Estemirova)."""
    from ..extract.languages.names import arabic_key, is_arabic, is_cyrillic, to_latin

    if is_arabic(name):  # Arabic writes no short vowels: its consonants are the key
        return arabic_key(name.split()[-1]) if name.split() else ""
    words = normalise(to_latin(name) if is_cyrillic(name) else name).split()
    if not words:
        return ""
    # Cyrillic Г is written H from Ukrainian and Belarusian, G from Russian (Handziuk/Gandziuk)
    surname = "g" + words[-1][1:] if words[-1].startswith("h") else words[-1]
    return phonetic_key(surname)


_SKELETON_PAIRS = (("sh", "s"), ("ch", "s"), ("kh", "k"), ("gh", "g"), ("th", "t"), ("dh", "d"),
                   ("ph", "f"), ("ts", "s"))  # fmt: skip
_SKELETON_LETTERS = str.maketrans("vpcqzx", "fbkkss", "aeiouyhw'")
SKELETON_MIN = 3  # consonants a skeleton needs to identify a name


def skeleton(key: str) -> str:
    """A surname key's consonants, letters transliterations confuse merged (Bialiatski and
    Беляцкий -> blsk, Sotoudeh and سوتوده -> std): compared only between reports in two
    languages, where spellings differ by script; "" when too short to tell names apart."""
    for old, new in _SKELETON_PAIRS:
        key = key.replace(old, new)
    bare = re.sub(r"(.)\1+", r"\1", key.translate(_SKELETON_LETTERS))
    bare = "".join(ch for ch in bare if "a" <= ch <= "z")
    return bare if len(bare) >= SKELETON_MIN else ""

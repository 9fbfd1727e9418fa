"""A report's profile for document-level linking: what it says about its primary incident.

The linker decides which incident a report is mainly about by comparing its profile with the
profiles of the reports already filed under each candidate incident. A profile holds only what
the report itself says (its words, publication date, the time, places, type and people of its
primary local incident), so it never changes when incidents are merged, split or re-linked.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass
from typing import Any

from ..model import Extraction, Place, ReportMeta, TimeValue
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
    places = tuple(dict.fromkeys(PlaceKey.of(p) for p in primary.places)) if primary else ()
    countries = Counter(
        p.place.name if p.place.kind == "country" else p.place.country
        for p in extraction.places
        if p.place.country or p.place.kind == "country"
    )
    people = {
        surname_key(a.name)
        for a in extraction.actors
        if a.kind == "person" and len(a.name.split()) >= 2
    }
    victims = {
        surname_key(a.name)
        for m in (primary.mentions if primary is not None else ())
        for a in m.victims
        if a.kind == "person"
    }
    return ReportProfile(
        doc_id=meta.doc_id,
        published=meta.published,
        words=dict(words.most_common(MAX_TERMS)),
        event_type=primary.event_type if primary is not None else None,
        time=time if time is not None and time.known else None,
        places=places,
        countries=tuple(c for c, _ in countries.most_common() if c),
        people=tuple(sorted(p for p in people if p)),
        victims=tuple(sorted(v for v in victims if v)),
        days=tuple(sorted({t.time.value or "" for t in extraction.times if _is_day(t.time)})),
        types=tuple(sorted({e.event_type for e in extraction.events if e.event_type != "other"})),
    )


def _is_day(time: TimeValue) -> bool:
    return time.precision == "day" and time.value is not None


def surname_key(name: str) -> str:
    """A person's surname, spelled so that transliterations meet (Khodorkovsky/-iy)."""
    words = normalise(name).split()
    return phonetic_key(words[-1]) if words else ""

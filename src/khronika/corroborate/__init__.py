"""Grade every incident field and fact by its sources.

Independent sources are different publishers and not copies: two reports from one
publisher, or a republished press release, count once. A fact is ``corroborated`` by two
or more independent sources, ``single_source`` otherwise, and ``contested`` when sources
disagree (dates that cannot both be true, places that do not contain each other).
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from ..extract._syntax import NUMBER_WORDS
from ..extract.gazetteer import Gazetteer, fold
from ..link import main_type
from ..model import (
    ActorMention,
    Claim,
    DateField,
    EventMention,
    Fact,
    Incident,
    LocationField,
    Place,
    PlaceMention,
    RoleEntry,
    SourceSpan,
    Status,
    TimeMention,
)
from ..resolve import normalise

DETAIL_MIN_SHARED = 2
DETAIL_MIN_OVERLAP = 0.5


@dataclass(frozen=True)
class Evidence:
    """What the corroborator needs to know about one incident's reports."""

    mentions: list[EventMention]
    details: list[Claim]
    actor_places: list[tuple[str, PlaceMention]]
    fallback_places: dict[str, PlaceMention]  # doc_id -> the report's main country
    source_of: Callable[[str], str]  # doc_id -> independent source key
    doc_order: list[str]


def status_of(spans: Iterable[SourceSpan], source_of: Callable[[str], str]) -> Status:
    sources = {source_of(s.doc_id) for s in spans}
    return "corroborated" if len(sources) >= 2 else "single_source"


class Corroborator:
    """Builds the graded incident record from its mentions."""

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.gazetteer = gazetteer or Gazetteer.default()

    def __call__(self, incident_id: str, evidence: Evidence) -> Incident:
        mentions = evidence.mentions
        event_type = main_type(mentions)
        secondary = sorted(
            {
                m.event_type
                for m in mentions
                if not m.anaphoric and m.event_type not in (event_type, "other")
            }
        )
        facts: list[Fact] = [self._type_fact(event_type, mentions, evidence)]
        date, date_facts = self._date(mentions, evidence)
        location, place_facts = self._location(mentions, evidence)
        victims, victim_facts = self._roles(
            [a for m in mentions for a in m.victims], "victim", evidence
        )
        perps, perp_facts = self._roles(
            [a for m in mentions for a in m.perpetrators], "perpetrator", evidence
        )
        facts += date_facts + place_facts
        facts += victim_facts + perp_facts + self._details(evidence)
        docs = {m.doc_id for m in mentions}
        return Incident(
            incident_id=incident_id,
            event_type=event_type,
            secondary_event_types=tuple(secondary),
            date=date,
            location=location,
            victims=victims,
            perpetrators=perps,
            doc_ids=tuple(d for d in evidence.doc_order if d in docs),
            facts=tuple(facts),
        )

    def _type_fact(self, event_type: str, mentions: list[EventMention], ev: Evidence) -> Fact:
        spans = [m.trigger for m in mentions if m.event_type == event_type] or [
            m.trigger for m in mentions
        ]
        return Fact("event_type", event_type, status_of(spans, ev.source_of), tuple(spans))

    def _date(self, mentions: list[EventMention], ev: Evidence) -> tuple[DateField, list[Fact]]:
        """The incident's date and one fact per date its sources state. Sources whose dates
        can both be true (3 June and June 2015) corroborate one value; dates that cannot
        (14 and 15 September) make the date ``contested``: one fact for each, listing only
        the reports that state it, and the field spans them all (earliest to latest)."""
        times = [m.time for m in mentions if m.time is not None and m.time.time.known]
        if not times:
            return DateField(), []
        groups = _compatible_groups(
            sorted(times, key=lambda t: t.time.width_days()), lambda a, b: a.time.overlaps(b.time)
        )
        if len(groups) == 1:
            best = groups[0][0].time
            status = status_of([t.span for t in groups[0]], ev.source_of)
            field = DateField(best.value, _iso(best.earliest), _iso(best.latest), best.precision)
            field = dataclasses.replace(field, status=status)
            value = best.value or _range_text(groups[0][0])
            return field, [Fact("date", value, status, _unique_spans([t.span for t in times]))]
        facts = [
            Fact("date", g[0].time.value or _range_text(g[0]), "contested", _spans(g))
            for g in groups
        ]
        earliest = min(t.time.earliest for t in times if t.time.earliest is not None)
        latest = max(t.time.latest for t in times if t.time.latest is not None)
        field = DateField(None, earliest.isoformat(), latest.isoformat(), "range", "contested")
        return field, facts

    def _location(
        self, mentions: list[EventMention], ev: Evidence
    ) -> tuple[LocationField, list[Fact]]:
        """The incident's place and one fact per place its sources state: places that
        contain one another (Grozny, Chechnya) agree; others make it ``contested``, each
        listed with only the reports that state it."""
        stated = [p for m in mentions for p in m.places]
        inferred = False
        if not stated:
            stated, inferred = self._inferred_places(mentions, ev), True
        if not stated:
            return LocationField(), []
        g = self.gazetteer
        ordered = sorted(stated, key=lambda p: (_KIND_ORDER.get(p.place.kind, 9), p.span.start))
        groups = _compatible_groups(ordered, lambda a, b: g.contains(b.place, a.place))
        status: Status = (
            "contested" if len(groups) > 1 else status_of([p.span for p in stated], ev.source_of)
        )
        field = location_field(groups[0][0].place, status, inferred)
        return field, [Fact("location", grp[0].place.name, status, _spans(grp)) for grp in groups]

    def _inferred_places(self, mentions: list[EventMention], ev: Evidence) -> list[PlaceMention]:
        """No place stated: where the victim organisation is based, a demonym of an actor
        ("Chechen police"), or the country the report is about."""
        names = {normalise(a.name) for m in mentions for a in m.victims}
        based = [p for name, p in ev.actor_places if normalise(name) in names]
        if based:
            return based[:1]
        for m in mentions:
            for actor in (*m.perpetrators, *m.victims):
                for word in actor.name.split():
                    place = self.gazetteer.demonym(word) if word[:1].isupper() else None
                    if place is not None:
                        return [PlaceMention(actor.span, place)]
        fallback = [
            ev.fallback_places[m.doc_id] for m in mentions if m.doc_id in ev.fallback_places
        ]
        return fallback[:1]

    def _roles(
        self, actors: list[ActorMention], role: str, ev: Evidence
    ) -> tuple[tuple[RoleEntry, ...], list[Fact]]:
        grouped: dict[str, list[ActorMention]] = defaultdict(list)
        for actor in actors:
            grouped[actor.actor_key or _group_key(actor.name)].append(actor)
        disputed = role == "perpetrator" and _sources_disagree(grouped, ev.source_of)
        entries, facts = [], []
        for group in grouped.values():
            named = max(group, key=lambda a: (a.actor_key is not None, len(a.name)))
            counts = {a.count for a in group if a.count}
            conflicting_counts = len(counts) > 1
            count = next(iter(counts)) if len(counts) == 1 else None
            entries.append(RoleEntry(named.name, named.actor_key, named.kind, count))
            spans = _unique_spans([a.span for a in group])
            status: Status = (
                "contested" if conflicting_counts or disputed else status_of(spans, ev.source_of)
            )
            facts.append(Fact(role, named.name, status, spans))
        return tuple(entries), facts

    def _details(self, ev: Evidence) -> list[Fact]:
        clusters: list[list[Claim]] = []
        for claim in ev.details:
            words = set(claim.key.split())
            for cluster in clusters:
                if any(
                    _same_detail(words, set(c.key.split())) and c.span.doc_id != claim.span.doc_id
                    for c in cluster
                ):
                    cluster.append(claim)
                    break
            else:
                clusters.append([claim])
        return [
            Fact(
                "detail",
                cluster[0].value,
                status_of([c.span for c in cluster], ev.source_of),
                tuple(c.span for c in cluster),
            )
            for cluster in clusters
        ]


_KIND_ORDER = {"city": 0, "region": 1, "area": 2, "country": 3}


def _sources_disagree(
    grouped: dict[str, list[ActorMention]], source_of: Callable[[str], str]
) -> bool:
    """Two independent sources each name perpetrators and share no word for them
    ("police officers" against "masked men"; "masked men" and "men in masks" agree)."""
    by_source: dict[str, set[str]] = defaultdict(set)
    for key, actors in grouped.items():
        for actor in actors:
            words = {w for w in (key, *_group_key(actor.name).split()) if w not in _NUMBER_WORDS}
            by_source[source_of(actor.span.doc_id)] |= words
    named = list(by_source.values())
    return any(not a & b for i, a in enumerate(named) for b in named[i + 1 :])


def location_field(place: Place, status: Status | None, inferred: bool = False) -> LocationField:
    """An incident's location from a gazetteer place, each level filled once."""
    region = place.name if place.kind in ("region", "area") else place.region
    if place.kind == "city" and region and fold(region) == fold(place.name):
        region = None  # a city that is its own region (Moscow, Berlin): not said twice
    return LocationField(
        place=place.name if place.kind == "city" else None,
        region=region,
        country=place.name if place.kind == "country" else place.country,
        lat=place.lat,
        lon=place.lon,
        status=status,
        place_id=place.place_id,
        inferred=inferred,
    )


def _same_detail(a: set[str], b: set[str]) -> bool:
    shared = len(a & b)
    return shared >= DETAIL_MIN_SHARED and shared / min(len(a), len(b)) >= DETAIL_MIN_OVERLAP


def _group_key(name: str) -> str:
    words = normalise(name).split()
    return " ".join(w for w in words if not w.isdigit() and w not in _NUMBER_WORDS)


_NUMBER_WORDS = {*NUMBER_WORDS, "a", "an", "group", "of"}  # not what tells groups apart


T = TypeVar("T", TimeMention, PlaceMention)


def _compatible_groups(items: list[T], agree: Callable[[T, T], bool]) -> list[list[T]]:
    """``items`` (the most precise first) grouped under the first earlier one they agree with:
    each group is one value and the mentions that state it, or something compatible."""
    groups: list[list[T]] = []
    for item in items:
        home = next((grp for grp in groups if agree(grp[0], item)), None)
        if home is None:
            groups.append([item])
        else:
            home.append(item)
    return groups


def _spans(mentions: list[TimeMention] | list[PlaceMention]) -> tuple[SourceSpan, ...]:
    return _unique_spans([m.span for m in mentions])


def _unique_spans(spans: list[SourceSpan]) -> tuple[SourceSpan, ...]:
    return tuple(sorted(set(spans), key=lambda s: (s.doc_id, s.start)))


def _iso(value: object) -> str | None:
    return value.isoformat() if value is not None else None  # type: ignore[attr-defined]


def _range_text(time: TimeMention) -> str:
    return f"{_iso(time.time.earliest)}/{_iso(time.time.latest)}"

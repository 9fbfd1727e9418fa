"""Grade every incident field and fact by its sources.

Independent sources are different publishers and not copies: two reports from one
publisher, or a republished press release, count once. A fact is ``corroborated`` by two
or more independent sources, ``single_source`` otherwise, and ``contested`` when sources
disagree (dates that cannot both be true, places that do not contain each other).
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from ..domain.gazetteer import Gazetteer, fold
from ..domain.lexicon import NUMBER_WORDS
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
WIDE_DAYS = 31  # a time wider than this ("2016", "this year") gives way to one inside it
TIE_DAYS = 60  # a tie between days goes to the earlier one within this many days of the latest


@dataclass(frozen=True)
class Evidence:
    """What the corroborator needs to know about one incident's reports."""

    mentions: list[EventMention]
    details: list[Claim]
    actor_places: list[tuple[str, PlaceMention]]
    fallback_places: dict[str, PlaceMention]  # doc_id -> the report's main country
    source_of: Callable[[str], str]  # doc_id -> independent source key
    doc_order: list[str]
    reports: tuple[str, ...] = ()  # every report filed under the incident, with or without mentions
    main_places: tuple[PlaceMention, ...] = ()  # where each report mainly about it places it
    lead_times: tuple[TimeMention, ...] = ()  # the date each report mainly about it leads with


def status_of(spans: Iterable[SourceSpan], source_of: Callable[[str], str]) -> Status:
    sources = {source_of(s.doc_id) for s in spans}
    return "corroborated" if len(sources) >= 2 else "single_source"


class Corroborator:
    """Builds the graded incident record from its mentions."""

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.gazetteer = gazetteer or Gazetteer.default()

    def __call__(self, incident_id: str, evidence: Evidence) -> Incident:
        mentions = evidence.mentions
        event_type = _voted_type(mentions, evidence.source_of)
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
        counts = {name: count_fact(name, mentions, evidence.source_of) for name in COUNTS}
        facts += [f for f in counts.values() if f is not None]
        docs = {m.doc_id for m in mentions} | set(evidence.reports)
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
            killed=int(counts["killed"].value) if counts["killed"] else None,
            injured=int(counts["injured"].value) if counts["injured"] else None,
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
        the reports that state it; the field's value is the date most independent sources
        state and its earliest/latest span them all."""
        times = [m.time for m in mentions if m.time is not None and m.time.time.known]
        times = times or [t for t in ev.lead_times if t.time.known]
        if not times:
            return DateField(), []
        best = _best_supported_time(times, ev.source_of)
        rest = sorted((t for t in times if t is not best), key=lambda t: t.time.width_days())
        groups = _compatible_groups([best, *rest], lambda a, b: a.time.overlaps(b.time))
        if len(groups) == 1:
            when = best.time
            status = status_of([t.span for t in groups[0]], ev.source_of)
            field = DateField(when.value, _iso(when.earliest), _iso(when.latest), when.precision)
            field = dataclasses.replace(field, status=status)
            value = when.value or _range_text(best)
            return field, [Fact("date", value, status, _unique_spans([t.span for t in times]))]
        facts = [
            Fact("date", g[0].time.value or _range_text(g[0]), "contested", _spans(g))
            for g in groups
        ]
        earliest = min(t.time.earliest for t in times if t.time.earliest is not None)
        latest = max(t.time.latest for t in times if t.time.latest is not None)
        # the value most independent sources state, the span every stated date
        when = best.time
        field = DateField(
            when.value, earliest.isoformat(), latest.isoformat(), when.precision, "contested"
        )
        return field, facts

    def _location(
        self, mentions: list[EventMention], ev: Evidence
    ) -> tuple[LocationField, list[Fact]]:
        """The incident's place and one fact per place its sources state: places that
        contain one another (Grozny, Chechnya) agree; others make it ``contested``, each
        listed with only the reports that state it."""
        stated = [p for m in mentions for p in m.places] or list(ev.main_places)
        inferred = False
        if not stated:
            stated, inferred = self._inferred_places(mentions, ev), True
        if not stated:
            return LocationField(), []
        g = self.gazetteer
        if ev.main_places and not inferred:
            best = self._best_supported_place(list(ev.main_places), ev.source_of)
            stated += [p for p in ev.main_places if p not in stated]
        else:
            best = self._best_supported_place(stated, ev.source_of)
        rest = sorted(
            (p for p in stated if p is not best),
            key=lambda p: (_KIND_ORDER.get(p.place.kind, 9), p.span.start),
        )
        groups = _compatible_groups([best, *rest], lambda a, b: g.contains(b.place, a.place))
        status: Status = (
            "contested" if len(groups) > 1 else status_of([p.span for p in stated], ev.source_of)
        )
        field = location_field(
            groups[0][0].place, status, inferred, _region_written(groups[0]), _county(groups[0])
        )
        return field, [Fact("location", grp[0].place.name, status, _spans(grp)) for grp in groups]

    def _best_supported_place(
        self, stated: list[PlaceMention], source_of: Callable[[str], str]
    ) -> PlaceMention:
        """The place most independent sources agree with (a place agrees with another when
        one contains the other), then, while a place inside it is stated, the one inside it
        most sources agree with: India, then Bengaluru (two sources) rather than New Delhi
        (one). Ties go to a place named for the event over one named as someone's home or
        hospital, then to the less precise place, then to the earliest mention."""
        g = self.gazetteer

        def support(c: PlaceMention) -> int:
            return len(
                {
                    source_of(p.span.doc_id)
                    for p in stated
                    if g.contains(p.place, c.place) or g.contains(c.place, p.place)
                }
            )

        def rank(c: PlaceMention) -> tuple[int, bool, int, int]:
            return support(c), not c.incidental, -_KIND_ORDER.get(c.place.kind, 9), -c.span.start

        best = max(stated, key=rank)
        while inside := [
            c
            for c in stated
            if _KIND_ORDER.get(c.place.kind, 9) < _KIND_ORDER.get(best.place.kind, 9)
            and g.contains(best.place, c.place)
        ]:
            best = max(inside, key=rank)
        whole = [c for c in stated if g.city_part_of(best.place, c.place)]
        return max(whole, key=rank) if whole else best  # Portage Park, Chicago: Chicago

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


COUNTS = ("killed", "injured")


def count_fact(
    name: str, mentions: list[EventMention], source_of: Callable[[str], str]
) -> Fact | None:
    """A stated count: each report's largest, then the value most independent sources give
    (ties: the larger); ``contested`` when the reports give different numbers."""
    per_doc: dict[str, Claim] = {}
    for claim in (c for m in mentions for c in m.casualties if c.field == name):
        held = per_doc.get(claim.span.doc_id)
        if held is None or int(claim.value) > int(held.value):
            per_doc[claim.span.doc_id] = claim
    if not per_doc:
        return None
    by_value: dict[str, list[Claim]] = defaultdict(list)
    for claim in per_doc.values():
        by_value[claim.value].append(claim)
    value = max(
        by_value,
        key=lambda v: (len({source_of(c.span.doc_id) for c in by_value[v]}), int(v)),
    )
    spans = _unique_spans([c.span for c in per_doc.values()])
    agree = [c.span for c in by_value[value]]
    status: Status = "contested" if len(by_value) > 1 else status_of(agree, source_of)
    return Fact(name, value, status, spans)


_KIND_ORDER = {"city": 0, "region": 1, "area": 2, "country": 3}


def _voted_type(mentions: list[EventMention], source_of: Callable[[str], str]) -> str:
    """The type the most independent sources give, then the most mentions, then the more
    specific type (as :func:`~khronika.link.main_type` does for one report)."""
    sources: dict[str, set[str]] = defaultdict(set)
    events = [m for m in mentions if not m.follow_up] or mentions
    for m in events:
        if not m.anaphoric and m.event_type != "other":
            sources[m.event_type].add(source_of(m.doc_id))
    if not sources:
        return main_type(mentions)
    fallback = main_type(mentions)
    return max(sources, key=lambda t: (len(sources[t]), t == fallback))


def _best_supported_time(times: list[TimeMention], source_of: Callable[[str], str]) -> TimeMention:
    """The narrowest time that most independent sources agree with (overlapping times
    agree: "3 June 2015" and "June 2015"; so do days next to each other, "overnight Monday"
    and "Tuesday morning"); ties go to the narrower, then to the earlier day within
    ``TIE_DAYS`` of the latest (a later report's later day is more often a death, an arrest
    or an update than the event; a day decades before is background), then to the one
    written first. A time wider than a month that wins ("this year") gives way to the
    best-supported narrower time inside it, as a country gives way to a city in it."""

    def day(c: TimeMention) -> int:
        return c.time.earliest.toordinal() if c.time.earliest else 0

    def agree(t: TimeMention, c: TimeMention) -> bool:
        if t.time.overlaps(c.time):
            return True
        return t.time.precision == c.time.precision == "day" and abs(day(t) - day(c)) <= 1

    def support(c: TimeMention) -> tuple[int, int]:
        sources = {source_of(t.span.doc_id) for t in times if agree(t, c)}
        return len(sources), -c.time.width_days()

    def best_of(pool: list[TimeMention]) -> TimeMention:
        top = max(support(c) for c in pool)
        tied = [c for c in pool if support(c) == top]
        latest = max(day(c) for c in tied)
        near = [c for c in tied if latest - day(c) <= TIE_DAYS]
        return min(near, key=lambda c: (day(c), c.span.start))

    best = best_of(times)
    while best.time.width_days() > WIDE_DAYS and (
        inside := [
            c
            for c in times
            if c.time.width_days() < best.time.width_days() and best.time.contains(c.time)
        ]
    ):
        best = best_of(inside)
    return best


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


def location_field(
    place: Place,
    status: Status | None,
    inferred: bool = False,
    region_written: str | None = None,
    county: str | None = None,
) -> LocationField:
    """An incident's location from a gazetteer place, each level filled once; the region as
    the reports write it when they name it otherwise than the gazetteer; for a region, the
    county the reports name in it, when they name no town."""
    region = place.name if place.kind in ("region", "area") else place.region
    region = region_written or region
    if place.kind == "city" and region and fold(region) == fold(place.name):
        region = None  # a city that is its own region (Moscow, Berlin): not said twice
    return LocationField(
        place=place.name if place.kind == "city" else county if place.kind == "region" else None,
        region=region,
        country=place.name if place.kind == "country" else place.country,
        lat=place.lat,
        lon=place.lon,
        status=status,
        place_id=place.place_id,
        inferred=inferred,
    )


def _region_written(group: list[PlaceMention]) -> str | None:
    """The name most of the reports give the region of the group's first place, when it is
    not the gazetteer's ("Coast Region" for Pwani)."""
    first = group[0].place
    return _most_written(
        p.region_written
        for p in group
        if p.place.country == first.country and p.place.region_name == first.region_name
    )


def _county(group: list[PlaceMention]) -> str | None:
    """The county most of the group's reports name in its first place, a region, when they
    name no town in it ("a Clark County teen")."""
    first = group[0].place
    return _most_written(p.county_written for p in group if p.place.place_id == first.place_id)


def _most_written(names: Iterable[str | None]) -> str | None:
    """The name written most often, if any is."""
    counts = Counter(name for name in names if name)
    return counts.most_common(1)[0][0] if counts else None


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

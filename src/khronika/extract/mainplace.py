"""The place a report is mainly about, from what its extraction found: the places of its
event mentions, the dateline, the headline's town (see :func:`main_place`)."""

from __future__ import annotations

from collections import defaultdict

from ..domain.gazetteer import Gazetteer
from ..model import Extraction, PlaceMention

HEADLINE_WEIGHT = 3.0  # a town the headline names too: as much as the first event's place
Weights = defaultdict[str, float]


def main_place(extraction: Extraction) -> PlaceMention | None:
    """The place a report is mainly about: the places of its event mentions, early ones
    counting more (the lead and the dateline), in the country most of them lie in, the most
    precise one of that country; made more precise by a city inside it that the report names
    (in its lead or more than once). The report's places if its events have none. A town
    the headline names counts as much as the first event's, and wins a tie."""
    weights: Weights = defaultdict(float)
    first: dict[str, PlaceMention] = {}
    pool = [(i, p) for i, e in enumerate(extraction.events) for p in e.places]
    if not pool:
        named = [p for p in extraction.places if not p.incidental] or list(extraction.places)
        pool = list(enumerate(named))
    for rank, mention in pool:
        weights[mention.place.place_id] += 1.0 + 2.0 / (1 + rank)
        first.setdefault(mention.place.place_id, mention)
    for mention in extraction.places[:1]:
        if mention.span.start < 40 and mention.place.place_id in first:
            weights[mention.place.place_id] += 2.0  # the dateline
    titled = {m.place.place_id: m for m in extraction.places if _titled_town(m)}
    for place_id, mention in titled.items():
        weights[place_id] += HEADLINE_WEIGHT
        first.setdefault(place_id, mention)
    if not weights:
        return None
    by_country: Weights = defaultdict(float)
    for place_id, weight in weights.items():
        place = first[place_id].place
        by_country[place.country or place.name] += weight
    country = max(by_country, key=lambda c: by_country[c])
    inside = [m for m in first.values() if (m.place.country or m.place.name) == country]

    def order(m: PlaceMention) -> tuple[int, float, bool]:
        return _PRECISION[m.place.kind], -weights[m.place.place_id], m.place.place_id not in titled

    best = min(inside, key=order)
    best = best if best.place.kind == "city" else _city_inside(extraction, best) or best
    return _whole_city(extraction, best)


def _titled_town(mention: PlaceMention) -> bool:
    return mention.headline and not mention.incidental and mention.place.kind == "city"


def _whole_city(extraction: Extraction, best: PlaceMention) -> PlaceMention:
    """The city the report names that ``best`` is a neighbourhood of (Portage Park in a
    report that also names Chicago: Chicago)."""
    g = Gazetteer.default()
    return next(
        (m for m in extraction.places if not m.incidental and g.city_part_of(best.place, m.place)),
        best,
    )


_PRECISION = {"city": 0, "region": 1, "area": 2, "country": 3}
LEAD_CHARS = 400


def _city_inside(extraction: Extraction, outer: PlaceMention) -> PlaceMention | None:
    """The city inside ``outer`` the report names most (in its lead, or at least twice), or
    the only one it names there."""
    counts: Weights = defaultdict(float)
    mentions: dict[str, PlaceMention] = {}
    for mention in extraction.places:
        if mention.incidental:
            continue
        if mention.place.kind == "city" and mention.place.within(outer.place):
            counts[mention.place.place_id] += 2 if mention.span.start < LEAD_CHARS else 1
            mentions.setdefault(mention.place.place_id, mention)
    if not counts:
        return None
    place_id = max(counts, key=lambda k: counts[k])
    return mentions[place_id] if counts[place_id] >= 2 or len(counts) == 1 else None

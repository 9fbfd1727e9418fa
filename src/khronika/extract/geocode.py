"""Geocoding as candidate generation + disambiguation (in the manner of Mordecai 3, CLIFF-CLAVIN).

1. Spans: the entity recogniser's GPE/LOC/FAC spans and the gazetteer ruler's matches, a
   dateline ("RICHMOND, Va. --", "CHICAGO (AP) --") and "Town, State" pairs the recogniser
   missed. A one-word span that is a word of a person's name elsewhere in the report ("Milan
   Jovanovic ... Milan") or follows "Mr"/"Mrs" is a person, not a place.
2. Candidates: every gazetteer place with the span's name (cities, towns over 1,000 people,
   regions, countries).
3. Disambiguation by the report's context: the countries named unambiguously, demonyms
   ("Philippine journalist"), US state names and AP/postal abbreviations, the dateline, the
   publisher's country-code domain, a qualifier right after the name ("Richmond, Va.",
   "Gloria, Oriental Mindoro", "Grozny (Chechnya)"), with population and kind as the prior.
   One sense per report: every occurrence of a name gets the same place.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlparse

from ..domain.gazetteer import Gazetteer, admin2_key, fold
from ..model import Extraction, Place, PlaceMention
from ..pipeline import ReportDocument
from ._nlp import PLACE_FOLLOWERS

PLACE_LABELS = {"GPE", "LOC", "FAC"}
PERSON_CUES = {"mr", "mrs", "ms", "miss", "dr", "mr.", "mrs.", "ms.", "dr.", "sir", "madam"}
_KIND_PRIOR = {"country": 2.0, "region": 1.0, "area": 1.0, "city": 0.0}
COUNTRY_WEIGHT = 4.0  # a candidate in the report's country (times that country's share)
REGION_WEIGHT = 2.5  # a candidate in a region the report names
QUALIFIER_WEIGHT = 10.0  # "Richmond, Va.": the name's own qualifier
COUNTY_WEIGHT = 2.0  # a candidate whose county (admin-2 area) the report names
COUNTY_REGIONS = 4  # a county name found in more regions than this says nothing of the region
# a town, or only an alternate name, in a country the report does not name
FOREIGN_ALIAS_PENALTY = 3.0
# a small place outside every region the report names: dropped unless its own qualifier
# ("Hammond, Ind.") says so
OTHER_REGION_PENALTY = 6.0
_QUALIFIER = re.compile(r"^\s*(?:,|\()\s*((?:[A-Z][\w'.\-]*\.?)(?:\s+[A-Z][\w'.\-]*\.?){0,3})")
DATELINE_CHARS = 500  # a dateline may follow a photo caption or a headline line
_DATELINE = re.compile(
    r"^[ \t]*([A-Z][A-Z.'\-]+(?:\s+[A-Z][A-Z.'\-]+){0,3})"
    r"(?:\s*,\s*([A-Z][A-Za-z.]+(?:\s?[A-Z][A-Za-z.]+)?))?"
    r"\s*(?:\([A-Za-z .]+\)\s*)?(?:—|–|--|-|:)",
    re.MULTILINE,
)
# US local news: a broadcaster's call sign as the site's name ("khou.com", "wsbtv.com": US
# stations' call signs start with K or W) and wording that is American ("the 2700 block of").
_CALL_SIGN = re.compile(r"^[kw][a-z]{2,3}(?:tv|fm|am|\d{1,2})?$")
# Call signs: K west of the Mississippi, W east of it (older stations excepted, so the side
# only weighs against a same-name place far on the other side).
SIDE_WEIGHT = 0.5
_WEST_OF, _EAST_OF = -93.5, -88.5  # longitudes well either side of the river
TITLE_WEIGHT = 2.0  # the headline's state or region, as context
_TITLE_WORD = re.compile(r"\b[A-Z][a-z]+\b")
_US_WORDING = re.compile(
    r"\b\d{1,5} block of\b|\b[Ss]heriff's (?:[Oo]ffice|deputies|[Dd]epartment)"
)
_US_BLOCK = re.compile(r"\b(?:the\s+)?\d{1,5}[- ]block of(?: [A-Z][\w.]*)+")
_RESIDENT_OF = re.compile(r",\s+\d{1,3},\s+of\s+((?:[A-Z][a-z]+\s){0,2}[A-Z][a-z]+)\b")
_POLICE_OF = re.compile(r"\b((?:[A-Z][a-z]+\s){0,2}[A-Z][a-z]+)\s+(?:police|Police)\b")
_QUARTERS = {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest"}
_TOWN_STATE = re.compile(
    r"\b((?:[A-Z][a-z]+\.?\s){0,2}[A-Z][a-z]+),\s+([A-Z][a-z]{1,4}\.|[A-Z]\.\s?[A-Z]\.|[A-Z]{2})"
    r"(?![A-Za-z])"
)


Weights = defaultdict[str, float]


@dataclass
class _Span:
    start: int
    end: int
    text: str
    qualifier: str | None = None
    weight: float = 1.0  # the dateline counts more
    label: str = ""  # the entity recogniser's label, if it found the span


@dataclass
class _Context:
    countries: Weights = field(default_factory=lambda: defaultdict(float))
    regions: defaultdict[tuple[str, str], float] = field(default_factory=lambda: defaultdict(float))
    own: dict[str, Weights] = field(default_factory=dict)  # name -> what it added
    counties: frozenset[str] = frozenset()  # "Peoria County", "Orleans Parish", folded
    side: str | None = None  # "east"/"west" of the Mississippi, from a US call sign
    # regions the headline names: they weigh between same-name places but, unlike the
    # text's, do not rule out a small place elsewhere (a headline may name the publisher's city)
    hints: defaultdict[tuple[str, str], float] = field(default_factory=lambda: defaultdict(float))

    def add_own(self, key: str, country: str, weight: float) -> None:
        self.countries[country] += weight
        self.own.setdefault(key, defaultdict(float))[country] += weight

    def without(self, key: str) -> _Context:
        """The context without the evidence a name gave itself ("Panama City" is no
        evidence that "Panama City" is in Panama)."""
        if key not in self.own:
            return self
        countries: Weights = defaultdict(float)
        for country, weight in self.countries.items():
            if weight - self.own[key].get(country, 0.0) > 1e-9:
                countries[country] = weight - self.own[key].get(country, 0.0)
        return _Context(countries, self.regions, self.own, self.counties, self.side, self.hints)

    def country_share(self, country: str | None) -> float:
        total = sum(self.countries.values())
        return self.countries[country] / total if total and country else 0.0

    def region_share(self, country: str | None, region: str | None) -> float:
        weights = [self.regions, self.hints]
        total = sum(v for w in weights for (c, _), v in w.items() if c == country)
        key = (country or "", region or "")
        return sum(w.get(key, 0.0) for w in weights) / total if total else 0.0


class Geocoder:
    """Resolves a report's place names to gazetteer places using the report as context."""

    def __init__(self, gazetteer: Gazetteer, min_chars: int = 3) -> None:
        self.gazetteer = gazetteer
        self.min_chars = min_chars

    def __call__(self, document: ReportDocument) -> list[PlaceMention]:
        spans = self._spans(document)
        groups: dict[str, list[_Span]] = defaultdict(list)
        for span in spans:
            groups[fold(span.text)].append(span)
        candidates = {key: self._candidates(g[0].text) for key, g in groups.items()}
        context = self._context(document, groups, candidates)
        chosen = self._choose(groups, candidates, context, context)
        resolved = self._with_resolved(context, chosen, groups)
        chosen = self._choose(groups, candidates, resolved, context)
        chosen.update(self._unlisted(document.text, groups, candidates, resolved))
        return (
            self._mentions(document, spans, chosen)
            or self._county_region(document, resolved)
            or self._us_address(document)
        )

    def _county_region(self, document: ReportDocument, context: _Context) -> list[PlaceMention]:
        """A report that names no town but a county ("a Catoosa County teen") is in the region
        that has a county of that name, chosen by the report's context when several do; the
        county's words are the source. Nothing if the context cannot choose."""
        for match in _COUNTY.finditer(document.text):
            regions = self.gazetteer.county_regions(admin2_key(match.group(0)))
            scored = sorted(
                ((self._region_evidence(region, context), n, region) for region, n in regions),
                key=lambda item: (item[0], item[1]),
                reverse=True,
            )
            if scored and (len(scored) == 1 or scored[0][0] > scored[1][0]):
                return [PlaceMention(document.span(*match.span()), scored[0][2])]
        return []

    @staticmethod
    def _region_evidence(region: Place, context: _Context) -> float:
        side_penalty = SIDE_WEIGHT if context.side not in (None, _side(region)) else 0.0
        return (
            context.country_share(region.country)
            + context.region_share(region.country, region.name)
            - side_penalty
        )

    def _us_address(self, document: ReportDocument) -> list[PlaceMention]:
        """A report that names no place but writes an American address ("in the 1300 block of
        Clay Street") is in the United States; the address is the source."""
        match = _US_BLOCK.search(document.text)
        us = self.gazetteer.country_by_code("US") if match else None
        if match is None or us is None:
            return []
        return [PlaceMention(document.span(match.start(), match.end()), us)]

    def _unlisted(
        self,
        text: str,
        groups: dict[str, list[_Span]],
        candidates: dict[str, list[Place]],
        context: _Context,
    ) -> dict[str, Place]:
        """Villages and towns the gazetteer does not list, written as places ("in the village
        of Veľká Mača", "a car bomb in Bidnija"): kept by name, without coordinates, in the
        country the report is about (and the region its qualifier names)."""
        if not context.countries:
            return {}
        country = max(context.countries, key=lambda c: context.countries[c])
        found: dict[str, Place] = {}
        for key, group in groups.items():
            if candidates[key] or not _unlisted_name(text, group[0]):
                continue
            qualifiers = [s.qualifier for s in group if s.qualifier]
            region = next(filter(None, (self._region_of(q, country) for q in qualifiers)), None)
            region = region or _main_region(context, country)
            name = group[0].text.strip()
            found[key] = Place(f"unlisted:{fold(country)}:{key}", name, "city", region, country)
        return found

    def _region_of(self, qualifier: str, country: str) -> str | None:
        county = self._county_of(qualifier)
        if county is not None:  # "Saltsburg, Indiana County": the state with that county
            holders = {r.name for r, _ in self.gazetteer.county_regions(county)}
            if holders:
                return holders.pop() if len(holders) == 1 else None
        words = [w for w in qualifier.split() if fold(w) not in _REGION_WORDS]
        regions = [
            p
            for p in self.gazetteer.candidates(" ".join(words))
            if p.kind == "region" and p.country == country
        ]
        return regions[0].name if regions else None

    def _candidates(self, name: str) -> list[Place]:
        places = self.gazetteer.candidates(name)
        first, _, rest = name.partition(" ")
        if not places and first.lower() in _QUARTERS and rest:  # "North Philadelphia"
            places = [p for p in self.gazetteer.candidates(rest) if p.kind == "city"]
        state = self.gazetteer.us_state(name) if "." in name or name.isupper() else None
        if state is None:
            return places
        others = [p for p in places if p != state and not (p.kind == "country" and "." in name)]
        return [state, *others]

    def _mentions(
        self, document: ReportDocument, spans: list[_Span], chosen: dict[str, Place]
    ) -> list[PlaceMention]:
        """One mention per span, leaving out a qualifier that does not contain the place it
        qualifies ("Gloria, Oriental Mindoro": "Oriental" is not the region of Morocco)."""
        mentions: list[PlaceMention] = []
        previous: tuple[_Span, Place] | None = None
        for span in spans:
            place = chosen.get(fold(span.text))
            if place is None:
                continue
            if (
                previous is not None
                and _qualifies_previous(previous[0], span)
                and not self.gazetteer.contains(place, previous[1])
            ):
                continue
            mentions.append(PlaceMention(document.span(span.start, span.end), place))
            previous = (span, place)
        return mentions

    # ---------------------------------------------------------------- spans
    def _spans(self, document: ReportDocument) -> list[_Span]:
        text = document.text
        person_words = _person_words(document)
        spans: list[_Span] = []
        for paragraph in document.paragraphs:
            for ent in paragraph.doc.ents:
                if ent.label_ not in PLACE_LABELS and not ent.ent_id_:
                    continue
                if ent[0].lower_ == "the":
                    ent = ent[1:]
                if len(ent) == 0 or len(ent.text.strip()) < self.min_chars:
                    continue
                start = paragraph.offset + ent.start_char
                span = _Span(start, start + len(ent.text), ent.text, label=ent.label_)
                span.qualifier = _qualifier(text, span.end)
                spans.append(span)
                if len(ent) == 1 and self._in_a_name(ent):
                    person_words.add(ent.text)
        spans = [s for s in spans if not _is_person(text, s, person_words)]
        spans = [s for s in spans if not _STREET_AFTER.match(text, s.end)]
        spans += self._extra_spans(text, spans)
        return sorted(spans, key=lambda s: s.start)

    def _publisher_places(self, document: ReportDocument) -> list[tuple[Place, float]]:
        """What the publisher's site name says: its country-code domain (".co.uk"), a US
        broadcaster's call sign ("khou.com"), a city it is named after ("chicagotribune.com",
        "pittsburgh.example.com": cities over 100,000 people)."""
        host = _host(document)
        if host is None:
            return []
        g = self.gazetteer
        labels = host.split(".")
        found: list[tuple[Place, float]] = []
        tld = labels[-1].upper()
        country = g.country_by_code({"UK": "GB"}.get(tld, tld)) if len(tld) == 2 else None
        if country is not None:
            found.append((country, 2.0))
        us = g.country_by_code("US")
        if len(labels) >= 2 and _CALL_SIGN.match(labels[-2]) and tld in ("COM", "US") and us:
            found.append((us, 2.0))
        city = g.city_in_label(labels[:-1])
        if city is not None:
            found.append((city, 1.0))
        return found

    def _title_context(self, document: ReportDocument, context: _Context) -> None:
        """The headline's "Town, ST" pairs and the regions it names unambiguously
        ("Police: Springfield, Ohio woman shot") as context, not as places of the report."""
        title = document.report.meta.title or ""
        for match in _TOWN_STATE.finditer(title):
            state = self.gazetteer.us_state(match.group(2))
            if state is not None and state.country:
                context.countries[state.country] += TITLE_WEIGHT
                context.hints[(state.country, state.name)] += TITLE_WEIGHT
        for name in _title_names(title, self.gazetteer):  # "Youngstown-Warren Ohio"
            places = self.gazetteer.candidates(name)
            country = _unambiguous_country(fold(name), places, self.gazetteer)
            regions = {p.name for p in places if p.kind == "region" and p.country == country}
            if country is not None and len(regions) == 1:
                context.countries[country] += TITLE_WEIGHT / 2
                context.hints[(country, regions.pop())] += TITLE_WEIGHT / 2

    def _county_context(self, context: _Context) -> None:
        """The regions that have a county of each name the report gives ("Williamson County"
        and "Caldwell County" are both in one state), each sharing the county's weight."""
        for county in context.counties:
            regions = self.gazetteer.county_regions(county)
            if not regions or len(regions) > COUNTY_REGIONS:
                continue
            for region, _ in regions:
                assert region.country is not None
                context.countries[region.country] += COUNTY_WEIGHT / len(regions)
                context.hints[(region.country, region.name)] += COUNTY_WEIGHT / len(regions)

    def _in_a_name(self, ent: Any) -> bool:
        """A one-word city name written as part of a person's name ("Natalia Estemirova");
        a country or region is not ("the head of Chechnya Ramzan Kadyrov")."""
        if not (_after_given_name(ent) or _before_surname(ent)):
            return False
        place = self.gazetteer.lookup(ent.text)
        return place is None or place.kind == "city"

    def _extra_spans(self, text: str, found: list[_Span]) -> list[_Span]:
        """The dateline and "Town, State" pairs the recogniser missed."""
        taken = [(s.start, s.end) for s in found]
        extra: list[_Span] = []
        dateline = _DATELINE.search(text[:DATELINE_CHARS])
        if dateline:
            start, end = dateline.span(1)
            name = " ".join(w.capitalize() for w in dateline.group(1).split())
            if name.isupper() or name != text[start:end] or dateline.group(2):
                extra.append(_Span(start, end, name, dateline.group(2), weight=3.0))
        for match in _TOWN_STATE.finditer(text):
            state = self.gazetteer.us_state(match.group(2))
            if state is not None:
                start, end = match.span(1)
                extra.append(_Span(start, end, match.group(1), match.group(2)))
        for pattern in (_RESIDENT_OF, _POLICE_OF):  # "Williams, 35, of Montgomery", "Gary police"
            for match in pattern.finditer(text):
                start, end = match.span(1)
                extra.append(_Span(start, end, match.group(1), _qualifier(text, end)))
        return [
            s
            for s in extra
            if not any(a < s.end and s.start < b for a, b in taken)
            and self.gazetteer.candidates(s.text)
        ]

    # ---------------------------------------------------------------- context
    def _context(
        self,
        document: ReportDocument,
        groups: dict[str, list[_Span]],
        candidates: dict[str, list[Place]],
    ) -> _Context:
        context = _Context(counties=_counties(document.text), side=_call_sign_side(document))
        self._title_context(document, context)
        self._county_context(context)
        for place, weight in self._publisher_places(document):
            context.countries[place.country or place.name] += weight
            if place.kind == "city" and place.country and place.region:
                context.hints[(place.country, place.region)] += weight
        if _US_WORDING.search(document.text):
            us = self.gazetteer.country_by_code("US")
            context.countries[us.name if us else ""] += 1
        for place in _demonyms(document, self.gazetteer):
            context.countries[place.country or place.name] += 1
            if place.kind == "region" and place.country:
                context.regions[(place.country, place.name)] += 1
        for key, group in groups.items():
            for span in group:
                state = self.gazetteer.us_state(span.qualifier) if span.qualifier else None
                if state is not None:
                    context.countries[state.country or ""] += 2 * span.weight
                    context.regions[(state.country or "", state.name)] += 2 * span.weight
            country_name = _unambiguous_country(key, candidates[key], self.gazetteer)
            if country_name is not None:
                context.add_own(key, country_name, sum(s.weight for s in group))
                regions = {
                    p.name if p.kind == "region" else p.region or ""
                    for p in candidates[key]
                    if p.kind == "region"
                    or (p.kind == "city" and self.gazetteer.population(p) >= 100_000)
                } - {""}
                if len(regions) == 1:
                    context.regions[(country_name, regions.pop())] += len(group)
        return context

    def _with_resolved(
        self, context: _Context, chosen: dict[str, Place], groups: dict[str, list[_Span]]
    ) -> _Context:
        """The first pass's places (cities and regions) added to the context."""
        own = {key: defaultdict(float, added) for key, added in context.own.items()}
        updated = _Context(
            defaultdict(float, context.countries),
            defaultdict(float, context.regions),
            own,
            context.counties,
            context.side,
            context.hints,
        )
        for key, place in chosen.items():
            weight = 0.5 * sum(s.weight for s in groups[key])
            updated.add_own(key, place.country or place.name, weight)
            region = place.name if place.kind == "region" else place.region
            if place.country and region:
                updated.regions[(place.country, region)] += weight
        return updated

    # ---------------------------------------------------------------- choice
    def _choose(
        self,
        groups: dict[str, list[_Span]],
        candidates: dict[str, list[Place]],
        context: _Context,
        base: _Context,
    ) -> dict[str, Place]:
        """The best place for each name; ``base`` is the context before any choice."""
        chosen: dict[str, Place] = {}
        for key, group in groups.items():
            qualifiers = [s.qualifier for s in group if s.qualifier]
            others, others_base = context.without(key), base.without(key)
            scored = [
                (self._score(p, key, qualifiers, others) - self._foreign(p, key, others_base), p)
                for p in candidates[key]
            ]
            if not scored:
                continue
            best_score, best = max(scored, key=lambda sp: sp[0])
            if best_score > 0:
                chosen[key] = self._city_for_region(best, candidates[key])
        return chosen

    def _score(self, place: Place, key: str, qualifiers: list[str], context: _Context) -> float:
        g = self.gazetteer
        population = g.population(place)
        score = _KIND_PRIOR[place.kind] + 0.25 * math.log10(max(population, 10))
        main = fold(place.name) == key
        score += 0.3 if main else 0.0
        country = place.name if place.kind == "country" else place.country
        score += COUNTRY_WEIGHT * context.country_share(country)
        region = place.name if place.kind == "region" else place.region
        if place.kind != "country":
            score += REGION_WEIGHT * context.region_share(country, region)
        if any(self._qualifies(q, place) for q in qualifiers):
            score += QUALIFIER_WEIGHT
        if place.kind == "city" and context.counties and g.admin2(place) in context.counties:
            score += COUNTY_WEIGHT
        if context.side is not None and _side(place) not in (None, context.side):
            score -= SIDE_WEIGHT
        return score

    def _foreign(self, place: Place, key: str, base: _Context) -> float:
        """A town or small city (under 100,000 people), or only an alternate spelling, in a
        country the report does not name; a town or small city in another region than the ones
        the report names ("Lawndale" in a report about Chicago is not Lawndale, California)."""
        country = place.name if place.kind == "country" else place.country
        small = self.gazetteer.population(place) < 100_000 and place.kind == "city"
        if base.countries and base.country_share(country) == 0:
            return FOREIGN_ALIAS_PENALTY if fold(place.name) != key or small else 0.0
        named = any(c == country for c, _ in base.regions)
        if small and named and base.region_share(country, place.region) == 0:
            return OTHER_REGION_PENALTY
        return 0.0

    def _qualifies(self, qualifier: str, place: Place) -> bool:
        """ "Va." for Richmond, Virginia; "Oriental Mindoro" for Gloria; "Turkey" for Antalya."""
        g = self.gazetteer
        state = g.us_state(qualifier)
        if state is not None:
            return place.country == state.country and place.region == state.name
        county = self._county_of(qualifier)
        if county is not None and g.county_regions(county):
            return g.admin2(place) == county  # "Indiana County" is no qualifier of Indiana
        words = qualifier.split()
        for n in range(len(words), 0, -1):
            name = " ".join(words[:n]).rstrip(".,")
            if _names_container(g, name, place):
                return True
        return False

    @staticmethod
    def _county_of(qualifier: str) -> str | None:
        """The folded county a qualifier names ("Indiana County", "Orleans Parish")."""
        match = _COUNTY.fullmatch(qualifier.strip().rstrip(".,"))
        return admin2_key(match.group(0)) if match else None

    def _city_for_region(self, best: Place, candidates: list[Place]) -> Place:
        """ "Antalya", "Moscow": a region named after its city -> the (more precise) city; a
        city listed without its region, in the region of its name."""
        if best.kind == "city" and best.region is None:
            named = [p for p in candidates if p.kind == "region" and p.country == best.country]
            return replace(best, region=named[0].name) if named else best
        if best.kind != "region":
            return best
        cities = [
            p
            for p in candidates
            if p.kind == "city"
            and p.region in (best.name, None)  # some cities are listed without their region
            and p.country == best.country
            and not p.place_id.startswith("town:")
        ]
        if not cities:
            return best
        city = max(cities, key=self.gazetteer.population)
        return city if city.region else replace(city, region=best.name)


# -------------------------------------------------------------------- helpers
def _names_container(g: Gazetteer, name: str, place: Place) -> bool:
    key = fold(name)
    admin2 = g.admin2(place)
    if admin2 and (admin2 == admin2_key(name) or set(admin2.split()) == set(key.split())):
        return True
    return any(
        outer.kind in ("region", "country", "area")
        and outer.place_id != place.place_id
        and g.contains(outer, place)
        for outer in g.candidates(name)
    )


_LOCATIVE = re.compile(
    r"(?:\b(?:in|near|outside)\s+(?:the\s+(?:village|town|settlement|hamlet|city)\s+of\s+)?"
    r"|\b(?:village|town|settlement|hamlet)\s+of\s+)$"
)
_REGION_WORDS = {"region", "province", "oblast", "district", "county", "state", "department"}
# words that make a name something other than a town: a building, a road, a part of a country
_NOT_A_TOWN = _REGION_WORDS | {
    "prison",
    "jail",
    "road",
    "street",
    "avenue",
    "highway",
    "airport",
    "station",
    "court",
    "office",
    "house",
    "hotel",
    "park",
    "square",
    "bridge",
    "camp",
    "centre",
    "center",
    "hall",
    "university",
    "hospital",
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "coast",
    "republic",
    "kingdom",
    "territory",
    "territories",
}


def _unlisted_name(text: str, span: _Span) -> bool:
    """Written as a place ("in X", "the village of X"), a short name in capitals."""
    words = span.text.split()
    return (
        span.label == "GPE"
        and 0 < len(words) <= 3
        and all(w[:1].isupper() for w in words)
        and not {fold(w) for w in words} & _NOT_A_TOWN
        and _LOCATIVE.search(text[max(0, span.start - 40) : span.start]) is not None
    )


# "Wellington Street", "Columbus Avenue": a street named after a place is not that place
_STREET_AFTER = re.compile(
    r"\s+(?:Street|St\.|Avenue|Ave\.|Road|Rd\.|Drive|Dr\.|Lane|Boulevard|Blvd\.|Court|"
    r"Highway|Parkway|Pike|Terrace|Circle)(?![A-Za-z])"
)
_COUNTY = re.compile(r"\b((?:[A-Z][a-z]+\.?\s){0,2}[A-Z][a-z]+)\s+(?:County|Parish)\b")


def _counties(text: str) -> frozenset[str]:
    """The counties and parishes a report names ("the Peoria County Sheriff's Office")."""
    return frozenset(admin2_key(m.group(0)) for m in _COUNTY.finditer(text))


def _qualifies_previous(previous: _Span, span: _Span) -> bool:
    """The span is written as the previous one's qualifier ("Gloria, Oriental ...")."""
    return previous.qualifier is not None and span.start <= previous.end + 3 < span.end


def _qualifier(text: str, end: int) -> str | None:
    match = _QUALIFIER.match(text[end : end + 60])
    return match.group(1) if match else None


def _person_words(document: ReportDocument) -> set[str]:
    """Words of the multi-word person names in the report ("Milan", "Jovanovic")."""
    words: set[str] = set()
    for paragraph in document.paragraphs:
        for ent in paragraph.doc.ents:
            if ent.label_ == "PERSON" and len(ent) >= 2:
                words.update(t.text for t in ent if t.is_title)
    return words


_NOT_GIVEN_NAMES = frozenset(
    [
        "North",
        "South",
        "East",
        "West",
        "Northern",
        "Southern",
        "Eastern",
        "Western",
        "Central",
        "Downtown",
        "Greater",
        "Upper",
        "Lower",
        "New",
        "Old",
        "Mount",
        "Saint",
        "St",
        "Port",
        "Fort",
        "Lake",
    ]
)


def _after_given_name(ent: Any) -> bool:
    """ "Azory Gwanda": a one-word place right after a capitalised word outside any entity
    (not a direction or a place prefix) is a surname."""
    if ent.start == 0:
        return False
    before = ent.doc[ent.start - 1]
    return bool(
        before.is_alpha
        and before.is_title
        and not before.is_stop
        and not before.is_sent_start
        and before.ent_type_ == ""
        and before.text not in _NOT_GIVEN_NAMES
    )


def _before_surname(ent: Any) -> bool:
    """ "Natalia Estemirova": a one-word name right before a capitalised word outside any
    organisation's or place's name (and not a word that follows place names)."""
    if ent.end >= len(ent.doc):
        return False
    after = ent.doc[ent.end]
    return bool(
        after.is_alpha
        and after.text[:1].isupper()
        and not after.is_upper
        and not after.is_stop
        and after.ent_type_ in ("", "PERSON")
        and after.text not in PLACE_FOLLOWERS
        and not ent[0].is_upper
    )


def _is_person(text: str, span: _Span, person_words: set[str]) -> bool:
    """A one-word name that is part of a person's name in this report, or after "Mr"."""
    if " " in span.text.strip():
        return False
    before = text[max(0, span.start - 6) : span.start].split()
    if before and before[-1].lower() in PERSON_CUES:
        return True
    return span.text in person_words and span.qualifier is None


def _unambiguous_country(key: str, candidates: list[Place], g: Gazetteer) -> str | None:
    """The country of a name whose significant candidates (countries, regions, cities over
    100,000 people, by their own name) all lie in one country; None if they disagree."""
    significant = [
        p
        for p in candidates
        if p.kind in ("country", "region", "area")
        or (g.population(p) >= 100_000 and fold(p.name) == key)
    ]
    countries = {p.name if p.kind == "country" else p.country for p in significant}
    if len(countries) == 1:
        return countries.pop()
    return None


def _main_region(context: _Context, country: str) -> str | None:
    """The region that holds most of the report's regional evidence in ``country``, if it
    holds at least two thirds of it."""
    weights: Weights = defaultdict(float)
    for source in (context.regions, context.hints):
        for (c, region), weight in source.items():
            if c == country and region:
                weights[region] += weight
    total = sum(weights.values())
    best = max(weights, key=lambda r: weights[r], default=None)
    return best if best is not None and weights[best] >= total * 2 / 3 else None


def _title_names(title: str, g: Gazetteer) -> list[str]:
    """Capitalised words of a headline and pairs of them that the gazetteer lists, a pair
    before its words ("New York", not "York")."""
    words = list(_TITLE_WORD.finditer(title))
    names: list[str] = []
    taken = -1
    for i, word in enumerate(words):
        if i <= taken:
            continue
        nxt = words[i + 1] if i + 1 < len(words) else None
        pair = f"{word.group(0)} {nxt.group(0)}" if nxt and nxt.start() == word.end() + 1 else ""
        if pair and g.candidates(pair):
            names.append(pair)
            taken = i + 1
        else:
            names.append(word.group(0))
    return names


def _call_sign_side(document: ReportDocument) -> str | None:
    host = _host(document)
    labels = host.split(".") if host else []
    if len(labels) < 2 or labels[-1] not in ("com", "us") or not _CALL_SIGN.match(labels[-2]):
        return None
    return "west" if labels[-2].startswith("k") else "east"


def _side(place: Place) -> str | None:
    """ "east"/"west" for a US place well away from the Mississippi, else None."""
    if place.country != "United States" or place.lon is None:
        return None
    if place.lon < _WEST_OF:
        return "west"
    return "east" if place.lon > _EAST_OF else None


def _host(document: ReportDocument) -> str | None:
    meta = document.report.meta
    host = urlparse(meta.url).hostname if meta.url else None
    if host is None and meta.publisher and "." in meta.publisher and " " not in meta.publisher:
        host = meta.publisher
    return host.lower().rstrip(".") if host else None


def _demonyms(document: ReportDocument, g: Gazetteer) -> Iterable[Place]:
    for paragraph in document.paragraphs:
        for token in paragraph.doc:
            if token.is_title and token.ent_type_ in ("NORP", "GPE", "") and len(token) > 3:
                place = g.demonym(token.text)
                if place is not None:
                    yield place


def main_place(extraction: Extraction) -> PlaceMention | None:
    """The place a report is mainly about: the places of its event mentions, early ones
    counting more (the lead and the dateline), in the country most of them lie in, the most
    precise one of that country; made more precise by a city inside it that the report names
    (in its lead or more than once). The report's places if its events have none."""
    weights: Weights = defaultdict(float)
    first: dict[str, PlaceMention] = {}
    pool = [(i, p) for i, e in enumerate(extraction.events) for p in e.places]
    if not pool:
        pool = list(enumerate(extraction.places))
    for rank, mention in pool:
        weights[mention.place.place_id] += 1.0 + 2.0 / (1 + rank)
        first.setdefault(mention.place.place_id, mention)
    for mention in extraction.places[:1]:
        if mention.span.start < 40 and mention.place.place_id in first:
            weights[mention.place.place_id] += 2.0  # the dateline
    if not weights:
        return None
    by_country: Weights = defaultdict(float)
    for place_id, weight in weights.items():
        place = first[place_id].place
        by_country[place.country or place.name] += weight
    country = max(by_country, key=lambda c: by_country[c])
    inside = [m for m in first.values() if (m.place.country or m.place.name) == country]
    best = min(inside, key=lambda m: (_PRECISION[m.place.kind], -weights[m.place.place_id]))
    best = best if best.place.kind == "city" else _city_inside(extraction, best) or best
    return _whole_city(extraction, best)


def _whole_city(extraction: Extraction, best: PlaceMention) -> PlaceMention:
    """The city the report names that ``best`` is a neighbourhood of (Portage Park in a
    report that also names Chicago: Chicago)."""
    g = Gazetteer.default()
    return next((m for m in extraction.places if g.city_part_of(best.place, m.place)), best)


_PRECISION = {"city": 0, "region": 1, "area": 2, "country": 3}
LEAD_CHARS = 400


def _city_inside(extraction: Extraction, outer: PlaceMention) -> PlaceMention | None:
    """The city inside ``outer`` the report names most (in its lead, or at least twice), or
    the only one it names there."""
    counts: Weights = defaultdict(float)
    mentions: dict[str, PlaceMention] = {}
    for mention in extraction.places:
        if mention.place.kind == "city" and mention.place.within(outer.place):
            counts[mention.place.place_id] += 2 if mention.span.start < LEAD_CHARS else 1
            mentions.setdefault(mention.place.place_id, mention)
    if not counts:
        return None
    place_id = max(counts, key=lambda k: counts[k])
    return mentions[place_id] if counts[place_id] >= 2 or len(counts) == 1 else None

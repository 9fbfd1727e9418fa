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
from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple

from ..domain.gazetteer import Gazetteer, admin2_key, fold
from ..model import Place, PlaceMention
from ..pipeline import ReportDocument
from ._geotext import (
    CALL_SIGN,
    COUNTY,
    COUNTY_AFTER,
    DATELINE,
    DATELINE_CHARS,
    DATELINE_LINE,
    DATELINE_WEIGHT,
    NAME_AFTER,
    NEIGHBOURHOOD_AFTER,
    POLICE_OF,
    QUARTERS,
    REGION_WORDS,
    RESIDENT_OF,
    STREET_BEFORE,
    TOWN_STATE,
    US_BLOCK,
    US_WORDING,
    NameSpan,
    after_address,
    after_given_name,
    before_surname,
    call_sign_side,
    counties_named,
    demonym_places,
    headline,
    is_incidental,
    is_person,
    names_elsewhere,
    names_of_people,
    qualifier_after,
    qualifies_previous,
    side_of,
    site_city,
    site_host,
    title_names,
    unlisted_name,
)

PLACE_LABELS = {"GPE", "LOC", "FAC"}
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
# a town this small, in a region the report names nowhere while its headline or site points
# to another region, is a place the gazetteer does not list there (a township, a suburb)
HINT_TOWN_POPULATION = 15_000
_WORDS = re.compile(r"\w+")
COUNTY_NAME = re.compile(r" (?:county|parish)$")  # a folded name that is a county's
# Call signs: K west of the Mississippi, W east of it (older stations excepted, so the side
# only weighs against a same-name place far on the other side).
SIDE_WEIGHT = 0.5
DOMINANT_RATIO = 10.0  # a big city whose namesakes elsewhere are this much smaller
ORG_WEIGHT = 1.0  # a region an organisation is named after ("Michigan State Police")
TITLE_WEIGHT = 2.0  # the headline's state or region, as context

Weights = defaultdict[str, float]


class _OrgRegion(NamedTuple):
    """A region an organisation's name opens with, and where ("Michigan State Police")."""

    start: int
    end: int
    region: Place
    also_a_country: bool  # a country has the name too ("Georgia Bureau of Investigation")


@dataclass
class _Context:
    countries: Weights = field(default_factory=lambda: defaultdict(float))
    regions: defaultdict[tuple[str, str], float] = field(default_factory=lambda: defaultdict(float))
    own: dict[str, Weights] = field(default_factory=dict)  # name -> countries it added
    # name -> regions it added ("Warren" names one city over 100,000 people, in Michigan)
    own_regions: dict[str, defaultdict[tuple[str, str], float]] = field(default_factory=dict)
    own_hints: dict[str, defaultdict[tuple[str, str], float]] = field(default_factory=dict)
    counties: frozenset[str] = frozenset()  # "Peoria County", "Orleans Parish", folded
    side: str | None = None  # "east"/"west" of the Mississippi, from a US call sign
    # regions the headline names: they weigh between same-name places but, unlike the
    # text's, do not rule out a small place elsewhere (a headline may name the publisher's city)
    hints: defaultdict[tuple[str, str], float] = field(default_factory=lambda: defaultdict(float))

    def add_own(self, key: str, country: str, weight: float) -> None:
        self.countries[country] += weight
        self.own.setdefault(key, defaultdict(float))[country] += weight

    def add_own_region(
        self, key: str, country: str, region: str, weight: float, hint: bool = False
    ) -> None:
        where, own = (self.hints, self.own_hints) if hint else (self.regions, self.own_regions)
        where[(country, region)] += weight
        own.setdefault(key, defaultdict(float))[(country, region)] += weight

    def without(self, key: str) -> _Context:
        """The context without the evidence a name gave itself ("Panama City" is no
        evidence that "Panama City" is in Panama, nor "Warren" that Warren is in Michigan)."""
        if key not in self.own and key not in self.own_regions and key not in self.own_hints:
            return self
        return replace(
            self,
            countries=_minus(self.countries, self.own.get(key, {})),
            regions=_minus(self.regions, self.own_regions.get(key, {})),
            hints=_minus(self.hints, self.own_hints.get(key, {})),
        )

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
        groups: dict[str, list[NameSpan]] = defaultdict(list)
        for span in spans:
            groups[fold(span.text)].append(span)
        candidates = {key: self._named_candidates(g) for key, g in groups.items()}
        organisations = self._org_regions(document)
        context = self._context(document, groups, candidates, organisations)
        chosen = self._choose(groups, candidates, context, context)
        resolved = self._with_resolved(context, chosen, groups)
        chosen = self._choose(groups, candidates, resolved, context)
        chosen.update(self._unlisted(document.text, groups, candidates, resolved))
        return (
            self._mentions(document, spans, chosen)
            or self._county_region(document, resolved)
            or self._org_region(document, organisations, resolved)
            or self._us_address(document)
        )

    def _county_region(self, document: ReportDocument, context: _Context) -> list[PlaceMention]:
        """A report that names no town but a county ("a Catoosa County teen") is in the region
        that has a county of that name, chosen by the report's context when several do; the
        county's words are the source. Nothing if the context cannot choose."""
        for match in COUNTY.finditer(document.text):
            regions = self.gazetteer.county_regions(admin2_key(match.group(0)))
            scored = sorted(
                ((self._region_evidence(region, context), n, region) for region, n in regions),
                key=lambda item: (item[0], item[1]),
                reverse=True,
            )
            if scored and (len(scored) == 1 or scored[0][0] > scored[1][0]):
                county = " ".join(match.group(0).split())
                span = document.span(*match.span())
                return [PlaceMention(span, scored[0][2], county_written=county)]
        return []

    @staticmethod
    def _org_region(
        document: ReportDocument, found: list[_OrgRegion], context: _Context
    ) -> list[PlaceMention]:
        """A report that names no place but an organisation named after a region ("the
        Michigan State Police ... investigating") is in that region, if the region is in the
        country the report points to most ("the Douglas Youth League" on an American site is
        no body of the Isle of Man); its name is the source."""
        if len({org.region.place_id for org in found}) != 1:
            return []
        countries = context.countries
        if countries and found[0].region.country != max(countries, key=lambda c: countries[c]):
            return []
        return [PlaceMention(document.span(found[0].start, found[0].end), found[0].region)]

    def _org_regions(self, document: ReportDocument) -> list[_OrgRegion]:
        """Regions that open an organisation's name ("Michigan State Police", "Ohio Public
        Defender's Office")."""
        found: list[_OrgRegion] = []
        for paragraph in document.paragraphs:
            for ent in paragraph.doc.ents:
                org = self._region_opening(ent, paragraph.offset) if ent.label_ == "ORG" else None
                if org is not None:
                    found.append(org)
        return found

    def _region_opening(self, ent: Any, offset: int) -> _OrgRegion | None:
        """The region whose whole name is the first two words, or else the first word, of an
        organisation's name of two words or more (not a direction: "North ...")."""
        for n in (2, 1):
            head = ent[:n]
            if n >= len(ent) or not all(t.is_title for t in head):
                continue
            if fold(head.text) in QUARTERS:
                return None
            places = self.gazetteer.candidates(head.text)
            regions = [p for p in places if p.kind == "region"]
            if len(regions) == 1 and fold(regions[0].name) == fold(head.text):
                start = offset + head.start_char
                also_a_country = any(p.kind == "country" for p in places)
                return _OrgRegion(start, start + len(head.text), regions[0], also_a_country)
        return None

    @staticmethod
    def _region_evidence(region: Place, context: _Context) -> float:
        side_penalty = SIDE_WEIGHT if context.side not in (None, side_of(region)) else 0.0
        return (
            context.country_share(region.country)
            + context.region_share(region.country, region.name)
            - side_penalty
        )

    def _us_address(self, document: ReportDocument) -> list[PlaceMention]:
        """A report that names no place but writes an American address ("in the 1300 block of
        Clay Street") is in the United States, and in the city its site is named after when it
        is (local news leaves out its own city); the address is the source."""
        match = US_BLOCK.search(document.text)
        us = self.gazetteer.country_by_code("US") if match else None
        if match is None or us is None:
            return []
        city = site_city(document, self.gazetteer)
        where = city if city is not None and city.country == us.name else us
        return [PlaceMention(document.span(match.start(), match.end()), where)]

    def _unlisted(
        self,
        text: str,
        groups: dict[str, list[NameSpan]],
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
            dateline = group[0].dateline and group[0].qualifier is not None  # "VASHTI, Texas"
            if candidates[key] or not (dateline or unlisted_name(text, group[0])):
                continue
            if all(span.county for span in group):  # "in Trumbull County": a county's name
                continue
            qualifiers = [s.qualifier for s in group if s.qualifier]
            region = next(filter(None, (self._region_of(q, country) for q in qualifiers)), None)
            region = region or _main_region(context, country)
            name = group[0].text.strip()
            if COUNTY_NAME.search(key):  # "WILKES COUNTY, N.C. --": the county, in its state
                state = self._qualifier_region(qualifiers[0]) if qualifiers else None
                if state is not None and state.country == country:
                    found[key] = state
                continue
            found[key] = Place(f"unlisted:{fold(country)}:{key}", name, "city", region, country)
        return found

    def _region_of(self, qualifier: str, country: str) -> str | None:
        named = self._qualifier_region(qualifier)
        if named is not None and named.country == country:
            return named.name
        county = self._county_of(qualifier)
        if county is not None:  # "Saltsburg, Indiana County": the state with that county
            holders = {r.name for r, _ in self.gazetteer.county_regions(county)}
            if holders:
                return holders.pop() if len(holders) == 1 else None
        words = [w for w in qualifier.split() if fold(w) not in REGION_WORDS]
        regions = [
            p
            for p in self.gazetteer.candidates(" ".join(words))
            if p.kind == "region" and p.country == country
        ]
        return regions[0].name if regions else None

    def _named_candidates(self, group: list[NameSpan]) -> list[Place]:
        """The candidates of a name; only the towns in that county if it is always written
        as a county's name ("Lubbock County": Lubbock, Texas; not Trumbull, Connecticut for
        "Trumbull County")."""
        places = self._candidates(group[0].text)
        county = group[0].county
        if county is None or not all(span.county for span in group):
            return places
        key = admin2_key(county)
        return [p for p in places if p.kind == "city" and self.gazetteer.admin2(p) == key]

    def _candidates(self, name: str) -> list[Place]:
        if fold(name) in QUARTERS:  # "the South", "out West": a direction, not a region
            return []
        places = self.gazetteer.candidates(name)
        first, _, rest = name.partition(" ")
        if not places and first.lower() in QUARTERS and rest:  # "North Philadelphia"
            places = [p for p in self.gazetteer.candidates(rest) if p.kind == "city"]
        town, _, city = name.rpartition(" ")
        if not places and town and city == "City":  # "York City": the city of York
            places = [p for p in self.gazetteer.candidates(town) if p.kind == "city"]
        state = self.gazetteer.us_state(name) if "." in name or name.isupper() else None
        if state is None:
            return places
        others = [p for p in places if p != state and not (p.kind == "country" and "." in name)]
        return [state, *others]

    def _mentions(
        self, document: ReportDocument, spans: list[NameSpan], chosen: dict[str, Place]
    ) -> list[PlaceMention]:
        """One mention per span, leaving out a qualifier that does not contain the place it
        qualifies ("Gloria, Oriental Mindoro": "Oriental" is not the region of Morocco)."""
        mentions: list[PlaceMention] = []
        previous: tuple[NameSpan, Place] | None = None
        title = f" {' '.join(_WORDS.findall(fold(headline(document))))} "
        for span in spans:
            place = chosen.get(fold(span.text))
            if place is None:
                continue
            if (
                previous is not None
                and qualifies_previous(previous[0], span)
                and not self.gazetteer.contains(place, previous[1])
            ):
                continue
            end, place = self._city_word(document.text, span.end, place)
            incidental = is_incidental(document.text, span.start, end)
            titled = any(
                f" {' '.join(_WORDS.findall(fold(name)))} " in title
                for name in (place.name, span.text)
            )
            county = COUNTY_NAME.search(fold(span.text)) and place.kind == "region"
            written = " ".join(w.capitalize() for w in span.text.split()) if county else None
            mention = PlaceMention(document.span(span.start, end), place, incidental, None, written)
            mentions.append(replace(mention, headline=titled) if titled else mention)
            previous = (span, place)
        return self._written_regions(mentions)

    def _city_word(self, text: str, end: int, place: Place) -> tuple[int, Place]:
        """A town the report writes with "City" after the name the gazetteer lists it by
        ("Suisun City", listed as Suisun): the report's name, and its span."""
        if place.kind != "city" or fold(place.name).endswith(" city"):
            return end, place
        if not text.startswith(" City", end) or text[end + 5 : end + 6].isalnum():
            return end, place
        if self.gazetteer.candidates(f"{place.name} City"):
            return end, place
        return end + 5, replace(place, name=f"{place.name} City")

    def _written_regions(self, mentions: list[PlaceMention]) -> list[PlaceMention]:
        """Each mention of a region the report names in English otherwise than the gazetteer
        ("Coast Region" for Pwani), and of a place in it, keeps the report's name."""
        written: dict[tuple[str | None, str], str] = {}
        for m in mentions:
            name = self.gazetteer.written_name(m.place, m.span.quote)
            if name is not None:
                written[(m.place.country, m.place.name)] = name
        if not written:
            return mentions
        out = []
        for m in mentions:
            name = written.get((m.place.country, m.place.region_name or ""))
            out.append(replace(m, region_written=name) if name else m)
        return out

    # ---------------------------------------------------------------- spans
    def _spans(self, document: ReportDocument) -> list[NameSpan]:
        text = document.text
        person_words = names_of_people(document)
        spans: list[NameSpan] = []
        for paragraph in document.paragraphs:
            for ent in paragraph.doc.ents:
                label = ent.label_
                if label == "PERSON" and after_address(text, paragraph.offset + ent.start_char):
                    label = "GPE"
                elif label not in PLACE_LABELS and not ent.ent_id_:
                    continue
                if ent[0].lower_ == "the":
                    ent = ent[1:]
                if len(ent) == 0 or len(ent.text.strip()) < self.min_chars:
                    continue
                start = paragraph.offset + ent.start_char
                span = NameSpan(start, start + len(ent.text), ent.text, label=label)
                span.qualifier = qualifier_after(text, span.end)
                span.neighbourhood = NEIGHBOURHOOD_AFTER.match(text, span.end) is not None
                county = COUNTY_AFTER.match(text, span.end)
                span.county = f"{span.text} {county.group(1)}" if county else None
                spans.append(span)
                if len(ent) == 1 and self._in_a_name(ent):
                    person_words.add(ent.text)
        spans = [s for s in spans if not is_person(text, s, person_words)]
        spans = [
            s
            for s in spans
            if not NAME_AFTER.match(text, s.end)
            and not STREET_BEFORE.search(text, max(0, s.start - 12), s.start)
        ]
        spans += self._extra_spans(text, spans)
        return sorted(spans, key=lambda s: s.start)

    def _publisher_places(self, document: ReportDocument) -> list[tuple[Place, float]]:
        """What the publisher's site name says: its country-code domain (".co.uk"), a US
        broadcaster's call sign ("khou.com"), a city it is named after ("chicagotribune.com",
        "pittsburgh.example.com": cities over 100,000 people)."""
        host = site_host(document)
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
        if len(labels) >= 2 and CALL_SIGN.match(labels[-2]) and tld in ("COM", "US") and us:
            found.append((us, 2.0))
        city = g.city_in_label(labels[:-1])
        if city is not None:
            found.append((city, 1.0))
        return found

    def _title_context(self, document: ReportDocument, context: _Context) -> None:
        """The headline's "Town, ST" pairs and the regions it names unambiguously
        ("Police: Springfield, Ohio woman shot") as context, not as places of the report."""
        title = document.report.meta.title or ""
        for match in TOWN_STATE.finditer(title):
            state = self.gazetteer.us_state(match.group(2))
            if state is not None and state.country:
                context.countries[state.country] += TITLE_WEIGHT
                context.hints[(state.country, state.name)] += TITLE_WEIGHT
        for name in title_names(title, self.gazetteer):  # "Youngstown-Warren Ohio"
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
        if not (after_given_name(ent) or before_surname(ent)):
            return False
        place = self.gazetteer.lookup(ent.text)
        return place is None or place.kind == "city"

    def _extra_spans(self, text: str, found: list[NameSpan]) -> list[NameSpan]:
        """The dateline and "Town, State" pairs the recogniser missed."""
        taken = [(s.start, s.end) for s in found]
        extra: list[NameSpan] = []
        dateline = DATELINE.search(text[:DATELINE_CHARS]) or DATELINE_LINE.search(
            text[:DATELINE_CHARS]
        )
        if dateline:
            start, end = dateline.span(1)
            name = " ".join(w.capitalize() for w in dateline.group(1).split())
            if name.isupper() or name != text[start:end] or dateline.group(2):
                extra.append(NameSpan(start, end, name, dateline.group(2), DATELINE_WEIGHT))
        for match in TOWN_STATE.finditer(text):
            state = self.gazetteer.us_state(match.group(2))
            if state is not None:
                start, end = match.span(1)
                extra.append(NameSpan(start, end, match.group(1), match.group(2)))
        for pattern in (RESIDENT_OF, POLICE_OF):  # "Williams, 35, of Montgomery", "Gary police"
            for match in pattern.finditer(text):
                start, end = match.span(1)
                extra.append(NameSpan(start, end, match.group(1), qualifier_after(text, end)))
        return [
            s
            for s in extra
            if not any(a < s.end and s.start < b for a, b in taken)
            and (
                self.gazetteer.candidates(s.text)
                or (s.dateline and s.qualifier and self._qualifier_region(s.qualifier))
            )
        ]

    def _qualifier_region(self, qualifier: str) -> Place | None:
        """The region a qualifier names: a US state's abbreviation ("Va.") or a region's
        whole name that no country shares ("Texas"; not "Georgia")."""
        state = self.gazetteer.us_state(qualifier)
        if state is not None:
            return state
        places = self.gazetteer.candidates(qualifier)
        regions = [p for p in places if p.kind == "region" and fold(p.name) == fold(qualifier)]
        if len(regions) != 1 or any(p.kind == "country" for p in places):
            return None
        return regions[0]

    # ---------------------------------------------------------------- context
    def _context(
        self,
        document: ReportDocument,
        groups: dict[str, list[NameSpan]],
        candidates: dict[str, list[Place]],
        organisations: list[_OrgRegion],
    ) -> _Context:
        context = _Context(counties=counties_named(document.text), side=call_sign_side(document))
        self._title_context(document, context)
        self._county_context(context)
        for org in organisations:
            assert org.region.country is not None
            context.countries[org.region.country] += ORG_WEIGHT
            where = context.hints if org.also_a_country else context.regions
            where[(org.region.country, org.region.name)] += ORG_WEIGHT
        for place, weight in self._publisher_places(document):
            context.countries[place.country or place.name] += weight
            if place.kind == "city" and place.country and place.region:
                context.hints[(place.country, place.region)] += weight
        if US_WORDING.search(document.text):
            us = self.gazetteer.country_by_code("US")
            context.countries[us.name if us else ""] += 1
        for place in demonym_places(document, self.gazetteer):
            context.countries[place.country or place.name] += 1
            if place.kind == "region" and place.country:
                context.regions[(place.country, place.name)] += 1
        for key, group in groups.items():
            for span in group:
                state = self._qualifier_region(span.qualifier) if span.qualifier else None
                if state is not None:
                    context.countries[state.country or ""] += 2 * span.weight
                    context.regions[(state.country or "", state.name)] += 2 * span.weight
            country_name = _unambiguous_country(key, candidates[key], self.gazetteer)
            if country_name is not None:
                context.add_own(key, country_name, sum(s.weight for s in group))
                regions = {
                    p.region_name or ""
                    for p in candidates[key]
                    if p.kind == "region"
                    or (p.kind == "city" and self.gazetteer.population(p) >= 100_000)
                } - {""}
                # a big city's name says its region, unless written as a neighbourhood, or
                # only as someone's home or hospital; only as a hint when smaller towns there
                # share the name (Warren, Ohio)
                elsewhere = all(names_elsewhere(document.text, s.start, s.end) for s in group)
                if len(regions) == 1 and not elsewhere and not any(s.neighbourhood for s in group):
                    hint = not self._dominant(key, candidates[key], country_name)
                    context.add_own_region(key, country_name, regions.pop(), len(group), hint)
        return context

    def _dominant(self, key: str, candidates: list[Place], country: str) -> bool:
        """The name's largest city in ``country`` has ten times the people of every namesake
        there in another region (Philadelphia; not Warren, Michigan, with Warren, Ohio)."""
        towns = [p for p in candidates if p.country == country and p.kind == "city"]
        if not towns:
            return True
        population = self.gazetteer.population
        big = max(towns, key=population)
        others = [population(p) for p in towns if p.region != big.region]
        return not others or population(big) >= DOMINANT_RATIO * max(others)

    def _with_resolved(
        self, context: _Context, chosen: dict[str, Place], groups: dict[str, list[NameSpan]]
    ) -> _Context:
        """The first pass's places (cities and regions) added to the context."""
        updated = replace(
            context,
            countries=defaultdict(float, context.countries),
            regions=defaultdict(float, context.regions),
            own={key: defaultdict(float, added) for key, added in context.own.items()},
            own_regions={k: defaultdict(float, a) for k, a in context.own_regions.items()},
            own_hints={k: defaultdict(float, a) for k, a in context.own_hints.items()},
            hints=defaultdict(float, context.hints),
        )
        for key, place in chosen.items():
            weight = 0.5 * sum(s.weight for s in groups[key])
            updated.add_own(key, place.country or place.name, weight)
            if place.country and place.region_name:
                updated.add_own_region(key, place.country, place.region_name, weight)
        return updated

    # ---------------------------------------------------------------- choice
    def _choose(
        self,
        groups: dict[str, list[NameSpan]],
        candidates: dict[str, list[Place]],
        context: _Context,
        base: _Context,
    ) -> dict[str, Place]:
        """The best place for each name; ``base`` is the context before any choice."""
        chosen: dict[str, Place] = {}
        for key, group in groups.items():
            qualifiers = [s.qualifier for s in group if s.qualifier]
            others, others_base = context.without(key), base.without(key)
            part = any(s.neighbourhood for s in group)
            scored = [
                (
                    self._score(p, key, qualifiers, others)
                    - self._foreign(p, key, others_base, part),
                    p,
                )
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
        if place.kind != "country":
            score += REGION_WEIGHT * context.region_share(country, place.region_name)
        if any(self._qualifies(q, place) for q in qualifiers):
            score += QUALIFIER_WEIGHT
        if place.kind == "city" and context.counties and g.admin2(place) in context.counties:
            score += COUNTY_WEIGHT
        if context.side is not None and side_of(place) not in (None, context.side):
            score -= SIDE_WEIGHT
        return score

    def _foreign(self, place: Place, key: str, base: _Context, part: bool = False) -> float:
        """A town or small city (under 100,000 people), or only an alternate spelling, in a
        country the report does not name; a town or small city in another region than the ones
        the report names ("Lawndale" in a report about Chicago is not Lawndale, California).
        A name written as a neighbourhood counts as small, whatever its listed population.
        The headline's or site's region rules out only towns under 15,000 people elsewhere."""
        country = place.name if place.kind == "country" else place.country
        small = place.kind == "city" and (part or self.gazetteer.population(place) < 100_000)
        if base.countries and base.country_share(country) == 0:
            return FOREIGN_ALIAS_PENALTY if fold(place.name) != key or small else 0.0
        named = any(c == country for c, _ in base.regions)
        if small and named and base.region_share(country, place.region) == 0:
            return OTHER_REGION_PENALTY
        hinted = any(c == country for c, _ in base.hints)
        town = place.kind == "city" and self.gazetteer.population(place) < HINT_TOWN_POPULATION
        if town and hinted and base.region_share(country, place.region) == 0:
            return OTHER_REGION_PENALTY  # "Howland" in an Ohio paper is no town of Maine
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
        match = COUNTY.fullmatch(qualifier.strip().rstrip(".,"))
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
def _minus(weights: defaultdict[Any, float], own: dict[Any, float]) -> defaultdict[Any, float]:
    """``weights`` less ``own``, leaving out what falls to nothing."""
    left: defaultdict[Any, float] = defaultdict(float)
    for key, weight in weights.items():
        if weight - own.get(key, 0.0) > 1e-9:
            left[key] = weight - own.get(key, 0.0)
    return left


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

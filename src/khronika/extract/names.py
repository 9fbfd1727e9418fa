"""Every name a report gives a person, as the statistical model alone reads it.

The gazetteer ruler runs before spaCy's ``ner`` and wins: "Kheda Saratova" becomes the places
Kheda (India) and Saratov, "Madina" the city of Madinah. That is right for linking places and
wrong for protecting people, so this step runs ``ner`` once more over each paragraph without the
ruler's places and keeps every PERSON span, widened by the capitalised words right next to it
that are not common English words ("Kheda" + "Saratova"). Viewers never read these names
(:mod:`khronika.security.redact`) unless an analyst marks the person public, or the name is
a known organisation or a named perpetrator. A span that is exactly a country or a region
("Chechnya", read as a person by mistake), or a place named after "in", "at", "near"... ("in
Groznyy") is left out: those are places whatever the model says.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from ..model import SourceSpan
from ..pipeline import Paragraph, ReportDocument, register_step
from ._nlp import MODEL, load_nlp
from .actors import ROLE_WORDS

COMMON_ZIPF = 4.5  # an English word at least this frequent is a word, not part of a name
_BIG_PLACES = ("country", "region")
_PLACE_WORDS = frozenset(
    ["in", "at", "near", "from", "outside", "around", "across", "towards", "toward", "into"]
)


@cache
def common_word(word: str) -> bool:
    """A frequent English word ("National", "Park", "Defender", "Police")."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word.lower(), "en") >= COMMON_ZIPF


def _name_word(token: Any) -> bool:
    """A word that may continue a name: capitalised letters, not a function word, not a title
    or role ("President", "lawyer"), not a common English word."""
    text = str(token.text)
    return (
        token.is_alpha
        and text[:1].isupper()
        and len(text) >= 2
        and not token.is_stop
        and text.lower() not in ROLE_WORDS
        and not common_word(text)
    )


def widened(doc: Any, start: int, end: int) -> tuple[int, int]:
    """The span with the capitalised name words right before and after it."""
    while start > 0 and _name_word(doc[start - 1]) and not doc[start].is_sent_start:
        start -= 1
    while end < len(doc) and _name_word(doc[end]) and not doc[end].is_sent_start:
        end += 1
    return start, end


@register_step("khronika.names")
class PersonNames:
    """Names of people seen by the statistical NER alone (see the module's text)."""

    def __init__(self, model: str = MODEL) -> None:
        from .gazetteer import Gazetteer

        nlp = load_nlp(model)
        self.ner: Any = nlp.get_pipe("ner") if "ner" in nlp.pipe_names else None
        self.gazetteer = Gazetteer.default()

    def __call__(self, document: ReportDocument) -> ReportDocument:
        if self.ner is None:
            return document
        for paragraph in document.paragraphs:
            document.people.extend(self._names(document, paragraph))
        return document

    def _names(self, document: ReportDocument, paragraph: Paragraph) -> list[SourceSpan]:
        doc = paragraph.doc.copy()
        doc.set_ents([], default="missing")  # nothing preset: the model decides alone
        doc = self.ner(doc)
        found = []
        for ent in doc.ents:
            if ent.label_ != "PERSON" or self._a_place(ent):
                continue
            start, end = widened(doc, ent.start, ent.end)
            found.append(document.token_span(paragraph, doc[start], doc[end - 1]))
        return found

    def _a_place(self, ent: Any) -> bool:
        """A span the model called a person that is a place: exactly a country or a region
        ("Chechnya"), or a place's name after "in", "at", "near"... ("in Groznyy")."""
        place = self.gazetteer.lookup(ent.text.strip())
        if place is None:
            return False
        before = ent.doc[ent.start - 1].lower_ if ent.start > 0 else ""
        return place.kind in _BIG_PLACES or before in _PLACE_WORDS

"""Every name a report gives a person, as the statistical model reads it.

The gazetteer ruler runs before spaCy's ``ner`` and wins: "Kheda Saratova" becomes the places
Kheda (India) and Saratov, "her sister Madina" the city of Madinah. That is right for most
place names and wrong for protecting people. So this step keeps every PERSON span of the
parse, and reads again, with ``ner`` alone and nothing preset, each sentence where the ruler
placed a city that does not follow "in", "at", "near"...; every span either read calls a
person is kept, widened by the capitalised words right next to it that are not common English
words ("Kheda" + "Saratova"). Viewers never read these names (:mod:`khronika.security.redact`)
unless an analyst marks the person public, or the name is a known organisation or a named
perpetrator.

A one-word span that is a place or a demonym ("Grozny", "Chechen", read as a person by
mistake) is a person only right after a relation, role or honorific ("her sister Madina",
"lawyer Kheda", "Ms Gwanda"); a span that is exactly a country or a region never is.
"""

from __future__ import annotations

from typing import Any

from ..domain.words import common_word
from ..model import SourceSpan
from ..pipeline import Paragraph, ReportDocument, register_step
from ._nlp import MODEL, load_nlp
from .actors import ROLE_WORDS

_BIG_PLACES = ("country", "region")
_PLACE_LABELS = ("GPE", "LOC", "FAC")
_PLACE_WORDS = frozenset(
    ["in", "at", "near", "from", "outside", "around", "across", "towards", "toward", "into"]
)
_RELATIONS = frozenset(
    ["sister", "brother", "wife", "husband", "mother", "father", "son", "daughter", "cousin"]
    + ["uncle", "aunt", "niece", "nephew", "widow", "widower", "fiancée", "fiancé", "fiance"]
    + ["grandmother", "grandfather", "relative", "neighbour", "neighbor", "friend", "colleague"]
    + ["mr", "mrs", "ms", "miss", "dr", "mr.", "mrs.", "ms.", "dr."]
)
_BEFORE_A_NAME = _RELATIONS | ROLE_WORDS


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


def _word_before(doc: Any, start: int) -> str:
    return str(doc[start - 1].lower_) if start > 0 else ""


@register_step("khronika.names")
class PersonNames:
    """Names of people the statistical NER sees (see the module's text)."""

    def __init__(self, model: str = MODEL) -> None:
        from ..domain.gazetteer import Gazetteer

        nlp = load_nlp(model)
        self.ner: Any = nlp.get_pipe("ner") if "ner" in nlp.pipe_names else None
        self.gazetteer = Gazetteer.default()

    def __call__(self, document: ReportDocument) -> ReportDocument:
        found: dict[tuple[int, int], SourceSpan] = {}
        for paragraph in document.paragraphs:
            for doc, start, end, offset in self._people(paragraph):
                first, last = doc[start], doc[end - 1]
                begin = paragraph.offset + offset + first.idx
                span = document.span(begin, paragraph.offset + offset + last.idx + len(last))
                found.setdefault((span.start, span.end), span)
        document.people.extend(found[key] for key in sorted(found))
        return document

    def _people(self, paragraph: Paragraph) -> list[tuple[Any, int, int, int]]:
        """(doc, first token, end token, character offset of the doc in the paragraph) of
        every person's name: the parse's, and the model's alone in suspect sentences."""
        doc = paragraph.doc
        reads = [(doc, e.start, e.end, 0) for e in doc.ents if e.label_ == "PERSON"]
        if self.ner is not None:
            for sentence in doc.sents:
                if any(self._suspect(e) for e in sentence.ents):
                    reads += self._read_alone(sentence)
        return [
            (read, *widened(read, start, end), offset)
            for read, start, end, offset in reads
            if not self._a_place(read, start, end)
        ]

    def _read_alone(self, sentence: Any) -> list[tuple[Any, int, int, int]]:
        """The sentence read by ``ner`` alone, nothing preset: its PERSON spans."""
        alone = sentence.as_doc()
        alone.set_ents([], default="missing")
        alone = self.ner(alone)
        at = sentence.start_char
        return [(alone, e.start, e.end, at) for e in alone.ents if e.label_ == "PERSON"]

    def _suspect(self, ent: Any) -> bool:
        """A city the ruler placed, not after "in", "at"...: perhaps a person's name."""
        if ent.label_ not in _PLACE_LABELS or _word_before(ent.doc, ent.start) in _PLACE_WORDS:
            return False
        place = self.gazetteer.lookup(ent.text.strip())
        return place is not None and place.kind not in _BIG_PLACES

    def _a_place(self, doc: Any, start: int, end: int) -> bool:
        """A span the model called a person that is a place (see the module's text)."""
        text = doc[start:end].text.strip()
        place = self.gazetteer.lookup(text)
        if place is not None and place.kind in _BIG_PLACES:
            return True
        wide = widened(doc, start, end)
        if wide[1] - wide[0] > 1 or (place is None and self.gazetteer.demonym(text) is None):
            return False
        return _word_before(doc, start) not in _BEFORE_A_NAME

"""What a viewer may not read: the names of people a report could get hurt.

A *viewer* account reads the record with witness-identifying names withheld. Who is withheld
is decided from the record itself (:meth:`Store.people_to_withhold`): every person who is a
victim of any incident, and every other person who is not a named perpetrator — witnesses,
relatives, sources quoted in reports, people only mentioned. Only organisations, groups and
people named as perpetrators (and never as victims) stay readable. Erring towards withholding
is deliberate: a name wrongly hidden from a viewer costs a question to an analyst; a witness
wrongly shown can cost far more.

A :class:`Redactor` replaces every name those people are known by (each alias, and each part
of a name of three letters or more, so "Kalyapin said" is caught as well as "Igor Kalyapin"),
in any case, with or without diacritics, and URL-encoded, by ``[withheld]``. It works on
plain text, on JSON values (keys too) and on HTML (text and attribute values; tag names and
attribute names are left alone so the page still works).
"""

from __future__ import annotations

import re
import unicodedata
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..store import Store

WITHHELD = "[withheld]"
MIN_PART = 3
# Name particles and honorifics: never withheld on their own.
_PARTICLE_WORDS = (
    "the and von van der den del della des dos das bin ibn abu al el mr mrs ms dr prof sir jr sr"
)
PARTICLES = frozenset(_PARTICLE_WORDS.split())
_FOLD = str.maketrans({"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ß": "ss"})
_TAG = re.compile(r"<[^>]*>")
_WORD = re.compile(r"(?:%[0-9A-Fa-f]{2}|[^\W_])+")  # letters and digits, or URL-encoded ones
_RUN = re.compile(re.escape(WITHHELD) + r"(?:[ \u00a0]+" + re.escape(WITHHELD) + ")+")
_ATTRIBUTE_VALUE = re.compile(r"""(=\s*)("[^"]*"|'[^']*')""")


def fold(text: str) -> str:
    """The text without diacritics ("Bjørn" -> "Bjorn", "Dadaév" -> "Dadaev")."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def name_terms(name: str) -> set[str]:
    """The words of a name that identify on their own (each part of three letters or more
    that is not a particle), as written."""
    parts = re.findall(r"[^\W\d_]+", name)
    return {p for p in parts if len(p) >= MIN_PART and p.lower() not in PARTICLES}


@lru_cache(maxsize=65536)
def _key(word: str) -> str:
    """How a word is compared: URL-decoded, without diacritics, lowercased."""
    if "%" in word:
        word = urllib.parse.unquote(word)
    return fold(word).lower()


@dataclass(frozen=True)
class Redactor:
    """Withholds a fixed set of names; an empty redactor changes nothing.

    Text is read word by word (a word may be URL-encoded: ``Bj%C3%B8rn``); a word that is
    part of a withheld name becomes ``[withheld]``, and the parts of one name written together
    become one ``[withheld]``. Comparing words in a set keeps this fast whatever the number of
    people withheld."""

    terms: frozenset[str]

    @classmethod
    def for_people(cls, people: Iterable[tuple[str, Iterable[str]]]) -> Redactor:
        """``people``: (actor id, names) pairs, as :meth:`Store.people_to_withhold` gives."""
        terms = {_key(t) for _actor_id, names in people for n in names for t in name_terms(n)}
        return cls(frozenset(terms))

    @classmethod
    def for_store(cls, store: Store) -> Redactor:
        """The redactor for the people the record in ``store`` withholds now."""
        return cls.for_people(store.people_to_withhold())

    def _word(self, match: re.Match[str]) -> str:
        word = match.group(0)
        return WITHHELD if _key(word) in self.terms else word

    def text(self, value: str) -> str:
        if not self.terms:
            return value
        return _RUN.sub(WITHHELD, _WORD.sub(self._word, value))

    def mentions(self, value: str) -> bool:
        return any(_key(m.group(0)) in self.terms for m in _WORD.finditer(value))

    def value(self, value: Any) -> Any:
        """A JSON value with every string (keys included) redacted."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, dict):
            return {self.text(str(k)): self.value(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [self.value(item) for item in value]
        return value

    def html(self, page: str) -> str:
        """An HTML page with names withheld in its text and attribute values."""
        if not self.terms:
            return page
        out: list[str] = []
        at = 0
        for tag in _TAG.finditer(page):
            out.append(self.text(page[at : tag.start()]))
            out.append(_ATTRIBUTE_VALUE.sub(self._attribute, tag.group(0)))
            at = tag.end()
        out.append(self.text(page[at:]))
        return "".join(out)

    def _attribute(self, match: re.Match[str]) -> str:
        return match.group(1) + self.text(match.group(2))

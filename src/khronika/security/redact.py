"""What a viewer may not read: the names of people a report could get hurt.

A *viewer* account reads the record with witness-identifying names withheld. Who is withheld
is decided from the record itself:

- every person who is a victim of any incident, and every other person who is not a named
  perpetrator — witnesses, relatives, sources quoted in reports, people only mentioned
  (:meth:`Store.people_to_withhold`), by every name and alias;
- every name the extraction read as a person's (:mod:`khronika.extract.names`), even where
  the gazetteer filed it as a place ("Kheda Saratova", "Madina"), with the capitalised words
  next to it;

unless an analyst marked the person public (``khronika public mark``, or the actor page), or
the name is exactly a known organisation, group or publisher, or every word of it belongs to a
named perpetrator or a public person. Erring towards withholding is deliberate: a name wrongly
hidden from a viewer costs a question to an analyst; a witness wrongly shown can cost far more.

A :class:`Redactor` replaces every capitalised word of those names of three letters or more
(particles like "al" or "van" and lowercase words such as "defender" are never name words), in
any case, with or without diacritics, and URL-encoded, by ``[withheld]``. A name word that is a
common English word ("Mark", "Grace", "National") is withheld only next to a withheld word
("Mark [withheld]" -> "[withheld]"), or, in a name made only of common words, only where it is
capitalised. It works on plain text, on JSON values (keys too) and on HTML (text and attribute
values; tag and attribute names are left alone so the page still works); links within the
site that would carry a withheld name carry an opaque token instead (see ``opaque``).
"""

from __future__ import annotations

import html as htmllib
import re
import unicodedata
import urllib.parse
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any

from ..domain.words import common_word

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
_ATTRIBUTE = re.compile(r"""([\w:-]+)(\s*=\s*)("[^"]*"|'[^']*')""")
_BEFORE = re.compile(r"([^\W\d_]+)([ \u00a0-]+)(?=" + re.escape(WITHHELD) + ")")
_AFTER = re.compile("(" + re.escape(WITHHELD) + r"[ \u00a0-]+)([^\W\d_]+)")
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction"})
ID_KEYS = frozenset({"doc_id", "doc_ids", "actor_id", "copy_of"})

Opaque = Callable[[str], str]  # a value (a path segment, an id) -> an opaque token for it


def fold(text: str) -> str:
    """The text without diacritics ("Bjørn" -> "Bjorn", "Dadaév" -> "Dadaev")."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def name_terms(name: str) -> set[str]:
    """The words of a name that identify on their own (each capitalised part of three letters
    or more that is not a particle), as written: never "defender" in "rights defender Ivanov"."""
    parts = re.findall(r"[^\W\d_]+", name)
    return {
        p for p in parts if len(p) >= MIN_PART and p[0].isupper() and p.lower() not in PARTICLES
    }


@lru_cache(maxsize=65536)
def _key(word: str) -> str:
    """How a word is compared: URL-decoded, without diacritics, lowercased."""
    if "%" in word:
        word = urllib.parse.unquote(word)
    return fold(word).lower()


def _name_key(name: str) -> str:
    return " ".join(_key(w) for w in re.findall(r"[^\W_]+", name))


@dataclass(frozen=True)
class Redactor:
    """Withholds a fixed set of names; an empty redactor changes nothing.

    Text is read word by word (a word may be URL-encoded: ``Bj%C3%B8rn``); a word that is
    part of a withheld name becomes ``[withheld]``, and the parts of one name written together
    become one ``[withheld]``. Comparing words in a set keeps this fast whatever the number of
    people withheld. ``terms`` are withheld in any case, ``capitalised`` only when written with
    a capital, ``companions`` only next to a withheld word. ``hidden_actors`` are the actor ids
    of the people withheld, ``visible_actors`` every other actor id."""

    terms: frozenset[str]
    capitalised: frozenset[str] = frozenset()
    companions: frozenset[str] = frozenset()
    hidden_actors: frozenset[str] = frozenset()
    visible_actors: frozenset[str] = frozenset()
    # the withheld words' forms in other languages and scripts (see inflection_keys)
    forms: frozenset[str] = frozenset()

    @classmethod
    def for_people(
        cls, people: Iterable[tuple[str, Iterable[str]]], names: Iterable[str] = ()
    ) -> Redactor:
        """``people``: (actor id, names) pairs, as :meth:`Store.people_to_withhold` gives;
        ``names``: other names to withhold (read as people's by the extraction)."""
        people = [(actor_id, list(known)) for actor_id, known in people]
        any_case: set[str] = set()
        capitalised: set[str] = set()
        companions: set[str] = set()
        resolved = [(n, True) for _a, known in people for n in known]
        for name, of_a_person in resolved + [(n, False) for n in names]:
            keys = {_key(t) for t in name_terms(name)}
            terms = {k: common_word(k) for k in keys}
            rare = {t for t, common in terms.items() if not common}
            if not rare and not of_a_person:
                continue  # the model's "Twitter", "Statement": common words, not a name
            any_case |= rare
            (companions if rare else capitalised).update(set(terms) - rare)
        return cls(
            frozenset(any_case),
            frozenset(capitalised - any_case),
            frozenset(companions - any_case - capitalised),
            frozenset(actor_id for actor_id, _ in people),
            forms=frozenset(k for term in any_case for k in inflection_keys(term)),
        )

    @classmethod
    def for_store(cls, store: Store) -> Redactor:
        """The redactor for the people the record in ``store`` withholds now."""
        public = store.public_names()
        public_ids = {p.actor_id for p in public if p.actor_id}
        public_keys = {_name_key(p.name) for p in public}
        organisations = {_name_key(n) for n in store.organisation_names()}
        withheld = [
            (person.actor_id, [n for n in person.names if _name_key(n) not in organisations])
            for person in store.people_to_withhold()
            if person.actor_id not in public_ids and _name_key(person.names[0]) not in public_keys
        ]
        withheld = [(actor_id, names) for actor_id, names in withheld if names]
        readable = [p.name for p in public]
        readable += [n for person in store.named_perpetrators() for n in person.names]
        redactor = cls.for_people(withheld, _seen_names(store, readable, organisations))
        hidden = frozenset(redactor.hidden_actors)
        every_actor = {a.actor_id for a in store.actors()}
        return cls(
            redactor.terms,
            redactor.capitalised,
            redactor.companions,
            hidden,
            frozenset(every_actor - hidden),
            redactor.forms,
        )

    def shown(self, actor_id: str) -> bool:
        """Whether an actor may be listed to a viewer: a withheld person's place in a list
        sorted by id would tell where their name falls in the alphabet."""
        return actor_id not in self.hidden_actors

    def without_withheld_actors(self, data: dict[str, Any]) -> dict[str, Any]:
        """An export (``documents``, ``incidents``, ``actors``) without withheld people in its
        list of actors."""
        actors = [a for a in data.get("actors", []) if self.shown(str(a.get("actor_id")))]
        return {**data, "actors": actors}

    def record(self, data: dict[str, Any]) -> dict[str, Any]:
        """An export redacted, without withheld people in its list of actors."""
        redacted: dict[str, Any] = self.value(self.without_withheld_actors(data))
        return redacted

    def _withheld(self, word: str) -> bool:
        key = _key(word)
        if key in self.terms:
            return True
        plain = urllib.parse.unquote(word) if "%" in word else word
        if key in self.capitalised:
            return plain[:1].isupper()
        return bool(self.forms) and _another_form(plain, self.forms)

    def _word(self, match: re.Match[str]) -> str:
        word = match.group(0)
        return WITHHELD if self._withheld(word) else word

    def _companion(self, word: str) -> bool:
        return word[:1].isupper() and _key(word) in self.companions

    def text(self, value: str) -> str:
        if not self.terms and not self.capitalised:
            return value
        out = _WORD.sub(self._word, value)
        if self.companions and WITHHELD in out:
            for _ in range(3):  # "Mark John [withheld]": one companion a round, each side
                before = out
                out = _BEFORE.sub(
                    lambda m: (WITHHELD if self._companion(m[1]) else m[1]) + m[2], out
                )
                out = _AFTER.sub(
                    lambda m: m[1] + (WITHHELD if self._companion(m[2]) else m[2]), out
                )
                if out == before:
                    break
        return _RUN.sub(WITHHELD, out)

    @cached_property
    def _named(self) -> frozenset[str]:
        return self.terms | self.capitalised

    def mentions(self, value: str) -> bool:
        """Whether ``value`` names a withheld person (any word of a withheld name, any case)."""
        words = self._named
        return any(_key(m.group(0)) in words for m in _WORD.finditer(value))

    def value(self, value: Any, opaque: Opaque | None = None, key: str = "") -> Any:
        """A JSON value with every string (keys included) redacted; ids naming a withheld
        person become opaque tokens if ``opaque`` is given."""
        if isinstance(value, str):
            if opaque is not None and key in ID_KEYS and self.mentions(value):
                return opaque(value)
            return self.text(value)
        if isinstance(value, dict):
            return {self.text(str(k)): self.value(v, opaque, str(k)) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [self.value(item, opaque, key) for item in value]
        return value

    def html(self, page: str, opaque: Opaque | None = None) -> str:
        """An HTML page with names withheld in its text and attribute values; a link within
        the site naming a withheld person gets opaque tokens if ``opaque`` is given."""
        if not self.terms and not self.capitalised:
            return page
        out: list[str] = []
        at = 0

        def attribute(match: re.Match[str]) -> str:
            name, equals, quoted = match.groups()
            inner = quoted[1:-1]
            if opaque is not None and name.lower() in URL_ATTRIBUTES and inner.startswith("/"):
                return f"{name}{equals}{quoted[0]}{self.link(inner, opaque)}{quoted[0]}"
            return name + equals + self.text(quoted)

        for tag in _TAG.finditer(page):
            out.append(self.text(page[at : tag.start()]))
            out.append(_ATTRIBUTE.sub(attribute, tag.group(0)))
            at = tag.end()
        out.append(self.text(page[at:]))
        return "".join(out)

    def link(self, escaped_url: str, opaque: Opaque) -> str:
        """A site link (HTML-escaped, as in an attribute) whose path segments and query
        values naming a withheld person are replaced by opaque tokens."""
        url = htmllib.unescape(escaped_url)
        if not self.mentions(urllib.parse.unquote_plus(url)):
            return escaped_url
        rest, _, fragment = url.partition("#")
        path, _, query = rest.partition("?")
        segments = [
            opaque(urllib.parse.unquote(s)) if self.mentions(urllib.parse.unquote(s)) else s
            for s in path.split("/")
        ]
        pairs = [
            (k, opaque(v) if self.mentions(v) else v)
            for k, v in urllib.parse.parse_qsl(query, keep_blank_values=True)
        ]
        built = "/".join(segments) + ("?" + urllib.parse.urlencode(pairs) if query else "")
        built += "#" + self.text(fragment) if fragment else ""
        return htmllib.escape(built)


@lru_cache(maxsize=65536)
def inflection_keys(word: str) -> frozenset[str]:
    """Keys shared by the forms of a name word in other cases and scripts: its Russian stem
    (Хеда, Хеды, Хедой -> "ru:хед") and its spelling key with its script (Эстемировой ->
    "sp:cyrillic:stmrf", see :mod:`khronika.spelling`; it meets only a word in another
    script: Engeslandia is not Engesland); none for a word of digits."""
    from ..extract.languages.names import is_cyrillic
    from ..spelling import word_key

    if not any(ch.isalpha() for ch in word):
        return frozenset()
    keys = set()
    if is_cyrillic(word):
        keys.add("ru:" + _russian_stem(word.lower()))
    spelled = word_key(word)
    if spelled:
        keys.add(f"sp:{_script(word)}:{spelled}")
    return frozenset(keys)


SCRIPTS = ("latin", "cyrillic", "arabic")


def _script(word: str) -> str:
    from ..extract.languages.names import is_arabic, is_cyrillic

    return "cyrillic" if is_cyrillic(word) else "arabic" if is_arabic(word) else "latin"


def _russian_stem(word: str) -> str:
    from ..extract.languages.places import _RU_ENDINGS

    for ending in _RU_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_PART:
            return word[: -len(ending)]
    return word


def _another_form(word: str, forms: frozenset[str]) -> bool:
    """A capitalised Cyrillic word or an Arabic word (the script has no capitals) whose stem
    or spelling key is a withheld name word's. Latin words are withheld as written only (in
    any case, without diacritics): a Latin word is what a viewer types, and a probe like
    "Saratov" must answer as any other word does."""
    script = _script(word)
    if script == "latin" or not (word[:1].isupper() or script == "arabic"):
        return False
    if len(word) < MIN_PART:
        return False
    mine = inflection_keys(word)
    if any(k.startswith("ru:") and k in forms for k in mine):
        return True
    # a spelling key meets a withheld word written in another script
    spelled = {k.rsplit(":", 1)[1] for k in mine if k.startswith("sp:")}
    return any(f"sp:{other}:{k}" in forms for k in spelled for other in SCRIPTS if other != script)


def _seen_names(store: Store, readable: list[str], organisations: set[str]) -> list[str]:
    """The names read as people's that are withheld: not exactly an organisation's or a
    publisher's, and not made only of words of readable people's names (a named perpetrator,
    someone marked public)."""
    readable_terms = {_key(t) for n in readable for t in name_terms(n)}
    known = organisations | {_name_key(n) for n in readable}
    return [
        name
        for name in store.person_names()
        if _name_key(name) not in known
        and not {_key(t) for t in name_terms(name)} <= readable_terms
    ]


def without_unread_titles(data: dict[str, Any], unread: set[str]) -> dict[str, Any]:
    """An export whose documents never read for names (not in English) have no title."""
    documents = [
        {**d, "title": None} if d.get("doc_id") in unread else d for d in data.get("documents", [])
    ]
    return {**data, "documents": documents}

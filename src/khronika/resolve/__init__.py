"""Resolve actors across reports: one actor id per real-world person or organisation.

Evidence for every merge is stored with the alias: the same name, an acronym defined in
the text ("Joint Mobile Group (JMG)"), a one-letter typo of a defined acronym ("LMG"),
an acronym matching the initials of a name in the same report, a surname of a full name
in the same report, or a close spelling (transliteration) of a known name.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from ..extract.actors import acronym_matches
from ..model import ActorMention, EventMention, Extraction

if TYPE_CHECKING:  # the resolver is handed a store; resolve itself sits below store/
    from ..store import Store

SPELLING_MIN_RATIO = 90.0


@lru_cache(maxsize=65536)
def normalise(name: str) -> str:
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = re.sub(r"[’'`]s\b", "", text)
    text = re.sub(r"[^\w\s]", " ", text)
    text = " ".join(w for w in text.split() if w != "the")
    return text


_SOUNDS = (
    ("kh", "h"),
    ("zh", "j"),
    ("dzh", "j"),
    ("sch", "sh"),
    ("tch", "ch"),
    ("ph", "f"),
    ("ck", "k"),
    ("w", "v"),
    ("iy", "i"),
    ("yy", "i"),
    ("ij", "i"),
    ("yi", "i"),
    ("ie", "i"),
    ("y", "i"),
    ("ou", "u"),
    ("ee", "i"),
    ("c", "k"),
    ("q", "k"),
    ("x", "ks"),
    ("z", "s"),
)


@lru_cache(maxsize=65536)
def phonetic_key(name: str) -> str:
    """A spelling-insensitive key for transliterated names: Khodorkovsky and Khodorkovskiy,
    Groznyy and Grozny, Dzhabrail and Djabrail give the same key."""
    words = []
    for word in normalise(name).split():
        for old, new in _SOUNDS:
            word = word.replace(old, new)
        word = re.sub(r"(.)\1+", r"\1", word)
        words.append(word)
    return " ".join(words)


def blocking_key(name: str) -> str:
    """The sound of a name's last word: candidates for a spelling match share it."""
    words = phonetic_key(name).split()
    return words[-1] if words else ""


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", normalise(name)).strip("-") or "actor"


class ActorResolver:
    """Gives every named actor mention of a report an actor id, recording the evidence."""

    def __init__(self, store: Store, spelling_min_ratio: float = SPELLING_MIN_RATIO) -> None:
        self.store = store
        self.spelling_min_ratio = spelling_min_ratio
        self._backfill_sounds()

    def __call__(self, extraction: Extraction) -> Extraction:
        local = self._local_names(extraction)
        ids: dict[str, str] = {}
        named = sorted(
            (a for a in extraction.actors if a.kind != "group"), key=lambda a: -len(a.name)
        )
        for actor in named:
            key = normalise(actor.name)
            if key in ids:
                continue
            full, evidence = local.get(key, (actor.name, "same name"))
            ids[key] = self._actor_id(full, actor, evidence)
            if normalise(full) != key:
                self._alias(
                    ids[key],
                    key,
                    actor.name,
                    evidence,
                    actor.span.doc_id,
                    actor.span.start,
                    actor.span.end,
                )
        return _with_ids(extraction, ids)

    def _local_names(self, extraction: Extraction) -> dict[str, tuple[str, str]]:
        """Short names in this report mapped to the full name they stand for."""
        local: dict[str, tuple[str, str]] = {}
        doc = extraction.doc_id
        for alias, full, span in extraction.aliases:
            local[normalise(alias)] = (
                full,
                f"acronym defined in {doc} at {span.start}: {span.quote!r}",
            )
        full_orgs = [
            a.name for a in extraction.actors if a.kind == "organization" and " " in a.name
        ]
        full_people = [a.name for a in extraction.actors if a.kind == "person" and " " in a.name]
        for actor in extraction.actors:
            key = normalise(actor.name)
            if key in local or " " in actor.name:
                continue
            if actor.kind == "organization" and actor.name.isupper():
                match = self._acronym_of(actor.name, full_orgs, local)
                if match:
                    local[key] = match
            elif actor.kind == "person":
                same = [p for p in full_people if normalise(p).split()[-1] == key]
                if len(set(same)) == 1:
                    local[key] = (same[0], f"surname of {same[0]!r} in {doc}")
        return local

    @staticmethod
    def _acronym_of(
        acronym: str, full_orgs: list[str], local: dict[str, tuple[str, str]]
    ) -> tuple[str, str] | None:
        exact = [n for n in full_orgs if acronym_matches(acronym, n, max_edits=0)]
        if len(set(exact)) == 1:
            return exact[0], f"initials of {exact[0]!r} in the same report"
        for alias, (full, _) in list(local.items()):
            if alias.isalpha() and acronym_matches(acronym, full) and len(alias) == len(acronym):
                return full, f"one-letter variant of the acronym {alias.upper()!r} of {full!r}"
        return None

    def _actor_id(self, full: str, actor: ActorMention, evidence: str) -> str:
        key = normalise(full)
        found = self.store.actor_ids_for(key)
        if found:
            return found[0]
        similar = self._similar(key, actor.kind)
        if similar is not None:
            actor_id, known, score = similar
            self._alias(
                actor_id,
                key,
                full,
                f"spelling variant of {known!r} (similarity {score:.0f}, same sound key)"
                if phonetic_key(key) == phonetic_key(normalise(known))
                else f"spelling variant of {known!r} (similarity {score:.0f})",
                actor.span.doc_id,
            )
            return actor_id
        actor_id = self._new_id(full)
        kind = actor.kind if full == actor.name or actor.kind != "group" else "organization"
        self.store.add_actor(actor_id, full, kind)
        self._alias(
            actor_id, key, full, evidence, actor.span.doc_id, actor.span.start, actor.span.end
        )
        return actor_id

    def _similar(self, key: str, kind: str) -> tuple[str, str, float] | None:
        """A known actor whose name is a spelling variant; only names sharing the blocking
        key (the sound of the last word) are compared, not every actor in the store."""
        if len(key) < 6:
            return None
        best: tuple[str, str, float] | None = None
        for actor_id, name in self.store.aliases_sounding(blocking_key(key), kind):
            other = normalise(name)
            if other[:1] != key[:1] or len(other.split()) != len(key.split()):
                continue
            score = fuzz.ratio(key, other)
            if phonetic_key(key) == phonetic_key(other):
                score = max(score, self.spelling_min_ratio)
            if score >= self.spelling_min_ratio and (best is None or score > best[2]):
                best = (actor_id, name, score)
        return best

    def _backfill_sounds(self) -> None:
        """Aliases stored before blocking keys existed get one (once)."""
        for actor_id, norm in self.store.aliases_without_sound():
            self.store.set_alias_sound(actor_id, norm, blocking_key(norm))

    def _alias(
        self,
        actor_id: str,
        norm: str,
        alias: str,
        evidence: str,
        doc_id: str | None = None,
        start: int | None = None,
        end: int | None = None,
    ) -> None:
        self.store.add_alias(
            actor_id, norm, alias, evidence, doc_id, start, end, sound=blocking_key(norm)
        )

    def _new_id(self, name: str) -> str:
        base = slug(name)
        candidate, n = base, 2
        while self.store.actor_exists(candidate):
            candidate, n = f"{base}-{n}", n + 1
        return candidate


def _with_ids(extraction: Extraction, ids: dict[str, str]) -> Extraction:
    def fill(actor: ActorMention) -> ActorMention:
        actor_id = ids.get(normalise(actor.name)) if actor.kind != "group" else None
        return dataclasses.replace(actor, actor_key=actor_id)

    def fill_event(event: EventMention) -> EventMention:
        return dataclasses.replace(
            event,
            perpetrators=tuple(fill(a) for a in event.perpetrators),
            victims=tuple(fill(a) for a in event.victims),
        )

    return dataclasses.replace(
        extraction,
        actors=tuple(fill(a) for a in extraction.actors),
        events=tuple(fill_event(e) for e in extraction.events),
    )

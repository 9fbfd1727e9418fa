"""Event mentions: triggers typed by the typology, with perpetrators, victims, place and time.

Grammar, not name lists: a trigger is a verb or noun from :mod:`lexicon`; it is kept only
when it reports something that happened (not negated, demanded, feared or attempted, and
for nouns, specific rather than generic); its roles come from the dependency parse.
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass
from typing import Any

from ..domain.lexicon import (
    ADJ_TRIGGERS,
    COMPOUND_TYPES,
    FATAL_WORDS,
    HUMAN_NOUNS,
    NOUN_TRIGGERS,
    PREMISES_NOUNS,
    SPECIFICITY,
    SUPPORT_VERBS,
    VERB_TRIGGERS,
)
from ..model import ActorMention, EventMention, PlaceMention, TimeMention
from ..pipeline import Paragraph, ReportDocument, register_step
from . import _syntax as syn
from .actors import ROLE_WORDS, TITLE_WORDS
from .docevents import document_pass
from .timeroles import is_follow_up

Token = Any
ORG_NOUNS = {
    "organisation",
    "organization",
    "ngo",
    "group",
    "committee",
    "association",
    "movement",
    "party",
    "union",
    "newspaper",
    "media",
    "outlet",
    "office",
}
PRONOUNS_PERSON = {"he", "him", "his", "she", "her"}
PRONOUNS_PLURAL = {"they", "them", "their"}
PRONOUN_WINDOW = 300  # characters back in which the latest fitting actor is the antecedent


@dataclass
class _Target:
    actors: list[ActorMention]
    kind: str | None  # premises | organization | person | group | None


class _Roles:
    """Turns the tokens that fill a role into actor mentions."""

    def __init__(self, document: ReportDocument, paragraph: Paragraph) -> None:
        self.document = document
        self.paragraph = paragraph

    def offset(self, token: Token) -> int:
        return int(self.paragraph.offset + token.idx)

    def named(self, token: Token) -> ActorMention | None:
        position = self.offset(token)
        for actor in self.document.actors:
            if actor.span.start <= position < actor.span.end and actor.kind != "group":
                return actor
        return None

    def pronoun(self, token: Token) -> ActorMention | None:
        position = self.offset(token)
        lower = token.lower_
        if lower in PRONOUNS_PERSON:
            wanted = {"person"}
        elif lower in PRONOUNS_PLURAL:
            wanted = {"organization", "group"}
        else:
            return None
        earlier = [a for a in self.document.actors if a.span.end <= position and a.kind in wanted]
        in_paragraph = [a for a in earlier if position - a.span.end <= PRONOUN_WINDOW]
        if in_paragraph:
            return in_paragraph[-1]
        named = Counter(a.name for a in earlier if a.kind != "group")
        if named:
            top = named.most_common(1)[0][0]
            return next(a for a in reversed(earlier) if a.name == top)
        return earlier[-1] if earlier else None

    def group(self, token: Token) -> ActorMention:
        first, last = syn.phrase_bounds(token)
        span = self.document.token_span(self.paragraph, first, last)
        actor = ActorMention(span, span.quote, "group", count=syn.number_of(token))
        if actor not in self.document.actors:
            self.document.actors.append(actor)
        return actor

    def target(self, token: Token) -> _Target:
        """What a role token refers to, and what kind of thing it is."""
        members = [token, *[c for c in token.children if c.dep_ == "conj"]]
        actors: list[ActorMention] = []
        kind: str | None = None
        for member in members:
            found, member_kind = self._one(member)
            kind = kind or member_kind
            actors.extend(found)
        return _Target(actors, kind)

    def _one(self, token: Token) -> tuple[list[ActorMention], str | None]:
        named = self.named(token)
        if named is not None:
            return [named], named.kind
        lemma = token.lemma_.lower()
        if token.pos_ == "PRON":
            actor = self.pronoun(token)
            return ([actor] if actor else []), (actor.kind if actor else None)
        for child in token.children:  # "the businessman Dzhabrail Dadaev"
            if child.dep_ == "appos" and self.named(child):
                return [self.named(child)], "person"  # type: ignore[list-item]
        if lemma in ("group", "crowd", "number", "band", "gang") or token.lower_ == "one":
            inner = [c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"]
            if inner and list(inner[0].children):
                return self._one(list(inner[0].children)[0])
        if lemma in PREMISES_NOUNS:
            return self._owner(token), "premises"
        if lemma in HUMAN_NOUNS or token.lower_ in HUMAN_NOUNS or lemma in ROLE_WORDS:
            return [self.group(token)], "group"
        if lemma in ORG_NOUNS:
            return [self.group(token)], "organization"
        return [], None

    def _owner(self, token: Token) -> list[ActorMention]:
        for child in token.children:
            if child.dep_ == "poss":
                return self._one(child)[0]
            if child.dep_ == "prep" and child.lower_ == "of":
                objects = [c for c in child.children if c.dep_ == "pobj"]
                if objects:
                    return self._one(objects[0])[0]
        return []


def _child(token: Token, *deps: str, prep: str | None = None) -> Token | None:
    for child in token.children:
        if child.dep_ in deps and prep is None:
            return child
        if child.dep_ in ("prep", "agent") and prep is not None and child.lower_ == prep:
            objects = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
            if objects:
                return objects[0]
    return None


def _subject_above(token: Token) -> Token | None:
    current = token.head
    for _ in range(4):
        found = _child(current, "nsubjpass", "nsubj")
        if found is not None and found.i != token.i:
            return found
        if current.head.i == current.i:
            return None
        current = current.head
    return None


class _Candidate:
    def __init__(self, token: Token, event_type: str, anaphoric: bool = False) -> None:
        self.token = token
        self.event_type = event_type
        self.anaphoric = anaphoric
        self.perpetrators: list[ActorMention] = []
        self.victims: list[ActorMention] = []


def _verb_roles(token: Token, roles: _Roles) -> tuple[Token | None, Token | None]:
    """(agent token, patient token) of a verb trigger, active or passive."""
    passive = (
        any(c.dep_ in ("auxpass", "nsubjpass") for c in token.children)
        or (token.tag_ == "VBN" and _child(token, prep="by") is not None)
        or (token.tag_ == "VBN" and token.dep_ == "acl")  # "an activist arrested in Kazan"
        or _headline_passive(token)
    )
    if passive:
        patient = _child(token, "nsubjpass")
        head = token.head
        if (
            patient is None
            and token.dep_ in ("acl", "relcl", "amod")
            and head.pos_ in ("NOUN", "PROPN")
            and not syn.is_time_word(head)
        ):
            patient = head
        if patient is None and _headline_passive(token):
            patient = _child(token, "nsubj")
        if patient is None:
            patient = _subject_above(token)
        return _child(token, prep="by"), patient
    agent = _child(token, "nsubj")
    if agent is not None and agent.lower_ in ("who", "which", "that") and token.dep_ == "relcl":
        agent = token.head
    patient = _child(token, "dobj") or _child(token, prep="into") or _child(token, prep="at")
    if agent is None and token.dep_ == "xcomp":
        agent = _child(token.head, "nsubj")
    return agent, patient


def _headline_passive(token: Token) -> bool:
    """ "Journalist detained in Izmir": a participle with a subject, no auxiliary and no
    object is a headline's passive."""
    sentence = token.sent
    headline = not sentence[-1].is_punct  # titles carry no final full stop
    return (
        token.tag_ in ("VBN", "VBD")
        and (token.tag_ == "VBN" or headline)
        and _child(token, "nsubj") is not None
        and not any(c.dep_ in ("aux", "dobj") for c in token.children)
    )


def _type_from_target(kind: str | None, default: str) -> str | None:
    if kind in ("premises", "organization"):
        return "attack_on_premises"
    if kind in ("person", "group"):
        return "assault"
    return None if default == "TARGET" else default


def _verb_candidate(token: Token, roles: _Roles) -> _Candidate | None:
    lemma = token.lemma_.lower()
    if token.lower_.startswith("arson"):
        lemma = "arson"
    rule = _special_verb_rule(token, lemma, VERB_TRIGGERS.get(lemma))
    if rule is None:
        return None
    agent_tok, patient_tok = _verb_roles(token, roles)
    if lemma == "throw":  # "eggs were thrown at him": the target is who was hit
        patient_tok = _child(token, prep="at")
    if lemma in ("die", "succumb"):  # the one who died is the subject
        agent_tok, patient_tok = None, _child(token, "nsubj") or patient_tok
    if patient_tok is not None and _nobody(patient_tok):
        return None  # "no one was injured"
    patient = roles.target(patient_tok) if patient_tok is not None else _Target([], None)
    if rule in _CAN_BE_FATAL and _fatal(token):
        rule = "killing"
    event_type = _resolve_rule(rule, lemma, patient.kind)
    if event_type is None:
        return None
    candidate = _Candidate(token, event_type)
    if agent_tok is not None:
        candidate.perpetrators = roles.target(agent_tok).actors
    candidate.victims = patient.actors
    return candidate


def _special_verb_rule(token: Token, lemma: str, rule: str | None) -> str | None:
    if lemma == "break" and _child(token, prep="into") is not None:
        return "attack_on_premises"
    if lemma == "set" and any(c.lower_ == "fire" for c in token.subtree):
        return "arson"
    if lemma == "throw" and _child(token, prep="at") is not None:
        return "assault"
    if lemma in ("burn", "torch", "firebomb", "petrol-bomb"):
        return "PREMISES_ARSON"
    if rule == "FIRE":  # "opened fire", "shots were fired", "fired at the car"
        shots = {"shot", "round", "gun", "weapon", "bullet", "gunshot", "fire"}
        objects = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass")]
        aimed = _child(token, prep="at") or _child(token, prep="into")
        return "assault" if aimed or any(o.lemma_.lower() in shots for o in objects) else None
    if lemma == "open" and any(c.dep_ == "dobj" and c.lower_ == "fire" for c in token.children):
        return "assault"
    if lemma == "gun" and any(c.dep_ == "prt" and c.lower_ == "down" for c in token.children):
        return "killing"
    return rule


_CAN_BE_FATAL = {"assault", "TARGET"}


def _fatal(token: Token) -> bool:
    """ "fatal shooting", "fatally shot", "shot dead", "beaten to death", "a shooting that
    left a teenager dead", "opened fire, leaving two dead"."""
    for child in token.children:
        dep = FATAL_WORDS.get(child.lower_)
        if dep in ("any", child.dep_):
            return True
        if _leaves_dead(child):
            return True
        if child.dep_ == "prep" and FATAL_WORDS.get(child.lower_) is None:
            objects = [c.lower_ for c in child.children if c.dep_ == "pobj"]
            if any(FATAL_WORDS.get(o) == child.lower_ for o in objects):
                return True
    return False


def _leaves_dead(clause: Token) -> bool:
    """ "(a shooting) that left a teenager dead", "(opened fire,) leaving two dead"."""
    return (
        clause.lemma_ == "leave"
        and clause.dep_ in ("relcl", "advcl", "conj")
        and any(FATAL_WORDS.get(t.lower_) == "any" for t in clause.subtree)
    )


def _nobody(token: Token) -> bool:
    """ "no one was injured", "no arrests", "neither the driver nor the passenger"."""
    if token.lower_ in ("nobody", "none", "noone", "neither"):
        return True
    negators = ("det", "preconj", "neg", "advmod")
    return any(c.dep_ in negators and c.lower_ in ("no", "neither") for c in token.children)


def _adjective_candidate(token: Token, roles: _Roles) -> _Candidate | None:
    """ "was found dead", "six people are dead", "leaving one man dead", "the dead man"."""
    head = token.head
    if head.lemma_.lower() in VERB_TRIGGERS and head.i != token.i:
        return None  # "shot dead": one killing, told by the verb
    if token.dep_ == "amod":
        victim: Token | None = head
    else:
        victim = _child(head, "nsubjpass") or _child(head, "dobj") or _child(head, "nsubj")
    if victim is None or victim.i == token.i or _nobody(victim):
        return None
    target = roles.target(victim)
    actors = target.actors
    if target.kind is None and victim.pos_ in ("NUM", "NOUN"):
        actors = [roles.group(victim)]  # "two", "the driver": whoever is said to be dead
    elif target.kind not in ("person", "group"):
        return None
    candidate = _Candidate(token, ADJ_TRIGGERS[token.lemma_.lower()])
    candidate.victims = actors
    return candidate


def _resolve_rule(rule: str, lemma: str, kind: str | None) -> str | None:
    if rule == "TARGET":
        return _type_from_target(kind, rule)
    if rule == "PREMISES":
        return "attack_on_premises" if kind == "premises" else None
    if rule == "PREMISES_SEARCH":
        return "raid_or_search" if kind == "premises" else None
    if rule == "PREMISES_ARSON":
        return "arson" if kind in ("premises", "organization", None) else "assault"
    if lemma == "disappear" and kind not in ("person", "group"):
        return None
    return rule


def _noun_is_specific(token: Token) -> tuple[bool, bool]:
    """(specific, anaphoric): generic nouns ("investigates torture") are not events."""
    dets = [c for c in token.children if c.dep_ in ("det", "poss", "nummod")]
    args = [
        c
        for c in token.children
        if c.dep_ in ("prep", "agent") and c.lower_ in ("against", "on", "by", "of", "at")
    ]
    compounds = [c for c in token.children if c.dep_ == "compound"]
    specific = bool(dets or args or compounds)
    definite = any(c.lower_ in syn.DEFINITE or syn.is_time_word(c) for c in dets)
    if token.tag_ in ("NNS",) and not dets and not args:
        specific = False
    if not dets and not compounds and args and all(_bare_plural(a) for a in args):
        specific = False  # "massive attack on civil society organisations": a generalisation
    return specific, definite and not args


def _bare_plural(prep: Token) -> bool:
    objects = [c for c in prep.children if c.dep_ == "pobj"]
    return bool(objects) and all(
        o.tag_ == "NNS" and not any(c.dep_ in ("det", "poss", "nummod") for c in o.children)
        for o in objects
    )


def _compound_types(token: Token) -> list[str]:
    """Types the modifiers decide: "arson attack", "online abuse", "a campaign of abuse"."""
    found = [
        COMPOUND_TYPES[c.lemma_.lower()]
        for c in token.children
        if c.lemma_.lower() in COMPOUND_TYPES
        and (c.dep_ == "compound" or (c.dep_ == "amod" and c.lower_ == "online"))
    ]
    if token.lemma_.lower() == "campaign":
        inner = _child(token, prep="of")
        if inner is not None:
            found += _compound_types(inner)
            found += (
                [COMPOUND_TYPES[inner.lemma_.lower()]]
                if inner.lemma_.lower() in COMPOUND_TYPES
                else []
            )
    return found


def _special_noun_rule(
    token: Token, lemma: str, rule: str | None, compound_types: list[str]
) -> str | None:
    if lemma == "campaign" and compound_types:
        return compound_types[0]
    if rule == "BODY":  # "the body was found", "police found a body"
        finding = {"find", "discover", "recover", "pull", "dump", "locate", "identify"}
        return "killing" if token.head.lemma_.lower() in finding else None
    if rule == "AGAINST":  # "a criminal case against", "an FIR was filed against"
        criminal = any(c.lower_ in ("criminal", "libel") for c in token.children)
        against = _child(token, prep="against") or _child(token.head, prep="against")
        return "judicial_harassment" if criminal or against is not None else None
    if rule == "ONLINE":
        return "smear_campaign" if "smear_campaign" in compound_types else None
    return rule


def _noun_candidate(token: Token, roles: _Roles) -> _Candidate | None:
    lemma = token.lemma_.lower()
    compound_types = _compound_types(token)
    rule = _special_noun_rule(token, lemma, NOUN_TRIGGERS.get(lemma), compound_types)
    if rule is None or _nobody(token):
        return None
    if rule in _CAN_BE_FATAL and _fatal(token):
        rule = "killing"
    specific, anaphoric = _noun_is_specific(token)
    if not specific:
        return None
    target_tok = _child(token, prep="against") or _child(token, prep="on")
    if target_tok is None and lemma not in ("attack", "assault", "threat", "raid"):
        target_tok = _child(token, prep="of") or _child(token, "poss")
        if target_tok is not None and syn.is_time_word(target_tok):
            target_tok = None
    target = roles.target(target_tok) if target_tok is not None else _Target([], None)
    event_type = compound_types[0] if compound_types else _resolve_rule(rule, lemma, target.kind)
    candidate = _Candidate(token, event_type or "other", anaphoric=event_type is None)
    if event_type is None and not anaphoric:
        return None
    candidate.victims = target.actors
    candidate.perpetrators = _noun_agents(token, roles)
    return candidate


def _noun_agents(token: Token, roles: _Roles) -> list[ActorMention]:
    agent = _child(token, prep="by")
    if agent is None and token.dep_ in ("nsubjpass", "nsubj"):
        verb = token.head
        if verb.lemma_.lower() in SUPPORT_VERBS:
            agent = _child(verb, prep="by")
    return roles.target(agent).actors if agent is not None else []


def _investigated(token: Token) -> bool:
    """ "Police are investigating a fatal shooting": what is investigated happened."""
    head = token.head
    return (
        token.pos_ == "NOUN"
        and token.dep_ == "dobj"
        and head.lemma_.lower() in ("investigate", "probe")
        and any(c.dep_ == "det" for c in token.children)
        and not syn.is_irrealis(head)
    )


def _inside_named_entity(token: Token) -> bool:
    return token.ent_type_ in ("ORG", "PERSON", "WORK_OF_ART", "LAW", "FAC", "EVENT")


def _acronym_trigger(token: Token) -> bool:
    """A trigger noun written as an acronym ("FIR") that the model read as a one-word name."""
    return (
        token.text.isupper()
        and len(token.text) > 1
        and token.lower_ in NOUN_TRIGGERS
        and token.ent_iob_ == "B"
        and not (token.i + 1 < len(token.doc) and token.doc[token.i + 1].ent_iob_ == "I")
    )


def _merge_nested(candidates: list[_Candidate]) -> list[_Candidate]:
    """ "destroyed in an arson attack": one event, the more specific type wins."""
    kept: list[_Candidate] = []
    for candidate in candidates:
        host = next(
            (
                k
                for k in kept
                if _nested(candidate.token, k.token) or _nested(k.token, candidate.token)
            ),
            None,
        )
        if host is None:
            kept.append(candidate)
            continue
        if SPECIFICITY.index(candidate.event_type) < SPECIFICITY.index(host.event_type):
            host.event_type = candidate.event_type
        host.anaphoric = host.anaphoric and candidate.anaphoric
        host.perpetrators += [a for a in candidate.perpetrators if a not in host.perpetrators]
        host.victims += [a for a in candidate.victims if a not in host.victims]
    return kept


def _nested(inner: Token, outer: Token) -> bool:
    """One event told twice in one clause: "destroyed in an arson attack", "set fire to
    the office, destroying its archive" (a participle giving the consequence)."""
    current = inner
    for _ in range(3):
        participle = current.dep_ == "advcl" and current.tag_ == "VBG"
        if current.dep_ not in ("pobj", "prep", "compound", "pcomp", "agent") and not participle:
            return False
        current = current.head
        if current.i == outer.i:
            return True
    return False


@register_step("khronika.events")
class EventExtractor:
    """Finds typed event mentions with their roles, place and time."""

    def __init__(self, min_sentence_chars: int = 3) -> None:
        self.min_sentence_chars = min_sentence_chars

    def __call__(self, document: ReportDocument) -> ReportDocument:
        found: list[tuple[EventMention, str]] = []
        where = _Found(document)
        for paragraph in document.paragraphs:
            roles = _Roles(document, paragraph)
            for sentence in paragraph.doc.sents:
                candidates = [c for t in sentence if (c := self._candidate(t, roles)) is not None]
                for candidate in _merge_nested(candidates):
                    mention = self._mention(document, paragraph, sentence, candidate, where)
                    found.append((mention, candidate.token.lemma_.lower()))
        document.events.extend(document_pass(document, found))
        return document

    def _candidate(self, token: Token, roles: _Roles) -> _Candidate | None:
        if _acronym_trigger(token):  # "an FIR was filed against": read as a name by the model
            return _noun_candidate(token, roles)
        if _inside_named_entity(token):
            return None
        if syn.is_irrealis(token) and not _investigated(token):
            return None
        if token.pos_ == "ADJ" and token.lemma_.lower() in ADJ_TRIGGERS:
            return _adjective_candidate(token, roles)
        if token.pos_ == "VERB" or (token.pos_ == "ADJ" and token.tag_ == "VBN"):
            return _verb_candidate(token, roles)
        if token.pos_ == "NOUN":
            return _noun_candidate(token, roles)
        return None

    def _mention(
        self,
        document: ReportDocument,
        paragraph: Paragraph,
        sentence: Any,
        c: _Candidate,
        found: _Found,
    ) -> EventMention:
        trigger = document.token_span(paragraph, c.token, c.token)
        sent_span = document.token_span(paragraph, sentence[0], sentence[-1])
        clause = {paragraph.offset + sentence.doc[i].idx for i in syn.clause_tokens(c.token)}
        follow_up = is_follow_up(c.token)
        return EventMention(
            mention_id=f"{document.doc_id}#{trigger.start}",
            trigger=trigger,
            sentence=sent_span,
            event_type=c.event_type,
            perpetrators=tuple(dict.fromkeys(c.perpetrators)),
            victims=tuple(dict.fromkeys(c.victims)),
            places=_places_for(document, found.places(sent_span), clause, c.victims),
            time=None if follow_up else _time_for(found.times(sent_span), clause),
            anaphoric=c.anaphoric,
            follow_up=follow_up,
        )


class _Found:
    """The report's times and places in text order, looked up by sentence with a binary search
    (a scan of all of them for every mention took quadratic time on a 5 MB report)."""

    def __init__(self, document: ReportDocument) -> None:
        self._times = sorted(document.times, key=lambda t: t.span.start)
        self._places = sorted(document.places, key=lambda p: p.span.start)
        self._time_starts = [t.span.start for t in self._times]
        self._place_starts = [p.span.start for p in self._places]

    def times(self, sentence: Any) -> list[TimeMention]:
        low = bisect.bisect_left(self._time_starts, sentence.start)
        return self._times[low : bisect.bisect_left(self._time_starts, sentence.end)]

    def places(self, sentence: Any) -> list[PlaceMention]:
        low = bisect.bisect_left(self._place_starts, sentence.start)
        return self._places[low : bisect.bisect_left(self._place_starts, sentence.end)]


def _places_for(
    document: ReportDocument,
    in_span: list[PlaceMention],
    clause: set[int],
    victims: list[ActorMention],
) -> tuple[PlaceMention, ...]:
    victim_names = {v.name for v in victims}
    in_sentence = [
        p
        for p in in_span
        if not p.incidental
        and not _is_origin(document, p)
        and not _is_title_place(document, p, victim_names)
    ]
    in_clause = [p for p in in_sentence if p.span.start in clause]
    return tuple(in_clause or in_sentence)


def _is_title_place(document: ReportDocument, place: PlaceMention, victims: set[str]) -> bool:
    """ "the president of Chechnya", "the Committee against Torture in Chechnya": the place
    belongs to a title or to where an organisation is based, not to the event."""
    before = document.text[max(0, place.span.start - 40) : place.span.start].lower().split()
    if len(before) >= 2 and before[-1] == "of" and before[-2] in TITLE_WORDS:
        return True
    based = _based_in(document, place)
    return based is not None and based.name not in victims


def _based_in(document: ReportDocument, place: PlaceMention) -> ActorMention | None:
    """The organisation a place follows ("X in Chechnya"), unless it is an office's owner."""
    for actor in document.actors:
        gap = place.span.start - actor.span.end
        if actor.kind == "organization" and 0 < gap <= 14:
            between = document.text[actor.span.end : place.span.start]
            if "in" in between.split() and not _premises_before(document, actor):
                return actor
    return None


def _premises_before(document: ReportDocument, actor: ActorMention) -> bool:
    """ "the office of X in Grozny": the place is where the office (the target) is."""
    before = document.text[max(0, actor.span.start - 30) : actor.span.start].lower().split()
    return (
        len(before) >= 2
        and before[-1] in ("of", "the")
        and any(w in PREMISES_NOUNS for w in before[-3:])
    )


def _is_origin(document: ReportDocument, place: PlaceMention) -> bool:
    """ "police from Stavropol": a place inside an actor's name is where they come from."""
    return any(
        a.span.start <= place.span.start and place.span.end <= a.span.end for a in document.actors
    )


def _time_for(in_span: list[TimeMention], clause: set[int]) -> TimeMention | None:
    in_sentence = [t for t in in_span if t.time.known and not t.follow_up]
    in_clause = [t for t in in_sentence if any(t.span.start <= i < t.span.end for i in clause)]
    pool = in_clause or in_sentence
    if not pool:
        return None
    return min(pool, key=lambda t: t.time.width_days())

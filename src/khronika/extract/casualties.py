"""Killed and injured counts where a report states them, as claims with their source spans.

From the parse, not from patterns over words: a death word (``kill``, ``die``, ``dead``, a
violent verb with a fatal modifier: "shot dead", "fatally shot", "beaten to death") or an injury
word (``wound``, ``injure``, ``hurt``) and the phrase it says it happened to: "two people were
killed and three wounded" (killed 2, injured 3), "a 17-year-old was killed" (killed 1), "leaving
one man dead and a dozen others wounded" (killed 1, injured 12).  A count of people shot without
saying how many were hurt gives the injured as the shot minus the killed ("three men were shot;
one died": injured 2).  A report that tells of people hurt and of no death (no killing mention)
says none was killed.
Within one report the first stated count wins: the lead states the toll, later sentences name
one victim of several or give figures for a year or a city.
"""

from __future__ import annotations

from typing import Any

from ..domain.lexicon import FATAL_WORDS
from ..model import Claim, SourceSpan
from ..pipeline import ReportDocument
from . import _syntax as syn

Token = Any
KILL_WORDS = {"kill", "murder", "die", "succumb", "slay", "dead", "execute", "assassinate"}
INJURY_WORDS = {"wound", "injure", "hurt", "wounded", "injured", "hospitalize", "hospitalise"}
SHOT_WORDS = {"shoot", "stab"}
SINGULAR_PRONOUNS = {"he", "she", "him", "her", "himself", "herself", "victim"}
SUFFER_WORDS = {"suffer", "sustain", "receive"}  # "a teenager suffered a gunshot wound"
HIT_WORDS = {"strike", "hit", "graze"}  # ... by a bullet, or in a part of the body
BULLET_WORDS = {"bullet", "gunfire", "round", "shot", "shots", "pellet", "gunshot"}
BODY_PARTS = {
    "leg",
    "arm",
    "shoulder",
    "chest",
    "head",
    "back",
    "abdomen",
    "stomach",
    "foot",
    "hand",
    "thigh",
    "neck",
    "face",
    "hip",
    "knee",
    "buttock",
    "torso",
    "side",
    "wrist",
    "ankle",
    "elbow",
    "groin",
    "jaw",
    "eye",
    "finger",
    "calf",
    "cheek",
    "shin",
    "heel",
    "toe",
}
WOUND_NOUNS = {"wound", "injury"}


def find_casualties(document: ReportDocument, deaths: bool) -> list[Claim]:
    """Stated counts of one report: per field the first, plus derived injured/killed.
    ``deaths``: the report tells of a death (then no count is derived from the shot alone)."""
    best: dict[str, Claim] = {}
    for paragraph in document.paragraphs:
        for token in paragraph.doc:
            found = _claim(document, paragraph, token)
            if found is None:
                continue
            field, claim = found
            best.setdefault(field, claim)
    return _derived(best, deaths)


def _derived(best: dict[str, Claim], deaths: bool) -> list[Claim]:
    killed, injured, shot = best.get("killed"), best.get("injured"), best.get("shot")
    out = [c for c in (killed, injured) if c is not None]
    if deaths and killed is None:
        return out  # someone died, how many is not said: the shot tell nothing more
    dead = int(killed.value) if killed else 0
    if injured is None and shot is not None and int(shot.value) >= dead:
        out.append(Claim("injured", str(int(shot.value) - dead), shot.span, "injured"))
        injured = out[-1]
    if not deaths and killed is None and injured is not None and int(injured.value) > 0:
        out.append(Claim("killed", "0", injured.span, "killed"))
    return out


def _field(token: Token) -> str | None:
    lemma = token.lemma_.lower()
    if lemma in KILL_WORDS or (lemma in SHOT_WORDS and _fatal(token)):
        return "killed"
    if lemma in INJURY_WORDS or token.lower_ in INJURY_WORDS:
        return "injured"
    wound = _wound_suffered(token)
    if wound is not None:  # hit, as the shot are: some die of it ("a fatal gunshot wound")
        return "killed" if _fatal(wound) else "shot"
    if lemma in SHOT_WORDS or _hit_by_bullet(token):
        return "shot"
    return None


def _hit_by_bullet(token: Token) -> bool:
    """ "was struck in the shoulder", "was hit by gunfire", "the bullet grazed a boy",
    "striking her in the thigh": hit by a bullet (the word, or a part of the body)."""
    if token.lemma_.lower() not in HIT_WORDS:
        return False
    for child in token.children:
        if child.dep_ == "nsubj" and child.lemma_.lower() in BULLET_WORDS:
            return True
        if child.dep_ in ("prep", "agent"):
            words = {o.lemma_.lower() for o in child.children if o.dep_ == "pobj"}
            if words & (BODY_PARTS if child.lower_ == "in" else BULLET_WORDS):
                return True
    return False


def _wound_suffered(token: Token) -> Token | None:
    """The wound of "suffered a gunshot wound", "is suffering from gunshot wounds",
    "sustained injuries"."""
    if token.lemma_.lower() not in SUFFER_WORDS:
        return None
    objects = [c for c in token.children if c.dep_ == "dobj"]
    objects += [o for c in token.children if c.dep_ == "prep" for o in c.children]
    wounds = [o for o in objects if o.dep_ in ("dobj", "pobj") and o.lemma_.lower() in WOUND_NOUNS]
    return wounds[0] if wounds else None


def _fatal(token: Token) -> bool:
    for child in token.children:
        if FATAL_WORDS.get(child.lower_) in ("any", child.dep_):
            return True
        if child.dep_ == "prep" and any(
            FATAL_WORDS.get(o.lower_) == child.lower_ for o in child.children
        ):
            return True
    return False


def _claim(document: ReportDocument, paragraph: Any, token: Token) -> tuple[str, Claim] | None:
    if token.pos_ not in ("VERB", "ADJ") or syn.is_irrealis(token):
        return None
    field = _field(token)
    if field is None:
        return None
    victim = _victim(token)
    if victim is None or _nobody(victim):
        return None
    relative = token.dep_ == "relcl" and victim.i == token.head.i  # "two men who were killed"
    count = _one(victim) if relative else count_of(victim)
    ordinal = _ordinal(victim) if field == "killed" else None
    count = ordinal or count  # "a third person has died": three dead
    if count is None:
        return None
    tokens = [token, victim.left_edge] if relative else [token, *_phrase(victim)]
    wound = _wound_suffered(token)
    tokens += [wound] if wound is not None else []  # "a teenager suffered a gunshot wound"
    first = min(tokens, key=lambda t: t.i)
    last = max(tokens, key=lambda t: t.i)
    span: SourceSpan = document.token_span(paragraph, first, last)
    return field, Claim(field, str(count), span, field)


def _victim(token: Token) -> Token | None:
    """The phrase a death or injury word is said of."""
    lemma = token.lemma_.lower()
    if _wound_suffered(token) is not None:
        return _child(token, "nsubj")
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in token.children)
    if token.pos_ == "ADJ" or lemma in ("die", "succumb"):
        if token.dep_ in ("amod", "acl") and token.head.pos_ in ("NOUN", "PROPN", "NUM"):
            return token.head  # "the dead man", "two others injured"
        head = token.head if token.pos_ == "ADJ" else token
        # "left four people dead", "police found a man dead": the object, not the subject
        found = _child(head, "nsubjpass", "dobj", "nsubj") if token.pos_ == "ADJ" else None
        return found or _child(token, "nsubj") or _child(token, "nsubjpass")
    if passive:
        found = _child(token, "nsubjpass")
        relative = found is not None and found.lower_ in ("who", "that", "which")
        return token.head if relative and token.dep_ == "relcl" else found
    if token.tag_ == "VBN" and token.dep_ in ("acl", "amod"):
        return token.head if token.head.pos_ in ("NOUN", "PROPN", "NUM") else None
    if token.tag_ == "VBN" and token.dep_ == "conj" and _child(token, "nsubj") is not None:
        return _child(token, "nsubj")  # "two were killed and three wounded"
    found = _child(token, "dobj")
    if found is None and token.dep_ == "conj":  # "a man was shot and killed"
        found = _child(token.head, "nsubjpass") if token.tag_ == "VBN" else None
    return found


_ORDINALS = {"second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7}


def _ordinal(token: Token) -> int | None:
    """The N of "a third person", "a fourth victim": the Nth to die."""
    dets = {c.lower_ for c in token.children if c.dep_ == "det"}
    words = [c.lower_ for c in token.children if c.dep_ == "amod"]
    found = [_ORDINALS[w] for w in words if w in _ORDINALS]
    return found[0] if found and dets & {"a", "an"} else None


def _nobody(token: Token) -> bool:
    """ "no one else was injured", "neither the driver nor the passenger was hurt"."""
    if token.lower_ in ("nobody", "none", "noone", "neither"):
        return True
    return any(c.lower_ in ("no", "neither") for c in token.children if c.dep_ in _NEGATORS)


_NEGATORS = ("det", "preconj", "neg", "advmod")


def _child(token: Token, *deps: str) -> Token | None:
    for dep in deps:
        for child in token.children:
            if child.dep_ == dep and not _dateline(child):
                return child
    return None


_DASHES = {"-", "--", "—", "–"}


def _dateline(token: Token) -> bool:
    """A dateline the parse takes for a subject ("SAN LEANDRO -- Four people were shot")."""
    after = token.nbor(1) if token.i + 1 < len(token.doc) else None
    return token.is_upper and after is not None and after.text in _DASHES


def _phrase(token: Token) -> list[Token]:
    members = [token, *[c for c in token.children if c.dep_ == "conj"]]
    out: list[Token] = []
    for member in members:
        _, last = syn.phrase_bounds(member)
        out += [member.left_edge, last]
    return out


def _age(token: Token) -> bool:
    following = token.nbor(1).lower_ if token.i + 1 < len(token.doc) else ""
    return following in ("-", "year", "years", "y", "y/o", "yr", "yrs")


def count_of(token: Token) -> int | None:
    """How many people a phrase names: "two men" 2, "a man and a woman" 2, "Ana" 1."""
    total = 0
    for member in [token, *[c for c in token.children if c.dep_ == "conj"]]:
        count = _one(member)
        if count is None and member is not token and member.tag_ == "NN":
            count = 1  # "her daughter and brother": the second shares the first's "her"
        if count is None:
            return None
        total += count
    return total


def _one(token: Token) -> int | None:
    text = token.lower_.replace(",", "")
    if token.pos_ == "NUM" and _age(token):
        return 1  # "the 17 y/o boy": an age, one person
    if token.pos_ == "NUM" or text in syn.NUMBER_WORDS:
        return int(text) if text.isdigit() else syn.NUMBER_WORDS.get(text)
    numbers = [c for c in token.children if c.dep_ == "nummod"]
    stated = syn.number_of(token)
    if stated is not None and not any(_age(c) for c in numbers):
        return stated
    if text == "both":
        return 2
    if token.pos_ == "PROPN" or token.ent_type_ == "PERSON" or text in SINGULAR_PRONOUNS:
        return 1
    dets = {c.lower_ for c in token.children if c.dep_ in ("det", "poss")}
    if dets & {"a", "an"} or (token.tag_ == "NN" and dets):
        return 1  # "a man", "the victim", "a 17-year-old", "her daughter"
    return None

"""What a time expression dates: the event, a follow-up step, a statement, or the report.

* The dateline: a full date in the first ``HEAD_LINES`` lines of the text, after a cue
  ("Posted: Tuesday, January 28, 2014", "Updated 5:32 PM, Jan 3, 2015", "date 2018-06-13") or
  alone on its line ("Wednesday, 8 February 2017, 15:09").  "Posted"/"Published"/"Date" lines
  come first, then bare date lines, then "Updated" lines.  It is the reference of relative
  expressions when the report's metadata has no publication date; it never dates an event.
* From the parse: a time that modifies an event noun ("charged in a shooting on Tuesday")
  dates the event; one that modifies a reporting verb ("police said Monday") dates a
  statement, unless it follows what was reported ("a boy was shot Monday, police said");
  one that modifies a follow-up step (``follow_up``/``follow_noun`` in ``data/triggers.tsv``:
  "was charged Tuesday", "a vigil on Sunday", "the hearing on 3 May") dates that step.
  Steps marked ``crime`` (an arrest, charges, a trial) are follow-ups only when the sentence
  names a crime ("charged with murder"): an activist's arrest or trial is an event of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..domain.lexicon import (
    CRIME_WORDS,
    FOLLOW_UP_NOUNS,
    FOLLOW_UP_VERBS,
    NOUN_TRIGGERS,
    REPORTING_VERBS,
)
from ..model import TimeRole, TimeValue
from .timex import find_times

Token = Any
HEAD_CHARS = 600
HEAD_LINES = 4  # non-empty lines: further down, "Date: ..." is a record's field
_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_CLOCK = r"(?:\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?\s*(?:[A-Z]{2,4})?\s*[,|-]?\s*)"
_CUE_BEFORE = re.compile(
    rf"(?i)\b(?P<cue>posted|published|date|dated|created|updated|last\s+updated|modified)\b"
    rf"\s*:?\s*(?:on\s+)?{_CLOCK}?(?:{_WEEKDAY},?\s*)?{_CLOCK}?$"
)
_BARE_BEFORE = re.compile(rf"(?i)^\W*(?:{_WEEKDAY}\W*)?$")
_LATER_CUES = ("updated", "last", "modified")


@dataclass(frozen=True)
class Dateline:
    start: int
    end: int
    value: TimeValue


def find_dateline(text: str) -> Dateline | None:
    """The report's own date written at the head of its text, if any."""
    found = find_datelines(text)
    return found[0] if found else None


def find_datelines(text: str) -> list[Dateline]:
    """Every date line at the head ("Posted: ... Updated: ..."), the report's own date first."""
    head = text[:HEAD_CHARS]
    lines = [m.end() for m in re.finditer(r"[^\n]*\S[^\n]*", head)]
    if len(lines) > HEAD_LINES:
        head = head[: lines[HEAD_LINES - 1]]
    found: list[tuple[int, Dateline]] = []
    for start, end, value in find_times(head, None):
        if value.precision != "day" or value.reference is not None:
            continue
        before = head[head.rfind("\n", 0, start) + 1 : start]
        cue = _CUE_BEFORE.search(before)
        if cue is not None:
            rank = 2 if cue["cue"].lower().startswith(_LATER_CUES) else 0
        elif _BARE_BEFORE.match(before):
            rank = 1
        else:
            continue
        found.append((rank, Dateline(start, end, value)))
    return [d for _, d in sorted(found, key=lambda item: (item[0], item[1].start))]


def role_of(span: Any) -> TimeRole:
    """The role of a time expression from the parse (``span``: its spaCy span)."""
    if _after_event_noun(span):
        return "event"
    current = span.root
    for _ in range(6):
        head = current.head
        if head.i == current.i:
            return "event"
        lemma = head.lemma_.lower()
        noun = head.pos_ in ("NOUN", "PROPN") and lemma in FOLLOW_UP_NOUNS
        if noun and _applies(FOLLOW_UP_NOUNS[lemma], head):
            return "follow_up"
        if head.pos_ == "NOUN" and lemma in NOUN_TRIGGERS:  # "charged in a shooting on Tuesday"
            return "event"
        if head.pos_ in ("VERB", "AUX"):
            return verb_role(_content_verb(span, head) or head)
        current = head
    return "event"


def _after_event_noun(span: Any) -> bool:
    """Written right after an event noun, whatever the parse hung it on ("charges over the
    shooting Saturday night", "the attack on Monday")."""
    i = span.start - 1
    if i >= 0 and span.doc[i].lower_ in ("on", "late", "early"):
        i -= 1
    token = span.doc[i] if i >= 0 else None
    if token is None or token.pos_ != "NOUN" or token.lemma_.lower() not in NOUN_TRIGGERS:
        return False
    head = token.head.head if token.head.dep_ == "prep" else token.head
    return head.lemma_.lower() not in FOLLOW_UP_NOUNS  # not "the anniversary of her death"


def _content_verb(span: Any, verb: Token) -> Token | None:
    """The verb of what was reported, for a time the parse hung on a reporting verb after it
    ("a girl was shot Monday, police said"; "... shot Saturday, the sheriff announced")."""
    if verb.lemma_.lower() not in REPORTING_VERBS or span.start > verb.i:
        return None
    before = [t for t in span.sent if t.i < span.start and t.pos_ == "VERB"]
    content = [t for t in before if t.lemma_.lower() not in REPORTING_VERBS]
    return content[-1] if content and content[-1] is before[-1] else None


def verb_role(verb: Token) -> TimeRole:
    lemma = verb.lemma_.lower()
    if lemma in REPORTING_VERBS:
        return "statement"
    if is_follow_up(verb) or is_future(verb):
        return "follow_up"
    for child in verb.children:  # "a vigil was held Sunday", "the funeral is set for Saturday"
        noun = child.lemma_.lower()
        argument = child.dep_ in ("nsubj", "nsubjpass", "dobj") and noun in FOLLOW_UP_NOUNS
        if argument and _applies(FOLLOW_UP_NOUNS[noun], child):
            return "follow_up"
    return "event"


FUTURE_AUX = frozenset(["will", "'ll", "wo", "shall"])


def is_future(verb: Token) -> bool:
    """ "Counsellors will be at the school Monday", "a vigil is going to be held Friday":
    what is still to come is never the incident, which was reported after it happened."""
    if any(c.dep_ == "aux" and c.lower_ in FUTURE_AUX for c in verb.children):
        return True
    head = verb.head  # "going to be held": the "going" the verb hangs on
    return bool(head.lower_ == "going" and head.i < verb.i and verb.dep_ == "xcomp")


def is_follow_up(token: Token) -> bool:
    """A verb or noun that is a step after an event ("charged in the shooting", "funeral")."""
    lemma = token.lemma_.lower()
    if lemma == "turn" and any(c.dep_ == "prt" and c.lower_ == "in" for c in token.children):
        return True  # "turned himself in"
    table = FOLLOW_UP_VERBS if token.pos_ in ("VERB", "AUX") else FOLLOW_UP_NOUNS
    kind = table.get(lemma)
    return kind is not None and _applies(kind, token)


def _applies(kind: str, token: Token) -> bool:
    return kind == "always" or names_crime(token)


def names_crime(token: Token) -> bool:
    """The sentence names a crime or a suspect besides the token itself."""
    return any(t.i != token.i and t.lemma_.lower() in CRIME_WORDS for t in token.sent)

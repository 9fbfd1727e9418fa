"""Small helpers over spaCy tokens: clauses, realis checks, noun phrases, numbers."""

from __future__ import annotations

from typing import Any

from ..domain.lexicon import IRREALIS_MODIFIERS, IRREALIS_VERBS, MODAL_AUX
from ..domain.lexicon import NUMBER_WORDS as NUMBER_WORDS  # syn.NUMBER_WORDS

Token = Any  # spacy.tokens.Token

CLAUSE_BREAKS = {"conj", "ccomp", "parataxis", "advcl", "relcl"}
DEFINITE = {"the", "this", "that", "these", "those", "such"}
TIME_WORDS = {"yesterday", "today", "tonight", "week", "month", "year", "day", "weekend"}


def clause_head(token: Token) -> Token:
    """The verb (or root) whose clause the token belongs to."""
    current = token
    while current.pos_ not in ("VERB", "AUX") and current.head.i != current.i:
        current = current.head
    return current


def clause_tokens(token: Token) -> set[int]:
    """Token indices of the clause around ``token``, without conjoined or embedded clauses."""
    head = clause_head(token)
    inside: set[int] = set()
    stack = [head]
    while stack:
        current = stack.pop()
        inside.add(current.i)
        for child in current.children:
            if child.dep_ in CLAUSE_BREAKS and child.pos_ in ("VERB", "AUX"):
                continue
            stack.append(child)
    return inside


def is_negated(token: Token) -> bool:
    return any(child.dep_ == "neg" for child in token.children)


def is_irrealis(token: Token) -> bool:
    """Hypothetical, demanded, attempted or negated: not a report that it happened."""
    if is_negated(token):
        return True
    if any(c.dep_ == "amod" and c.lower_ in IRREALIS_MODIFIERS for c in token.children):
        return True
    current = token
    for _ in range(6):
        if any(c.dep_ == "aux" and c.lower_ in MODAL_AUX for c in current.children):
            return True
        if current.i != token.i and current.lemma_.lower() in IRREALIS_VERBS:
            return True
        if current.head.i == current.i or _presupposed(current):
            break
        current = current.head
    return False


# "investigating after a man was shot", "arrested since she was beaten": a clause these words
# introduce tells what happened, whatever the verb above it
FACTIVE_MARKS = frozenset({"after", "since", "because", "following"})


def _presupposed(token: Token) -> bool:
    return token.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ in FACTIVE_MARKS for c in token.children
    )


def number_of(token: Token) -> int | None:
    """The count a noun carries ("two staff members" -> 2, "30 protesters" -> 30)."""
    for child in token.children:
        if child.dep_ == "nummod":
            text = child.lower_.replace(",", "")
            if text.isdigit():
                return int(text)
            if text in NUMBER_WORDS:
                return NUMBER_WORDS[text]
    return None


def phrase_bounds(head: Token, keep_preps: frozenset[str] = frozenset({"from"})) -> tuple[Any, Any]:
    """First and last token of a noun phrase around ``head``, without determiners and clauses."""
    left = [
        t
        for t in head.lefts
        if t.dep_ in ("amod", "compound", "nummod", "nmod", "quantmod")
        and t.i == head.i - 1
        or (t.dep_ in ("amod", "compound", "nummod", "nmod") and t.i < head.i)
    ]
    first = min([head, *[t for t in left for t in t.subtree]], key=lambda t: t.i)
    last = head
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ in keep_preps:
            last = max(child.subtree, key=lambda t: t.i)
    return first, last


def is_time_word(token: Token) -> bool:
    return token.lower_ in TIME_WORDS or token.ent_type_ in ("DATE", "TIME")

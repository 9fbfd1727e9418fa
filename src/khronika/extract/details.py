"""Detail claims: each reported clause ("staff escaped through the window"), with a key
of canonical content words so that two reports' wording of one detail can be compared."""

from __future__ import annotations

from typing import Any

from ..domain.lexicon import LIGHT_VERBS, SYNONYMS
from ..model import Claim
from ..pipeline import Paragraph, ReportDocument, register_step
from . import _syntax as syn

Token = Any
CLAUSE_DEPS = {"ROOT", "conj", "ccomp", "advcl", "relcl", "acl", "pcomp", "parataxis"}
CONTENT_POS = {"NOUN", "PROPN", "VERB", "ADJ", "NUM"}


def canonical(token: Token) -> str:
    lemma = str(token.lemma_).lower()
    return SYNONYMS.get(lemma, lemma)


def claim_key(tokens: list[Token]) -> str:
    words = {
        canonical(t)
        for t in tokens
        if t.pos_ in CONTENT_POS
        and not t.is_stop
        and t.lemma_.lower() not in LIGHT_VERBS
        and t.is_alpha
    }
    return " ".join(sorted(words))


@register_step("khronika.details")
class DetailFinder:
    """One claim per reported clause; demands, opinions and hypotheticals are left out."""

    def __init__(self, min_words: int = 2, max_chars: int = 400) -> None:
        self.min_words = min_words
        self.max_chars = max_chars

    def __call__(self, document: ReportDocument) -> ReportDocument:
        for paragraph in document.paragraphs:
            for token in paragraph.doc:
                claim = self._claim(document, paragraph, token)
                if claim is not None:
                    document.details.append(claim)
        return document

    def _claim(self, document: ReportDocument, paragraph: Paragraph, token: Token) -> Claim | None:
        if token.pos_ not in ("VERB", "AUX") or token.dep_ not in CLAUSE_DEPS:
            return None
        if token.lemma_.lower() in LIGHT_VERBS and token.pos_ == "AUX" and token.dep_ == "ROOT":
            return None
        if syn.is_irrealis(token) or _habitual(token) or _in_statement(document, paragraph, token):
            return None
        indices = set(syn.clause_tokens(token))
        if token.dep_ == "relcl":  # "two staff members who were in the office": say who
            first, _ = syn.phrase_bounds(token.head)
            indices |= set(range(first.i, token.head.i + 1))
        tokens = [paragraph.doc[i] for i in sorted(indices) if not paragraph.doc[i].is_space]
        while tokens and (tokens[-1].is_punct or tokens[-1].lower_ in ("and", "but", "or")):
            tokens.pop()
        while tokens and (tokens[0].is_punct or tokens[0].lower_ in ("and", "but", "or")):
            tokens.pop(0)
        key = claim_key(tokens)
        if not tokens or len(key.split()) < self.min_words:
            return None
        span = document.token_span(paragraph, tokens[0], tokens[-1])
        if len(span.quote) > self.max_chars:
            return None
        return Claim("detail", span.quote, span, key)


def _habitual(token: Token) -> bool:
    """Present simple, active or passive ("the group investigates abuses", "JMG is
    coordinated by ..."): a description or an opinion, not something that happened."""
    if token.tag_ in ("VBZ", "VBP"):
        return True
    return token.tag_ == "VBN" and any(
        c.dep_ == "auxpass" and c.tag_ in ("VBZ", "VBP") for c in token.children
    )


def _in_statement(document: ReportDocument, paragraph: Paragraph, token: Token) -> bool:
    """Words inside a quoted or reported statement are the speaker's, kept as a statement."""
    position = paragraph.offset + token.idx
    return any(s.span.start <= position < s.span.end for s in document.statements)

"""Statements and quotes, attributed to their speaker.

Three shapes, read from the text and the dependency parse:

* direct quotes in quotation marks ("“…,” says X", "X said: “…”", a quote whose closing
  mark comes after the attribution, or that runs to the end of the paragraph);
* dash-introduced quotes of NGO press releases ("– The authorities must …, says X.");
* indirect speech: a reporting verb with a clausal complement ("X said that …"), and
  "according to X, …".

The speaker is the named actor whose span holds the subject of the reporting verb, or the
person a "he"/"she" refers back to; otherwise ``None`` — never a guess from a title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..model import ActorMention, SourceSpan, Statement
from ..pipeline import Paragraph, ReportDocument, register_step

Token = Any  # spacy.tokens.Token

REPORTING_VERBS = frozenset(
    {
        "say",
        "state",
        "tell",
        "announce",
        "report",
        "claim",
        "declare",
        "add",
        "note",
        "warn",
        "stress",
        "write",
        "explain",
        "confirm",
        "insist",
        "emphasise",
        "emphasize",
        "allege",
    }
)
PERSON_PRONOUNS = frozenset({"he", "she"})
PRONOUN_WINDOW = 400  # characters back in which a person can be what "he"/"she" refers to
QUOTE_PAIRS = {"“": "”", "«": "»", '"': '"'}
DASHES = "-–—"
_EDGE = " \t\n" + DASHES + '“”«»"‘’'
_OPEN_SINGLE = re.compile(r"(?:^|(?<=[\s(\[:]))‘")
_CLOSE_SINGLE = re.compile(r"(?<=\S)’(?![^\W\d_])")


@dataclass(frozen=True)
class _Region:
    """Quoted text in a paragraph (paragraph-relative offsets, without the marks)."""

    start: int
    end: int
    closed: bool  # the closing mark is there (not a dash quote, not run to the paragraph end)
    dash: bool = False


@dataclass(frozen=True)
class _Cue:
    """A reporting verb (or "according to") and the token naming who speaks."""

    token: Token
    text: str
    subject: Token | None


# --- finding quoted regions -------------------------------------------------------------


def quote_regions(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, closed) of the quotations in a paragraph, without their marks."""
    regions: list[tuple[int, int, bool]] = []
    position = 0
    while position < len(text):
        found = _next_quote(text, position)
        if found is None:
            break
        start, end, closed = found
        if end > start:
            regions.append((start, end, closed))
        position = end + 1
    return regions


def _next_quote(text: str, position: int) -> tuple[int, int, bool] | None:
    opening = [(text.find(mark, position), mark) for mark in QUOTE_PAIRS]
    for single in _OPEN_SINGLE.finditer(text, position):
        close = _CLOSE_SINGLE.search(text, single.end())
        if close is not None and not re.search("[‘“«]", text[single.end() : close.start()]):
            opening.append((single.start(), "‘"))
            break
    for at, mark in sorted((at, mark) for at, mark in opening if at >= 0):
        if mark == "‘":
            close = _CLOSE_SINGLE.search(text, at + 1)
            assert close is not None
            return at + 1, close.start(), True
        close_at = text.find(QUOTE_PAIRS[mark], at + 1)
        if close_at < 0:
            return at + 1, len(text), False
        return at + 1, close_at, True
    return None


# --- cues and speakers ------------------------------------------------------------------


def _is_reporting(token: Token) -> bool:
    return bool(token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in REPORTING_VERBS)


def _subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            return None if child.dep_ == "nsubjpass" else child
    if verb.dep_ in ("conj", "xcomp") and verb.head.i != verb.i:
        return next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
    return None


def _according(token: Token) -> _Cue | None:
    """ "according to X": the cue and X."""
    if token.lower_ != "according" or token.dep_ != "prep":
        return None
    to = next((c for c in token.children if c.lower_ == "to"), None)
    source = next((c for c in to.children if c.dep_ == "pobj"), None) if to else None
    if to is None:
        return None
    return _Cue(token, f"{token.text} {to.text}", source)


def _cue(token: Token) -> _Cue | None:
    if _is_reporting(token) and not any(c.dep_ == "neg" for c in token.children):
        return _Cue(token, token.text, _subject(token))
    return _according(token)


class _Speakers:
    """Named actors (and "he"/"she") behind subject tokens."""

    def __init__(self, document: ReportDocument, paragraph: Paragraph) -> None:
        self.document = document
        self.paragraph = paragraph

    def at(self, token: Token) -> ActorMention | None:
        position = self.paragraph.offset + token.idx
        for actor in self.document.actors:
            if actor.span.start <= position < actor.span.end:
                return actor
        return None

    def of(self, token: Token | None) -> ActorMention | None:
        if token is None:
            return None
        actor = self.at(token)
        if actor is not None:
            return actor
        if token.lower_ in PERSON_PRONOUNS:
            return self._antecedent(self.paragraph.offset + token.idx)
        for child in token.children:  # "the lawyer Ana Silva", "the head, Igor Kalyapin"
            if child.dep_ in ("appos", "compound") and child.pos_ == "PROPN":
                actor = self.at(child)
                if actor is not None and actor.kind == "person":
                    return actor
        return None

    def _antecedent(self, position: int) -> ActorMention | None:
        """The latest person named before ``position``, unless an unrecognised name came after."""
        earlier = [
            a
            for a in self.document.actors
            if a.kind == "person"
            and a.span.end <= position
            and position - a.span.end <= PRONOUN_WINDOW
        ]
        if not earlier:
            return None
        if any(earlier[-1].span.end <= at < position for at in self._unnamed_subjects()):
            return None  # "Carlos Mendoza spent …. He told …": a name the recogniser missed
        return earlier[-1]

    def _unnamed_subjects(self) -> list[int]:
        """Offsets of proper-noun subjects in the paragraph that are no known actor."""
        return [
            self.paragraph.offset + t.idx
            for t in self.paragraph.doc
            if t.dep_ in ("nsubj", "nsubjpass") and t.pos_ == "PROPN" and self.at(t) is None
        ]


# --- the step ---------------------------------------------------------------------------


@register_step("khronika.statements")
class StatementFinder:
    """Direct quotes, dash quotes, indirect speech and "according to", with their speakers."""

    def __init__(self, min_words: int = 3) -> None:
        self.min_words = min_words

    def __call__(self, document: ReportDocument) -> ReportDocument:
        found: list[Statement] = []
        for paragraph in document.paragraphs:
            finder = _ParagraphStatements(document, paragraph, self.min_words)
            found.extend(finder.direct())
            found.extend(finder.indirect())
        unique = {(s.span.start, s.span.end): s for s in found}
        document.statements.extend(sorted(unique.values(), key=lambda s: s.span.start))
        return document


class _ParagraphStatements:
    """The statements of one paragraph; direct quotes first, so indirect speech skips them."""

    def __init__(self, document: ReportDocument, paragraph: Paragraph, min_words: int) -> None:
        self.document = document
        self.paragraph = paragraph
        self.doc = paragraph.doc
        self.speakers = _Speakers(document, paragraph)
        self.min_words = min_words
        self.used_cues: set[int] = set()
        self.direct_spans: list[tuple[int, int]] = []

    # direct quotes

    def direct(self) -> list[Statement]:
        text = self.paragraph.text
        dash = re.match(rf"[{DASHES}]\s*", text)
        if dash and text[dash.end() : dash.end() + 1] not in QUOTE_PAIRS:
            found = self._region(_Region(dash.end(), len(text), closed=False, dash=True), None)
            if found:
                return found
        result: list[Statement] = []
        previous: tuple[_Region, _Cue] | None = None
        for start, end, closed in quote_regions(text):
            region = _Region(start, end, closed)
            found = self._region(region, previous)
            result.extend(found)
            last = self._last_cue
            previous = (region, last) if found and last is not None else None
        return result

    def _region(self, region: _Region, previous: tuple[_Region, _Cue] | None) -> list[Statement]:
        """The statements in one quoted region, split around attributions inside it."""
        self._last_cue: _Cue | None = None
        inside = self._inside_attributions(region)
        segments: list[tuple[int, int, _Cue | None]] = []
        position = region.start
        for cut, resume, inside_cue in inside:
            segments.append((position, cut, inside_cue))
            position = resume
        tail = self.paragraph.text[position : region.end]
        if not inside:
            segments.append((position, region.end, self._outside_cue(region, previous)))
        elif not region.dash or tail.lstrip()[:1] in DASHES:
            segments.append((position, region.end, inside[-1][2]))
        result = []
        for start, end, cue in segments:
            statement = self._statement(start, end, cue, direct=True)
            if statement is not None and cue is not None:
                self._last_cue = cue
                self.used_cues.add(cue.token.i)
                self.direct_spans.append((statement.span.start, statement.span.end))
                result.append(statement)
        return result

    def _inside_attributions(self, region: _Region) -> list[tuple[int, int, _Cue]]:
        """ "…, says X, director of Y." inside a quote: (cut, resume, cue) per sentence."""
        found = []
        for sent in self.doc.sents:
            if sent.end_char <= region.start or sent.start_char >= region.end:
                continue
            for token in sent:
                if not region.start <= token.idx < region.end:
                    continue
                cue = _cue(token)
                comma = _leading_comma(token, cue) if cue else None
                if cue is not None and comma is not None and comma.idx > region.start:
                    found.append((comma.idx, min(sent.end_char, region.end), cue))
                    break
        return found

    def _outside_cue(self, region: _Region, previous: tuple[_Region, _Cue] | None) -> _Cue | None:
        """An attribution in the quote's own sentence, else in the next one, else inherited."""
        sentences = [s for s in self.doc.sents if s.end_char > region.start]
        own = [s for s in sentences if s.start_char < region.end]
        cues = [
            (abs(t.idx - (region.start if t.idx < region.start else region.end)), cue)
            for s in own
            for t in s
            if not region.start <= t.idx < region.end and (cue := _cue(t)) is not None
        ]
        if cues:
            return min(cues, key=lambda pair: pair[0])[1]
        later = [s for s in sentences if s.start_char >= region.end]
        if later and not self.paragraph.text[region.end : later[0].start_char].strip(' ”»"’'):
            for token in later[0]:
                after = _cue(token)
                if after is not None and after.subject is not None and not _has_ccomp(token):
                    return after
        if previous is not None and self._continues(previous, region):
            return previous[1]
        return None

    def _continues(self, previous: tuple[_Region, _Cue], region: _Region) -> bool:
        """A quote right after an attributed one ("“A,” says X. “B.”") has the same speaker."""
        before, cue = previous
        gap = self.paragraph.text[before.end : region.start]
        return not gap.strip(' ”»"’“«') or before.end <= cue.token.idx < region.start

    # indirect speech

    def indirect(self) -> list[Statement]:
        result = []
        for token in self.doc:
            if token.i in self.used_cues:
                continue
            cue = _cue(token)
            if cue is None:
                continue
            if cue.token.lower_ == "according":
                bounds = [_according_bounds(token)]
            else:
                bounds = [_complement_bounds(c) for c in token.children if c.dep_ == "ccomp"]
            for first, last in bounds:
                start, end = first.idx, last.idx + len(last.text)
                statement = self._statement(start, end, cue, direct=False)
                if statement is not None and not self._overlaps_direct(statement.span):
                    result.append(statement)
        return result

    def _overlaps_direct(self, span: SourceSpan) -> bool:
        return any(span.start < end and start < span.end for start, end in self.direct_spans)

    # both

    def _statement(self, start: int, end: int, cue: _Cue | None, direct: bool) -> Statement | None:
        text = self.paragraph.text
        while start < end and text[start] in _EDGE:
            start += 1
        while end > start and text[end - 1] in _EDGE + ",;:":
            end -= 1
        if cue is None or len(text[start:end].split()) < self.min_words:
            return None
        span = self.document.span(self.paragraph.offset + start, self.paragraph.offset + end)
        return Statement(span, self.speakers.of(cue.subject), cue.text, direct)


def _leading_comma(token: Token, cue: _Cue) -> Token | None:
    """The comma opening an attribution: ", says X" / ", X says" / ", according to X"."""
    doc = token.doc
    subject = cue.subject
    if subject is not None and subject.i < token.i:
        left = min(t.i for t in subject.subtree)
        right = max(t.i for t in subject.subtree)
        if right == token.i - 1 and left > 0 and doc[left - 1].text == ",":
            return doc[left - 1]
        return None
    if token.i > 0 and doc[token.i - 1].text == ",":
        return doc[token.i - 1]
    return None


def _has_ccomp(token: Token) -> bool:
    return any(c.dep_ == "ccomp" for c in token.children)


def _trimmed(tokens: list[Token]) -> tuple[Token, Token]:
    """First and last token, without a leading "that" or punctuation at either end."""
    tokens = sorted(tokens, key=lambda t: t.i)
    while len(tokens) > 1 and (tokens[0].is_punct or tokens[0].dep_ == "mark"):
        tokens = tokens[1:]
    while len(tokens) > 1 and tokens[-1].is_punct:
        tokens = tokens[:-1]
    return tokens[0], tokens[-1]


def _complement_bounds(complement: Token) -> tuple[Token, Token]:
    return _trimmed(list(complement.subtree))


def _according_bounds(according: Token) -> tuple[Token, Token]:
    """The clause "according to X" is attached to, without that phrase where it is at an edge."""
    phrase = {t.i for t in according.subtree}
    clause = [t for t in according.head.subtree if t.i not in phrase]
    first, last = _trimmed(clause)
    if first.i > min(phrase) or last.i < max(phrase):
        return first, last
    return _trimmed(list(according.head.subtree))

"""Named actors (people and organisations), their titles, and acronyms defined in the text."""

from __future__ import annotations

import re
from typing import Any

from rapidfuzz.distance import Levenshtein

from ..model import ActorMention, PlaceMention, SourceSpan
from ..pipeline import Paragraph, ReportDocument, register_step

Token = Any
_STRIP_LEFT = {"the", "a", "an", "’s", "'s", "of", "in", "at", "on", "and", "by", "from"}
_STRIP_RIGHT = {"’s", "'s", "’", "'", "in", "of", "at", "on", "and", "the", ",", "."}
_HONORIFICS = {"mr", "mrs", "ms", "dr", "prof", "mr.", "mrs.", "ms.", "dr.", "prof.", "sir"}
TITLE_WORDS = {
    "president",
    "ombudsperson",
    "ombudsman",
    "minister",
    "head",
    "director",
    "chairman",
    "chair",
    "governor",
    "mayor",
    "secretary",
    "general",
    "commissioner",
    "prosecutor",
    "judge",
    "leader",
    "spokesperson",
    "spokesman",
    "chief",
    "deputy",
    "commander",
}
# Roles that introduce a name the statistical model may miss ("the lawyer Carlos Mendoza").
ROLE_WORDS = TITLE_WORDS | {
    "lawyer",
    "journalist",
    "activist",
    "defender",
    "reporter",
    "businessman",
    "businesswoman",
    "blogger",
    "editor",
    "photographer",
    "priest",
    "teacher",
    "doctor",
    "student",
    "farmer",
    "coordinator",
    "researcher",
    "monitor",
    "founder",
    "ombudsperson",
    "presenter",
    "correspondent",
    "attorney",
    "advocate",
    "pastor",
    "imam",
    "rabbi",
}
# Generic nouns that introduce an organisation's name ("the organisation Open Russia").
ORG_DESCRIPTORS = {
    "organization",
    "organisation",
    "ngo",
    "movement",
    "party",
    "newspaper",
    "foundation",
    "association",
    "network",
    "coalition",
    "union",
    "channel",
    "website",
    "outlet",
    "magazine",
    "agency",
    "group",
    "initiative",
    "radio",
    "station",
}
_NOT_ORG_WORDS = {"must", "should", "will", "shall", "demand", "demands", "urge", "urges", "calls"}
_NAME_PART = re.compile(r"^[A-Z][a-zà-ÿ'’\-]+$")


def initials(name: str) -> str:
    words = [w for w in re.split(r"[\s\-]+", name) if w and w[0].isupper()]
    return "".join(w[0] for w in words)


def acronym_matches(acronym: str, name: str, max_edits: int = 1) -> bool:
    """An acronym defined for a name: its initials, allowing one typo from 3 letters up."""
    expected = initials(name)
    if len(expected) < 2:
        return False
    if acronym.upper() == expected.upper():
        return True
    return (
        len(acronym) >= 3
        and len(acronym) == len(expected)
        and (Levenshtein.distance(acronym.upper(), expected.upper()) <= max_edits)
    )


def _trim(tokens: list[Token]) -> list[Token]:
    while tokens and (
        tokens[0].lower_ in _STRIP_LEFT
        or tokens[0].lower_ in _HONORIFICS
        or tokens[0].is_punct
        or tokens[0].is_space
    ):
        tokens = tokens[1:]
    while tokens and (
        tokens[-1].lower_ in _STRIP_RIGHT or tokens[-1].is_space or tokens[-1].is_punct
    ):
        tokens = tokens[:-1]
    return tokens


def _split_possessive(tokens: list[Token]) -> list[list[Token]]:
    """ "the Committee Against Torture's Joint Mobile Group" -> two organisations."""
    parts: list[list[Token]] = [[]]
    for token in tokens:
        if token.lower_ in ("’s", "'s") and token.tag_ == "POS" or "\n" in token.text:
            parts.append([])
        else:
            parts[-1].append(token)
    return [p for p in (_trim(p) for p in parts) if p]


def _strip_descriptors(tokens: list[Token], gazetteer: Any) -> list[Token]:
    """ "Russian NGO Committee Against Torture" -> "Committee Against Torture"."""
    while len(tokens) > 2 and (
        tokens[0].text in ("NGO", "NGOs")
        or (gazetteer.demonym(tokens[0].text) is not None and tokens[1].text[:1].isupper())
    ):
        tokens = tokens[1:]
    return tokens


def _strip_person_title(tokens: list[Token]) -> tuple[list[Token], str | None]:
    """ "Chechnya President Ramzan Kadyrov", "Lawyer Maria Sokolova" -> the name, the title."""
    for i, token in enumerate(tokens[:-1]):
        rest = tokens[i + 1 :]
        if token.lower_ in ROLE_WORDS and all(_NAME_PART.match(t.text) for t in rest):
            title = " ".join(t.text for t in tokens[: i + 1])
            return tokens[i + 1 :], title
    return tokens, None


@register_step("khronika.actors")
class ActorFinder:
    """People and organisations from the entity recogniser, cleaned; acronyms; titles."""

    def __init__(self, max_acronym_edits: int = 1) -> None:
        from ..domain.gazetteer import Gazetteer

        self.max_acronym_edits = max_acronym_edits
        self.gazetteer = Gazetteer.default()

    def __call__(self, document: ReportDocument) -> ReportDocument:
        for paragraph in document.paragraphs:
            for ent in paragraph.doc.ents:
                if ent.label_ in ("PERSON", "ORG"):
                    self._entity(document, paragraph, ent)
            self._titled_names(document, paragraph)
            self._described_orgs(document, paragraph)
        _surnames_as_people(document)
        self._acronyms(document)
        self._locations(document)
        unique = {(a.span.start, a.span.end): a for a in document.actors}
        document.actors[:] = sorted(unique.values(), key=lambda a: a.span.start)
        return document

    def _entity(self, document: ReportDocument, paragraph: Paragraph, ent: Any) -> None:
        if any(t.lower_ in _NOT_ORG_WORDS for t in ent):
            return  # a headline or a demand read as a name ("Authorities Must Protect ...")
        for tokens in _split_possessive(_with_first_names(list(ent))):
            kind = "person" if ent.label_ == "PERSON" or _titled_org(tokens) else "organization"
            title = None
            if kind == "organization":
                tokens = _strip_descriptors(tokens, self.gazetteer)
            if kind == "person":
                tokens, title = _strip_person_title(tokens)
                title = title or _appositive_title(tokens[-1])
            if not tokens or _is_place(document, paragraph, tokens):
                continue
            if len(tokens) == 1 and self.gazetteer.demonym(tokens[0].text) is not None:
                continue  # "Russian" tagged as an organisation
            span = document.token_span(paragraph, tokens[0], tokens[-1])
            name = span.quote
            if kind == "organization" and re.fullmatch(r"[A-Z]{2,6}s", name):
                span = SourceSpan.of(document.doc_id, document.text, span.start, span.end - 1)
                name = span.quote
            document.actors.append(ActorMention(span, name, kind, title=title))  # type: ignore[arg-type]

    def _titled_names(self, document: ReportDocument, paragraph: Paragraph) -> None:
        """Names the model misses after a title ("Ombudsperson of Russia Ella Pamfilova")."""
        doc = paragraph.doc
        for i, token in enumerate(doc[:-2]):
            if token.lower_ not in ROLE_WORDS:
                continue
            j = i + 1
            if doc[j].lower_ == "of" and doc[j + 1].ent_type_ in ("GPE", "LOC"):
                j += 2
                while j < len(doc) and doc[j].ent_iob_ == "I":
                    j += 1
            name: list[Token] = []
            while (
                j < len(doc)
                and doc[j].pos_ == "PROPN"
                and _NAME_PART.match(doc[j].text)
                and (doc[j].ent_type_ in ("", "PERSON", "ORG") or name)  # "Carlos Mendoza"
            ):
                name.append(doc[j])
                j += 1
            if 2 <= len(name) <= 4 and not any(t.ent_type_ == "PERSON" for t in name):
                span = document.token_span(paragraph, name[0], name[-1])
                title = doc[token.i : name[0].i].text
                document.actors[:] = [a for a in document.actors if not _overlaps(a.span, span)]
                document.places[:] = [p for p in document.places if not _overlaps(p.span, span)]
                document.actors.append(ActorMention(span, span.quote, "person", title=title))

    def _described_orgs(self, document: ReportDocument, paragraph: Paragraph) -> None:
        """Names after a generic noun: "the organisation Open Russia", "the NGO Memorial"."""
        doc = paragraph.doc
        for token in doc[:-1]:
            if token.lower_ not in ORG_DESCRIPTORS:
                continue
            name = _capitalised_run(doc, token.i + 1)
            if not name or any(t.ent_type_ == "PERSON" for t in name):
                continue
            if len(name) == 1 and (name[0].ent_type_ in ("GPE", "LOC") or name[0].is_sent_start):
                continue
            span = document.token_span(paragraph, name[0], name[-1])
            if any(a.span == span for a in document.actors):
                continue
            document.actors[:] = [a for a in document.actors if not _overlaps(a.span, span)]
            document.actors.append(ActorMention(span, span.quote, "organization"))
            document.places[:] = [p for p in document.places if not _overlaps(p.span, span)]

    def _acronyms(self, document: ReportDocument) -> None:
        """ "Joint Mobile Group (JMG)": the acronym is an alias of the name before it."""
        text = document.text
        orgs = [a for a in document.actors if a.kind == "organization" and " " in a.name]
        for actor in orgs:
            match = re.match(r"\s*\(([A-Z]{2,8})\)", text[actor.span.end : actor.span.end + 12])
            if match and acronym_matches(match.group(1), actor.name, self.max_acronym_edits):
                start = actor.span.end + match.start(1)
                evidence = SourceSpan.of(
                    document.doc_id, text, actor.span.start, start + len(match.group(1)) + 1
                )
                document.aliases.append((match.group(1), actor.name, evidence))

    def _locations(self, document: ReportDocument) -> None:
        """ "The office of X in Grozny", "X in Chechnya": where an organisation is based."""
        for actor in document.actors:
            if actor.kind != "organization":
                continue
            after = document.text[actor.span.end : actor.span.end + 6]
            if not re.match(r"\s*(\([A-Z]{2,8}\)\s*)?in\s", after + " "):
                continue
            nearby = [p for p in document.places if 0 < p.span.start - actor.span.end <= 14]
            if nearby:
                document.actor_places.append((actor.name, _most_specific(nearby)))


def _capitalised_run(doc: Any, start: int, limit: int = 6) -> list[Token]:
    """Capitalised proper-noun tokens from ``start`` ("Open Russia", "Centre for Justice")."""
    run: list[Token] = []
    j = start
    while j < len(doc) and len(run) < limit:
        token = doc[j]
        if (
            _NAME_PART.match(token.text)
            and token.pos_ in ("PROPN", "NOUN", "ADJ")
            or (
                token.lower_ in ("of", "for", "against", "and")
                and run
                and j + 1 < len(doc)
                and _NAME_PART.match(doc[j + 1].text)
            )
        ):
            run.append(token)
        else:
            break
        j += 1
    return run


def _with_first_names(tokens: list[Token]) -> list[Token]:
    """ "Ana Martinez's": the model may tag only the surname; take the given names before it."""
    doc, start = tokens[0].doc, tokens[0].i
    while (
        start > 0
        and doc[start - 1].pos_ == "PROPN"
        and doc[start - 1].dep_ == "compound"
        and _NAME_PART.match(doc[start - 1].text)
        and not doc[start - 1].ent_type_
        and doc[start - 1].head.i in {t.i for t in tokens}
    ):
        start -= 1
    return [*doc[start : tokens[0].i], *tokens]


def _titled_org(tokens: list[Token]) -> bool:
    """ "Elena Petrova, Director of ...": a name with a personal title is a person."""
    if not 2 <= len(tokens) <= 3 or not all(_NAME_PART.match(t.text) for t in tokens):
        return False
    return _appositive_title(tokens[-1]) is not None


def _surnames_as_people(document: ReportDocument) -> None:
    """A lone surname the model called an organisation ("Sokolova said") is that person."""
    surnames = {
        a.name.split()[-1]: a for a in document.actors if a.kind == "person" and " " in a.name
    }
    for index, actor in enumerate(document.actors):
        if actor.kind == "organization" and actor.name in surnames and not actor.name.isupper():
            document.actors[index] = ActorMention(actor.span, actor.name, "person")
    for place in [p for p in document.places if p.span.quote in surnames]:
        if place.place.kind != "country":  # "Mendoza said": the lawyer, not the city
            document.places.remove(place)
            document.actors.append(ActorMention(place.span, place.span.quote, "person"))
    for paragraph in document.paragraphs:  # ... also where the geocoder left it out already
        for ent in paragraph.doc.ents:
            if ent.label_ in ("GPE", "LOC") and len(ent) == 1 and ent.text in surnames:
                span = document.token_span(paragraph, ent[0], ent[-1])
                if not any(_overlaps(a.span, span) for a in document.actors) and not any(
                    _overlaps(p.span, span) for p in document.places
                ):
                    document.actors.append(ActorMention(span, ent.text, "person"))


def _appositive_title(token: Token) -> str | None:
    for child in token.children:
        if child.dep_ == "appos" and child.pos_ in ("NOUN", "PROPN") and child.lower_ in ROLE_WORDS:
            cut = {
                t.i for c in child.children if c.dep_ in ("conj", "cc", "punct") for t in c.subtree
            }
            return " ".join(t.text for t in child.subtree if t.i not in cut)
    return None


def _is_place(document: ReportDocument, paragraph: Paragraph, tokens: list[Token]) -> bool:
    start = paragraph.offset + tokens[0].idx
    end = paragraph.offset + tokens[-1].idx + len(tokens[-1].text)
    return any(p.span.start == start and p.span.end == end for p in document.places)


def _overlaps(a: SourceSpan, b: SourceSpan) -> bool:
    return a.start < b.end and b.start < a.end


def _most_specific(places: list[PlaceMention]) -> PlaceMention:
    order = {"city": 0, "area": 1, "region": 2, "country": 3}
    return min(places, key=lambda p: order.get(p.place.kind, 4))

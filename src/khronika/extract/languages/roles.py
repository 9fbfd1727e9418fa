"""Killed and injured counts and perpetrators in reports not in English, from data tables.

A count is a number (digits, or a number word of ``data/casualties_<code>.tsv``) within a few
words of a death or injury word of the same table, in one sentence: "погибли два человека",
"трое раненых", "dos muertos y tres heridos", "resultaron heridas cinco personas". As in
English, the first count a report states for each field wins (the lead states the toll).
Perpetrators are the phrases of ``data/perpetrators_<code>.tsv`` in an event's sentence
("неизвестные", "силовики", "un grupo de atacantes", "sicarios"), each an unnamed group with
its span. Languages without tables get neither.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ...model import ActorMention, Claim
from ...pipeline import ReportDocument

DATA = resources.files("khronika.domain") / "data"
WINDOW = 3  # words between a number and its death or injury word, either side
MAX_COUNT = 999  # larger numbers are years, sums of money, not a toll
_TOKEN = re.compile(r"\d+|[^\W\d_]+")


@dataclass(frozen=True)
class RoleWords:
    killed: tuple[str, ...]
    injured: tuple[str, ...]
    numbers: dict[str, int]
    perpetrators: tuple[tuple[str, ...], ...]  # word beginnings in a row, longest first


def _rows(name: str) -> list[list[str]]:
    path = DATA / name
    if not path.is_file():
        return []
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    return [ln.split("\t") for ln in [ln for ln in lines if not ln.startswith("#")][1:]]


@cache
def role_words(code: str) -> RoleWords | None:
    """The tables of a language, or None when it has none."""
    counts = _rows(f"casualties_{code}.tsv")
    people = _rows(f"perpetrators_{code}.tsv")
    if not counts and not people:
        return None
    killed = tuple(w.lower() for k, w in counts if k == "killed")
    injured = tuple(w.lower() for k, w in counts if k == "injured")
    numbers = {w.lower(): int(k) for k, w in counts if k.isdigit()}
    phrases = sorted((tuple(r[0].lower().split()) for r in people), key=len, reverse=True)
    return RoleWords(killed, injured, numbers, tuple(phrases))


def _tokens(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    return [(start + m.start(), start + m.end(), m.group().lower()) for m in
            _TOKEN.finditer(text[start:end])]  # fmt: skip


def _field(word: str, words: RoleWords) -> str | None:
    if any(word.startswith(w) for w in words.killed if " " not in w):
        return "killed"
    if any(word.startswith(w) for w in words.injured if " " not in w):
        return "injured"
    return None


def _number(word: str, words: RoleWords) -> int | None:
    if word.isdigit():
        return int(word) if 0 < int(word) <= MAX_COUNT else None
    return words.numbers.get(word)


def casualties(
    document: ReportDocument,
    code: str,
    sentences: list[tuple[int, int]],
    dates: Sequence[tuple[int, int]] = (),
) -> list[Claim]:
    """The first killed and the first injured count the report states, with their spans; a
    number inside one of ``dates`` ("este lunes 16") is no count."""
    words = role_words(code)
    if words is None:
        return []
    found: dict[str, Claim] = {}
    for start, end in sentences:
        tokens = _tokens(document.text, start, end)
        for i, (cue_start, cue_end, word) in enumerate(tokens):
            field = _field(word, words)
            if field is None or field in found:
                continue
            near = sorted(range(max(0, i - WINDOW), min(len(tokens), i + WINDOW + 1)),
                          key=lambda j: abs(j - i))  # fmt: skip
            for j in near:
                inside = any(s <= tokens[j][0] < e for s, e in dates)
                count = _number(tokens[j][2], words) if j != i and not inside else None
                if count is not None:
                    first, last = min(cue_start, tokens[j][0]), max(cue_end, tokens[j][1])
                    span = document.span(first, last)
                    found[field] = Claim(field, str(count), span, field)
                    break
    return list(found.values())


def perpetrators(
    document: ReportDocument, code: str, start: int, end: int
) -> tuple[ActorMention, ...]:
    """The unnamed groups a sentence names as doing it ("неизвестные", "sicarios")."""
    words = role_words(code)
    if words is None or not words.perpetrators:
        return ()
    tokens = _tokens(document.text, start, end)
    out: list[ActorMention] = []
    i = 0
    while i < len(tokens):
        size = _perpetrator_at(tokens, i, words)
        if size:
            span = document.span(tokens[i][0], tokens[i + size - 1][1])
            out.append(ActorMention(span, span.quote, "group"))
            i += size
        else:
            i += 1
    return tuple(out)


def _perpetrator_at(tokens: list[tuple[int, int, str]], i: int, words: RoleWords) -> int:
    for phrase in words.perpetrators:
        window = tokens[i : i + len(phrase)]
        if len(window) == len(phrase) and all(
            t[2].startswith(p) if k == len(phrase) - 1 else t[2] == p
            for k, (t, p) in enumerate(zip(window, phrase, strict=True))
        ):
            return len(phrase)
    return 0

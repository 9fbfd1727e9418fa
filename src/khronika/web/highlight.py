"""Report text as HTML with extracted spans marked, built from escaped segments only.

Every piece of report text goes through :func:`markupsafe.escape`; the only markup added
is ``<mark id="span-START-END" class="KIND ...">`` (integers and a fixed set of class
names) and, where a span crosses another one, an empty anchor with the same id.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from markupsafe import Markup, escape

from ..model import Extraction, Incident

KINDS = ("event", "actor", "place", "time", "detail", "statement", "fact")
Span = tuple[int, int, str]


def extraction_spans(extraction: Extraction) -> list[Span]:
    spans: list[Span] = [(e.trigger.start, e.trigger.end, "event") for e in extraction.events]
    spans += [(a.span.start, a.span.end, "actor") for a in extraction.actors]
    spans += [(p.span.start, p.span.end, "place") for p in extraction.places]
    spans += [(t.span.start, t.span.end, "time") for t in extraction.times]
    spans += [(c.span.start, c.span.end, "detail") for c in extraction.details]
    spans += [(s.span.start, s.span.end, "statement") for s in extraction.statements]
    return spans


def fact_spans(doc_id: str, incidents: Iterable[Incident]) -> list[Span]:
    return [
        (s.start, s.end, "fact")
        for incident in incidents
        for fact in incident.facts
        for s in fact.sources
        if s.doc_id == doc_id
    ]


def _merge(text_length: int, spans: Iterable[Span]) -> dict[tuple[int, int], set[str]]:
    merged: dict[tuple[int, int], set[str]] = {}
    for start, end, kind in spans:
        if kind in KINDS and 0 <= start <= end <= text_length:
            merged.setdefault((start, end), set()).add(kind)
    return merged


def _open_tag(start: int, end: int, kinds: set[str], offset: int = 0) -> str:
    classes = " ".join(k for k in KINDS if k in kinds)
    return f'<mark id="span-{start + offset}-{end + offset}" class="{classes}">'


def highlight(text: str, spans: Iterable[Span], offset: int = 0) -> Markup:
    """The text, escaped, with each span marked; spans crossing an open mark get an anchor.
    ``offset``: where ``text`` starts in its report (one page of it), for the marks' ids."""
    merged = _merge(len(text), spans)
    out: list[str] = []
    pos = 0
    open_ends: list[int] = []

    def advance(to: int) -> None:
        nonlocal pos
        out.append(str(escape(text[pos:to])))
        pos = to

    for start, end in sorted(merged, key=lambda s: (s[0], -s[1])):
        while open_ends and open_ends[-1] <= start:
            advance(open_ends.pop())
            out.append("</mark>")
        advance(start)
        if open_ends and end > open_ends[-1]:  # crosses an open mark: an anchor only
            out.append(f'<span id="span-{start + offset}-{end + offset}" class="anchor"></span>')
            continue
        out.append(_open_tag(start, end, merged[(start, end)], offset))
        open_ends.append(end)
    while open_ends:
        advance(open_ends.pop())
        out.append("</mark>")
    advance(len(text))
    return Markup("".join(out))


_MATCH = re.compile(r"\[([^\[\]]*)\]")


def snippet_html(snippet: str) -> Markup:
    """A search snippet (matches in [brackets]) as escaped HTML with <mark> around matches."""
    out: list[str] = []
    pos = 0
    for match in _MATCH.finditer(snippet):
        out.append(str(escape(snippet[pos : match.start()])))
        out.append(f"<mark>{escape(match.group(1))}</mark>")
        pos = match.end()
    out.append(str(escape(snippet[pos:])))
    return Markup("".join(out))

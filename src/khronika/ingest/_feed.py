"""RSS and Atom feeds: one report per entry.

``doc_id`` is ``<feed file stem>-<slug of the entry id, else its link, else its index>``,
stable across re-reads of the same feed. ``raw`` is the entry's content exactly as it
appeared in the feed (feedparser run with HTML sanitising off), encoded as UTF-8.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
import time
from typing import Any

import lxml.html
from lxml import etree

from khronika.errors import EmptyFileError, InputError, MalformedInputError
from khronika.model import IncomingReport, ReportMeta

from ._common import headline_and_body, normalise_newlines, parse_iso_day, slug

_SNIFF = re.compile(
    rb"^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*|<\?[^>]*\?>\s*)*"
    rb"<(?:rss|feed|rdf:RDF)\b",
    re.DOTALL,
)
_BLOCKS = frozenset(
    {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote"}
    | {"tr", "table", "section", "article", "header", "footer", "pre", "figure"}
    | {"figcaption", "dd", "dt", "hr"}
)
_SPACES = re.compile(r"[ \t\u00a0]+")
_MANY_NEWLINES = re.compile(r"\n{3,}")


def looks_like_feed(raw: bytes) -> bool:
    return bool(_SNIFF.match(raw[:4096].lstrip(b"\xef\xbb\xbf")))


def parse_feed(raw: bytes, label: str, stem: str) -> list[IncomingReport | InputError]:
    """Every entry of a feed: a report, or an error for an entry with no text."""
    import feedparser  # with the first feed, not with the library

    parsed = feedparser.parse(raw, sanitize_html=False, resolve_relative_uris=False)
    entries = list(parsed.get("entries") or [])
    if not entries:
        if parsed.get("bozo"):
            raise MalformedInputError(
                label,
                "this is not a readable RSS or Atom feed (the XML is broken or it is another "
                f"kind of file: {parsed.get('bozo_exception')}). Download the feed again.",
            )
        raise EmptyFileError(label, "this feed has no entries. Nothing was added.")
    publisher = _text_or_none(parsed.get("feed", {}).get("title"))
    language = _text_or_none(parsed.get("feed", {}).get("language"))
    results: list[IncomingReport | InputError] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries, start=1):
        doc_id = _entry_doc_id(stem, entry, index, seen)
        entry_label = f"{label} entry {index}"
        try:
            report = _entry_report(entry, entry_label, doc_id, publisher, language)
        except InputError as exc:
            results.append(exc)
        else:
            results.append(report)
    return results


def _entry_report(
    entry: Any, label: str, doc_id: str, publisher: str | None, language: str | None
) -> IncomingReport:
    content, content_type = _entry_content(entry)
    body = html_to_text(content) if "html" in content_type else normalise_newlines(content).strip()
    title = _text_or_none(entry.get("title"))
    if title and "<" in title:
        title = _text_or_none(html_to_text(title))
    if not body:
        name = f"'{title}'" if title else "this entry"
        raise EmptyFileError(
            label,
            f"{name} has no text in the feed (only a title or a link). "
            "Save the linked page itself and add it instead.",
        )
    text = headline_and_body(title, body)
    link = _text_or_none(entry.get("link"))
    meta = ReportMeta(
        doc_id=doc_id,
        url=link,
        publisher=publisher,
        published=_entry_date(entry),
        title=title,
        language=language,
    )
    return IncomingReport(meta, content.encode("utf-8"), text, content_type or "text/plain", label)


def _entry_content(entry: Any) -> tuple[str, str]:
    """The longest of the entry's content blocks and its summary, with its media type."""
    options: list[tuple[str, str]] = []
    for block in entry.get("content") or []:
        options.append((block.get("value") or "", block.get("type") or "text/html"))
    detail = entry.get("summary_detail") or {}
    if entry.get("summary"):
        options.append((entry["summary"], detail.get("type") or "text/html"))
    if not options:
        return "", "text/plain"
    return max(options, key=lambda item: len(item[0]))


def _entry_doc_id(stem: str, entry: Any, index: int, seen: set[str]) -> str:
    key = _text_or_none(entry.get("id")) or _text_or_none(entry.get("link"))
    doc_id = f"{stem}-{slug(key)}" if key and slug(key) else f"{stem}-{index}"
    if doc_id in seen:
        doc_id = f"{doc_id}-{index}"
    seen.add(doc_id)
    return doc_id


def _entry_date(entry: Any) -> dt.date | None:
    """The entry's own calendar day (as written, not shifted to UTC)."""
    for key in ("published", "updated", "created"):
        value = entry.get(key)
        if not isinstance(value, str) or not value.strip():
            continue
        day = parse_iso_day(value)
        if day is None:
            try:
                day = email.utils.parsedate_to_datetime(value).date()
            except (TypeError, ValueError, IndexError):
                day = None
        if day is None:
            parsed = entry.get(f"{key}_parsed")
            if isinstance(parsed, time.struct_time):
                day = dt.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
        if day is not None:
            return day
    return None


def _text_or_none(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment, keeping paragraph breaks as blank lines."""
    if not fragment.strip():
        return ""
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return normalise_newlines(fragment).strip()
    for bad in root.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag in _BLOCKS:
            sep = "\n" if el.tag in ("br", "li", "tr") else "\n\n"
            el.tail = sep + (el.tail or "")
            if el.tag not in ("br", "hr"):
                el.text = sep + (el.text or "")
    text = normalise_newlines(root.text_content())
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _MANY_NEWLINES.sub("\n\n", "\n".join(lines)).strip()

"""HTML pages: boilerplate removal with trafilatura, metadata, and a publication date.

The text handed to extraction is ``title + "\\n\\n" + body`` when a title was found and
the body does not already start with it; otherwise just the body. The date comes only
from dates written in the page's metadata (meta tags, JSON-LD, ``<time>``), never from
the clock: a page without a date gets ``None`` (or the date in its URL).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import lxml.html
from lxml import etree

from khronika.domain.addresses import past_day
from khronika.errors import MalformedInputError

from ._common import headline_and_body, normalise_newlines, parse_iso_day

_SNIFF = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b",
    re.IGNORECASE | re.DOTALL,
)
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)

# meta tags that carry the original publication date, most reliable first
_DATE_META = (
    "article:published_time",
    "og:published_time",
    "og:article:published_time",
    "datepublished",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.date",
    "dcterms.created",
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publication_date",
    "article.published",
    "sailthru.date",
    "parsely-pub-date",
)


def looks_like_html(raw: bytes) -> bool:
    head = raw[:2048].lstrip(b"\xef\xbb\xbf")
    return bool(_SNIFF.match(head))


def declared_charset(raw: bytes) -> str | None:
    m = _CHARSET.search(raw[:4096])
    return m[1].decode("ascii") if m else None


@dataclass(frozen=True)
class HtmlDoc:
    text: str
    title: str | None
    publisher: str | None
    url: str | None
    published: dt.date | None


def parse_html(markup: str, label: str) -> HtmlDoc:
    """Extract the article text and metadata of an HTML page."""
    body = _extract_body(markup)
    if not body:
        raise MalformedInputError(
            label,
            "no article text could be found in this HTML page (it may be empty, a menu or "
            "a page that needs JavaScript). Save the article's text as a .txt file instead.",
        )
    import trafilatura  # 0.15 s to import: with the first HTML page, not with the library

    meta = trafilatura.extract_metadata(
        markup, date_config={"extensive_search": False, "original_date": True}, extensive=False
    )
    title = _clean(meta.title) if meta is not None else None
    publisher = _clean(meta.sitename) if meta is not None else None
    url = _clean(meta.url) if meta is not None else None
    # trafilatura puts each block (heading, paragraph) on its own line: keep them apart as
    # paragraphs, so a headline is never read as part of the sentence after it.
    body = "\n\n".join(line.strip() for line in body.splitlines() if line.strip())
    return HtmlDoc(headline_and_body(title, body), title, publisher, url, metadata_date(markup))


def _extract_body(markup: str) -> str | None:
    import trafilatura

    options: dict[str, Any] = {"include_comments": False, "include_tables": False}
    body = trafilatura.extract(markup, favor_precision=True, **options)
    if not body or not body.strip():
        # very short pages can be discarded by the precision setting: try once more
        body = trafilatura.extract(markup, **options)
    if not body or not body.strip():
        return None
    return normalise_newlines(body).strip()


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = " ".join(value.split())
    return value or None


# --- publication date from metadata only ------------------------------------------------


def metadata_date(markup: str) -> dt.date | None:
    """The publication date written in the page's metadata, or ``None``.

    Looks at meta tags, JSON-LD ``datePublished`` and ``<time>`` elements marked as the
    publication time. Only dates literally present in the markup are returned.
    """
    try:
        tree = lxml.html.document_fromstring(markup.encode("utf-8"))
    except (etree.ParserError, ValueError):
        return None
    for value in _date_candidates(tree):
        day = parse_iso_day(value)
        if day is not None and past_day(day.year, day.month, day.day) is not None:
            return day
    return None


def _date_candidates(tree: Any) -> Iterator[str]:
    metas: dict[str, str] = {}
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        content = el.get("content")
        if key and content and key not in metas:
            metas[key] = content
    for key in _DATE_META:
        if key in metas:
            yield metas[key]
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() == "application/ld+json" and script.text:
            yield from _jsonld_dates(script.text)
    for el in tree.iter("time"):
        if el.get("datetime") and (
            el.get("pubdate") is not None or el.get("itemprop") == "datePublished"
        ):
            yield el.get("datetime")


def _jsonld_dates(source: str) -> Iterator[str]:
    try:
        data = json.loads(source)
    except ValueError:
        return
    stack: list[Any] = [data]
    while stack:
        item = stack.pop(0)
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            value = item.get("datePublished") or item.get("dateCreated")
            if isinstance(value, str):
                yield value
            stack.extend(v for v in item.values() if isinstance(v, dict | list))

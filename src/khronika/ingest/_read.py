"""Reading one file: plain text, HTML or a feed, chosen by extension or by sniffing."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from khronika.errors import EmptyFileError, InputError
from khronika.model import IncomingReport, ReportMeta

from ._common import (
    _BOMS,
    DEFAULT_MAX_BYTES,
    check_not_binary,
    decode,
    merge_meta,
    normalise_newlines,
    read_bytes,
    require_text,
)
from ._evidence import read_evidence
from ._feed import looks_like_feed, parse_feed
from ._html import declared_charset, looks_like_html, parse_html

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
FEED_SUFFIXES = frozenset({".xml", ".rss", ".atom"})

Item = IncomingReport | InputError


def read_file(
    path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES, meta: ReportMeta | None = None
) -> list[IncomingReport]:
    """Read one file: plain text, HTML, or an RSS/Atom feed (one report per entry).

    ``meta`` overrides what the file itself says; its fields left ``None`` (and a
    ``doc_id`` of ``""``) are filled from the file. Raises an :class:`InputError`
    subclass. For a feed, entries without text are left out (use
    :func:`khronika.ingest.iter_reports` to get an error for each); if no entry is
    usable the first entry's error is raised.
    """
    return _reports(read_items(Path(path), label=str(path), max_bytes=max_bytes, meta=meta))


def _reports(items: list[Item]) -> list[IncomingReport]:
    """The reports read, or the first error if there is none."""
    reports = [item for item in items if isinstance(item, IncomingReport)]
    if not reports:
        first = items[0]
        assert isinstance(first, InputError)
        raise first
    return reports


def read_upload(
    raw: bytes, name: str, *, max_bytes: int = DEFAULT_MAX_BYTES, meta: ReportMeta | None = None
) -> list[IncomingReport]:
    """:func:`read_file` for bytes already in memory (an upload): ``name`` is the file name it
    came with (its extension and stem count as a file's would). Nothing is written to disk."""
    if len(raw) > max_bytes:
        raise InputError(name, f"the file is larger than {max_bytes} bytes. Nothing was added.")
    return _reports(parse_items(raw, Path(Path(name).name), label=name, meta=meta))


def read_items(
    path: Path,
    *,
    label: str,
    max_bytes: int = DEFAULT_MAX_BYTES,
    meta: ReportMeta | None = None,
    follow: bool = True,
) -> list[Item]:
    """Like :func:`read_file` but a feed entry without text gives an error item; a symbolic
    link is refused when ``follow`` is false."""
    raw = read_bytes(path, label, max_bytes, follow=follow)
    return parse_items(raw, path, label=label, meta=meta)


def parse_items(
    raw: bytes, path: Path, *, label: str, meta: ReportMeta | None = None
) -> list[Item]:
    """The reports in one file's bytes; ``path`` gives its extension and stem only."""
    if not raw.strip():
        raise EmptyFileError(label, "this file is empty (it contains no text). Nothing was added.")
    evidence = read_evidence(raw, path, label, meta)  # PDFs, images of text, web archives
    if evidence is not None:
        return evidence
    check_not_binary(raw, label)
    kind = _kind(path, raw)
    if kind == "feed":
        stem = (meta.doc_id if meta and meta.doc_id else None) or path.stem
        items = parse_feed(raw, label, stem)
        return [_apply_feed_meta(item, meta) for item in items]
    if kind == "html":
        return [_read_html(raw, label, path, meta)]
    text = normalise_newlines(decode(raw, label))
    require_text(text, label)
    base = ReportMeta(doc_id=path.stem)
    return [IncomingReport(merge_meta(base, meta), raw, text, "text/plain", label)]


def _kind(path: Path, raw: bytes) -> str:
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in FEED_SUFFIXES:
        return "feed"
    head = _utf8_head(raw)
    if looks_like_html(head):
        return "html"
    if looks_like_feed(head):
        return "feed"
    return "text"


def _utf8_head(raw: bytes) -> bytes:
    """The start of the file as UTF-8 bytes, so UTF-16 files can be sniffed too."""
    for bom, codec in _BOMS:
        if raw.startswith(bom) and codec != "utf-8-sig":
            return raw[:8192].decode(codec, errors="ignore").encode("utf-8")
    return raw[:8192]


def _read_html(raw: bytes, label: str, path: Path, meta: ReportMeta | None) -> IncomingReport:
    markup = normalise_newlines(decode(raw, label, fallback=declared_charset(raw)))
    require_text(markup, label)
    page = parse_html(markup, label)
    base = ReportMeta(
        doc_id=path.stem,
        url=page.url,
        publisher=page.publisher,
        published=page.published,
        title=page.title,
    )
    return IncomingReport(merge_meta(base, meta), raw, page.text, "text/html", label)


def _apply_feed_meta(item: Item, meta: ReportMeta | None) -> Item:
    """A manifest naming a feed sets the publisher and language of all its entries."""
    if isinstance(item, InputError):
        return item
    changes: dict[str, Any] = {}
    if meta is not None and meta.publisher:
        changes["publisher"] = meta.publisher
    if meta is not None and meta.language:
        changes["language"] = meta.language
    merged = merge_meta(dataclasses.replace(item.meta, **changes), None)
    return dataclasses.replace(item, meta=merged)

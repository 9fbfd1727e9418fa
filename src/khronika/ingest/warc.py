"""Web archives: WARC files (``.warc``, ``.warc.gz``) and WACZ packages (a ZIP holding WARC
files under ``archive/``), read with warcio.

Each archived HTML page (a ``response`` or ``resource`` record) becomes one report, read by
the same HTML reader as a saved page; its provenance is what the archive recorded: the target
URL, the capture time (``WARC-Date``), the record's id and payload digest, the HTTP status and
the archive's file name (the Berkeley Protocol asks for exactly that). The stored original is
the page's bytes as captured. Other records (images, scripts, requests, revisits) are skipped.
"""

from __future__ import annotations

import gzip
import io
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from khronika.errors import EmptyFileError, InputError, MalformedInputError
from khronika.model import IncomingReport, ReportMeta

from ._common import DEFAULT_MAX_BYTES, decode, merge_meta, normalise_newlines, require_text, slug
from ._html import declared_charset, parse_html

Item = IncomingReport | InputError
SUFFIXES = (".warc", ".warc.gz", ".wacz")
HTML_TYPES = ("text/html", "application/xhtml+xml")


def is_web_archive(path: Path, raw: bytes) -> bool:
    return path.name.lower().endswith(SUFFIXES) or raw.startswith(b"WARC/")


def archive_stem(path: Path) -> str:
    name = path.name
    for suffix in SUFFIXES:
        if name.lower().endswith(suffix):
            return name[: -len(suffix)] or "archive"
    return path.stem


def read_web_archive(raw: bytes, path: Path, label: str, meta: ReportMeta | None) -> list[Item]:
    """One report (or one error) per archived HTML page."""
    items: list[Item] = []
    for name, data in _warc_files(raw, path, label):
        items += _read_warc(data, name, archive_stem(path), label, meta)
    if not items:
        raise EmptyFileError(
            label, "this web archive holds no HTML page (no response record of an HTML page)."
        )
    only = items[0]
    if meta is not None and meta.doc_id and len(items) == 1 and isinstance(only, IncomingReport):
        items = [_with(only, doc_id=meta.doc_id)]
    return items


def _warc_files(raw: bytes, path: Path, label: str) -> Iterator[tuple[str, bytes]]:
    if not raw.startswith(b"PK\x03\x04"):
        yield path.name, raw
        return
    try:
        package = zipfile.ZipFile(io.BytesIO(raw))
        members = [m for m in package.infolist() if m.filename.startswith("archive/")]
        total = sum(m.file_size for m in members)
        if total > max(DEFAULT_MAX_BYTES, 20 * len(raw)):
            raise MalformedInputError(
                label, f"this WACZ unpacks to {total} bytes, far more than it holds; not read."
            )
        for member in members:
            if member.filename.lower().endswith((".warc", ".warc.gz")):
                yield f"{path.name}:{member.filename}", package.read(member)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise MalformedInputError(label, f"this WACZ package cannot be opened ({exc}).") from None


def _read_warc(
    data: bytes, name: str, stem: str, label: str, meta: ReportMeta | None
) -> list[Item]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    items: list[Item] = []
    try:
        _complete(data)
        for number, record in enumerate(ArchiveIterator(io.BytesIO(data)), start=1):
            if record.rec_type not in ("response", "resource") or not _is_html(record):
                continue
            url = record.rec_headers.get_header("WARC-Target-URI") or ""
            where = f"{label} record {number} ({url})"
            try:
                payload = record.content_stream().read()
                items.append(_report(payload, record, name, stem, where, meta))
            except InputError as exc:
                items.append(exc)
    except (ArchiveLoadFailed, OSError, ValueError, EOFError, zlib.error) as exc:
        items.append(
            MalformedInputError(label, f"this web archive is damaged or incomplete ({exc}).")
        )
    return items


def _complete(data: bytes) -> None:
    """A gzip-compressed WARC cut short ends its last member early: warcio would stop
    quietly, so the whole stream is checked first (``EOFError`` when cut)."""
    if data.startswith(b"\x1f\x8b"):
        gzip.decompress(data)


def _is_html(record: object) -> bool:
    headers = getattr(record, "http_headers", None)
    kind = headers.get_header("Content-Type") if headers is not None else None
    if kind is None:
        kind = record.rec_headers.get_header("Content-Type")  # type: ignore[attr-defined]
    return bool(kind) and kind.split(";")[0].strip().lower() in HTML_TYPES


def _report(
    payload: bytes, record: object, archive: str, stem: str, label: str, meta: ReportMeta | None
) -> IncomingReport:
    headers = record.rec_headers  # type: ignore[attr-defined]
    url = headers.get_header("WARC-Target-URI") or None
    markup = normalise_newlines(decode(payload, label, fallback=declared_charset(payload)))
    require_text(markup, label)
    page = parse_html(markup, label)
    host = urlsplit(url).hostname if url else None
    publisher = page.publisher or (host.removeprefix("www.") if host else None)
    base = ReportMeta(
        doc_id=f"{stem}-{slug(url or 'page', 60)}",
        url=url,
        publisher=publisher,
        published=page.published,
        title=page.title,
    )
    provenance = {
        "kind": "warc",
        "target_url": url or "",
        "captured_at": headers.get_header("WARC-Date") or "",
        "record_id": headers.get_header("WARC-Record-ID") or "",
        "payload_digest": headers.get_header("WARC-Payload-Digest") or "",
        "archive": archive,
    }
    http = getattr(record, "http_headers", None)
    if http is not None and http.get_statuscode():
        provenance["http_status"] = str(http.get_statuscode())
    override = ReportMeta("", publisher=meta.publisher, language=meta.language) if meta else None
    merged = merge_meta(base, override)
    items = tuple((k, v) for k, v in provenance.items() if v)
    return IncomingReport(merged, payload, page.text, "text/html", label, provenance=items)


def _with(item: IncomingReport, doc_id: str) -> IncomingReport:
    import dataclasses

    return dataclasses.replace(item, meta=dataclasses.replace(item.meta, doc_id=doc_id))

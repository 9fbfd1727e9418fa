"""PDF reports and images of text: the text with its pages, by OCR where a page has none.

The PDF library was chosen by measurement (issue 16): on a 50-page text PDF written by
reportlab, pypdf read 214 pages/s, pdfminer.six 14 and pdfplumber 6, each giving the same
text (Latin and Cyrillic). A page whose text layer is empty (a scan) is read by Tesseract from
its largest image (:mod:`.ocr`), and marked as OCR text with its confidence.
"""

from __future__ import annotations

import io
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from khronika.errors import EmptyFileError, InputError, MalformedInputError
from khronika.model import IncomingReport, PageSpan, ReportMeta

from ._common import merge_meta
from .ocr import OcrText, ocr_image, ocr_picture

PAGE_SEPARATOR = "\n\n"
MIN_PAGE_CHARS = 20  # a page with fewer letters in its text layer is read by OCR
MIN_OCR_WORDS = 3  # an image with fewer words read is not an image of text
MIN_OCR_CONFIDENCE = 40.0
MAX_OCR_PROCESSES = 4
IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")


@dataclass(frozen=True)
class PageText:
    text: str
    ocr: OcrText | None = None


def is_pdf(raw: bytes) -> bool:
    return raw[:1024].lstrip().startswith(b"%PDF")


def is_image(raw: bytes) -> bool:
    return raw.startswith(IMAGE_MAGIC)


def read_pdf(raw: bytes, path: Path, label: str, meta: ReportMeta | None) -> IncomingReport:
    """One report from a PDF: every page's text, in order, with its page span."""
    reader = _open(raw, label)
    language = meta.language if meta else None
    pages = _read_pages(_pages(reader, label), label, language)
    text, spans = join_pages(pages)
    if not text.strip():
        raise EmptyFileError(
            label,
            "no text was found in this PDF (no text layer, and no image of text that OCR "
            "could read). Nothing was added.",
        )
    base = ReportMeta(doc_id=path.stem, title=_title(reader))
    provenance = _provenance("pdf", len(spans), spans)
    return _incoming(base, meta, raw, text, "application/pdf", label, spans, provenance)


def read_scan(raw: bytes, path: Path, label: str, meta: ReportMeta | None) -> IncomingReport:
    """One report from an image of text (a scanned page, a photographed statement) by OCR."""
    result = ocr_image(raw, label, meta.language if meta else None)
    if not _is_text(result):
        raise EmptyFileError(
            label,
            "no text was read in this image (it looks like a photo, not a page of text). To "
            "keep it as evidence, attach it: khronika attach add FILE --report DOC_ID.",
        )
    text, spans = join_pages([PageText(result.text, result)])
    provenance = _provenance("ocr", 1, spans)
    base = ReportMeta(doc_id=path.stem)
    return _incoming(base, meta, raw, text, _image_type(raw), label, spans, provenance)


def join_pages(pages: list[PageText]) -> tuple[str, tuple[PageSpan, ...]]:
    """The report's text (pages separated by a blank line) and where each page lies in it."""
    parts: list[str] = []
    spans: list[PageSpan] = []
    offset = 0
    for number, page in enumerate(pages, start=1):
        if parts:
            parts.append(PAGE_SEPARATOR)
            offset += len(PAGE_SEPARATOR)
        body = page.text.replace("\r\n", "\n").strip("\n")
        parts.append(body)
        confidence = page.ocr.confidence if page.ocr else None
        spans.append(PageSpan(number, offset, offset + len(body), page.ocr is not None, confidence))
        offset += len(body)
    return "".join(parts), tuple(spans)


def _open(raw: bytes, label: str) -> Any:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted and not reader.decrypt(""):
            raise MalformedInputError(
                label,
                "this PDF is protected by a password. Save an unprotected copy (print to PDF) "
                "and add that instead.",
            )
        return reader
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds on a damaged file
        raise _damaged(label, exc) from None


def _damaged(label: str, exc: Exception) -> MalformedInputError:
    return MalformedInputError(
        label,
        f"this PDF is damaged or incomplete and cannot be read ({type(exc).__name__}: "
        f"{str(exc)[:120]}). Nothing was added; get a complete copy of the file.",
    )


def _pages(reader: Any, label: str) -> list[Any]:
    try:
        return list(reader.pages)
    except Exception as exc:  # noqa: BLE001
        raise _damaged(label, exc) from None


def _read_pages(pages: list[Any], label: str, language: str | None) -> list[PageText]:
    """Every page's text layer; pages without one are read by OCR side by side (one
    Tesseract process per core). Images are taken out of the PDF one page after another
    (pypdf reads one stream), a few pages at a time (a scan's pages are large)."""
    texts = [_text_layer(page, f"{label} (page {n + 1})") for n, page in enumerate(pages)]
    scans = [n for n, text in enumerate(texts) if sum(c.isalnum() for c in text) < MIN_PAGE_CHARS]
    found = [PageText(text) for text in texts]
    workers = max(1, min(len(scans), os.cpu_count() or 1, MAX_OCR_PROCESSES))

    def ocr(job: tuple[int, Any]) -> PageText:
        n, picture = job
        result = ocr_picture(picture, f"{label} (page {n + 1})", language)
        return PageText(result.text, result) if _is_text(result) else found[n]

    with ThreadPoolExecutor(max_workers=workers) as pool:
        for first in range(0, len(scans), workers):
            chunk = scans[first : first + workers]
            jobs = [(n, _largest_image(pages[n], f"{label} (page {n + 1})")) for n in chunk]
            jobs = [(n, picture) for n, picture in jobs if picture is not None]
            for (n, _), page in zip(jobs, pool.map(ocr, jobs), strict=True):
                found[n] = page
    return found


def _text_layer(page: Any, where: str) -> str:
    try:
        return str(page.extract_text() or "")
    except Exception as exc:  # noqa: BLE001
        raise _damaged(where, exc) from None


def _largest_image(page: Any, label: str) -> Any:
    try:
        images = list(page.images)
        if not images:
            return None
        best = max(images, key=lambda image: len(image.data))
        return best.image
    except Exception as exc:  # noqa: BLE001
        raise _damaged(label, exc) from None


def _is_text(result: OcrText) -> bool:
    return (
        result.words >= MIN_OCR_WORDS
        and result.confidence is not None
        and result.confidence >= MIN_OCR_CONFIDENCE
    )


def _title(reader: Any) -> str | None:
    try:
        title = reader.metadata.title if reader.metadata else None
    except Exception:  # noqa: BLE001 - a damaged info dictionary: no title
        return None
    return str(title).strip() or None if title else None


def _provenance(kind: str, count: int, spans: tuple[PageSpan, ...]) -> tuple[tuple[str, str], ...]:
    ocr = [s for s in spans if s.ocr]
    found = [("kind", kind), ("pages", str(count)), ("ocr_pages", str(len(ocr)))]
    confidences = [s.confidence for s in ocr if s.confidence is not None]
    if confidences:
        found.append(("ocr_confidence", f"{sum(confidences) / len(confidences):.1f}"))
    return tuple(found)


def _image_type(raw: bytes) -> str:
    if raw.startswith(b"\x89PNG"):
        return "image/png"
    if raw.startswith(b"\xff\xd8"):
        return "image/jpeg"
    return "image/tiff"


def _incoming(
    base: ReportMeta,
    meta: ReportMeta | None,
    raw: bytes,
    text: str,
    media_type: str,
    label: str,
    spans: tuple[PageSpan, ...],
    provenance: tuple[tuple[str, str], ...],
) -> IncomingReport:
    merged = merge_meta(base, meta)
    return IncomingReport(merged, raw, text, media_type, label, spans, provenance)

"""Readers of evidence beyond text files, tried before the text readers: PDFs, images of
text (OCR), web archives (WARC/WACZ)."""

from __future__ import annotations

from pathlib import Path

from khronika.errors import InputError
from khronika.model import IncomingReport, ReportMeta

from .pdf import is_image, is_pdf, read_pdf, read_scan

Item = IncomingReport | InputError


def read_evidence(raw: bytes, path: Path, label: str, meta: ReportMeta | None) -> list[Item] | None:
    """The reports in a PDF, an image of text or a web archive; None for anything else."""
    if is_pdf(raw):
        return [read_pdf(raw, path, label, meta)]
    from .warc import is_web_archive, read_web_archive

    if is_web_archive(path, raw):
        return read_web_archive(raw, path, label, meta)
    if is_image(raw):
        return [read_scan(raw, path, label, meta)]
    return None

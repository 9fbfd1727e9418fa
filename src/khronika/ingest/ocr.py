"""OCR of images of text with Tesseract (Debian's ``tesseract-ocr`` with English, Russian and
Spanish data, installed by ``scripts/setup.sh``).

The image goes to Tesseract on its standard input and the text comes back on its standard
output: nothing decrypted from the record is written to disk. Each word's confidence comes
from Tesseract's TSV output; a page's confidence is the mean over its words (0-100).
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from dataclasses import dataclass
from typing import Any

from khronika.errors import InputError, MalformedInputError

DEFAULT_LANGUAGES = "eng+rus+spa"
TIMEOUT_SECONDS = 300
# ISO 639-1 (a manifest's "language") -> Tesseract's language data
TESSERACT_LANGUAGES = {"en": "eng", "ru": "rus", "es": "spa"}
MIN_PIXELS = 1200  # images are scaled up to about this width: Tesseract reads ~300 dpi best


@dataclass(frozen=True)
class OcrText:
    text: str
    confidence: float | None  # mean word confidence 0-100; None when no word was read
    words: int


def languages(language: str | None) -> str:
    """Tesseract's languages for a report: its declared language if Tesseract has it, else
    ``$KHRONIKA_OCR_LANGUAGES`` or English+Russian+Spanish."""
    if language and language.lower() in TESSERACT_LANGUAGES:
        return TESSERACT_LANGUAGES[language.lower()]
    return os.environ.get("KHRONIKA_OCR_LANGUAGES") or DEFAULT_LANGUAGES


def tesseract_path() -> str | None:
    return os.environ.get("KHRONIKA_TESSERACT") or shutil.which("tesseract")


def ocr_image(image: bytes, label: str, language: str | None = None) -> OcrText:
    """The text Tesseract reads in an image (PNG, JPEG, TIFF... as bytes)."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(image)) as picture:
            picture.load()
            return ocr_picture(picture, label, language)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise MalformedInputError(
            label, f"this image is damaged or incomplete and cannot be read ({exc})."
        ) from None


def ocr_picture(picture: Any, label: str, language: str | None = None) -> OcrText:
    """The text Tesseract reads in a Pillow image."""
    tesseract = tesseract_path()
    if tesseract is None:
        raise InputError(
            label,
            "this is an image of text, and reading it needs Tesseract OCR, which is not "
            "installed. Run scripts/setup.sh (it installs Debian's tesseract-ocr) and try again.",
        )
    command = [tesseract, "stdin", "stdout", "-l", languages(language), "--psm", "3", "tsv"]
    try:
        done = subprocess.run(
            command,
            input=_prepared(picture),
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
            env=_environment(),
        )
    except subprocess.TimeoutExpired:
        raise InputError(
            label, f"OCR took longer than {TIMEOUT_SECONDS} s on one page; nothing was added."
        ) from None
    if done.returncode != 0:
        why = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no message"]
        raise InputError(label, f"Tesseract could not read this image ({why[0]}).")
    return parse_tsv(done.stdout.decode("utf-8", "replace"))


def _environment() -> dict[str, str]:
    """Tesseract on one thread a page (pages run side by side instead): its OpenMP threads
    spin on busy cores, one thread read a page 4x faster on 2 shared cores (issue 16)."""
    return {**os.environ, "OMP_THREAD_LIMIT": os.environ.get("OMP_THREAD_LIMIT", "1")}


def _prepared(picture: Any) -> bytes:
    """The image as a greyscale PNG, scaled up when small (Tesseract wants ~300 dpi)."""
    grey = picture.convert("L")
    if grey.width < MIN_PIXELS:
        factor = MIN_PIXELS / grey.width
        grey = grey.resize((MIN_PIXELS, max(1, round(grey.height * factor))))
    out = io.BytesIO()
    grey.save(out, format="PNG")
    return out.getvalue()


def parse_tsv(tsv: str) -> OcrText:
    """Lines of words from Tesseract's TSV (level 5 rows are words, grouped by block,
    paragraph and line); paragraphs end with a blank line."""
    lines: list[str] = []
    confidences: list[float] = []
    current: tuple[str, str, str] | None = None
    paragraph: tuple[str, str] | None = None
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) < 12 or cells[0] != "5" or not cells[11].strip():
            continue
        key = (cells[2], cells[3], cells[4])
        if key != current:
            if paragraph is not None and key[:2] != paragraph:
                lines.append("")
            lines.append(cells[11])
            current, paragraph = key, key[:2]
        else:
            lines[-1] += " " + cells[11]
        confidences.append(max(0.0, float(cells[10])))
    text = "\n".join(lines).strip()
    mean = round(sum(confidences) / len(confidences), 1) if confidences else None
    return OcrText(text, mean, len(confidences))

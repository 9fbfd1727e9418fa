"""Shared helpers for the readers: size check, binary sniffing, decoding, dates, slugs."""

from __future__ import annotations

import codecs
import dataclasses
import datetime as dt
import hashlib
import os
import re
import stat
from pathlib import Path

from khronika.domain.addresses import address_day
from khronika.errors import (
    BinaryFileError,
    DecodingError,
    EmptyFileError,
    FileTooLargeError,
    InputError,
    MissingFileError,
)
from khronika.model import ReportMeta

DEFAULT_MAX_BYTES = 50 * 1024 * 1024

SUPPORTED = (
    "khronika reads plain text (UTF-8), HTML pages, RSS/Atom feeds, PDFs, images of text and"
    " web archives (WARC/WACZ)"
)

# (magic prefix, human name). Checked before anything else.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF file"),
    (b"PK\x03\x04", "a ZIP archive or an office document (Word, OpenDocument, Excel)"),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document (.doc, .xls)"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"{\\rtf", "a Rich Text (RTF) document"),
    (b"\x7fELF", "a program file"),
    (b"MZ", "a Windows program file"),
    (b"ID3", "an MP3 audio file"),
    (b"OggS", "an Ogg audio or video file"),
    (b"SQLite format 3\x00", "an SQLite database"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_ALLOWED_CONTROLS = frozenset(b"\t\n\r\f\v\x1b")


def human_size(n: int) -> str:
    """``1536`` -> ``"1.5 KB"``: sizes as a monitor reads them."""
    size = float(n)
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{n} bytes" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{n} bytes"  # pragma: no cover


def read_bytes(path: Path, label: str, max_bytes: int, *, follow: bool = True) -> bytes:
    """A regular file's bytes, at most ``max_bytes`` (one more byte is read to tell a file
    that grew past the limit). A folder, a FIFO, a device (``/dev/zero``) or a socket is
    refused without reading it; so is a symbolic link when ``follow`` is false. The file is
    opened without blocking (a FIFO with no writer cannot hang) and checked on its open
    descriptor, so it cannot be swapped for something else between check and read."""
    flags = os.O_RDONLY | os.O_NONBLOCK | (0 if follow else os.O_NOFOLLOW)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise MissingFileError(
            label, "this file does not exist. Check the name and the folder, then try again."
        ) from None
    except OSError as exc:
        if not follow and path.is_symlink():
            raise InputError(label, _SYMLINK) from None
        if path.is_dir():
            raise InputError(label, _FOLDER) from None
        raise InputError(label, f"this file cannot be opened ({exc.strerror}).") from None
    try:
        return _read_regular(fd, label, max_bytes)
    finally:
        os.close(fd)


_SYMLINK = (
    "this is a symbolic link; a manifest may name only ordinary files inside its own folder. "
    "Copy the report into the manifest's folder and name the copy. Nothing was added."
)
_FOLDER = "this is a folder, not a file. Name the files in it instead. Nothing was added."
_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a pipe (FIFO)"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


def _read_regular(fd: int, label: str, max_bytes: int) -> bytes:
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        if stat.S_ISDIR(mode):
            raise InputError(label, _FOLDER)
        kind = next((name for test, name in _KINDS if test(mode)), "not an ordinary file")
        raise InputError(
            label,
            f"this is {kind}, not an ordinary file; khronika reads reports from ordinary "
            "files only. Save the report to a file and add that file. Nothing was added.",
        )
    size = os.fstat(fd).st_size
    if size > max_bytes:
        raise _too_large(label, size, max_bytes)
    chunks, total = [], 0
    try:
        while total <= max_bytes:
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except OSError as exc:
        raise InputError(
            label, f"this file cannot be read ({exc.strerror}). Check that you may open it."
        ) from None
    if total > max_bytes:  # it grew while being read, or its size was not told (/proc)
        raise _too_large(label, total, max_bytes, at_least=True)
    return b"".join(chunks)


def _too_large(label: str, size: int, max_bytes: int, at_least: bool = False) -> FileTooLargeError:
    shown, limit = human_size(size), human_size(max_bytes)
    if shown == limit:  # "2.0 KB, more than the limit of 2.0 KB" would not say why
        shown, limit = f"{size} bytes", f"{max_bytes} bytes"
    return FileTooLargeError(
        label,
        f"this file is {'at least ' if at_least else ''}{shown}, more than the limit of "
        f"{limit}. Split it into smaller files or raise the size limit.",
    )


def has_bom(raw: bytes) -> bool:
    return any(raw.startswith(bom) for bom, _ in _BOMS)


def check_not_binary(raw: bytes, label: str) -> None:
    """Raise :class:`BinaryFileError` for known binary formats and control-character soup."""
    for magic, name in _MAGIC:
        if raw.startswith(magic):
            raise BinaryFileError(
                label,
                f"this looks like {name}; {SUPPORTED}. Copy its text into a file "
                "saved as UTF-8 text and add that file instead.",
            )
    if has_bom(raw):  # UTF-16/32 text legitimately contains NUL bytes
        return
    head = raw[:8192]
    controls = sum(1 for b in head if (b < 0x20 and b not in _ALLOWED_CONTROLS) or b == 0x7F)
    if b"\x00" in head or (head and controls / len(head) > 0.05):
        raise BinaryFileError(
            label,
            f"this does not look like a text file (it contains binary data); {SUPPORTED}. "
            "Save the document as UTF-8 text and add that file instead.",
        )


def decode(raw: bytes, label: str, fallback: str | None = None) -> str:
    """Decode UTF-8 (BOM allowed) or UTF-16/32 with a BOM; ``fallback`` is a declared charset.

    The BOM is not part of the returned text.
    """
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(codec)
            except UnicodeDecodeError as exc:
                raise _decoding_error(label, exc) from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        if fallback:
            try:
                return raw.decode(fallback)
            except (LookupError, UnicodeDecodeError):
                pass
        raise _decoding_error(label, exc) from None


def _decoding_error(label: str, exc: UnicodeDecodeError) -> DecodingError:
    bad = exc.object[exc.start : exc.start + 1].hex()
    return DecodingError(
        label,
        f"this file is not valid UTF-8 text (the first bad byte, 0x{bad}, is at byte "
        f"{exc.start}). Open it in a text editor and save it again with the UTF-8 encoding.",
    )


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n")


def headline_and_body(title: str | None, body: str) -> str:
    """The text extraction reads: the headline, a blank line, then the body (a headline says
    what happened, where and to whom); just the body when it already starts with its
    headline or there is none."""
    title = title.strip() if title else None
    return f"{title}\n\n{body}" if title and not body.lstrip().startswith(title) else body


def require_text(text: str, label: str) -> None:
    if not text.strip():
        raise EmptyFileError(label, "this file is empty (it contains no text). Nothing was added.")


# --- dates -----------------------------------------------------------------------------


def date_from_url(url: str | None) -> dt.date | None:
    """A publication date written in a URL: ``/2015/06/03/``, ``/2015-06-03``, ``/20150603/``,
    ``03-06-2015`` (:func:`khronika.domain.addresses.address_day`: one reader for all)."""
    return address_day(url)


_ISO_DAY = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")


def parse_iso_day(value: str) -> dt.date | None:
    """The calendar day of an ISO date or datetime string (the writer's local day)."""
    m = _ISO_DAY.match(value)
    if not m:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


# --- identifiers -----------------------------------------------------------------------

_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slug(value: str, max_len: int = 60) -> str:
    """A short, stable, file-name-safe identifier derived from ``value``."""
    base = _NON_SLUG.sub("-", value.casefold()).strip("-")
    for prefix in ("https-", "http-", "tag-", "urn-"):
        if base.startswith(prefix):
            base = base[len(prefix) :]
    if len(base) <= max_len and base:
        return base
    digest = hashlib.sha256(value.encode("utf-8")).hexdigest()[:8]
    return f"{base[-(max_len - 9) :].strip('-')}-{digest}".strip("-")


def merge_meta(base: ReportMeta, override: ReportMeta | None) -> ReportMeta:
    """``override``'s given fields win; the date falls back to a date in the URL."""
    if override is not None:
        given = {
            f.name: getattr(override, f.name)
            for f in dataclasses.fields(override)
            if getattr(override, f.name) not in (None, "")
        }
        base = dataclasses.replace(base, **given)
    if base.published is None:
        base = dataclasses.replace(base, published=date_from_url(base.url))
    return base

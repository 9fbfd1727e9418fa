"""JSONL manifests: one report per line, with metadata.

Each line is a JSON object with any of ``doc_id``, ``path`` (relative to the
manifest's folder) or ``text``, ``url``, ``publisher``, ``published``, ``title``,
``language``. Blank lines are skipped. A bad line gives one :class:`InputError`
(origin ``documents.jsonl line 3``) and the other lines go on. The manifest's
metadata overrides what the file itself says.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from khronika.errors import DecodingError, EmptyFileError, InputError, MalformedInputError
from khronika.model import IncomingReport, Precision, ReportMeta

from ._common import DEFAULT_MAX_BYTES, merge_meta, normalise_newlines, parse_iso_day
from ._read import Item, read_items

_STRING_KEYS = ("doc_id", "path", "text", "url", "publisher", "title", "language")


def manifest_lines(manifest: Path) -> Iterator[tuple[int, bytes]]:
    """Non-blank lines with their 1-based numbers (raises OSError if unreadable)."""
    with manifest.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                yield number, line


def iter_manifest(manifest: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """Every report a manifest names, or an error for each bad line."""
    manifest = Path(manifest)
    if not manifest.is_file():
        what = (
            "is not an ordinary file (a folder, a pipe or a device); give the manifest file"
            if manifest.exists()
            else "does not exist. Check the name and the folder, then try again"
        )
        yield InputError(str(manifest), f"this manifest {what}.")
        return
    try:
        for number, line in manifest_lines(manifest):
            try:
                yield from _read_line(manifest, number, line, max_bytes)
            except InputError as exc:
                yield exc
    except OSError as exc:
        yield InputError(str(manifest), f"this manifest cannot be read ({exc.strerror}).")


def _read_line(manifest: Path, number: int, line: bytes, max_bytes: int) -> list[Item]:
    origin = f"{manifest} line {number}"
    entry = _parse_line(line, origin)
    meta = _line_meta(entry, origin)
    path, text = entry.get("path"), entry.get("text")
    if path and text:
        raise MalformedInputError(
            origin, "this line gives both a 'path' and a 'text'; keep only one of them."
        )
    if text:
        doc_id = meta.doc_id or f"{manifest.stem}-{number}"
        body = normalise_newlines(text)
        if not body.strip():
            raise EmptyFileError(origin, "the 'text' of this line is empty. Nothing was added.")
        merged = merge_meta(ReportMeta(doc_id=doc_id), meta)
        return [IncomingReport(merged, text.encode("utf-8"), body, "text/plain", origin)]
    if not path:
        raise MalformedInputError(
            origin,
            "this line has neither a 'path' to a file nor a 'text'. Add one of them "
            "(a path is relative to the manifest's folder).",
        )
    file = _inside_folder(manifest, path, origin)
    label = f"{file} (named on {origin})"
    return read_items(file, label=label, max_bytes=max_bytes, meta=meta, follow=False)


def _inside_folder(manifest: Path, path: str, origin: str) -> Path:
    """The file a manifest's ``path`` names, which must lie inside the manifest's folder and
    be reached without a symbolic link (a manifest from elsewhere must not make khronika
    read ``../../etc/passwd`` or ``/etc/shadow`` into the record)."""
    folder = Path(os.path.abspath(manifest.parent))
    file = Path(os.path.normpath(folder / path))  # an absolute path stays itself
    if not file.is_relative_to(folder) or file == folder:
        raise MalformedInputError(
            origin,
            f"the path {path!r} leads outside the manifest's folder {folder}; a manifest may "
            "name only files inside its own folder. Move the report there. Nothing was added.",
        )
    real_folder = Path(os.path.realpath(folder))
    if Path(os.path.realpath(file)) != real_folder / file.relative_to(folder):
        raise MalformedInputError(
            f"{file} (named on {origin})",
            "this path goes through a symbolic link; a manifest may name only ordinary files "
            "inside its own folder. Copy the report there and name the copy. Nothing was added.",
        )
    return file


def _parse_line(line: bytes, origin: str) -> dict[str, Any]:
    try:
        decoded = line.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DecodingError(
            origin,
            f"this line is not valid UTF-8 text (bad byte at position {exc.start}). "
            "Save the manifest with the UTF-8 encoding.",
        ) from None
    try:
        entry = json.loads(decoded)
    except ValueError as exc:
        raise MalformedInputError(
            origin,
            f"this line is not valid JSON ({exc}). Each line must be one JSON object, "
            'like {"path": "report.txt", "published": "2015-06-03"}.',
        ) from None
    if not isinstance(entry, dict):
        raise MalformedInputError(
            origin,
            'this line is not a JSON object. Each line must look like {"path": "report.txt"}.',
        )
    for key in _STRING_KEYS:
        if entry.get(key) is not None and not isinstance(entry[key], str):
            raise MalformedInputError(
                origin, f"the value of '{key}' must be text in quotes, not {entry[key]!r}."
            )
    return entry


def _line_meta(entry: dict[str, Any], origin: str) -> ReportMeta:
    def text(key: str) -> str | None:
        value = entry.get(key)
        return value.strip() or None if isinstance(value, str) else None

    published, precision = _published(entry.get("published"), origin)
    return ReportMeta(
        doc_id=text("doc_id") or "",
        url=text("url"),
        publisher=text("publisher"),
        published=published,
        title=text("title"),
        language=text("language"),
        published_precision=precision,
    )


def _published(value: object, origin: str) -> tuple[dt.date | None, Precision | None]:
    """The publication date and its precision: a day (``2015-06-03``, or an ISO date and
    time), a month (``2017-10``, as many pages give it) or a year (``2017``)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    if isinstance(value, str) and len(value.strip()) in (4, 7):
        try:
            return ReportMeta.parse_published(value)
        except ValueError:
            pass
    else:
        day = parse_iso_day(value) if isinstance(value, str) else None
        if day is not None and isinstance(value, str) and _valid_iso(value):
            return day, None
    raise MalformedInputError(
        origin,
        f"the 'published' date {value!r} is not a date in the form YYYY-MM-DD, YYYY-MM or "
        'YYYY (for example "2015-06-03", or "2015-06" when only the month is known). '
        "Correct it or leave it out.",
    )


def _valid_iso(value: str) -> bool:
    value = value.strip()
    if len(value) == 10:
        return True
    try:
        dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True

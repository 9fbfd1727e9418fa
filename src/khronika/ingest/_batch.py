"""Batches: files, folders, a manifest and a feed, with one error per bad item."""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

from khronika.errors import InputError, MalformedInputError
from khronika.model import IncomingReport

from ._common import DEFAULT_MAX_BYTES
from ._manifest import iter_manifest, manifest_lines
from ._read import Item, read_items

# Skipped silently when walking a folder: manifests and annotation files, not reports.
SKIPPED_IN_FOLDERS = frozenset({".json", ".jsonl"})

_ENTRY = re.compile(rb"<(?:item|entry)[\s>]")


def iter_reports(
    paths: Sequence[Path] = (),
    *,
    manifest: Path | None = None,
    feed: Path | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[IncomingReport | InputError]:
    """Every report in ``paths`` (files or folders), the ``manifest`` and the ``feed``.

    Folders are read recursively in sorted order; hidden files and folders and
    ``.json``/``.jsonl`` files are skipped. Errors are yielded, not raised, so the batch
    goes on. Two different reports with the same ``doc_id`` in one batch: the second
    one is yielded as an error (rename a file or give a ``doc_id`` in a manifest).
    """
    seen: dict[str, tuple[str, str]] = {}
    for item in _all_items(paths, manifest, feed, max_bytes):
        yield _check_unique(item, seen)


def _all_items(
    paths: Sequence[Path], manifest: Path | None, feed: Path | None, max_bytes: int
) -> Iterator[Item]:
    for path in paths:
        for file in _files(Path(path)):
            refused = _manifest_as_report(file)
            yield from [refused] if refused is not None else _safe_read(file, max_bytes)
    if manifest is not None:
        yield from iter_manifest(Path(manifest), max_bytes=max_bytes)
    if feed is not None:
        yield from _safe_read(Path(feed), max_bytes)


def _manifest_as_report(file: Path) -> InputError | None:
    """A manifest named as a report (``ingest documents.jsonl`` without ``--manifest``)
    would be stored as one long report: refused, saying how to read it."""
    if file.suffix.lower() not in SKIPPED_IN_FOLDERS or not file.is_file():
        return None
    try:
        with file.open("rb") as handle:
            first = next((line for line in handle if line.strip()), b"")
        entry = json.loads(first)
    except (OSError, ValueError):
        return None
    if not isinstance(entry, dict):
        return None
    return InputError(
        str(file),
        "this is a manifest (one JSON object a line), not a report: read it with"
        f" `khronika ingest --manifest {file}`. Nothing was added from it.",
    )


def _safe_read(file: Path, max_bytes: int) -> list[Item]:
    try:
        return read_items(file, label=str(file), max_bytes=max_bytes)
    except InputError as exc:
        return [exc]


def _files(path: Path) -> Iterator[Path]:
    """``path`` itself, or every visible file under a folder, in sorted order."""
    if not path.is_dir():
        yield path  # a missing file is reported by the reader
        return
    for root, dirs, names in os.walk(path):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            file = Path(root) / name
            if name.startswith(".") or file.suffix.lower() in SKIPPED_IN_FOLDERS:
                continue
            yield file


def _check_unique(item: Item, seen: dict[str, tuple[str, str]]) -> Item:
    if isinstance(item, InputError):
        return item
    doc_id = item.meta.doc_id
    digest = hashlib.sha256(item.raw).hexdigest()
    if doc_id not in seen:
        seen[doc_id] = (item.origin, digest)
        return item
    first_origin, first_digest = seen[doc_id]
    if first_digest == digest:
        return item  # the same report twice: storing it again is a no-op
    return MalformedInputError(
        item.origin,
        f"this report has the same document id '{doc_id}' as {first_origin}, but different "
        "content, so it was not added. Rename one of the files or give each a 'doc_id' in a "
        "manifest.",
    )


def count_candidates(
    paths: Sequence[Path] = (),
    *,
    manifest: Path | None = None,
    feed: Path | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> int:
    """About how many items :func:`iter_reports` will yield (to size a progress bar).

    One per file, one per non-blank manifest line, one per feed entry of ``feed``.
    """
    total = sum(1 for path in paths for _ in _files(Path(path)))
    if manifest is not None:
        try:  # only an ordinary file is read: a FIFO would never end
            regular = Path(manifest).is_file()
            total += sum(1 for _ in manifest_lines(Path(manifest))) if regular else 1
        except OSError:
            total += 1
    if feed is not None:
        total += _count_entries(Path(feed), max_bytes)
    return total


def _count_entries(feed: Path, max_bytes: int) -> int:
    try:
        if not feed.is_file() or feed.stat().st_size > max_bytes:
            return 1
        return max(1, len(_ENTRY.findall(feed.read_bytes())))
    except OSError:
        return 1

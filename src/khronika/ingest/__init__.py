"""Ingest: read reports from plain text, HTML pages, RSS/Atom feeds, folders and manifests.

The readers only read; storing (and the SHA-256 / re-ingest no-op) is the store's job.

* :func:`read_file` reads one file and raises an :class:`~khronika.errors.InputError`.
* :func:`iter_reports` reads a whole batch and *yields* an error for each bad file,
  manifest line or feed entry, so the batch goes on.
* :mod:`khronika.ingest.nearcopy` has MinHash signatures to mark near-copies.

``raw`` is always the bytes exactly as read; ``text`` is what extraction runs on
(decoded, ``\\r\\n`` turned into ``\\n``, and for HTML the boilerplate removed).
"""

from __future__ import annotations

from . import nearcopy
from ._batch import SKIPPED_IN_FOLDERS, count_candidates, iter_reports
from ._common import DEFAULT_MAX_BYTES, date_from_url, human_size, merge_meta
from ._read import read_file, read_upload

__all__ = [
    "DEFAULT_MAX_BYTES",
    "SKIPPED_IN_FOLDERS",
    "count_candidates",
    "date_from_url",
    "human_size",
    "iter_reports",
    "merge_meta",
    "nearcopy",
    "read_file",
    "read_upload",
]

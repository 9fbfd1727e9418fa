"""Who downloaded the record, in the server's log: a read never writes the chain (a viewer
would otherwise write to the record, and every download move its head). Files written by
``khronika export`` are in the chain, with the same entry (:meth:`khronika.export.Export.entry`).
"""

from __future__ import annotations

import json
import logging

from fastapi import Request

from ..export import Export
from .account import request_author

LOG = logging.getLogger("khronika.web")


def log_download(request: Request, made: Export) -> None:
    """One line: who asked, and the export's entry (format, SHA-256 of the export before a
    viewer's words are redacted, whether names were withheld)."""
    LOG.info("export %s by %s: %s", made.format, request_author(request), json.dumps(made.entry()))

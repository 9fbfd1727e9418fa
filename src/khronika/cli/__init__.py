"""khronika's command line: a thin layer over :mod:`khronika.service` and the store.

The ``main`` group and what its commands share are in :mod:`.base`; the commands are in
:mod:`.record` (the record and analysts' corrections), :mod:`.protection` (integrity,
signatures, backups), :mod:`.evidence` (attachments), :mod:`.accounts` (the web app's
accounts) and :mod:`.people` (people marked public), registered on ``main`` when imported here.
"""

from . import accounts, evidence, people, protection, record
from .base import console, err_console, main

__all__ = [
    "accounts",
    "console",
    "err_console",
    "evidence",
    "main",
    "people",
    "protection",
    "record",
]

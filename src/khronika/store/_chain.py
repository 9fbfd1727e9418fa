"""How a change of the hash chain is hashed (the store writes the chain; security verifies it)."""

from __future__ import annotations

import hashlib
import json

GENESIS = "0" * 64


def canonical(value: object) -> str:
    """One spelling of a JSON value: sorted keys, no spaces, UTF-8 kept as is."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def entry_hash(
    prev_hash: str,
    seq: int,
    at: str,
    author: str,
    action: str,
    incident_id: str | None,
    detail: str,
    state: str,
) -> str:
    """The hash of one chain entry (``detail`` and ``state`` as stored, JSON text)."""
    body = canonical([seq, at, author, action, incident_id, detail, state])
    return hashlib.sha256((prev_hash + body).encode("utf-8")).hexdigest()

"""The token every review form carries: an HMAC of a secret drawn when the app starts."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from fastapi import Request


def form_token(request: Request) -> str:
    secret: bytes = getattr(request.app.state, "form_secret", b"")
    if not secret:
        secret = request.app.state.form_secret = secrets.token_bytes(32)
    return hmac.new(secret, b"khronika-review-form", hashlib.sha256).hexdigest()


def fact_key(fact: object, index: int) -> str:
    """Names a fact in a form without putting report text into an attribute: its position
    and a digest of its field and value (so a changed incident is noticed)."""
    field, value = getattr(fact, "field", ""), getattr(fact, "value", "")
    digest = hashlib.sha256(f"{field}\x00{value}".encode()).hexdigest()[:16]
    return f"{index}:{digest}"

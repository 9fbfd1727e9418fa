"""Signed exports (Ed25519): a published data set can be checked against the record.

``FILE.sig`` is a JSON object: the algorithm, the signer's public key, the file's name and
SHA-256, the chain head when it was exported (seq and hash: compare with ``khronika verify``),
the time, and an Ed25519 signature over the canonical JSON of all those fields.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from ..errors import ConfigError, SignatureError
from ..fileio import write_atomic
from ..store import ChainHead, canonical

ALGORITHM = "Ed25519"


def public_key_path(key_path: Path) -> Path:
    return key_path.with_name(key_path.name + ".pub")


def signature_path(path: Path) -> Path:
    return path.with_name(path.name + ".sig")


def keygen(key_path: Path) -> Path:
    """Write a new private key (PEM, mode 0600) and ``KEYFILE.pub``; returns the latter."""
    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    try:
        fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError as exc:
        raise ConfigError(f"{key_path} already exists; a key is never overwritten.") from exc
    with os.fdopen(fd, "wb") as out:
        out.write(private)
    os.chmod(key_path, 0o600)
    pub = public_key_path(key_path)
    pub.write_bytes(
        key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    return pub


def _raw_public(key: Ed25519PublicKey) -> str:
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


def _load_private(key_path: Path) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
    except (OSError, ValueError, TypeError) as exc:
        raise ConfigError(f"{key_path}: not a readable private key ({exc}).") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise ConfigError(f"{key_path}: not an Ed25519 key (make one with `khronika keygen`).")
    return key


def _load_public(pub_path: Path) -> Ed25519PublicKey:
    try:
        key = serialization.load_pem_public_key(pub_path.read_bytes())
    except (OSError, ValueError, TypeError) as exc:
        raise ConfigError(f"{pub_path}: not a readable public key ({exc}).") from exc
    if not isinstance(key, Ed25519PublicKey):
        raise ConfigError(f"{pub_path}: not an Ed25519 public key.")
    return key


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sign_file(path: Path, key_path: Path, head: ChainHead | None) -> Path:
    """Write ``FILE.sig`` for an exported file (in one step, mode 0600); returns its path."""
    target = signature_path(path)
    write_atomic(target, signature_for(path.read_bytes(), path.name, key_path, head))
    return target


def signature_for(data: bytes, name: str, key_path: Path, head: ChainHead | None) -> bytes:
    """The contents of the signature file of an export named ``name`` holding ``data``."""
    key = _load_private(key_path)
    payload: dict[str, Any] = {
        "algorithm": ALGORITHM,
        "public_key": _raw_public(key.public_key()),
        "file": name,
        "sha256": hashlib.sha256(data).hexdigest(),
        "chain_head": {"seq": head.seq, "hash": head.hash} if head else None,
        "signed_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    signature = key.sign(canonical(payload).encode("utf-8"))
    payload["signature"] = base64.b64encode(signature).decode("ascii")
    return (json.dumps(payload, indent=2) + "\n").encode("utf-8")


def verify_file(path: Path, pub_path: Path, sig_path: Path | None = None) -> dict[str, Any]:
    """Check ``FILE`` against its signature; returns the signed fields, or raises
    :class:`SignatureError` saying what does not match."""
    sig_path = sig_path or signature_path(path)
    payload = _read_signature(sig_path)
    key = _load_public(pub_path)
    if payload.get("algorithm") != ALGORITHM:
        raise SignatureError(f"{sig_path}: unknown algorithm {payload.get('algorithm')!r}.")
    if payload.get("public_key") != _raw_public(key):
        raise SignatureError(f"{sig_path}: signed with another key than {pub_path}.")
    try:
        signature = base64.b64decode(str(payload.pop("signature", "")), validate=True)
        key.verify(signature, canonical(payload).encode("utf-8"))
    except (InvalidSignature, ValueError) as exc:
        raise SignatureError(
            f"{sig_path}: the signature does not match its contents: the signature file was "
            "altered, or was not made with this key."
        ) from exc
    try:
        actual = file_sha256(path)
    except OSError as exc:
        raise SignatureError(f"{path}: cannot be read ({exc}).") from exc
    if actual != payload.get("sha256"):
        raise SignatureError(
            f"{path}: its SHA-256 {actual} differs from the signed {payload.get('sha256')}: "
            "the exported file was altered after it was signed."
        )
    return payload


def _read_signature(sig_path: Path) -> dict[str, Any]:
    try:
        payload = json.loads(sig_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SignatureError(f"{sig_path}: not a readable signature file ({exc}).") from exc
    if not isinstance(payload, dict):
        raise SignatureError(f"{sig_path}: not a khronika signature file.")
    return payload


def head_from_signature(sig_path: Path) -> tuple[int, str]:
    """The chain head (seq, hash) a signature file recorded at export time."""
    head = _read_signature(sig_path).get("chain_head")
    if not isinstance(head, dict) or not isinstance(head.get("seq"), int) or not head.get("hash"):
        raise SignatureError(f"{sig_path}: this signature file records no chain head.")
    return int(head["seq"]), str(head["hash"])

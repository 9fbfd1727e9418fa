"""MinHash signatures for near-copy detection (the same press release republished).

A signature is ``num_perm`` minimum hash values over the word shingles of a text
(casefolded words, punctuation removed). Two signatures agree in about as many slots
as the Jaccard similarity of the two shingle sets. Everything is deterministic across
runs and machines, so signatures can be stored and compared later.
"""

from __future__ import annotations

import hashlib
import random
import re
import struct
from functools import lru_cache

COPY_THRESHOLD = 0.8

_PRIME = (1 << 61) - 1  # Mersenne prime, larger than any 60-bit value
_MASK = (1 << 64) - 1
_SEED = 20150603
_WORD = re.compile(r"\w+", re.UNICODE)


@lru_cache(maxsize=8)
def _permutations(num_perm: int) -> tuple[tuple[int, int], ...]:
    rng = random.Random(_SEED)
    return tuple((rng.randrange(1, _PRIME), rng.randrange(0, _PRIME)) for _ in range(num_perm))


def _words(text: str) -> list[str]:
    return [w.replace("_", "") for w in _WORD.findall(text.casefold()) if w.strip("_")]


def _shingle_hashes(text: str, shingle: int) -> set[int]:
    words = _words(text)
    if len(words) < shingle:
        grams = [" ".join(words)]  # short texts still get a signature
    else:
        grams = [" ".join(words[i : i + shingle]) for i in range(len(words) - shingle + 1)]
    return {
        int.from_bytes(hashlib.blake2b(g.encode("utf-8"), digest_size=8).digest(), "big")
        for g in grams
    }


def signature(text: str, *, num_perm: int = 128, shingle: int = 5) -> tuple[int, ...]:
    """The MinHash signature of ``text``: ``num_perm`` integers below 2**61."""
    if num_perm < 1 or shingle < 1:
        raise ValueError("num_perm and shingle must be at least 1")
    hashes = _shingle_hashes(text, shingle)
    return tuple(min((a * h + b) % _PRIME for h in hashes) for a, b in _permutations(num_perm))


def similarity(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """Estimated Jaccard similarity: the fraction of slots where the signatures agree."""
    if len(a) != len(b):
        raise ValueError("signatures of different lengths cannot be compared")
    if not a:
        return 0.0
    return sum(1 for x, y in zip(a, b, strict=True) if x == y) / len(a)


def is_copy(a: tuple[int, ...], b: tuple[int, ...]) -> bool:
    return similarity(a, b) >= COPY_THRESHOLD


def to_bytes(sig: tuple[int, ...]) -> bytes:
    """Pack a signature for storage (8 bytes per slot, big-endian)."""
    return struct.pack(f">{len(sig)}Q", *(v & _MASK for v in sig))


def from_bytes(data: bytes) -> tuple[int, ...]:
    """Unpack a signature written by :func:`to_bytes`."""
    if len(data) % 8:
        raise ValueError("a stored signature must be a multiple of 8 bytes long")
    return struct.unpack(f">{len(data) // 8}Q", data)


def bands(sig: tuple[int, ...], rows: int = 4) -> list[str]:
    """Locality-sensitive hashing: one digest per band of ``rows`` slots. Two texts whose
    Jaccard similarity is ~0.8 share a band with near certainty (1 - (1 - 0.8**4)**32), so
    candidates are looked up by band instead of comparing with every stored report."""
    import hashlib

    out = []
    for start in range(0, len(sig) - rows + 1, rows):
        chunk = ",".join(str(v) for v in sig[start : start + rows]).encode()
        out.append(hashlib.blake2b(chunk, digest_size=8).hexdigest())
    return out

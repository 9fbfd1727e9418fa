"""What khronika encrypts itself on PostgreSQL: original bytes (reports and attachments) and
thumbnails, sealed with AES-256-GCM under a key derived from the store's passphrase (scrypt).

SQLCipher encrypts a SQLite store whole. A PostgreSQL server keeps its tables in files of its
own, so khronika seals the most sensitive bytes before they leave the process: the server (and
whoever copies its disk or its dumps) holds only ciphertext of the originals. Texts, names and
the search index stay readable to the server, which must search and filter them: protect them
with the server's disk encryption (see README, "Protection of the record").
"""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

KDF = "scrypt:n=32768,r=8,p=1"
CHECK = b"khronika store key"
NONCE = 12
CONTEXT = b"khronika-original"


def derive(passphrase: str, salt: bytes) -> bytes:
    return Scrypt(salt=salt, length=32, n=2**15, r=8, p=1).derive(passphrase.encode("utf-8"))


class Sealer:
    def __init__(self, key: bytes) -> None:
        self._aead = AESGCM(key)

    @classmethod
    def new(cls, passphrase: str) -> tuple[Sealer, bytes, bytes]:
        """A sealer for a new store: (sealer, salt, check value to store)."""
        salt = os.urandom(16)
        sealer = cls(derive(passphrase, salt))
        return sealer, salt, sealer.seal(CHECK)

    @classmethod
    def opened(cls, passphrase: str, salt: bytes, check: bytes) -> Sealer | None:
        """The sealer of a store, or None if the passphrase is wrong."""
        sealer = cls(derive(passphrase, salt))
        try:
            return sealer if sealer.open(check) == CHECK else None
        except InvalidTag:
            return None

    def seal(self, data: bytes) -> bytes:
        nonce = os.urandom(NONCE)
        return nonce + self._aead.encrypt(nonce, data, CONTEXT)

    def open(self, blob: bytes) -> bytes:
        return self._aead.decrypt(blob[:NONCE], blob[NONCE:], CONTEXT)

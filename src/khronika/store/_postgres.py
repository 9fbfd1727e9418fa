"""Opening a store in a PostgreSQL database, and the key that seals its originals
(see :mod:`._seal`, :mod:`._dialect`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import StoreError
from . import _dialect
from ._helpers import Connected
from ._seal import KDF, Sealer

SPELLING_MIGRATION = 15  # its reports' spelling keys are filled when it is applied


class PostgresMixin(Connected):
    """What :class:`~khronika.store.Store` does differently when its location is a URL."""

    path: Path | _dialect.DatabaseUrl
    passphrase: str | None
    _sealer: Sealer | None = None

    if TYPE_CHECKING:

        def _has_table(self, name: str) -> bool: ...

        def _migrate(self) -> list[int]: ...

        def _fill_spelling(self) -> None: ...

        def _seal_unchained(self) -> None: ...

        def _install_rows(self, migrated: list[int]) -> None: ...

        def document_count(self) -> int: ...

    def _open_postgresql(self, create: bool) -> None:
        """Open (``create``: make) the store in a PostgreSQL database; its key checked."""
        url = _dialect.DatabaseUrl(self.path)
        try:
            self.db = _dialect.connect(url)
        except Exception as exc:
            raise StoreError(
                f"{url.name}: cannot connect to the PostgreSQL database ({exc}). Check the URL,"
                " that the server runs, and the role's password (~/.pgpass or PGPASSWORD)."
            ) from None
        try:
            if not create and not self._has_table("schema_migrations"):
                raise StoreError(
                    f"There is no khronika store in {url.name}. Check the URL (--db or"
                    f" $KHRONIKA_DB); a new store is created only by `khronika --db {url.name}"
                    " init`."
                )
            migrated = self._migrate()
            if SPELLING_MIGRATION in migrated:
                self._fill_spelling()
            self._seal_unchained()
            self._install_rows(migrated)
            self._open_key(create)
        except BaseException:
            self.db.close()
            raise

    def _open_key(self, create: bool) -> None:
        """The key that seals originals: checked against the store's, or made by ``init``."""
        row = self.db.execute("SELECT salt, check_value FROM store_key WHERE id = 1").fetchone()
        name = self.path.name
        if row is None and self.passphrase is not None:
            if not create or self.document_count():
                raise StoreError(
                    f"{name} is a plain (unencrypted) store: open it without a passphrase"
                    " (unset $KHRONIKA_PASSPHRASE, or leave out --passphrase-file)."
                )
            sealer, salt, check = Sealer.new(self.passphrase)
            with self.transaction():
                self.db.execute("INSERT INTO store_key VALUES (1, ?, ?, ?)", (KDF, salt, check))
            self._sealer = sealer
        elif row is not None:
            if self.passphrase is None:
                raise StoreError(
                    f"{name}: its originals are encrypted: give its passphrase"
                    " ($KHRONIKA_PASSPHRASE or --passphrase-file)."
                )
            self._sealer = Sealer.opened(self.passphrase, bytes(row[0]), bytes(row[1]))
            if self._sealer is None:
                raise StoreError(f"{name}: the passphrase is wrong (the store's key check fails).")

    def _seal(self, data: bytes | None) -> bytes | None:
        return data if self._sealer is None or data is None else self._sealer.seal(data)

    def _unseal(self, data: bytes) -> bytes:
        """Sealed bytes opened (``ValueError`` if they were altered)."""
        if self._sealer is None:
            return data
        from cryptography.exceptions import InvalidTag

        try:
            return self._sealer.open(data)
        except InvalidTag:
            raise ValueError("sealed bytes fail their authentication") from None

"""A consistent single-file copy of a store (what a backup sends away)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ._chain import GENESIS

if TYPE_CHECKING:
    from ._sqlite import Store


def copy_store_file(store: Store, target: Path) -> str:
    """Copy the store, as one committed state, into the file ``target`` (an encrypted store
    copied encrypted, with its key; no -wal beside it); returns the copy's chain head hash."""
    dest = store.connect(target)
    try:
        store.db.backup(dest)
        dest.execute("PRAGMA journal_mode = DELETE")  # one self-contained file, no -wal
        row = dest.execute("SELECT hash FROM chain_head WHERE id = 1").fetchone()
    finally:
        dest.close()
    return str(row[0]) if row else GENESIS

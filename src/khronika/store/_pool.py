"""Open stores kept for reuse by a long-running process (the web app).

Opening an encrypted store derives its key from the passphrase (SQLCipher's PBKDF2: about
0.1 s here), so a server that opened the store for every request would spend most of its time
there. A :class:`StorePool` keeps a few open stores and lends each to one request at a time;
every borrowed store goes back with no transaction left open.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ._dialect import DatabaseUrl
from ._sqlite import Store, location

IDLE = 8  # open stores kept between requests


class StorePool:
    def __init__(self, path: str | Path, passphrase: str | None = None, idle: int = IDLE) -> None:
        self.path: Path | DatabaseUrl = location(path)
        self.passphrase = passphrase
        self.idle = idle
        self._free: list[Store] = []
        self._lock = threading.Lock()

    @contextmanager
    def lease(self) -> Iterator[Store]:
        """A store for one unit of work (any thread; never two at once)."""
        store = self._take() or Store(self.path, self.passphrase, threads=True)
        try:
            yield store
        finally:
            self._give(store)

    def _take(self) -> Store | None:
        with self._lock:
            return self._free.pop() if self._free else None

    def _give(self, store: Store) -> None:
        if store.db.in_transaction:
            store.db.execute("ROLLBACK")
        with self._lock:
            if len(self._free) < self.idle:
                self._free.append(store)
                return
        store.close()

    def close(self) -> None:
        with self._lock:
            free, self._free = self._free, []
        for store in free:
            store.close()

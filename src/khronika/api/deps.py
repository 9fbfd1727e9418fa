"""Per-request access to the store.

SQLite connections may only be used by the thread that opened them, and FastAPI runs a
sync dependency and a sync endpoint in possibly different worker threads. So the
dependency hands the endpoint an *opener*; the endpoint opens the store inside its own
thread with ``with open_store() as store:`` and the store is closed when the block ends.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

from fastapi import Depends, Request

from ..store import Store

StoreOpener = Callable[[], Store]


def db_path(request: Request) -> Path:
    path: Path = request.app.state.db_path
    return path


def store_opener(request: Request) -> StoreOpener:
    """A callable opening a fresh store on the app's path (a context manager: closes on exit)."""
    path = db_path(request)
    passphrase = getattr(request.app.state, "passphrase", None)
    return lambda: Store(path, passphrase)


OpenStore = Annotated[StoreOpener, Depends(store_opener)]

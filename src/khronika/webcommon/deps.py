"""Per-request access to the store.

The app keeps a :class:`~khronika.store.StorePool` (opening an encrypted store derives its key,
about 0.1 s, so stores are kept open and lent out). FastAPI may run a sync dependency and a
sync endpoint in different worker threads, so the dependency hands the endpoint an *opener*;
the endpoint borrows a store inside its own thread with ``with open_store() as store:`` and
gives it back when the block ends. Middleware and form handlers use :func:`lease_store`.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Annotated

from fastapi import Depends, Request

from ..store import Store, StorePool

StoreOpener = Callable[[], AbstractContextManager[Store]]


def db_path(request: Request) -> Path:
    path: Path = request.app.state.db_path
    return path


def store_pool(request: Request) -> StorePool:
    pool: StorePool = request.app.state.stores
    return pool


def lease_store(request: Request) -> AbstractContextManager[Store]:
    """A store borrowed for one unit of work: ``with lease_store(request) as store:``."""
    return store_pool(request).lease()


def store_opener(request: Request) -> StoreOpener:
    """A callable lending a store from the app's pool (a context manager: gives it back)."""
    return store_pool(request).lease


OpenStore = Annotated[StoreOpener, Depends(store_opener)]

"""The record's storage. The only package in khronika that speaks SQL."""

from ._history import ChangeFilter
from ._pool import StorePool
from ._sqlite import DEFAULT_DB, IncidentFilter, Store, default_path, location, store_exists

__all__ = [
    "DEFAULT_DB",
    "ChangeFilter",
    "IncidentFilter",
    "Store",
    "StorePool",
    "default_path",
    "location",
    "store_exists",
]

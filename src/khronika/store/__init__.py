"""The record's storage. The only package in khronika that speaks SQL."""

# The names other packages need (the chain's hashing, the codec, the store's faults and the
# row sums): public here, so nothing outside imports ``store._*`` (ruff TID251).
from ._chain import GENESIS, canonical, entry_hash
from ._codec import to_plain
from ._copy import copy_store_file
from ._dialect import DatabaseUrl
from ._history import ChangeFilter
from ._open import DATABASE_ERRORS, STORE_FAULTS, damaged, diagnose, is_damage, restore_hint
from ._pool import StorePool
from ._rows import MODULUS, element, total_hex
from ._sqlite import DEFAULT_DB, IncidentFilter, Store, default_path, location, store_exists
from .results import (
    AccountRow,
    ActorOverride,
    ActorRow,
    AliasEvidence,
    AliasRow,
    AreaCount,
    ChainEntry,
    ChainHead,
    Change,
    CopyCandidate,
    Differences,
    IncidentDates,
    IncidentPlace,
    LoggedChange,
    MentionLink,
    NamedPerson,
    Original,
    PublicName,
    Review,
    SearchHit,
    SessionUser,
    SourceInfo,
    UnfoldedRow,
    UnpinnedLink,
    UserRow,
)

__all__ = [
    "DATABASE_ERRORS",
    "DEFAULT_DB",
    "DatabaseUrl",
    "GENESIS",
    "MODULUS",
    "STORE_FAULTS",
    "AccountRow",
    "ActorOverride",
    "ActorRow",
    "AliasEvidence",
    "AliasRow",
    "AreaCount",
    "ChainEntry",
    "ChainHead",
    "Change",
    "ChangeFilter",
    "CopyCandidate",
    "Differences",
    "IncidentDates",
    "IncidentFilter",
    "IncidentPlace",
    "LoggedChange",
    "MentionLink",
    "NamedPerson",
    "Original",
    "PublicName",
    "Review",
    "SearchHit",
    "SessionUser",
    "SourceInfo",
    "Store",
    "StorePool",
    "UnfoldedRow",
    "UnpinnedLink",
    "UserRow",
    "canonical",
    "copy_store_file",
    "damaged",
    "default_path",
    "location",
    "store_exists",
    "diagnose",
    "element",
    "entry_hash",
    "is_damage",
    "restore_hint",
    "to_plain",
    "total_hex",
]

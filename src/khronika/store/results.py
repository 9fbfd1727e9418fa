"""What the store's methods return, named: every row a method gives back is one of these
(a ``NamedTuple``: read by name, ``link.doc_id``; unpacked and indexed as before), never an
unnamed tuple. Grouped as the store's methods are: accounts, actors, reports, incidents and
links, history and the chain, protection checks.
"""

from __future__ import annotations

from typing import Generic, NamedTuple, TypeVar

from ..model import LocationField

T = TypeVar("T")


class Page(NamedTuple, Generic[T]):
    """One page of a longer list, and how long the whole list is."""

    total: int
    items: list[T]


# ---- accounts -----------------------------------------------------------------------------


class UserRow(NamedTuple):
    """An account as the login checks it."""

    role: str
    password_hash: str


class SessionUser(NamedTuple):
    """The account an unexpired session belongs to."""

    name: str
    role: str


class AccountRow(NamedTuple):
    name: str
    role: str


# ---- actors -------------------------------------------------------------------------------


class ActorRow(NamedTuple):
    name: str
    kind: str


class ActorOverride(NamedTuple):
    """What an analyst's correction made of an actor id: the id it answers as now, its name
    and kind."""

    actor_id: str
    name: str
    kind: str


class AliasRow(NamedTuple):
    actor_id: str
    alias: str  # as written, or normalised (``aliases_without_sound``)


class AliasEvidence(NamedTuple):
    alias: str
    evidence: str


class NamedPerson(NamedTuple):
    """A person, with every name they are known by."""

    actor_id: str
    names: list[str]


class PublicName(NamedTuple):
    name: str
    actor_id: str | None
    marked_by: str
    marked_at: str


# ---- reports ------------------------------------------------------------------------------


class SourceInfo(NamedTuple):
    publisher: str | None
    copy_of: str | None
    seq: int  # the order reports were ingested in


class Original(NamedTuple):
    """A stored original (a report's or an attachment's) and the SHA-256 recorded for it."""

    key: str  # the doc_id or the attachment id
    sha256: str
    raw: bytes | None  # None when the bytes are missing


class Blocked(NamedTuple):
    """The incidents blocking finds for a report: all of them, in the order found, and each
    blocking key's own list, best first (one key: a date window, a place, an actor)."""

    ids: list[str]
    ranked: list[list[str]]


class CopyCandidate(NamedTuple):
    doc_id: str
    signature: bytes  # MinHash


class SearchHit(NamedTuple):
    doc_id: str
    snippet: str  # with [matches] marked


# ---- incidents and links ------------------------------------------------------------------


class MentionLink(NamedTuple):
    """An event mention filed under an incident, and why."""

    mention_id: str
    doc_id: str
    incident_id: str
    evidence: str


class UnpinnedLink(NamedTuple):
    mention_id: str
    doc_id: str
    incident_id: str


class IncidentDates(NamedTuple):
    event_type: str
    earliest: str | None
    latest: str | None


class IncidentPlace(NamedTuple):
    incident_id: str
    event_type: str
    date: str | None  # as written
    location: LocationField


class AreaCount(NamedTuple):
    name: str
    incidents: int


class Review(NamedTuple):
    """An analyst's decision about one fact of an incident."""

    field: str
    value: str
    decision: str
    new_value: str | None
    author: str
    at: str


# ---- history and the chain ----------------------------------------------------------------


class Change(NamedTuple):
    at: str
    author: str
    action: str
    incident_id: str | None
    detail: str


class LoggedChange(NamedTuple):
    seq: int
    at: str
    author: str
    action: str
    incident_id: str | None
    detail: str


class ChainHead(NamedTuple):
    seq: int
    hash: str


class ChainEntry(NamedTuple):
    seq: int
    at: str
    author: str
    action: str
    incident_id: str | None
    detail: str
    state: str
    prev_hash: str | None
    hash: str | None


# ---- protection checks --------------------------------------------------------------------


class Differences(NamedTuple):
    """What a stored index holds that its source does not, and what it lacks."""

    extra: list[str]
    missing: list[str]


class RowDigest(NamedTuple):
    """A row of a table as its digest (what the chain's row sums add up) and its label."""

    digest: bytes
    label: str


class UnfoldedRow(NamedTuple):
    table: str
    sign: int  # +1 added, -1 removed
    label: str

"""Tamper evidence: the hash chain over the history of changes, and ``verify``.

Every change khronika makes is one entry of the ``changes`` table, and every entry is a link of
a hash chain::

    hash = sha256(prev_hash || canonical JSON of [seq, at, author, action, incident_id,
                                                  detail, state])

``state`` is a digest of what the change produced: for an ingest, the report's SHA-256 and a
SHA-256 of its stored extraction; for a change to incidents, a SHA-256 of each incident's stored
summary after the change (``null`` for an incident the change deleted). The first entry's
``prev_hash`` is 64 zeros. The last entry's seq and hash are also kept in ``chain_head``.

:func:`verify` re-hashes every original report, compares every report's extraction and every
incident's summary with the digest the latest chain entry recorded for it, walks the chain
(each ``prev_hash`` is the previous entry's hash, each hash recomputes) and compares the head
with the last entry. It reports, naming what and where: edits of originals, extractions,
summaries or chain entries; reports and incidents deleted or inserted; entries removed,
reordered or appended; and the last entries removed (a rollback or truncation). Every other
row of the record (links, actors, reviews, redirects, accounts, sessions...), the schema, the
derived tables and every page are checked too: see :mod:`khronika.security.coverage`.

Threat model, honestly: everything here lives in one database. Someone who can rewrite the
whole database, and who knows this scheme, can change a record and recompute every digest,
every hash and the head; ``verify`` then finds nothing. Such a rewrite is caught only by
comparing the head with a copy kept elsewhere: the ``SEQ:HASH`` head ``khronika verify`` prints
(write it down, publish it, send it to a partner), the head inside a signed export's ``.sig``
file, or a backup. ``khronika verify --known-head SEQ:HASH|FILE.sig`` makes that comparison: a
store rolled back to an older copy, or rewritten, no longer holds that head. A chain that
matches a head published on a given day proves the record as of that day has not been altered
since. ``verify`` does not protect against a change made *through*
khronika by someone with access: that change is recorded, with its author, in the chain.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..store import Store

from ..store import GENESIS, ChainEntry, ChainHead, entry_hash
from .coverage import (
    check_derived,
    check_pages,
    check_rows,
    check_schema,
    check_search_index,
    check_sequences,
    guarded,
)
from .problem import Problem


@dataclass
class Verification:
    problems: list[Problem] = field(default_factory=list)
    reports: int = 0
    incidents: int = 0
    entries: int = 0
    head: str = GENESIS
    head_seq: int = 0
    recorded: _Recorded = field(default_factory=lambda: _Recorded())

    @property
    def head_text(self) -> str:
        """``SEQ:HASH``, as ``verify --known-head`` takes it back."""
        return f"{self.head_seq}:{self.head}"

    @property
    def clean(self) -> bool:
        return not self.problems


@dataclass
class _Recorded:
    """What the chain says the record should hold: id -> (seq of the entry, digest)."""

    reports: dict[str, tuple[int, dict[str, Any] | None]] = field(default_factory=dict)
    incidents: dict[str, tuple[int, str | None]] = field(default_factory=dict)
    tables: dict[str, tuple[int, str]] = field(default_factory=dict)
    sequences: tuple[int, dict[str, int]] | None = None


def verify(store: Store) -> list[Problem]:
    """Everything found wrong with the record; an empty list when it is intact."""
    return check(store).problems


@dataclass(frozen=True)
class KnownHead:
    """A chain head kept outside the store: printed by ``verify``, in a signed export's
    ``.sig`` file, or written down; ``source`` says where it came from."""

    seq: int
    hash: str
    source: str


def check(store: Store, known: tuple[KnownHead, ...] = ()) -> Verification:
    """:func:`verify`, with the counts and the head hash to print. Each ``known`` head must be
    an entry of the chain: if not, the store was rolled back to an older copy or rewritten.
    Every page is read first, then one committed state of the record is checked (reports,
    incidents, every other row, the schema, derived tables), then the search index."""

    result = Verification()
    result.problems += guarded(store, lambda: check_pages(store))
    with store.snapshot():
        result.problems += guarded(store, lambda: _check_record(store, known, result))
        recorded = result.recorded
        result.problems += guarded(store, lambda: check_schema(store))
        result.problems += guarded(store, lambda: check_rows(store, recorded.tables))
        result.problems += guarded(store, lambda: check_sequences(store, recorded.sequences))
        result.problems += guarded(store, lambda: check_derived(store))
    result.problems += guarded(store, lambda: check_search_index(store))
    result.problems = list(dict.fromkeys(result.problems))  # a damaged file: said once
    return result


def _check_record(
    store: Store, known: tuple[KnownHead, ...], result: Verification
) -> list[Problem]:
    problems: list[Problem] = []
    entries = store.chain_entries()
    problems += [p for head in known for p in _check_known(entries, head)]
    result.recorded = recorded = _walk_chain(entries, store.chain_head(), problems)
    reports = store.report_digests()
    incidents = store.summary_digests()
    problems += _check_originals(store)
    problems += _check_reports(reports, recorded)
    problems += _check_incidents(incidents, recorded)
    result.reports, result.incidents, result.entries = len(reports), len(incidents), len(entries)
    head = store.chain_head()
    result.head_seq, result.head = head if head else (0, GENESIS)
    return problems


Entry = ChainEntry


def _walk_chain(entries: list[Entry], head: ChainHead | None, problems: list[Problem]) -> _Recorded:
    recorded = _Recorded()
    by_hash = {e.hash: e.seq for e in entries if e.hash}
    expected, last_seq = GENESIS, 0
    for entry in entries:
        seq, at, author, action, incident_id, detail, state, prev_hash, stored = entry
        where = f"chain entry #{seq} ({action} by {author} at {at})"
        if prev_hash != expected:
            problems.append(
                Problem("chain", where, _broken_link(seq, last_seq, prev_hash, by_hash))
            )
        digest = entry_hash(prev_hash or "", seq, at, author, action, incident_id, detail, state)
        if stored != digest:
            problems.append(
                Problem("chain", where, "its contents do not match its hash: it was edited")
            )
        expected, last_seq = stored or digest, seq
        _note_state(seq, state, recorded, where, problems)
    problems += _check_head(entries, head)
    return recorded


def _check_known(entries: list[Entry], known: KnownHead) -> list[Problem]:
    where = f"chain entry #{known.seq}"
    found = next((e for e in entries if e.seq == known.seq), None)
    last = entries[-1].seq if entries else 0
    if found is None and known.seq > last:
        why = (
            f"{known.source} records the chain up to entry #{known.seq}, but this chain ends at "
            f"#{last}: the store was rolled back to an older copy (entries were lost)"
        )
    elif found is None or found[8] != known.hash:
        why = (
            f"its hash differs from the one {known.source} records ({known.hash[:16]}...): the "
            "history up to that entry was rewritten, or this is another store"
        )
    else:
        return []
    return [Problem("chain", where, why)]


def _broken_link(seq: int, last_seq: int, prev_hash: str | None, by_hash: dict[str, int]) -> str:
    if prev_hash in by_hash and by_hash[prev_hash] != last_seq:
        now = f"entry #{last_seq}" if last_seq else "the start of the chain"
        return (
            f"it was written after entry #{by_hash[prev_hash]}, but now follows {now}: "
            "entries were reordered"
        )
    if seq > last_seq + 1:
        return f"entries #{last_seq + 1} to #{seq - 1} before it are missing (deleted)"
    return f"it does not follow entry #{last_seq}: entries were removed, inserted or reordered"


def _note_state(
    seq: int, state: str, recorded: _Recorded, where: str, problems: list[Problem]
) -> None:
    try:
        parsed = json.loads(state)
        reports = dict(parsed.get("reports", {}))
        incidents = dict(parsed.get("incidents", {}))
        tables = dict(parsed.get("tables", {}))
        if "sequences" in parsed:
            recorded.sequences = (seq, {str(k): int(v) for k, v in parsed["sequences"].items()})
    except (ValueError, TypeError, AttributeError):
        problems.append(Problem("chain", where, "its recorded state is not readable JSON"))
        return
    for doc_id, digest in reports.items():
        recorded.reports[str(doc_id)] = (seq, digest)
    for incident_id, digest in incidents.items():
        recorded.incidents[str(incident_id)] = (seq, digest)
    for table, digest in tables.items():
        recorded.tables[str(table)] = (seq, str(digest))


def _check_head(entries: list[Entry], head: ChainHead | None) -> list[Problem]:
    if head is None:
        if entries:
            return [Problem("chain", "chain head", "it is missing, but the chain has entries")]
        return []
    head_seq, head_hash = head
    if not entries:
        return [
            Problem(
                "chain",
                "chain head",
                f"it records entry #{head_seq}, but the chain is empty: "
                "every entry was removed (a rollback or truncation)",
            )
        ]
    last_seq, last_hash = entries[-1].seq, entries[-1].hash
    if head_seq > last_seq:
        why = (
            f"it records entry #{head_seq}, but the chain ends at entry #{last_seq}: "
            f"the last {head_seq - last_seq} entries were removed (a rollback or truncation)"
        )
    elif head_seq < last_seq:
        why = f"it records entry #{head_seq}, but entries up to #{last_seq} follow it"
    elif head_hash != last_hash:
        why = f"its hash differs from entry #{last_seq}'s: the last entry was replaced"
    else:
        return []
    return [Problem("chain", "chain head", why)]


def _check_originals(store: Store) -> list[Problem]:
    problems = []
    attachments = [(f"attachment {o.key}", o) for o in store.attachment_originals()]
    for where, (_, sha, raw) in [(f"report {o.key}", o) for o in store.originals()] + attachments:
        if raw is None:
            problems.append(Problem("original", where, "its original bytes are missing"))
        elif hashlib.sha256(raw).hexdigest() != sha:
            problems.append(
                Problem("original", where, f"its original bytes no longer match SHA-256 {sha}")
            )
    return problems


def _check_reports(reports: dict[str, dict[str, Any]], recorded: _Recorded) -> list[Problem]:
    problems = []
    for doc_id, digest in reports.items():
        where = f"report {doc_id}"
        if doc_id not in recorded.reports:
            why = "it is in the store, but no chain entry records it (added outside khronika)"
            problems.append(Problem("report", where, why))
            continue
        seq, expected = recorded.reports[doc_id]
        for key, what in (("sha256", "its SHA-256"), ("extraction", "its extraction")):
            if expected is not None and digest.get(key) != expected.get(key):
                why = f"{what} differs from what chain entry #{seq} recorded (edited)"
                problems.append(Problem("report", where, why))
    return problems + _deleted("report", reports, recorded.reports)


def _check_incidents(incidents: dict[str, str], recorded: _Recorded) -> list[Problem]:
    problems = []
    for incident_id, digest in incidents.items():
        where = f"incident {incident_id}"
        if incident_id not in recorded.incidents:
            why = "it is in the store, but no chain entry records it (added outside khronika)"
            problems.append(Problem("incident", where, why))
            continue
        seq, expected = recorded.incidents[incident_id]
        if expected is None:
            why = f"chain entry #{seq} recorded it as deleted, but it is in the store"
            problems.append(Problem("incident", where, why))
        elif digest != expected:
            why = f"its summary differs from what chain entry #{seq} recorded (edited)"
            problems.append(Problem("incident", where, why))
    return problems + _deleted("incident", incidents, recorded.incidents)


def _deleted(
    kind: str, present: Mapping[str, object], recorded: Mapping[str, tuple[int, object]]
) -> list[Problem]:
    """Reports or incidents a chain entry recorded (and did not record as deleted) that are
    no longer in the store."""
    why = "recorded by chain entry #{}, it is missing from the store (deleted)"
    return [
        Problem(kind, f"{kind} {item}", why.format(seq))
        for item, (seq, expected) in recorded.items()
        if item not in present and expected is not None
    ]

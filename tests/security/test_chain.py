"""Tamper evidence on a real seeded store: every edit made outside khronika is reported."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from khronika.review import merge, relink
from khronika.security import GENESIS, check, verify
from khronika.service import Record
from khronika.store import Store


@contextmanager
def raw_db(path: Path) -> Iterator[sqlite3.Connection]:
    """The store's file opened with plain sqlite3, outside khronika."""
    db = sqlite3.connect(path, isolation_level=None)
    try:
        yield db
    finally:
        db.close()


def flip_text(text: str) -> str:
    """The same text with one character's lowest bit flipped (a one-byte edit)."""
    at = next(i for i in range(len(text) // 2, len(text)) if text[i].isalnum())
    return text[:at] + chr(ord(text[at]) ^ 1) + text[at + 1 :]


def problems_of(path: Path) -> list[str]:
    with Store(path) as store:
        return [str(p) for p in verify(store)]


def test_a_clean_store_verifies(seeded: Store) -> None:
    result = check(seeded)
    assert result.problems == []
    assert (result.reports, result.entries) == (2, 3)  # rows_start, then two ingests
    assert result.incidents >= 1
    assert result.head == seeded.chain_head()[1] != GENESIS  # type: ignore[index]


def test_a_flipped_byte_in_an_original_is_reported(seeded_copy_path: Path) -> None:
    with raw_db(seeded_copy_path) as db:
        doc_id, sha, raw = db.execute(
            "SELECT doc_id, originals.sha256, raw FROM documents JOIN originals USING (sha256)"
        ).fetchone()
        changed = bytearray(raw)
        changed[len(changed) // 2] ^= 1
        db.execute("UPDATE originals SET raw = ? WHERE sha256 = ?", (bytes(changed), sha))
    found = problems_of(seeded_copy_path)
    assert f"report {doc_id}: its original bytes no longer match SHA-256 {sha}" in found
    assert all(sha in p or doc_id in p for p in found)  # and the UPDATE SQLite logged


def test_a_flipped_byte_in_an_incident_summary_is_reported(seeded_copy_path: Path) -> None:
    with raw_db(seeded_copy_path) as db:
        incident_id, summary = db.execute("SELECT incident_id, summary FROM incidents").fetchone()
        db.execute(
            "UPDATE incidents SET summary = ? WHERE incident_id = ?",
            (flip_text(summary), incident_id),
        )
    found = problems_of(seeded_copy_path)
    assert found[0].startswith(f"incident {incident_id}: its summary differs")
    assert f"table incidents, row incident_id='{incident_id}': edited outside khronika" in "".join(
        found
    )


def test_a_flipped_byte_in_an_extraction_is_reported(seeded_copy_path: Path) -> None:
    with raw_db(seeded_copy_path) as db:
        doc_id, data = db.execute("SELECT doc_id, data FROM extractions").fetchone()
        db.execute("UPDATE extractions SET data = ? WHERE doc_id = ?", (flip_text(data), doc_id))
    found = problems_of(seeded_copy_path)
    assert found[0].startswith(f"report {doc_id}: its extraction differs")
    assert f"table extractions, row doc_id='{doc_id}': edited" in "".join(found)


def test_a_flipped_byte_in_a_chain_entry_is_reported(seeded_copy_path: Path) -> None:
    with raw_db(seeded_copy_path) as db:
        (detail,) = db.execute("SELECT detail FROM changes WHERE seq = 2").fetchone()
        db.execute("UPDATE changes SET detail = ? WHERE seq = 2", (flip_text(detail),))
    (problem,) = problems_of(seeded_copy_path)
    assert problem.startswith("chain entry #2 (ingest by ")
    assert "do not match its hash" in problem


def test_removing_the_last_entries_is_reported_as_a_rollback(seeded_copy_path: Path) -> None:
    with raw_db(seeded_copy_path) as db:
        db.execute("DELETE FROM changes WHERE seq = (SELECT MAX(seq) FROM changes)")
    found = problems_of(seeded_copy_path)
    assert any(p.startswith("chain head: it records entry #3") and "rollback" in p for p in found)


def test_deleting_a_report_is_reported(seeded_copy_path: Path) -> None:
    with raw_db(seeded_copy_path) as db:
        (doc_id,) = db.execute("SELECT doc_id FROM documents ORDER BY seq").fetchone()
        db.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,))
    found = problems_of(seeded_copy_path)
    assert (
        f"report {doc_id}: recorded by chain entry #2, it is missing from the store (deleted)"
        in (found)
    )


def test_reordering_two_entries_is_reported(seeded_copy_path: Path) -> None:
    with raw_db(seeded_copy_path) as db:
        db.execute("UPDATE changes SET seq = 99 WHERE seq = 1")
        db.execute("UPDATE changes SET seq = 1 WHERE seq = 2")
        db.execute("UPDATE changes SET seq = 2 WHERE seq = 99")
    found = problems_of(seeded_copy_path)
    assert any(p.startswith("chain entry #1") and "reordered" in p for p in found)


def test_changes_made_through_khronika_keep_the_record_verified(seeded_copy: Store) -> None:
    record = Record(seeded_copy, author="analyst")
    incidents = [i.incident_id for i in seeded_copy.incidents()]
    merge(record, incidents[0], incidents[1], note="same attack")
    relink(record)
    assert verify(seeded_copy) == []
    actions = [e[3] for e in seeded_copy.chain_entries()]
    assert actions[-3:] == ["merge", "merged_into", "relink"]


def test_a_store_written_before_the_chain_is_sealed_on_opening(seeded_copy_path: Path) -> None:
    with raw_db(seeded_copy_path) as db:
        db.execute("DELETE FROM changes WHERE action = 'rows_start'")  # before row digests
        for (name,) in db.execute("SELECT name FROM sqlite_master WHERE name LIKE 'rows_%'"):
            db.execute(f"DROP TRIGGER {name}")
        for table in ("row_log", "row_digests", "table_digests"):
            db.execute(f"DROP TABLE {table}")
        db.execute("UPDATE changes SET hash = NULL, prev_hash = NULL, state = '{}'")
        db.execute("DELETE FROM chain_head")
    with Store(seeded_copy_path) as store:
        assert verify(store) == []
        actions = [e[3] for e in store.chain_entries()]
        assert actions == ["ingest", "ingest", "chain_start", "rows_start"]

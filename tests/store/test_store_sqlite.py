"""The store: migrations, transactions, errors, originals kept byte for byte (the tests of
both backends take ``any_store`` / ``seeded_any``: SQLite and PostgreSQL)."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from khronika.errors import NotFoundError, StoreError
from khronika.ingest import nearcopy
from khronika.store import IncidentFilter, Store
from khronika.store._schema import _migrations


def _migration_rows(path: Path) -> list[tuple[Any, ...]]:
    db = sqlite3.connect(path)
    try:
        return db.execute("SELECT version, applied_at FROM schema_migrations").fetchall()
    finally:
        db.close()


def test_migrations_create_schema_version_1(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    versions = [v for v, _ in _migrations()]
    assert versions
    assert versions[0] == 1
    with Store(path, create=True) as store:
        assert store.schema_version() == max(versions)
        assert store.schema_version() >= 1
        tables = {r[0] for r in store.db.execute("SELECT name FROM sqlite_master")}
    assert {"documents", "originals", "incidents", "actors", "actor_aliases"} <= tables
    assert sorted(v for v, _ in _migration_rows(path)) == versions


def test_reopening_does_not_reapply_migrations(tmp_path: Path) -> None:
    path = tmp_path / "again.db"
    Store(path, create=True).close()
    first = _migration_rows(path)
    with Store(path) as store:
        version = store.schema_version()
    with Store(path):
        pass
    assert _migration_rows(path) == first  # same rows, same applied_at: nothing re-run
    assert version == max(v for v, _ in _migrations())


def test_reopening_keeps_the_data(tmp_path: Path, make_incoming: Any) -> None:
    path = tmp_path / "keep.db"
    text = "Police raided the office of a small newspaper in Izmir on 2 May 2019."
    incoming = make_incoming("kept", text)
    sha = hashlib.sha256(incoming.raw).hexdigest()
    with Store(path, create=True) as store, store.transaction():
        store.add_report(incoming, sha, None, nearcopy.to_bytes(nearcopy.signature(text)))
    with Store(path) as store:
        assert store.report("kept").text == text
        assert store.original("kept") == incoming.raw


def test_a_failed_transaction_leaves_the_store_as_before(
    any_store: Store, make_incoming: Any
) -> None:
    text = "Unknown men beat a human rights lawyer outside a court in Tbilisi."
    incoming = make_incoming("rolled-back", text)
    sha = hashlib.sha256(incoming.raw).hexdigest()

    def fail_inside() -> None:
        with any_store.transaction():
            signature = nearcopy.to_bytes(nearcopy.signature(text))
            any_store.add_report(incoming, sha, None, signature)
            assert any_store.has_doc_id("rolled-back")  # visible inside the transaction
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        fail_inside()
    assert not any_store.has_doc_id("rolled-back")
    assert any_store.doc_id_for_sha(sha) is None
    assert any_store.reports() == []
    with pytest.raises(NotFoundError):
        any_store.original("rolled-back")
    # and the store is still usable afterwards
    with any_store.transaction():
        any_store.add_report(incoming, sha, None, b"")
    assert any_store.has_doc_id("rolled-back")


def test_a_file_that_is_not_sqlite_raises_store_error_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "garbage.db"
    path.write_bytes(b"\x89 this is certainly not an SQLite database \xff\xfe" * 40)
    with pytest.raises(StoreError) as info:
        Store(path)
    assert str(path) in str(info.value)
    assert path.read_bytes().startswith(b"\x89 this is")  # the file was not overwritten


def test_unknown_ids_raise_not_found(seeded_any: Store) -> None:
    with pytest.raises(NotFoundError, match="no-such-incident"):
        seeded_any.incident("no-such-incident")
    with pytest.raises(NotFoundError, match="no-such-report"):
        seeded_any.report("no-such-report")
    with pytest.raises(NotFoundError, match="no-such-report"):
        seeded_any.original("no-such-report")
    with pytest.raises(NotFoundError, match="no-such-report"):
        seeded_any.extraction("no-such-report")


def test_originals_are_stored_byte_for_byte(
    seeded_any: Store, seed_meta: list[dict[str, Any]], seeds_dir: Path
) -> None:
    assert seed_meta
    for entry in seed_meta:
        raw = (seeds_dir / entry["path"]).read_bytes()
        doc_id = entry["doc_id"]
        assert seeded_any.original(doc_id) == raw
        digest = hashlib.sha256(raw).hexdigest()
        assert seeded_any.report(doc_id).sha256 == digest
        assert seeded_any.doc_id_for_sha(digest) == doc_id


def test_seed_metadata_round_trips(seeded_any: Store, seed_meta: list[dict[str, Any]]) -> None:
    by_id = {r.doc_id: r for r in seeded_any.reports()}
    assert set(by_id) == {e["doc_id"] for e in seed_meta}
    for entry in seed_meta:
        meta = by_id[entry["doc_id"]].meta
        assert meta.publisher == entry["publisher"]
        assert meta.title == entry["title"]
        assert meta.language == entry["language"]
        assert meta.published is not None
        assert meta.published.isoformat() == entry["published"]


def test_the_status_index_is_filled_by_its_migration_and_kept_in_step(
    seeded_copy_path: Path,
) -> None:
    def by_json(db: sqlite3.Connection, status: str) -> set[str]:
        rows = db.execute(
            "SELECT incident_id FROM incidents WHERE EXISTS (SELECT 1 FROM"
            " json_each(summary, '$.facts') WHERE json_extract(value, '$.status') = ?)",
            (status,),
        )
        return {r[0] for r in rows}

    raw = sqlite3.connect(seeded_copy_path)
    raw.execute("DELETE FROM incident_statuses")
    raw.execute("DELETE FROM schema_migrations WHERE version = 10")
    raw.execute("DROP TABLE incident_statuses")
    raw.commit()
    raw.close()
    with Store(seeded_copy_path) as store:  # migration 0010 runs again and backfills
        for status in ("corroborated", "single_source", "contested"):
            found = {i.incident_id for i in store.incidents(IncidentFilter(status=status))}
            assert found == by_json(store.db, status)
        assert {i.incident_id for i in store.incidents(IncidentFilter(status="corroborated"))}
        from khronika.review import merge
        from khronika.service import Record

        first, second = [i.incident_id for i in store.incidents(IncidentFilter())][:2]
        merge(Record(store, author="tester"), first, second, "one incident")
        for status in ("corroborated", "single_source", "contested"):
            found = {i.incident_id for i in store.incidents(IncidentFilter(status=status))}
            assert found == by_json(store.db, status)

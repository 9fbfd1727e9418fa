"""Search by spelling: Cyrillic, Latin and Arabic spellings of one name, inflected or not,
find each other (migration 0015, khronika.spelling), on SQLite (FTS5) and on PostgreSQL (its own
search over the keys). Real report texts of the development set hrdev, read from ../shared by
path, stored without extraction."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

import devsets
from khronika.ingest import nearcopy
from khronika.model import IncomingReport, ReportMeta
from khronika.spelling import query_keys, word_key
from khronika.store import Store

HRDEV = devsets.HRDEV
# h01: English (Natalya Estemirova); h106: Russian (Натальи Эстемировой, Наталья Эстемирова);
# h76: Arabic (نسرين سوتوده); h75: Russian (Лабковичу)
DOCS = ("h01", "h106", "h76", "h75")


def _add(store: Store, doc_id: str) -> None:
    path = HRDEV / "docs" / f"{doc_id}.txt"
    if not path.is_file():
        pytest.fail(f"the development set hrdev is missing from {HRDEV}")
    text = path.read_text(encoding="utf-8")
    raw = text.encode()
    incoming = IncomingReport(ReportMeta(doc_id), raw, text, "text/plain", str(path))
    signature = nearcopy.to_bytes(nearcopy.signature(text))
    with store.transaction():
        store.add_report(incoming, hashlib.sha256(raw).hexdigest(), None, signature)


@pytest.fixture
def store(any_store: Store) -> Store:
    for doc_id in DOCS:
        _add(any_store, doc_id)
    return any_store


def test_latin_finds_cyrillic_and_cyrillic_finds_latin(store: Store) -> None:
    found = dict(store.search("Estemirova"))
    assert set(found) == {"h01", "h106"}
    assert "[Эстемировой]" in found["h106"] or "[Эстемирова]" in found["h106"]
    assert [d for d, _ in store.search("Estemirova")][0] == "h01"  # as written first
    assert {d for d, _ in store.search("Эстемирова")} == {"h01", "h106"}
    assert store.search_count("Natalia Estemirova") == 2
    assert [d for d, _ in store.search("Labkovich")] == ["h75"]  # Лабковичу
    assert {d for d, _ in store.search("Sotoudeh")} == {"h76"}  # سوتوده


def test_every_word_must_match_and_short_words_only_as_written(store: Store) -> None:
    assert store.search("Estemirova Sotoudeh") == []
    assert query_keys("Estemirova of") == []  # "of" has no key: answered as written only
    assert word_key("Грозном") == word_key("Grozny") == word_key("Groznyy")
    assert word_key("Беляцкий") == word_key("Bialiatski")


def test_an_older_store_gets_the_keys_of_its_reports(store: Store, tmp_path: Path) -> None:
    path, passphrase = store.path, store.passphrase
    with store.transaction():
        if store.db.__class__.__name__ != "PgConnection":  # PostgreSQL's cascades on delete
            store.db.execute("DROP TRIGGER documents_spelling_delete")
        store.db.execute("DROP TABLE report_spelling")
        store.db.execute("DELETE FROM schema_migrations WHERE version = 15")
    store.close()
    reopened = Store(path, passphrase)
    try:
        assert {d for d, _ in reopened.search("Эстемирова")} == {"h01", "h106"}
    finally:
        reopened.close()

"""Full-text search over report texts: FTS5 on SQLite, tsvector on PostgreSQL."""

from __future__ import annotations

from typing import Any

from khronika.service import Record
from khronika.store import Store


def test_search_finds_words_and_phrases(seeded_any: Store) -> None:
    both = {doc for doc, _ in seeded_any.search("masked men")}
    assert both == {"crd-jmg-attack", "nhc-jmg-attack"}
    phrase = seeded_any.search('"angle grinders"')
    assert [doc for doc, _ in phrase] == ["crd-jmg-attack"]
    assert "[angle" in phrase[0][1]
    assert seeded_any.search_count("masked men") == 2


def test_search_treats_operators_and_punctuation_as_words(seeded_any: Store) -> None:
    assert seeded_any.search('AND OR NOT ( ) * "') is not None
    assert seeded_any.search("") == []
    assert seeded_any.search("zzzzunlikelyword") == []


def test_search_ignores_diacritics(any_store: Store, make_incoming: Any) -> None:
    text = "Unknown gunmen shot a reporter in Culiacán; the Fiscalía opened a case."
    Record(any_store).ingest([make_incoming("mx", text, publisher="A")])
    assert [d for d, _ in any_store.search("culiacan fiscalia")] == ["mx"]


def _add_texts(store: Store, make_incoming: Any, texts: dict[str, str]) -> None:
    import hashlib

    with store.transaction():
        for doc_id, text in texts.items():
            incoming = make_incoming(doc_id, text, publisher="A")
            store.add_report(incoming, hashlib.sha256(incoming.raw).hexdigest(), None, None)


def test_many_matches_rank_the_reports_added_last(
    any_store: Store, make_incoming: Any, monkeypatch: Any
) -> None:
    """Only the RANKED reports added last among a search's matches are ranked (best first);
    the older ones follow, newest first; every match is on one page, once."""
    from khronika.store import _search

    texts = {
        "r1": "Checkpoint. " * 6 + "Soldiers stopped the bus at a checkpoint.",
        "r2": "A checkpoint was set up on the road to the market, witnesses said.",
        "r3": "Police detained two farmers near the bridge on Sunday morning.",
        "r4": "The checkpoint guards beat a driver; the checkpoint closed. Checkpoint again.",
        "r5": "A journalist filmed the checkpoint from a roof across the street.",
        "r6": "Residents said the checkpoint had been there for a week.",
    }
    _add_texts(any_store, make_incoming, texts)
    monkeypatch.setattr(_search, "RANKED", 3)
    pages = [any_store.search("checkpoint", limit=2, offset=at) for at in (0, 2, 4, 6)]
    found = [doc for page in pages for doc, _ in page]
    assert sorted(found) == ["r1", "r2", "r4", "r5", "r6"]
    assert found[0] == "r4"
    assert set(found[:3]) == {"r4", "r5", "r6"}  # the 3 added last
    assert found[3:] == ["r2", "r1"]  # older matches, newest first (r1 ranks best of all)
    assert any_store.search_count("checkpoint") == 5
    monkeypatch.setattr(_search, "RANKED", 1000)
    assert [doc for doc, _ in any_store.search("checkpoint", limit=1)] == ["r1"]


def test_an_older_store_gets_its_search_entries_under_their_seq(
    any_store: Store, make_incoming: Any
) -> None:
    """Migration 0018: SQLite's index entries re-keyed by the report's seq, PostgreSQL's
    vectors given it; searches and verify's index checks agree after."""
    texts = {f"o{i}": f"Report {i}: a checkpoint on the road to Grozny." for i in range(4)}
    _add_texts(any_store, make_incoming, texts)
    db, pg = any_store.db, any_store.db.__class__.__name__ == "PgConnection"
    with any_store.transaction():
        if pg:
            db.execute("ALTER TABLE report_search DROP COLUMN seq")
        else:  # entries under other rowids, as before 0018
            for table, columns in (("report_search", "doc_id, title, text"),
                                   ("report_spelling", "doc_id, keys")):  # fmt: skip
                db.execute(
                    f"CREATE TEMP TABLE old AS SELECT rowid + 10 AS r, {columns} FROM {table}"
                )
                db.execute(f"DELETE FROM {table}")
                db.execute(f"INSERT INTO {table} (rowid, {columns}) SELECT * FROM temp.old")
                db.execute("DROP TABLE temp.old")
            assert any_store.search_differences().extra  # the check sees them apart
        db.execute("DELETE FROM schema_migrations WHERE version = 18")
    path, passphrase = any_store.path, any_store.passphrase
    any_store.close()
    with Store(path, passphrase) as reopened:
        assert sorted(d for d, _ in reopened.search("checkpoint")) == sorted(texts)
        assert reopened.search_count("Грозный") == 4  # by spelling: Grozny
        assert reopened.search_count("Grozny") == 4
        assert reopened.search_differences() == ([], [])
        assert reopened.spelling_differences() == []

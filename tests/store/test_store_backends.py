"""The store on both backends, SQLite and PostgreSQL (a real server, tests/pgserver.py):
migrations, transactions, originals, search in several languages, the same record from the
same reports, and the hash chain and ``verify`` with the same meaning."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest

from khronika.errors import StoreError
from khronika.export import to_json
from khronika.ingest import nearcopy
from khronika.security.chain import check
from khronika.store import IncidentFilter, Store
from khronika.store._dialect import migrations as pg_migrations
from khronika.store._schema import _migrations

PASSPHRASE = "correct horse battery staple"


def _add(store: Store, incoming: Any) -> str:
    sha = hashlib.sha256(incoming.raw).hexdigest()
    text = incoming.text
    store.add_report(incoming, sha, None, nearcopy.to_bytes(nearcopy.signature(text)))
    return sha


def test_migrations_make_the_same_version_and_do_not_rerun(new_location: Any) -> None:
    with Store(new_location, create=True) as store:
        version = store.schema_version()
        first = store.db.execute("SELECT version, applied_at FROM schema_migrations").fetchall()
    assert version == max(v for v, _ in _migrations()) == max(v for v, _ in pg_migrations())
    with Store(new_location) as store:
        again = store.db.execute("SELECT version, applied_at FROM schema_migrations").fetchall()
        assert store.schema_version() == version
    assert [tuple(r) for r in again] == [tuple(r) for r in first]


def test_a_failed_transaction_leaves_the_store_as_before(
    any_store: Store, make_incoming: Any
) -> None:
    head = any_store.chain_head()

    def crash_inside() -> None:
        with any_store.transaction():
            _add(any_store, make_incoming("gone", "Police raided an office in Izmir."))
            any_store.record_change("test", "ingest", None, doc_id="gone")
            raise RuntimeError("crash")

    with pytest.raises(RuntimeError, match="crash"):
        crash_inside()
    assert not any_store.has_doc_id("gone")
    assert any_store.chain_head() == head
    with any_store.transaction():
        _add(any_store, make_incoming("kept", "Police raided an office in Izmir."))
        any_store.record_change("test", "ingest", None, doc_id="kept")
    assert check(any_store).clean  # the chain numbers on with no gap on both backends


def test_originals_round_trip_byte_for_byte(new_location: Any, make_incoming: Any) -> None:
    raw = "Отчёт: полиция задержала журналиста в Грозном.".encode() + bytes(range(256))
    incoming = make_incoming("ru-1", "Отчёт: полиция задержала журналиста.", raw=raw)
    with Store(new_location, create=True) as store, store.transaction():
        _add(store, incoming)
    with Store(new_location) as store:
        assert store.original("ru-1") == raw
        assert store.report("ru-1").text == incoming.text


def test_postgresql_seals_originals_with_the_passphrase(pg_url: str, make_incoming: Any) -> None:
    raw = b"Witness statement: the names of three relatives follow."
    with Store(pg_url, PASSPHRASE, create=True) as store:
        with store.transaction():
            sha = _add(store, make_incoming("w-1", raw.decode(), raw=raw))
            store.record_change("test", "ingest", None, doc_id="w-1")
        (stored,) = store.db.execute("SELECT raw FROM originals").fetchone()
        assert raw not in bytes(stored)  # the server holds ciphertext only
        assert store.original("w-1") == raw
        assert check(store).clean
    with pytest.raises(StoreError, match="passphrase is wrong"):
        Store(pg_url, "not the passphrase at all")
    with pytest.raises(StoreError, match="give its passphrase"):
        Store(pg_url)
    with Store(pg_url, PASSPHRASE) as store:
        assert hashlib.sha256(store.original("w-1")).hexdigest() == sha


def test_a_plain_postgresql_store_refuses_a_passphrase(pg_url: str) -> None:
    Store(pg_url, create=True).close()
    with pytest.raises(StoreError, match="plain"):
        Store(pg_url, PASSPHRASE)


def test_an_empty_database_is_not_a_store(pg_url: str) -> None:
    with pytest.raises(StoreError, match="no khronika store.*init"):
        Store(pg_url)


def test_search_in_english_russian_and_spanish(any_store: Store, make_incoming: Any) -> None:
    texts = {
        "mx": "Unknown gunmen shot a reporter in Culiacán; the Fiscalía opened a case.",
        "ru": "В Грозном задержали правозащитницу Наталью Эстемирову.",
        "es": "La Policía Nacional detuvo a tres periodistas en Teherán.",
    }
    with any_store.transaction():
        for doc_id, text in texts.items():
            _add(any_store, make_incoming(doc_id, text))
    assert [d for d, _ in any_store.search("culiacan fiscalia")] == ["mx"]
    assert [d for d, _ in any_store.search("грозном")] == ["ru"]
    assert [d for d, _ in any_store.search("ГРОЗНОМ правозащитницу")] == ["ru"]
    assert [d for d, _ in any_store.search("policia teheran")] == ["es"]
    assert [d for d, _ in any_store.search('"tres periodistas"')] == ["es"]
    assert any_store.search('"periodistas tres"') == []
    assert any_store.search_count("policia") == 1
    assert "[" in any_store.search("periodistas")[0][1]


def test_search_finds_words_and_phrases_in_the_seeds(seeded_any: Store) -> None:
    both = {doc for doc, _ in seeded_any.search("masked men")}
    assert both == {"crd-jmg-attack", "nhc-jmg-attack"}
    phrase = seeded_any.search('"angle grinders"')
    assert [doc for doc, _ in phrase] == ["crd-jmg-attack"]
    assert "[angle" in phrase[0][1]
    assert seeded_any.search_count("masked men") == 2
    assert seeded_any.search('AND OR NOT ( ) * "') is not None
    assert seeded_any.search("zzzzunlikelyword") == []


def _stable(export: dict[str, Any]) -> dict[str, Any]:
    """The export without the times a store was written at."""
    for document in export["documents"]:
        document.pop("ingested_at", None)
    export.pop("exported_at", None)
    export.pop("chain_head", None)
    return export


def test_both_backends_make_the_same_record_of_the_seeds(seeded: Store, seeded_pg: Store) -> None:
    assert _stable(to_json(seeded_pg)) == _stable(to_json(seeded))
    for where in (
        IncidentFilter(),
        IncidentFilter(place="Norway"),
        IncidentFilter(status="corroborated"),
    ):
        assert [i.incident_id for i in seeded_pg.incidents(where)] == [
            i.incident_id for i in seeded.incidents(where)
        ]
        assert seeded_pg.count_incidents(where) == seeded.count_incidents(where)
    assert seeded_pg.actors() == seeded.actors()
    assert seeded_pg.incident_areas() == seeded.incident_areas()
    assert seeded_pg.people_to_withhold() == seeded.people_to_withhold()


def test_verify_is_clean_on_the_seeds_of_both_backends(seeded_any: Store) -> None:
    result = check(seeded_any)
    assert result.clean, [str(p) for p in result.problems]
    assert result.reports == 2
    assert result.entries >= 3


def test_verify_names_rows_edited_added_and_deleted_outside_khronika(seeded_pg_copy: Store) -> None:
    store = seeded_pg_copy
    sql = store.db.conn  # plain SQL, as someone with the server's password would write it
    sql.execute(
        "UPDATE actors SET name = 'Someone Else'"
        " WHERE actor_id = (SELECT min(actor_id) FROM actors)"
    )
    sql.execute("INSERT INTO users VALUES ('mallory', 'admin', 'x', '2020-01-01')")
    sql.execute(
        "DELETE FROM incident_statuses WHERE incident_id = (SELECT min(incident_id) FROM incidents)"
    )
    found = [str(p) for p in check(store).problems]
    assert any("table actors, row actor_id=" in p and "edited outside khronika" in p for p in found)
    assert any(
        "table users, row name='mallory'" in p and "added outside khronika" in p for p in found
    )
    assert any("table incident_statuses" in p and "deleted outside khronika" in p for p in found)


def test_verify_finds_a_rewritten_summary_a_broken_chain_and_a_changed_schema(
    seeded_pg_copy: Store,
) -> None:
    store = seeded_pg_copy
    sql = store.db.conn
    sql.execute("ALTER TABLE documents DISABLE TRIGGER USER")
    sql.execute("ALTER TABLE incidents DISABLE TRIGGER USER")
    sql.execute("UPDATE incidents SET summary = replace(summary, 'hammers', 'sticks')")
    sql.execute("ALTER TABLE changes DISABLE TRIGGER USER")
    sql.execute("UPDATE changes SET author = 'nobody' WHERE seq = 2")
    sql.execute("CREATE INDEX sneaky ON documents (url)")
    found = [str(p) for p in check(store).problems]
    assert any(p.startswith("incident inc-") for p in found), found
    assert any("chain" in p and "#2" in p for p in found), found
    assert any("schema: index sneaky" in p for p in found), found


def test_verify_finds_both_search_indexes_edited_by_sql(seeded_pg_copy: Store) -> None:
    """On PostgreSQL the indexes are tables of vectors: an entry rewritten by SQL (the words
    or their positions of one report, or its spelling keys) is found by rebuilding them."""
    store = seeded_pg_copy
    assert store.search_instances_differ() == 0
    assert store.spelling_differences() == []
    sql = store.db.conn
    doc_id = str(sql.execute("SELECT min(doc_id) FROM report_search").fetchone()[0])
    sql.execute(
        "UPDATE report_search SET search = search || to_tsvector('simple', 'fabricated')"
        " WHERE doc_id = %s",
        (doc_id,),
    )
    sql.execute("UPDATE report_spelling SET keys = keys || ' mlrv' WHERE doc_id = %s", (doc_id,))
    assert store.search_instances_differ() == 1  # one word instance added
    assert store.spelling_differences() == [doc_id]
    found = [str(p) for p in check(store).problems]
    assert any("search index" in p and "word positions differ" in p for p in found), found
    assert any(f"report {doc_id}" in p and "spelling keys" in p for p in found), found


def test_lists_sorts_and_history_filters_on_both_backends(seeded_copy_any: Store) -> None:
    store = seeded_copy_any
    rows = store.report_list()
    assert [r.ingested_at for r in rows] == sorted((r.ingested_at for r in rows), reverse=True)
    assert all(r.extracted for r in rows)
    assert store.report_count() == len(rows) == 2
    assert all(store.report_profile(r.doc_id) for r in rows)
    assert store.report_profile("no-such-report") is None
    by_reports = store.incidents(IncidentFilter(order="reports"))
    counts = [len(i.doc_ids) for i in by_reports]
    assert counts == sorted(counts, reverse=True)
    newest = store.incidents(IncidentFilter(order="newest"))
    assert {i.incident_id for i in newest} == {i.incident_id for i in by_reports}
    assert store.incidents(IncidentFilter(place="RUSSIA")) == store.incidents(
        IncidentFilter(place="russia")
    )  # any case, as SQLite's LIKE


def test_writers_on_two_connections_keep_one_chain(pg_url: str, make_incoming: Any) -> None:
    import threading

    Store(pg_url, create=True).close()
    errors: list[BaseException] = []

    def write(prefix: str) -> None:
        try:
            with Store(pg_url) as store:
                for n in range(6):
                    with store.transaction():
                        doc = f"{prefix}-{n}"
                        _add(store, make_incoming(doc, f"Report {doc}: police raided {prefix}."))
                        store.record_change("test", "ingest", None, doc_id=doc)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(p,)) for p in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    with Store(pg_url) as store:
        result = check(store)
        assert result.clean, [str(p) for p in result.problems]
        assert store.document_count() == 12
        assert [e[0] for e in store.chain_entries()] == list(range(1, result.entries + 1))


def _on_disk(pg_server: Any, needle: bytes) -> bool:
    """Whether ``needle`` is in any file of the server's data folder (a seized disk)."""
    import psycopg

    with psycopg.connect(pg_server.url(), autocommit=True) as admin:
        admin.execute("CHECKPOINT")  # every change written to the table files
    for path in Path(pg_server.data).rglob("*"):
        if path.is_file() and needle in path.read_bytes():
            return True
    return False


def test_a_seized_postgresql_disk_shows_no_original(pg_server: Any, make_incoming: Any) -> None:
    planted = b"<!-- source: Qorbandale Zyxwvut, +7 900 000 00 00 -->"
    raw = b"<html>" + planted + b"<p>Police raided the office.</p></html>"
    for passphrase, expected in ((PASSPHRASE, False), (None, True)):
        url = pg_server.create_database()
        with Store(url, passphrase, create=True) as store, store.transaction():
            _add(store, make_incoming("raid", "Police raided the office.", raw=raw))
            store.record_change("test", "ingest", None, doc_id="raid")
        assert _on_disk(pg_server, planted) is expected  # plain: the scan does find it

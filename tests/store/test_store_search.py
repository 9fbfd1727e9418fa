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

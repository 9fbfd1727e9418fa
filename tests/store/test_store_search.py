"""Full-text search over report texts (FTS5)."""

from __future__ import annotations

from typing import Any

from khronika.service import Record
from khronika.store import Store


def test_search_finds_words_and_phrases(seeded: Store) -> None:
    both = {doc for doc, _ in seeded.search("masked men")}
    assert both == {"crd-jmg-attack", "nhc-jmg-attack"}
    phrase = seeded.search('"angle grinders"')
    assert [doc for doc, _ in phrase] == ["crd-jmg-attack"]
    assert "[angle" in phrase[0][1]
    assert seeded.search_count("masked men") == 2


def test_search_treats_operators_and_punctuation_as_words(seeded: Store) -> None:
    assert seeded.search('AND OR NOT ( ) * "') is not None
    assert seeded.search("") == []
    assert seeded.search("zzzzunlikelyword") == []


def test_search_ignores_diacritics(fresh_store: Store, make_incoming: Any) -> None:
    text = "Unknown gunmen shot a reporter in Culiacán; the Fiscalía opened a case."
    Record(fresh_store).ingest([make_incoming("mx", text, publisher="A")])
    assert [d for d, _ in fresh_store.search("culiacan fiscalia")] == ["mx"]

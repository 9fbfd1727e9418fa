"""A search is bounded in words and characters (cut, with a sentence), and filters take what
they are given literally: ``%`` and ``_`` are never wildcards."""

from __future__ import annotations

import time

from fastapi.testclient import TestClient

from khronika.webcommon.queries import MAX_QUERY_CHARS, MAX_QUERY_TERMS, bounded_query


def test_a_long_query_is_cut_with_a_sentence(client: TestClient) -> None:
    words = " ".join(["office"] * 6000)
    started = time.monotonic()
    answer = client.get("/api/search", params={"q": words}).json()
    assert time.monotonic() - started < 5
    assert answer["total"] > 0
    assert answer["note"].startswith(f"This search was cut to its first {MAX_QUERY_TERMS} words")
    assert len(answer["query"].split()) == MAX_QUERY_TERMS
    page = client.get("/search", params={"q": words})
    assert page.status_code == 200
    assert "This search was cut" in page.text
    assert "note" not in client.get("/api/search", params={"q": "office"}).json()


def test_bounded_query() -> None:
    assert bounded_query('masked "joint mobile group"') == ('masked "joint mobile group"', None)
    kept, note = bounded_query("x" * 5000)
    assert kept == ""
    assert note is not None
    kept, note = bounded_query(" ".join(["abcdefghijklmnopqrstuvwxyzabcd"] * 12))
    assert len(kept) <= MAX_QUERY_CHARS
    assert note is not None
    assert kept.split()


def test_wildcards_in_filters_are_letters(client: TestClient) -> None:
    def total(**params: str) -> int:
        found: int = client.get("/api/incidents", params=params).json()["total"]
        return found

    assert total(place="Grozny") > 0
    for probe in ("Groz%", "%", "Gr_zny", "_rozny", "%rozny"):
        assert total(place=probe) == 0, probe
    assert total(actor="Kalyapin") > 0
    assert total(actor="Kalyap") > 0
    for probe in ("Kal%", "%", "Kaly_pin", "_"):
        assert total(actor=probe) == 0, probe

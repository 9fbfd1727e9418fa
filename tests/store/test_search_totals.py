"""What bounds a search's cost on a large record, on SQLite and on PostgreSQL: its total is
counted no further than asked (``at_most``), a page after the reports matching as written goes
on with those matching by spelling, and a headline is made from a part of a long report.
Real report texts of the development set hrdev, read from ../shared by path."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest

import devsets
from khronika.store import Store, _dialect

HRDEV = devsets.HRDEV


_hrdev_text = devsets.hrdev_text


def _english_texts(at_least: int) -> str:
    """Real English reports of hrdev one after the other, at least ``at_least`` characters."""
    texts: list[str] = []
    for line in (HRDEV / "docs.jsonl").read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        if doc["language"] == "en":
            texts.append(_hrdev_text(doc["doc_id"]))
        if sum(map(len, texts)) >= at_least:
            return "\n\n".join(texts)
    pytest.fail("hrdev has too few English reports for this test")


def _add(store: Store, make_incoming: Any, doc_id: str, text: str) -> None:
    incoming = make_incoming(doc_id, text, publisher="A")
    with store.transaction():
        store.add_report(incoming, hashlib.sha256(incoming.raw).hexdigest(), None, None)


@pytest.fixture
def named(any_store: Store, make_incoming: Any) -> Store:
    """h01 names Natalya Estemirova in English, h106 in Russian (found by spelling only)."""
    for doc_id in ("h01", "h106"):
        _add(any_store, make_incoming, doc_id, _hrdev_text(doc_id))
    return any_store


def test_a_total_is_counted_no_further_than_asked(named: Store) -> None:
    assert named.search_count("Estemirova") == 2  # h01 as written, h106 by spelling
    assert named.search_count("Estemirova", at_most=0) == 1  # more than 0
    assert named.search_count("Estemirova", at_most=1) == 2  # more than 1
    assert named.search_count("Estemirova", at_most=2) == 2  # all of them
    assert named.search_count("Estemirova", spelled=False, at_most=5) == 1
    assert named.search_count("zzzzunlikelyword", at_most=5) == 0


def test_pages_go_on_from_written_matches_to_spelled_ones(named: Store) -> None:
    pages = [named.search("Estemirova", limit=1, offset=at) for at in range(3)]
    assert [[doc for doc, _ in page] for page in pages] == [["h01"], ["h106"], []]
    assert "[Эстемиров" in pages[1][0][1]  # the spelled match's snippet marks the name


def test_a_late_match_in_a_long_report_is_marked(any_store: Store, make_incoming: Any) -> None:
    """A headline is made from HEADLINE_CHARS characters: from where the first word of the
    search first occurs when the report is longer (PostgreSQL)."""
    filler = _english_texts(_dialect.HEADLINE_CHARS + 2000)
    late = "Police in the city detained the lawyer Ruslan Zubairaev at his office on Sunday."
    _add(any_store, make_incoming, "long", filler + "\n\n" + late)
    _add(any_store, make_incoming, "short", late)
    found = dict(any_store.search("Zubairaev detained"))
    assert set(found) == {"long", "short"}
    assert "[Zubairaev]" in found["long"]
    assert "[detained]" in found["long"]


def test_a_late_match_spelled_otherwise_shows_the_start(
    any_store: Store, make_incoming: Any
) -> None:
    """When the first word occurs beyond the first part only with other accents (Culiacán for
    "culiacan"), PostgreSQL's headline is the report's start, unmarked; SQLite's snippet reads
    the whole text and marks it."""
    filler = _english_texts(_dialect.HEADLINE_CHARS + 2000)
    assert "culiac" not in filler.lower()
    _add(any_store, make_incoming, "mx", filler + "\n\nGunmen shot a reporter in Culiacán.")
    ((doc_id, headline),) = any_store.search("culiacan")
    assert doc_id == "mx"
    if any_store.db.__class__.__name__ == "PgConnection":
        first_words = filler.split()[:3]
        assert "[" not in headline
        assert headline.split()[:3] == first_words
    else:
        assert "[Culiacán]" in headline

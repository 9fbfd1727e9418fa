"""Text similarity used by the linker."""

from __future__ import annotations

import pytest

from khronika.link.text import cosine, terms


def test_terms_drop_stop_words_and_keep_names_and_numbers() -> None:
    words = terms(["The office of the Free Press Centre was burned on 8 March 2021."])
    assert {"office", "free", "press", "centre", "burned", "march", "2021"} <= set(words)
    assert "the" not in words
    assert "was" not in words


def test_cosine_of_identical_and_disjoint_bags() -> None:
    a = terms(["masked men stormed the newspaper office in Culiacan"])
    b = terms(["police detained protesters outside parliament"])
    df = {w: 1 for w in (*a, *b)}
    assert cosine(a, a, df, 10) == pytest.approx(1.0)
    assert cosine(a, b, df, 10) == 0.0
    assert cosine(a, {}, df, 10) == 0.0


def test_rare_shared_words_count_more_than_common_ones() -> None:
    report = terms(["Unknown men attacked the office of Radio Libertad in Tegucigalpa"])
    rare = terms(["Radio Libertad was attacked"])
    common = terms(["Unknown men attacked an office"])
    df = {
        "unknown": 90,
        "men": 90,
        "attacked": 80,
        "office": 85,
        "radio": 5,
        "libertad": 1,
        "tegucigalpa": 3,
    }
    assert cosine(report, rare, df, 100) > cosine(report, common, df, 100)


def test_link_evidence_names_the_text_similarity(seeded: object) -> None:
    from khronika.store import Store

    assert isinstance(seeded, Store)
    evidence = [e for _, d, _, e in seeded.mention_links() if d == "nhc-jmg-attack"]
    assert any("text similarity" in e for e in evidence)

"""The coreference scorer against values computed by hand (fractions in the comments)."""

from __future__ import annotations

from fractions import Fraction

import pytest

from khronika.benchmarks import scorer
from khronika.benchmarks.ecbplus import clusters_from_labels, default_shared_dir, read_key

# $KHRONIKA_SHARED or the repository's sibling folder shared/ (read by path, never copied).
SHARED = default_shared_dir()
KEY = SHARED / "benchmarks" / "ecbplus" / "gold_conll" / "CD_test_event_mention_based.key_conll"


def close(score: tuple[float, float, float], *expected: Fraction) -> None:
    assert score == pytest.approx(tuple(float(x) for x in expected))


KEY_A = [{"a", "b", "c"}, {"d", "e"}]
RESPONSE_A = [{"a", "b"}, {"c", "d", "e"}]


def test_muc_by_hand() -> None:
    # Recall: {a,b,c} is cut by the response into {a,b},{c}: 3 - 2 = 1 link kept;
    # {d,e} lies in one response cluster: 2 - 1 = 1. R = (1 + 1) / ((3-1) + (2-1)) = 2/3.
    # Precision: {a,b} lies in one key cluster: 2 - 1 = 1; {c,d,e} is cut into {c},{d,e}:
    # 3 - 2 = 1. P = (1 + 1) / ((2-1) + (3-1)) = 2/3. F1 = 2/3.
    close(scorer.muc(KEY_A, RESPONSE_A), Fraction(2, 3), Fraction(2, 3), Fraction(2, 3))


def test_b_cubed_by_hand() -> None:
    # Recall per mention |K & R| / |K|: a 2/3, b 2/3, c 1/3, d 2/2, e 2/2 -> sum 11/3, / 5 = 11/15.
    # Precision per mention |K & R| / |R|: a 2/2, b 2/2, c 1/3, d 2/3, e 2/3 -> 11/3, / 5 = 11/15.
    close(scorer.b_cubed(KEY_A, RESPONSE_A), Fraction(11, 15), Fraction(11, 15), Fraction(11, 15))


def test_ceaf_e_by_hand() -> None:
    # phi4 = 2|K & R| / (|K| + |R|): K1-R1 = 4/5, K1-R2 = 2/6 = 1/3, K2-R1 = 0, K2-R2 = 4/5.
    # Best alignment K1-R1, K2-R2: 8/5. R = (8/5) / 2 key clusters = 4/5; P = (8/5) / 2 = 4/5.
    close(scorer.ceaf_e(KEY_A, RESPONSE_A), Fraction(4, 5), Fraction(4, 5), Fraction(4, 5))


def test_conll_by_hand() -> None:
    # (2/3 + 11/15 + 4/5) / 3 = (10 + 11 + 12) / 45 = 11/15 -> 73.33
    assert scorer.conll_f1(KEY_A, RESPONSE_A) == pytest.approx(100 * 11 / 15)


def test_split_response_by_hand() -> None:
    key = [{"a", "b", "c", "d"}]
    response = [{"a", "b"}, {"c"}, {"d"}]
    # MUC R: {a,b,c,d} cut into 3 parts: (4 - 3) / (4 - 1) = 1/3. P: {a,b} 1 / 1 link = 1
    # (singletons add nothing). F1 = 2 * 1/3 * 1 / (4/3) = 1/2.
    close(scorer.muc(key, response), Fraction(1, 3), Fraction(1), Fraction(1, 2))
    # B3 R: a 2/4, b 2/4, c 1/4, d 1/4 -> 6/4 / 4 = 3/8. P: every mention 1 -> 1.
    # F1 = 2 * 3/8 / (11/8) = 6/11.
    close(scorer.b_cubed(key, response), Fraction(3, 8), Fraction(1), Fraction(6, 11))
    # CEAF-e: phi4(K, {a,b}) = 4/6 = 2/3, phi4(K, {c}) = phi4(K, {d}) = 2/5; one key cluster,
    # so the best alignment is 2/3. R = 2/3 / 1; P = 2/3 / 3 = 2/9; F1 = (8/27) / (8/9) = 1/3.
    close(scorer.ceaf_e(key, response), Fraction(2, 3), Fraction(2, 9), Fraction(1, 3))
    # CoNLL: (1/2 + 6/11 + 1/3) / 3 = (33 + 36 + 22) / 198 = 91/198.
    assert scorer.conll_f1(key, response) == pytest.approx(100 * 91 / 198)


def test_all_singletons_by_hand() -> None:
    response = [{m} for m in "abcde"]
    # MUC: no response links, so P = 0/0 -> 0 and R = 0/3 = 0.
    close(scorer.muc(KEY_A, response), Fraction(0), Fraction(0), Fraction(0))
    # B3 R: a, b, c 1/3 each, d, e 1/2 each -> 2 / 5. P = 1. F1 = (4/5) / (7/5) = 4/7.
    close(scorer.b_cubed(KEY_A, response), Fraction(2, 5), Fraction(1), Fraction(4, 7))
    # CEAF-e: best phi4 of {a,b,c} with a singleton 2/4, of {d,e} 2/3 -> 7/6.
    # R = 7/6 / 2 = 7/12, P = 7/6 / 5 = 7/30, F1 = (49/180) / (49/60) = 1/3.
    close(scorer.ceaf_e(KEY_A, response), Fraction(7, 12), Fraction(7, 30), Fraction(1, 3))


def test_identity_is_perfect() -> None:
    for key in (KEY_A, [{"a"}, {"b", "c"}, {"d"}], [{1, 2, 3, 4}]):
        for metric in (scorer.muc, scorer.b_cubed, scorer.ceaf_e):
            assert metric(key, key) == pytest.approx((1.0, 1.0, 1.0))
        assert scorer.conll_f1(key, key) == pytest.approx(100.0)


def test_singletons_against_singletons() -> None:
    key = [{m} for m in "abc"]
    # No links anywhere: MUC is 0 by the reference scorer's convention; B3 and CEAF-e are 1.
    assert scorer.muc(key, key) == (0.0, 0.0, 0.0)
    assert scorer.b_cubed(key, key) == pytest.approx((1.0, 1.0, 1.0))
    assert scorer.ceaf_e(key, key) == pytest.approx((1.0, 1.0, 1.0))


def test_order_and_empty_clusters_do_not_matter() -> None:
    reordered = [set(), {"e", "d"}, {"c", "a", "b"}]
    assert scorer.conll_f1(KEY_A, reordered) == pytest.approx(100.0)


def test_all_scores_matches_parts() -> None:
    scores = scorer.all_scores(KEY_A, RESPONSE_A)
    assert scores["muc"] == scorer.muc(KEY_A, RESPONSE_A)
    assert scores["conll_f1"] == pytest.approx(scorer.conll_f1(KEY_A, RESPONSE_A))


def test_key_file_against_itself() -> None:
    if not KEY.is_file():
        pytest.fail(f"ECB+ CoNLL key not available at {KEY} (shared/ beside the clone)")
    labels = read_key(KEY)
    assert len(labels) == 1780
    assert len(set(labels)) == 805
    clusters = clusters_from_labels(list(range(len(labels))), labels)
    assert scorer.conll_f1(clusters, clusters) == pytest.approx(100.0)
    everyone_alone = [{i} for i in range(len(labels))]
    # The reference point "every mention alone" on the test split is 38.8.
    assert round(scorer.conll_f1(clusters, everyone_alone), 1) == 38.8

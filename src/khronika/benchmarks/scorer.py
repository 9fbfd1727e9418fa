"""Coreference metrics following the reference scorer (conll/reference-coreference-scorers v8.01).

Clusters are given as ``list[set[Hashable]]`` of mention ids. Every metric returns
``(recall, precision, f1)`` as fractions in [0, 1]; ``conll_f1`` is the mean of the MUC, B-cubed
and CEAF-e F1 scores times 100. Singletons count in B-cubed and CEAF-e (the mention-based CoNLL
key lists every mention); in MUC they contribute no links, as in the reference scorer.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Sequence

import numpy as np
from scipy.optimize import linear_sum_assignment

Clusters = Sequence[Iterable[Hashable]]
Score = tuple[float, float, float]


def _clean(clusters: Clusters) -> list[frozenset[Hashable]]:
    return [frozenset(c) for c in clusters if c]


def _f1(recall: float, precision: float) -> float:
    return 0.0 if recall + precision == 0 else 2 * recall * precision / (recall + precision)


def _cluster_of(clusters: list[frozenset[Hashable]]) -> dict[Hashable, int]:
    return {m: i for i, cluster in enumerate(clusters) for m in cluster}


def _muc_recall(key: list[frozenset[Hashable]], response: list[frozenset[Hashable]]) -> float:
    """Vilain et al.: sum(|K| - |p(K)|) / sum(|K| - 1); p(K) = K cut by the response clusters,
    a key mention missing from the response being a part on its own."""
    where = _cluster_of(response)
    numerator = denominator = 0
    for cluster in key:
        parts = {where.get(m, ("missing", m)) for m in cluster}
        numerator += len(cluster) - len(parts)
        denominator += len(cluster) - 1
    return numerator / denominator if denominator else 0.0


def muc(key: Clusters, response: Clusters) -> Score:
    k, r = _clean(key), _clean(response)
    recall, precision = _muc_recall(k, r), _muc_recall(r, k)
    return recall, precision, _f1(recall, precision)


def _b_cubed_recall(key: list[frozenset[Hashable]], response: list[frozenset[Hashable]]) -> float:
    """Per key mention m: |K(m) & R(m)| / |K(m)|, averaged over the key mentions."""
    total = sum(len(c) for c in key)
    if not total:
        return 0.0
    where = _cluster_of(response)
    score = 0.0
    for k in key:
        overlaps = Counter(where[m] for m in k if m in where)
        score += sum(n * n for n in overlaps.values()) / len(k)
    return score / total


def b_cubed(key: Clusters, response: Clusters) -> Score:
    k, r = _clean(key), _clean(response)
    recall, precision = _b_cubed_recall(k, r), _b_cubed_recall(r, k)
    return recall, precision, _f1(recall, precision)


def phi4(k: frozenset[Hashable], r: frozenset[Hashable]) -> float:
    """Entity similarity of CEAF-e: 2 |K & R| / (|K| + |R|)."""
    return 2 * len(k & r) / (len(k) + len(r))


def ceaf_e(key: Clusters, response: Clusters) -> Score:
    """Luo (2005), entity-based: the best one-to-one alignment of key and response clusters
    under phi4; recall divides its total by the number of key clusters, precision by the
    number of response clusters."""
    k, r = _clean(key), _clean(response)
    if not k or not r:
        return 0.0, 0.0, 0.0
    sim = np.zeros((len(k), len(r)))
    where = _cluster_of(r)
    for i, cluster in enumerate(k):
        for j in {where[m] for m in cluster if m in where}:
            sim[i, j] = phi4(cluster, r[j])
    rows, cols = linear_sum_assignment(sim, maximize=True)
    total = float(sim[rows, cols].sum())
    recall, precision = total / len(k), total / len(r)
    return recall, precision, _f1(recall, precision)


def conll_f1(key: Clusters, response: Clusters) -> float:
    """CoNLL F1: the mean of the MUC, B-cubed and CEAF-e F1 scores, times 100."""
    return 100 * (muc(key, response)[2] + b_cubed(key, response)[2] + ceaf_e(key, response)[2]) / 3


def all_scores(key: Clusters, response: Clusters) -> dict[str, Score | float]:
    """MUC, B-cubed, CEAF-e (recall, precision, f1) and CoNLL F1 in one dict."""
    k, r = _clean(key), _clean(response)
    scores: dict[str, Score | float] = {
        "muc": muc(k, r),
        "b_cubed": b_cubed(k, r),
        "ceaf_e": ceaf_e(k, r),
    }
    scores["conll_f1"] = 100 * sum(s[2] for s in scores.values() if isinstance(s, tuple)) / 3
    return scores

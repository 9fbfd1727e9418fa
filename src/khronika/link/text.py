"""Text similarity for linking: TF-IDF cosine over the words reports use about an incident.

Two reports about one incident share its specific words (names, places, objects, numbers);
reports about different incidents share mostly common words, which IDF discounts. The
document frequencies come from every stored report, kept up to date at ingest.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping

from ..domain.words import STOP_WORDS

_WORD = re.compile(r"[^\W_]{3,}|\d+")


def terms(texts: Iterable[str]) -> Counter[str]:
    """Content words (lowercased, no stop words) and numbers, with their counts."""
    found: Counter[str] = Counter()
    for text in texts:
        found.update(w for w in _WORD.findall(text.lower()) if w not in STOP_WORDS)
    return found


def tfidf_weight(count: int, df: int, documents: int) -> float:
    """The weight of a term seen ``count`` times, in ``df`` of ``documents`` reports: sublinear
    term frequency times smoothed IDF. The linker and the ECB+ model (:mod:`.coref`) share it."""
    return (1.0 + math.log(count)) * (math.log((documents + 1) / (df + 1)) + 1.0)


Vector = tuple[dict[str, float], float]  # TF-IDF weights of a bag of words, and their norm


def tfidf_vector(bag: Mapping[str, int], df: Mapping[str, int], documents: int) -> Vector:
    """The TF-IDF weights of a bag of words (:func:`tfidf_weight`, written out: this runs
    for every word of every report a report is compared with) and their Euclidean norm."""
    log, above = math.log, documents + 1
    weights = {t: (1.0 + log(c)) * (log(above / (df.get(t, 0) + 1)) + 1.0) for t, c in bag.items()}
    return weights, math.sqrt(sum(v * v for v in weights.values()))


def vector_cosine(a: Vector, b: Vector) -> float:
    """Cosine of two TF-IDF vectors (:func:`tfidf_vector`); 0 if either is empty."""
    (va, na), (vb, nb) = a, b
    if not va or not vb:
        return 0.0
    dot = sum(v * vb[t] for t, v in va.items() if t in vb)
    norm = na * nb
    return dot / norm if norm else 0.0


def cosine(
    a: Mapping[str, int], b: Mapping[str, int], df: Mapping[str, int], documents: int
) -> float:
    """Cosine of the TF-IDF vectors of two bags of words."""
    if not a or not b:
        return 0.0
    return vector_cosine(tfidf_vector(a, df, documents), tfidf_vector(b, df, documents))

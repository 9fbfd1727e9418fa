"""Cross-document event coreference: which mentions in which reports name the same event.

Two steps, both cheap and explainable:

1. **Reports about the same incident.** Documents are compared by TF-IDF over their content
   lemmas (cosine) and grouped by average-link agglomerative clustering with a similarity
   threshold. This is the same blocking khronika's linker needs: two reports that share few
   specific words (names, places, numbers) are rarely about the same incident.
2. **Mentions of the same event.** Inside one document cluster, event mentions are grouped by
   their head lemma, normalised so that nominal and verbal forms meet (``killing``/``kill``,
   ``death``/``die``, ``election``/``elect``).

Nothing here knows about any benchmark; callers pass document terms and mentions.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage

from .text import tfidf_weight

# Tuned on the ECB+ train and dev splits only (khronika.benchmarks.ecbplus, gold event
# mentions, IDF over the whole split). DOC_THRESHOLD: least average cosine similarity (TF-IDF
# over content lemmas) for two groups of reports to be merged; grid 0.05-0.3, best at 0.15 on
# both splits and both settings: CoNLL F1 74.2 on train, 74.8 on dev (same-lemma baseline
# within topic 71.3 / 71.6). CONTEXT_THRESHOLD: least average cosine similarity of sentence
# contexts for same-head mentions to stay together; 0.02 and 0.05 did not help (train 74.0 and
# 73.6), so 0.0: never split.
DOC_THRESHOLD = 0.15
CONTEXT_THRESHOLD = 0.0

# Nominal and verbal forms of common event words that no suffix rule derives.
HEAD_VARIANTS: dict[str, str] = {
    "death": "die",
    "dead": "die",
    "trial": "try",
    "marriage": "marry",
    "sale": "sell",
    "loss": "lose",
    "flight": "fly",
    "choice": "choose",
    "success": "succeed",
    "failure": "fail",
    "shot": "shoot",
    "birth": "bear",
    "arrival": "arrive",
    "departure": "depart",
    "approval": "approve",
    "refusal": "refuse",
    "removal": "remove",
    "denial": "deny",
    "proposal": "propose",
    "burial": "bury",
    "robbery": "rob",
    "theft": "steal",
    "sentence": "sentence",
    "resignation": "resign",
    "acquisition": "acquire",
    "bid": "bid",
    "quake": "earthquake",
    "gunfire": "fire",
    "blast": "explosion",
    "explode": "explosion",
}

# Derivational endings tried (in order) to reach a lemma seen elsewhere in the same batch:
# (suffix, replacement) pairs, e.g. "killing" -> "kill", "investigation" -> "investigate".
SUFFIXES: tuple[tuple[str, str], ...] = (
    ("ings", ""),
    ("ing", ""),
    ("ing", "e"),
    ("ation", "ate"),
    ("ation", "e"),
    ("ation", ""),
    ("ition", "ite"),
    ("ition", ""),
    ("ion", "e"),
    ("ion", ""),
    ("ment", ""),
    ("ure", ""),
    ("al", ""),
    ("al", "e"),
)


@dataclass(frozen=True)
class LinkMention:
    """An event mention to link: its id, document, head lemma and sentence context."""

    mention_id: Hashable
    doc_id: str
    lemma: str
    pos: str = ""
    context: tuple[str, ...] = field(default=())


# --- step 1: documents ---------------------------------------------------------------------


def tfidf(
    docs: Sequence[Sequence[str]], background: Sequence[Sequence[str]] | None = None
) -> np.ndarray:
    """L2-normalised TF-IDF rows (sublinear tf, smoothed idf) of tokenised documents; document
    frequencies come from ``background`` when given (e.g. every report in the store)."""
    vocabulary: dict[str, int] = {}
    counts = [Counter(doc) for doc in docs]
    for count in counts:
        for term in count:
            vocabulary.setdefault(term, len(vocabulary))
    matrix = np.zeros((len(docs), max(len(vocabulary), 1)))
    reference = docs if background is None else background
    df = Counter(term for doc in reference for term in set(doc))
    n = len(reference)
    for row, count in enumerate(counts):
        for term, tf in count.items():
            matrix[row, vocabulary[term]] = tfidf_weight(tf, df[term], n)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1, norms)


def average_link(vectors: np.ndarray, threshold: float) -> list[int]:
    """Cluster labels of L2-normalised rows: average-link, merged while the average cosine
    similarity between two groups is >= threshold."""
    if len(vectors) < 2:
        return [0] * len(vectors)
    similarity = np.clip(vectors @ vectors.T, 0.0, 1.0)
    distance = 1.0 - similarity[np.triu_indices(len(vectors), k=1)]
    tree = linkage(distance, method="average")
    return [int(x) for x in fcluster(tree, t=1.0 - threshold, criterion="distance")]


def cluster_documents(
    docs: Mapping[str, Sequence[str]],
    threshold: float = DOC_THRESHOLD,
    background: Sequence[Sequence[str]] | None = None,
) -> list[list[str]]:
    """Groups of document ids whose average pairwise cosine similarity is >= threshold."""
    ids = sorted(docs)
    labels = average_link(tfidf([docs[d] for d in ids], background), threshold)
    groups: dict[int, list[str]] = defaultdict(list)
    for doc_id, label in zip(ids, labels, strict=True):
        groups[label].append(doc_id)
    return list(groups.values())


# --- step 2: mentions ----------------------------------------------------------------------


def head_keys(lemmas: Iterable[str]) -> dict[str, str]:
    """Map each lemma to a shared key: the variant table first, then a derivational ending
    that leads to another lemma of the same batch (``killing`` -> ``kill`` only if ``kill``
    occurs too)."""
    seen = {lemma.lower() for lemma in lemmas}
    bases = seen | set(HEAD_VARIANTS.values())
    keys: dict[str, str] = {}
    for lemma in seen:
        keys[lemma] = _head_key(lemma, bases)
    return keys


def _head_key(lemma: str, bases: set[str]) -> str:
    if lemma in HEAD_VARIANTS:
        return HEAD_VARIANTS[lemma]
    for suffix, replacement in SUFFIXES:
        if lemma.endswith(suffix) and len(lemma) - len(suffix) >= 3:
            stem = lemma[: -len(suffix)]
            for candidate in (stem + replacement, _undouble(stem) + replacement):
                if candidate != lemma and candidate in bases:
                    return HEAD_VARIANTS.get(candidate, candidate)
    return lemma


def _undouble(stem: str) -> str:
    """``shopp`` -> ``shop``, ``stabb`` -> ``stab``."""
    return stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else stem


def cluster_mentions(
    mentions: Sequence[LinkMention],
    doc_groups: Sequence[Sequence[str]],
    context_threshold: float = CONTEXT_THRESHOLD,
) -> list[set[Hashable]]:
    """Mentions sharing a document group and a head key, split where their sentence contexts
    are less similar than ``context_threshold`` (average link; 0 never splits)."""
    group_of: dict[str, object] = {d: i for i, group in enumerate(doc_groups) for d in group}
    keys = head_keys(m.lemma for m in mentions)
    candidates: dict[tuple[object, str], list[int]] = defaultdict(list)
    for index, mention in enumerate(mentions):
        group = group_of.get(mention.doc_id, mention.doc_id)
        candidates[(group, keys[mention.lemma.lower()])].append(index)
    contexts = tfidf([m.context for m in mentions]) if context_threshold > 0 else None
    clusters: list[set[Hashable]] = []
    for members in candidates.values():
        labels = [0] * len(members)
        if contexts is not None:
            labels = average_link(contexts[members], context_threshold)
        split: dict[int, set[Hashable]] = defaultdict(set)
        for label, index in zip(labels, members, strict=True):
            split[label].add(mentions[index].mention_id)
        clusters.extend(split.values())
    return clusters


def link_mentions(
    docs: Mapping[str, Sequence[str]],
    mentions: Sequence[LinkMention],
    doc_threshold: float = DOC_THRESHOLD,
    context_threshold: float = CONTEXT_THRESHOLD,
    background: Sequence[Sequence[str]] | None = None,
) -> list[set[Hashable]]:
    """Cluster event mentions across documents: documents first, then head keys."""
    doc_groups = cluster_documents(docs, doc_threshold, background)
    return cluster_mentions(mentions, doc_groups, context_threshold)

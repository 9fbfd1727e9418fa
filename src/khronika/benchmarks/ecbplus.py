"""ECB+ cross-document event coreference with khronika's linking model.

Data: the Barhom et al. (2019) preprocessing of ECB+ in ``shared/benchmarks/ecbplus`` (gold event
mentions of the Cybulska & Vossen split, token-per-line corpus files, CoNLL key of the test split).

Mention ids are ``"doc_id/sent_id/first_token"`` (plus ``-last_token`` for multi-token mentions).
The CoNLL key names mentions only by their line; its lines follow the order in which Barhom et
al.'s ``write_mention_based_cd_clusters`` visits them (see :func:`key_order`), which is how key
lines are mapped back to mention ids.

Two settings: ``"topic"`` clusters each gold topic's mentions separately (documents are then
clustered inside the topic, which should separate its two similar events); ``"all"`` clusters
the whole split at once without using topic ids. Each reports the model, the same-head-lemma
baseline in the same setting, and every-mention-alone.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import khronika

from ..link.coref import LinkMention, link_mentions
from . import scorer

SPLITS = {"train": "Train", "dev": "Dev", "test": "Test"}
SETTINGS = ("topic", "all")
KEY_FILE = "gold_conll/CD_test_event_mention_based.key_conll"
CONTENT_POS = {"NOUN", "PROPN", "VERB", "ADJ", "NUM"}

Corpus = dict[str, dict[int, list[str]]]


@dataclass(frozen=True)
class Mention:
    """One gold event mention of ECB+."""

    doc_id: str
    sent_id: int
    tokens: tuple[int, ...]
    text: str
    chain: str

    @property
    def mention_id(self) -> str:
        last = f"-{self.tokens[-1]}" if len(self.tokens) > 1 else ""
        return f"{self.doc_id}/{self.sent_id}/{self.tokens[0]}{last}"

    @property
    def topic(self) -> str:
        return self.doc_id.split("_", 1)[0]

    @property
    def subtopic(self) -> str:
        """The gold sub-event: topic plus ``ecb`` or ``ecbplus``."""
        return f"{self.topic}_{'ecbplus' if self.doc_id.endswith('plus') else 'ecb'}"


def default_shared_dir() -> Path:
    """``$KHRONIKA_SHARED`` or the ``shared/`` folder beside the repository."""
    env = os.environ.get("KHRONIKA_SHARED")
    if env:
        return Path(env)
    # src/khronika/__init__.py -> parents[2] is the repository; shared/ is its sibling.
    return Path(khronika.__file__).resolve().parents[2].parent / "shared"


def data_dir(shared_dir: Path | None = None) -> Path:
    return (shared_dir or default_shared_dir()) / "benchmarks" / "ecbplus"


def _split_name(split: str) -> str:
    if split.lower() not in SPLITS:
        raise ValueError(f"unknown split {split!r}; expected one of {sorted(SPLITS)}")
    return SPLITS[split.lower()]


def load_mentions(split: str = "test", shared_dir: Path | None = None) -> list[Mention]:
    """The gold event mentions of a split, in file order."""
    name = _split_name(split)
    path = data_dir(shared_dir) / "cybulska_setup" / f"ECB_{name}_Event_gold_mentions.json"
    rows = json.loads(path.read_text(encoding="utf-8"))
    return [
        Mention(
            doc_id=row["doc_id"],
            sent_id=int(row["sent_id"]),
            tokens=tuple(int(t) for t in row["tokens_number"]),
            text=row["tokens_str"],
            chain=row["coref_chain"],
        )
        for row in rows
    ]


def load_corpus(split: str = "test", shared_dir: Path | None = None) -> Corpus:
    """Tokens of the annotated sentences: ``corpus[doc_id][sent_id][token_idx]``."""
    path = data_dir(shared_dir) / "cybulska_setup" / f"ECB_{_split_name(split)}_corpus.txt"
    corpus: Corpus = defaultdict(dict)
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 4:
                continue
            doc_id, sent_id, index, token = parts[0], int(parts[1]), int(parts[2]), parts[3]
            sentence = corpus[doc_id].setdefault(sent_id, [])
            if index != len(sentence):
                raise ValueError(f"{path}: token {index} of {doc_id}/{sent_id} out of order")
            sentence.append(token)
    return dict(corpus)


def gold_clusters(mentions: Iterable[Mention]) -> list[set[Hashable]]:
    """The gold clusters: mentions sharing a coref chain."""
    chains: dict[str, set[Hashable]] = defaultdict(set)
    for mention in mentions:
        chains[mention.chain].add(mention.mention_id)
    return list(chains.values())


def key_order(mentions: Iterable[Mention]) -> list[Mention]:
    """Mentions in the order of the CoNLL key's lines: ECB sub-topics (sorted), then ECB+ ones;
    documents sorted by id; sentences by number; inside a sentence by start token, last first."""
    by_subtopic: dict[str, list[Mention]] = defaultdict(list)
    for mention in mentions:
        by_subtopic[mention.subtopic].append(mention)
    plain = sorted(s for s in by_subtopic if not s.endswith("plus"))
    plus = sorted(s for s in by_subtopic if s.endswith("plus"))
    ordered: list[Mention] = []
    for subtopic in plain + plus:
        group = sorted(by_subtopic[subtopic], key=lambda m: (m.doc_id, m.sent_id))
        for _, sentence in _runs(group, key=lambda m: (m.doc_id, m.sent_id)):
            ordered.extend(sorted(sentence, key=lambda m: m.tokens[0], reverse=True))
    return ordered


def _runs(items: list[Mention], key: Any) -> list[tuple[Any, list[Mention]]]:
    runs: list[tuple[Any, list[Mention]]] = []
    for item in items:
        if runs and runs[-1][0] == key(item):
            runs[-1][1].append(item)
        else:
            runs.append((key(item), [item]))
    return runs


def read_key(path: Path) -> list[str]:
    """The cluster label of each mention line of a mention-based CoNLL key file."""
    labels = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        match = re.search(r"\((\d+)\)\s*$", line)
        if match is None:
            raise ValueError(f"{path}: not a single-token mention line: {line!r}")
        labels.append(match.group(1))
    return labels


def clusters_from_labels(ids: Sequence[Hashable], labels: Sequence[str]) -> list[set[Hashable]]:
    if len(ids) != len(labels):
        raise ValueError(f"{len(ids)} mentions but {len(labels)} key lines")
    clusters: dict[str, set[Hashable]] = defaultdict(set)
    for mention_id, label in zip(ids, labels, strict=True):
        clusters[label].add(mention_id)
    return list(clusters.values())


def key_clusters(
    mentions: Iterable[Mention], shared_dir: Path | None = None
) -> list[set[Hashable]]:
    """The test split's CoNLL key as clusters of mention ids."""
    labels = read_key(data_dir(shared_dir) / KEY_FILE)
    return clusters_from_labels([m.mention_id for m in key_order(mentions)], labels)


# --- linguistic annotation (spaCy over the given tokens) -------------------------------------


@dataclass(frozen=True)
class Annotated:
    """The parsed split: per mention its head lemma, part of speech and context; per document
    its content lemmas."""

    mentions: list[Mention]
    link_mentions: list[LinkMention]
    doc_terms: dict[str, list[str]]


def annotate(mentions: list[Mention], corpus: Corpus) -> Annotated:
    """Parse each annotated sentence once (spaCy, given tokenisation) and derive mention heads."""
    from spacy.tokens import Doc

    from ..extract import load_nlp

    nlp = load_nlp(gazetteer=False)
    keys = [(doc_id, sent_id) for doc_id, sents in corpus.items() for sent_id in sorted(sents)]
    docs = [Doc(nlp.vocab, words=corpus[d][s]) for d, s in keys]
    parsed = dict(zip(keys, nlp.pipe(docs, disable=["ner"], batch_size=256), strict=True))
    doc_terms: dict[str, list[str]] = defaultdict(list)
    for (doc_id, _), sentence in parsed.items():
        doc_terms[doc_id].extend(_content(sentence))
    linked = [_link_mention(m, parsed[(m.doc_id, m.sent_id)]) for m in mentions]
    return Annotated(mentions, linked, dict(doc_terms))


def _content(sentence: Any) -> list[str]:
    return [
        t.lemma_.lower()
        for t in sentence
        if t.pos_ in CONTENT_POS and not t.is_stop and any(c.isalnum() for c in t.text)
    ]


def _head(sentence: Any, tokens: tuple[int, ...]) -> Any:
    """The mention token whose syntactic head lies outside the mention (the last such)."""
    inside = set(tokens)
    heads = [
        sentence[i]
        for i in tokens
        if sentence[i].head.i not in inside or sentence[i].dep_ == "ROOT"
    ]
    return heads[-1] if heads else sentence[tokens[-1]]


def _link_mention(mention: Mention, sentence: Any) -> LinkMention:
    head = _head(sentence, mention.tokens)
    lemma = head.lemma_.lower() if head.lemma_ else head.text.lower()
    inside = set(mention.tokens)
    context = tuple(_content([t for t in sentence if t.i not in inside]))
    return LinkMention(
        mention_id=mention.mention_id,
        doc_id=mention.doc_id,
        lemma=lemma,
        pos=head.pos_,
        context=context,
    )


# --- systems -----------------------------------------------------------------------------------


def _groups(annotated: Annotated, setting: str) -> list[list[int]]:
    """Indices of the mentions clustered together: per gold topic, or the whole split."""
    if setting not in SETTINGS:
        raise ValueError(f"unknown setting {setting!r}; expected one of {SETTINGS}")
    if setting == "all":
        return [list(range(len(annotated.mentions)))]
    by_topic: dict[str, list[int]] = defaultdict(list)
    for i, mention in enumerate(annotated.mentions):
        by_topic[mention.topic].append(i)
    return [by_topic[t] for t in sorted(by_topic, key=int)]


def model_clusters(annotated: Annotated, setting: str, **params: float) -> list[set[Hashable]]:
    """khronika's linking model: documents by text similarity, then mentions by head lemma.

    Document frequencies for TF-IDF come from every document of the split (no labels), as the
    product takes them from every stored report, so one threshold serves both settings."""
    clusters: list[set[Hashable]] = []
    background = list(annotated.doc_terms.values())
    for group in _groups(annotated, setting):
        chosen = [annotated.link_mentions[i] for i in group]
        docs = {m.doc_id: annotated.doc_terms.get(m.doc_id, []) for m in chosen}
        clusters.extend(link_mentions(docs, chosen, background=background, **params))
    return clusters


def lemma_baseline(annotated: Annotated, setting: str) -> list[set[Hashable]]:
    """Same head lemma (spaCy's, no variants) within the setting's group."""
    clusters: list[set[Hashable]] = []
    for group in _groups(annotated, setting):
        by_lemma: dict[str, set[Hashable]] = defaultdict(set)
        for i in group:
            mention = annotated.link_mentions[i]
            by_lemma[mention.lemma].add(mention.mention_id)
        clusters.extend(by_lemma.values())
    return clusters


def singletons(annotated: Annotated) -> list[set[Hashable]]:
    return [{m.mention_id} for m in annotated.mentions]


def load_annotated(split: str = "test", shared_dir: Path | None = None) -> Annotated:
    return annotate(load_mentions(split, shared_dir), load_corpus(split, shared_dir))


def run(
    split: str = "test", setting: str = "topic", shared_dir: Path | None = None
) -> dict[str, Any]:
    """Cluster a split's gold event mentions and score the model and the two baselines.

    Returns ``{"split", "setting", "mentions", "gold_clusters", "seconds", "systems"}`` where
    ``systems`` maps ``"model"``, ``"same_lemma"`` and ``"singletons"`` to
    :func:`scorer.all_scores` dicts (MUC, B-cubed, CEAF-e as (recall, precision, f1); CoNLL F1).
    """
    start = time.perf_counter()
    annotated = load_annotated(split, shared_dir)
    gold = gold_clusters(annotated.mentions)
    systems = {
        "model": model_clusters(annotated, setting),
        "same_lemma": lemma_baseline(annotated, setting),
        "singletons": singletons(annotated),
    }
    return {
        "split": split,
        "setting": setting,
        "mentions": len(annotated.mentions),
        "gold_clusters": len(gold),
        "systems": {name: scorer.all_scores(gold, c) for name, c in systems.items()},
        "seconds": round(time.perf_counter() - start, 2),
    }


SYSTEM_NAMES = {
    "model": "khronika",
    "same_lemma": "same head lemma",
    "singletons": "every mention alone",
}
SETTING_NAMES = {"topic": "mentions within each topic", "all": "whole split at once"}


def render(result: dict[str, Any]) -> str:
    """The model's MUC, B-cubed, CEAF-e and ``CoNLL F1: NN.N``, then the baselines."""
    setting = result["setting"]
    lines = [
        f"ECB+ {result['split']} split, event mentions, {SETTING_NAMES.get(setting, setting)} "
        f"({result['mentions']} mentions, {result['gold_clusters']} gold clusters)",
    ]
    model = result["systems"]["model"]
    for metric, label in (("muc", "MUC"), ("b_cubed", "B-cubed"), ("ceaf_e", "CEAF-e")):
        recall, precision, f1 = model[metric]
        lines.append(
            f"{label:<8} R {100 * recall:5.1f}  P {100 * precision:5.1f}  F1 {100 * f1:5.1f}"
        )
    lines.append(f"CoNLL F1: {model['conll_f1']:.1f}")
    lines.append("Baselines (same setting), CoNLL F1:")
    for name in ("same_lemma", "singletons"):
        lines.append(f"  {SYSTEM_NAMES[name]:<20} {result['systems'][name]['conll_f1']:5.1f}")
    lines.append(f"({result['seconds']:.1f} s)")
    return "\n".join(lines)

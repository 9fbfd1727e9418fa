"""ECB+ loaders, the key-file mapping, the linking model's parts and the test-split run."""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable
from pathlib import Path

import pytest

from khronika.benchmarks import ecbplus, scorer
from khronika.benchmarks.ecbplus import default_shared_dir
from khronika.link.coref import LinkMention, cluster_documents, head_keys, link_mentions

# $KHRONIKA_SHARED or the repository's sibling folder shared/ (read by path, never copied).
SHARED = default_shared_dir()
DATA = SHARED / "benchmarks" / "ecbplus"


def _as_lists(clusters: Iterable[Iterable[Hashable]]) -> list[list[str]]:
    return sorted(sorted(str(m) for m in cluster) for cluster in clusters)


@pytest.fixture(scope="module")
def shared() -> Path:
    if not (DATA / "cybulska_setup").is_dir():
        pytest.fail(f"ECB+ data not available in {DATA} (shared/ beside the clone)")
    return SHARED


def test_default_shared_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("KHRONIKA_SHARED", raising=False)
    assert ecbplus.default_shared_dir().name == "shared"
    monkeypatch.setenv("KHRONIKA_SHARED", str(tmp_path))
    assert ecbplus.default_shared_dir() == tmp_path


def test_loaders(shared: Path) -> None:
    mentions = ecbplus.load_mentions("test", shared)
    corpus = ecbplus.load_corpus("test", shared)
    assert len(mentions) == 1780
    assert len(corpus) == 206
    assert len({m.mention_id for m in mentions}) == 1780
    for mention in mentions[:200]:
        words = [corpus[mention.doc_id][mention.sent_id][i] for i in mention.tokens]
        assert " ".join(words) == mention.text
    assert mentions[0].mention_id == "36_1ecb/1/12"
    assert mentions[0].subtopic == "36_ecb"


def test_gold_clusters_reproduce_the_key(shared: Path) -> None:
    mentions = ecbplus.load_mentions("test", shared)
    gold = ecbplus.gold_clusters(mentions)
    key = ecbplus.key_clusters(mentions, shared)
    assert len(gold) == len(key) == 805
    assert scorer.conll_f1(key, gold) == pytest.approx(100.0)
    assert _as_lists(gold) == _as_lists(key)


def test_unknown_split_or_setting() -> None:
    with pytest.raises(ValueError, match="unknown split 'validation'"):
        ecbplus.load_mentions("validation")


def test_head_keys_join_nominal_and_verbal_forms() -> None:
    keys = head_keys(
        ["kill", "killing", "death", "die", "bombing", "investigation", "investigate", "ceiling"]
    )
    assert keys["killing"] == keys["kill"] == "kill"
    assert keys["death"] == keys["die"]
    assert keys["investigation"] == "investigate"
    assert keys["bombing"] == "bombing"  # "bomb" is not in the batch
    assert keys["ceiling"] == "ceiling"  # "ceil" is not in the batch


def test_documents_then_heads() -> None:
    docs = {
        "a1": ["earthquake", "chile", "santiago", "magnitude", "8.8"],
        "a2": ["quake", "chile", "santiago", "tsunami", "8.8"],
        "b1": ["election", "ghana", "accra", "vote", "president"],
        "b2": ["election", "ghana", "accra", "ballot"],
    }
    assert sorted(map(sorted, cluster_documents(docs, 0.15))) == [["a1", "a2"], ["b1", "b2"]]
    mentions = [
        LinkMention("m1", "a1", "earthquake"),
        LinkMention("m2", "a2", "quake"),
        LinkMention("m3", "b1", "election"),
        LinkMention("m4", "b2", "elect"),
        LinkMention("m5", "b2", "earthquake"),
    ]
    clusters = _as_lists(link_mentions(docs, mentions))
    assert clusters == [["m1", "m2"], ["m3", "m4"], ["m5"]]


@pytest.mark.parametrize("setting", ["topic", "all"])
def test_test_split_beats_the_same_lemma_baseline(shared: Path, setting: str) -> None:
    result = ecbplus.run("test", setting, shared)
    text = ecbplus.render(result)
    line = re.search(r"^CoNLL F1: (\d+\.\d)$", text, re.MULTILINE)
    assert line is not None, text
    systems = result["systems"]
    assert float(line.group(1)) == round(systems["model"]["conll_f1"], 1)
    assert systems["model"]["conll_f1"] > systems["same_lemma"]["conll_f1"]
    assert round(systems["singletons"]["conll_f1"], 1) == 38.8
    assert result["mentions"] == 1780
    assert result["gold_clusters"] == 805

"""Train the document-level link model on the training parts of evaluation sets.

    python -m khronika.link.training --set ../shared/benchmarks/hrdev --set ../shared/benchmarks/gva

Each set's reports are extracted (the same pipeline as ingest) and profiled; only the reports
of training-part incidents are used (the split is by incident, :func:`is_check_incident`).
Reports arrive in the set's order; each is paired with every incident its earlier reports form
(labelled by the gold), giving the examples of a logistic regression (Newton's method with an
L2 penalty; no other dependency). The threshold is then chosen by replaying the incremental
linking on the training reports and keeping the best mean B-cubed F1 over the sets. The model
is written as JSON (weights, threshold, what it was trained on): data, not code.
"""

from __future__ import annotations

import argparse
import pickle
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..benchmarks.sets import EvalSet, load_set
from .pairwise import FEATURES, MODEL_FILE, LinkModel, add_relative, features
from .profile import ReportProfile

L2 = 1.0
# What monitors never link, whatever the words say: reports of incompatible event types, and
# two different day dates when neither report names the other's day.
NEVER = ("type_conflict", "day_conflict", "years_apart")
THRESHOLDS = tuple(round(0.05 * i, 2) for i in range(2, 19))


@dataclass(frozen=True)
class Example:
    profile: ReportProfile
    incident: str  # the gold incident


def profiles_of(eval_set: EvalSet, languages: set[str] | None = None) -> list[ReportProfile]:
    """Extract and profile every report of a set, in the set's order."""
    from ..domain.gazetteer import Gazetteer
    from ..model import Report
    from ..pipeline import Pipeline
    from . import DocumentGrouper
    from .documents import primary_group
    from .profile import build_profile

    pipeline, grouper = Pipeline(), DocumentGrouper(Gazetteer.default())
    found = []
    for doc in eval_set.documents:
        if languages and (doc.language or "en") not in languages:
            continue
        incoming = doc.incoming()
        report = Report(incoming.meta, "", incoming.text, incoming.media_type)
        extraction = pipeline(report)
        groups = grouper(list(extraction.events))
        main = primary_group(groups)
        primary = groups[main] if main is not None else None
        found.append(build_profile(incoming.meta, incoming.text, extraction, primary))
    return found


def examples_of(eval_set: EvalSet, profiles: Sequence[ReportProfile], part: str) -> list[Example]:
    gold = {d: g["incident_id"] for g in eval_set.gold for d in g["doc_ids"]}
    check = eval_set.check_incidents()
    wanted = [p for p in profiles if p.doc_id in gold]
    return [
        Example(p, gold[p.doc_id]) for p in wanted if (gold[p.doc_id] in check) == (part == "check")
    ]


class _DocumentFrequencies:
    """Document frequencies as the store keeps them: every report seen so far."""

    def __init__(self) -> None:
        self.df: dict[str, int] = {}
        self.documents = 0

    def add(self, profile: ReportProfile) -> None:
        self.documents += 1
        for word in profile.words:
            self.df[word] = self.df.get(word, 0) + 1


def pairs(examples: Sequence[Example]) -> tuple[np.ndarray, np.ndarray]:
    """Feature rows (report vs each earlier gold incident) and their labels."""
    rows: list[list[float]] = []
    labels: list[float] = []
    clusters: dict[str, list[ReportProfile]] = {}
    frequencies = _DocumentFrequencies()
    for example in examples:
        frequencies.add(example.profile)
        candidates = [
            (incident, features(example.profile, members, frequencies.df, frequencies.documents))
            for incident, members in clusters.items()
        ]
        add_relative([values for _, values in candidates])
        for incident, values in candidates:
            rows.append([values[name] for name in FEATURES])
            labels.append(float(incident == example.incident))
        clusters.setdefault(example.incident, []).append(example.profile)
    return np.array(rows, dtype=float), np.array(labels, dtype=float)


def fit(
    x: np.ndarray,
    y: np.ndarray,
    l2: float = L2,
    steps: int = 50,
    weights: np.ndarray | None = None,
) -> np.ndarray:
    """Logistic regression by Newton's method, each example weighted (``weights``, default
    1); the bias (column 0) is not penalised."""
    s = np.ones(len(y)) if weights is None else weights
    w = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], l2)
    penalty[0] = 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -30, 30)))
        gradient = x.T @ (s * (p - y)) + penalty * w
        hessian = (x * (s * p * (1 - p))[:, None]).T @ x + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.max(np.abs(step)) < 1e-6:
            break
    return w


def replay(model: LinkModel, examples: Sequence[Example]) -> dict[str, str]:
    """Link the reports one by one as ingest does; returns report -> predicted cluster."""
    clusters: dict[str, list[ReportProfile]] = {}
    predicted: dict[str, str] = {}
    frequencies = _DocumentFrequencies()
    for example in examples:
        profile = example.profile
        frequencies.add(profile)
        best: tuple[float, str] | None = None
        candidates = [
            (cluster, features(profile, members, frequencies.df, frequencies.documents))
            for cluster, members in clusters.items()
        ]
        add_relative([values for _, values in candidates])
        for cluster, values in candidates:
            p = model.probability(values)
            if best is None or p > best[0]:
                best = (p, cluster)
        cluster = best[1] if best and best[0] >= model.threshold else f"c{len(clusters)}"
        clusters.setdefault(cluster, []).append(profile)
        predicted[profile.doc_id] = cluster
    return predicted


def bcubed_f1(predicted: dict[str, str], gold: dict[str, str]) -> float:
    docs = [d for d in gold if d in predicted]
    if not docs:
        return 0.0
    p = r = 0.0
    for d in docs:
        same_p = {e for e in docs if predicted[e] == predicted[d]}
        same_g = {e for e in docs if gold[e] == gold[d]}
        p += len(same_p & same_g) / len(same_p)
        r += len(same_p & same_g) / len(same_g)
    p, r = p / len(docs), r / len(docs)
    return 2 * p * r / (p + r) if p + r else 0.0


def train(named: dict[str, list[Example]], never: tuple[str, ...] = ()) -> LinkModel:
    blocks = [pairs(examples) for examples in named.values()]
    x = np.vstack([b[0] for b in blocks])
    y = np.concatenate([b[1] for b in blocks])
    w = fit(x, y)
    weights = {name: round(float(v), 4) for name, v in zip(FEATURES, w, strict=True)}
    trained_on = ", ".join(f"{k} ({len(v)} reports)" for k, v in named.items())
    best: tuple[float, float] | None = None
    for threshold in THRESHOLDS:
        model = LinkModel(weights, threshold, trained_on, never)
        scores = []
        for examples in named.values():
            gold = {e.profile.doc_id: e.incident for e in examples}
            scores.append(bcubed_f1(replay(model, examples), gold))
        mean = sum(scores) / len(scores)
        if best is None or mean > best[0]:
            best = (mean, threshold)
    assert best is not None
    return LinkModel(weights, best[1], trained_on + f"; training B3 F1 {best[0]:.3f}", never)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", dest="sets", type=Path, action="append", required=True)
    parser.add_argument(
        "--language", default="en", help="reports in this language only; 'all': every language"
    )
    parser.add_argument("--cache", type=Path, help="a folder to keep extracted profiles in")
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name(MODEL_FILE))
    parser.add_argument(
        "--never",
        default=",".join(NEVER),
        help="features that rule a link out when set (comma-separated)",
    )
    args = parser.parse_args(argv)
    named: dict[str, list[Example]] = {}
    for folder in args.sets:
        eval_set = load_set(folder)
        languages = None if args.language == "all" else {args.language}
        profiles = _cached(args.cache, eval_set, languages)
        named[eval_set.name] = examples_of(eval_set, profiles, "train")
    model = train(named, tuple(n for n in args.never.split(",") if n))
    args.out.write_text(model.to_json(), encoding="utf-8")
    print(model.to_json())


def _cached(
    cache: Path | None, eval_set: EvalSet, languages: set[str] | None
) -> list[ReportProfile]:
    if cache is None:
        return profiles_of(eval_set, languages)
    tag = "-".join(sorted(languages)) if languages else "all"
    path = cache / f"{eval_set.name}-{tag}-profiles.pickle"
    if path.exists():
        loaded: list[ReportProfile] = pickle.loads(path.read_bytes())
        return loaded
    profiles = profiles_of(eval_set, languages)
    cache.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(profiles))
    return profiles


if __name__ == "__main__":
    main()

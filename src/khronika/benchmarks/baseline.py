"""The plain baseline the linker must beat: TF-IDF cosine of whole reports, clustered by average
link within a date window.

Each report's title and text become one TF-IDF vector (sublinear term frequency, smoothed IDF
over the reports clustered, :func:`khronika.link.text.tfidf_weight`). Clusters are merged
greedily by the highest average cosine between their reports, never across two reports whose
publication dates are more than ``window_days`` apart (an unknown date joins freely), until the
best average falls below the threshold. The merge heights never rise, so one run gives the
clustering at every threshold: :func:`tune_threshold` picks the best on training reports.

The result is an export-shaped dict (documents with a primary incident, incidents with their
documents) that the set scorers of :mod:`.set_scoring` read like a khronika export.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix

from khronika.benchmarks.set_scoring import b3_f1
from khronika.errors import EvalError
from khronika.link.text import terms, tfidf_weight

DEFAULT_WINDOW_DAYS = 30  # of 3, 7, 14, 30: best on hrdev and gva (bench/baseline_sets.py)
DEFAULT_GRID = tuple(round(0.02 + 0.01 * n, 2) for n in range(79))  # 0.02 ... 0.80


@dataclass(frozen=True)
class Record:
    """One report as the baseline sees it."""

    doc_id: str
    text: str
    published: dt.date | None = None


@dataclass(frozen=True)
class Merge:
    """Cluster ``b`` joined cluster ``a`` (ids are their first report's index) at this
    average cosine."""

    a: int
    b: int
    height: float


def tfidf_vectors(records: Sequence[Record]) -> csr_matrix:
    """Rows of unit length, one per record, over the records' own vocabulary."""
    bags = [terms([r.text]) for r in records]
    df: dict[str, int] = {}
    for bag in bags:
        for term in bag:
            df[term] = df.get(term, 0) + 1
    column = {term: n for n, term in enumerate(df)}
    rows, cols, values = [], [], []
    for row, bag in enumerate(bags):
        weights = {t: tfidf_weight(c, df[t], len(records)) for t, c in bag.items()}
        norm = float(np.sqrt(sum(w * w for w in weights.values()))) or 1.0
        for term, weight in weights.items():
            rows.append(row)
            cols.append(column[term])
            values.append(weight / norm)
    return csr_matrix((values, (rows, cols)), shape=(len(records), max(len(column), 1)))


def never_join(records: Sequence[Record], window_days: int) -> np.ndarray:
    """True where two reports' publication dates are more than ``window_days`` apart."""
    days = np.array([r.published.toordinal() if r.published else 0 for r in records], dtype=float)
    known = np.array([r.published is not None for r in records])
    gap = np.abs(days[:, None] - days[None, :])
    apart: np.ndarray = (gap > window_days) & known[:, None] & known[None, :]
    return apart


def dendrogram(records: Sequence[Record], window_days: int = DEFAULT_WINDOW_DAYS) -> list[Merge]:
    """Every average-link merge with a positive height, in the order made (heights falling)."""
    n = len(records)
    if n < 2:
        return []
    vectors = tfidf_vectors(records)
    sums = (vectors @ vectors.T).toarray()
    blocked = never_join(records, window_days)
    np.fill_diagonal(blocked, True)
    sizes = np.ones(n)
    average = np.where(blocked, -np.inf, sums)
    merges: list[Merge] = []
    while True:
        a, b = divmod(int(np.argmax(average)), n)
        if average[a, b] <= 0.0:
            return merges
        a, b = min(a, b), max(a, b)
        merges.append(Merge(a, b, float(average[a, b])))
        _join(a, b, sums, sizes, blocked, average)


def _join(
    a: int, b: int, sums: np.ndarray, sizes: np.ndarray, blocked: np.ndarray, average: np.ndarray
) -> None:
    """Fold cluster b into a: summed cosines and blocks add up; b leaves the table."""
    sums[a] += sums[b]
    sums[:, a] = sums[a]
    sizes[a] += sizes[b]
    sizes[b] = 0
    blocked[a] |= blocked[b]
    blocked[:, a] = blocked[a]
    blocked[b, :] = blocked[:, b] = True
    row = np.where(blocked[a], -np.inf, sums[a] / np.maximum(sizes[a] * sizes, 1.0))
    average[a], average[:, a] = row, row
    average[b, :] = average[:, b] = -np.inf


def labels_at(n: int, merges: Iterable[Merge], threshold: float) -> list[int]:
    """Each report's cluster (its first report's index) after the merges at or above the
    threshold."""
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for merge in merges:
        if merge.height < threshold:
            break
        parent[root(merge.b)] = root(merge.a)
    return [root(i) for i in range(n)]


def cluster(
    records: Sequence[Record], threshold: float, window_days: int = DEFAULT_WINDOW_DAYS
) -> list[list[str]]:
    """The reports' doc ids grouped, groups in the order of their first report."""
    labels = labels_at(len(records), dendrogram(records, window_days), threshold)
    groups: dict[int, list[str]] = {}
    for record, label in zip(records, labels, strict=True):
        groups.setdefault(label, []).append(record.doc_id)
    return list(groups.values())


def as_export(groups: Sequence[Sequence[str]], prefix: str = "baseline") -> dict[str, Any]:
    """An export-shaped dict: one incident per group, primary for each of its reports."""
    documents, incidents = [], []
    for n, doc_ids in enumerate(groups, 1):
        incident_id = f"{prefix}-{n:04d}"
        incidents.append({"incident_id": incident_id, "doc_ids": list(doc_ids)})
        documents += [
            {"doc_id": d, "primary_incident": incident_id, "copy_of": None} for d in doc_ids
        ]
    return {"documents": documents, "incidents": incidents, "actors": []}


def baseline_export(
    records: Sequence[Record], threshold: float, window_days: int = DEFAULT_WINDOW_DAYS
) -> dict[str, Any]:
    return as_export(cluster(records, threshold, window_days))


def tune_threshold(
    records: Sequence[Record],
    gold: list[dict[str, Any]],
    window_days: int = DEFAULT_WINDOW_DAYS,
    grid: Iterable[float] = DEFAULT_GRID,
) -> tuple[float, float]:
    """(threshold, B³ F1): the grid threshold with the best B³ F1 of the records against the
    gold incidents; among equal F1s the middle one of the best."""
    merges = dendrogram(records, window_days)
    scored = []
    for threshold in grid:
        labels = labels_at(len(records), merges, threshold)
        clusters = {r.doc_id: label for r, label in zip(records, labels, strict=True)}
        scored.append((b3_f1(clusters, gold), threshold))
    if not scored:
        raise ValueError("tune_threshold needs at least one threshold in the grid")
    best = max(f for f, _ in scored)
    ties = [t for f, t in scored if f == best]
    return ties[len(ties) // 2], best


def load_records(set_dir: Path | str, languages: Iterable[str] | None = None) -> list[Record]:
    """The reports of a development set folder (``docs.jsonl`` with ``text``, or with the texts
    in ``docs/<doc_id>.txt``), title first; only the given languages when named."""
    set_dir = Path(set_dir)
    wanted = set(languages) if languages is not None else None
    manifest = set_dir / "docs.jsonl"
    try:
        lines = manifest.read_text(encoding="utf-8").split("\n")
    except OSError as exc:
        raise EvalError(f"{manifest}: cannot read the set's documents ({exc}).") from exc
    records = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        meta = _meta(manifest, number, line)
        if wanted is None or meta.get("language") in wanted:
            records.append(_record(set_dir, manifest, number, meta))
    return records


def _meta(manifest: Path, number: int, line: str) -> dict[str, Any]:
    try:
        meta = json.loads(line)
    except json.JSONDecodeError as exc:
        raise EvalError(f"{manifest}, line {number}: not valid JSON ({exc.msg}).") from exc
    if not isinstance(meta, dict) or not meta.get("doc_id"):
        raise EvalError(f"{manifest}, line {number}: a document needs a doc_id.")
    return meta


def _record(set_dir: Path, manifest: Path, number: int, meta: dict[str, Any]) -> Record:
    text = meta.get("text")
    if not isinstance(text, str):
        path = set_dir / "docs" / f"{meta['doc_id']}.txt"
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise EvalError(f"{manifest}, line {number}: cannot read {path} ({exc}).") from exc
    title = meta.get("title")
    full = f"{title}\n\n{text}" if isinstance(title, str) and title else text
    return Record(meta["doc_id"], full, _published(manifest, number, meta.get("published")))


def _published(manifest: Path, number: int, value: object) -> dt.date | None:
    """A day; a month or a year alone (``2017-10``) is as good as unknown for a window in days."""
    if value is None or re.fullmatch(r"\d{4}(-\d{2})?", str(value).strip()):
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError as exc:
        raise EvalError(
            f"{manifest}, line {number}: published {value!r} is not a date (YYYY-MM-DD)."
        ) from exc

"""B³ F1 of the TF-IDF + date-window baseline on the development sets, by window.

For each set and window: the threshold tuned on the whole set and its F1; the threshold tuned on
the training part (split_incidents) and the check part's F1 with it, the check reports
clustered alone ("alone") and all reports clustered together, scored on the check part ("all").
F1s are the shared scorers' (rounded as they round).

    PYTHONPATH=src .venv/bin/python bench/baseline_sets.py [--windows 3 7 14 30]
"""

from __future__ import annotations

import argparse
import time
from typing import Any

from khronika.benchmarks import baseline as bl
from khronika.benchmarks import set_scoring as ss
from khronika.benchmarks.ecbplus import default_shared_dir


def _f1(kind: str, export: dict[str, Any], gold: list[dict[str, Any]], docs: set[str]) -> float:
    if kind == "gva":
        return float(ss.score_gva(export, gold, docs)["bcubed"]["f1"])
    return float(ss.score_hrdev(export, gold, docs)["b3_f1"])


def measure(
    kind: str, records: list[bl.Record], gold: list[dict[str, Any]], window: int
) -> dict[str, Any]:
    train_ids, check_ids = ss.split_incidents(g["incident_id"] for g in gold)  # the whole set
    ids = {r.doc_id for r in records}
    gold = [g for g in gold if ids & set(g["doc_ids"])]
    train_ids = [i for i in train_ids if ids & ss.part_doc_ids(gold, [i])]
    check_ids = [i for i in check_ids if ids & ss.part_doc_ids(gold, [i])]
    train_docs = ss.part_doc_ids(gold, train_ids) & ids
    check_docs = ss.part_doc_ids(gold, check_ids) & ids
    whole_t, _ = bl.tune_threshold(records, gold, window)
    whole = _f1(kind, bl.baseline_export(records, whole_t, window), gold, ids)
    train = [r for r in records if r.doc_id in train_docs]
    check = [r for r in records if r.doc_id in check_docs]
    t, train_f1 = bl.tune_threshold(train, gold, window)
    alone = _f1(kind, bl.baseline_export(check, t, window), gold, check_docs)
    together = _f1(kind, bl.baseline_export(records, t, window), gold, check_docs)
    return {
        "whole": (whole_t, whole),
        "train": (t, round(train_f1, 3)),
        "check alone": alone,
        "check all": together,
        "parts": (len(train_ids), len(train_docs), len(check_ids), len(check_docs)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--windows", type=int, nargs="+", default=[3, 7, 14, 30])
    args = parser.parse_args()
    bench = default_shared_dir() / "benchmarks"
    hrdev_gold, gva_gold = (
        ss.load_gold(bench / "hrdev" / "gold.jsonl"),
        ss.load_gold(bench / "gva" / "gold.jsonl"),
    )
    sets = [
        ("hrdev English", "hrdev", bl.load_records(bench / "hrdev", ["en"]), hrdev_gold),
        ("hrdev all", "hrdev", bl.load_records(bench / "hrdev"), hrdev_gold),
        ("gva", "gva", bl.load_records(bench / "gva"), gva_gold),
    ]
    for name, kind, records, gold in sets:
        for window in args.windows:
            start = time.perf_counter()
            result = measure(kind, records, gold, window)
            took = time.perf_counter() - start
            print(f"{name:14} window {window:2d} d: {result}  ({took:.1f} s)", flush=True)


if __name__ == "__main__":
    main()

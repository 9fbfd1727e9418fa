"""Scale: a record of many reports, on SQLite and on PostgreSQL.

The reports are synthesised from the 72 real English reports of ../shared/benchmarks/hrdev,
each read once by the real pipeline. Report k is base report k mod 72 with

- its people's names replaced by invented names of the same length (in the text and in the
  extraction, so every span still points at its words),
- every year shifted by the same random number of years (-6..+6, ``--shifts``; dates in the
  extraction and the publication date too): its incidents fall in other blocking windows,
- a tail of sentences drawn from all 108 reports (twice its length), so variants of one
  base are not near-copies of each other (MinHash Jaccard about 0.3, under the 0.8 of a copy).

Each synthetic report then goes through everything after extraction, as ``ingest`` does it:
store, near-copy lookup, actor resolution, blocking, linking, corroboration, the chain, one
transaction per report. Printed: the median time to add one report at each store size (the
last ``--probe`` reports before it), their ratio, list and search answer times (median and
p95) at the largest size, the size of the store, and this process's peak memory. With
``--speedup N`` it also ingests N real reports (real extraction) with 1 and 2 Dask workers
(models loaded first) and prints the speed-up. With ``--bulk`` all but the timed reports are
stored without linking: ``--seeds`` of them by :func:`bulk_fill`, the rest as their copies by
:func:`copy_fill` (Store.copy_reports), so 100,000 reports are stored in about half an hour.

    .venv/bin/python bench/scale.py --sizes 1000 10000 --backend both [--speedup 48]
    .venv/bin/python bench/scale.py --bulk --sizes 10000 100000 --backend sqlite --keep S.db
    .venv/bin/python bench/scale.py --bulk --sizes 10000 100000 --backend postgresql --pg-url URL
    .venv/bin/python bench/scale.py --interleave S10.db S100.db   # the same reports, in turns
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import hashlib
import json
import os
import pickle
import random
import re
import resource
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
HRDEV = ROOT.parent / "shared" / "benchmarks" / "hrdev"
YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
VOWELS, CONSONANTS = "aeiou", "bdfgklmnprstvz"


def bases() -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in (HRDEV / "docs.jsonl").read_text().splitlines()]
    for row in rows:
        row["text"] = (HRDEV / "docs" / f"{row['doc_id']}.txt").read_text(encoding="utf-8")
    return rows


def extract_bases(record: Any, rows: list[dict[str, Any]]) -> list[tuple[Any, Any]]:
    """(meta, extraction) of every English base report, read by the real pipeline."""
    from khronika.model import Report, ReportMeta

    found = []
    for row in rows:
        if row.get("language") != "en":
            continue
        published = dt.date.fromisoformat(row["published"]) if row.get("published") else None
        meta = ReportMeta(row["doc_id"], row.get("url"), row.get("publisher"), published,
                          row.get("title"), "en")  # fmt: skip
        report = Report(meta, "x", row["text"], "text/plain")
        found.append((meta, record.pipeline(report)))
    return found


def _walk(value: Any, text: Any, date: Any) -> Any:
    """``value`` with every string mapped by ``text`` and every date by ``date``."""
    if isinstance(value, str):
        return text(value)
    if isinstance(value, dt.date):
        return date(value)
    if isinstance(value, tuple):
        return tuple(_walk(v, text, date) for v in value)
    if isinstance(value, list):
        return [_walk(v, text, date) for v in value]
    if isinstance(value, dict):
        return {_walk(k, text, date): _walk(v, text, date) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            f.name: _walk(getattr(value, f.name), text, date) for f in dataclasses.fields(value)
        }
        return dataclasses.replace(value, **changes)
    return value


def _invented(word: str, rng: random.Random) -> str:
    letters = [rng.choice(CONSONANTS if i % 2 == 0 else VOWELS) for i in range(len(word))]
    return "".join(letters).capitalize()


class Synthesiser:
    def __init__(
        self,
        extracted: list[tuple[Any, Any]],
        rows: list[dict[str, Any]],
        seed: int,
        shifts: int = 6,
    ) -> None:
        self.extracted = extracted
        self.shifts = shifts  # years are shifted by -shifts..+shifts
        self.texts = {r["doc_id"]: r["text"] for r in rows}
        self.sentences = [
            s for r in rows for s in re.split(r"(?<=[.!?])\s+", r["text"]) if len(s) > 40
        ]
        self.rng = random.Random(seed)

    def report(self, k: int) -> tuple[Any, Any]:
        """The k-th synthetic report: (IncomingReport, its extraction)."""
        from khronika.model import IncomingReport

        rng = self.rng
        meta, extraction = self.extracted[k % len(self.extracted)]
        base_id, doc_id = meta.doc_id, f"s{k:06d}"
        shift = rng.randint(-self.shifts, self.shifts)
        words = {w for span in extraction.people for w in re.findall(r"[A-Z][a-z]{3,}", span.quote)}
        names = {w: _invented(w, rng) for w in sorted(words)}
        pattern = re.compile(r"\b(" + "|".join(map(re.escape, names)) + r")\b") if names else None

        def text(value: str) -> str:
            if value == base_id:
                return doc_id
            if value.startswith(base_id + "#"):
                value = doc_id + value[len(base_id) :]
            value = YEAR.sub(lambda m: str(int(m.group(1)) + shift), value)
            return pattern.sub(lambda m: names[m.group(1)], value) if pattern else value

        def date(value: dt.date) -> dt.date:
            day = 28 if (value.month, value.day) == (2, 29) else value.day
            return value.replace(year=value.year + shift, day=day)

        body = text(self.texts[base_id])
        tail = []
        while sum(map(len, tail)) < 2 * len(body):
            tail.append(rng.choice(self.sentences))
        full = body + "\n\n" + " ".join(tail)
        published = (
            date(meta.published)
            if meta.published
            else dt.date(2008 + k % 14, 1 + k % 12, 1 + k % 28)
        )
        new_meta = dataclasses.replace(meta, doc_id=doc_id, published=published,
                                       title=text(meta.title) if meta.title else None)  # fmt: skip
        incoming = IncomingReport(
            new_meta, full.encode("utf-8"), full, "text/plain", f"synthetic:{k}"
        )
        return incoming, _walk(extraction, text, date)


def fill(record: Any, synth: Synthesiser, start: int, stop: int, timed: int) -> list[float]:
    """Add reports start..stop-1; the seconds each of the last ``timed`` took."""
    from khronika.service import IngestResult

    times: list[float] = []
    result = IngestResult()
    for k in range(start, stop):
        incoming, extraction = synth.report(k)
        sha = hashlib.sha256(incoming.raw).hexdigest()
        began = time.perf_counter()
        record._store_extracted(incoming, sha, extraction, result)
        if k >= stop - timed:
            times.append(time.perf_counter() - began)
        if (k + 1) % 1000 == 0:
            print(f"  {k + 1} reports stored", file=sys.stderr, flush=True)
    assert not result.errors, result.errors[:3]
    return times


class _Unlinked:
    """The linkers' comparisons left out (a bulk fill): every report starts its own
    incidents, as the first report of an event does."""

    def __init__(self, *args: Any) -> None:
        pass

    def __call__(self, *args: Any, **kwargs: Any) -> tuple[None, str]:
        return None, "bulk fill: not compared"

    def candidates(self, group: Any) -> list[Any]:
        return []

    def candidate_ids(self, group: Any) -> list[str]:
        return []

    def blocked(self, group: Any) -> Any:
        from khronika.store import Blocked

        return Blocked([], [])


def interleaved(
    record_of: Any, synth: Synthesiser, stores: list[str], probe: int
) -> dict[str, Any]:
    """Add the same ``probe`` new reports to each of two existing stores (a small and a large
    one), one report to each in turn, so both sizes are timed under the same load on a shared
    machine: medians of the wall-clock and of this process's CPU time (on PostgreSQL the
    server's CPU is not in it) per added report, and their ratios large / small."""
    import copy

    from khronika.service import IngestResult
    from khronika.store import Store

    opened = [Store(location) for location in stores]
    records = [record_of(store) for store in opened]
    sizes = [store.report_count() for store in opened]
    wall: list[list[float]] = [[], []]
    cpu: list[list[float]] = [[], []]
    compared = _CountedComparisons()
    result = IngestResult()
    first = 1_000_000 + sizes[1]  # reports neither store holds (an earlier run's are in both)
    synth.rng.seed(first)  # nor their texts
    for k in range(first, first + probe):
        incoming, extraction = synth.report(k)
        sha = hashlib.sha256(incoming.raw).hexdigest()
        for i in (0, 1) if k % 2 else (1, 0):  # neither store always goes first
            compared.start()
            began, used = time.perf_counter(), time.process_time()
            records[i]._store_extracted(incoming, sha, copy.deepcopy(extraction), result)
            wall[i].append((time.perf_counter() - began) * 1000)
            cpu[i].append((time.process_time() - used) * 1000)
            compared.stop(i, wall[i][-1])
    compared.close()
    assert not result.errors, result.errors[:3]
    assert len(result.added) == 2 * probe, "some reports were already stored"
    for store in opened:
        store.close()
    found: dict[str, Any] = {"reports_before": sizes}
    for name, times in (("wall_ms", wall), ("cpu_ms", cpu), *compared.figures()):
        medians = [statistics.median(t) for t in times]
        found[name] = {"medians": medians, "ratio": medians[1] / medians[0]}
    return found


class _CountedComparisons:
    """How many incidents the report linker compares an added report with (calls of
    ``pairwise.features``), the time those comparisons take, and the rest of the report's
    time: the comparisons' number grows with the store until the blocking caps are reached;
    the rest is what the store's size could slow down."""

    def __init__(self) -> None:
        import khronika.link.documents as documents

        self.module, self.real = documents, documents.features
        self.count, self.seconds = 0, 0.0
        self.per_report: list[list[float]] = [[], []]
        self.per_comparison: list[list[float]] = [[], []]
        self.rest: list[list[float]] = [[], []]

        def timed(*args: Any, **kwargs: Any) -> Any:
            began = time.perf_counter()
            try:
                return self.real(*args, **kwargs)
            finally:
                self.count += 1
                self.seconds += time.perf_counter() - began

        documents.features = timed  # type: ignore[assignment]

    def start(self) -> None:
        self.count, self.seconds = 0, 0.0

    def stop(self, i: int, wall_ms: float) -> None:
        self.per_report[i].append(self.count)
        if self.count:
            self.per_comparison[i].append(self.seconds * 1000 / self.count)
        self.rest[i].append(wall_ms - self.seconds * 1000)

    def close(self) -> None:
        self.module.features = self.real  # type: ignore[assignment]

    def figures(self) -> list[tuple[str, list[list[float]]]]:
        return [("comparisons", self.per_report), ("ms_per_comparison", self.per_comparison),
                ("rest_ms", self.rest)]  # fmt: skip


def bulk_fill(record: Any, synth: Synthesiser, start: int, stop: int, batch: int = 250) -> None:
    """Add reports start..stop-1 through the store's own API, ``batch`` reports a transaction
    and one chain entry: everything ``ingest`` does after extraction (report, original,
    search and spelling indexes, pages, word counts, actors, extraction, profile, grouping,
    new incidents graded by the corroborator, row digests) but the MinHash signature (no
    near-copy bands: 0.1 s a report) and the linkers' comparisons with stored incidents."""
    import khronika.service as service
    from khronika.evidence import store_evidence
    from khronika.link.text import terms
    from khronika.resolve import ActorResolver

    store, real = record.store, (service.Linker, service.ReportLinker)
    service.Linker = service.ReportLinker = _Unlinked  # type: ignore[misc,assignment]
    try:
        for low in range(start, stop, batch):
            touched: set[str] = set()
            words: Counter[str] = Counter()
            added = []
            with store.transaction():
                for k in range(low, min(stop, low + batch)):
                    incoming, extraction = synth.report(k)
                    sha = hashlib.sha256(incoming.raw).hexdigest()
                    store.add_report(incoming, sha, None, None)
                    store_evidence(store, incoming, record.author)
                    words.update(set(terms([incoming.text])))
                    extraction = ActorResolver(store)(extraction)
                    store.save_extraction(extraction, record.pipeline.name)
                    if extraction.extracted:
                        touched |= record.link_report(extraction)
                    added.append(incoming.meta.doc_id)
                store.add_term_counts(words)
                detail = json.dumps({"bulk": [low, min(stop, low + batch)]})
                store.record_change(record.author, "ingest", None, detail,
                                    incidents=sorted(touched), reports=added)  # fmt: skip
            if (min(stop, low + batch)) % 1000 == 0:
                print(f"  {min(stop, low + batch)} reports stored (bulk)", file=sys.stderr,
                      flush=True)  # fmt: skip
    finally:
        service.Linker, service.ReportLinker = real  # type: ignore[misc]


def copy_fill(record: Any, start: int, stop: int, seeds: int, batch: int = 1000) -> None:
    """Add reports start..stop-1 as copies of the bulk-filled reports 0..seeds-1 that no
    timed report was linked to (report k a copy of the k-th of them modulo their number, its
    text and original ending in whitespace that spells k in binary), ``batch`` a transaction
    and one chain entry (Store.copy_reports)."""
    from khronika.link.text import terms

    store, words_of = record.store, {}
    sole = store.sole_reports([f"s{k:06d}" for k in range(seeds)])
    for low in range(start, stop, batch):
        copies, words = [], Counter()
        for k in range(low, min(stop, low + batch)):
            seed = sole[k % len(sole)]
            if seed not in words_of:
                words_of[seed] = set(terms([store.report(seed).text]))
            spelled = format(k, "b").replace("0", " ").replace("1", "\t")
            copies.append((seed, f"s{k:06d}", "\n" + spelled))
            words.update(words_of[seed])
        with store.transaction():
            store.add_term_counts(words)
            store.copy_reports(copies, record.author)
        if (min(stop, low + batch)) % 5000 == 0:
            print(f"  {min(stop, low + batch)} reports stored (copies)", file=sys.stderr,
                  flush=True)  # fmt: skip


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def answer_times(store: Any, synth: Synthesiser, count: int = 60) -> dict[str, tuple[float, float]]:
    """Median and p95 (ms) of list pages (filters as the web app sends them, page and total
    counted to 10,000 as the API counts it) and of searches (two words of the reports, hits
    and total counted to 10,000)."""
    from khronika.store import IncidentFilter
    from khronika.webcommon.queries import TOTAL_LIMIT

    rng = random.Random(7)
    filters = [
        IncidentFilter(),
        IncidentFilter(event_type="killing"),
        IncidentFilter(date_from=dt.date(2012, 1, 1), date_to=dt.date(2013, 12, 31)),
        IncidentFilter(place="Russia"),
        IncidentFilter(status="contested"),
        IncidentFilter(country="Mexico"),
    ]
    listing: list[float] = []
    for i in range(count):
        where = filters[i % len(filters)]
        began = time.perf_counter()
        store.incidents(where, limit=50, offset=50 * rng.randint(0, 3))
        store.count_incidents(where, at_most=TOTAL_LIMIT)  # as the API counts a list's total
        listing.append((time.perf_counter() - began) * 1000)
    words = [w for s in synth.sentences for w in re.findall(r"[a-z]{5,}", s)]
    searching: list[float] = []
    for _ in range(count):
        query = f"{rng.choice(words)} {rng.choice(words)}"
        began = time.perf_counter()
        store.search(query, limit=20)
        store.search_count(query, at_most=TOTAL_LIMIT)  # as the API counts a search's total
        searching.append((time.perf_counter() - began) * 1000)
    return {
        name: (statistics.median(v), percentile(v, 0.95))
        for name, v in (("list", listing), ("search", searching))
    }


def run_backend(
    name: str,
    location: str,
    record_of: Any,
    synth: Synthesiser,
    sizes: list[int],
    probe: int,
    bulk: bool = False,
    seeds: int = 2000,
    check: bool = False,
) -> dict[str, Any]:
    from khronika.store import Store

    store = Store(location, create=True)
    record = record_of(store)
    medians: dict[int, float] = {}
    done = 0
    began = time.perf_counter()
    for size in sizes:
        if bulk:  # all but the timed reports in bulk; those as ingest stores and links them
            seeds = min(seeds, sizes[0] - probe)  # the seeds: bulk-filled, never linked
            if done < seeds:
                bulk_fill(record, synth, done, seeds)
                done = seeds
            copy_fill(record, done, size - probe, seeds)
            done = size - probe
        times = fill(record, synth, done, size, probe)
        done = size
        medians[size] = statistics.median(times) * 1000
        answers = answer_times(store, synth)  # at each size: figures even if a run is cut
        print(f"{name}: {size} reports, median add {medians[size]:.1f} ms, answers (median,"
              f" p95 ms) {answers}, {time.perf_counter() - began:.0f} s", file=sys.stderr,
              flush=True)  # fmt: skip
    fill_seconds = time.perf_counter() - began
    found = {"medians_ms": medians, "answers_ms": answers, "fill_s": fill_seconds,
             "incidents": store.count_incidents()}  # fmt: skip
    if check:
        from khronika.security.chain import verify

        began = time.perf_counter()
        problems = verify(store)
        found["verify"] = {"problems": [str(p) for p in problems[:5]], "count": len(problems),
                           "seconds": time.perf_counter() - began}  # fmt: skip
    store.close()
    return found


def speedup(count: int, turns: int = 1) -> dict[str, Any]:
    """Reports/s ingesting ``count`` real reports (real extraction) with 1 and 2 workers, in
    ``turns`` turns (1 then 2 workers, then 2 then 1, ...: both see the same load on a shared
    machine), each run into a new store; the medians of the rates and of the turns' ratios,
    and the load average (1 minute) before each run."""
    rates: dict[int, list[float]] = {1: [], 2: []}
    loads: list[float] = []
    for turn in range(turns):
        for workers in (1, 2) if turn % 2 == 0 else (2, 1):
            loads.append(os.getloadavg()[0])
            rates[workers].append(_ingest_rate(count, workers))
            print(f"  turn {turn + 1}: {workers} worker(s) {rates[workers][-1]:.2f} reports/s",
                  file=sys.stderr)  # fmt: skip
    ratios = [two / one for one, two in zip(rates[1], rates[2], strict=True)]
    return {
        "reports_per_s": {str(w): statistics.median(r) for w, r in rates.items()},
        "all_rates": {str(w): r for w, r in rates.items()},
        "speedup_median": statistics.median(ratios),
        "load_before_runs": loads,
    }


def _ingest_rate(count: int, workers: int) -> float:
    from khronika.distributed import DaskExtractor
    from khronika.ingest import iter_reports
    from khronika.service import Record
    from khronika.store import Store

    rows = bases()[:count]
    with tempfile.TemporaryDirectory() as tmp:
        manifest = Path(tmp) / "m.jsonl"
        lines = [json.dumps({k: v for k, v in r.items() if k != "url_date"}) for r in rows]
        manifest.write_text("\n".join(lines) + "\n")
        with (
            Store(Path(tmp) / f"w{workers}.db", create=True) as store,
            DaskExtractor(workers=workers) as cluster,
        ):
            record = Record(store)
            cluster.warm(record.pipeline)  # models loaded on every worker, not timed
            record.gazetteer.lookup("")  # nor the writer's towns (2 s, once a process): else
            # the first run of the bench process pays them (turn 1: the 1-worker run)
            began = time.perf_counter()
            result = record.ingest_distributed(iter_reports(manifest=manifest), cluster)
            return len(result.added) / (time.perf_counter() - began)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--probe", type=int, default=100)
    parser.add_argument(
        "--backend", choices=["sqlite", "postgresql", "both", "none"], default="both"
    )
    parser.add_argument(
        "--pg-url", help="An empty PostgreSQL database (default: a server started here)"
    )
    parser.add_argument(
        "--bulk",
        action="store_true",
        help="Fill in bulk (see bulk_fill); only the timed reports are linked as ingest does",
    )
    parser.add_argument(
        "--seeds",
        type=int,
        default=2000,
        help="With --bulk: reports filled by bulk_fill; the rest are their copies (copy_fill)",
    )
    parser.add_argument("--verify", action="store_true", help="verify the largest store")
    parser.add_argument(
        "--keep", help="Write the SQLite store here (kept) instead of a temporary file"
    )
    parser.add_argument(
        "--speedup", type=int, default=0, help="Real reports for the 1/2-worker run"
    )
    parser.add_argument("--turns", type=int, default=1, help="Turns of the 1/2-worker runs")
    parser.add_argument(
        "--interleave",
        nargs=2,
        metavar=("SMALL", "LARGE"),
        help="Time --probe added reports on two existing stores, one to each in turn",
    )
    parser.add_argument(
        "--shifts",
        type=int,
        default=6,
        help="Years of the reports shifted by -N..N (13 eras by default; 0: one, as dense in"
        " dates at 10,000 reports as each era of the default at 100,000)",
    )
    parser.add_argument(
        "--answers",
        metavar="STORE",
        help="Only the list and search times of an existing store (a file or a URL)",
    )
    args = parser.parse_args()
    if args.answers:
        from khronika.store import Store

        with Store(args.answers) as store:
            synth = Synthesiser([], bases(), 1)
            found = {"reports": store.report_count(), "incidents": store.count_incidents()}
            print(json.dumps({**found, "answers_ms": answer_times(store, synth)}, indent=2))
        return

    from khronika.service import Record

    rows = bases()
    began = time.perf_counter()
    record = Record(None, author="bench")  # type: ignore[arg-type]  (extraction only)
    cache = Path(tempfile.gettempdir()) / "khronika-scale-bases.pickle"
    if cache.is_file():  # the base reports' extractions, from an earlier run of this code
        extracted = pickle.loads(cache.read_bytes())
    else:
        extracted = extract_bases(record, rows)
        cache.write_bytes(pickle.dumps(extracted))
    print(
        f"read {len(extracted)} base reports in {time.perf_counter() - began:.0f} s",
        file=sys.stderr,
    )
    pipeline = record.pipeline

    def record_of(store: Any) -> Any:
        return Record(store, pipeline, author="bench")

    if args.interleave:
        synth = Synthesiser(extracted, rows, 2, args.shifts)
        found = interleaved(record_of, synth, args.interleave, args.probe)
        print(json.dumps(found, indent=2))
        return
    results: dict[str, Any] = {}
    server = None
    sizes, probe = args.sizes, args.probe
    with tempfile.TemporaryDirectory() as tmp:
        if args.backend in ("sqlite", "both"):
            synth = Synthesiser(extracted, rows, 1, args.shifts)
            where = args.keep or str(Path(tmp) / "scale.db")
            results["sqlite"] = run_backend(
                "sqlite", where, record_of, synth, sizes, probe, args.bulk, args.seeds, args.verify
            )
        if args.backend in ("postgresql", "both"):
            url = args.pg_url
            if url is None:
                sys.path.insert(0, str(ROOT / "tests"))
                from pgserver import Server

                server = Server().start()
                url = server.create_database("scale")
            try:
                synth = Synthesiser(extracted, rows, 1, args.shifts)
                results["postgresql"] = run_backend(
                    "postgresql",
                    url,
                    record_of,
                    synth,
                    sizes,
                    probe,
                    args.bulk,
                    args.seeds,
                    args.verify,
                )
            finally:
                if server is not None:
                    server.stop()
    if args.speedup:
        results["speedup"] = speedup(args.speedup, args.turns)
    results["peak_memory_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    for name in ("sqlite", "postgresql"):
        if name in results:
            m = results[name]["medians_ms"]
            small, large = min(m), max(m)
            results[name]["link_cost_ratio"] = m[large] / m[small]
    print(json.dumps(results, indent=2, default=str))


if __name__ == "__main__":
    main()

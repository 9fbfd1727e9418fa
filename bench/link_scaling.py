"""Cost of adding one report as the store grows: 1k vs 10k stored reports.

The reports are synthetic and their events come from a registered stand-in extraction step
(the language model is not what is measured here), but everything after extraction is the real
product: store, near-copy lookup, actor resolution, blocking, linking, corroboration, one
transaction per report. Prints the median time per added report at each size and the ratio.

    .venv/bin/python bench/link_scaling.py [--sizes 1000 10000] [--probe 100]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import tempfile
import time
from pathlib import Path

from khronika.domain.gazetteer import Gazetteer
from khronika.model import (
    ActorMention,
    EventMention,
    IncomingReport,
    PlaceMention,
    ReportMeta,
    TimeMention,
    TimeValue,
)
from khronika.pipeline import Pipeline, ReportDocument, register_step
from khronika.service import Record
from khronika.store import Store

TYPES = (
    "killing",
    "arbitrary_detention",
    "attack_on_premises",
    "arson",
    "assault",
    "raid_or_search",
    "threat_or_intimidation",
    "abduction_or_disappearance",
)
CITIES = (
    "Grozny",
    "Moscow",
    "Istanbul",
    "Diyarbakir",
    "Tegucigalpa",
    "Culiacan",
    "Kazan",
    "Ankara",
    "Izmir",
    "Monterrey",
    "Nalchik",
    "Makhachkala",
)


@register_step("bench.synthetic_events")
class SyntheticEvents:
    """Reads "type|YYYY-MM-DD|city|victim" lines written by this bench into event mentions."""

    def __init__(self) -> None:
        self.gazetteer = Gazetteer.default()

    def __call__(self, document: ReportDocument) -> ReportDocument:
        offset = 0
        for line in document.text.splitlines(keepends=True):
            kind, day, city, victim = line.strip().split("|")
            span = document.span(offset, offset + len(line.rstrip("\n")))
            date = dt.date.fromisoformat(day)
            place = self.gazetteer.lookup(city)
            actor = ActorMention(span, victim, "person")
            document.actors.append(actor)
            document.events.append(
                EventMention(
                    f"{document.doc_id}#{offset}",
                    span,
                    span,
                    kind,
                    victims=(actor,),
                    places=(PlaceMention(span, place),) if place else (),
                    time=TimeMention(span, TimeValue(day, date, date, "day")),
                )
            )
            offset += len(line)
        return document


GIVEN = ("Anna", "Ivan", "Maria", "Carlos", "Ahmet", "Elena", "Omar", "Ruslan", "Ayse", "Jose")
SYLLABLES = ("ka", "do", "ro", "va", "mi", "sha", "tu", "ley", "nov", "gar", "bek", "zu", "lin")


def _surname(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize()


def report(n: int, rng: random.Random) -> IncomingReport:
    day = dt.date(2010, 1, 1) + dt.timedelta(days=rng.randrange(5000))
    victim = f"{rng.choice(GIVEN)} {_surname(rng)}"
    text = f"{rng.choice(TYPES)}|{day}|{rng.choice(CITIES)}|{victim}\n"
    meta = ReportMeta(f"r{n}", publisher=f"outlet {rng.randrange(50)}", published=day)
    return IncomingReport(meta, f"{n}:{text}".encode(), text, "text/plain", f"bench:{n}")


def time_added(record: Record, rng: random.Random, start: int, count: int) -> list[float]:
    timings = []
    for n in range(start, start + count):
        item = report(n, rng)
        began = time.perf_counter()
        record.ingest([item])
        timings.append(time.perf_counter() - began)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--probe", type=int, default=100)
    args = parser.parse_args()
    rng = random.Random(7)
    pipeline = Pipeline(["bench.synthetic_events"])
    medians = {}
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.db", create=True)
        record = Record(store, pipeline, author="bench")
        stored = 0
        for size in sorted(args.sizes):
            time_added(record, rng, stored, size - stored)
            stored = size
            timings = time_added(record, rng, stored, args.probe)
            stored += args.probe
            medians[size] = statistics.median(timings)
            print(
                f"{size:>6} stored reports: median {1000 * medians[size]:.2f} ms per added report"
                f" ({args.probe} added, {len(store.incidents())} incidents)"
            )
        store.close()
    sizes = sorted(medians)
    ratio = medians[sizes[-1]] / medians[sizes[0]]
    print(f"ratio {sizes[-1]} / {sizes[0]}: {ratio:.2f}x")


if __name__ == "__main__":
    main()

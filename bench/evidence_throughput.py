"""Pages per second of PDF and OCR ingest (issue 16): the medians of three runs.

* text PDF: a PDF written by reportlab (40 lines a page) read by khronika's PDF reader (pypdf);
* OCR: a scanned PDF (each page one image of 12 typed lines, rendered by Pillow at about
  150 dpi) read by the same reader through Tesseract;
* both also ingested end to end (read, extracted, linked, stored) into a fresh store.

    PYTHONPATH=src .venv/bin/python bench/evidence_throughput.py [--pages 50] [--scans 6]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from evidence_writers import scanned_pdf, text_image, text_pdf  # noqa: E402
from khronika.ingest import read_file  # noqa: E402
from khronika.ingest.ocr import languages  # noqa: E402
from khronika.service import Record  # noqa: E402
from khronika.store import Store  # noqa: E402

LINE = (
    "On {day} March 2021 masked men raided the office of the Committee Against Torture "
    "in Grozny and detained two staff members, the group said."
)


def median_seconds(run: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def ingest_seconds(pdf: Path, folder: Path, record_pipeline: Record) -> float:
    """One end-to-end ingest into a fresh store (the language model already loaded)."""
    db = folder / f"bench-{time.monotonic_ns()}.db"
    with Store(db, create=True) as store:
        record = Record(store, pipeline=record_pipeline.pipeline)
        start = time.perf_counter()
        result = record.ingest([read_file(pdf)[0]])
        elapsed = time.perf_counter() - start
    assert result.added, result.errors
    assert not result.errors, result.errors
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=50)
    parser.add_argument("--scans", type=int, default=6)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        pages = [
            "\n\n".join(LINE.format(day=1 + (p + i) % 28) for i in range(12))
            for p in range(args.pages)
        ]
        pdf = text_pdf(folder / "report.pdf", pages)
        lines = [f"Statement {p + 1}: masked men raided the office" for p in range(args.scans)]
        images = [
            text_image(
                [
                    line,
                    "of the Committee Against Torture in Grozny",
                    "on 9 March 2021 and detained two staff members.",
                ]
                * 4,
                size=26,
            )
            for line in lines
        ]
        scan = scanned_pdf(folder / "scan.pdf", images)
        text_s = median_seconds(lambda: read_file(pdf))
        ocr_s = median_seconds(lambda: read_file(scan))
        warm = Record(Store(folder / "warm.db", create=True))
        warm.pipeline  # noqa: B018 - load the language model outside the timing
        text_ingest = statistics.median(ingest_seconds(pdf, folder, warm) for _ in range(3))
        ocr_ingest = statistics.median(ingest_seconds(scan, folder, warm) for _ in range(3))
    print(
        f"text PDF, read:    {args.pages / text_s:8.1f} pages/s ({args.pages} pages, "
        f"{text_s:.2f} s)"
    )
    print(
        f"text PDF, ingest:  {args.pages / text_ingest:8.1f} pages/s (read, extract, link, "
        f"store: {text_ingest:.2f} s)"
    )
    print(
        f"OCR ({languages(None)}), read:   {args.scans / ocr_s:8.2f} pages/s "
        f"({args.scans} pages, {ocr_s:.2f} s)"
    )
    print(f"OCR, ingest:       {args.scans / ocr_ingest:8.2f} pages/s ({ocr_ingest:.2f} s)")


if __name__ == "__main__":
    main()

"""Long texts: how fast one report of 1 MB or 5 MB without a blank line is ingested.

Such a text (a whole web page saved as one line per paragraph, a transcript) used to reach
spaCy as one piece longer than its ``max_length`` (E088). khronika now parses it in pieces of at
most ``khronika.pipeline.MAX_CHUNK_CHARS`` characters. The text is the 108 real reports of
../shared/benchmarks/hrdev/docs, blank lines removed, joined by single newlines and repeated up
to the size asked. Each size is ingested end to end (extraction, linking, corroboration, one
transaction) into a fresh plain store; prints seconds and MB/s per size, by the wall clock and
by this process's CPU time (the figure that does not depend on what else the machine runs).

    .venv/bin/python bench/long_texts.py [--sizes 1 5]
"""

from __future__ import annotations

import argparse
import re
import tempfile
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def long_text(megabytes: float) -> str:
    """Real report texts, no blank line, cut at a line end near ``megabytes`` MB."""
    docs = sorted((SHARED / "benchmarks/hrdev/docs").glob("*.txt"))
    base = "\n".join(re.sub(r"\n\s*\n", "\n", p.read_text(encoding="utf-8")).strip() for p in docs)
    size = int(megabytes * 1_000_000)
    text = "\n".join([base] * (size // len(base) + 1))[:size]
    return text[: text.rfind("\n")] + "\n"


def ingest_seconds(text: str, folder: Path) -> tuple[float, float, int]:
    """Seconds (wall clock and this process's CPU) to ingest ``text`` as one file into a new
    store, and the incidents it made."""
    from khronika.ingest import iter_reports
    from khronika.service import Record
    from khronika.store import Store

    file = folder / f"long-{len(text)}.txt"
    file.write_text(text, encoding="utf-8")
    with Store(folder / f"bench-{len(text)}.db", create=True) as store:
        record = Record(store)
        record.pipeline  # noqa: B018  (load the model before the clock starts)
        start, cpu = time.perf_counter(), time.process_time()
        result = record.ingest(iter_reports([file]))
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        assert not result.errors, [str(e) for e in result.errors]
        return seconds, cpu, len(store.incidents())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=float, nargs="+", default=[1.0, 5.0])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        for megabytes in args.sizes:
            text = long_text(megabytes)
            assert "\n\n" not in text
            seconds, cpu, incidents = ingest_seconds(text, Path(folder))
            mb = len(text.encode("utf-8")) / 1_000_000
            print(
                f"{mb:.2f} MB, no blank line: ingested in {seconds:.1f} s = {mb / seconds:.3f} MB/s"
                f" ({cpu:.1f} s of CPU = {mb / cpu:.3f} MB/s of CPU; {incidents} incidents)",
                flush=True,
            )


if __name__ == "__main__":
    main()

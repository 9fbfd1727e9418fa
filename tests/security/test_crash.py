"""SIGKILL during a 100-report ingest, 20 times on one store: it opens, verifies, loses nothing
acknowledged (each report is one transaction)."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from khronika.security import verify
from khronika.store import Store

RUNS = 20
REPORTS = 100

CHILD = """
import sys
from khronika.model import IncomingReport, ReportMeta
from khronika.pipeline import Pipeline, register_step
from khronika.service import Record
from khronika.store import Store

@register_step("tests.crash.nothing")
def nothing():
    return lambda document: document

run, db = sys.argv[1], sys.argv[2]
store = Store(db)
record = Record(store, Pipeline(["tests.crash.nothing"]), author="crash-test")
print("ready", flush=True)
for i in range(int(sys.argv[3])):
    doc_id = f"r{run}-{i:03d}"
    text = f"Report {i} of run {run}: police searched office {i * 7919 % 1009} at dawn."
    meta = ReportMeta(doc_id, language="en")
    item = IncomingReport(meta, text.encode(), text, "text/plain", f"crash:{doc_id}")
    result = record.ingest([item])
    assert result.added == [doc_id], result
    print(doc_id, flush=True)
print("done", flush=True)
"""


def run_and_kill(db: Path, run: int, delay: float) -> list[str]:
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(run), str(db), str(REPORTS)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "ready"
    time.sleep(delay)
    child.send_signal(signal.SIGKILL)
    rest, _ = child.communicate(timeout=30)
    return [line for line in rest.splitlines() if line.startswith("r")]


def test_sigkill_during_ingest_loses_nothing_acknowledged(tmp_path: Path) -> None:
    db = tmp_path / "crash.db"
    Store(db, create=True).close()
    rng = random.Random(20261123)
    acknowledged: list[str] = []
    killed_midway = 0
    for run in range(RUNS):
        printed = run_and_kill(db, run, rng.uniform(0.0, 0.6))
        acknowledged += printed
        killed_midway += len(printed) < REPORTS
        with Store(db) as store:
            assert verify(store) == [], f"run {run}"
            missing = [d for d in acknowledged if not store.has_doc_id(d)]
            assert missing == [], f"run {run}"
    assert killed_midway >= RUNS // 2  # the kills really landed during the ingest

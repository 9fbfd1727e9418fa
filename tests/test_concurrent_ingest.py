"""Two `khronika ingest` at once on one store (issue 11, case 7): both finish, a report both
of them read is stored once and the other one says "already stored", nobody's report is lost
or left unnamed, and `khronika verify` is clean after."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

import devsets
from khronika.cli import main
from khronika.store import Store

SHARED = devsets.SHARED
HRDEV = SHARED / "benchmarks/hrdev/docs"
KHRONIKA = Path(sys.executable).parent / "khronika"


def cli(db: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [str(KHRONIKA), "--db", str(db), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def summary(out: str) -> tuple[int, int, int]:
    found = re.search(r"added (\d+) report\(s\), (\d+) already stored .*?(\d+) error\(s\)", out)
    assert found, out
    return int(found[1]), int(found[2]), int(found[3])


def test_two_ingests_at_once_both_finish_and_lose_nothing(tmp_path: Path, seeds_dir: Path) -> None:
    docs = sorted(HRDEV.glob("*.txt"))[:5]
    seeds = sorted(seeds_dir.glob("*.txt"))
    first = [*seeds, *docs[:3]]
    second = [*seeds, *docs[2:]]  # the seeds and one more report in both, in the same order
    db = tmp_path / "shared.db"
    assert CliRunner().invoke(main, ["--db", str(db), "init", "--unencrypted"]).exit_code == 0
    runs = [cli(db, "ingest", *map(str, paths)) for paths in (first, second)]
    outputs = [run.communicate(timeout=900) for run in runs]
    for run, (out, err) in zip(runs, outputs, strict=True):
        assert run.returncode == 0, out + err
        assert "UNIQUE constraint" not in out + err
        assert "Traceback" not in err
    counts = [summary(" ".join(out.split())) for out, _ in outputs]
    for (added, unchanged, errors), paths in zip(counts, (first, second), strict=True):
        assert added + unchanged == len(paths), counts
        assert errors == 0, counts
    every = {p.stem for p in [*first, *second]}
    assert sum(added for added, _, _ in counts) == len(every)  # each stored once, by one of them
    with Store(db) as store:
        assert sorted(r.doc_id for r in store.reports()) == sorted(every)
        ingests = [c for c in store.changes(None) if c[2] == "ingest"]
        assert len(ingests) == len(every)
    verified = CliRunner().invoke(main, ["--db", str(db), "verify"])
    assert verified.exit_code == 0, verified.output
    assert f"verified: {len(every)} reports" in verified.output

"""Extraction on Dask workers (a real local cluster), linking by one ordered writer: the same
record from 1 and 2 workers as from no cluster at all."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

import devsets
from khronika.distributed import DaskExtractor
from khronika.errors import ConfigError, InputError
from khronika.export import to_json
from khronika.ingest import iter_reports
from khronika.pipeline import Pipeline
from khronika.service import Record
from khronika.store import Store

HRDEV = devsets.HRDEV
# Cheap steps (no language model): the reports are still filed by their profiles (words,
# dates), so linking decides and the comparison means something. The whole pipeline: -m slow.
LIGHT = ["khronika.language", "khronika.times"]


def _manifest(folder: Path, count: int) -> Path:
    """A manifest of ``count`` real reports of the hrdev set (their texts inline)."""
    if not (HRDEV / "docs.jsonl").is_file():
        pytest.fail(f"the hrdev reports are missing from {HRDEV} (shared/ beside the clone)")
    lines = []
    for line in (HRDEV / "docs.jsonl").read_text(encoding="utf-8").splitlines()[:count]:
        entry = json.loads(line)
        entry.pop("url_date", None)
        entry["text"] = (HRDEV / "docs" / f"{entry['doc_id']}.txt").read_text(encoding="utf-8")
        lines.append(json.dumps(entry, ensure_ascii=False))
    lines.append(json.dumps(lines and json.loads(lines[0])))  # the first again: unchanged
    lines.insert(3, json.dumps({"doc_id": "bad", "path": "missing.txt"}))  # an error, named
    path = folder / "reports.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _export(store: Store) -> str:
    export: dict[str, Any] = to_json(store)
    for document in export["documents"]:
        document.pop("ingested_at", None)
    return json.dumps(export, sort_keys=True, ensure_ascii=False)


def _ingest(path: Path, manifest: Path, steps: list[str], workers: int | None) -> tuple[str, Any]:
    with Store(path, create=True) as store:
        record = Record(store, Pipeline(steps), author="tester")
        items = iter_reports(manifest=manifest)
        if workers is None:
            result = record.ingest(items)
        else:
            counted: list[int] = []
            with DaskExtractor(workers=workers) as cluster:
                assert cluster.size == workers
                result = record.ingest_distributed(
                    items, cluster, extracted=lambda: counted.append(1)
                )
                for _ in range(50):  # the bar's callbacks run on the client's own thread
                    if len(counted) >= len(result.added):
                        break
                    time.sleep(0.1)
            # the extraction bar's count (the copy is sent too if it was not stored yet)
            assert len(result.added) <= len(counted) <= len(result.added) + 1
        return _export(store), result


def _same_record(tmp_path: Path, count: int, steps: list[str]) -> None:
    manifest = _manifest(tmp_path, count)
    alone, first = _ingest(tmp_path / "alone.db", manifest, steps, None)
    one, _ = _ingest(tmp_path / "one.db", manifest, steps, 1)
    two, second = _ingest(tmp_path / "two.db", manifest, steps, 2)
    assert len(first.added) == count
    assert first.unchanged == [first.added[0]]
    assert (second.added, second.unchanged) == (first.added, first.unchanged)
    assert [str(e) for e in second.errors] == [str(e) for e in first.errors]
    assert len(first.errors) == 1
    assert "missing.txt" in str(first.errors[0])
    assert one == alone
    assert two == alone


def test_one_and_two_workers_make_the_same_record(tmp_path: Path) -> None:
    _same_record(tmp_path, 10, LIGHT)


@pytest.mark.slow
def test_one_and_two_workers_make_the_same_record_with_the_whole_pipeline(
    tmp_path: Path,
) -> None:
    _same_record(tmp_path, 24, list(Pipeline().names))


def test_an_input_error_survives_the_trip_back_from_a_worker() -> None:
    import pickle

    error = InputError("report.html", "this report could not be read")
    again = pickle.loads(pickle.dumps(error))
    assert (type(again), again.origin, again.reason) == (InputError, error.origin, error.reason)


def test_workers_and_scheduler_are_asked_for_clearly() -> None:
    with pytest.raises(ConfigError, match="either --workers"):
        DaskExtractor(workers=2, scheduler="tcp://127.0.0.1:8786")
    with pytest.raises(ConfigError, match="1 or more"):
        DaskExtractor(workers=0)
    with (
        pytest.raises(ConfigError, match="Cannot reach the Dask scheduler"),
        DaskExtractor(scheduler="tcp://127.0.0.1:9", timeout=1),
    ):
        pass

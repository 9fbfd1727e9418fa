"""Inputs that used to hang or crash ingest (issue 11, case 6), through the real command line.

A FIFO, a device, a folder given as a file, manifest paths leading out of the manifest's folder
or through a symbolic link, and a 1 MB text without a blank line: each gets one sentence naming
the file, the rest of the batch is stored, the command ends with the summary and exit code 2,
and ``khronika verify`` is clean afterwards with every acknowledged report in the store.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import devsets
from khronika.cli import main
from khronika.errors import FileTooLargeError, InputError
from khronika.ingest import iter_reports
from khronika.ingest._common import read_bytes
from khronika.pipeline import MAX_CHUNK_CHARS, split_chunks
from khronika.store import Store

SHARED = devsets.SHARED
HRDEV = SHARED / "benchmarks/hrdev/docs"


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--db", str(db), *args], catch_exceptions=False)


def flat(text: str) -> str:
    return " ".join(text.split())


def one_line_per_paragraph(text: str) -> str:
    return re.sub(r"\n\s*\n", "\n", text).strip() + "\n"


def verified(db: Path, reports: int) -> None:
    result = run(db, "verify")
    assert result.exit_code == 0, result.output
    assert f"verified: {reports} reports" in result.output


@pytest.fixture
def folder(tmp_path: Path, seeds_dir: Path) -> Path:
    """A manifest's folder holding two real reports (the seeds, copied for the test)."""
    folder = tmp_path / "reports"
    folder.mkdir()
    for name in ("crd-jmg-attack.txt", "nhc-jmg-attack.txt"):
        (folder / name).write_bytes((seeds_dir / name).read_bytes())
    return folder


def test_a_fifo_a_device_and_a_folder_are_refused_without_reading(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    started = time.monotonic()
    with pytest.raises(InputError, match=r"pipe\.txt: this is a pipe \(FIFO\), not an ordinary"):
        read_bytes(fifo, str(fifo), 1000)  # no writer: a blocking read would hang for ever
    with pytest.raises(InputError, match=r"/dev/zero: this is a device, not an ordinary file"):
        read_bytes(Path("/dev/zero"), "/dev/zero", 1000)
    with pytest.raises(InputError, match="this is a folder, not a file"):
        read_bytes(tmp_path, str(tmp_path), 1000)
    assert time.monotonic() - started < 5


def test_at_most_the_limit_and_one_byte_is_read(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"word " * 400)  # 2000 bytes
    with pytest.raises(FileTooLargeError, match=r"big\.txt: this file is 2000 bytes, more than"):
        read_bytes(big, str(big), 1999)
    assert read_bytes(big, str(big), 2000) == b"word " * 400
    maps = Path("/proc/self/maps")  # its size says 0: only reading limit + 1 bytes tells
    assert maps.stat().st_size == 0
    with pytest.raises(FileTooLargeError, match="this file is at least 11 bytes, more than"):
        read_bytes(maps, str(maps), 10)


def test_manifest_paths_stay_inside_the_manifest_folder(folder: Path, tmp_path: Path) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text("The secret report: police raided the office on 3 June 2015.\n")
    (folder / "link.txt").symlink_to(outside)
    (folder / "sub").mkdir()
    (folder / "sub" / "inner.txt").symlink_to(folder / "crd-jmg-attack.txt")
    lines = [
        {"path": "nhc-jmg-attack.txt", "doc_id": "nhc"},
        {"path": "../../../../../../etc/passwd", "doc_id": "passwd"},
        {"path": "/etc/passwd", "doc_id": "passwd-abs"},
        {"path": str(outside), "doc_id": "outside-abs"},
        {"path": "../secret.txt", "doc_id": "outside-rel"},
        {"path": "link.txt", "doc_id": "link"},
        {"path": "sub/inner.txt", "doc_id": "inner-link"},
        {"path": str(folder / "crd-jmg-attack.txt"), "doc_id": "crd"},  # absolute, inside
    ]
    manifest = folder / "docs.jsonl"
    manifest.write_text("".join(json.dumps(line) + "\n" for line in lines))
    items = list(iter_reports(manifest=manifest))
    stored = sorted(i.meta.doc_id for i in items if not isinstance(i, InputError))
    assert stored == ["crd", "nhc"]
    errors = [str(i) for i in items if isinstance(i, InputError)]
    assert len(errors) == 6
    for number in (2, 3, 4, 5):
        assert any(
            f"docs.jsonl line {number}: the path" in e and "outside the manifest" in e
            for e in errors
        ), errors
    for name in ("link.txt", "inner.txt"):
        assert any(name in e and "symbolic link" in e for e in errors), errors


def test_hostile_batch_goes_on_names_every_file_and_verifies(folder: Path, tmp_path: Path) -> None:
    """One command: a manifest naming a FIFO, /dev/zero, a folder, /etc/shadow, a path out of
    its folder and a symbolic link, and a 1.1 MB report without a blank line, plus a FIFO on
    the command line. Nothing hangs; the two real reports and the long one are stored."""
    os.mkfifo(folder / "pipe.txt")
    (folder / "zero.txt").symlink_to("/dev/zero")
    (folder / "a-folder.txt").mkdir()
    seed = one_line_per_paragraph((folder / "nhc-jmg-attack.txt").read_text(encoding="utf-8"))
    long_text = seed + " " * 1_100_000 + "\n" + seed  # one paragraph over spaCy's max_length
    (folder / "long.txt").write_text(long_text, encoding="utf-8")
    lines = [
        {"path": "crd-jmg-attack.txt"},
        {"path": "pipe.txt"},
        {"path": "/dev/zero"},
        {"path": "zero.txt"},
        {"path": "a-folder.txt"},
        {"path": "/etc/shadow"},
        {"path": "../../../../etc/passwd"},
        {"path": "long.txt", "publisher": "A long page", "published": "2015-06-05"},
        {"path": "nhc-jmg-attack.txt"},
    ]
    manifest = folder / "docs.jsonl"
    manifest.write_text("".join(json.dumps(line) + "\n" for line in lines))
    fifo = tmp_path / "another-pipe.txt"
    os.mkfifo(fifo)
    db = tmp_path / "hostile.db"
    assert run(db, "init", "--unencrypted").exit_code == 0
    started = time.monotonic()
    result = run(db, "ingest", str(fifo), "--manifest", str(manifest))
    assert time.monotonic() - started < 300
    out = flat(result.output)
    assert result.exit_code == 2, out
    assert "added 3 report(s)" in out, out
    assert "7 error(s)" in out, out
    assert "Traceback" not in out
    assert "E088" not in out
    assert "another-pipe.txt: this is a pipe (FIFO), not an ordinary file" in out
    assert "pipe.txt (named on" in out
    assert "/dev/zero: this is a symbolic link" not in out
    assert "docs.jsonl line 3: the path '/dev/zero' leads outside" in out
    assert "zero.txt (named on" in out
    assert "symbolic link" in out
    assert "a-folder.txt (named on" in out
    assert "this is a folder, not a file" in out
    assert "docs.jsonl line 6: the path '/etc/shadow' leads outside" in out
    assert "docs.jsonl line 7: the path '../../../../etc/passwd' leads outside" in out
    with Store(db) as store:
        assert sorted(r.doc_id for r in store.reports()) == [
            "crd-jmg-attack",
            "long",
            "nhc-jmg-attack",
        ]
        assert store.report("long").text == long_text
        assert store.original("long") == long_text.encode("utf-8")
        assert "long" in {d for i in store.incidents() for d in i.doc_ids}
    verified(db, 3)


def test_long_paragraphs_are_cut_into_pieces_that_map_back() -> None:
    text = "".join(
        one_line_per_paragraph(p.read_text(encoding="utf-8")) for p in sorted(HRDEV.glob("*.txt"))
    )
    text = (text * (5_100_000 // len(text) + 1))[:5_100_000]  # 5 MB, no blank line
    assert "\n\n" not in text
    pieces = split_chunks(text)
    assert all(0 < len(piece) <= MAX_CHUNK_CHARS for _, piece in pieces)
    assert all(text[offset : offset + len(piece)] == piece for offset, piece in pieces)
    covered = "".join(piece for _, piece in pieces)
    assert re.sub(r"\s", "", covered) == re.sub(r"\s", "", text)  # nothing left out

    def at_line_or_sentence_end(offset: int, piece: str) -> bool:
        after = text[offset + len(piece) : offset + len(piece) + 1]
        return after in ("\n", "") or piece[-1] in ".!?\"'”’»)"

    assert all(at_line_or_sentence_end(offset, piece) for offset, piece in pieces)


@pytest.mark.slow
def test_a_real_one_megabyte_text_without_blank_lines_is_ingested(tmp_path: Path) -> None:
    """1 MB of real reports with no blank line: once the E088 traceback, now stored at the
    speed bench/long_texts.py measures."""
    proc = subprocess.run(
        [sys.executable, str(Path(__file__).parents[2] / "bench/long_texts.py"), "--sizes", "1"],
        capture_output=True,
        text=True,
        check=False,
        timeout=1800,
    )
    assert proc.returncode == 0, proc.stderr
    assert re.search(r"[\d.]+ MB, no blank line: ingested in [\d.]+ s", proc.stdout), proc.stdout

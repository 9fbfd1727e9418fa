"""A flipped bit in the -wal after a crash (issue 11, case 2): SQLite stops reading the log at
the first frame that does not check and silently drops every later change, committed ones too
(83 reports became 75 and `verify` said "verified"). khronika checks every frame against the
one before it and refuses the store as damaged, naming the -wal, before SQLite reads it. One
byte flipped in each frame that committed changes follow: N of N refused (printed with -s);
the intact crash image opens, holds every report and verifies."""

from __future__ import annotations

import shutil
import sqlite3
import struct
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from khronika.cli import main
from khronika.errors import DamagedStoreError
from khronika.security import check
from khronika.service import Record
from khronika.store import Store, _wal

PASSPHRASE = "correct horse battery staple 11"
TEXT = (
    "Police detain activist in {city}\n\n"
    "Police officers detained the human rights activist {name} in {city} on {day} March 2019 "
    "and held him for two days without charge, his lawyer said."
)
PLACES = [("Kazan", "Ilya Petrov"), ("Grozny", "Ruslan Umarov"), ("Samara", "Oleg Ivanov"),
          ("Omsk", "Pavel Orlov")]  # fmt: skip


def crash_image(folder: Path, make_incoming: Any, passphrase: str | None) -> tuple[Path, int]:
    """A store and its -wal as a crash leaves them: two reports in the store file, two more
    committed but only in the -wal (not checkpointed yet). Returns the image and its number of
    reports."""
    live = folder / "live.db"
    incoming = [
        make_incoming(f"r{day}", TEXT.format(city=city, name=name, day=day), publisher=f"p{day}")
        for day, (city, name) in enumerate(PLACES, start=1)
    ]
    with Store(live, passphrase, create=True) as store:
        assert len(Record(store, author="analyst").ingest(incoming[:2]).added) == 2
    store = Store(live, passphrase)
    try:
        store.db.execute("PRAGMA wal_autocheckpoint = 0")  # keep every change in the -wal
        record = Record(store, author="analyst")
        for report in incoming[2:]:  # one transaction each
            result = record.ingest([report])
            assert not result.errors
            assert result.added == [report.meta.doc_id]
        image = folder / "crash.db"
        for suffix in ("", "-wal"):  # copied while the store is open: what a crash leaves
            shutil.copyfile(f"{live}{suffix}", f"{image}{suffix}")
    finally:
        store.close()
    return image, len(PLACES)


def frames(wal: Path) -> tuple[int, list[bool]]:
    """The frame size and, for each frame, whether it ends a transaction (a commit frame)."""
    data = wal.read_bytes()
    page_size = struct.unpack(">I", data[8:12])[0]
    size = 24 + page_size
    count = (len(data) - 32) // size
    commits = [
        struct.unpack(">I", data[36 + i * size : 40 + i * size])[0] != 0 for i in range(count)
    ]
    return size, commits


def flipped_copy(image: Path, target: Path, offset: int) -> Path:
    shutil.copyfile(image, target)
    data = bytearray(Path(f"{image}-wal").read_bytes())
    data[offset] ^= 0x01
    Path(f"{target}-wal").write_bytes(bytes(data))
    return target


@pytest.mark.parametrize("passphrase", [None, PASSPHRASE], ids=["plain", "encrypted"])
def test_a_flipped_byte_in_the_wal_is_named_damage_not_dropped(
    tmp_path: Path, make_incoming: Any, passphrase: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    image, reports = crash_image(tmp_path, make_incoming, passphrase)
    monkeypatch.setattr(_wal, "RECHECK_SECONDS", 0.0)  # no other process writes these copies
    size, commits = frames(Path(f"{image}-wal"))
    last_commit = max(i for i, c in enumerate(commits) if c)
    assert sum(commits) >= reports - 2  # one transaction per report in the -wal at least
    refused = 0
    for index in range(last_commit):  # committed changes follow each of these frames
        copy = flipped_copy(image, tmp_path / "flipped.db", 32 + index * size + 24 + 1000)
        with pytest.raises(DamagedStoreError) as caught:
            Store(copy, passphrase).close()
        assert "flipped.db-wal" in str(caught.value)
        assert "restore" in str(caught.value)
        refused += 1
    kind = "encrypted" if passphrase else "plain"
    print(
        f"\n{kind} store, a byte flipped in each -wal frame that committed changes follow: "
        f"{refused} of {last_commit} refused as damaged"
    )
    assert refused == last_commit >= reports - 2
    # the header of the log, and a frame's salt: SQLite would drop the whole log, or the rest
    for offset in (20, 32 + (last_commit // 2) * size + 16):
        copy = flipped_copy(image, tmp_path / "flipped.db", offset)
        with pytest.raises(DamagedStoreError):
            Store(copy, passphrase).close()
    # what SQLite alone does with the first of them: reports lost, nothing said (and on
    # closing it checkpoints what it read and deletes the -wal: the loss is for good)
    if passphrase is None:
        copy = flipped_copy(image, tmp_path / "flipped.db", 32 + 24 + 1000)
        db = sqlite3.connect(copy)
        try:
            assert db.execute("SELECT count(*) FROM documents").fetchone()[0] == 2
        finally:
            db.close()
    if passphrase is None:  # the command line says so in a sentence: damaged, where, restore
        copy = flipped_copy(image, tmp_path / "flipped.db", 32 + 24 + 1000)
        result = CliRunner().invoke(main, ["--db", str(copy), "verify"])
        said = " ".join(result.output.split())
        assert result.exit_code != 0
        assert "Traceback" not in said
        assert "damaged" in said, said
        assert "flipped.db-wal" in said, said
        assert "restore" in said, said
    # the intact image: every report, verified
    with Store(image, passphrase) as store:
        assert len(store.reports()) == reports
        assert not check(store).problems

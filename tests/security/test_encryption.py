"""Encryption at rest (SQLCipher): a seized disk reveals nothing, a wrong passphrase is refused."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from khronika.cli import main
from khronika.errors import StoreError
from khronika.security import verify
from khronika.service import Record
from khronika.store import Store

PASSPHRASE = "correct horse battery staple"
PLANTED = "Zyxwvut Qorbandalé"


def _planted_report(make_incoming: Any) -> Any:
    text = (
        f"Masked men attacked the office of the lawyer {PLANTED} in Grozny on 3 June "
        f"2015. {PLANTED} escaped through a window."
    )
    return make_incoming("planted", text, publisher="Monitor", published=dt.date(2015, 6, 4))


def _hits(folder: Path) -> list[str]:
    needles = [PLANTED.encode(), "Qorbandalé".encode(), b"Zyxwvut", PLANTED.encode("utf-16-le")]
    return [
        p.name
        for p in folder.iterdir()
        if p.is_file() and any(n in p.read_bytes() for n in needles)
    ]


def test_nothing_readable_on_disk_and_the_record_works(tmp_path: Path, make_incoming: Any) -> None:
    path = tmp_path / "enc.db"
    with Store(path, PASSPHRASE, create=True) as store:
        result = Record(store).ingest([_planted_report(make_incoming)])
        assert result.added == ["planted"]
        assert [d for d, _ in store.search("Qorbandalé")] == ["planted"]
        assert store.incidents()
        # while open, the journal (-wal) and shared memory exist too: scan them as well
        assert _hits(tmp_path) == [], "a planted name is readable on disk"
        assert verify(store) == []
    assert _hits(tmp_path) == []
    with Store(path, PASSPHRASE) as store:
        assert PLANTED in store.report("planted").text


def test_a_plain_store_would_have_shown_the_name(tmp_path: Path, make_incoming: Any) -> None:
    with Store(tmp_path / "plain.db", create=True) as store:  # the scan itself can find a name
        Record(store).ingest([_planted_report(make_incoming)])
    assert _hits(tmp_path)


def test_wrong_or_missing_passphrase_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "enc.db"
    Store(path, PASSPHRASE, create=True).close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="passphrase is wrong"):
        Store(path, "not the passphrase")
    with pytest.raises(StoreError, match="it is encrypted"):
        Store(path)
    assert path.read_bytes() == before


def test_init_and_use_from_the_command_line(tmp_path: Path, seed_manifest: Path) -> None:
    db = str(tmp_path / "cli.db")
    runner = CliRunner()
    env = {"KHRONIKA_PASSPHRASE": PASSPHRASE}
    created = runner.invoke(main, ["--db", db, "init"], env=env)
    assert created.exit_code == 0, created.output
    ingested = runner.invoke(
        main, ["--db", db, "ingest", "--manifest", str(seed_manifest)], env=env
    )
    assert ingested.exit_code == 0, ingested.output
    listed = runner.invoke(main, ["--db", db, "incidents", "--json"], env=env)
    assert "attack_on_premises" in listed.output
    refused = runner.invoke(main, ["--db", db, "incidents"], env={"KHRONIKA_PASSPHRASE": ""})
    assert refused.exit_code == 4
    assert "encrypted" in refused.output
    again = runner.invoke(main, ["--db", db, "init"], env=env)
    assert again.exit_code == 2
    assert "already exists" in again.output
    short = runner.invoke(
        main, ["--db", str(tmp_path / "x.db"), "init"], env={"KHRONIKA_PASSPHRASE": "short"}
    )
    assert short.exit_code == 2
    assert "12 characters" in short.output

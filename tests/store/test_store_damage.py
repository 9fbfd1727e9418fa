"""Damage named as damage, a wrong passphrase only when it is one, and stores that appear only
through ``init``. Every test ends with a store that verifies and holds every report it was
told it holds."""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from fastapi.testclient import TestClient

from khronika.app import create_app
from khronika.cli import main
from khronika.errors import DamagedStoreError, StoreError
from khronika.security import check
from khronika.store import Store

PASSPHRASE = "correct horse battery staple 11"
PAGE = 4096


def cli(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, list(args), env=env)


def said(result: Result) -> str:
    return " ".join(result.output.split())  # rich wraps long lines


def assert_sentence(result: Result, code: int) -> str:
    """A refusal: the exit code, one sentence, and no traceback."""
    assert isinstance(result.exception, SystemExit), (result.exception, result.output)
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    return said(result)


def flip(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())  # no SQLite connection to this file is open here
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))


def documents_leaf(path: Path) -> int:
    """The page number of a leaf page of the documents table (dbstat)."""
    db = sqlite3.connect(path)
    try:
        (page,) = db.execute(
            "SELECT pageno FROM dbstat WHERE name = 'documents' AND pagetype = 'leaf' LIMIT 1"
        ).fetchone()
    finally:
        db.close()
    return int(page)


def page_type(page: int) -> int:
    """The offset of a b-tree page's type byte (13, a table leaf, becomes 12: invalid)."""
    return (page - 1) * PAGE


def assert_whole(path: Path, reports: list[str], passphrase: str | None = None) -> None:
    with Store(path, passphrase) as store:
        assert check(store).problems == []
        assert [r.meta.doc_id for r in store.reports()] == reports


@pytest.fixture
def seeded_ids_in_order(seeded_path: Path) -> list[str]:
    with Store(seeded_path) as store:
        return [r.meta.doc_id for r in store.reports()]


# ---- damage ----------------------------------------------------------------------------


def test_a_damaged_plain_store_is_named_damaged_by_every_command(
    seeded_copy_path: Path, tmp_path: Path, seeded_ids_in_order: list[str]
) -> None:
    backup = shutil.copy(seeded_copy_path, tmp_path / "backup.db")
    flip(seeded_copy_path, page_type(documents_leaf(seeded_copy_path)))
    out = str(tmp_path / "x.json")
    for command in (
        ["verify"],
        ["export", "--out", out],
    ):
        result = cli("--db", str(seeded_copy_path), *command)
        text = " ".join(result.output.split())
        if command == ["verify"]:
            assert result.exit_code == 1, text
            assert "NOT verified" in text, text
            assert "restore from backup: khronika restore" in text
            continue
        text = assert_sentence(result, 4)
        assert "the store is damaged (" in text, text
        assert "khronika restore" in text, text
        assert "passphrase" not in text
        assert "could not complete this change" not in text
    shutil.copy(backup, seeded_copy_path)  # what `khronika restore` gives back
    assert_whole(seeded_copy_path, seeded_ids_in_order)


def test_an_encrypted_store_tells_damage_from_a_wrong_passphrase(
    tmp_path: Path, seed_manifest: Path
) -> None:
    path = tmp_path / "enc.db"
    env = {"KHRONIKA_PASSPHRASE": PASSPHRASE}
    assert cli("--db", str(path), "init", env=env).exit_code == 0
    assert (
        cli("--db", str(path), "ingest", "--manifest", str(seed_manifest), env=env).exit_code == 0
    )
    backup = shutil.copy(path, tmp_path / "backup.db")
    wrong = cli("--db", str(path), "verify", env={"KHRONIKA_PASSPHRASE": "not the passphrase"})
    assert "the passphrase is wrong" in assert_sentence(wrong, 4)
    plain = cli("--db", str(path), "verify", env={"KHRONIKA_PASSPHRASE": ""})
    assert "it is encrypted: give its passphrase" in assert_sentence(plain, 4)
    cases: dict[str, Callable[[], object]] = {
        "the schema page (page 1, past its salt)": lambda: flip(path, 2000),
        "a page of the record (page 3)": lambda: flip(path, 2 * PAGE + 700),
        "a truncated file": lambda: os.truncate(path, path.stat().st_size - PAGE - 100),
    }  # each returns nothing worth keeping
    for what, damage in cases.items():
        shutil.copy(backup, path)
        Path(f"{path}-wal").unlink(missing_ok=True)
        damage()
        result = cli("--db", str(path), "verify", env=env)
        text = said(result)
        assert "Traceback" not in text, (what, text)
        assert result.exit_code in (1, 4), (what, text)
        assert "passphrase is wrong" not in text, (what, text)
        assert "damaged" in text, (what, text)
        assert "khronika restore" in text, (what, text)
    shutil.copy(backup, path)
    flip(path, 2000)
    with pytest.raises(DamagedStoreError, match="HMAC verification failed for page 1"):
        Store(path, PASSPHRASE)
    shutil.copy(backup, path)
    assert_whole(path, ["crd-jmg-attack", "nhc-jmg-attack"], PASSPHRASE)


def test_the_web_says_the_store_is_damaged_not_try_again(
    seeded_copy_path: Path, tmp_path: Path, seeded_ids_in_order: list[str]
) -> None:
    backup = shutil.copy(seeded_copy_path, tmp_path / "backup.db")
    flip(seeded_copy_path, page_type(documents_leaf(seeded_copy_path)))
    client = TestClient(create_app(seeded_copy_path), raise_server_exceptions=False)
    for url in ("/api/reports/crd-jmg-attack", "/reports/crd-jmg-attack", "/api/search?q=attack"):
        answer = client.get(url)
        assert answer.status_code == 503, (url, answer.status_code)
        assert "store is damaged" in answer.text, url
        assert "restore" in answer.text, url
        assert "try again" not in answer.text
        assert "Traceback" not in answer.text
        assert str(seeded_copy_path.parent) not in answer.text  # no server paths
    client.app.state.stores.close()  # type: ignore[attr-defined]
    shutil.copy(backup, seeded_copy_path)
    assert_whole(seeded_copy_path, seeded_ids_in_order)


# ---- only init creates a store -----------------------------------------------------------


def test_a_mistyped_or_empty_store_is_refused_naming_init(tmp_path: Path) -> None:
    missing, empty = tmp_path / "recrod.db", tmp_path / "empty.db"
    empty.touch()
    for env in ({}, {"KHRONIKA_PASSPHRASE": PASSPHRASE}):
        for command in (["verify"], ["incidents"], ["user", "list"], ["ingest", str(tmp_path)]):
            result = cli("--db", str(missing), *command, env=env)
            assert f"khronika --db {missing} init" in assert_sentence(result, 2)
            assert not missing.exists()
        result = cli("--db", str(empty), "verify", env=env)
        text = assert_sentence(result, 4)
        assert "empty file (0 bytes)" in text, text
        assert "init" in text, text
        assert empty.stat().st_size == 0
    with pytest.raises(StoreError, match="created only by"):
        Store(missing, PASSPHRASE)
    assert not missing.exists()


def test_ingest_after_a_refused_init_creates_nothing(tmp_path: Path, seed_manifest: Path) -> None:
    path = tmp_path / "record.db"
    short = cli("--db", str(path), "init", env={"KHRONIKA_PASSPHRASE": "short"})
    assert "at least 12 characters" in assert_sentence(short, 2)
    env = {"KHRONIKA_PASSPHRASE": "short"}
    ingest = cli("--db", str(path), "ingest", "--manifest", str(seed_manifest), env=env)
    assert f"khronika --db {path} init" in assert_sentence(ingest, 2)
    assert not path.exists()
    # the way setup.sh makes the demonstration store still works
    assert cli("--db", str(path), "init", "--unencrypted").exit_code == 0
    done = cli("--db", str(path), "ingest", "--manifest", str(seed_manifest), env={})
    assert done.exit_code == 0, done.output
    assert_whole(path, ["crd-jmg-attack", "nhc-jmg-attack"])


def test_opening_never_reads_the_store_file_outside_sqlite(
    seeded_copy_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Closing any descriptor of the store drops this process's SQLite locks on it, so the
    store is never opened with Python's open() (as a sniff for encryption once was)."""
    import builtins
    import io

    opened: list[str] = []
    real_open, real_io_open = builtins.open, io.open

    def spy(file: Any, *args: Any, **kwargs: Any) -> Any:
        opened.append(str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", spy)
    monkeypatch.setattr(io, "open", spy)
    with Store(seeded_copy_path) as store, Store(seeded_copy_path) as second:
        assert check(store).problems == []
        assert second.reports()
    monkeypatch.setattr(builtins, "open", real_open)
    monkeypatch.setattr(io, "open", real_io_open)
    assert not [f for f in opened if f.startswith(str(seeded_copy_path))]

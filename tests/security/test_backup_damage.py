"""A damaged page is found by ``verify``, ``backup-check`` and before ``wipe`` (every page is
read by SQLite's integrity check), and the record comes back whole from the last good backup.
Real restic on a folder repository."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from khronika.cli import main
from khronika.security import check
from khronika.security.backup import backup
from khronika.store import Store

pytestmark = pytest.mark.skipif(shutil.which("restic") is None, reason="restic not installed")
PAGE = 4096


@pytest.fixture(autouse=True)
def password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KHRONIKA_BACKUP_PASSWORD", "correct horse battery staple")


def cli(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def flat(result: Result) -> str:
    return " ".join(result.output.split())


def damage_an_index(path: Path) -> None:
    """One byte of a cell of an index page flipped: every row still reads, only a check that
    reads every page (and each index against its table) sees it."""
    db = sqlite3.connect(path)
    try:
        (page,) = db.execute(
            "SELECT pageno FROM dbstat WHERE name = 'event_links_incident' AND pagetype = 'leaf'"
            " LIMIT 1"
        ).fetchone()
    finally:
        db.close()
    data = bytearray(path.read_bytes())  # no SQLite connection to this file is open here
    start = (page - 1) * PAGE
    cell = int.from_bytes(data[start + 8 : start + 10], "big")
    data[start + cell + 3] ^= 0x01  # inside the first key's text
    path.write_bytes(bytes(data))


def test_a_damaged_page_is_found_by_verify_backup_check_and_wipe(
    seeded_copy_path: Path, tmp_path: Path
) -> None:
    db, repo = seeded_copy_path, str(tmp_path / "repo")
    with Store(db) as store:
        reports = [r.meta.doc_id for r in store.reports()]
        good = backup(store, repo, "tester").snapshot_id
    damage_an_index(db)
    verified = cli("--db", str(db), "verify")
    assert verified.exit_code == 1, flat(verified)
    assert "damaged:" in flat(verified), flat(verified)
    assert cli("--db", str(db), "backup", "--to", repo).exit_code == 0  # the damage, copied
    checked = cli("backup-check", "--from", repo)
    said = flat(checked)
    assert checked.exit_code == 1, said
    assert "does not verify" in said, said
    assert "Traceback" not in said
    wiped = cli("--db", str(db), "wipe", "--backup", repo, "--yes")
    assert wiped.exit_code != 0, flat(wiped)
    assert "Nothing was wiped" in flat(wiped), flat(wiped)
    assert db.exists()
    target = tmp_path / "restored.db"
    restored = cli("restore", "--from", repo, "--to", str(target), "--snapshot", good)
    assert restored.exit_code == 0, flat(restored)
    with Store(target) as store:
        assert check(store).problems == []
        assert [r.meta.doc_id for r in store.reports()] == reports

"""Backup, restore and wipe with real restic on a folder repository."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from khronika.cli import main
from khronika.errors import BackupError
from khronika.pipeline import Pipeline, ReportDocument, register_step
from khronika.security.backup import backup, restore
from khronika.service import Record
from khronika.store import Store

# In CI a missing restic is a failure (scripts/test.sh installs it), elsewhere a skip.
if shutil.which("restic") is None and os.environ.get("CI"):
    raise RuntimeError("restic is not installed; scripts/test.sh installs Debian's restic")
pytestmark = pytest.mark.skipif(shutil.which("restic") is None, reason="restic not installed")

PLANTED = "Zyxwvut Qorbandalé"


@register_step("tests.backup.nothing")
def _nothing() -> object:
    def step(document: ReportDocument) -> ReportDocument:
        return document

    return step


@pytest.fixture(autouse=True)
def password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KHRONIKA_BACKUP_PASSWORD", "correct horse battery staple")


def cli(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def plant(path: Path, make_incoming: object, doc_id: str = "planted") -> None:
    text = f"Witness {PLANTED} saw the raid on the office in the night."
    with Store(path) as store:
        record = Record(store, Pipeline(["tests.backup.nothing"]), author="tester")
        result = record.ingest([make_incoming(doc_id, text)])  # type: ignore[operator]
        assert result.added == [doc_id]


def export_json(db: Path) -> object:
    result = cli("--db", str(db), "export", "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def store_files(db: Path) -> list[Path]:
    return [db, Path(f"{db}-wal"), Path(f"{db}-shm")]


def test_restore_drill_gives_back_the_identical_record(
    seeded_copy_path: Path, make_incoming: object, tmp_path: Path
) -> None:
    db, repo = seeded_copy_path, tmp_path / "repo"
    plant(db, make_incoming)
    before = export_json(db)
    result = cli("--db", str(db), "backup", "--to", str(repo))
    assert result.exit_code == 0, result.output
    for path in store_files(db):
        path.unlink(missing_ok=True)
    target = tmp_path / "restored.db"
    result = cli("restore", "--from", str(repo), "--to", str(target))
    assert result.exit_code == 0, result.output
    assert "verified:" in result.stdout
    with Store(target) as store:  # the snapshot: up to the export, before "backup" was logged
        assert [a for _, _, a, _, _ in store.changes()][-1] == "export"
    assert export_json(target) == before


def test_the_repository_never_holds_plaintext(
    seeded_copy_path: Path, make_incoming: object, tmp_path: Path
) -> None:
    plant(seeded_copy_path, make_incoming)
    assert PLANTED.encode() in seeded_copy_path.read_bytes()  # the scan can find it
    repo = tmp_path / "repo"
    with Store(seeded_copy_path) as store:
        done = backup(store, str(repo), "tester")
        detail = json.loads(store.changes()[-1][4])
    assert done.initialised and detail["snapshot"] == done.snapshot_id
    assert detail["head"] == done.head and detail["sha256"] == done.sha256
    needles = [PLANTED.encode(), "Qorbandalé".encode(), b"Zyxwvut", PLANTED.encode("utf-16-le")]
    files = [p for p in repo.rglob("*") if p.is_file()]
    assert len(files) > 3
    hits = [(p, n) for p in files for n in needles if n in p.read_bytes()]
    assert hits == []


def test_clear_errors(
    seeded_copy_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path / "repo"
    with Store(seeded_copy_path) as store:
        backup(store, str(repo), "tester")
    with pytest.raises(BackupError, match="no khronika snapshot|no snapshot"):
        restore(str(repo), tmp_path / "a.db", snapshot_id="deadbeef")
    with pytest.raises(BackupError, match="no repository"):
        restore(str(tmp_path / "nowhere"), tmp_path / "b.db")
    with pytest.raises(BackupError, match="already exists"):
        restore(str(repo), seeded_copy_path)
    monkeypatch.setenv("KHRONIKA_BACKUP_PASSWORD", "wrong")
    result = CliRunner().invoke(main, ["restore", "--from", str(repo), "--to", str(tmp_path / "c")])
    assert result.exit_code != 0
    assert "wrong backup password" in result.output
    assert not (tmp_path / "c").exists() or (tmp_path / "c").stat().st_size == 0
    monkeypatch.delenv("KHRONIKA_BACKUP_PASSWORD")
    with pytest.raises(BackupError, match="No backup password"):
        restore(str(repo), tmp_path / "d.db")
    monkeypatch.setenv("KHRONIKA_BACKUP_PASSWORD", "x")
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(BackupError, match="install Debian's restic package"):
        restore(str(repo), tmp_path / "e.db")


def test_wipe_only_after_a_current_backup(
    seeded_copy_path: Path, make_incoming: object, tmp_path: Path
) -> None:
    db, repo = seeded_copy_path, str(tmp_path / "repo")
    assert cli("--db", str(db), "wipe", "--backup", repo, "--yes").exit_code != 0  # no repo
    assert cli("--db", str(db), "backup", "--to", repo).exit_code == 0
    refused = cli("--db", str(db), "wipe", "--backup", repo)
    assert refused.exit_code != 0 and "--yes" in refused.output
    plant(db, make_incoming, "after-backup")
    stale = cli("--db", str(db), "wipe", "--backup", repo, "--yes")
    assert stale.exit_code != 0 and "not current" in stale.output
    assert db.is_file()
    assert cli("--db", str(db), "backup", "--to", repo).exit_code == 0
    done = cli("--db", str(db), "wipe", "--backup", repo, "--yes")
    assert done.exit_code == 0, done.output
    assert not any(p.exists() for p in store_files(db))
    target = tmp_path / "back.db"
    assert cli("restore", "--from", repo, "--to", str(target)).exit_code == 0
    with Store(target) as store:
        assert store.has_doc_id("after-backup")

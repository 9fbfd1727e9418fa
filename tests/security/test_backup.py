"""Backup, restore and wipe with real restic on a folder repository."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from khronika.cli import main
from khronika.errors import BackupError
from khronika.pipeline import Pipeline, ReportDocument, Step, register_step
from khronika.security.backup import Restic, backup, damaged_parts, fetch, restore
from khronika.service import Record
from khronika.store import Store

# In CI a missing restic is a failure (scripts/test.sh installs it), elsewhere a skip.
if shutil.which("restic") is None and os.environ.get("CI"):
    raise RuntimeError("restic is not installed; scripts/test.sh installs Debian's restic")
pytestmark = pytest.mark.skipif(shutil.which("restic") is None, reason="restic not installed")

PLANTED = "Zyxwvut Qorbandalé"


@register_step("tests.backup.nothing")
def _nothing() -> Step:
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
    assert done.initialised
    assert detail["snapshot"] == done.snapshot_id
    assert detail["head"] == done.head
    assert detail["sha256"] == done.sha256
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
    assert refused.exit_code != 0
    assert "--yes" in refused.output
    plant(db, make_incoming, "after-backup")
    stale = cli("--db", str(db), "wipe", "--backup", repo, "--yes")
    assert stale.exit_code != 0
    assert "not current" in stale.output
    assert db.is_file()
    assert cli("--db", str(db), "backup", "--to", repo).exit_code == 0
    done = cli("--db", str(db), "wipe", "--backup", repo, "--yes")
    assert done.exit_code == 0, done.output
    assert not any(p.exists() for p in store_files(db))
    target = tmp_path / "back.db"
    assert cli("restore", "--from", repo, "--to", str(target)).exit_code == 0
    with Store(target) as store:
        assert store.has_doc_id("after-backup")


# --- a damaged repository: one flipped byte is found, and nothing is restored from it ---------


def flat(text: str) -> str:
    """Output with the console's line wrapping undone."""
    return " ".join(text.split())


def flip_byte(path: Path) -> None:
    """Flip the lowest bit of the middle byte (restic writes its files read-only)."""
    path.chmod(0o600)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 1
    path.write_bytes(bytes(data))


@pytest.fixture(scope="module")
def clean_repo(tmp_path_factory: pytest.TempPathFactory, seeded_path: Path) -> Path:
    """One backup of the seeded store, made once; tests copy it before damaging it."""
    folder = tmp_path_factory.mktemp("clean-repo")
    db = folder / "store.db"
    source, dest = sqlite3.connect(seeded_path), sqlite3.connect(db)
    try:
        source.backup(dest)
    finally:
        dest.close()
        source.close()
    with pytest.MonkeyPatch.context() as env, Store(db) as store:
        env.setenv("KHRONIKA_BACKUP_PASSWORD", "correct horse battery staple")
        backup(store, str(folder / "repo"), "tester")
    return folder / "repo"


def victim(repo: Path, folder: str) -> Path:
    """The file to damage: the largest under ``folder`` (for data/, the pack of the store's
    bytes, not the small one of the trees)."""
    files = [p for p in (repo / folder).rglob("*") if p.is_file()]
    return max(files, key=lambda p: p.stat().st_size)


def test_a_clean_backup_passes_backup_check(clean_repo: Path) -> None:
    result = cli("backup-check", "--from", str(clean_repo))
    assert result.exit_code == 0, result.output
    assert "backup verified:" in result.stdout
    assert "2 reports" in result.stdout


@pytest.mark.parametrize(
    ("folder", "named"),
    [
        ("data", "pack file data/{sub}/{name} does not match its checksum"),
        ("snapshots", "snapshot file snapshots/{name10}"),
        ("index", "index file index/{name}"),
    ],
    ids=["data", "snapshots", "index"],
)
def test_a_flipped_byte_in_the_repository_is_found_and_nothing_restored(
    clean_repo: Path, tmp_path: Path, folder: str, named: str
) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(clean_repo, repo)
    damaged = victim(repo, folder)
    flip_byte(damaged)
    name = damaged.name
    checked = cli("backup-check", "--from", str(repo))
    assert checked.exit_code == 1, checked.output
    sentences = [ln for ln in checked.stderr.splitlines() if ln.startswith("damaged:")]
    assert sentences
    assert "the backup repository is damaged" in sentences[0]
    assert named.format(sub=name[:2], name=name, name10=name[:10]) in sentences[0]
    assert any(name[:10] in ln for ln in checked.stderr.splitlines() if "restic:" in ln)
    assert "NOT verified" in checked.stderr
    target = tmp_path / "restored.db"
    restored = cli("restore", "--from", str(repo), "--to", str(target))
    assert restored.exit_code != 0
    assert "the backup repository is damaged" in flat(restored.output)
    assert not any(p.exists() for p in store_files(target))


def test_a_snapshot_copy_that_differs_from_its_recorded_sha256_leaves_no_file(
    clean_repo: Path, tmp_path: Path
) -> None:
    restic = Restic(str(clean_repo))
    snapshot = dataclasses.replace(restic.snapshot(), sha256="0" * 64)
    target = tmp_path / "restored.db"
    with pytest.raises(BackupError, match="does not match its recorded SHA-256"):
        fetch(restic, snapshot, target)
    assert not target.exists()


def test_a_backup_of_a_tampered_store_fails_backup_check(
    seeded_copy_path: Path, tmp_path: Path
) -> None:
    db = sqlite3.connect(seeded_copy_path, isolation_level=None)
    try:
        doc_id, sha, raw = db.execute(
            "SELECT doc_id, originals.sha256, raw FROM documents JOIN originals USING (sha256)"
        ).fetchone()
        db.execute("UPDATE originals SET raw = ? WHERE sha256 = ?", (raw[:-1], sha))
    finally:
        db.close()
    repo = str(tmp_path / "repo")
    assert cli("--db", str(seeded_copy_path), "backup", "--to", repo).exit_code == 0
    checked = cli("backup-check", "--from", repo)
    assert checked.exit_code == 1
    assert f"the backed-up store does not verify: report {doc_id}" in flat(checked.stderr)


def test_restic_messages_become_the_parts_they_name() -> None:
    pack, tree = "e7" + "3" * 62, "e2d056ae" + "4" * 56
    said = f"""error for tree {tree[:8]}:
  decrypting blob {tree} failed: ciphertext verification failed
Pack ID does not match, want {pack}, got {"0" * 64}
pack {pack}: not referenced in any index
Fatal: repository contains errors"""
    assert damaged_parts(said) == [
        f"tree {tree[:8]} fails authentication (the pack file holding it was altered)",
        f"pack file data/e7/{pack} does not match its checksum (altered or truncated)",
    ]
    listing = "could not load snapshot 1b69e1b9: load <snapshot/1b69e1b96e>: invalid data"
    assert damaged_parts(listing) == [
        "snapshot file snapshots/1b69e1b9… does not match its checksum (altered or truncated)"
    ]


# --- wipe destroys the named key files too, or nothing at all -------------------------------


def test_wipe_destroys_key_files_only_when_all_exist(
    seeded_copy_path: Path, tmp_path: Path
) -> None:
    db, repo = seeded_copy_path, str(tmp_path / "repo")
    key, passfile = tmp_path / "khronika.key", tmp_path / "passphrase.txt"
    assert cli("keygen", str(key)).exit_code == 0
    passfile.write_text("not the real one\n", encoding="utf-8")
    assert cli("--db", str(db), "backup", "--to", repo).exit_code == 0
    missing = tmp_path / "nowhere.key"
    args = ["--db", str(db), "wipe", "--backup", repo, "--yes", "--destroy-key", str(key)]
    refused = cli(*args, "--destroy-key", str(missing))
    assert refused.exit_code != 0
    assert f"{missing}: there is no such key file" in flat(refused.output)
    assert "Nothing was wiped" in flat(refused.output)
    assert db.is_file()
    assert key.is_file()
    assert passfile.is_file()
    done = cli(*args, "--destroy-key", str(passfile))
    assert done.exit_code == 0, done.output
    assert not any(p.exists() for p in [*store_files(db), key, passfile])
    assert Path(f"{key}.pub").is_file()  # the public key is not a secret

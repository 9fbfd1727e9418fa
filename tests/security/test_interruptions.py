"""Interruptions (issue 11, case 7): a killed backup, a stale restic lock, a killed signed export,
and the modes of what khronika creates. Real restic, real processes killed with SIGKILL; every
test ends with the store verified and every acknowledged backup or export intact."""

from __future__ import annotations

import contextlib
import functools
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from khronika.cli import main
from khronika.fileio import leftovers
from khronika.security.backup import backup_copy_path

if shutil.which("restic") is None and os.environ.get("CI"):
    raise RuntimeError("restic is not installed; scripts/test.sh installs Debian's restic")
needs_restic = pytest.mark.skipif(shutil.which("restic") is None, reason="restic not installed")

KHRONIKA = Path(sys.executable).parent / "khronika"
PASSWORD = "backup password for the interruption tests"


def cli(db: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--db", str(db), *args], catch_exceptions=False)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _read_only(path: Path) -> bool:
    """A whole file restic wrote; False for its temporary file, renamed while we look."""
    try:
        return mode(path) & 0o200 == 0
    except FileNotFoundError:
        return False


def verified(db: Path) -> str:
    result = cli(db, "verify")
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The environment of the killed commands: their own TMPDIR, to see what they leave there."""
    monkeypatch.setenv("KHRONIKA_BACKUP_PASSWORD", PASSWORD)
    tmp = tmp_path / "tmpdir"
    tmp.mkdir()
    return {**os.environ, "TMPDIR": str(tmp), "KHRONIKA_BACKUP_PASSWORD": PASSWORD}


def _past(moment: float) -> bool:
    return time.monotonic() > moment


def kill_when(
    args: list[str], env: dict[str, str], ready: Callable[[], bool], limit: float = 120
) -> bool:
    """Start a command in its own process group, SIGKILL the group once ``ready()`` is true;
    whether it was still running then."""
    child = subprocess.Popen(
        args, env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + limit
    try:
        while not ready() and child.poll() is None:
            assert time.monotonic() < deadline, "the command never reached the point to kill"
            time.sleep(0.005)
        return child.poll() is None
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(child.pid, signal.SIGKILL)
        child.wait()


def _timed(args: list[str], env: dict[str, str]) -> float:
    started = time.monotonic()
    subprocess.run(args, env=env, check=True, capture_output=True)
    return time.monotonic() - started


@needs_restic
def test_a_killed_backup_leaves_its_copy_beside_the_store_private_and_it_is_shredded(
    seeded_copy_path: Path, tmp_path: Path, env: dict[str, str]
) -> None:
    db, repo = seeded_copy_path, tmp_path / "repo"
    first = cli(db, "backup", "--to", str(repo))
    assert first.exit_code == 0, first.output
    copy = backup_copy_path(db)
    assert copy.parent == db.parent
    assert not copy.exists()
    args = [str(KHRONIKA), "--db", str(db), "backup", "--to", str(repo)]
    assert kill_when(args, env, lambda: copy.exists() and copy.stat().st_size > 0)
    assert copy.exists()
    assert mode(copy) == 0o600
    assert list(Path(env["TMPDIR"]).iterdir()) == []  # nothing left in the temporary folder
    again = cli(db, "backup", "--to", str(repo))  # the killed restic's lock is stale: removed
    assert again.exit_code == 0, again.output
    assert not copy.exists()
    verified(db)
    restored = tmp_path / "restored.db"
    back = CliRunner().invoke(main, ["restore", "--from", str(repo), "--to", str(restored)])
    assert back.exit_code == 0, back.output
    assert verified(restored).split(", ")[:2] == verified(db).split(", ")[:2]  # same record


@needs_restic
def test_wipe_shreds_a_copy_a_killed_backup_left(
    seeded_copy_path: Path, tmp_path: Path, env: dict[str, str]
) -> None:
    db, repo = seeded_copy_path, tmp_path / "repo"
    assert cli(db, "backup", "--to", str(repo)).exit_code == 0
    copy = backup_copy_path(db)
    args = [str(KHRONIKA), "--db", str(db), "backup", "--to", str(repo)]
    assert kill_when(args, env, lambda: copy.exists() and copy.stat().st_size > 0)
    assert copy.exists()
    verified(db)  # the killed backup changed nothing in the store
    wiped = cli(db, "wipe", "--backup", str(repo), "--yes")
    assert wiped.exit_code == 0, wiped.output
    assert not copy.exists()
    assert not db.exists()
    assert not [p for p in db.parent.iterdir() if p.name.startswith(f".{db.name}")]


def stale_lock(repo: Path, env: dict[str, str]) -> None:
    """A lock left by a restic killed while it held it (a backup waiting for its input)."""
    restic = {**env, "RESTIC_REPOSITORY": str(repo), "RESTIC_PASSWORD": PASSWORD}
    locks = repo / "locks"

    def written() -> bool:  # restic makes a file read-only once it is whole
        return locks.is_dir() and any(_read_only(p) for p in locks.iterdir())

    assert kill_when(["restic", "--no-cache", "backup", "--stdin"], restic, written)
    assert any(locks.iterdir())


@needs_restic
def test_a_stale_restic_lock_is_removed(
    seeded_copy_path: Path, tmp_path: Path, env: dict[str, str]
) -> None:
    db, repo = seeded_copy_path, tmp_path / "repo"
    assert cli(db, "backup", "--to", str(repo)).exit_code == 0
    stale_lock(repo, env)
    checked = CliRunner().invoke(main, ["backup-check", "--from", str(repo)])
    assert checked.exit_code == 0, checked.output  # removed first: stale (its restic is dead)
    assert not any((repo / "locks").iterdir())
    stale_lock(repo, env)
    unlocked = CliRunner().invoke(main, ["backup-unlock", "--from", str(repo)])
    assert unlocked.exit_code == 0, unlocked.output
    assert f"unlocked {repo}" in unlocked.output
    assert not any((repo / "locks").iterdir())
    assert cli(db, "backup", "--to", str(repo)).exit_code == 0
    verified(db)


def test_a_killed_signed_export_never_truncates_the_previous_one(
    seeded_copy_path: Path, tmp_path: Path, env: dict[str, str]
) -> None:
    db = seeded_copy_path
    key = tmp_path / "signing.key"
    assert CliRunner().invoke(main, ["keygen", str(key)]).exit_code == 0
    out = tmp_path / "exports" / "record.json"
    out.parent.mkdir()
    made = cli(db, "export", "--out", str(out), "--sign", str(key))
    assert made.exit_code == 0, made.output
    good = out.read_bytes()
    assert mode(out) == 0o600
    assert mode(Path(f"{out}.sig")) == 0o600
    args = [str(KHRONIKA), "--db", str(db), "export", "--out", str(out), "--sign", str(key)]
    whole = min(_timed(args, env) for _ in range(2))  # how long a whole export takes here, now
    assert out.read_bytes() == good
    killed = 0
    for share in (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8):  # killed at every stage of it
        delay = share * whole
        until = time.monotonic() + delay
        killed += kill_when(args, env, functools.partial(_past, until))
        assert out.read_bytes() == good  # the same record: the previous export, or a new one
        json.loads(out.read_text(encoding="utf-8"))
    assert killed >= 3  # a shared machine may finish some early: the others were killed mid-way
    after = cli(db, "export", "--out", str(out), "--sign", str(key))
    assert after.exit_code == 0, after.output
    assert leftovers(out) == []
    assert sorted(p.name for p in out.parent.iterdir()) == [
        "record.json",
        "record.json.sig",
    ]
    checked = CliRunner().invoke(main, ["verify-export", str(out), "--public-key", f"{key}.pub"])
    assert checked.exit_code == 0, checked.output
    verified(db)


def test_stores_journals_and_exports_are_created_private(
    tmp_path: Path, seed_manifest: Path
) -> None:
    db = tmp_path / "private.db"
    old = os.umask(0o022)  # the usual umask: files readable by everyone unless asked otherwise
    try:
        assert cli(db, "init", "--unencrypted").exit_code == 0
        assert cli(db, "ingest", "--manifest", str(seed_manifest)).exit_code == 0
        from khronika.store import Store

        with Store(db):  # an open store has its journals
            for path in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
                assert mode(path) == 0o600, path
        out = tmp_path / "export.csv"
        assert cli(db, "export", "--format", "csv", "--out", str(out)).exit_code == 0
        assert mode(out) == 0o600
    finally:
        os.umask(old)
    verified(db)

"""Off-site backup, restore and emergency wipe of the store, with restic as the engine.

``backup`` takes a consistent copy of the store with SQLite's online backup API into a private
temporary folder (mode 0700), has restic snapshot that one file into the repository (a folder,
``sftp:...`` or ``s3:...``; restic encrypts everything it writes there, so the repository never
sees plaintext), removes the copy, and records the backup in the change log. The snapshot is
tagged ``khronika``, ``head=<chain head hash of the copy>`` and ``sha256=<of the copy>``; tags
live inside restic's encrypted snapshot objects.

The repository password comes from ``$KHRONIKA_BACKUP_PASSWORD`` or a password file. It never
appears on a command line or in a log: it reaches restic only through the child process's
environment (``RESTIC_PASSWORD`` or ``RESTIC_PASSWORD_FILE``).

The temporary copy is overwritten with zeros before it is unlinked. On SSDs and journaling or
copy-on-write filesystems overwriting a file does not guarantee its old blocks are gone: that
is what encryption at rest (a later change) is for.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import BackupError
from ..store import Store
from .chain import GENESIS, Verification, check

PASSWORD_ENV = "KHRONIKA_BACKUP_PASSWORD"
TAG = "khronika"
COPY_NAME = "khronika-store.db"


@dataclass(frozen=True)
class Snapshot:
    """One khronika snapshot in a restic repository."""

    id: str
    path: str  # the copy's path inside the snapshot
    head: str | None  # the chain head hash of the snapshotted store
    sha256: str | None  # of the snapshotted file

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Snapshot:
        tags = dict(t.split("=", 1) for t in data.get("tags") or [] if "=" in t)
        paths = data.get("paths") or [""]
        return cls(str(data["id"]), str(paths[0]), tags.get("head"), tags.get("sha256"))


@dataclass(frozen=True)
class Restic:
    """restic against one repository, the password passed in the child's environment only."""

    repo: str
    password_file: Path | None = None

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("RESTIC_")}
        env["RESTIC_REPOSITORY"] = self.repo
        if self.password_file is not None:
            if not self.password_file.is_file():
                raise BackupError(f"{self.password_file}: the password file does not exist.")
            env["RESTIC_PASSWORD_FILE"] = str(self.password_file)
        elif os.environ.get(PASSWORD_ENV):
            env["RESTIC_PASSWORD"] = os.environ[PASSWORD_ENV]
        else:
            raise BackupError(f"No backup password: set ${PASSWORD_ENV} or give --password-file.")
        return env

    def run(self, *args: str, stdout: Any = subprocess.PIPE) -> str:
        exe = shutil.which("restic")
        if exe is None:
            raise BackupError("restic is not installed: install Debian's restic package.")
        done = subprocess.run(
            [exe, "--no-cache", "--quiet", *args],
            env=self.env(),
            stdout=stdout,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise BackupError(_explain(self.repo, done.stderr))
        return done.stdout if stdout is subprocess.PIPE else ""

    def exists(self) -> bool:
        try:
            self.run("cat", "config")
        except BackupError as exc:
            if "no repository" in str(exc):
                return False
            raise
        return True

    def snapshots(self) -> list[Snapshot]:
        """khronika's snapshots, oldest first (restic lists them by time)."""
        data = json.loads(self.run("snapshots", "--json", "--tag", TAG) or "[]")
        return [Snapshot.from_json(s) for s in data or []]

    def snapshot(self, snapshot_id: str | None = None) -> Snapshot:
        found = self.snapshots()
        if snapshot_id is not None:
            found = [s for s in found if s.id.startswith(snapshot_id)]
        if not found:
            which = f"snapshot {snapshot_id}" if snapshot_id else "khronika snapshot"
            raise BackupError(f"{self.repo}: there is no {which} in this backup repository.")
        return found[-1]


def _explain(repo: str, stderr: str) -> str:
    text = stderr.strip()
    if "wrong password" in text:
        return f"{repo}: wrong backup password (or no key for it in this repository)."
    if "Is there a repository" in text or "repository does not exist" in text:
        return f"{repo}: there is no repository here (no backup has been made to it)."
    last = text.splitlines()[-1] if text else "no message"
    return f"{repo}: restic failed: {last}"


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def shred(path: Path) -> None:
    """Overwrite a file with zeros, flush it to disk, then unlink it (see the module note)."""
    if not path.exists():
        return
    size = path.stat().st_size
    with path.open("r+b") as f:
        zeros = bytes(1 << 20)
        for offset in range(0, size, len(zeros)):
            f.write(zeros[: min(len(zeros), size - offset)])
        f.flush()
        os.fsync(f.fileno())
    path.unlink()


@contextmanager
def private_dir() -> Iterator[Path]:
    """A temporary folder only this user can read (mkdtemp makes it 0700); shredded after."""
    folder = Path(tempfile.mkdtemp(prefix="khronika-backup-"))
    try:
        yield folder
    finally:
        for item in folder.iterdir():
            shred(item)
        folder.rmdir()


def copy_store(store: Store, target: Path) -> tuple[str, str]:
    """A consistent single-file copy of the store; returns (its sha256, its chain head hash)."""
    dest = store.connect(target)  # an encrypted store is copied encrypted, with its key
    try:
        store.db.backup(dest)
        dest.execute("PRAGMA journal_mode = DELETE")  # one self-contained file, no -wal
        row = dest.execute("SELECT hash FROM chain_head WHERE id = 1").fetchone()
    finally:
        dest.close()
    return sha256_file(target), str(row[0]) if row else GENESIS


@dataclass(frozen=True)
class BackupResult:
    snapshot_id: str
    sha256: str
    head: str
    initialised: bool


def backup(store: Store, repo: str, author: str, password_file: Path | None = None) -> BackupResult:
    """Snapshot the store into ``repo`` (initialised on first use); logged in the chain."""
    restic = Restic(repo, password_file)
    initialised = False
    if not restic.exists():
        restic.run("init")
        initialised = True
    with private_dir() as folder:
        copy = folder / COPY_NAME
        sha, head = copy_store(store, copy)
        out = restic.run(
            "backup",
            "--json",
            "--tag",
            TAG,
            "--tag",
            f"head={head}",
            "--tag",
            f"sha256={sha}",
            str(copy),
        )
    snapshot_id = _snapshot_id(out)
    detail = {"snapshot": snapshot_id, "sha256": sha, "head": head}
    with store.transaction():
        store.record_change(author, "backup", None, json.dumps(detail, sort_keys=True))
    return BackupResult(snapshot_id, sha, head, initialised)


def _snapshot_id(output: str) -> str:
    for line in reversed(output.splitlines()):
        try:
            message = json.loads(line)
        except ValueError:
            continue
        if isinstance(message, dict) and message.get("snapshot_id"):
            return str(message["snapshot_id"])
    raise BackupError("restic did not report the snapshot it made.")


def fetch(restic: Restic, snapshot: Snapshot, target: Path) -> None:
    """Write the snapshotted store file to ``target`` (created, mode 0600; never overwritten)."""
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as out:
        restic.run("dump", snapshot.id, snapshot.path, stdout=out)
    if snapshot.sha256 and sha256_file(target) != snapshot.sha256:
        raise BackupError(
            f"snapshot {snapshot.id[:8]}: the restored file does not match its recorded SHA-256."
        )


def restore(
    repo: str,
    target: Path,
    snapshot_id: str | None = None,
    password_file: Path | None = None,
    passphrase: str | None = None,
) -> tuple[Snapshot, Verification]:
    """Restore the latest (or given) snapshot to ``target``, then verify it."""
    for path in _store_files(target):
        if path.exists():
            raise BackupError(f"{path} already exists: restore into a new path.")
    restic = Restic(repo, password_file)
    snapshot = restic.snapshot(snapshot_id)
    fetch(restic, snapshot, target)
    with Store(target, passphrase) as store:
        return snapshot, check(store)


def _store_files(path: Path) -> list[Path]:
    return [path, Path(f"{path}-wal"), Path(f"{path}-shm")]


def backup_is_current(store: Store, snapshot: Snapshot) -> bool:
    """Whether ``snapshot`` holds everything the store holds now.

    The snapshot is tagged with the chain head of the copy it holds. Recording the backup then
    appends one ``backup`` entry to the local chain, so the store's head moves on. The snapshot
    is current when either the store's head is still the tagged head (recording the backup did
    not happen), or the chain's last entry is the ``backup`` entry naming this very snapshot and
    it links directly to the tagged head (``prev_hash``) — so nothing else came after the copy.
    Any other change since (an ingest, an edit, an export, or a later backup that was not the
    latest snapshot) makes it stale. Hashes, not counts or times, are compared, so a chain
    rewritten since cannot pass.
    """
    if not snapshot.head:
        return False
    head = store.chain_head()
    if head is not None and head[1] == snapshot.head:
        return True
    entries = store.chain_entries()
    if not entries or head is None or entries[-1][8] != head[1]:
        return False
    _, _, _, action, _, detail, _, prev_hash, _ = entries[-1]
    try:
        recorded = json.loads(detail)
    except ValueError:
        return False
    return (
        action == "backup"
        and prev_hash == snapshot.head
        and _same_snapshot(str(recorded.get("snapshot", "")), snapshot.id)
        and recorded.get("head") == snapshot.head
    )


def _same_snapshot(recorded: str, full_id: str) -> bool:
    """restic 0.14 reports a new snapshot by its short id (8 hex digits): a prefix of the id."""
    return len(recorded) >= 8 and full_id.startswith(recorded)


def wipe(
    path: Path, repo: str, password_file: Path | None = None, passphrase: str | None = None
) -> Snapshot:
    """Destroy the local store (file, -wal, -shm) once the latest backup is proved current.

    Proof: the latest khronika snapshot is current (:func:`backup_is_current`), and it can be
    read back with this password: it is dumped into a private folder and its SHA-256 must match
    the one recorded at backup time. Only then are the files overwritten and unlinked.
    """
    if not path.is_file():
        raise BackupError(f"{path}: there is no store here to wipe.")
    restic = Restic(repo, password_file)
    snapshot = restic.snapshot()
    with Store(path, passphrase) as store:
        if not backup_is_current(store, snapshot):
            raise BackupError(
                f"the latest backup in {repo} ({snapshot.id[:8]}) is not current: changes were "
                "made since. Run `khronika backup` first; nothing was wiped."
            )
    with private_dir() as folder:
        fetch(restic, snapshot, folder / COPY_NAME)
    for item in _store_files(path):
        shred(item)
    return snapshot

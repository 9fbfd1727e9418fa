"""Off-site backup, restore and emergency wipe of the store, with restic as the engine.

``backup`` takes a consistent copy of the store with SQLite's online backup API into a hidden
file beside the store (mode 0600; never in /tmp: a killed backup must not leave the record
where it is not protected; the next ``backup`` or ``wipe`` shreds such a leftover), has restic
snapshot that one file into the repository (a folder,
``sftp:...`` or ``s3:...``; restic encrypts everything it writes there, so the repository never
sees plaintext), removes the copy, and records the backup in the change log. The snapshot is
tagged ``khronika``, ``head=<chain head hash of the copy>`` and ``sha256=<of the copy>``; tags
live inside restic's encrypted snapshot objects.

The repository password comes from ``$KHRONIKA_BACKUP_PASSWORD`` or a password file. It never
appears on a command line or in a log: it reaches restic only through the child process's
environment (``RESTIC_PASSWORD`` or ``RESTIC_PASSWORD_FILE``).

``backup_check`` proves a repository can give the record back: ``restic check --read-data``
reads and authenticates every file in it, then the latest (or given) snapshot is dumped into a
private temporary folder, compared with the SHA-256 recorded at backup time, opened with the
store passphrase and its chain verified. restic's complaints are turned into one sentence naming
the damaged file (a pack under ``data/``, an ``index/`` or ``snapshots/`` file) or blob; the raw
lines are kept for the detail. ``restore`` never leaves a partial file behind: a damaged
repository, a failed dump or a SHA-256 mismatch shreds what was written. ``wipe`` destroys the
store, and key files it is given, only after the latest snapshot is proved current and readable.

The temporary copy is overwritten with zeros before it is unlinked. On SSDs and journaling or
copy-on-write filesystems overwriting a file does not guarantee its old blocks are gone: that
is what encryption at rest (a later change) is for.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import BackupError, StoreError
from ..store import Store, copy_store_file
from .chain import Verification, check

PASSWORD_ENV = "KHRONIKA_BACKUP_PASSWORD"
TAG = "khronika"
COPY_NAME = "khronika-store.db"
DUMP_NAME = "khronika-store.pgdump"  # a PostgreSQL store's backup (security/pgbackup.py)


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


# What restic needs from khronika's environment, and nothing else (never the store
# passphrase, KHRONIKA_PASSPHRASE, nor anything else it has no use for): the program search
# path, the home folder (ssh configuration for sftp:), locale, temporary folder, the ssh agent,
# proxies, and the credentials of an S3-compatible target.
CHILD_VARIABLES = frozenset(
    ["PATH", "HOME", "USER", "LOGNAME", "LANG", "LC_ALL", "LC_CTYPE", "LC_MESSAGES", "TZ"]
    + ["TMPDIR", "SSH_AUTH_SOCK", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY"]
    + ["http_proxy", "https_proxy", "no_proxy"]
)
CHILD_PREFIXES = ("AWS_",)


def child_environment() -> dict[str, str]:
    """The variables of this process that restic may see (see ``CHILD_VARIABLES``)."""
    return {
        k: v for k, v in os.environ.items() if k in CHILD_VARIABLES or k.startswith(CHILD_PREFIXES)
    }


@dataclass(frozen=True)
class Restic:
    """restic against one repository, the password passed in the child's environment only."""

    repo: str
    password_file: Path | None = None

    def env(self) -> dict[str, str]:
        env = child_environment()
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

    def call(self, *args: str, stdout: Any = subprocess.PIPE) -> subprocess.CompletedProcess[str]:
        """Run restic and return what it did, failed or not."""
        exe = shutil.which("restic")
        if exe is None:
            raise BackupError("restic is not installed: install Debian's restic package.")
        return subprocess.run(
            [exe, "--no-cache", "--quiet", *args],
            env=self.env(),
            stdout=stdout,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )

    def run(self, *args: str, stdout: Any = subprocess.PIPE) -> str:
        done = self.call(*args, stdout=stdout)
        if done.returncode != 0:
            raise BackupError(_explain(self.repo, done.stderr))
        return done.stdout if stdout is subprocess.PIPE else ""

    def unlock_stale(self) -> str:
        """Remove stale locks: those of a restic that was killed on this machine, or older
        than 30 minutes. A lock held by a restic still running stays (``restic unlock``)."""
        done = self.call("unlock")
        if done.returncode != 0:
            raise BackupError(_explain(self.repo, done.stderr))
        return done.stderr.strip()

    def exists(self) -> bool:
        try:
            self.run("cat", "config")
        except BackupError as exc:
            if "no repository" in str(exc):
                return False
            raise
        return True

    def snapshots(self) -> list[Snapshot]:
        """khronika's readable snapshots, oldest first (restic lists them by time)."""
        return self._listing()[0]

    def _listing(self) -> tuple[list[Snapshot], list[str]]:
        """The readable snapshots, and the damage restic found in the others.

        restic skips a snapshot file it cannot load, says so on stderr and still succeeds.
        """
        done = self.call("snapshots", "--json", "--tag", TAG)
        if done.returncode != 0:
            raise BackupError(_explain(self.repo, done.stderr))
        data = json.loads(done.stdout or "[]")
        return [Snapshot.from_json(s) for s in data or []], damaged_parts(done.stderr)

    def snapshot(self, snapshot_id: str | None = None) -> Snapshot:
        """The latest (or given) readable snapshot; refused when a damaged snapshot file could
        be the one asked for (the latest cannot be known when one cannot be read)."""
        found, damage = self._listing()
        if snapshot_id is not None:
            found = [s for s in found if s.id.startswith(snapshot_id)]
        if damage and (snapshot_id is None or not found):
            raise BackupError(
                f"{_damaged(self.repo, damage)} Which khronika snapshot is the latest cannot be "
                "known: name a readable one with --snapshot ID, or use another copy."
            )
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
    if "already locked" in text:
        return (
            f"{repo}: another backup, check or restore is using this repository right now "
            "(restic holds a lock on it). Wait for it to end; if none is running, remove the "
            f"lock with `khronika backup-unlock --from {repo}`."
        )
    damage = damaged_parts(text)
    if damage:
        return _damaged(repo, damage)
    last = text.splitlines()[-1] if text else "no message"
    return f"{repo}: restic failed: {last}"


def _damaged(repo: str, parts: Sequence[str]) -> str:
    shown = ", ".join(parts[:4]) + (f" and {len(parts) - 4} more" if len(parts) > 4 else "")
    return f"{repo}: the backup repository is damaged: {shown}."


_ID = r"([0-9a-f]{8,64})"
_MISMATCH = "does not match its checksum (altered or truncated)"
_ALTERED = " (the pack file holding it was altered)"
# What restic says about a damaged file or blob (checked against Debian's 0.14) -> the part.
_DAMAGE: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"Pack ID does not match, want " + _ID), "pack file data/{sub}/{id} " + _MISMATCH),
    (
        re.compile(r"pack " + _ID + r" contains (\d+) errors?"),
        "pack file data/{sub}/{id} is damaged",
    ),
    (re.compile(r"pack " + _ID + r":? does not exist"), "pack file data/{sub}/{id} is missing"),
    (re.compile(r"<data/" + _ID + r">"), "pack file data/{sub}/{id} cannot be read"),
    (re.compile(r"(?:error loading index |<index/)" + _ID), "index file index/{id} " + _MISMATCH),
    (
        re.compile(r"(?:could not load snapshot |<snapshot/)" + _ID),
        "snapshot file snapshots/{id} " + _MISMATCH,
    ),
    (re.compile(r"<key/" + _ID + r">"), "key file keys/{id} " + _MISMATCH),
    (re.compile(r"error for tree " + _ID), "tree {short} fails authentication" + _ALTERED),
    (
        re.compile(r"decrypting blob " + _ID + r" failed"),
        "blob {short} fails authentication" + _ALTERED,
    ),
)


def damaged_parts(output: str) -> list[str]:
    """Each file or blob restic's ``output`` names as damaged, once, in the order named.

    Ids restic shortened (``<index/43a682b60b>``) are shown with an ellipsis."""
    parts: dict[str, str] = {}
    for line in output.splitlines():
        for pattern, template in _DAMAGE:
            for found in pattern.finditer(line):
                ident = found.group(1)
                if any(k.startswith(ident[:8]) for k in parts):
                    continue
                shown = ident if len(ident) == 64 else f"{ident}…"
                parts[ident] = template.format(id=shown, sub=ident[:2], short=ident[:8])
    return list(parts.values())


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
    head = copy_store_file(store, target)  # the SQL is the store's
    return sha256_file(target), head


@dataclass(frozen=True)
class BackupResult:
    snapshot_id: str
    sha256: str
    head: str
    initialised: bool


def unlock(repo: str, password_file: Path | None = None, everything: bool = False) -> str:
    """Remove the stale locks of ``repo`` (``everything``: every lock, even one a running
    restic holds); returns what restic said."""
    restic = Restic(repo, password_file)
    if not everything:
        return restic.unlock_stale()
    return restic.run("unlock", "--remove-all").strip()


def backup_copy_path(store_path: Path) -> Path:
    """Where ``backup`` puts its copy of the store: beside it (on the same disk, in the same
    protected folder, not in /tmp), hidden, mode 0600. A copy a killed backup left behind is
    shredded by the next ``backup`` and by ``wipe``."""
    return store_path.with_name(f".{store_path.name}.backup-copy")


def shred_backup_copy(store_path: Path) -> None:
    """Shred the backup copy of the store at ``store_path`` and its journals, if any."""
    for item in _store_files(backup_copy_path(store_path)):
        shred(item)
    shred(Path(f"{backup_copy_path(store_path)}-journal"))


@contextmanager
def _backup_copy(store: Store) -> Iterator[Path]:
    """The path of a fresh, empty, private file for the copy; shredded after."""
    if not isinstance(store.path, Path):  # a PostgreSQL store is dumped, not copied
        raise BackupError(f"{store.path.name}: a PostgreSQL store is backed up by pg_dump.")
    path = store.path
    copy = backup_copy_path(path)
    shred_backup_copy(path)  # left by a backup that was killed
    os.close(os.open(copy, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    try:
        yield copy
    finally:
        shred_backup_copy(path)


def backup(store: Store, repo: str, author: str, password_file: Path | None = None) -> BackupResult:
    """Snapshot the store into ``repo`` (initialised on first use); logged in the chain."""
    restic = Restic(repo, password_file)
    initialised = False
    if not restic.exists():
        restic.run("init")
        initialised = True
    restic.unlock_stale()
    with _backup_copy(store) as copy:
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
    """Write the snapshotted store file to ``target`` (created, mode 0600; never overwritten).

    On any failure (restic cannot read the snapshot, the SHA-256 differs, an interrupt) what was
    written is shredded: no partial or unverified file is left at ``target``.
    """
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w") as out:
            restic.run("dump", snapshot.id, snapshot.path, stdout=out)
        if snapshot.sha256 and sha256_file(target) != snapshot.sha256:
            raise BackupError(
                f"{restic.repo}: snapshot {snapshot.id[:8]} is damaged: the snapshot's copy does "
                "not match its recorded SHA-256."
            )
    except BaseException:
        shred(target)
        raise


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
    restic.unlock_stale()
    snapshot = restic.snapshot(snapshot_id)
    try:
        fetch(restic, snapshot, target)
    except BackupError as exc:
        raise BackupError(
            f"{exc} Nothing was restored to {target}; `khronika backup-check --from {repo}` "
            "names every damaged file."
        ) from exc
    with Store(target, passphrase) as store:
        return snapshot, check(store)


@contextmanager
def _dump_place(beside: Path | None) -> Iterator[Path]:
    if beside is None:
        with private_dir() as folder:
            yield folder / COPY_NAME
        return
    shred_backup_copy(beside)
    try:
        yield backup_copy_path(beside)
    finally:
        shred_backup_copy(beside)


def _store_files(path: Path) -> list[Path]:
    return [path, Path(f"{path}-wal"), Path(f"{path}-shm")]


def verify_snapshot(
    restic: Restic, snapshot: Snapshot, passphrase: str | None, beside: Path | None = None
) -> Verification:
    """Dump ``snapshot`` into a private folder (SHA-256 checked), open it with ``passphrase``
    and verify its chain; the copy is shredded after. With ``beside`` (a store's path) the
    copy is made beside that store instead, where ``backup`` makes its own."""
    with _dump_place(beside) as copy:
        fetch(restic, snapshot, copy)
        try:
            store = Store(copy, passphrase)
        except StoreError as exc:  # name the snapshot, not the temporary copy
            where = f"the store in snapshot {snapshot.id[:8]}"
            raise StoreError(str(exc).replace(str(copy), where)) from exc
        with store:
            return check(store)


@dataclass
class BackupCheck:
    """What ``backup_check`` found: ``problems`` are sentences naming what is damaged, where."""

    repo: str
    problems: list[str] = field(default_factory=list)
    restic_lines: list[str] = field(default_factory=list)  # what ``restic check`` printed
    snapshot: Snapshot | None = None
    verification: Verification | None = None
    dump_entries: int | None = None  # a PostgreSQL store's pg_dump: the entries it lists

    @property
    def ok(self) -> bool:
        return not self.problems


def backup_check(
    repo: str,
    snapshot_id: str | None = None,
    password_file: Path | None = None,
    passphrase: str | None = None,
) -> BackupCheck:
    """Read and authenticate every file of ``repo``, then read back and verify the latest (or
    given) khronika snapshot. A wrong password or a missing repository raises BackupError;
    damage is reported in the result."""
    restic = Restic(repo, password_file)
    report = BackupCheck(repo)
    restic.unlock_stale()
    _check_repository(restic, report)
    _check_snapshot(restic, snapshot_id, passphrase, report)
    return report


def _check_repository(restic: Restic, report: BackupCheck) -> None:
    done = restic.call("check", "--read-data")
    report.restic_lines = [ln for ln in (done.stdout + done.stderr).splitlines() if ln.strip()]
    if done.returncode == 0:
        return
    parts = damaged_parts(done.stdout + done.stderr)
    if parts:
        report.problems.append(_damaged(restic.repo, parts))
    elif "returned errors" in done.stderr or "contains errors" in done.stderr:
        said = [ln for ln in report.restic_lines if not ln.startswith("Fatal:")]
        last = (said or report.restic_lines)[-1]
        report.problems.append(f"{restic.repo}: restic check found errors: {last}")
    else:  # the check could not run: wrong password, no repository, a lock, the network
        raise BackupError(_explain(restic.repo, done.stderr))


def _check_snapshot(
    restic: Restic, snapshot_id: str | None, passphrase: str | None, report: BackupCheck
) -> None:
    try:
        snapshot = report.snapshot = restic.snapshot(snapshot_id)
        if is_dump(snapshot):  # its chain is verified when it is restored into a database
            report.dump_entries = check_dump(restic, snapshot)
            return
        result = report.verification = verify_snapshot(restic, snapshot, passphrase)
    except BackupError as exc:
        said = str(exc).removeprefix(f"{restic.repo}: ")
        which = f"snapshot {report.snapshot.id[:8]}" if report.snapshot else "the latest snapshot"
        report.problems.append(f"{which} cannot be read back: {said}")
        return
    short = snapshot.id[:8]
    if result.problems:
        listed = "; ".join(str(p) for p in result.problems[:3])
        more = f" and {len(result.problems) - 3} more" if len(result.problems) > 3 else ""
        report.problems.append(
            f"snapshot {short}: the backed-up store does not verify: {listed}{more}."
        )
    elif snapshot.head and result.head != snapshot.head:
        report.problems.append(
            f"snapshot {short}: its chain head {result.head} is not the head recorded at backup "
            f"time ({snapshot.head})."
        )


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
    if head is not None and head.hash == snapshot.head:
        return True
    entries = store.chain_entries()
    if not entries or head is None or entries[-1].hash != head.hash:
        return False
    last = entries[-1]
    try:
        recorded = json.loads(last.detail)
    except ValueError:
        return False
    return (
        last.action == "backup"
        and last.prev_hash == snapshot.head
        and _same_snapshot(str(recorded.get("snapshot", "")), snapshot.id)
        and recorded.get("head") == snapshot.head
    )


def _same_snapshot(recorded: str, full_id: str) -> bool:
    """restic 0.14 reports a new snapshot by its short id (8 hex digits): a prefix of the id."""
    return len(recorded) >= 8 and full_id.startswith(recorded)


def wipe(
    path: Path,
    repo: str,
    password_file: Path | None = None,
    passphrase: str | None = None,
    destroy_keys: Sequence[Path] = (),
) -> Snapshot:
    """Destroy the local store (file, -wal, -shm), and the ``destroy_keys`` files (a signing
    key, a passphrase file), once the latest backup is proved current and readable.

    Proof: the latest khronika snapshot is current (:func:`backup_is_current`), and it can be
    read back with this password and opened with this passphrase: it is dumped into a private
    folder, its SHA-256 must match the one recorded at backup time and its chain must verify.
    Only then are the files overwritten and unlinked. A key file that does not exist is refused
    before anything is done. khronika never writes the store passphrase anywhere itself.
    """
    if not path.is_file():
        raise BackupError(f"{path}: there is no store here to wipe.")
    for key in destroy_keys:
        if not key.is_file():
            raise BackupError(
                f"{key}: there is no such key file to destroy; check the --destroy-key paths. "
                "Nothing was wiped."
            )
    try:
        snapshot = _prove_current(path, Restic(repo, password_file), passphrase)
    except BackupError as exc:
        raise BackupError(f"{exc} Nothing was wiped.") from exc
    shred_backup_copy(path)
    for item in [*_store_files(path), *destroy_keys]:
        shred(item)
    return snapshot


def _prove_current(path: Path, restic: Restic, passphrase: str | None) -> Snapshot:
    """The latest snapshot, once it is proved to hold the store at ``path`` and to read back."""
    snapshot = restic.snapshot()
    short = f"the latest backup in {restic.repo} ({snapshot.id[:8]})"
    with Store(path, passphrase) as store:
        if not backup_is_current(store, snapshot):
            raise BackupError(
                f"{short} is not current: changes were made since. Run `khronika backup` first."
            )
    result = verify_snapshot(restic, snapshot, passphrase, beside=path)
    if result.problems:
        raise BackupError(
            f"{short} does not verify ({result.problems[0]}). Run "
            f"`khronika backup-check --from {restic.repo}`."
        )
    return snapshot


# ---- a PostgreSQL store's dump, read back by backup-check -----------------------------


def is_dump(snapshot: Snapshot) -> bool:
    return snapshot.path.endswith(DUMP_NAME)


def tool(name: str) -> str:
    """pg_dump or pg_restore: on the search path, else Debian's newest server binaries."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(p.split("/")[4])
    )
    if not candidates:
        raise BackupError(
            f"{name} is not installed: install Debian's postgresql-client package "
            "(the same major version as the server, or newer)."
        )
    return candidates[-1]


def check_dump(restic: Restic, snapshot: Snapshot) -> int:
    """Read a dump snapshot back (its SHA-256 checked) and list its contents with pg_restore;
    how many entries it holds."""
    with private_dir() as folder:
        dump = folder / DUMP_NAME
        fetch(restic, snapshot, dump)
        done = subprocess.run(
            [tool("pg_restore"), "--list", str(dump)], capture_output=True, text=True, check=False
        )
    if done.returncode != 0:
        raise BackupError(
            f"{restic.repo}: snapshot {snapshot.id[:8]}: pg_restore cannot read the dump "
            f"({done.stderr.strip()})."
        )
    return sum(1 for line in done.stdout.splitlines() if line and not line.startswith(";"))

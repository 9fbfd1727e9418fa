"""Backups of a PostgreSQL store: ``pg_dump`` (custom format) into the same restic repository
as SQLite stores' copies, restored with ``pg_restore`` into a new, empty database and verified.

The dump is written to a private temporary folder (0700) and shredded after restic has it;
originals in it are sealed with the store's key (see ``store/_seal.py``), everything in the
repository is encrypted by restic. The dump is made while khronika's write lock is held, so
the chain head tagged on the snapshot is the head of the dump.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from ..errors import BackupError
from ..store import GENESIS, DatabaseUrl, Store, store_exists
from .backup import (
    DUMP_NAME,
    TAG,
    Restic,
    Snapshot,
    _snapshot_id,
    fetch,
    private_dir,
    sha256_file,
    tool,
)
from .backup import check_dump as check_dump  # backup-check reads dumps too
from .backup import is_dump as is_dump
from .chain import Verification, check

# What pg_dump and pg_restore may see of khronika's environment: libpq's own variables, the
# search path, home (~/.pgpass), locale; never the store passphrase.
TOOL_VARIABLES = frozenset(["PATH", "HOME", "USER", "LOGNAME", "LANG", "LC_ALL", "TMPDIR"])


def _connection(url: str) -> tuple[str, dict[str, str]]:
    """The URL as libpq connection text without its password, and the environment that
    carries the password (never on a command line other users can read)."""
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    params = {k: str(v) for k, v in conninfo_to_dict(url).items() if v is not None}
    env = {k: v for k, v in os.environ.items() if k in TOOL_VARIABLES or k.startswith("PG")}
    if "password" in params:
        env["PGPASSWORD"] = params.pop("password")
    return make_conninfo(**params), env


def _run(args: list[str], url: str, what: str) -> str:
    conninfo, env = _connection(url)
    done = subprocess.run(
        [*args, "--dbname", conninfo], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        said = (done.stderr or done.stdout).strip().splitlines()
        raise BackupError(f"{DatabaseUrl(url).name}: {what} failed: {' '.join(said[-3:])}")
    return done.stdout


def backup(
    store: Store, repo: str, author: str, password_file: Path | None = None
) -> tuple[str, str, str, bool]:
    """Dump the store into ``repo`` (initialised on first use): (snapshot id, sha256 of the
    dump, chain head, whether the repository was initialised). Logged in the chain."""
    restic = Restic(repo, password_file)
    initialised = False
    if not restic.exists():
        restic.run("init")
        initialised = True
    restic.unlock_stale()
    with private_dir() as folder:
        dump = folder / DUMP_NAME
        with store.transaction():  # the write lock: no change lands between head and dump
            head = store.chain_head()
            _run([tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
                  f"--file={dump}"], str(store.path), "pg_dump")  # fmt: skip
        sha = sha256_file(dump)
        digest = head[1] if head else GENESIS
        out = restic.run("backup", "--json", "--tag", TAG, "--tag", f"head={digest}",
                         "--tag", f"sha256={sha}", str(dump))  # fmt: skip
    snapshot_id = _snapshot_id(out)
    detail = {"snapshot": snapshot_id, "sha256": sha, "head": digest, "format": "pg_dump"}
    with store.transaction():
        store.record_change(author, "backup", None, json.dumps(detail, sort_keys=True))
    return snapshot_id, sha, digest, initialised


def restore(
    repo: str,
    url: str,
    snapshot_id: str | None = None,
    password_file: Path | None = None,
    passphrase: str | None = None,
) -> tuple[Snapshot, Verification]:
    """Restore the latest (or given) snapshot of a PostgreSQL store into the empty database
    at ``url``, then verify it. A database that holds a khronika store is refused."""
    name = DatabaseUrl(url).name
    if store_exists(DatabaseUrl(url)):
        raise BackupError(f"{name} already holds a khronika store: restore into a new database.")
    restic = Restic(repo, password_file)
    restic.unlock_stale()
    snapshot = restic.snapshot(snapshot_id)
    if not is_dump(snapshot):
        raise BackupError(
            f"snapshot {snapshot.id[:8]} holds a SQLite store file: restore it with --to FILE."
        )
    with private_dir() as folder:
        dump = folder / DUMP_NAME
        try:
            fetch(restic, snapshot, dump)
        except BackupError as exc:
            raise BackupError(f"{exc} Nothing was restored to {name}.") from exc
        _run([tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error",
              "--single-transaction", str(dump)], url, "pg_restore")  # fmt: skip
    with Store(url, passphrase) as store:
        return snapshot, check(store)

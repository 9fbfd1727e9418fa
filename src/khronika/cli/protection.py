"""Commands that protect the record: verify, keygen, verify-export, backup, backup-check,
backup-unlock, restore and wipe."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.markup import escape

from ..errors import ConfigError
from .base import _errors, _passphrase, _store, err_console, main

if TYPE_CHECKING:
    from ..security import KnownHead


@main.command()
@click.option(
    "--known-head",
    "known",
    multiple=True,
    metavar="SEQ:HASH|FILE.sig",
    help="A chain head kept elsewhere (printed by an earlier verify, or in a signed export's "
    ".sig file): it must be in the chain, else the store was rolled back or rewritten.",
)
@click.pass_context
def verify(ctx: click.Context, known: tuple[str, ...]) -> None:
    """Re-hash every original and record and walk the history's hash chain."""
    from ..security import check

    with _errors():
        result = check(_store(ctx), tuple(_known_head(value) for value in known))
        for problem in result.problems:
            label = "damaged" if problem.kind == "page" else "tampered"
            err_console.print(f"[bold red]{label}:[/] {escape(str(problem))}", highlight=False)
        if result.problems:
            count = len(result.problems)
            err_console.print(f"NOT verified: {count} problem(s); head {result.head_text}")
            sys.exit(1)
        click.echo(
            f"verified: {result.reports} reports, {result.incidents} incidents, "
            f"{result.entries} chain entries, head {result.head_text}"
        )


def _known_head(value: str) -> KnownHead:
    from ..security import KnownHead
    from ..security.signing import head_from_signature

    found = re.fullmatch(r"#?(\d+):([0-9a-f]{64})", value.strip())
    if found:
        return KnownHead(int(found.group(1)), found.group(2), f"the head #{found.group(1)} given")
    path = Path(value)
    if not path.is_file():
        raise ConfigError(f"--known-head {value}: neither SEQ:HASH nor a signature file.")
    seq, digest = head_from_signature(path)
    return KnownHead(seq, digest, f"{path}")


_PASSWORD_FILE = click.option(
    "--password-file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="A file holding the backup repository password (default: $KHRONIKA_BACKUP_PASSWORD).",
)


@main.command()
@click.option("--to", "repo", required=True, help="A restic repository: a folder, sftp:, s3:.")
@_PASSWORD_FILE
@click.pass_context
def backup(ctx: click.Context, repo: str, password_file: Path | None) -> None:
    """Snapshot the store into an encrypted restic repository; logged in the chain."""
    from ..authors import default_author
    from ..security.backup import backup as make_backup

    with _errors():
        store = _store(ctx)
        if not isinstance(store.path, Path):  # PostgreSQL: pg_dump into the repository
            from ..security import pgbackup

            snapshot_id, _, head, initialised = pgbackup.backup(
                store, repo, default_author(), password_file
            )
        else:
            result = make_backup(store, repo, default_author(), password_file)
            snapshot_id, head, initialised = result.snapshot_id, result.head, result.initialised
        if initialised:
            err_console.print(f"initialised the backup repository {escape(repo)}")
        click.echo(f"backed up: snapshot {snapshot_id[:8]}, head {head}")


@main.command()
@click.option("--from", "repo", required=True, help="The restic repository to restore from.")
@click.option(
    "--to",
    "target",
    required=True,
    help="The new store file (never overwritten), or an empty PostgreSQL database's"
    " postgresql://... URL for a PostgreSQL store's snapshot.",
)
@click.option("--snapshot", "snapshot_id", default=None, help="A snapshot id (default: latest).")
@_PASSWORD_FILE
def restore(repo: str, target: str, snapshot_id: str | None, password_file: Path | None) -> None:
    """Restore a backup snapshot into a new store file, then verify it."""
    from ..security import pgbackup
    from ..security.backup import restore as do_restore
    from ..store import location

    with _errors():
        passphrase = _passphrase(click.get_current_context())
        where = location(target)
        if isinstance(where, Path):
            snapshot, result = do_restore(repo, where, snapshot_id, password_file, passphrase)
        else:
            snapshot, result = pgbackup.restore(repo, where, snapshot_id, password_file, passphrase)
        click.echo(f"restored snapshot {snapshot.id[:8]} to {getattr(where, 'name', where)}")
        for problem in result.problems:
            label = "damaged" if problem.kind == "page" else "tampered"
            err_console.print(f"[bold red]{label}:[/] {escape(str(problem))}", highlight=False)
        if result.problems:
            err_console.print(f"NOT verified: {len(result.problems)} problem(s)")
            sys.exit(1)
        click.echo(
            f"verified: {result.reports} reports, {result.incidents} incidents, "
            f"{result.entries} chain entries, head {result.head}"
        )


@main.command("backup-check")
@click.option("--from", "repo", required=True, help="The restic repository to check.")
@click.option("--snapshot", "snapshot_id", default=None, help="A snapshot id (default: latest).")
@_PASSWORD_FILE
@click.pass_context
def backup_check(
    ctx: click.Context, repo: str, snapshot_id: str | None, password_file: Path | None
) -> None:
    """Read and authenticate every file of a backup, then read back and verify its snapshot."""
    from ..security.backup import backup_check as check_backup

    with _errors():
        report = check_backup(repo, snapshot_id, password_file, _passphrase(ctx))
        snapshot, result = report.snapshot, report.verification
        if report.ok and snapshot is not None and report.dump_entries is not None:
            click.echo(
                f"backup read back: every file in {repo} read and authenticated; snapshot "
                f"{snapshot.id[:8]} (pg_dump) matches its SHA-256 and pg_restore reads its "
                f"{report.dump_entries} entries; its chain is verified by `khronika restore "
                "--to postgresql://NEW-DATABASE`"
            )
            return
        if report.ok and snapshot is not None and result is not None:
            click.echo(
                f"backup verified: every file in {repo} read and authenticated; snapshot "
                f"{snapshot.id[:8]} matches its SHA-256 and holds {result.reports} reports, "
                f"{result.incidents} incidents, {result.entries} chain entries, head {result.head}"
            )
            return
        for problem in report.problems:
            err_console.print(f"[bold red]damaged:[/] {escape(problem)}", soft_wrap=True)
        for line in report.restic_lines[:20]:  # the detail, as restic said it
            err_console.print(f"  restic: {escape(line)}", soft_wrap=True, highlight=False)
        err_console.print(f"NOT verified: {len(report.problems)} problem(s) in {escape(repo)}")
        sys.exit(1)


@main.command("backup-unlock")
@click.option("--from", "repo", required=True, help="The restic repository to unlock.")
@click.option(
    "--all",
    "everything",
    is_flag=True,
    help="Remove every lock, even one a backup still running holds (only when none runs).",
)
@_PASSWORD_FILE
def backup_unlock(repo: str, everything: bool, password_file: Path | None) -> None:
    """Remove the locks a killed backup left in a repository (backup, backup-check and
    restore remove stale ones themselves)."""
    from ..security.backup import unlock

    with _errors():
        said = unlock(repo, password_file, everything)
        click.echo(f"unlocked {repo}" + (f": {said}" if said else ": no stale lock was left"))


@main.command()
@click.option("--backup", "repo", required=True, help="The repository holding the last backup.")
@click.option("--yes", is_flag=True, help="Really destroy the local store.")
@click.option(
    "--destroy-key",
    "keys",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="A key file to shred too (a signing key, a passphrase file); repeatable.",
)
@_PASSWORD_FILE
@click.pass_context
def wipe(
    ctx: click.Context, repo: str, yes: bool, keys: tuple[Path, ...], password_file: Path | None
) -> None:
    """Destroy the local store (and --destroy-key files), once the latest backup is current.

    khronika never writes the store passphrase anywhere; a file you keep it in is yours to
    name with --destroy-key.
    """
    from ..errors import BackupError
    from ..security.backup import wipe as do_wipe

    with _errors():
        if not yes:
            raise BackupError("wipe destroys the local store: add --yes to confirm.")
        path = Path(ctx.obj["db"])
        snapshot = do_wipe(path, repo, password_file, _passphrase(ctx), keys)
        click.echo(f"wiped {path}: the backup {snapshot.id[:8]} in {repo} holds it")
        for key in keys:
            click.echo(f"wiped {key}")


@main.command()
@click.argument("key_file", type=click.Path(dir_okay=False, path_type=Path))
def keygen(key_file: Path) -> None:
    """Create an Ed25519 signing key (KEY_FILE, mode 0600) and its public key KEY_FILE.pub."""
    from ..security.signing import keygen as make_key

    with _errors():
        pub = make_key(key_file)
        click.echo(f"wrote {key_file} (private: keep it safe) and {pub} (public: share it)")


@main.command("verify-export")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--public-key",
    "pub",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
)
@click.option("--sig", type=click.Path(dir_okay=False, path_type=Path), help="Default: FILE.sig")
def verify_export(file: Path, pub: Path, sig: Path | None) -> None:
    """Check a signed export against its signature and the signer's public key."""
    from ..security.signing import verify_file

    with _errors():
        signed = verify_file(file, pub, sig)
        head = signed.get("chain_head") or {}
        click.echo(
            f"signature valid: {file} (sha256 {signed['sha256']}), signed at "
            f"{signed.get('signed_at')}, chain head #{head.get('seq')} {head.get('hash')}"
        )

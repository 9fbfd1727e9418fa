"""khronika's command line: a thin layer over :mod:`khronika.service` and the store."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from sqlcipher3 import dbapi2 as sqlcipher

from . import export as exporting
from .errors import ConfigError, KhronikaError, exit_code
from .model import Incident
from .store import IncidentFilter, Store, default_path

if TYPE_CHECKING:
    from .security import KnownHead

console = Console()
DATABASE_ERRORS: tuple[type[Exception], ...] = (sqlite3.DatabaseError, sqlcipher.DatabaseError)
if not console.is_terminal:  # piped or in CI: do not squeeze tables into 80 columns
    console = Console(width=160)
err_console = Console(stderr=True)
if not err_console.is_terminal:
    err_console = Console(stderr=True, width=160)


@contextmanager
def _errors() -> Iterator[None]:
    """Every khronika error becomes one sentence on stderr and its exit code."""
    try:
        yield
    except KhronikaError as exc:
        err_console.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False)
        sys.exit(exit_code(exc))
    except DATABASE_ERRORS as exc:
        err_console.print(
            f"[bold red]error:[/] the store could not complete this change ({escape(str(exc))})."
            " The change was rolled back; nothing already stored was altered.",
            highlight=False,
        )
        sys.exit(4)


def _passphrase(ctx: click.Context) -> str | None:
    obj: dict[str, object] = ctx.find_root().obj or {}
    value = obj.get("passphrase")
    return str(value) if value else None


def _store(ctx: click.Context) -> Store:
    path = Path(ctx.obj["db"])
    passphrase = _passphrase(ctx)
    if passphrase is None and not path.exists():
        raise ConfigError(
            f"There is no store at {path} yet. Create it with `khronika --db {path} init`"
            " (encrypted with a passphrase); `init --unencrypted` makes a plain store for"
            " tests and demonstrations only."
        )
    store = Store(path, passphrase)
    ctx.call_on_close(store.close)
    return store


@click.group()
@click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The store (default: $KHRONIKA_DB or ./khronika.db).",
)
@click.option(
    "--passphrase-file",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    default=None,
    help="A file holding the passphrase of an encrypted store (or set $KHRONIKA_PASSPHRASE).",
)
@click.version_option(package_name="khronika")
@click.pass_context
def main(ctx: click.Context, db: Path | None, passphrase_file: Path | None) -> None:
    """khronika: a verified, sourced record of human-rights incidents."""
    ctx.ensure_object(dict)
    ctx.obj["db"] = db or default_path()
    passphrase = os.environ.get("KHRONIKA_PASSPHRASE")
    if passphrase_file is not None:
        passphrase = passphrase_file.read_text(encoding="utf-8").strip()
    ctx.obj["passphrase"] = passphrase or None


@main.command()
@click.option(
    "--unencrypted",
    is_flag=True,
    help="A plain store, for tests and demonstrations: a seized disk would show it.",
)
@click.pass_context
def init(ctx: click.Context, unencrypted: bool) -> None:
    """Create a new store, encrypted with a passphrase (asked for if not given)."""
    with _errors():
        path = Path(ctx.obj["db"])
        if path.exists():
            raise ConfigError(f"{path} already exists: init creates a new store only.")
        if unencrypted:
            Store(path).close()
            console.print(f"created the UNENCRYPTED store {path}")
            return
        passphrase = _passphrase(ctx) or click.prompt(
            "Passphrase for the new store", hide_input=True, confirmation_prompt=True
        )
        if len(passphrase) < 12:
            raise ConfigError("Choose a passphrase of at least 12 characters.")
        Store(path, passphrase).close()
        console.print(
            f"created the encrypted store {path}; keep the passphrase safe: "
            "without it the record cannot be read"
        )


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--manifest", type=click.Path(path_type=Path), help="A JSONL manifest of reports.")
@click.option("--feed", type=click.Path(path_type=Path), help="An RSS or Atom feed file.")
@click.option(
    "--max-mb", type=float, default=50.0, show_default=True, help="Refuse files larger than this."
)
@click.pass_context
def ingest(
    ctx: click.Context,
    paths: tuple[Path, ...],
    manifest: Path | None,
    feed: Path | None,
    max_mb: float,
) -> None:
    """Read reports (files, folders, a manifest or a feed) into the record."""
    from .ingest import count_candidates, iter_reports
    from .service import Record

    with _errors():
        if not paths and manifest is None and feed is None:
            raise ConfigError("Nothing to ingest: give files or folders, --manifest or --feed.")
        max_bytes = int(max_mb * 1024 * 1024)
        record = Record(_store(ctx))
        total = count_candidates(paths, manifest=manifest, feed=feed, max_bytes=max_bytes)
        items = iter_reports(paths, manifest=manifest, feed=feed, max_bytes=max_bytes)
        with _progress() as progress:
            task = progress.add_task("ingesting", total=total)

            def advance(label: str) -> None:
                progress.update(task, advance=1, description=label[:40])

            progress.update(task, description="loading the language model")
            record.pipeline  # noqa: B018  (load before the bar starts moving)
            result = record.ingest(items, progress=advance)
        _ingest_summary(result)
        if result.errors:
            sys.exit(2)


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=False,
    )


def _ingest_summary(result: Any) -> None:
    console.print(
        f"added {len(result.added)} report(s), {len(result.unchanged)} already stored"
        f" (unchanged), {len(result.copies)} near-copies, {len(result.errors)} error(s)"
    )
    for doc_id, original in result.copies:
        console.print(f"  {doc_id} is a copy of {original}")
    for doc_id, why in result.not_extracted:
        console.print(f"  {doc_id} stored, {escape(why)}", highlight=False)
    for error in result.errors:
        err_console.print(f"[red]  not ingested:[/] {error}", highlight=False)


@main.command()
@click.option("--type", "event_type", help="Only this event type (also secondary types).")
@click.option("--from", "date_from", help="Only incidents on or after this date (YYYY-MM-DD).")
@click.option("--to", "date_to", help="Only incidents on or before this date (YYYY-MM-DD).")
@click.option("--place", help="Only incidents in this place, region or country.")
@click.option("--actor", help="Only incidents involving this actor (name or actor id).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.pass_context
def incidents(
    ctx: click.Context,
    event_type: str | None,
    date_from: str | None,
    date_to: str | None,
    place: str | None,
    actor: str | None,
    as_json: bool,
) -> None:
    """List incidents, with filters."""
    with _errors():
        where = IncidentFilter(
            event_type, _date(date_from, "--from"), _date(date_to, "--to"), place, actor
        )
        found = _store(ctx).incidents(where)
        if as_json:
            click.echo(
                json.dumps(
                    [exporting.incident_record(i) for i in found], indent=2, ensure_ascii=False
                )
            )
            return
        console.print(_incident_table(found))


def _date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ConfigError(f"{option} {value!r} is not a date; write it as YYYY-MM-DD.") from None


def _incident_table(found: list[Incident]) -> Table:
    table = Table(title=f"{len(found)} incident(s)")
    for column in ("id", "type", "date", "place", "victims", "perpetrators", "reports"):
        table.add_column(column)
    for i in found:
        loc = i.location
        where = ", ".join(dict.fromkeys(x for x in (loc.place, loc.region, loc.country) if x))
        table.add_row(
            i.incident_id,
            i.event_type,
            f"{i.date.value or i.date.earliest or '?'}",
            where or "?",
            "; ".join(v.name for v in i.victims)[:40],
            "; ".join(p.name for p in i.perpetrators)[:40],
            str(len(i.doc_ids)),
        )
    return table


@main.command()
@click.argument("incident_id")
@click.option("--why", is_flag=True, help="Also print the evidence for every link decision.")
@click.pass_context
def show(ctx: click.Context, incident_id: str, why: bool) -> None:
    """One incident: every fact, its status and the quoted source spans."""
    with _errors():
        store = _store(ctx)
        i = store.incident(incident_id)
        _print_incident(i)
        if why:
            _print_evidence(store, i.incident_id)


def _print_evidence(store: Store, incident_id: str) -> None:
    console.print("\n[bold]why these reports are one incident[/]")
    for mention_id, _doc, _, evidence in store.mention_links(incident_id):
        console.print(f"  {mention_id}: {evidence}", highlight=False)
    for at, author, action, _, detail in store.changes(incident_id):
        console.print(f"  {at} {author} {action} {detail}", highlight=False)


def _print_incident(i: Incident) -> None:
    also = f" (also {', '.join(i.secondary_event_types)})" if i.secondary_event_types else ""
    console.print(f"[bold]{i.incident_id}[/]  {i.event_type}{also}")
    console.print(f"reports: {', '.join(i.doc_ids)}")
    for fact in i.facts:
        review = f"  ({escape(fact.review)})" if fact.review else ""
        console.print(
            f"\n[bold]{fact.field}[/]: {escape(fact.value)}  [{_badge(fact.status)}]{review}",
            highlight=False,
        )
        for s in fact.sources:
            console.print(
                f"    {s.doc_id} [{s.start}:{s.end}] “{escape(s.quote)}”", highlight=False
            )


@main.command()
@click.argument("keep")
@click.argument("other")
@click.option("--note", default="", help="Why (kept in the history).")
@click.pass_context
def merge(ctx: click.Context, keep: str, other: str, note: str) -> None:
    """Merge incident OTHER into KEEP (an analyst correction, never undone automatically)."""
    from .review import merge as merge_incidents
    from .service import Record

    with _errors():
        kept = merge_incidents(Record(_store(ctx)), keep, other, note)
        console.print(f"merged {other} into {kept}")


@main.command()
@click.argument("incident_id")
@click.option("--docs", required=True, help="Comma-separated report ids to split off.")
@click.option("--note", default="", help="Why (kept in the history).")
@click.pass_context
def split(ctx: click.Context, incident_id: str, docs: str, note: str) -> None:
    """Move some reports' mentions out of an incident into a new one."""
    from .review import split as split_incident
    from .service import Record

    with _errors():
        doc_ids = [d.strip() for d in docs.split(",") if d.strip()]
        new_id = split_incident(Record(_store(ctx)), incident_id, doc_ids, note)
        console.print(f"split {', '.join(doc_ids)} from {incident_id} into {new_id}")


@main.command("review")
@click.argument("decision", type=click.Choice(["confirm", "reject"]))
@click.argument("incident_id")
@click.argument("field")
@click.argument("value")
@click.option("--note", default="", help="Why (kept in the history).")
@click.pass_context
def review_command(
    ctx: click.Context, decision: str, incident_id: str, field: str, value: str, note: str
) -> None:
    """Confirm or reject one fact (FIELD and VALUE as `show` prints them)."""
    from .review import review_fact
    from .service import Record

    with _errors():
        decided = "confirmed" if decision == "confirm" else "rejected"
        review_fact(Record(_store(ctx)), incident_id, field, value, decided, note)
        console.print(f"{field} {value!r} of {incident_id} {decided}")


@main.command()
@click.argument("incident_id")
@click.argument("field", type=click.Choice(["event_type", "date", "location"]))
@click.argument("value")
@click.option("--note", default="", help="Why (kept in the history).")
@click.pass_context
def edit(ctx: click.Context, incident_id: str, field: str, value: str, note: str) -> None:
    """Set an incident's type, date (YYYY-MM-DD, YYYY-MM, YYYY) or place by hand."""
    from .review import edit_field
    from .service import Record

    with _errors():
        edit_field(Record(_store(ctx)), incident_id, field, value, note)
        console.print(f"{incident_id} {field} set to {value!r}")


@main.command()
@click.pass_context
def relink(ctx: click.Context) -> None:
    """Re-link every mention not fixed by an analyst (after a model change)."""
    from .review import relink as relink_all
    from .service import Record

    with _errors():
        count = relink_all(Record(_store(ctx)))
        console.print(f"re-linked: {count} incident(s); analyst corrections kept")


@main.command()
@click.argument("incident_id", required=False)
@click.pass_context
def history(ctx: click.Context, incident_id: str | None) -> None:
    """Every recorded change (or one incident's), with who and when."""
    with _errors():
        table = Table(title="history")
        for column in ("when", "who", "what", "incident", "detail"):
            table.add_column(column)
        for at, author, action, incident, detail in _store(ctx).changes(incident_id):
            table.add_row(at, author, action, incident or "", detail)
        console.print(table)


def _badge(status: str) -> str:
    colour = {"corroborated": "green", "single_source": "yellow", "contested": "red"}
    return f"[{colour.get(status, 'white')}]{status}[/]"


@main.command()
@click.pass_context
def actors(ctx: click.Context) -> None:
    """Every resolved actor with its aliases."""
    with _errors():
        table = Table(title="actors")
        for column in ("actor_id", "name", "kind", "aliases"):
            table.add_column(column)
        for a in _store(ctx).actors():
            table.add_row(a.actor_id, a.name, a.kind, ", ".join(a.aliases))
        console.print(table)


@main.command("export")
@click.option(
    "--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True
)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write to a file.")
@click.option(
    "--sign",
    "key_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Sign the file with this Ed25519 key (from `khronika keygen`): writes OUT.sig.",
)
@click.option(
    "--withhold-names",
    is_flag=True,
    help="Withhold the names of victims, witnesses and every person not named as a "
    "perpetrator, as viewer accounts read them (for sharing beyond the team).",
)
@click.pass_context
def export_command(
    ctx: click.Context, fmt: str, out: Path | None, key_file: Path | None, withhold_names: bool
) -> None:
    """Export the record (JSON contract in BRIEF.md, or CSV of incidents); logged in the chain."""
    import hashlib

    from .security.redact import Redactor
    from .service import default_author

    with _errors():
        if key_file is not None and out is None:
            raise ConfigError("--sign needs --out: the signature goes beside the file.")
        store = _store(ctx)
        redactor = Redactor.for_store(store) if withhold_names else Redactor(frozenset())
        if fmt == "json":
            data = redactor.value(exporting.to_json(store))
            text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
        else:
            text = redactor.text(exporting.to_csv(store))
        head = store.chain_head()
        if out is None:
            click.echo(text, nl=False)
        else:
            out.write_text(text, encoding="utf-8")
            err_console.print(f"wrote {out}")
        detail = {"format": fmt, "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest()}
        if withhold_names:
            detail["names_withheld"] = "true"
        if out is not None and key_file is not None:
            from .security.signing import sign_file

            err_console.print(f"wrote {sign_file(out, key_file, head)}")
            detail["signed"] = "true"
        with store.transaction():
            store.record_change(default_author(), "export", None, json.dumps(detail))


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
    from .security import check

    with _errors():
        result = check(_store(ctx), tuple(_known_head(value) for value in known))
        for problem in result.problems:
            err_console.print(f"[bold red]tampered:[/] {escape(str(problem))}", highlight=False)
        if result.problems:
            count = len(result.problems)
            err_console.print(f"NOT verified: {count} problem(s); head {result.head_text}")
            sys.exit(1)
        click.echo(
            f"verified: {result.reports} reports, {result.incidents} incidents, "
            f"{result.entries} chain entries, head {result.head_text}"
        )


def _known_head(value: str) -> KnownHead:
    from .security import KnownHead
    from .security.signing import head_from_signature

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
    from .security.backup import backup as make_backup
    from .service import default_author

    with _errors():
        result = make_backup(_store(ctx), repo, default_author(), password_file)
        if result.initialised:
            err_console.print(f"initialised the backup repository {escape(repo)}")
        click.echo(f"backed up: snapshot {result.snapshot_id[:8]}, head {result.head}")


@main.command()
@click.option("--from", "repo", required=True, help="The restic repository to restore from.")
@click.option(
    "--to",
    "target",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The new store file (never overwritten).",
)
@click.option("--snapshot", "snapshot_id", default=None, help="A snapshot id (default: latest).")
@_PASSWORD_FILE
def restore(repo: str, target: Path, snapshot_id: str | None, password_file: Path | None) -> None:
    """Restore a backup snapshot into a new store file, then verify it."""
    from .security.backup import restore as do_restore

    with _errors():
        passphrase = _passphrase(click.get_current_context())
        snapshot, result = do_restore(repo, target, snapshot_id, password_file, passphrase)
        click.echo(f"restored snapshot {snapshot.id[:8]} to {target}")
        for problem in result.problems:
            err_console.print(f"[bold red]tampered:[/] {escape(str(problem))}", highlight=False)
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
    from .security.backup import backup_check as check_backup

    with _errors():
        report = check_backup(repo, snapshot_id, password_file, _passphrase(ctx))
        snapshot, result = report.snapshot, report.verification
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
    from .errors import BackupError
    from .security.backup import wipe as do_wipe

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
    from .security.signing import keygen as make_key

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
    from .security.signing import verify_file

    with _errors():
        signed = verify_file(file, pub, sig)
        head = signed.get("chain_head") or {}
        click.echo(
            f"signature valid: {file} (sha256 {signed['sha256']}), signed at "
            f"{signed.get('signed_at')}, chain head #{head.get('seq')} {head.get('hash')}"
        )


@main.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on (keep 127.0.0.1 unless behind a protected proxy).",
)
@click.option("--port", default=8000, show_default=True, type=int)
@click.pass_context
def serve(ctx: click.Context, host: str, port: int) -> None:
    """Serve the web app and the JSON API over the store."""
    import uvicorn

    from .api import create_app

    with _errors():
        with Store(ctx.obj["db"], _passphrase(ctx)) as store:  # fails here if it cannot open
            accounts = store.user_count()
        if not accounts:
            err_console.print(
                "[bold yellow]warning:[/] single-user local mode: this store has no account, so"
                " anyone who can reach this address can read and change the record. Add one"
                " with `khronika user add NAME --role admin` before serving beyond this machine.",
                highlight=False,
            )
        app = create_app(ctx.obj["db"], _passphrase(ctx))
        uvicorn.run(app, host=host, port=port, log_level="info")


@main.group()
def user() -> None:
    """Accounts for the web app and API (admin, analyst, viewer)."""


ROLE_HELP = "admin: everything; analyst: reviews and edits; viewer: reads, victims' names withheld."


@user.command("add")
@click.argument("name")
@click.option(
    "--role", type=click.Choice(["admin", "analyst", "viewer"]), required=True, help=ROLE_HELP
)
@click.pass_context
def user_add(ctx: click.Context, name: str, role: str) -> None:
    """Add an account (or give an existing one this role and a new password, ending its
    sessions). The password (at least 12 characters) comes from $KHRONIKA_USER_PASSWORD or
    a prompt; only its Argon2id hash is stored. Logged in the chain."""
    from .service import default_author
    from .web.admin import add_account

    with _errors():
        password = os.environ.get("KHRONIKA_USER_PASSWORD") or click.prompt(
            "Password", hide_input=True, confirmation_prompt=True
        )
        name = add_account(_store(ctx), default_author(), name, role, password, replace=True)
    click.echo(f"account {name} ({role}) saved")


@user.command("list")
@click.pass_context
def user_list(ctx: click.Context) -> None:
    """Every account and its role."""
    with _errors():
        found = _store(ctx).users()
    table = Table("name", "role")
    for name, role in found:
        table.add_row(escape(name), role)
    console.print(table if found else "no account: single-user local mode", highlight=False)


@user.command("remove")
@click.argument("name")
@click.pass_context
def user_remove(ctx: click.Context, name: str) -> None:
    """Remove an account (never the last admin); its sessions end. Logged in the chain."""
    from .service import default_author
    from .web.admin import remove_account

    with _errors():
        remove_account(_store(ctx), default_author(), name)
    click.echo(f"account {name} removed")


@user.command("role")
@click.argument("name")
@click.argument("role", type=click.Choice(["admin", "analyst", "viewer"]))
@click.pass_context
def user_role(ctx: click.Context, name: str, role: str) -> None:
    """Give an account another role (never demoting the last admin). Logged in the chain."""
    from .service import default_author
    from .web.admin import change_role

    with _errors():
        changed = change_role(_store(ctx), default_author(), name, role)
    click.echo(f"account {name} is now {role}" if changed else f"account {name} was already {role}")


@main.group()
def bench() -> None:
    """Benchmarks on public data sets (accuracy; speed benchmarks live in bench/)."""


@bench.command("ecbplus")
@click.option(
    "--setting",
    type=click.Choice(["topic", "all", "both"]),
    default="both",
    show_default=True,
    help="Cluster within each topic, the whole split, or both.",
)
@click.option(
    "--split",
    "split_name",
    type=click.Choice(["train", "dev", "test"]),
    default="test",
    show_default=True,
)
@click.option(
    "--data",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="The shared folder holding benchmarks/ecbplus (default: ../shared).",
)
def bench_ecbplus(setting: str, split_name: str, data: Path | None) -> None:
    """Cross-document event coreference on ECB+: MUC, B-cubed, CEAF-e and CoNLL F1."""
    from .benchmarks.ecbplus import render, run

    with _errors():
        settings = ["topic", "all"] if setting == "both" else [setting]
        for name in settings:
            click.echo(render(run(split=split_name, setting=name, shared_dir=data)))
            click.echo("")


@main.command("eval")
@click.option("--gold", required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--manifest", required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def eval_command(gold: Path, manifest: Path, as_json: bool) -> None:
    """Ingest a manifest into a temporary store and score it against a gold annotation."""
    from .evaluate import evaluate, render

    with _errors():
        report = evaluate(gold, manifest)
        if as_json:
            click.echo(json.dumps(report, indent=2, ensure_ascii=False))
        else:
            click.echo(render(report))

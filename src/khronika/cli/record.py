"""The record's commands: init, ingest, incidents, show, actors, the analysts' corrections
(merge, split, review, edit, relink, history), export, serve, bench and eval."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

import click
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from .. import export as exporting
from ..errors import ConfigError
from ..model import Incident
from ..store import ChainHead, IncidentFilter, Store, store_exists
from .base import _errors, _passphrase, _store, console, err_console, main


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
        path = ctx.obj["db"]
        shown = path if isinstance(path, Path) else path.name  # a URL without its password
        if store_exists(path):
            raise ConfigError(f"{shown} already exists: init creates a new store only.")
        if unencrypted:
            Store(path, create=True).close()
            console.print(f"created the UNENCRYPTED store {shown}")
            return
        passphrase = _passphrase(ctx) or click.prompt(
            "Passphrase for the new store", hide_input=True, confirmation_prompt=True
        )
        if len(passphrase) < 12:
            raise ConfigError("Choose a passphrase of at least 12 characters.")
        Store(path, passphrase, create=True).close()
        console.print(
            f"created the encrypted store {shown}; keep the passphrase safe: "
            "without it the record cannot be read"
        )


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--manifest", type=click.Path(path_type=Path), help="A JSONL manifest of reports.")
@click.option("--feed", type=click.Path(path_type=Path), help="An RSS or Atom feed file.")
@click.option(
    "--telegram",
    type=click.Path(path_type=Path),
    help="A Telegram Desktop export (its folder, with result.json): one report per message.",
)
@click.option(
    "--max-mb", type=float, default=50.0, show_default=True, help="Refuse files larger than this."
)
@click.option(
    "--workers",
    type=int,
    default=None,
    help="Extract on a local Dask cluster of this many worker processes (linking stays one"
    " ordered writer here: the same record as without).",
)
@click.option(
    "--scheduler",
    default=None,
    metavar="tcp://HOST:8786",
    help="Extract on a running Dask cluster (its workers need khronika installed).",
)
@click.pass_context
def ingest(
    ctx: click.Context,
    paths: tuple[Path, ...],
    manifest: Path | None,
    feed: Path | None,
    telegram: Path | None,
    max_mb: float,
    workers: int | None,
    scheduler: str | None,
) -> None:
    """Read reports (files, folders, a manifest, a feed or a Telegram export) into the record."""
    import itertools

    from ..ingest import count_candidates, iter_reports
    from ..ingest.telegram import count_messages, iter_telegram
    from ..service import Record

    with _errors():
        if not paths and manifest is None and feed is None and telegram is None:
            raise ConfigError(
                "Nothing to ingest: give files or folders, --manifest, --feed or --telegram."
            )
        max_bytes = int(max_mb * 1024 * 1024)
        record = Record(_store(ctx))
        total = count_candidates(paths, manifest=manifest, feed=feed, max_bytes=max_bytes)
        items = iter_reports(paths, manifest=manifest, feed=feed, max_bytes=max_bytes)
        if telegram is not None:  # read message by message: media are read when reached
            total += count_messages(telegram, max_bytes=max_bytes)
            items = itertools.chain(items, iter_telegram(telegram, max_bytes=max_bytes))
        if workers is not None or scheduler is not None:
            result = _ingest_on_cluster(record, items, total, workers, scheduler)
        else:
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


def _ingest_on_cluster(
    record: Any, items: Any, total: int, workers: int | None, scheduler: str | None
) -> Any:
    """Extraction on Dask workers, linking here: two bars, one per stage."""
    from ..distributed import DaskExtractor

    with DaskExtractor(workers, scheduler) as cluster, _progress() as progress:
        extracting = progress.add_task("extracting (workers)", total=total)
        linking = progress.add_task("linking (one writer)", total=total)
        progress.update(extracting, description=f"loading the models on {cluster.size} workers")
        cluster.warm(record.pipeline)
        progress.update(extracting, description=f"extracting on {cluster.size} workers")

        def extracted() -> None:
            progress.update(extracting, advance=1)

        def linked(label: str) -> None:
            progress.update(linking, advance=1, description=f"linking {label[:30]}")

        return record.ingest_distributed(items, cluster, progress=linked, extracted=extracted)


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
@click.option("--country", help="Only incidents in this country.")
@click.option("--region", help="Only incidents in this region.")
@click.option("--actor", help="Only incidents involving this actor (name or actor id).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.pass_context
def incidents(ctx: click.Context, /, as_json: bool, **given: str | None) -> None:
    """List incidents, with filters."""
    with _errors():
        where = IncidentFilter(
            given["event_type"],
            _date(given["date_from"], "--from"),
            _date(given["date_to"], "--to"),
            given["place"],
            given["actor"],
            country=given["country"],
            region=given["region"],
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
    for link in store.mention_links(incident_id):
        console.print(f"  {link.mention_id}: {link.evidence}", highlight=False)
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
                f"    {s.doc_id}{f' p. {s.page}' if s.page else ''} [{s.start}:{s.end}]"
                f" “{escape(s.quote)}”",
                highlight=False,
            )


@main.command()
@click.argument("keep")
@click.argument("other")
@click.option("--note", default="", help="Why (kept in the history).")
@click.pass_context
def merge(ctx: click.Context, keep: str, other: str, note: str) -> None:
    """Merge incident OTHER into KEEP (an analyst correction, never undone automatically)."""
    from ..review import merge as merge_incidents
    from ..service import Record

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
    from ..review import split as split_incident
    from ..service import Record

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
    from ..review import review_fact
    from ..service import Record

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
    from ..review import edit_field
    from ..service import Record

    with _errors():
        edit_field(Record(_store(ctx)), incident_id, field, value, note)
        console.print(f"{incident_id} {field} set to {value!r}")


@main.command()
@click.pass_context
def relink(ctx: click.Context) -> None:
    """Re-link every mention not fixed by an analyst (after a model change)."""
    from ..review import relink as relink_all
    from ..service import Record

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
    from ..authors import default_author
    from ..security.redact import Redactor

    with _errors():
        if key_file is not None and out is None:
            raise ConfigError("--sign needs --out: the signature goes beside the file.")
        store = _store(ctx)
        redactor = Redactor.for_store(store) if withhold_names else None
        made = exporting.export_record(store, fmt, redactor)
        if out is None:
            click.echo(made.text, nl=False)
        else:
            _write_export(out, made.text.encode("utf-8"), key_file, made.head)
        signed = out is not None and key_file is not None
        exporting.record_export(store, default_author(), made.entry(signed=signed))


def _write_export(out: Path, data: bytes, key_file: Path | None, head: ChainHead | None) -> None:
    """The export, then its signature, each written whole or not at all (mode 0600): an
    interrupted export leaves the previous export and signature as they were."""
    from ..fileio import write_atomic
    from ..security.signing import signature_for, signature_path

    signature = None if key_file is None else signature_for(data, out.name, key_file, head)
    for path, content in ((out, data), (signature_path(out), signature)):
        if content is None:
            continue
        try:
            write_atomic(path, content)
        except OSError as exc:  # name the file asked for, not the temporary one
            raise OSError(exc.errno, exc.strerror, str(path)) from None
        err_console.print(f"wrote {path}")


@main.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on (keep 127.0.0.1 unless behind a protected proxy).",
)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option(
    "--trusted-proxy",
    "proxies",
    multiple=True,
    help="The address of a reverse proxy whose X-Forwarded-For is believed (repeatable; "
    "none by default, not even 127.0.0.1), so login limits count each real client.",
)
@click.option(
    "--workers",
    type=int,
    default=1,
    show_default=True,
    help="uvicorn worker processes (several app servers over one store, e.g. on PostgreSQL).",
)
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, proxies: tuple[str, ...], workers: int) -> None:
    """Serve the web app and the JSON API over the store."""
    import uvicorn

    from ..app import create_app
    from ..web.server import server_config

    with _errors():
        with Store(ctx.obj["db"], _passphrase(ctx)) as store:  # fails here if it cannot open
            accounts = store.user_count()
        if not accounts and not _loopback(host):
            raise ConfigError(
                f"This store has no account: serving on {host} would give anyone on the network"
                " the whole record, to read and to change. Add an admin first (`khronika user"
                " add NAME --role admin`), or serve on 127.0.0.1."
            )
        if not accounts:
            err_console.print(
                "[bold yellow]warning:[/] single-user local mode: this store has no account, so"
                " anyone who can reach this address can read and change the record. Add one"
                " with `khronika user add NAME --role admin` before serving beyond this machine.",
                highlight=False,
            )
        if workers > 1:
            from ..web.server import run_workers

            run_workers(str(ctx.obj["db"]), _passphrase(ctx), host, port, proxies, workers)
            return
        config = server_config(create_app(ctx.obj["db"], _passphrase(ctx)), host, port, proxies)
        uvicorn.Server(config).run()


def _loopback(host: str) -> bool:
    """Whether ``host`` is this machine only (127.0.0.0/8, ::1, localhost)."""
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


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
    from ..benchmarks.ecbplus import render, run

    with _errors():
        settings = ["topic", "all"] if setting == "both" else [setting]
        for name in settings:
            click.echo(render(run(split=split_name, setting=name, shared_dir=data)))
            click.echo("")


@main.command("eval")
@click.option("--gold", type=click.Path(exists=True, path_type=Path))
@click.option("--manifest", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--set",
    "sets",
    multiple=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="An evaluation set folder (docs.jsonl + gold.jsonl); repeatable.",
)
@click.option("--language", "languages", multiple=True, help="Only reports in this language.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def eval_command(
    gold: Path | None,
    manifest: Path | None,
    sets: tuple[Path, ...],
    languages: tuple[str, ...],
    as_json: bool,
) -> None:
    """Score the pipeline: a manifest against a gold annotation (--gold, --manifest), or
    evaluation sets (--set) with the TF-IDF baseline beside it, by training and check part."""
    with _errors():
        if sets:
            _eval_sets(sets, set(languages) or None, as_json)
            return
        if gold is None or manifest is None:
            raise ConfigError("Give --gold and --manifest, or one or more --set folders.")
        from ..evaluate import evaluate, render

        report = evaluate(gold, manifest)
        if as_json:
            click.echo(json.dumps(report, indent=2, ensure_ascii=False))
        else:
            click.echo(render(report))


def _eval_sets(sets: tuple[Path, ...], languages: set[str] | None, as_json: bool) -> None:
    from ..benchmarks.set_eval import render, run_set

    reports = []
    for folder in sets:
        with _progress() as progress:
            task = progress.add_task(f"{folder.name}: loading the language model", total=None)

            def advance(label: str, task: Any = task, name: str = folder.name) -> None:
                progress.update(task, advance=1, description=f"{name}: {label[:30]}")

            reports.append(run_set(folder, languages, progress=advance))
        if not as_json:
            click.echo(render(reports[-1]) + "\n")
    if as_json:
        click.echo(json.dumps(reports, indent=2, ensure_ascii=False))

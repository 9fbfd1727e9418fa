"""Attachments from the command line: ``khronika attach add|list|show|get|export``."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.markup import escape

from ..evidence import attach, shared_copy
from ..export import export_incident
from ..model import Attachment
from .base import _errors, _store, console, main


@main.group("attach")
def attach_group() -> None:
    """Photos, videos, audio and documents kept as evidence of a report or an incident."""


@attach_group.command("add")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--report", "doc_id", help="The report (doc_id) the files belong to.")
@click.option("--incident", "incident_id", help="The incident the files belong to.")
@click.option("--max-mb", type=float, default=50.0, show_default=True)
@click.pass_context
def attach_add(
    ctx: click.Context,
    files: tuple[Path, ...],
    doc_id: str | None,
    incident_id: str | None,
    max_mb: float,
) -> None:
    """Attach files (each in its own transaction: a bad one is named, the rest go on)."""
    from ..authors import default_author
    from ..errors import InputError

    with _errors():
        store = _store(ctx)
        failed = 0
        for path in files:
            try:
                found = attach(
                    store,
                    path,
                    default_author(),
                    doc_id=doc_id,
                    incident_id=incident_id,
                    max_bytes=int(max_mb * 1024 * 1024),
                )
            except InputError as exc:
                failed += 1
                console.print(f"[red]  not attached:[/] {escape(str(exc))}", highlight=False)
                continue
            console.print(_line(found), highlight=False)
        if failed:
            ctx.exit(2)


def _line(a: Attachment) -> str:
    target = f"report {a.doc_id}" if a.doc_id else f"incident {a.incident_id}"
    return (
        f"{a.attachment_id}  {escape(a.name)}  {a.media_type}  {a.size} bytes  "
        f"sha256 {a.sha256[:16]}…  ({target})"
    )


@attach_group.command("list")
@click.option("--report", "doc_id", help="Only this report's attachments.")
@click.option("--incident", "incident_id", help="Only this incident's attachments.")
@click.pass_context
def attach_list(ctx: click.Context, doc_id: str | None, incident_id: str | None) -> None:
    """List attachments."""
    with _errors():
        store = _store(ctx)
        ids = [store.resolve_incident_id(incident_id)] if incident_id else []
        for a in store.attachments(doc_id=doc_id, incident_ids=ids):
            console.print(_line(a), highlight=False)


@attach_group.command("show")
@click.argument("attachment_id")
@click.pass_context
def attach_show(ctx: click.Context, attachment_id: str) -> None:
    """One attachment: its SHA-256, size, type and every metadata field (GPS included)."""
    with _errors():
        a = _store(ctx).attachment(attachment_id)
        console.print(_line(a), highlight=False)
        console.print(f"sha256 {a.sha256}")
        console.print(json.dumps(a.metadata, ensure_ascii=False, indent=2), highlight=False)


@attach_group.command("get")
@click.argument("attachment_id")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--original", is_flag=True, help="The original bytes, GPS and serials included.")
@click.pass_context
def attach_get(ctx: click.Context, attachment_id: str, out: Path, original: bool) -> None:
    """Write an attachment to a file: a copy cleaned of GPS and device serials, or the
    original with --original."""
    from ..errors import ConfigError

    with _errors():
        store = _store(ctx)
        if original:
            out.write_bytes(store.attachment_bytes(attachment_id))
        else:
            copy = shared_copy(store, attachment_id)
            if copy.raw is None:
                raise ConfigError(
                    f"{attachment_id} is a {copy.attachment.media_type} file, which khronika "
                    "cannot clean of identifying metadata; use --original if you mean to."
                )
            out.write_bytes(copy.raw)
        console.print(f"wrote {out}")


@attach_group.command("export")
@click.argument("incident_id")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True)
@click.pass_context
def attach_export(ctx: click.Context, incident_id: str, out: Path) -> None:
    """A folder to share: the incident as JSON and its attachments without GPS or serials."""
    with _errors():
        written = export_incident(_store(ctx), incident_id, out)
        console.print(f"wrote {len(written)} file(s) to {out}")

"""Telegram Desktop exports of a channel or chat (``result.json`` and its media folders).

Each message with text is one report: ``doc_id`` ``tg-<channel id>-<message id>``, its link
(``https://t.me/c/<channel id>/<message id>``), date, channel and author as provenance, the
message's JSON as the stored original, and its photo or file as attachments. The media of a
message without text that follows within a minute from the same sender (the rest of an album)
joins the message before it. A forwarded message is marked as a copy of its origin: its
publisher is the channel it was forwarded from (so it is not counted as another independent
source) and its provenance names both.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from khronika.errors import InputError, MalformedInputError
from khronika.model import IncomingAttachment, IncomingReport, ReportMeta

from ._common import DEFAULT_MAX_BYTES, read_bytes

Item = IncomingReport | InputError
ALBUM_SECONDS = 60
MEDIA_KEYS = ("photo", "file")


def export_file(path: Path) -> Path:
    return path / "result.json" if path.is_dir() else path


def iter_telegram(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """Every message of the export at ``path`` (its folder or its ``result.json``)."""
    result = export_file(Path(path))
    label = str(result)
    try:
        data = json.loads(read_bytes(result, label, max_bytes))
    except InputError as exc:
        yield exc
        return
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        yield MalformedInputError(label, f"this is not a Telegram export's JSON ({exc}).")
        return
    if not isinstance(data, dict) or not isinstance(data.get("messages"), list):
        yield MalformedInputError(
            label, "this is not a Telegram Desktop export: it has no 'messages' list."
        )
        return
    yield from _messages(data, result.parent, label, max_bytes)


def _messages(data: dict[str, Any], folder: Path, label: str, max_bytes: int) -> Iterator[Item]:
    pending: IncomingReport | None = None
    for message in data["messages"]:
        if not isinstance(message, dict) or message.get("type") != "message":
            continue
        where = f"{label} message {message.get('id')}"
        text = flatten(message.get("text", ""))
        media = list(_media(message, folder, where, max_bytes))
        errors = [m for m in media if isinstance(m, InputError)]
        files = tuple(m for m in media if isinstance(m, IncomingAttachment))
        yield from errors
        if not text.strip():
            if pending is not None and files and _same_album(pending, message):
                pending = _with_files(pending, files)
            elif files:
                yield InputError(
                    where,
                    "this message has no text, so it is not a report; "
                    "attach its media with khronika attach add.",
                )
            continue
        if pending is not None:
            yield pending
        try:
            pending = _report(data, message, text, files, where)
        except (KeyError, TypeError, ValueError) as exc:
            pending = None
            yield MalformedInputError(where, f"this message cannot be read ({exc}).")
    if pending is not None:
        yield pending


def count_messages(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> int:
    """About how many items :func:`iter_telegram` yields (to size a progress bar), without
    reading any media."""
    result = export_file(Path(path))
    try:
        data = json.loads(read_bytes(result, str(result), max_bytes))
        messages = data["messages"]
        return max(1, sum(1 for m in messages if isinstance(m, dict) and m.get("text")))
    except (InputError, ValueError, KeyError, TypeError):
        return 1


def flatten(text: Any) -> str:
    """A message's text: a string, or a list of strings and entities with a 'text'."""
    if isinstance(text, str):
        return text
    if isinstance(text, list):
        return "".join(p if isinstance(p, str) else str(p.get("text", "")) for p in text)
    return ""


def _report(
    data: dict[str, Any],
    message: dict[str, Any],
    text: str,
    files: tuple[IncomingAttachment, ...],
    where: str,
) -> IncomingReport:
    channel = str(data.get("name") or "Telegram")
    channel_id = str(data.get("id") or "chat")
    message_id = int(message["id"])
    sent = dt.datetime.fromisoformat(str(message["date"]))
    link = f"https://t.me/c/{channel_id}/{message_id}"
    origin = message.get("forwarded_from")
    provenance = {
        "kind": "telegram",
        "channel": channel,
        "channel_id": channel_id,
        "message_id": str(message_id),
        "link": link,
        "date": sent.isoformat(),
        "author": str(message.get("from") or message.get("author") or channel),
    }
    if origin:
        provenance |= {"forwarded_from": str(origin), "forwarded_by": channel}
    meta = ReportMeta(
        doc_id=f"tg-{channel_id}-{message_id}",
        url=link,
        publisher=str(origin) if origin else channel,
        published=sent.date(),
    )
    raw = json.dumps(message, ensure_ascii=False, sort_keys=True).encode("utf-8")
    pairs = tuple(provenance.items())
    return IncomingReport(meta, raw, text, "application/vnd.telegram+json", where, (), pairs, files)


def _media(
    message: dict[str, Any], folder: Path, where: str, max_bytes: int
) -> Iterator[IncomingAttachment | InputError]:
    for key in MEDIA_KEYS:
        name = message.get(key)
        if not isinstance(name, str) or name.startswith("(File not included"):
            continue
        path = (folder / name).resolve()
        if folder.resolve() not in path.parents:
            yield MalformedInputError(where, f"its {key} {name!r} lies outside the export folder.")
            continue
        try:
            yield IncomingAttachment(
                Path(name).name, read_bytes(path, f"{where} ({name})", max_bytes)
            )
        except InputError as exc:
            yield exc


def _same_album(report: IncomingReport, message: dict[str, Any]) -> bool:
    previous = dict(report.provenance)
    try:
        gap = dt.datetime.fromisoformat(str(message["date"])) - dt.datetime.fromisoformat(
            previous["date"]
        )
    except (KeyError, ValueError):
        return False
    author = str(message.get("from") or message.get("author") or previous.get("channel"))
    return author == previous.get("author") and 0 <= gap.total_seconds() <= ALBUM_SECONDS


def _with_files(report: IncomingReport, files: tuple[IncomingAttachment, ...]) -> IncomingReport:
    import dataclasses

    return dataclasses.replace(report, attachments=report.attachments + files)

"""Evaluation sets in the shared benchmark layout: ``hrdev``-style and ``gva``-style folders.

A set is a folder with ``docs.jsonl`` (one report a line: ``doc_id`` and either ``text`` or a
file ``docs/<doc_id>.txt`` beside it, plus ``url``, ``publisher``, ``published``, ``title``,
``language``) and ``gold.jsonl`` (one gold incident a line with its ``doc_ids``). Nothing here
knows a set's contents: the same code reads the hidden sets of the same kinds.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import EvalError
from ..model import IncomingReport, ReportMeta


@dataclass(frozen=True)
class SetDocument:
    """One report of an evaluation set, as read from its folder."""

    doc_id: str
    text: str
    url: str | None
    publisher: str | None
    published: dt.date | None
    title: str | None
    language: str | None

    def incoming(self) -> IncomingReport:
        meta = ReportMeta(
            doc_id=self.doc_id,
            url=self.url,
            publisher=self.publisher,
            published=self.published,
            title=self.title,
            language=self.language,
        )
        from ..ingest import merge_meta

        meta = merge_meta(ReportMeta(doc_id=self.doc_id), meta)  # as a manifest line is read
        return IncomingReport(meta, self.text.encode("utf-8"), self.text, "text/plain", self.doc_id)


@dataclass(frozen=True)
class EvalSet:
    name: str
    folder: Path
    documents: list[SetDocument]
    gold: list[dict[str, Any]]

    def check_incidents(self) -> set[str]:
        """The check part: half the incidents, by a hash of their ids (see
        :func:`~khronika.benchmarks.set_scoring.split_incidents`)."""
        from .set_scoring import split_incidents

        return set(split_incidents(g["incident_id"] for g in self.gold)[1])

    @property
    def kind(self) -> str:
        """``gva`` when the gold incidents carry killed/injured counts, else ``hrdev``."""
        if self.gold and all("killed" in g and "injured" in g for g in self.gold):
            return "gva"
        return "hrdev"


def load_set(folder: Path) -> EvalSet:
    docs_path, gold_path = folder / "docs.jsonl", folder / "gold.jsonl"
    for path in (docs_path, gold_path):
        if not path.is_file():
            raise EvalError(f"{path}: an evaluation set needs docs.jsonl and gold.jsonl.")
    documents = [_document(folder, n, entry) for n, entry in _jsonl(docs_path)]
    gold = [entry for _, entry in _jsonl(gold_path)]
    return EvalSet(folder.name, folder, documents, gold)


def _jsonl(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EvalError(f"{path}, line {n}: not JSON ({exc.msg}).") from exc
        if not isinstance(entry, dict):
            raise EvalError(f"{path}, line {n}: expected a JSON object.")
        yield n, entry


def _document(folder: Path, n: int, entry: dict[str, Any]) -> SetDocument:
    doc_id = entry.get("doc_id")
    if not isinstance(doc_id, str) or not doc_id:
        raise EvalError(f"{folder / 'docs.jsonl'}, line {n}: no doc_id.")
    text = entry.get("text")
    if not isinstance(text, str):
        path = folder / (entry.get("path") or f"docs/{doc_id}.txt")
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise EvalError(f"{path}: cannot read the text of {doc_id} ({exc}).") from exc
    return SetDocument(
        doc_id=doc_id,
        text=text,
        url=entry.get("url"),
        publisher=entry.get("publisher"),
        published=_date(entry.get("published")),
        title=entry.get("title"),
        language=entry.get("language"),
    )


def _date(value: object) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None

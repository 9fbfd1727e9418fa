"""The store's side of evidence beyond plain text: the pages of a paged report, where a
report came from (a web archive, a Telegram message, a PDF), and attachments."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from ..errors import NotFoundError
from ..model import Attachment, PageSpan
from ._helpers import Connected, _now
from .results import Original

_ATTACHMENT_COLUMNS = (
    "attachment_id, sha256, name, media_type, size, metadata, doc_id, incident_id, added_at,"
    " added_by, thumbnail IS NOT NULL"
)


class EvidenceMixin(Connected):
    """Pages, provenance and attachments."""

    def save_pages(self, doc_id: str, pages: Sequence[PageSpan]) -> None:
        self.db.executemany(
            'INSERT INTO report_pages (doc_id, page, start, "end", ocr, confidence)'
            " VALUES (?, ?, ?, ?, ?, ?)",
            [(doc_id, p.page, p.start, p.end, int(p.ocr), p.confidence) for p in pages],
        )

    def pages(self, doc_id: str) -> tuple[PageSpan, ...]:
        rows = self.db.execute(
            'SELECT page, start, "end", ocr, confidence FROM report_pages WHERE doc_id = ?'
            " ORDER BY page",
            (doc_id,),
        )
        return tuple(PageSpan(int(p), int(s), int(e), bool(o), c) for p, s, e, o, c in rows)

    def save_provenance(self, doc_id: str, data: dict[str, str]) -> None:
        kind = data.get("kind", "file")
        body = json.dumps(data, ensure_ascii=False, sort_keys=True)
        self.db.execute("INSERT INTO report_provenance VALUES (?, ?, ?)", (doc_id, kind, body))

    def provenance(self, doc_id: str) -> dict[str, str]:
        row = self.db.execute(
            "SELECT data FROM report_provenance WHERE doc_id = ?", (doc_id,)
        ).fetchone()
        return dict(json.loads(row[0])) if row else {}

    def add_attachment(
        self,
        attachment: Attachment,
        raw: bytes,
        thumbnail: bytes | None,
    ) -> Attachment:
        """Store the bytes (an original, kept once per SHA-256) and the attachment's row; its
        id is ``att-00001``... in the order attachments were added."""
        row = self.db.execute("SELECT COUNT(*) FROM attachments").fetchone()
        attachment_id = f"att-{int(row[0]) + 1:05d}"
        now = _now()
        self.db.execute(
            "INSERT OR IGNORE INTO originals VALUES (?, ?)", (attachment.sha256, self._seal(raw))
        )
        self.db.execute(
            "INSERT INTO attachments (attachment_id, sha256, doc_id, incident_id, name,"
            " media_type, size, metadata, thumbnail, added_at, added_by)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                attachment_id,
                attachment.sha256,
                attachment.doc_id,
                attachment.incident_id,
                attachment.name,
                attachment.media_type,
                attachment.size,
                json.dumps(attachment.metadata, ensure_ascii=False, sort_keys=True),
                self._seal(thumbnail),
                now,
                attachment.added_by or "unknown",
            ),
        )
        return self.attachment(attachment_id)

    def attachment(self, attachment_id: str) -> Attachment:
        row = self.db.execute(
            f"SELECT {_ATTACHMENT_COLUMNS} FROM attachments WHERE attachment_id = ?",
            (attachment_id,),
        ).fetchone()
        if row is None:
            raise NotFoundError(f"No attachment with id {attachment_id!r} in this store.")
        return _attachment(row)

    def attachments(
        self, doc_id: str | None = None, incident_ids: Sequence[str] = ()
    ) -> list[Attachment]:
        """Every attachment, or those of one report, or of any of ``incident_ids``."""
        if doc_id is not None:
            where, params = "doc_id = ?", [doc_id]
        elif incident_ids:
            where = f"incident_id IN ({', '.join('?' * len(incident_ids))})"
            params = list(incident_ids)
        else:
            where, params = "1 = 1", []
        rows = self.db.execute(
            f"SELECT {_ATTACHMENT_COLUMNS} FROM attachments WHERE {where} ORDER BY attachment_id",
            params,
        )
        return [_attachment(r) for r in rows]

    def attachment_bytes(self, attachment_id: str) -> bytes:
        row = self.db.execute(
            "SELECT raw FROM originals JOIN attachments USING (sha256) WHERE attachment_id = ?",
            (attachment_id,),
        ).fetchone()
        if row is None:
            raise NotFoundError(f"No attachment with id {attachment_id!r} in this store.")
        return self._unseal(bytes(row[0]))

    def attachment_thumbnail(self, attachment_id: str) -> bytes | None:
        row = self.db.execute(
            "SELECT thumbnail FROM attachments WHERE attachment_id = ?", (attachment_id,)
        ).fetchone()
        return self._unseal(bytes(row[0])) if row and row[0] is not None else None

    def attachment_originals(self) -> list[Original]:
        """(attachment id, recorded sha256, bytes or None if missing), for verify."""
        rows = self.db.execute(
            "SELECT attachment_id, attachments.sha256, raw FROM attachments"
            " LEFT JOIN originals USING (sha256) ORDER BY attachment_id"
        )
        found = []
        for att_id, sha, raw in rows:
            try:
                data = None if raw is None else self._unseal(bytes(raw))
            except ValueError:  # altered: its SHA-256 differs, verify names it
                data = bytes(raw)
            found.append(Original(str(att_id), str(sha), data))
        return found


def _attachment(row: Sequence[Any]) -> Attachment:
    att_id, sha, name, media_type, size, metadata, doc_id, incident_id, added, by, thumb = row
    return Attachment(
        str(att_id),
        str(sha),
        str(name),
        str(media_type),
        int(size),
        dict(json.loads(metadata)),
        doc_id,
        incident_id,
        added,
        by,
        bool(thumb),
    )

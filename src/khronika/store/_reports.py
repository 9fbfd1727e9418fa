"""The list of reports monitors read: what each is, whether it was extracted, what it feeds."""

from __future__ import annotations

import json
from dataclasses import dataclass

from ._helpers import Connected, _opt


@dataclass(frozen=True)
class ReportRow:
    doc_id: str
    title: str | None
    publisher: str | None
    published: str | None
    language: str | None
    copy_of: str | None
    ingested_at: str
    extracted: bool
    notes: tuple[str, ...]
    incidents: int  # incidents its event mentions feed
    primary_incident: str | None


class ReportListMixin(Connected):
    def report_count(self) -> int:
        return int(self.db.execute("SELECT COUNT(*) FROM documents").fetchone()[0])

    def report_list(self, limit: int = 50, offset: int = 0) -> list[ReportRow]:
        """One page of reports, the latest ingested first, without their texts."""
        rows = self.db.execute(
            "SELECT d.doc_id, title, publisher, published, d.language, copy_of, ingested_at,"
            " json_extract(x.data, '$.extracted'), json_extract(x.data, '$.notes'),"
            " (SELECT COUNT(DISTINCT incident_id) FROM event_links l WHERE l.doc_id = d.doc_id),"
            " primary_incident"
            " FROM documents d LEFT JOIN extractions x USING (doc_id)"
            " ORDER BY d.seq DESC LIMIT ? OFFSET ?",
            (limit, offset),
        )
        return [
            ReportRow(
                str(d),
                _opt(t),
                _opt(p),
                _opt(w),
                _opt(lang),
                _opt(c),
                str(at),
                x is not None and int(x) == 1,  # 1 or '1' (PostgreSQL's json_extract)
                tuple(json.loads(n)) if n else (),
                int(k),
                _opt(primary),
            )
            for d, t, p, w, lang, c, at, x, n, k, primary in rows
        ]

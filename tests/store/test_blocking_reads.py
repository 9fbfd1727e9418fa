"""The linker's blocking reads at scale (migration 0019): the primary incidents of reports
published in a window, read a chunk at a time, are those of every such report, most recent
first; the similar reports' incidents, ranked by the index alone. Both backends."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import pytest

from khronika.store import Store


def _reports(store: Store, make_incoming: Any, count: int) -> list[tuple[str, str, str]]:
    """``count`` reports published over a month, several per incident; (doc, day, incident)."""
    rows = []
    with store.transaction():
        for k in range(count):
            day = dt.date(2020, 3, 1) + dt.timedelta(days=k % 30)
            text = f"Report {k}: police raided the office of a rights group near the square."
            incoming = make_incoming(f"p{k:03d}", text, published=day)
            store.add_report(incoming, hashlib.sha256(incoming.raw).hexdigest(), None, None)
            # most of one incident (a chunk holds few distinct ones), some of none
            incident = f"inc-{0 if k % 7 else k:05d}" if k % 5 else None
            store.set_primary_incident(f"p{k:03d}", incident)
            if incident:
                rows.append((f"p{k:03d}", day.isoformat(), incident))
    return rows


@pytest.mark.parametrize("limit", [2, 5, 200])
def test_incidents_published_between_read_in_chunks(
    any_store: Store, make_incoming: Any, monkeypatch: Any, limit: int
) -> None:
    from khronika.store import _blocking

    rows = _reports(any_store, make_incoming, 60)
    monkeypatch.setattr(_blocking, "RECENT_LIMIT", limit)  # chunks of 4 * limit rows
    found = any_store.incidents_published_between("2020-03-05", "2020-03-25")
    seqs = {doc: i for i, doc in enumerate(d for d, _, _ in rows)}
    inside = [r for r in rows if "2020-03-05" <= r[1] <= "2020-03-25"]
    inside.sort(key=lambda r: (r[1], seqs[r[0]]), reverse=True)
    assert found == list(dict.fromkeys(i for _, _, i in inside))[:limit]


def test_similar_reports_incidents_best_first(any_store: Store, make_incoming: Any) -> None:
    rows = _reports(any_store, make_incoming, 30)
    found = any_store.incidents_of_similar_reports(["raided", "square"], limit=4)
    assert 1 <= len(found) <= 4
    assert set(found) <= {i for _, _, i in rows}
    assert any_store.incidents_of_similar_reports(["zzzunknownword"]) == []

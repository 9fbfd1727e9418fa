"""A batch's reports filed again once the batch is in: an undated report linked before the
reports that tell its incident best moves to that incident. Real reports of hrdev (read from
../shared by path): a conviction report, an undated report of the earlier arrest, and a dated
report of that arrest, ingested in that order into a real store."""

from __future__ import annotations

import json
import secrets
from typing import Any

import pytest

import devsets
from khronika.benchmarks.sets import load_set
from khronika.security import verify
from khronika.service import Record
from khronika.store import Store

HRDEV = devsets.HRDEV
CONVICTION, UNDATED_ARREST, DATED_ARREST = "h05", "h43", "h54"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def store(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Store:
    """The three reports ingested into an encrypted store, on each backend."""
    if not (HRDEV / "gold.jsonl").is_file():
        pytest.fail(f"the development set hrdev is missing from {HRDEV}")
    documents = {d.doc_id: d for d in load_set(HRDEV).documents}
    if request.param == "postgresql":
        where: Any = request.getfixturevalue("pg_server").create_database()
    else:
        where = tmp_path_factory.mktemp("rc") / "r.db"
    db = Store(where, secrets.token_hex(16), create=True)
    order = (CONVICTION, UNDATED_ARREST, DATED_ARREST)
    result = Record(db, author="test").ingest(documents[d].incoming() for d in order)
    assert result.errors == []
    assert result.added == list(order)
    return db


def test_the_undated_arrest_report_joins_the_arrest_not_the_conviction(store: Store) -> None:
    primary = store.primary_incidents()
    assert primary[UNDATED_ARREST] == primary[DATED_ARREST]
    assert primary[CONVICTION] != primary[UNDATED_ARREST]
    arrest = store.incident(str(primary[DATED_ARREST]))
    assert arrest.event_type == "arbitrary_detention"
    assert arrest.date.value == "2019-02-13"


def test_the_move_is_in_the_history_and_the_record_verifies(store: Store) -> None:
    moves = [json.loads(d) for _, _, action, _, d in store.changes() if action == "reconsider"]
    assert [m["doc_id"] for m in moves] == [UNDATED_ARREST]
    assert moves[0]["to"] == store.primary_incidents()[UNDATED_ARREST]
    assert moves[0]["from"] == store.primary_incidents()[CONVICTION]  # its only match at first
    assert verify(store) == []


def test_a_settled_batch_moves_nothing(store: Store) -> None:
    record = Record(store, author="test")
    assert record.reconsider([CONVICTION, UNDATED_ARREST, DATED_ARREST]) == []

"""The shortlist of a report's candidates that get the full comparison: bounded, whatever the
number blocking finds; the candidates the blocking keys rank best together; all of them, in
their order, when there are few. On a real SQLite store of real reports (hrdev, one of each
incident, all published on one day): another report is compared in full with at most the bound
of the stored incidents blocking finds, and still joins its own incident."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import pytest

import devsets
import khronika.link as link
import khronika.link.documents as documents
import khronika.link.pairwise as pairwise
from khronika.benchmarks.sets import SetDocument, load_set
from khronika.domain.gazetteer import Gazetteer
from khronika.link import DocumentGrouper, Linker
from khronika.link.candidates import shortlist
from khronika.link.profile import ReportProfile
from khronika.service import Record
from khronika.store import Store


def test_few_candidates_are_all_kept_in_their_order() -> None:
    ids = ["c", "a", "b"]
    assert shortlist(ids, [["a", "b", "c"]], 3) == ids
    assert shortlist(ids, [], 5) == ids


def test_the_best_ranked_together_are_kept_in_their_order() -> None:
    dated = [f"d{k}" for k in range(10)]
    actor = ["x", "d9", "d8"]  # found by two keys: d9 and d8 beat d2 and d3, first of one key
    ids = [*dated, "x"]
    kept = shortlist(ids, [dated, actor], 5)
    assert kept == ["d0", "d1", "d8", "d9", "x"]


def test_candidates_in_no_ranking_are_always_kept() -> None:
    ranked = [f"r{k}" for k in range(10)]
    kept = shortlist(["current", *ranked], [ranked], 3)
    assert kept == ["current", "r0", "r1"]
    assert shortlist(ranked, [ranked], 3, always={"r7"}) == ["r0", "r1", "r7"]


HRDEV = devsets.HRDEV
SAME_DAY = dt.date(2019, 6, 3)  # every report's publication: all are in one another's window


@pytest.fixture(scope="module")
def crowded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Store, dict[str, SetDocument]]:
    """One English report of each incident of hrdev, all published on one day (so blocking
    finds every stored incident for a new report), in a real SQLite store; and the second
    English report of each incident that has one, not stored."""
    if not (HRDEV / "gold.jsonl").is_file():
        pytest.fail(f"the development set hrdev is missing from {HRDEV}")
    found = load_set(HRDEV)
    english = {
        d.doc_id: replace(d, published=SAME_DAY) for d in found.documents if d.language == "en"
    }
    first, second = [], {}
    for incident in found.gold:
        mine = [english[d] for d in incident["doc_ids"] if d in english]
        if mine:
            first.append(mine[0])
        if len(mine) > 1:
            second[mine[0].doc_id] = mine[1]
    store = Store(tmp_path_factory.mktemp("crowded") / "c.db", create=True)
    result = Record(store, author="test").ingest(d.incoming() for d in first)
    assert result.errors == []
    assert len(result.added) == len(first)
    return store, second


@pytest.fixture
def compared(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each full comparison of the linker, as a report filed under the candidate."""
    found: list[str] = []
    real = pairwise.features

    def counted(*args: Any, **kwargs: Any) -> dict[str, float]:
        found.append(args[1][0].doc_id)
        return real(*args, **kwargs)

    monkeypatch.setattr(documents, "features", counted)
    return found


def test_full_comparisons_are_bounded_and_the_report_joins_its_incident(
    crowded: tuple[Store, dict[str, SetDocument]],
    monkeypatch: pytest.MonkeyPatch,
    compared: list[str],
) -> None:
    store, second = crowded
    primaries = store.primary_incidents()
    assert len(set(primaries.values())) >= 15  # blocking finds them all: see the next test
    monkeypatch.setattr(documents, "FULL_COMPARISONS", 6)
    first, report = next(iter(second.items()))
    result = Record(store, author="test").ingest([report.incoming()])
    assert result.errors == []
    assert 1 <= len(compared) <= 2 * 6  # linked, then reconsidered once its batch is in
    assert store.primary_incidents()[report.doc_id] == primaries[first]


def test_unbounded_a_report_is_compared_with_every_stored_incident(
    crowded: tuple[Store, dict[str, SetDocument]],
    monkeypatch: pytest.MonkeyPatch,
    compared: list[str],
) -> None:
    """What the bound is for: blocking finds every stored incident for another report."""
    store, second = crowded
    monkeypatch.setattr(documents, "FULL_COMPARISONS", 1000)
    report = list(second.values())[1]
    stored = len(set(store.primary_incidents().values()))
    result = Record(store, author="test").ingest([report.incoming()])
    assert result.errors == []
    assert len(compared) >= stored - 2  # the incidents of its own batch's reports aside
    assert len(compared) > 2 * 6  # what the bounded test above allows


def test_a_background_incident_is_scored_against_a_bounded_shortlist(
    crowded: tuple[Store, dict[str, SetDocument]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The mention-level linker (a report's other incidents) reads and scores at most
    LOCAL_COMPARISONS of the stored incidents blocking finds, those ranked best together."""
    store, _ = crowded
    groups = [
        group
        for doc_id in sorted(store.primary_incidents())
        for group in DocumentGrouper(Gazetteer.default())(list(store.extraction(doc_id).events))
    ]
    linker = Linker(store)
    local = max(groups, key=lambda g: len(linker.blocked(g).ids))
    blocked = linker.blocked(local)
    assert len(blocked.ids) > 3
    monkeypatch.setattr(link, "LOCAL_COMPARISONS", 3)
    read = [i.incident_id for i in linker.candidates(local)]
    assert read == shortlist(blocked.ids, blocked.ranked, 3)
    assert len(read) == 3


def test_a_reconsidered_report_is_always_compared_with_its_present_incident(
    crowded: tuple[Store, dict[str, SetDocument]],
    monkeypatch: pytest.MonkeyPatch,
    compared: list[str],
) -> None:
    """Reconsidering a report asks whether another incident fits it better than its own: its
    own is compared, even when the blocking keys that also found it rank it low."""
    store, _ = crowded
    primaries = store.primary_incidents()
    monkeypatch.setattr(documents, "FULL_COMPARISONS", 1)
    for doc_id in sorted(primaries)[:6]:
        profile = ReportProfile.from_json(str(store.report_profile(doc_id)))
        current = str(primaries[doc_id])
        compared.clear()
        documents.ReportLinker(store)(profile, [current], set())
        others = [d for d in store.primary_reports(current) if d != doc_id]
        assert compared == ([others[0]] if others else [])

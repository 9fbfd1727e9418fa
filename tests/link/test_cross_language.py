"""Reports in Russian, Spanish, French, Turkish and Arabic filed under the incident of the
English reports of the same event: real reports of the development set hrdev, read from
../shared by path, ingested in the set's order into a real store."""

from __future__ import annotations

import secrets
from collections import Counter
from typing import Any

import pytest

import devsets
from khronika.benchmarks.sets import load_set
from khronika.export import to_json
from khronika.service import Record
from khronika.store import Store

HRDEV = devsets.HRDEV
# One report per language, each about an incident with English reports.
FOREIGN = {"ru": "h106", "es": "h99", "fr": "h104", "tr": "h83", "ar": "h82"}


@pytest.fixture(scope="module")
def filed(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """(the export, each foreign report's English companions) after ingesting the English
    reports of the five incidents and the five foreign reports."""
    if not (HRDEV / "gold.jsonl").is_file():
        pytest.fail(f"the development set hrdev is missing from {HRDEV}")
    eval_set = load_set(HRDEV)
    language = {d.doc_id: d.language for d in eval_set.documents}
    companions: dict[str, list[str]] = {}
    for doc_id in FOREIGN.values():
        [incident] = [g for g in eval_set.gold if doc_id in g["doc_ids"]]
        companions[doc_id] = [d for d in incident["doc_ids"] if language[d] == "en"]
    wanted = set(FOREIGN.values()) | {d for docs in companions.values() for d in docs}
    store = Store(tmp_path_factory.mktemp("xl") / "x.db", secrets.token_hex(16), create=True)
    try:
        documents = [d.incoming() for d in eval_set.documents if d.doc_id in wanted]
        result = Record(store, author="test").ingest(documents)
        assert not result.errors
        return to_json(store), companions
    finally:
        store.close()


@pytest.mark.parametrize("code", sorted(FOREIGN))
def test_foreign_report_joins_the_english_reports_incident(
    filed: tuple[dict[str, Any], dict[str, list[str]]], code: str
) -> None:
    export, companions = filed
    doc_id = FOREIGN[code]
    primary = {d["doc_id"]: d.get("primary_incident") for d in export["documents"]}
    english = Counter(primary[d] for d in companions[doc_id] if primary.get(d))
    target, _ = english.most_common(1)[0]
    assert primary[doc_id] == target
    [incident] = [i for i in export["incidents"] if i["incident_id"] == target]
    assert doc_id in incident["doc_ids"]
    language = {d["doc_id"]: d.get("language") for d in export["documents"]}
    assert language.get(doc_id) in (code, None)

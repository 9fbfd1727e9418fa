"""A report's doc_id names it in URLs, files and logs: odd ones are refused at ingest with a
sentence naming the report and the rule, and the batch goes on."""

from __future__ import annotations

from pathlib import Path

import pytest

from khronika.ingest.docid import doc_id_problem
from khronika.model import IncomingReport, ReportMeta
from khronika.service import Record
from khronika.store import Store

TEXT = "On 3 June 2015 masked men attacked the office of the Joint Mobile Group in Grozny."


@pytest.mark.parametrize(
    ("doc_id", "why"),
    [
        ("a/b/../../c", "contains a slash"),
        ("a\\b", "contains a slash"),
        ("line\nbreak", "line break"),
        ("tab\there", "control character"),
        ("x" * 5000, "5000 characters long"),
        ("new", "reserved"),
        ("NEW", "reserved"),
        ("..", "starts with '.'"),
        ("~token", "starts with '~'"),
        (" padded", "space"),
        ("", "empty"),
    ],
)
def test_odd_doc_ids_are_refused_with_the_rule(doc_id: str, why: str) -> None:
    problem = doc_id_problem(doc_id)
    assert problem is not None
    assert why in problem
    assert "rename the file" in problem


@pytest.mark.parametrize("doc_id", ["crd-jmg-attack", "Report 2019 v2", "доклад-2019", "a.b_c"])
def test_ordinary_doc_ids_pass(doc_id: str) -> None:
    assert doc_id_problem(doc_id) is None


def test_ingest_refuses_them_and_goes_on(tmp_path: Path) -> None:
    def report(doc_id: str) -> IncomingReport:
        raw = f"{doc_id!r} {TEXT}".encode()
        return IncomingReport(
            ReportMeta(doc_id), raw, raw.decode(), "text/plain", f"line {doc_id!r}"
        )

    with Store(tmp_path / "ids.db", create=True) as store:
        result = Record(store, author="tester").ingest(
            [report("a/b/../../c"), report("new"), report("x" * 5000), report("fine-id")]
        )
        assert result.added == ["fine-id"]
        assert len(result.errors) == 3
        assert "contains a slash" in str(result.errors[0])
        assert store.document_count() == 1

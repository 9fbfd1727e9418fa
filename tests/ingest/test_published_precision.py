"""A manifest's ``published`` may be a month or a year (issue 11, case 9), as many pages give
it: the report is stored with that precision, exported as written, and its relative times
("yesterday") cover every day it could have been published. Ends with the store verified."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from click.testing import CliRunner

from khronika.cli import main
from khronika.errors import InputError
from khronika.ingest import iter_reports
from khronika.store import Store

REPORT = (
    "Lawyer detained in Diyarbakir\n\n"
    "Police detained the human rights lawyer Ayse Demir in Diyarbakir, Turkey, yesterday, "
    "her colleagues said. On 14 September 2017 her office had been searched by police."
)


def _manifest(folder: Path, lines: list[dict[str, str]]) -> Path:
    manifest = folder / "docs.jsonl"
    manifest.write_text("".join(json.dumps(line) + "\n" for line in lines))
    return manifest


def test_month_and_year_dates_are_read_with_their_precision(tmp_path: Path) -> None:
    manifest = _manifest(
        tmp_path,
        [
            {"doc_id": "month", "text": "The office was searched.", "published": "2017-10"},
            {"doc_id": "year", "text": "The office was searched again.", "published": "2017"},
            {
                "doc_id": "day",
                "text": "The office was searched once more.",
                "published": "2017-10-05",
            },
            {"doc_id": "bad-month", "text": "The office was raided.", "published": "2017-13"},
            {
                "doc_id": "words",
                "text": "The office was raided again.",
                "published": "October 2017",
            },
        ],
    )
    items = list(iter_reports(manifest=manifest))
    metas = {i.meta.doc_id: i.meta for i in items if not isinstance(i, InputError)}
    assert (metas["month"].published, metas["month"].published_precision) == (
        dt.date(2017, 10, 1),
        "month",
    )
    assert metas["month"].published_text == "2017-10"
    assert metas["year"].published_text == "2017"
    assert metas["year"].published_precision == "year"
    assert metas["day"].published_text == "2017-10-05"
    assert metas["day"].published_precision is None
    errors = [str(i) for i in items if isinstance(i, InputError)]
    assert len(errors) == 2
    assert all("YYYY-MM-DD, YYYY-MM or YYYY" in e for e in errors)
    assert "docs.jsonl line 4" in errors[0]
    assert "docs.jsonl line 5" in errors[1]


def test_a_month_dated_report_is_stored_exported_and_verified(tmp_path: Path) -> None:
    manifest = _manifest(
        tmp_path,
        [
            {"doc_id": "lawyer", "text": REPORT, "published": "2017-10", "publisher": "Bianet"},
        ],
    )
    db = tmp_path / "month.db"
    runner = CliRunner()
    assert runner.invoke(main, ["--db", str(db), "init", "--unencrypted"]).exit_code == 0
    result = runner.invoke(main, ["--db", str(db), "ingest", "--manifest", str(manifest)])
    assert result.exit_code == 0, result.output
    with Store(db) as store:
        meta = store.report("lawyer").meta
        assert (meta.published_text, meta.published_precision) == ("2017-10", "month")
        times = {t.span.quote: t.time for t in store.extraction("lawyer").times}
    yesterday = times["yesterday"]  # published some day of October 2017: 30 Sep to 30 Oct
    assert (yesterday.precision, yesterday.earliest, yesterday.latest) == (
        "range",
        dt.date(2017, 9, 30),
        dt.date(2017, 10, 30),
    )
    fixed = times["14 September 2017"]
    assert (fixed.value, fixed.precision) == ("2017-09-14", "day")
    exported = runner.invoke(main, ["--db", str(db), "export", "--format", "json"])
    document = json.loads(exported.stdout)["documents"][0]
    assert (document["published"], document["published_precision"]) == ("2017-10", "month")
    verified = runner.invoke(main, ["--db", str(db), "verify"])
    assert verified.exit_code == 0, verified.output
    assert "verified: 1 reports" in verified.output, verified.output

"""The command line, through click's CliRunner, on real SQLite stores."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from khronika.cli import main
from khronika.store import Store

DOCUMENT_KEYS = {
    "doc_id",
    "sha256",
    "url",
    "publisher",
    "published",
    "title",
    "language",
    "primary_incident",
    "copy_of",
}
INCIDENT_KEYS = {
    "incident_id",
    "event_type",
    "secondary_event_types",
    "date",
    "location",
    "victims",
    "perpetrators",
    "doc_ids",
    "facts",
}
DATE_KEYS = {"value", "earliest", "latest", "precision", "status"}
LOCATION_KEYS = {"place", "region", "country", "lat", "lon", "status"}
ROLE_KEYS = {"name", "actor_id", "kind"}
FACT_KEYS = {"field", "value", "status", "sources"}
SOURCE_KEYS = {"doc_id", "start", "end", "quote"}
ACTOR_KEYS = {"actor_id", "name", "kind", "aliases"}


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--db", str(db), *args], catch_exceptions=False)


def flat(text: str) -> str:
    """Output with rich's line wrapping undone."""
    return " ".join(text.split())


def incidents_json(db: Path, *args: str) -> list[dict[str, Any]]:
    result = run(db, "incidents", "--json", *args)
    assert result.exit_code == 0, result.output
    found: list[dict[str, Any]] = json.loads(result.stdout)
    return found


def test_ingest_the_seed_manifest(tmp_path: Path, seed_manifest: Path, seed_ids: list[str]) -> None:
    db = tmp_path / "cli.db"
    assert run(db, "init", "--unencrypted").exit_code == 0
    result = run(db, "ingest", "--manifest", str(seed_manifest))
    assert result.exit_code == 0, result.output
    assert "added 2" in result.output
    assert "0 error(s)" in result.output
    with Store(db) as store:
        assert sorted(r.doc_id for r in store.reports()) == sorted(seed_ids)
    again = run(db, "ingest", "--manifest", str(seed_manifest))
    assert again.exit_code == 0, again.output
    assert "added 0" in again.output
    assert "2 already stored" in again.output


def test_incidents_lists_every_incident(seeded_copy_path: Path, seeded: Store) -> None:
    result = run(seeded_copy_path, "incidents")
    assert result.exit_code == 0, result.output
    assert f"{len(seeded.incidents())} incident(s)" in result.output
    listed = incidents_json(seeded_copy_path)
    assert sorted(i["incident_id"] for i in listed) == sorted(
        i.incident_id for i in seeded.incidents()
    )


def test_incidents_filter_by_type(seeded_copy_path: Path) -> None:
    everything = incidents_json(seeded_copy_path)
    arsons = incidents_json(seeded_copy_path, "--type", "arson")
    assert arsons, "the seeds report the December 2014 arson"
    assert len(arsons) < len(everything)
    for i in arsons:
        assert i["event_type"] == "arson" or "arson" in i["secondary_event_types"]
    assert any(i["date"]["value"] == "2014-12" for i in arsons)
    assert incidents_json(seeded_copy_path, "--type", "no_such_type") == []


def test_incidents_filter_by_date(seeded_copy_path: Path) -> None:
    recent = incidents_json(seeded_copy_path, "--from", "2015-06-01")
    assert recent
    assert all(i["date"]["latest"] and i["date"]["latest"] >= "2015-06-01" for i in recent)
    values = {i["date"]["value"] for i in recent}
    assert "2015-06-03" in values
    assert "2014-12" not in values
    old = incidents_json(seeded_copy_path, "--to", "2014-12-31")
    assert old
    assert all(i["date"]["earliest"] <= "2014-12-31" for i in old)
    assert "2015-06-03" not in {i["date"]["value"] for i in old}


def test_a_bad_date_filter_exits_2_naming_the_option(seeded_copy_path: Path) -> None:
    result = run(seeded_copy_path, "incidents", "--from", "notadate")
    assert result.exit_code == 2
    assert "--from" in result.output
    assert "notadate" in result.output
    assert "Traceback" not in result.output


def test_show_prints_every_fact_with_its_quotes(
    seeded_copy_path: Path, seeded: Store, seed_ids: list[str]
) -> None:
    incident = seeded.incident(str(seeded.primary_incidents()[seed_ids[0]]))
    result = run(seeded_copy_path, "show", incident.incident_id)
    assert result.exit_code == 0, result.output
    out = flat(result.output)
    assert incident.incident_id in out
    assert incident.event_type in out
    for fact in incident.facts:
        if fact.field == "detail":
            continue
        assert f"{fact.field}: {flat(fact.value)}" in out
        for s in fact.sources:
            assert f"{s.doc_id} [{s.start}:{s.end}] “{flat(s.quote)}”" in out


def test_show_an_unknown_incident_exits_3(seeded_copy_path: Path) -> None:
    result = run(seeded_copy_path, "show", "nope")
    assert result.exit_code == 3
    assert "nope" in result.output


def test_export_json_follows_the_contract(
    seeded_copy_path: Path, tmp_path: Path, seed_ids: list[str]
) -> None:
    out = tmp_path / "record.json"
    result = run(seeded_copy_path, "export", "--format", "json", "--out", str(out))
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert {"documents", "incidents", "actors"} <= set(data)
    assert sorted(d["doc_id"] for d in data["documents"]) == sorted(seed_ids)
    incident_ids = {i["incident_id"] for i in data["incidents"]}
    for d in data["documents"]:
        assert set(d) >= DOCUMENT_KEYS, DOCUMENT_KEYS - set(d)
        assert d["primary_incident"] in incident_ids
    assert data["incidents"]
    for i in data["incidents"]:
        assert set(i) >= INCIDENT_KEYS, INCIDENT_KEYS - set(i)
        assert isinstance(i["secondary_event_types"], list)
        assert set(i["date"]) >= DATE_KEYS
        assert i["date"]["precision"] in ("day", "month", "year", "range", "unknown")
        assert set(i["location"]) >= LOCATION_KEYS
        for entry in (*i["victims"], *i["perpetrators"]):
            assert set(entry) >= ROLE_KEYS
        assert set(i["doc_ids"]) <= set(seed_ids)
        for fact in i["facts"]:
            assert set(fact) >= FACT_KEYS
            assert fact["status"] in ("corroborated", "single_source", "contested")
            assert fact["sources"]
            for s in fact["sources"]:
                assert set(s) >= SOURCE_KEYS
    assert data["actors"]
    for a in data["actors"]:
        assert set(a) >= ACTOR_KEYS
        assert a["kind"] in ("person", "organization", "group")
        assert isinstance(a["aliases"], list)


def test_export_json_to_stdout_matches_the_file(seeded_copy_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "record.json"
    assert run(seeded_copy_path, "export", "--out", str(out)).exit_code == 0
    printed = run(seeded_copy_path, "export", "--format", "json")
    assert printed.exit_code == 0
    assert json.loads(printed.stdout) == json.loads(out.read_text(encoding="utf-8"))


def test_export_csv_has_a_header_and_one_row_per_incident(
    seeded_copy_path: Path, seeded: Store
) -> None:
    result = run(seeded_copy_path, "export", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    header = rows[0]
    assert header[:2] == ["incident_id", "event_type"]
    assert {"date", "place", "region", "country", "doc_ids"} <= set(header)
    assert len(rows) == 1 + len(seeded.incidents())
    ids = {r[header.index("incident_id")] for r in rows[1:]}
    assert ids == {i.incident_id for i in seeded.incidents()}


def test_ingest_a_folder_with_a_binary_file(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "good.txt").write_text(
        "Police detained a human rights lawyer in Baku on 3 March 2020.", encoding="utf-8"
    )
    (folder / "scan.bin").write_bytes(b"\x00\x01\x02\xff" * 300)
    db = tmp_path / "folder.db"
    assert run(db, "init", "--unencrypted").exit_code == 0
    result = run(db, "ingest", str(folder))
    assert result.exit_code == 2
    assert "scan.bin" in result.output
    assert "added 1" in result.output
    with Store(db) as store:
        assert store.has_doc_id("good")
        assert not store.has_doc_id("scan")


def test_a_missing_store_must_be_created_with_init(tmp_path: Path) -> None:
    result = run(tmp_path / "new.db", "ingest", "--manifest", "x.jsonl")
    assert result.exit_code == 2
    assert "khronika --db" in result.output
    assert "init" in result.output
    assert not (tmp_path / "new.db").exists()


def test_ingest_with_nothing_exits_2(tmp_path: Path) -> None:
    assert run(tmp_path / "empty.db", "init", "--unencrypted").exit_code == 0
    result = run(tmp_path / "empty.db", "ingest")
    assert result.exit_code == 2
    assert "--manifest" in result.output


@pytest.mark.parametrize("args", [["--version"], ["--help"]])
def test_version_and_help(args: list[str]) -> None:
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0
    assert result.output.strip()


def test_a_store_that_is_not_sqlite_exits_4(tmp_path: Path) -> None:
    db = tmp_path / "garbage.db"
    db.write_bytes(b"definitely not sqlite " * 50)
    result = run(db, "incidents")
    assert result.exit_code == 4
    assert "garbage.db" in flat(result.output).replace(" ", "")


def test_review_and_edit_from_the_command_line(tmp_path: Path, seed_manifest: Path) -> None:
    from click.testing import CliRunner

    from khronika.cli import main

    db = str(tmp_path / "cli-review.db")
    runner = CliRunner()
    assert runner.invoke(main, ["--db", db, "init", "--unencrypted"]).exit_code == 0
    ingested = runner.invoke(main, ["--db", db, "ingest", "--manifest", str(seed_manifest)])
    assert ingested.exit_code == 0
    listed = runner.invoke(main, ["--db", db, "incidents", "--json"])
    ids = {i["event_type"]: i["incident_id"] for i in json.loads(listed.output)}
    june = ids["attack_on_premises"]
    result = runner.invoke(
        main, ["--db", db, "review", "reject", june, "perpetrator", "masked men"]
    )
    assert result.exit_code == 0, result.output
    shown = runner.invoke(main, ["--db", db, "show", june])
    assert "rejected by" in shown.output
    bad = runner.invoke(main, ["--db", db, "edit", june, "date", "June"])
    assert bad.exit_code == 2
    assert "YYYY-MM-DD" in bad.output


def test_an_unwritable_export_path_is_a_sentence_and_records_nothing(
    seeded_copy_path: Path, tmp_path: Path
) -> None:
    with Store(seeded_copy_path) as store:
        before = store.chain_entries()
    out = tmp_path / "no-such-folder" / "record.json"
    result = CliRunner().invoke(main, ["--db", str(seeded_copy_path), "export", "--out", str(out)])
    assert result.exit_code == 2
    said = " ".join(result.output.split())
    assert f"{out}: No such file or directory. Check the path" in said
    assert "Traceback" not in result.output
    with Store(seeded_copy_path) as store:
        assert store.chain_entries() == before


def test_account_commands_run_in_a_fresh_process(tmp_path: Path) -> None:
    """`khronika user ...` imports the account use cases on its own (no import cycle)."""
    import os
    import subprocess
    import sys

    db = tmp_path / "accounts.db"
    Store(db, create=True).close()
    env = {**os.environ, "KHRONIKA_USER_PASSWORD": "a long password here"}

    def khronika(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-c", "from khronika.cli import main; main()", *args]
        return subprocess.run(command, env=env, capture_output=True, text=True, check=False)

    steps = [
        ["user", "add", "Ana", "--role", "admin"],
        ["user", "add", "Bo", "--role", "analyst"],
        ["user", "role", "Bo", "viewer"],
        ["user", "remove", "Bo"],
        ["user", "list"],
    ]
    for args in steps:
        done = khronika("--db", str(db), *args)
        assert done.returncode == 0, (args, done.stderr[-500:])
    assert "Ana" in done.stdout
    assert "Bo" not in done.stdout

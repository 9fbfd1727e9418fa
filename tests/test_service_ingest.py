"""Ingest end to end through :class:`khronika.service.Record` into a real SQLite store."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

from khronika.errors import InputError
from khronika.export import to_json
from khronika.ingest import iter_reports
from khronika.service import Record
from khronika.store import Store


def _write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def test_reingesting_the_same_manifest_is_a_no_op(
    seeded_copy: Store, seed_manifest: Path, seed_ids: list[str]
) -> None:
    before = to_json(seeded_copy)
    incidents_before = len(seeded_copy.incidents())
    result = Record(seeded_copy).ingest(iter_reports(manifest=seed_manifest))
    assert result.errors == []
    assert result.added == []
    assert result.copies == []
    assert sorted(result.unchanged) == sorted(seed_ids)
    assert len(seeded_copy.incidents()) == incidents_before
    assert to_json(seeded_copy) == before


def _edited_copy(text: str) -> str:
    """The same press release republished: a few words changed, a footer added."""
    edited = text
    for old, new in (("extremely", "very"), ("violent", "brutal"), ("demand", "call")):
        assert old in edited, old
        edited = edited.replace(old, new, 1)
    assert edited != text
    return "REPOSTED: " + edited + "\n\nShare this article on social media."


def test_a_near_copy_is_marked_and_does_not_corroborate(
    fresh_store: Store, tmp_path: Path, seed_meta: list[dict[str, Any]], seeds_dir: Path
) -> None:
    entry = next(e for e in seed_meta if e["doc_id"] == "crd-jmg-attack")
    original = (seeds_dir / entry["path"]).read_text(encoding="utf-8")
    copy_text = _edited_copy(original)
    manifest = tmp_path / "copy.jsonl"
    (tmp_path / entry["path"]).write_bytes((seeds_dir / entry["path"]).read_bytes())
    lines = [
        {**entry},  # a manifest names files in its own folder only
        {
            "doc_id": "republished-copy",
            "publisher": "Some Aggregator News",
            "published": "2015-06-05",
            "language": "en",
            "text": copy_text,
        },
    ]
    manifest.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")

    record = Record(fresh_store)
    result = record.ingest(iter_reports(manifest=manifest))
    assert result.errors == []
    assert result.added == ["crd-jmg-attack", "republished-copy"]
    assert result.copies == [("republished-copy", "crd-jmg-attack")]
    assert fresh_store.report("republished-copy").copy_of == "crd-jmg-attack"
    assert fresh_store.report("crd-jmg-attack").copy_of is None
    docs = {d["doc_id"]: d for d in to_json(fresh_store)["documents"]}
    assert docs["republished-copy"]["copy_of"] == "crd-jmg-attack"

    incidents = fresh_store.incidents()
    assert incidents
    # the copy is linked into the incidents it repeats...
    assert any("republished-copy" in i.doc_ids for i in incidents)
    # ...but copies of one press release are one source: nothing becomes corroborated.
    corroborated = [
        (i.incident_id, f.field, f.value)
        for i in incidents
        for f in i.facts
        if f.status == "corroborated"
    ]
    assert corroborated == []
    assert all(
        i.date.status != "corroborated" and i.location.status != "corroborated" for i in incidents
    )


def test_a_batch_with_bad_items_goes_on_and_names_each_one(
    fresh_store: Store, tmp_path: Path
) -> None:
    folder = tmp_path / "reports"
    good = "Police detained a journalist in Ankara on 4 April 2019, her colleagues said."
    _write(folder / "good.txt", good)
    _write(folder / "binary.bin", bytes(range(256)) * 8)
    _write(folder / "empty.txt", b"")
    manifest = _write(
        tmp_path / "lists" / "batch.jsonl",
        "\n".join(
            [
                json.dumps(
                    {
                        "doc_id": "from-manifest",
                        "publisher": "Test Monitor",
                        "published": "2019-04-05",
                        "text": "Unknown gunmen shot dead a human rights activist in Kandahar.",
                    }
                ),
                json.dumps({"doc_id": "missing", "path": "does-not-exist.txt"}),
                '{"doc_id": "broken", "path": ',
            ]
        )
        + "\n",
    )

    result = Record(fresh_store).ingest(iter_reports([folder], manifest=manifest))

    assert sorted(result.added) == ["from-manifest", "good"]
    assert fresh_store.report("good").text == good
    assert fresh_store.has_doc_id("from-manifest")
    assert not fresh_store.has_doc_id("missing")
    assert not fresh_store.has_doc_id("broken")
    messages = [str(e) for e in result.errors]
    assert all(isinstance(e, InputError) for e in result.errors)
    assert len(messages) == 4, messages
    for needle in ("binary.bin", "empty.txt", "does-not-exist.txt", "line 3"):
        assert sum(needle in m for m in messages) == 1, (needle, messages)
    assert any("line 2" in m and "does-not-exist.txt" in m for m in messages), messages


def test_a_doc_id_collision_is_an_input_error_and_keeps_the_stored_report(
    fresh_store: Store, tmp_path: Path
) -> None:
    first = "Police raided the office of a women's rights group in Bishkek on 1 March 2020."
    second = "Masked men set fire to a printing house in Osh on 2 March 2020."
    one = _write(tmp_path / "one.jsonl", json.dumps({"doc_id": "same-id", "text": first}) + "\n")
    two = _write(tmp_path / "two.jsonl", json.dumps({"doc_id": "same-id", "text": second}) + "\n")
    record = Record(fresh_store)
    assert record.ingest(iter_reports(manifest=one)).added == ["same-id"]
    stored_raw = fresh_store.original("same-id")
    export_before = to_json(fresh_store)

    result = record.ingest(iter_reports(manifest=two))

    assert result.added == []
    assert len(result.errors) == 1
    error = result.errors[0]
    assert isinstance(error, InputError)
    assert "same-id" in str(error)
    assert str(two) in str(error)
    assert fresh_store.report("same-id").text == first
    assert fresh_store.original("same-id") == stored_raw == first.encode("utf-8")
    assert fresh_store.doc_id_for_sha(hashlib.sha256(second.encode()).hexdigest()) is None
    assert to_json(fresh_store) == export_before


def test_the_same_bytes_under_another_doc_id_are_not_stored_twice(
    fresh_store: Store, make_incoming: Any
) -> None:
    text = "Police detained three lawyers in Minsk on 12 May 2021."
    record = Record(fresh_store)
    first = record.ingest([make_incoming("first", text, published=dt.date(2021, 5, 13))])
    again = record.ingest([make_incoming("second-name", text, published=dt.date(2021, 5, 13))])
    assert first.added == ["first"]
    assert again.added == []
    assert again.unchanged == ["first"]
    assert not fresh_store.has_doc_id("second-name")
    assert [r.doc_id for r in fresh_store.reports()] == ["first"]

"""Manifests, folders and batches: one error per bad item, the rest goes on."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from khronika.errors import (
    DecodingError,
    EmptyFileError,
    InputError,
    MalformedInputError,
    MissingFileError,
)
from khronika.ingest import count_candidates, iter_reports
from khronika.model import IncomingReport


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def split(
    items: list[IncomingReport | InputError],
) -> tuple[list[IncomingReport], list[InputError]]:
    reports = [i for i in items if isinstance(i, IncomingReport)]
    errors = [i for i in items if isinstance(i, InputError)]
    assert len(reports) + len(errors) == len(items)
    return reports, errors


def test_seed_manifest(seeds_dir: Path) -> None:
    manifest = seeds_dir / "documents.jsonl"
    reports, errors = split(list(iter_reports(manifest=manifest)))
    assert errors == []
    assert [r.meta.doc_id for r in reports] == ["crd-jmg-attack", "nhc-jmg-attack"]
    assert [r.meta.published for r in reports] == [dt.date(2015, 6, 4), dt.date(2015, 6, 3)]
    assert reports[0].meta.publisher == "Civil Rights Defenders"
    assert reports[1].meta.title == "Brutal attack against human rights defenders in Grozny"
    assert all(r.meta.language == "en" for r in reports)
    for report in reports:
        assert report.raw == (seeds_dir / f"{report.meta.doc_id}.txt").read_bytes()
        assert report.text == report.raw.decode("utf-8").replace("\r\n", "\n")
    assert count_candidates(manifest=manifest) == 2


def make_manifest(tmp_path: Path, lines: list[str]) -> Path:
    return write(tmp_path / "documents.jsonl", "\n".join(lines) + "\n")


def test_manifest_bad_lines_each_give_one_error(tmp_path: Path) -> None:
    write(tmp_path / "docs" / "good.txt", "Masked men stormed the office.")
    write(tmp_path / "docs" / "scan.pdf", b"%PDF-1.4 rest")
    manifest = make_manifest(
        tmp_path,
        [
            json.dumps({"path": "docs/good.txt", "publisher": "NHC", "url": None}),  # 1
            "{this is not json",  # 2
            json.dumps({"path": "docs/missing.txt"}),  # 3
            "",  # 4: blank, skipped
            json.dumps({"doc_id": "x", "title": "neither"}),  # 5
            json.dumps(["path", "docs/good.txt"]),  # 6
            json.dumps({"text": "A statement sent by e-mail.", "published": "03/06/2015"}),  # 7
            json.dumps({"path": "docs/scan.pdf"}),  # 8
            json.dumps({"text": "Sent by e-mail on 3 June.", "published": "2015-06-03T22:00Z"}),
        ],
    )
    reports, errors = split(list(iter_reports(manifest=manifest)))
    assert [r.meta.doc_id for r in reports] == ["good", "documents-9"]
    assert reports[0].meta.publisher == "NHC"
    assert reports[1].raw == b"Sent by e-mail on 3 June."
    assert reports[1].media_type == "text/plain"
    assert reports[1].meta.published == dt.date(2015, 6, 3)
    expected = [
        (MalformedInputError, "line 2", "not valid JSON"),
        (MissingFileError, "line 3", "does not exist"),
        (MalformedInputError, "line 5", "neither a 'path'"),
        (MalformedInputError, "line 6", "not a JSON object"),
        (MalformedInputError, "line 7", "'published' date '03/06/2015'"),
        (MalformedInputError, "line 8", "PDF"),
    ]
    assert len(errors) == len(expected)
    for error, (cls, line, words) in zip(errors, expected, strict=True):
        assert type(error) is cls
        assert f"documents.jsonl {line}" in str(error)
        assert words in str(error)
    assert "missing.txt" in str(errors[1])
    assert count_candidates(manifest=manifest) == 8


def test_manifest_line_not_json(tmp_path: Path) -> None:
    manifest = make_manifest(tmp_path, ['{"path": "a.txt",'])
    [error] = list(iter_reports(manifest=manifest))
    assert isinstance(error, MalformedInputError)
    assert str(error).startswith(f"{manifest} line 1: this line is not valid JSON")


def test_manifest_line_not_utf8(tmp_path: Path) -> None:
    manifest = write(tmp_path / "m.jsonl", b'{"text": "caf\xe9"}\n')
    [error] = list(iter_reports(manifest=manifest))
    assert isinstance(error, DecodingError)
    assert "m.jsonl line 1" in str(error)


def test_manifest_wrong_types_and_empty_text(tmp_path: Path) -> None:
    manifest = make_manifest(
        tmp_path, [json.dumps({"text": "x", "doc_id": 5}), json.dumps({"text": "  "})]
    )
    first, second = list(iter_reports(manifest=manifest))
    assert isinstance(first, MalformedInputError)
    assert "'doc_id'" in str(first)
    assert isinstance(second, EmptyFileError)
    assert "documents.jsonl line 2" in str(second)


def test_missing_manifest(tmp_path: Path) -> None:
    [error] = list(iter_reports(manifest=tmp_path / "nope.jsonl"))
    assert isinstance(error, InputError)
    assert "nope.jsonl" in str(error)


def test_manifest_overrides_html_metadata(tmp_path: Path) -> None:
    page = (
        "<html><head><title>Page title</title>"
        '<meta property="article:published_time" content="2015-06-10"></head>'
        "<body><article><p>Masked men stormed the office of the Joint Mobile Group in Grozny "
        "and smashed everything they could find there.</p></article></body></html>"
    )
    write(tmp_path / "page.html", page)
    manifest = make_manifest(
        tmp_path, [json.dumps({"path": "page.html", "doc_id": "p1", "published": "2015-06-03"})]
    )
    [report] = list(iter_reports(manifest=manifest))
    assert isinstance(report, IncomingReport)
    assert report.meta.doc_id == "p1"
    assert report.meta.published == dt.date(2015, 6, 3)
    assert report.meta.title == "Page title"


def test_batch_of_folders_files_and_manifest(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    write(folder / "b.txt", "Second report about the attack.")
    write(folder / "a.txt", "First report about the attack.")
    write(folder / "sub" / "c.txt", "Third report, in a subfolder.")
    write(folder / ".hidden.txt", "never read")
    write(folder / ".git" / "config", "never read")
    write(folder / "notes.jsonl", "{}")  # manifests are not reports
    write(folder / "empty.txt", "   \n")
    write(folder / "photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF")
    write(folder / "bad.txt", b"caf\xe9")
    loose = write(tmp_path / "loose.txt", "A loose file.")
    manifest = make_manifest(tmp_path, [json.dumps({"text": "From the manifest."}), "[]"])
    paths = [folder, loose, tmp_path / "gone.txt"]
    items = list(iter_reports(paths, manifest=manifest))
    reports, errors = split(items)
    assert [r.meta.doc_id for r in reports] == ["a", "b", "c", "loose", "documents-1"]
    assert [type(e) for e in errors] == [
        DecodingError,
        EmptyFileError,
        MalformedInputError,  # a broken JPEG: the image reader (OCR) names it
        MissingFileError,
        MalformedInputError,
    ]
    for error, name in zip(
        errors,
        ["bad.txt", "empty.txt", "photo.jpg", "gone.txt", "documents.jsonl line 2"],
        strict=True,
    ):
        assert name in str(error)
    assert count_candidates(paths, manifest=manifest) == len(items)


def test_same_doc_id_with_different_content_is_an_error(tmp_path: Path) -> None:
    write(tmp_path / "x" / "report.txt", "One report.")
    write(tmp_path / "y" / "report.txt", "Another report.")
    first, second = list(iter_reports([tmp_path]))
    assert isinstance(first, IncomingReport)
    assert isinstance(second, MalformedInputError)
    assert "same document id 'report'" in str(second)


def test_manifest_naming_a_feed(tmp_path: Path) -> None:
    feed = (
        "<rss version='2.0'><channel><title>Feed title</title>"
        "<item><title>One</title><guid>g1</guid><description>First entry text.</description>"
        "</item><item><title>Two</title><guid>g2</guid><description>Second text.</description>"
        "</item></channel></rss>"
    )
    write(tmp_path / "news.xml", feed)
    line = {"path": "news.xml", "doc_id": "hrw", "publisher": "HRW", "language": "ru"}
    manifest = make_manifest(tmp_path, [json.dumps(line)])
    reports, errors = split(list(iter_reports(manifest=manifest)))
    assert errors == []
    assert [r.meta.doc_id for r in reports] == ["hrw-g1", "hrw-g2"]
    assert {(r.meta.publisher, r.meta.language) for r in reports} == {("HRW", "ru")}
    assert [r.meta.title for r in reports] == ["One", "Two"]


def test_a_manifest_named_as_a_report_is_refused_saying_how(tmp_path: Path) -> None:
    write(tmp_path / "good.txt", "Masked men stormed the office.")
    manifest = make_manifest(tmp_path, [json.dumps({"path": "good.txt", "publisher": "NHC"})])
    reports, errors = split(list(iter_reports([manifest, tmp_path / "good.txt"])))
    assert [r.meta.doc_id for r in reports] == ["good"]
    assert len(errors) == 1
    assert str(manifest) in str(errors[0])
    assert "--manifest" in str(errors[0])
    read, refused = split(list(iter_reports(manifest=manifest)))
    assert ([r.meta.doc_id for r in read], refused) == (["good"], [])

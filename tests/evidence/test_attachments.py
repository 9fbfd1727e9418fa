"""Attachments (issue 16): a photo written by Pillow with EXIF by piexif (capture time,
camera, body serial number, GPS) attached to a report and to an incident; its metadata read,
its bytes kept in the store by SHA-256, a thumbnail; shared copies carry no GPS or serial
while the original in the store still does."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import piexif
import pytest
from click.testing import CliRunner

from evidence_writers import photo
from khronika.cli import main
from khronika.errors import ConfigError, InputError, NotFoundError
from khronika.evidence import attach, shared_copy
from khronika.export import export_incident
from khronika.ingest import media
from khronika.model import IncomingReport
from khronika.security import check
from khronika.service import Record
from khronika.store import Store

TEXT = (
    "Police detained the journalist Ahmet Kaya in Izmir on 8 March 2021. "
    "His lawyer said he was beaten in custody."
)


@pytest.fixture
def record(tmp_path: Path, make_incoming: Callable[..., IncomingReport]) -> Iterator[Record]:
    store = Store(tmp_path / "record.db", create=True)
    record = Record(store, author="analyst")
    assert record.ingest([make_incoming("izmir", TEXT, publisher="Bianet")]).added == ["izmir"]
    yield record
    store.close()


def test_a_photo_is_kept_with_its_metadata_and_thumbnail(record: Record, tmp_path: Path) -> None:
    raw = photo(owner="Ayse Demir")
    (tmp_path / "cell.jpg").write_bytes(raw)
    stored = attach(record.store, tmp_path / "cell.jpg", "analyst", doc_id="izmir")
    assert stored.attachment_id == "att-00001"
    assert stored.media_type == "image/jpeg"
    assert stored.size == len(raw)
    assert stored.sha256 == media.sha256(raw)
    meta = stored.metadata
    assert meta["captured"] == "2021-03-08T14:05:09"
    assert meta["camera"] == "Canon EOS 80D"
    assert meta["serials"] == {"body_serial": "SN-0042-8871"}
    assert meta["owner"] == "Ayse Demir"
    assert meta["gps"] == {
        "lat": pytest.approx(43.317776, abs=1e-4),
        "lon": pytest.approx(45.694909, abs=1e-4),
    }
    assert record.store.attachment_bytes("att-00001") == raw
    thumb = record.store.attachment_thumbnail("att-00001")
    assert thumb is not None
    assert thumb.startswith(b"\xff\xd8")
    assert len(thumb) < len(raw)
    assert b"SN-0042" not in thumb
    assert [a.attachment_id for a in record.store.attachments(doc_id="izmir")] == ["att-00001"]
    assert record.store.changes()[-1][2] == "attach"
    assert check(record.store).problems == []


def test_a_shared_copy_has_no_gps_or_serial_and_the_same_picture(
    record: Record, tmp_path: Path
) -> None:
    raw = photo(owner="Ayse Demir")
    (tmp_path / "cell.jpg").write_bytes(raw)
    attach(record.store, tmp_path / "cell.jpg", "analyst", doc_id="izmir")
    copy = shared_copy(record.store, "att-00001")
    assert copy.raw is not None
    assert copy.raw != raw
    tags = piexif.load(copy.raw)
    assert tags["GPS"] == {}
    assert piexif.ExifIFD.BodySerialNumber not in tags["Exif"]
    assert piexif.ExifIFD.CameraOwnerName not in tags["Exif"]
    assert tags["Exif"][piexif.ExifIFD.DateTimeOriginal] == b"2021:03:08 14:05:09"
    assert b"SN-0042-8871" not in copy.raw
    assert b"Ayse" not in copy.raw
    assert copy.raw[copy.raw.index(b"\xff\xda") :] == raw[raw.index(b"\xff\xda") :]  # same pixels
    assert set(copy.attachment.metadata) == {"captured", "camera", "width", "height"}
    assert "gps" in record.store.attachment("att-00001").metadata  # the original keeps it


def test_a_shared_export_of_an_incident_carries_no_gps(record: Record, tmp_path: Path) -> None:
    (tmp_path / "scene.jpg").write_bytes(photo())
    incident = record.store.primary_incident("izmir") or ""
    attach(record.store, tmp_path / "scene.jpg", "analyst", incident_id=incident)
    files = export_incident(record.store, incident, tmp_path / "share")
    data = json.loads((tmp_path / "share" / "incident.json").read_text())
    (entry,) = data["attachments"]
    assert "gps" not in entry["metadata"]
    assert "serials" not in entry["metadata"]
    assert entry["sha256"] == media.sha256(photo())
    shared = (tmp_path / "share" / entry["file"]).read_bytes()
    assert piexif.load(shared)["GPS"] == {}
    assert b"SN-0042" not in shared
    assert entry["shared_sha256"] == media.sha256(shared)
    assert len(files) == 2
    original = record.store.attachment_bytes(entry["attachment_id"])
    assert piexif.load(original)["GPS"] != {}  # the store keeps the original


def test_bad_attachments_are_named_and_change_nothing(record: Record, tmp_path: Path) -> None:
    before = record.store.chain_head()
    (tmp_path / "big.bin").write_bytes(b"x" * 2048)
    with pytest.raises(InputError, match="big.bin: this file is 2.0 KB, more than the limit"):
        attach(record.store, tmp_path / "big.bin", "a", doc_id="izmir", max_bytes=1024)
    with pytest.raises(InputError, match="gone.jpg: this file does not exist"):
        attach(record.store, tmp_path / "gone.jpg", "a", doc_id="izmir")
    (tmp_path / "ok.jpg").write_bytes(photo())
    with pytest.raises(NotFoundError, match="No report with id 'nope'"):
        attach(record.store, tmp_path / "ok.jpg", "a", doc_id="nope")
    with pytest.raises(ConfigError, match="one report"):
        attach(record.store, tmp_path / "ok.jpg", "a")
    assert record.store.attachments() == []
    assert record.store.chain_head() == before


def test_the_cli_attaches_lists_and_gets_a_cleaned_copy(record: Record, tmp_path: Path) -> None:
    db = str(record.store.path)
    (tmp_path / "cell.jpg").write_bytes(photo())
    (tmp_path / "clip.mp4").write_bytes(b"\x00\x00\x00\x18ftypisom" + b"\x00" * 100)
    runner = CliRunner()
    added = runner.invoke(
        main,
        [
            "--db",
            db,
            "attach",
            "add",
            str(tmp_path / "cell.jpg"),
            str(tmp_path / "missing.jpg"),
            str(tmp_path / "clip.mp4"),
            "--report",
            "izmir",
        ],
    )
    assert added.exit_code == 2, added.output
    assert "att-00001  cell.jpg  image/jpeg" in added.output
    assert "missing.jpg: this file does not exist" in added.output
    assert "att-00002  clip.mp4  video/mp4" in added.output
    listed = runner.invoke(main, ["--db", db, "attach", "list", "--report", "izmir"])
    assert listed.exit_code == 0
    assert listed.output.count("att-0000") == 2
    shown = runner.invoke(main, ["--db", db, "attach", "show", "att-00001"])
    assert '"lat": 43.3' in shown.output
    out = tmp_path / "clean.jpg"
    got = runner.invoke(main, ["--db", db, "attach", "get", "att-00001", "--out", str(out)])
    assert got.exit_code == 0
    assert piexif.load(out.read_bytes())["GPS"] == {}
    video = runner.invoke(main, ["--db", db, "attach", "get", "att-00002", "--out", str(out)])
    assert video.exit_code == 2
    assert "cannot clean" in video.output


def test_the_json_export_lists_attachments_without_gps_and_pdf_pages(
    record: Record, tmp_path: Path
) -> None:
    from evidence_writers import text_pdf
    from khronika.export import to_json
    from khronika.ingest import read_file

    (tmp_path / "cell.jpg").write_bytes(photo(owner="Ayse Demir"))
    attach(record.store, tmp_path / "cell.jpg", "analyst", doc_id="izmir")
    pdf = text_pdf(tmp_path / "kaya.pdf", ["Summary.", TEXT])
    assert record.ingest([read_file(pdf)[0]]).added == ["kaya"]
    data = to_json(record.store)
    (entry,) = data["attachments"]
    assert entry["sha256"] == media.sha256(photo(owner="Ayse Demir"))
    assert entry["metadata"]["captured"] == "2021-03-08T14:05:09"
    assert not {"gps", "serials", "owner"} & set(entry["metadata"])
    docs = {d["doc_id"]: d for d in data["documents"]}
    assert [p["page"] for p in docs["kaya"]["pages"]] == [1, 2]
    assert docs["kaya"]["provenance"]["kind"] == "pdf"
    assert "pages" not in docs["izmir"]
    sources = [s for i in data["incidents"] for f in i["facts"] for s in f["sources"]]
    assert {s.get("page") for s in sources if s["doc_id"] == "kaya"} == {2}
    assert all("page" not in s for s in sources if s["doc_id"] == "izmir")


def test_a_video_keeps_its_container_date_and_is_never_shared_as_bytes(
    record: Record, tmp_path: Path
) -> None:
    from evidence_writers import video

    (tmp_path / "raid.mp4").write_bytes(video())
    incident = record.store.primary_incident("izmir") or ""
    stored = attach(record.store, tmp_path / "raid.mp4", "analyst", incident_id=incident)
    assert stored.media_type == "video/mp4"
    assert not stored.has_thumbnail
    assert stored.metadata == {"created": "2021-03-09T18:02:11+00:00"}
    assert shared_copy(record.store, stored.attachment_id).raw is None
    export_incident(record.store, incident, tmp_path / "share")
    data = json.loads((tmp_path / "share" / "incident.json").read_text())
    assert data["attachments"][0]["file"] is None
    assert "cannot be cleaned" in (data["attachments"][0]["withheld"])
    assert sorted(p.name for p in (tmp_path / "share").iterdir()) == ["incident.json"]

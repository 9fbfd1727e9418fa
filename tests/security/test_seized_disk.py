"""A seized disk reveals nothing: one scan over every file khronika wrote for a record —
the encrypted store and its journals, the full-text index inside it, a backup repository,
a restored copy, and the temporary folders khronika used (issue 6, first "must show")."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest

from khronika.security import verify
from khronika.security.backup import backup, restore
from khronika.service import Record
from khronika.store import Store

PASSPHRASE = "a long passphrase for the office"
NAMES = ("Zyxwvut Qorbandalé", "Ulmarqa Vessendorf")


def _needles() -> list[bytes]:
    found = []
    for name in NAMES:
        found += [name.encode(), name.encode("utf-16-le"), name.split()[1].encode()]
    return found


def _readable(root: Path) -> list[str]:
    hits = []
    for path in root.rglob("*"):
        if path.is_file() and any(n in path.read_bytes() for n in _needles()):
            hits.append(str(path.relative_to(root)))
    return hits


@pytest.mark.skipif(
    shutil.which("restic") is None and not os.environ.get("CI"), reason="restic not installed"
)
def test_every_file_khronika_wrote_is_unreadable(
    tmp_path: Path, make_incoming: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    private_tmp = tmp_path / "tmp"
    private_tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(private_tmp))
    monkeypatch.setattr(tempfile, "tempdir", str(private_tmp))  # khronika's temp folders here
    monkeypatch.setenv("KHRONIKA_BACKUP_PASSWORD", "another long passphrase")
    text = (
        f"Police detained the journalist {NAMES[0]} in Izmir on 8 March 2021. "
        f"Her colleague {NAMES[1]} said she was beaten in custody."
    )
    store_path = tmp_path / "record.db"
    with Store(store_path, PASSPHRASE, create=True) as store:
        Record(store).ingest(
            [make_incoming("planted", text, publisher="Monitor", published=dt.date(2021, 3, 9))]
        )
        assert [d for d, _ in store.search(NAMES[1].split()[1])] == ["planted"]
        backup(store, str(tmp_path / "offsite"), "tester")
        assert _readable(tmp_path) == [], "readable while the store is open"
    snapshot, result = restore(
        str(tmp_path / "offsite"), tmp_path / "restored.db", passphrase=PASSPHRASE
    )
    assert result.problems == []
    assert _readable(tmp_path) == []
    with Store(tmp_path / "restored.db", PASSPHRASE) as restored:
        assert NAMES[0] in restored.report("planted").text
        assert verify(restored) == []
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert any(p.name.startswith("record.db") for p in files)
    assert len(files) > 5


def test_a_web_upload_never_touches_the_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 2 MB report uploaded through the form (over the 1 MB at which the multipart parser
    would spill to a temporary file) is read in memory: with no temporary folder at all, the
    upload still works, and nothing under the test folder holds the planted names."""
    import re
    import warnings

    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient

    from khronika.app import create_app

    nowhere = str(tmp_path / "no-such-folder")
    monkeypatch.setenv("TMPDIR", nowhere)
    monkeypatch.setattr(tempfile, "tempdir", nowhere)  # any temporary file would fail
    store_path = tmp_path / "record.db"
    Store(store_path, PASSPHRASE, create=True).close()
    story = (
        f"<p>Police detained the journalist {NAMES[0]} in Izmir on 8 March 2021. "
        f"Her colleague {NAMES[1]} said she was beaten in custody.</p>\n"
    )
    padding = "<!-- " + "layout " * 300_000 + "-->"  # bytes, not text to extract
    page = f"<html><head><title>Izmir</title></head><body>{padding}{story}</body></html>"
    assert len(page.encode()) > 2 * 1024 * 1024
    with TestClient(create_app(store_path, PASSPHRASE), follow_redirects=False) as client:
        form = client.get("/reports/new").text
        token = re.search(r'name="token" value="([^"]+)"', form).group(1)  # type: ignore[union-attr]
        sent = client.post(
            "/reports/new",
            data={"token": token, "doc_id": "izmir-upload"},
            files={"upload": ("izmir.html", page.encode(), "text/html")},
        )
        assert sent.status_code == 303, sent.text[:300]
        huge = client.post(
            "/reports/new",
            data={"token": token},
            files={"upload": ("big.txt", b"x" * (11 * 1024 * 1024), "text/plain")},
        )
        assert huge.status_code == 413
        assert "larger than 10 MB" in huge.text
    with Store(store_path, PASSPHRASE) as store:
        assert NAMES[0] in store.report("izmir-upload").text
        assert [d for d, _ in store.search("Vessendorf")] == ["izmir-upload"]
    assert not Path(nowhere).exists()
    assert _readable(tmp_path) == []


def test_names_inside_a_pdf_a_scan_and_a_photos_metadata_never_reach_the_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 16: a PDF and a scanned page (OCR, through Tesseract's standard input and
    output) naming the planted people, and a photo whose EXIF names one as its owner and
    carries GPS, kept in an encrypted store: nothing khronika wrote holds the names. A shared
    export of the incident carries no GPS; the original in the store does."""
    import piexif

    from evidence_writers import photo, scanned_pdf, text_image, text_pdf
    from khronika.evidence import attach
    from khronika.export import export_incident
    from khronika.ingest import read_file

    inputs, written = tmp_path / "inputs", tmp_path / "written"
    inputs.mkdir()
    (written / "tmp").mkdir(parents=True)
    monkeypatch.setenv("TMPDIR", str(written / "tmp"))
    monkeypatch.setattr(tempfile, "tempdir", str(written / "tmp"))
    pdf = text_pdf(
        inputs / "izmir.pdf",
        [
            "Monitoring report, March 2021.",
            f"Police detained the journalist {NAMES[0]} in Izmir on 8 March 2021. "
            f"Her colleague {NAMES[1]} said she was beaten in custody.",
        ],
    )
    scan = scanned_pdf(
        inputs / "scan.pdf", [text_image([f"Statement of {NAMES[1]},", "Izmir, 9 March 2021."])]
    )
    (inputs / "cell.jpg").write_bytes(photo(owner=NAMES[0]))
    store_path = written / "record.db"
    with Store(store_path, PASSPHRASE, create=True) as store:
        result = Record(store).ingest([read_file(pdf)[0], read_file(scan)[0]])
        assert result.added == ["izmir", "scan"], result.errors
        assert "Vessendorf" in store.report("scan").text  # read by OCR
        incident = store.primary_incident("izmir") or ""
        stored = attach(store, inputs / "cell.jpg", "tester", incident_id=incident)
        assert stored.metadata["owner"] == NAMES[0]
        assert "gps" in stored.metadata
        assert [d for d, _ in store.search("Qorbandalé")] == ["izmir"]
        assert _readable(written) == [], "readable while the store is open"
        export_incident(store, incident, inputs / "shared")
        assert piexif.load(store.attachment_bytes(stored.attachment_id))["GPS"] != {}
    assert _readable(written) == []
    shared = inputs / "shared" / f"{stored.attachment_id}-cell.jpg"
    assert piexif.load(shared.read_bytes())["GPS"] == {}
    assert NAMES[0].encode() not in shared.read_bytes()
    assert '"gps"' not in (inputs / "shared" / "incident.json").read_text()

"""The web app shows a PDF report page by page with OCR marks, the page of each quote on the
incident page, attachments with thumbnails and metadata, and downloads cleaned of GPS."""

from __future__ import annotations

import warnings
from pathlib import Path

import piexif
import pytest

from evidence_writers import photo, scanned_pdf, text_image, text_pdf
from khronika.evidence import attach
from khronika.ingest import read_file
from khronika.service import Record
from khronika.store import Store

warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")

PAGE_TWO = (
    "On 9 March 2021 masked men set fire to the office of the Committee Against "
    "Torture in Grozny, its head Igor Kalyapin said."
)


def test_report_and_incident_pages_show_pages_ocr_and_attachments(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from khronika.app import create_app

    db = tmp_path / "record.db"
    with Store(db, create=True) as store:
        record = Record(store)
        pdf = text_pdf(tmp_path / "cat.pdf", ["Contents and summary of the year.", PAGE_TWO])
        scan = scanned_pdf(
            tmp_path / "scan.pdf", [text_image(["Masked men set fire to the", "office in Grozny."])]
        )
        assert record.ingest([read_file(pdf)[0], read_file(scan)[0]]).added == ["cat", "scan"]
        (tmp_path / "fire.jpg").write_bytes(photo())
        attach(store, tmp_path / "fire.jpg", "analyst", doc_id="cat")
        incident = store.primary_incident("cat")
    with TestClient(create_app(db)) as client:
        page = client.get("/reports/cat").text
        assert 'id="page-1"' in page
        assert 'id="page-2"' in page
        assert "Page 2" in page
        start = page.index('id="page-2"')
        assert page.index('<mark id="span-', start) > start  # marks on page 2 keep their ids
        assert "fire.jpg" in page
        assert "Canon EOS 80D" in page
        assert "lat: 43.3" in page
        assert "read by OCR, confidence" in client.get("/reports/scan").text
        incident_page = client.get(f"/incidents/{incident}").text
        assert ", p. 2</span>" in incident_page
        assert "fire.jpg" in incident_page
        thumb = client.get("/attachments/att-00001/thumbnail")
        assert thumb.headers["content-type"] == "image/jpeg"
        assert b"SN-0042" not in thumb.content
        cleaned = client.get("/attachments/att-00001/download")
        assert cleaned.status_code == 200
        assert piexif.load(cleaned.content)["GPS"] == {}
        api = client.get("/api/reports/cat").json()
        assert [p["page"] for p in api["pages"]] == [1, 2]
        assert api["provenance"]["kind"] == "pdf"
        assert api["attachments"][0]["metadata"]["gps"]["lat"] == pytest.approx(43.3178, 1e-4)
        pdf_download = client.get("/api/reports/cat/original")
        assert 'cat.pdf"' in pdf_download.headers["content-disposition"]
        original = client.get("/attachments/att-00001/download?original=1")
        assert original.content == photo()
        assert client.get("/attachments/att-00009/download").status_code == 404


def test_a_viewer_sees_no_gps_and_cannot_download_the_original(tmp_path: Path) -> None:
    import datetime as dt

    from fastapi.testclient import TestClient

    from khronika.accounts import hash_password
    from khronika.app import create_app
    from khronika.web.auth import COOKIE, token_digest

    db = tmp_path / "record.db"
    with Store(db, create=True) as store:
        pdf = text_pdf(tmp_path / "cat.pdf", ["Contents.", PAGE_TWO])
        assert Record(store).ingest([read_file(pdf)[0]]).added == ["cat"]
        (tmp_path / "fire.jpg").write_bytes(photo())
        attach(store, tmp_path / "fire.jpg", "analyst", doc_id="cat")
        store.add_user("vera", "viewer", hash_password("vera-password-long"))
        later = (dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)).isoformat(timespec="seconds")
        store.add_session(token_digest("vera-token"), "vera", later)
    with TestClient(create_app(db), follow_redirects=False) as client:
        client.cookies.set(COOKIE, "vera-token")
        page = client.get("/reports/cat")
        assert page.status_code == 200
        assert "fire.jpg" in page.text
        assert "Canon" in page.text
        assert "43.3" not in page.text
        assert "SN-0042" not in page.text
        assert "original=1" not in page.text
        api = client.get("/api/reports/cat").json()
        assert "gps" not in api["attachments"][0]["metadata"]
        assert "43.3" not in str(api)
        assert client.get("/attachments/att-00001/download?original=1").status_code == 403
        with Store(db) as store:
            incident = store.primary_incident("cat")
        on_incident = client.get(f"/incidents/{incident}").text
        assert "fire.jpg" in on_incident
        assert "original=1" not in on_incident
        assert "SN-0042" not in on_incident
        assert "lat:" not in on_incident
        cleaned = client.get("/attachments/att-00001/download")
        assert cleaned.status_code == 200
        assert b"SN-0042" not in cleaned.content


def test_an_analyst_attaches_a_photo_through_the_form_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import re
    import tempfile

    from fastapi.testclient import TestClient

    from khronika.app import create_app

    nowhere = str(tmp_path / "no-such-folder")
    monkeypatch.setenv("TMPDIR", nowhere)
    monkeypatch.setattr(tempfile, "tempdir", nowhere)  # any temporary file would fail
    db = tmp_path / "record.db"
    with Store(db, create=True) as store:
        pdf = text_pdf(tmp_path / "cat.pdf", ["Contents.", PAGE_TWO])
        assert Record(store).ingest([read_file(pdf)[0]]).added == ["cat"]
        incident = store.primary_incident("cat")
    with TestClient(create_app(db), follow_redirects=False) as client:
        page = client.get("/reports/cat").text
        token = re.search(r'name="token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
        sent = client.post(
            "/attachments/new",
            data={"token": token, "incident_id": incident},
            files={"upload": ("scene.jpg", photo(), "image/jpeg")},
        )
        assert sent.status_code == 303
        assert sent.headers["location"].endswith("#att-00001")
        nothing = client.post(
            "/attachments/new",
            data={"token": token, "doc_id": "nope"},
            files={"upload": ("scene.jpg", photo(), "image/jpeg")},
        )
        assert nothing.status_code == 404
        forged = client.post(
            "/attachments/new",
            data={"token": "x", "doc_id": "cat"},
            files={"upload": ("scene.jpg", photo(), "image/jpeg")},
        )
        assert forged.status_code == 403
        pdf_upload = client.post(
            "/reports/new",
            data={"token": token},
            files={
                "upload": (
                    "kaya.pdf",
                    text_pdf(
                        tmp_path / "kaya.pdf", ["Summary.", PAGE_TWO + " Again."]
                    ).read_bytes(),
                    "application/pdf",
                )
            },
        )
        assert pdf_upload.status_code == 303
        assert pdf_upload.headers["location"] == "/reports/kaya?added=1"
    with Store(db) as store:
        (kept,) = store.attachments(incident_ids=[incident or ""])
        assert kept.name == "scene.jpg"
        assert "gps" in kept.metadata
        assert store.changes()[-2][2] == "attach"
        assert [p.page for p in store.pages("kaya")] == [1, 2]

"""Web archives (issue 16): a WARC written by warcio and a WACZ package holding it; each
archived HTML page becomes a report with its target URL and capture time as provenance."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from khronika.errors import EmptyFileError, MalformedInputError
from khronika.ingest import iter_reports, read_file
from khronika.service import Record
from khronika.store import Store

PAGE = (
    "<html><head><title>Office of rights group raided in Grozny</title>"
    '<meta property="article:published_time" content="2021-03-10"></head><body><article>'
    "<h1>Office of rights group raided in Grozny</h1>"
    "<p>Masked men raided the office of the Committee Against Torture in Grozny on 9 March "
    "2021 and seized computers, its head Igor Kalyapin said on Wednesday.</p>"
    "<p>Staff members were held for three hours and questioned without a lawyer.</p>"
    "</article></body></html>"
)
URL = "https://kavkaz.example.org/news/2021/03/10/grozny-raid"


def write_warc(path: Path, pages: dict[str, str], gzip: bool = True) -> Path:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gzip)
        for url, html in pages.items():
            http = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(html.encode()),
                http_headers=http,
                warc_headers_dict={"WARC-Date": "2021-03-11T08:30:00Z"},
            )
            writer.write_record(record)
        css = StatusAndHeaders("200 OK", [("Content-Type", "text/css")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                "https://kavkaz.example.org/site.css",
                "response",
                payload=io.BytesIO(b"body{}"),
                http_headers=css,
            )
        )
    return path


def test_a_warc_page_is_a_report_with_its_capture_as_provenance(tmp_path: Path) -> None:
    path = write_warc(tmp_path / "capture.warc.gz", {URL: PAGE})
    (report,) = read_file(path)
    assert report.meta.url == URL
    assert report.meta.publisher == "kavkaz.example.org"
    assert report.meta.doc_id.startswith("capture-kavkaz-example-org")
    assert "Igor Kalyapin" in report.text
    assert report.raw == PAGE.encode()
    prov = dict(report.provenance)
    assert prov["kind"] == "warc"
    assert prov["target_url"] == URL
    assert prov["captured_at"] == "2021-03-11T08:30:00Z"
    assert prov["http_status"] == "200"
    assert prov["record_id"].startswith("<urn:uuid:")
    assert prov["archive"] == "capture.warc.gz"
    with Store(tmp_path / "r.db", create=True) as store:
        result = Record(store).ingest(iter_reports([path]))
        doc_id = report.meta.doc_id
        assert result.added == [doc_id]
        assert not result.errors
        assert store.provenance(doc_id)["captured_at"] == "2021-03-11T08:30:00Z"
        assert [d for d, _ in store.search("Kalyapin")] == [doc_id]
        assert store.primary_incident(doc_id) is not None


def test_a_wacz_package_and_bad_archives(tmp_path: Path) -> None:
    warc = write_warc(
        tmp_path / "data.warc.gz",
        {URL: PAGE, URL + "-2": PAGE.replace("three hours", "four hours")},
    )
    wacz = tmp_path / "crawl.wacz"
    with zipfile.ZipFile(wacz, "w") as package:
        package.write(warc, "archive/data.warc.gz")
        package.writestr("datapackage.json", json.dumps({"profile": "data-package"}))
    (tmp_path / "cut.warc.gz").write_bytes(warc.read_bytes()[:200])
    write_warc(tmp_path / "styles.warc", {}, gzip=False)
    items = list(iter_reports([wacz, tmp_path / "cut.warc.gz", tmp_path / "styles.warc"]))
    reports = [i for i in items if not isinstance(i, Exception)]
    errors = [i for i in items if isinstance(i, Exception)]
    assert [r.meta.doc_id for r in reports] == [
        "crawl-kavkaz-example-org-news-2021-03-10-grozny-raid",
        "crawl-kavkaz-example-org-news-2021-03-10-grozny-raid-2",
    ]
    assert dict(reports[0].provenance)["archive"] == "crawl.wacz:archive/data.warc.gz"
    assert [type(e) for e in errors] == [MalformedInputError, EmptyFileError]
    assert "cut.warc.gz" in str(errors[0])
    assert "damaged or incomplete" in str(errors[0])
    assert "styles.warc" in str(errors[1])
    assert "no HTML page" in str(errors[1])

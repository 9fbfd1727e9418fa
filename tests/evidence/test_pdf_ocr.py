"""PDF reports and scans (issue 16): text with page numbers, OCR with its confidence, spans
that keep their page, and the ingest rules (one error naming a bad file, the batch goes on,
nothing stored changes). Files are made by reportlab and Pillow."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from evidence_writers import scanned_pdf, text_image, text_pdf
from khronika.errors import EmptyFileError, MalformedInputError
from khronika.ingest import iter_reports, read_file
from khronika.model import ReportMeta
from khronika.service import Record
from khronika.store import Store

PAGE_ONE = "Annual report of the Committee Against Torture. Summary of cases in 2021."
PAGE_TWO = (
    "On 9 March 2021 masked men set fire to the office of the Committee Against Torture in "
    "Grozny, its head Igor Kalyapin said. Staff escaped through a window."
)


def test_text_pdf_pages_and_title(tmp_path: Path) -> None:
    path = text_pdf(tmp_path / "cat-2021.pdf", [PAGE_ONE, PAGE_TWO], title="CAT annual report")
    (report,) = read_file(path)
    assert report.meta.doc_id == "cat-2021"
    assert report.meta.title == "CAT annual report"
    assert report.media_type == "application/pdf"
    assert report.raw == path.read_bytes()
    assert [p.page for p in report.pages] == [1, 2]
    assert not any(p.ocr for p in report.pages)
    two = report.pages[1]
    assert report.text[two.start : two.end].startswith("On 9 March 2021 masked men")
    assert "Summary of cases" in report.text[report.pages[0].start : report.pages[0].end]
    assert dict(report.provenance) == {"kind": "pdf", "pages": "2", "ocr_pages": "0"}


def test_scanned_pdf_is_read_by_ocr_with_its_confidence(tmp_path: Path) -> None:
    image = text_image(["Police detained the journalist", "Ahmet Kaya in Izmir on 8 March 2021."])
    second = text_image(["He was released on 10 March", "after two nights in custody."])
    (report,) = read_file(scanned_pdf(tmp_path / "scan.pdf", [image, second]))
    page, page_two = report.pages  # read side by side, kept in order
    assert page.ocr
    assert page.confidence is not None
    assert page.confidence > 70
    assert "Ahmet Kaya in Izmir on 8 March 2021" in report.text[page.start : page.end]
    assert "after two nights in custody" in report.text[page_two.start : page_two.end]
    assert dict(report.provenance)["ocr_pages"] == "2"


def test_an_image_of_russian_text_is_read_in_russian(tmp_path: Path) -> None:
    path = tmp_path / "zayavlenie.png"
    path.write_bytes(text_image(["Правозащитник Магомед Исаев", "задержан в Грозном 8 марта."]))
    (report,) = read_file(path, meta=ReportMeta("", language="ru"))
    assert "Магомед Исаев" in report.text
    assert "задержан в Грозном" in report.text
    assert report.media_type == "image/png"
    assert report.pages[0].ocr


def test_scans_in_english_and_russian_are_stored_searchable_and_extracted(tmp_path: Path) -> None:
    """Without a declared language Tesseract reads English, Russian and Spanish at once."""
    ru = tmp_path / "zayavlenie.png"
    ru.write_bytes(text_image(["Правозащитник Магомед Исаев", "задержан в Грозном 8 марта."]))
    en = scanned_pdf(
        tmp_path / "statement.pdf",
        [text_image(["Police detained the journalist", "Ahmet Kaya in Izmir on 8 March 2021."])],
    )
    with Store(tmp_path / "r.db", create=True) as store:
        result = Record(store).ingest(iter_reports([ru, en]))
        assert result.added == ["zayavlenie", "statement"]
        assert not result.errors
        assert [d for d, _ in store.search("Исаев")] == ["zayavlenie"]
        assert [d for d, _ in store.search("Kaya")] == ["statement"]
        assert not result.not_extracted  # Russian is extracted by its own step
        assert store.extraction("zayavlenie").language == "ru"
        (page,) = store.pages("statement")
        assert page.ocr
        assert page.confidence is not None
        assert page.confidence > 70


def test_bad_pdfs_and_photos_get_one_error_each_and_the_batch_goes_on(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    text_pdf(folder / "a-good.pdf", [PAGE_TWO])
    good = (folder / "a-good.pdf").read_bytes()
    (folder / "b-cut.pdf").write_bytes(good[: len(good) // 3])
    (folder / "c-blank.pdf").write_bytes(text_pdf(tmp_path / "blank.pdf", [""]).read_bytes())
    from evidence_writers import photo

    (folder / "d-photo.jpg").write_bytes(photo())
    items = list(iter_reports([folder]))
    errors = [i for i in items if isinstance(i, Exception)]
    assert [i.meta.doc_id for i in items if not isinstance(i, Exception)] == ["a-good"]
    assert [type(e) for e in errors] == [MalformedInputError, EmptyFileError, EmptyFileError]
    assert "b-cut.pdf" in str(errors[0])
    assert "damaged or incomplete" in str(errors[0])
    assert "c-blank.pdf" in str(errors[1])
    assert "no text was found in this PDF" in str(errors[1])
    assert "d-photo.jpg" in str(errors[2])
    assert "khronika attach" in str(errors[2])


@pytest.fixture(scope="module")
def pdf_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pdf")
    path = text_pdf(folder / "cat-2021.pdf", [PAGE_ONE, PAGE_TWO])
    store_path = folder / "record.db"
    with Store(store_path, create=True) as store:
        meta = ReportMeta("", publisher="Committee Against Torture", published=dt.date(2021, 3, 10))
        result = Record(store).ingest([read_file(path, meta=meta)[0]])
        assert result.added == ["cat-2021"]
        assert not result.errors
        again = Record(store).ingest(iter_reports([path, folder / "missing.pdf"]))
        assert again.unchanged == ["cat-2021"]
        assert len(again.errors) == 1
    return store_path


def test_an_ingested_pdf_is_searchable_and_its_quotes_keep_their_page(pdf_store: Path) -> None:
    with Store(pdf_store) as store:
        assert [d for d, _ in store.search("Kalyapin")] == ["cat-2021"]
        assert [p.page for p in store.pages("cat-2021")] == [1, 2]
        assert store.provenance("cat-2021")["kind"] == "pdf"
        extraction = store.extraction("cat-2021")
        assert extraction.events
        assert all(e.trigger.page == 2 for e in extraction.events)
        incident = store.incident(store.primary_incident("cat-2021") or "")
        pages = {s.page for f in incident.facts for s in f.sources}
        assert pages == {2}
        text = store.report("cat-2021").text
        assert all(text[s.start : s.end] == s.quote for f in incident.facts for s in f.sources)


def test_an_image_claiming_400_million_pixels_is_refused_not_decoded(tmp_path: Path) -> None:
    import io
    import struct
    import zlib

    from PIL import Image

    out = io.BytesIO()
    Image.new("L", (1, 1), 255).save(out, format="PNG")
    png = bytearray(out.getvalue())
    header = b"IHDR" + struct.pack(">II", 20000, 20000) + bytes(png[24:29])
    png[12:29] = header
    png[29:33] = struct.pack(">I", zlib.crc32(header))
    (tmp_path / "bomb.png").write_bytes(bytes(png))
    (tmp_path / "note.txt").write_text("Police detained two journalists in Izmir.")
    items = list(iter_reports([tmp_path]))
    assert isinstance(items[0], MalformedInputError)
    assert "bomb.png" in str(items[0])
    assert not isinstance(items[1], Exception)
    assert items[1].meta.doc_id == "note"


def test_show_prints_the_page_of_each_quote(pdf_store: Path) -> None:
    from click.testing import CliRunner

    from khronika.cli import main

    with Store(pdf_store) as store:
        incident = store.primary_incident("cat-2021") or ""
    shown = CliRunner().invoke(main, ["--db", str(pdf_store), "show", incident])
    assert shown.exit_code == 0
    assert "cat-2021 p. 2 [" in shown.output

"""Reading single files: plain text, HTML, bad inputs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from khronika.errors import (
    BinaryFileError,
    DecodingError,
    EmptyFileError,
    FileTooLargeError,
    InputError,
    MalformedInputError,
    MissingFileError,
)
from khronika.ingest import date_from_url, read_file

ARTICLE = """<!doctype html>
<html lang="en"><head><title>Masked men storm office | Rights Watch</title>
<meta property="og:site_name" content="Rights Watch">
{date_meta}
<link rel="canonical" href="{url}">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/about">About us</a></li>
<li><a href="/donate">Donate now</a></li></ul></nav>
<article><h1>Masked men storm office</h1>
<p>On 3 June 2015 a group of masked men stormed the office of the Joint Mobile Group in
Grozny. They smashed the windows and the doors with hammers and angle grinders.</p>
<p>The police did not come for more than an hour, although the staff, who were hiding
on the roof of the building, called them many times.</p></article>
<footer><p>Copyright 2015 Rights Watch. All rights reserved. Subscribe to our newsletter.</p>
</footer></body></html>"""

PUBLISHED = '<meta property="article:published_time" content="2015-06-03T21:30:00+03:00">'


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def article(date_meta: str = "", url: str = "https://example.org/news/masked-men") -> str:
    return ARTICLE.format(date_meta=date_meta, url=url)


# --- plain text --------------------------------------------------------------------------


def test_plain_text_keeps_raw_bytes_and_normalises_newlines(tmp_path: Path) -> None:
    raw = "\ufeffMasked men attacked the office.\r\nThe police did not come.\r\n".encode()
    path = write(tmp_path, "jmg-report.txt", raw)
    [report] = read_file(path)
    assert report.raw == raw
    assert report.text == "Masked men attacked the office.\nThe police did not come.\n"
    assert report.meta.doc_id == "jmg-report"
    assert report.media_type == "text/plain"
    assert report.meta.published is None


def test_utf16_with_bom_is_read(tmp_path: Path) -> None:
    raw = "Нападение на офис в Грозном.".encode("utf-16")
    [report] = read_file(write(tmp_path, "ru.txt", raw))
    assert report.text == "Нападение на офис в Грозном."
    assert report.raw == raw


def test_meta_overrides_file(tmp_path: Path) -> None:
    from khronika.model import ReportMeta

    path = write(tmp_path, "a.txt", "Some text about an attack.")
    meta = ReportMeta(doc_id="custom", publisher="NHC", url="https://x.org/2015/06/03/a")
    [report] = read_file(path, meta=meta)
    assert report.meta.doc_id == "custom"
    assert report.meta.publisher == "NHC"
    assert report.meta.published == dt.date(2015, 6, 3)  # from the URL


# --- bad inputs --------------------------------------------------------------------------


def test_binary_nul_bytes(tmp_path: Path) -> None:
    path = write(tmp_path, "blob.txt", b"abc\x00\x01\x02def" * 50)
    with pytest.raises(BinaryFileError) as err:
        read_file(path)
    assert "blob.txt" in str(err.value)
    assert "plain text" in str(err.value)


def test_pdf_magic(tmp_path: Path) -> None:
    """A PDF is read by the PDF reader (tests/evidence); a broken one is named as such."""
    path = write(tmp_path, "statement.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    with pytest.raises(MalformedInputError) as err:
        read_file(path)
    message = str(err.value)
    assert "statement.pdf" in message
    assert "this PDF is damaged or incomplete" in message


@pytest.mark.parametrize("content", [b"", b"  \n\t\r\n  \n"])
def test_empty_and_whitespace_only(tmp_path: Path, content: bytes) -> None:
    path = write(tmp_path, "empty.txt", content)
    with pytest.raises(EmptyFileError) as err:
        read_file(path)
    assert "empty.txt" in str(err.value)
    assert "empty" in err.value.reason


def test_too_large_is_checked_before_reading(tmp_path: Path) -> None:
    path = write(tmp_path, "big.txt", "word " * 1000)
    with pytest.raises(FileTooLargeError) as err:
        read_file(path, max_bytes=100)
    message = str(err.value)
    assert "big.txt" in message
    assert "4.9 KB" in message
    assert "100 bytes" in message


def test_not_utf8(tmp_path: Path) -> None:
    path = write(tmp_path, "latin.txt", "Nachrichten über Grozny".encode("latin-1"))
    with pytest.raises(DecodingError) as err:
        read_file(path)
    message = str(err.value)
    assert "latin.txt" in message
    assert "byte 12" in message
    assert "0xfc" in message
    assert "UTF-8" in message


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(MissingFileError) as err:
        read_file(tmp_path / "nowhere.txt")
    assert "nowhere.txt" in str(err.value)


def test_folder_is_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="folder"):
        read_file(tmp_path)


def test_html_without_text_is_malformed(tmp_path: Path) -> None:
    markup = "<!doctype html><html><head><title></title><script>var x = 1;</script></head>"
    path = write(tmp_path, "blank.html", markup + "<body><div></div></body></html>")
    with pytest.raises(MalformedInputError) as err:
        read_file(path)
    assert "blank.html" in str(err.value)
    assert "no article text" in str(err.value)


# --- HTML --------------------------------------------------------------------------------


def test_html_boilerplate_removed_and_metadata_read(tmp_path: Path) -> None:
    path = write(tmp_path, "rw-masked-men.html", article(PUBLISHED))
    [report] = read_file(path)
    assert report.media_type == "text/html"
    assert report.raw == path.read_bytes()
    assert "masked men stormed the office of the Joint Mobile Group" in report.text
    for boilerplate in ("About us", "Donate now", "Copyright", "newsletter"):
        assert boilerplate not in report.text
    assert report.text.startswith("Masked men storm office")
    assert report.meta.title == "Masked men storm office"
    assert report.meta.publisher == "Rights Watch"
    assert report.meta.url == "https://example.org/news/masked-men"
    assert report.meta.doc_id == "rw-masked-men"
    # the writer's local day, not shifted to UTC
    assert report.meta.published == dt.date(2015, 6, 3)


def test_html_json_ld_date(tmp_path: Path) -> None:
    ld = '<script type="application/ld+json">{"@graph": [{"@type": "NewsArticle", '
    ld += '"datePublished": "2014-12-05T08:00:00Z"}]}</script>'
    [report] = read_file(write(tmp_path, "ld.htm", article(ld)))
    assert report.meta.published == dt.date(2014, 12, 5)


def test_html_date_from_url(tmp_path: Path) -> None:
    markup = article(url="https://example.org/2015/06/04/masked-men/")
    [report] = read_file(write(tmp_path, "u.html", markup))
    assert report.meta.published == dt.date(2015, 6, 4)


def test_html_without_date_is_none_not_today(tmp_path: Path) -> None:
    [report] = read_file(write(tmp_path, "nodate.html", article()))
    assert report.meta.published is None


def test_html_sniffed_without_extension(tmp_path: Path) -> None:
    [report] = read_file(write(tmp_path, "saved-page", article(PUBLISHED)))
    assert report.media_type == "text/html"
    assert "Donate now" not in report.text


def test_html_declared_charset(tmp_path: Path) -> None:
    markup = article().replace("<head>", '<head><meta charset="windows-1251">')
    markup = markup.replace("Grozny.", "Грозном.")
    [report] = read_file(write(tmp_path, "cp.html", markup.encode("windows-1251")))
    assert "Грозном" in report.text


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://a.org/2015/06/03/attack", dt.date(2015, 6, 3)),
        ("https://a.org/news/2015-06-03-attack", dt.date(2015, 6, 3)),
        ("https://a.org/news/20150603/attack", dt.date(2015, 6, 3)),
        ("https://a.org/news/attack?id=123456789", None),
        ("https://a.org/2015/13/40/x", None),
        (None, None),
    ],
)
def test_date_from_url(url: str | None, expected: dt.date | None) -> None:
    assert date_from_url(url) == expected

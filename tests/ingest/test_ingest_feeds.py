"""RSS and Atom feeds: one report per entry."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from khronika.errors import EmptyFileError, InputError, MalformedInputError
from khronika.ingest import iter_reports, read_file
from khronika.model import IncomingReport

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Norwegian Helsinki Committee</title>
  <link>https://www.nhc.no</link>
  <language>en</language>
  <item>
    <title>Brutal attack against human rights defenders in Grozny</title>
    <link>https://www.nhc.no/en/brutal-attack-grozny/</link>
    <guid isPermaLink="false">https://www.nhc.no/?p=4711</guid>
    <pubDate>Wed, 03 Jun 2015 23:10:00 +0300</pubDate>
    <description>Short teaser.</description>
    <content:encoded><![CDATA[<p>A group of masked men <b>stormed</b> the office of the
Joint Mobile Group in Grozny.</p><p>The police did not come.</p>]]></content:encoded>
  </item>
  <item>
    <title>Office burned in December</title>
    <link>https://www.nhc.no/en/office-burned/</link>
    <pubDate>Sat, 13 Dec 2014 09:00:00 +0300</pubDate>
    <description>&lt;p&gt;The office of the group was burned down.&lt;/p&gt;</description>
  </item>
  <item>
    <title>Only a title</title>
    <link>https://www.nhc.no/en/only-title/</link>
  </item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Civil Rights Defenders</title>
  <id>tag:crd.org,2015:feed</id>
  <updated>2015-06-04T12:00:00Z</updated>
  <entry>
    <title>Russian Authorities Must Protect Human Rights Defenders in Chechnya</title>
    <link href="https://crd.org/2015/06/04/protect-hrds/"/>
    <id>tag:crd.org,2015:/news/protect-hrds</id>
    <published>2015-06-04T09:00:00+02:00</published>
    <updated>2015-06-05T09:00:00+02:00</updated>
    <content type="html">&lt;p&gt;Civil Rights Defenders is extremely concerned by
yesterday's violent attack.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Second entry</title>
    <link href="https://crd.org/news/second/"/>
    <id>tag:crd.org,2015:/news/second</id>
    <updated>2015-06-06T09:00:00Z</updated>
    <summary>A plain summary of a second event.</summary>
  </entry>
</feed>
"""


def write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def test_rss_entries(tmp_path: Path) -> None:
    path = write(tmp_path, "nhc.rss", RSS)
    items = list(iter_reports(feed=path))
    assert len(items) == 3
    first, second, third = items
    assert isinstance(first, IncomingReport)
    assert isinstance(second, IncomingReport)
    assert first.meta.doc_id == "nhc-www-nhc-no-p-4711"
    assert first.meta.url == "https://www.nhc.no/en/brutal-attack-grozny/"
    assert first.meta.publisher == "Norwegian Helsinki Committee"
    assert first.meta.language == "en"
    assert first.meta.published == dt.date(2015, 6, 3)  # the feed's own day, not UTC
    assert first.text == (
        "Brutal attack against human rights defenders in Grozny\n\n"
        "A group of masked men stormed the office of the\nJoint Mobile Group in Grozny.\n\n"
        "The police did not come."
    )
    assert first.raw.startswith(b"<p>A group of masked men <b>stormed</b>")
    assert second.meta.doc_id == "nhc-www-nhc-no-en-office-burned"  # no guid: the link
    assert second.text == "Office burned in December\n\nThe office of the group was burned down."
    assert second.meta.published == dt.date(2014, 12, 13)
    assert isinstance(third, EmptyFileError)
    assert "nhc.rss entry 3" in str(third)
    assert "Only a title" in str(third)


def test_rss_doc_ids_are_stable(tmp_path: Path) -> None:
    path = write(tmp_path, "nhc.xml", RSS)
    ids = [r.meta.doc_id for r in read_file(path)]
    assert ids == [r.meta.doc_id for r in read_file(path)]
    assert len(ids) == 2  # read_file leaves out the entry without text


def test_atom_entries(tmp_path: Path) -> None:
    path = write(tmp_path, "crd.atom", ATOM)
    first, second = read_file(path)
    assert first.meta.doc_id == "crd-crd-org-2015-news-protect-hrds"
    assert first.meta.url == "https://crd.org/2015/06/04/protect-hrds/"
    assert first.meta.publisher == "Civil Rights Defenders"
    assert first.meta.published == dt.date(2015, 6, 4)
    assert first.text.startswith("Russian Authorities Must Protect Human Rights Defenders")
    assert "extremely concerned by\nyesterday's violent attack." in first.text
    assert second.meta.published == dt.date(2015, 6, 6)
    assert second.text == "Second entry\n\nA plain summary of a second event."


def test_feed_sniffed_without_extension(tmp_path: Path) -> None:
    reports = read_file(write(tmp_path, "download", ATOM))
    assert len(reports) == 2


def test_malformed_feed(tmp_path: Path) -> None:
    path = write(tmp_path, "broken.xml", "<rss><channel><title>x</title>\x3c/rss")
    with pytest.raises(MalformedInputError) as err:
        read_file(path)
    assert "broken.xml" in str(err.value)
    assert "not a readable RSS or Atom feed" in str(err.value)


def test_feed_without_entries(tmp_path: Path) -> None:
    path = write(
        tmp_path, "quiet.rss", "<rss version='2.0'><channel><title>x</title></channel></rss>"
    )
    with pytest.raises(InputError, match="quiet.rss: this feed has no entries"):
        read_file(path)

"""Telegram Desktop exports (issue 16): ``result.json`` in its documented shape with a
``photos/`` folder; one report per message with its channel, id, link, date and author, its
media as attachments, forwarded messages marked as copies of their origin."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from evidence_writers import photo
from khronika.cli import main
from khronika.errors import InputError
from khronika.ingest.telegram import iter_telegram
from khronika.security import check
from khronika.store import Store

RAID = (
    "Masked men raided the office of the Committee Against Torture in Grozny on 9 March "
    "2021 and seized computers and archives, the group's head Igor Kalyapin said."
)
DETAINED = (
    "Police in Nazran detained the human rights defender Magomed Mutsolgov on "
    "12 March 2021, his colleagues said. He was released after six hours."
)


def export(folder: Path, name: str, channel_id: int, messages: list[dict[str, object]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    data = {"name": name, "type": "public_channel", "id": channel_id, "messages": messages}
    (folder / "result.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return folder


def message(msg_id: int, date: str, text: object, **extra: object) -> dict[str, object]:
    return {
        "id": msg_id,
        "type": "message",
        "date": date,
        "from": "Kavkaz Monitor",
        "from_id": "channel1500000001",
        "text": text,
        **extra,
    }


def channel(tmp_path: Path) -> Path:
    folder = tmp_path / "ChatExport_2021-03-15"
    (folder / "photos").mkdir(parents=True)
    (folder / "photos" / "photo_1.jpg").write_bytes(photo())
    (folder / "photos" / "photo_2.jpg").write_bytes(photo(lat=43.3, lon=45.7, serial="SN-2"))
    return export(
        folder,
        "Kavkaz Monitor",
        1500000001,
        [
            message(
                101,
                "2021-03-09T18:02:11",
                [RAID[:40], {"type": "bold", "text": RAID[40:]}],
                photo="photos/photo_1.jpg",
                width=640,
                height=480,
            ),
            message(102, "2021-03-09T18:02:12", "", photo="photos/photo_2.jpg"),  # the album
            {"id": 103, "type": "service", "date": "2021-03-09T19:00:00", "action": "pin_message"},
            message(104, "2021-03-12T20:15:00", DETAINED, forwarded_from="Memorial Human Rights"),
            message(105, "2021-03-13T09:00:00", "Photos from Nazran.", photo="photos/missing.jpg"),
        ],
    )


def test_messages_are_reports_with_provenance_and_media(tmp_path: Path) -> None:
    items = list(iter_telegram(channel(tmp_path)))
    errors = [i for i in items if isinstance(i, InputError)]
    reports = [i for i in items if not isinstance(i, InputError)]
    assert [r.meta.doc_id for r in reports] == [
        "tg-1500000001-101",
        "tg-1500000001-104",
        "tg-1500000001-105",
    ]
    first = reports[0]
    assert first.text == RAID
    assert first.meta.url == "https://t.me/c/1500000001/101"
    assert first.meta.publisher == "Kavkaz Monitor"
    assert str(first.meta.published) == "2021-03-09"
    prov = dict(first.provenance)
    assert prov == {
        "kind": "telegram",
        "channel": "Kavkaz Monitor",
        "channel_id": "1500000001",
        "message_id": "101",
        "link": "https://t.me/c/1500000001/101",
        "date": "2021-03-09T18:02:11",
        "author": "Kavkaz Monitor",
    }
    assert [a.name for a in first.attachments] == ["photo_1.jpg", "photo_2.jpg"]
    forwarded = dict(reports[1].provenance)
    assert forwarded["forwarded_from"] == "Memorial Human Rights"
    assert reports[1].meta.publisher == "Memorial Human Rights"
    (missing,) = errors
    assert "message 105" in str(missing)
    assert "missing.jpg" in str(missing)


def test_the_cli_ingests_an_export_and_a_forward_is_a_copy_of_its_origin(tmp_path: Path) -> None:
    db = str(tmp_path / "record.db")
    runner = CliRunner()
    assert runner.invoke(main, ["--db", db, "init", "--unencrypted"]).exit_code == 0
    origin = export(
        tmp_path / "memorial",
        "Memorial Human Rights",
        1200000002,
        [message(7, "2021-03-12T19:00:00", DETAINED)],
    )
    first = runner.invoke(main, ["--db", db, "ingest", "--telegram", str(origin)])
    assert first.exit_code == 0, first.output
    done = runner.invoke(main, ["--db", db, "ingest", "--telegram", str(channel(tmp_path))])
    assert done.exit_code == 2
    assert "added 3 report(s)" in done.output
    assert "tg-1500000001-104 is a copy of tg-1200000002-7" in done.output
    with Store(db) as store:
        assert store.report("tg-1500000001-104").copy_of == "tg-1200000002-7"
        photos = store.attachments(doc_id="tg-1500000001-101")
        assert [a.name for a in photos] == ["photo_1.jpg", "photo_2.jpg"]
        assert photos[1].metadata["serials"] == {"body_serial": "SN-2"}
        assert store.provenance("tg-1500000001-101")["link"].endswith("/101")
        assert [d for d, _ in store.search("Kalyapin")] == ["tg-1500000001-101"]
        assert store.primary_incident("tg-1500000001-104") == store.primary_incident(
            "tg-1200000002-7"
        )
        assert check(store).problems == []  # media stored inside the ingest's chain entry
    bad = runner.invoke(main, ["--db", db, "ingest", "--telegram", str(tmp_path / "nowhere")])
    assert bad.exit_code == 2
    assert "nowhere: this file does not exist" in bad.output

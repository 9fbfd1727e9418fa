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
    assert any(p.name.startswith("record.db") for p in files) and len(files) > 5


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

    from khronika.api import create_app

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
        assert huge.status_code == 413 and "larger than 10 MB" in huge.text
    with Store(store_path, PASSPHRASE) as store:
        assert NAMES[0] in store.report("izmir-upload").text
        assert [d for d, _ in store.search("Vessendorf")] == ["izmir-upload"]
    assert not Path(nowhere).exists()
    assert _readable(tmp_path) == []

"""A large upload is extracted in a worker thread (issue 11, case 6): a real `khronika serve`
keeps answering other requests while it works (a 230 KB upload on the event loop froze every
request for 136 s). Ends with the upload stored and the store verified."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
from click.testing import CliRunner

import devsets
from khronika.cli import main
from khronika.store import Store

SHARED = devsets.SHARED
HRDEV = SHARED / "benchmarks/hrdev/docs"
KHRONIKA = Path(sys.executable).parent / "khronika"


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_other_requests_are_answered_while_an_upload_is_extracted(
    tmp_path: Path, seed_manifest: Path
) -> None:
    db = tmp_path / "upload.db"
    runner = CliRunner()
    assert runner.invoke(main, ["--db", str(db), "init", "--unencrypted"]).exit_code == 0
    assert (
        runner.invoke(main, ["--db", str(db), "ingest", "--manifest", str(seed_manifest)]).exit_code
        == 0
    )
    texts = [p.read_text(encoding="utf-8") for p in sorted(HRDEV.glob("*.txt"))[:40]]
    body = "\n\n".join(texts)[:60_000].encode("utf-8")  # 60 KB of real reports
    port = _port()
    server = subprocess.Popen(
        [str(KHRONIKA), "--db", str(db), "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=600) as client:
            _wait(client)
            token = re.search(r'name="token" value="([0-9a-f]+)"', client.get("/reports/new").text)
            assert token
            done: list[httpx.Response] = []
            upload = threading.Thread(
                target=lambda: done.append(
                    client.post(
                        "/reports/new",
                        data={"token": token[1], "doc_id": "big-upload"},
                        files={"upload": ("big-upload.txt", body, "text/plain")},
                    )
                )
            )
            started = time.monotonic()
            upload.start()
            waits = []
            with httpx.Client(base_url=base, timeout=600) as other:
                while upload.is_alive():
                    asked = time.monotonic()
                    assert other.get("/api/incidents").status_code == 200
                    waits.append(time.monotonic() - asked)
                    time.sleep(0.2)
            upload.join()
            took = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=60)
    assert done, done[0].text if done else "no answer"
    assert done[0].status_code == 303, done[0].text if done else "no answer"
    assert took > 5  # the extraction was long enough to be seen
    assert len(waits) >= 10, (took, waits)
    assert max(waits) < min(5.0, took / 2), (took, waits)
    with Store(db) as store:
        assert store.original("big-upload") == body
    verified = runner.invoke(main, ["--db", str(db), "verify"])
    assert verified.exit_code == 0
    assert "verified: 3 reports" in verified.output


def _wait(client: httpx.Client) -> None:
    for _ in range(600):
        try:
            if client.get("/api/incidents").status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise AssertionError("the server did not start")

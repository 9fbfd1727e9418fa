"""``khronika --db postgresql://...``: init, ingest, verify, backup (pg_dump into restic),
backup-check, restore into a new database, and serve, on a real PostgreSQL server."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from khronika.cli import main

PASSPHRASE = "correct horse battery staple"


def cli(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner(env=env).invoke(main, list(args), catch_exceptions=False)


def _export(url: str) -> dict[str, Any]:
    result = cli("--db", url, "export", "--format", "json")
    assert result.exit_code == 0, result.output
    export: dict[str, Any] = json.loads(result.stdout)
    for document in export["documents"]:
        document.pop("ingested_at", None)
    return export


@pytest.fixture
def secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KHRONIKA_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("KHRONIKA_BACKUP_PASSWORD", "another long backup password")


def test_init_ingest_verify_backup_and_restore_on_postgresql(
    pg_server: Any, seed_manifest: Path, tmp_path: Path, secrets: None
) -> None:
    assert shutil.which("restic"), "restic is missing: scripts/test.sh installs it"
    url = pg_server.create_database()
    done = cli("--db", url, "init")
    assert done.exit_code == 0, done.output
    assert "created the encrypted store" in done.output, done.output
    again = cli("--db", url, "init")
    assert again.exit_code != 0
    assert "already exists" in again.output

    env = {"KHRONIKA_DB": url}  # the URL from the environment, as --db
    ingested = cli("ingest", "--manifest", str(seed_manifest), env=env)
    assert ingested.exit_code == 0, ingested.output
    listed = cli("incidents", env=env)
    assert listed.exit_code == 0
    assert "inc-00001" in listed.output
    verified = cli("--db", url, "verify")
    assert verified.exit_code == 0, verified.output
    assert "verified: 2 reports" in verified.output, verified.output

    repo = str(tmp_path / "repo")
    backed = cli("--db", url, "backup", "--to", repo)
    assert backed.exit_code == 0, backed.output
    assert "backed up: snapshot" in backed.output, backed.output
    checked = cli("backup-check", "--from", repo)
    assert checked.exit_code == 0
    assert "(pg_dump) matches its SHA-256" in checked.output

    target = pg_server.create_database()
    restored = cli("restore", "--from", repo, "--to", target)
    assert restored.exit_code == 0, restored.output
    assert "verified: 2 reports" in restored.output
    before = _export(url)
    after = _export(target)
    assert after["incidents"] == before["incidents"]
    assert after["documents"] == before["documents"]
    refused = cli("restore", "--from", repo, "--to", target)
    assert refused.exit_code != 0
    assert "already holds a khronika store" in refused.output


def test_a_bad_url_is_named_without_its_password(tmp_path: Path) -> None:
    url = f"postgresql://someone:s3cret@/nothing?host={tmp_path}"
    done = cli("--db", url, "incidents")
    assert done.exit_code != 0
    assert "cannot connect to the PostgreSQL database" in done.output
    assert "s3cret" not in done.output


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize(
    "workers", [1, pytest.param(2, marks=pytest.mark.slow)], ids=["1-worker", "2-workers"]
)
def test_serve_answers_from_a_postgresql_store(
    pg_server: Any, seeded_pg_template: str, workers: int
) -> None:
    url = pg_server.copy_database(seeded_pg_template)
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "KHRONIKA_PASSPHRASE"}
    server = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from khronika.cli import main; main()",
            "--db",
            url,
            "serve",
            "--port",
            str(port),
            "--workers",
            str(workers),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(600):  # up to 120 s: two worker processes start on a busy machine
            try:
                with urllib.request.urlopen(f"{base}/api/incidents", timeout=2) as answer:
                    body = json.loads(answer.read())
                break
            except OSError:
                if server.poll() is not None:
                    pytest.fail(f"serve ended: {server.stderr.read() if server.stderr else ''}")
                time.sleep(0.2)
        else:
            pytest.fail("serve did not answer in 120 s")
        assert body["total"] >= 1
        with urllib.request.urlopen(f"{base}/api/search?q=masked+men", timeout=5) as answer:
            found = json.loads(answer.read())
        assert {r["doc_id"] for r in found["items"]} == {"crd-jmg-attack", "nhc-jmg-attack"}
        for _ in range(8):  # answered by either worker, the same record
            with urllib.request.urlopen(f"{base}/api/incidents", timeout=5) as answer:
                assert json.loads(answer.read())["total"] == body["total"]
    finally:
        server.terminate()
        server.wait(timeout=20)

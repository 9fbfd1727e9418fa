"""Concurrent use (issue 11; 20 seconds or a minute of it, on an encrypted and on a plain store;
all four run with ``-m slow``, ~2 and ~3 minutes each on a loaded machine): a real
`khronika serve` on 127.0.0.1 answers a loop of web reads, a loop of web reviews and a loop of
pasted reports, while the command line ingests
reports, adds, changes and removes accounts, backs the store up with restic and verifies it, all
side by side on one store. Every change that was acknowledged (a 303 from the web, exit 0 from
the command line) is in the store at the end; every read was answered; every verify and the
final one are clean, and the last backup reads back."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

import devsets
from khronika.store import Store

SHARED = devsets.SHARED
HRDEV = SHARED / "benchmarks/hrdev/docs"
KHRONIKA = Path(sys.executable).parent / "khronika"
PASSWORD = "a long password for the lead"

if shutil.which("restic") is None and os.environ.get("CI"):
    raise RuntimeError("restic is not installed; scripts/test.sh installs Debian's restic")
pytestmark = pytest.mark.skipif(shutil.which("restic") is None, reason="restic not installed")


@dataclass
class Ledger:
    """What each loop was told was done, and what went wrong."""

    ingested: list[str] = field(default_factory=list)
    pasted: list[str] = field(default_factory=list)
    reviews: list[tuple[str, str]] = field(default_factory=list)  # (incident, note)
    users: dict[str, str | None] = field(default_factory=dict)  # name -> role, None: removed
    account_changes: int = 0
    backups: int = 0
    verifies: int = 0
    reads: int = 0
    failures: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def fail(self, what: str) -> None:
        with self.lock:
            self.failures.append(what[:600])


def khronika(db: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(KHRONIKA), "--db", str(db), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def logged_in(base: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=900)  # a paste on a loaded machine
    form = client.get("/login").text
    token = re.search(r'name="token" value="([0-9a-f]+)"', form)
    assert token, form
    answer = client.post("/login", data={"name": "lead", "password": PASSWORD, "token": token[1]})
    assert answer.status_code == 303, answer.text
    return client


def until(stop: threading.Event, ledger: Ledger, step: Callable[[int], None]) -> None:
    number = 0
    while not stop.is_set():
        try:
            step(number)
        except Exception as exc:  # every failure is recorded, none ends the loop silently
            ledger.fail(f"{step.__name__}: {type(exc).__name__}: {exc}")
        number += 1


@pytest.mark.parametrize(
    ("seconds", "encrypted"),
    [
        # ~100 s of wall time in all on a loaded 2-core machine: run with -m slow
        pytest.param(20, True, id="encrypted-20-seconds", marks=pytest.mark.slow),
        pytest.param(20, False, id="plain-20-seconds", marks=pytest.mark.slow),
        pytest.param(60, True, id="encrypted-a-minute", marks=pytest.mark.slow),
        pytest.param(60, False, id="plain-a-minute", marks=pytest.mark.slow),
    ],
)
def test_server_cli_backup_and_verify_side_by_side(
    tmp_path: Path,
    seed_manifest: Path,
    seconds: float,
    encrypted: bool,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db, repo = tmp_path / "busy.db", tmp_path / "repo"
    env = {
        **os.environ,
        "KHRONIKA_BACKUP_PASSWORD": "the backup password",
        "KHRONIKA_USER_PASSWORD": PASSWORD,
        "KHRONIKA_AUTHOR": "cli",
    }
    env.pop("KHRONIKA_PASSPHRASE", None)
    monkeypatch.delenv("KHRONIKA_PASSPHRASE", raising=False)
    if encrypted:
        env["KHRONIKA_PASSPHRASE"] = "the store passphrase, long enough"
        monkeypatch.setenv("KHRONIKA_PASSPHRASE", env["KHRONIKA_PASSPHRASE"])
    init = ("init",) if encrypted else ("init", "--unencrypted")
    for args in (
        init,
        ("ingest", "--manifest", str(seed_manifest)),
        ("user", "add", "lead", "--role", "admin"),
    ):
        done = khronika(db, *args, env=env)
        assert done.returncode == 0, done.stdout + done.stderr
    port = free_port()
    server = subprocess.Popen(
        [str(KHRONIKA), "--db", str(db), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(base, server)
        ledger = _run_side_by_side(db, repo, base, env, seconds)
    finally:
        server.terminate()
        _, server_log = server.communicate(timeout=60)
    assert ledger.failures == [], ledger.failures
    assert "Traceback" not in server_log, server_log[-3000:]
    assert ledger.reads >= 10
    assert ledger.reviews
    assert ledger.ingested
    assert ledger.pasted
    assert ledger.backups
    assert ledger.verifies
    assert ledger.users
    _everything_acknowledged_is_there(db, ledger)
    print(
        f"\n{'encrypted' if encrypted else 'plain'} store, {seconds} s side by side: "
        f"{ledger.reads} web reads, {len(ledger.reviews)} web reviews, {len(ledger.pasted)} "
        f"pastes, {len(ledger.ingested)} CLI ingests, {ledger.account_changes} account changes, "
        f"{ledger.backups} backups, {ledger.verifies} verifies acknowledged; all present, "
        "no failure"
    )
    final = khronika(db, "verify", env=env)
    assert final.returncode == 0, final.stdout + final.stderr
    checked = subprocess.run(
        [str(KHRONIKA), "backup-check", "--from", str(repo)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def _wait_for(base: str, server: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert server.poll() is None, server.communicate()[1]
        try:
            if httpx.get(f"{base}/login", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise AssertionError("the server did not start")


def _run_side_by_side(
    db: Path, repo: Path, base: str, env: dict[str, str], seconds: float
) -> Ledger:
    ledger, stop = Ledger(), threading.Event()
    docs = sorted(HRDEV.glob("*.txt"))
    reader, reviewer, paster = logged_in(base), logged_in(base), logged_in(base)

    def web_reads(n: int) -> None:
        for path in ("/api/incidents", "/", "/timeline", "/api/actors", "/search?q=office"):
            answer = reader.get(path)
            if answer.status_code != 200:
                ledger.fail(f"GET {path}: {answer.status_code} {answer.text[:300]}")
            with ledger.lock:
                ledger.reads += 1
        items = reader.get("/api/incidents").json()["items"]
        incident = reader.get(f"/api/incidents/{items[n % len(items)]['incident_id']}")
        if incident.status_code != 200:
            ledger.fail(f"GET an incident: {incident.status_code} {incident.text[:300]}")

    def web_reviews(n: int) -> None:
        items = reviewer.get("/api/incidents").json()["items"]
        incident_id = items[n % len(items)]["incident_id"]
        page = reviewer.get(f"/incidents/{incident_id}").text
        token = re.search(r'name="token" value="([0-9a-f]+)"', page)
        keys = re.findall(r'<option value="(\d+:[0-9a-f]+)">', page)
        assert token, page[:500]
        assert keys, page[:500]
        note = f"web review {n}"
        answer = reviewer.post(
            f"/incidents/{incident_id}/review",
            data={"fact": keys[0], "decision": "confirmed", "note": note, "token": token[1]},
        )
        if answer.status_code == 303:
            ledger.reviews.append((incident_id, note))
        elif answer.status_code != 400:  # 400: the incident changed meanwhile (reload it)
            ledger.fail(f"review: {answer.status_code} {answer.text[:300]}")

    def web_pastes(n: int) -> None:
        doc = docs[-1 - n]
        token = re.search(r'name="token" value="([0-9a-f]+)"', paster.get("/reports/new").text)
        assert token
        answer = paster.post(
            "/reports/new",
            data={
                "text": doc.read_text(encoding="utf-8"),
                "doc_id": f"web-{doc.stem}",
                "token": token[1],
            },
        )
        if answer.status_code == 303:
            ledger.pasted.append(f"web-{doc.stem}")
        else:
            said = re.findall(r'<div class="errors".*?</div>', answer.text, re.S)
            ledger.fail(f"paste {doc.name}: {answer.status_code} {said[-3:]}")

    def cli_ingests(n: int) -> None:
        doc = docs[n]
        done = khronika(db, "ingest", str(doc), env=env)
        if done.returncode == 0 and "added 1 report(s)" in " ".join(done.stdout.split()):
            ledger.ingested.append(doc.stem)
        else:
            ledger.fail(f"ingest {doc.name}: {done.returncode} {done.stdout} {done.stderr}")

    def user_changes(n: int) -> None:
        name = f"monitor-{n // 3}"
        args, role = [
            (("user", "add", name, "--role", "viewer"), "viewer"),
            (("user", "role", name, "analyst"), "analyst"),
            (("user", "remove", name), None),
        ][n % 3]
        done = khronika(db, *args, env=env)
        if done.returncode == 0:
            ledger.users[name] = role
            ledger.account_changes += 1
        else:
            ledger.fail(f"user {args}: {done.returncode} {done.stdout} {done.stderr}")

    def backups(n: int) -> None:
        done = khronika(db, "backup", "--to", str(repo), env=env)
        if done.returncode == 0:
            ledger.backups += 1
        else:
            ledger.fail(f"backup: {done.returncode} {done.stdout} {done.stderr}")

    def verifies(n: int) -> None:
        done = khronika(db, "verify", env=env)
        if done.returncode == 0:
            ledger.verifies += 1
        else:
            ledger.fail(f"verify: {done.returncode} {done.stdout} {done.stderr}")

    loops = [web_reads, web_reviews, web_pastes, cli_ingests, user_changes, backups, verifies]
    threads = [threading.Thread(target=until, args=(stop, ledger, loop)) for loop in loops]
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join(timeout=600)
    for client in (reader, reviewer, paster):
        client.close()
    return ledger


def _everything_acknowledged_is_there(db: Path, ledger: Ledger) -> None:
    with Store(db, os.environ.get("KHRONIKA_PASSPHRASE")) as store:
        stored = {r.doc_id for r in store.reports()}
        assert set(ledger.ingested) <= stored
        assert set(ledger.pasted) <= stored
        notes = {
            (incident, json.loads(detail).get("note"))
            for _, _, action, incident, detail in store.changes(None)
            if action == "confirmed"
        }
        for incident, note in ledger.reviews:  # a merged id would answer for its incident
            kept = store.incident(incident).incident_id
            assert (kept, note) in notes or (incident, note) in notes
        users = dict(store.users())
        for name, role in ledger.users.items():
            assert users.get(name) == role, (name, role, users.get(name))
        backups = [c for c in store.changes(None) if c[2] == "backup"]
        assert len(backups) == ledger.backups

"""Commands run beside a running server do not corrupt what it sees.

A real ``khronika serve`` process answers a steady load of logged-in reads (enough at once to
make it open new connections while others are in use), while other processes run ``user
list``, ``user add``, ``verify``, ``user role``, ``export`` and ``history`` on the same plain
store (and this process reviews a fact). Every answer is a page, never an error; the
write-ahead log is never taken away from under the server; every acknowledged change is in
the store afterwards and it verifies.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

from khronika.accounts import add_account
from khronika.review import review_fact
from khronika.security import check
from khronika.service import Record
from khronika.store import Store
from khronika.web.auth import COOKIE, token_digest

KHRONIKA = [sys.executable, "-c", "from khronika.cli import main; main()"]
TOKEN = "a session token for the reading loop"
URLS = ("/incidents", "/api/incidents", "/reports/crd-jmg-attack", "/search?q=attack", "/actors")
READERS = 12  # more than the pool keeps idle: the server opens new connections meanwhile


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _khronika(db: Path, *args: str, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [*KHRONIKA, "--db", str(db), *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "KHRONIKA_AUTHOR": "cli-user", **(env or {})},
    )
    assert done.returncode == 0, (args, done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    return done.stdout


def _read_loop(base: str, stop: threading.Event, answers: Counter[str], worker: int) -> None:
    n = worker
    while not stop.is_set():
        url = URLS[n % len(URLS)]
        n += 1
        request = urllib.request.Request(base + url, headers={"Cookie": f"{COOKIE}={TOKEN}"})
        try:
            with urllib.request.urlopen(request, timeout=60) as answer:  # noqa: S310 - loopback
                answer.read()
                answers[str(answer.status)] += 1
        except urllib.error.HTTPError as error:
            answers[f"{error.code} {url}"] += 1
        except OSError as error:
            answers[f"failed {url}: {error}"] += 1


def _wait_for(base: str, server: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert server.poll() is None, "the server exited"
        try:
            urllib.request.urlopen(base + "/login", timeout=5).read()  # noqa: S310
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("the server did not start")


def _account(db: Path) -> None:
    with Store(db) as store:
        add_account(store, "test", "amina", "admin", "a long password 1")
        later = (dt.datetime.now(dt.UTC) + dt.timedelta(hours=2)).isoformat(timespec="seconds")
        with store.transaction():
            store.add_session(token_digest(TOKEN), "amina", later)
            store.record_change("user:amina", "login", None, '{"role": "admin"}')


def test_cli_commands_beside_a_running_server(seeded_copy_path: Path, tmp_path: Path) -> None:
    db = seeded_copy_path
    _account(db)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [*KHRONIKA, "--db", str(db), "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    stop, answers = threading.Event(), Counter[str]()
    readers = [
        threading.Thread(target=_read_loop, args=(base, stop, answers, i)) for i in range(READERS)
    ]
    try:
        _wait_for(base, server)
        for reader in readers:
            reader.start()
        wal = Path(f"{db}-wal")
        assert "amina" in _khronika(db, "user", "list")
        assert wal.exists()
        _khronika(
            db,
            "user",
            "add",
            "bob",
            "--role",
            "viewer",
            env={"KHRONIKA_USER_PASSWORD": "another long password"},
        )
        assert wal.exists(), "the -wal went away under the server"
        assert "verified:" in _khronika(db, "verify")
        _khronika(db, "user", "role", "bob", "analyst")
        _khronika(db, "export", "--out", str(tmp_path / "record.json"))
        assert wal.exists()
        with Store(db) as store:  # a writer in this process too, beside the server
            incident = store.incidents()[0]
            review_fact(
                Record(store, author="cli-user"),
                incident.incident_id,
                incident.facts[0].field,
                incident.facts[0].value,
                "confirmed",
                "seen",
            )
        assert "confirmed" in _khronika(db, "history")
        time.sleep(1)  # the readers go on over the new state
    finally:
        stop.set()
        for reader in readers:
            if reader.is_alive():
                reader.join(timeout=90)
        server.terminate()
        server.wait(timeout=30)
    bad = {k: v for k, v in answers.items() if k != "200"}
    print(f"\nanswers while CLI commands ran beside the server: {dict(answers)}")
    assert bad == {}
    assert answers["200"] > 50
    with Store(db) as store:
        assert check(store).problems == []
        assert dict(store.users()) == {"amina": "admin", "bob": "analyst"}
        actions = [(e[2], e[3]) for e in store.chain_entries()]
    assert actions.count(("cli-user", "account")) == 2
    assert ("cli-user", "export") in actions
    assert ("cli-user", "confirmed") in actions

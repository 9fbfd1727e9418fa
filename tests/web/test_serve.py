"""``khronika serve`` as it runs: a real uvicorn server on 127.0.0.1, driven over HTTP.

X-Forwarded-For is believed only from a proxy named with ``--trusted-proxy`` (a client on this
machine rotating it cannot step around the per-address login limit), the access log never
holds a query string, and every answer carries ``Cache-Control: no-store``.
"""

from __future__ import annotations

import logging
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
import uvicorn

from khronika.accounts import hash_password
from khronika.app import create_app
from khronika.store import Store
from khronika.web.auth import ADDRESS_LIMIT
from khronika.web.server import server_config

TOKEN = re.compile(r'name="token" value="([0-9a-f]+)"')


@pytest.fixture
def db(seeded_path: Path, tmp_path: Path) -> Path:
    path = tmp_path / "serve.db"
    shutil.copy(seeded_path, path)
    with Store(path) as store:
        store.add_user("vic", "viewer", hash_password("viewer-pass-123"))
    return path


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def serving(db: Path, proxies: tuple[str, ...] = ()) -> Iterator[str]:
    """The app served as ``khronika serve`` serves it, on a free port; its base URL."""
    port = _free_port()
    server = uvicorn.Server(server_config(create_app(db), "127.0.0.1", port, proxies))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=20)


def _failed_login(client: httpx.Client, name: str, forwarded: str) -> int:
    page = client.get("/login")
    token = TOKEN.search(page.text)
    assert token
    data = {"name": name, "password": "wrong", "token": token.group(1)}
    return client.post("/login", data=data, headers={"X-Forwarded-For": forwarded}).status_code


def _rotate(base: str) -> list[int]:
    """Failed logins, each claiming another client address and another account name."""
    with httpx.Client(base_url=base) as client:
        return [
            _failed_login(client, f"name{n}", f"198.51.100.{n}") for n in range(ADDRESS_LIMIT + 1)
        ]


def test_forwarded_for_is_ignored_unless_the_proxy_is_named(db: Path) -> None:
    warnings: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: warnings.append(record.getMessage())  # type: ignore[method-assign]
    with serving(db) as base:  # (the server's logging is set up as it starts)
        logging.getLogger("khronika.web").addHandler(handler)
        try:
            codes = _rotate(base)
        finally:
            logging.getLogger("khronika.web").removeHandler(handler)
    assert len(warnings) == 1
    assert "serve with --trusted-proxy 127.0.0.1" in warnings[0]
    assert codes[:ADDRESS_LIMIT] == [401] * ADDRESS_LIMIT
    assert codes[-1] == 429  # every attempt counted against 127.0.0.1, whatever it claimed
    with Store(db) as store:
        store.db.execute("DELETE FROM login_failures")
    with serving(db, ("127.0.0.1",)) as base:
        codes = _rotate(base)
    assert codes == [401] * (ADDRESS_LIMIT + 1)  # the named proxy's clients, each counted


def test_the_access_log_has_no_query_string(db: Path) -> None:
    lines: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: lines.append(handler.format(record))  # type: ignore[method-assign]
    handler.setFormatter(uvicorn.logging.AccessFormatter("%(request_line)s %(status_code)s"))
    with serving(db) as base:
        access = logging.getLogger("uvicorn.access")
        access.addHandler(handler)
        try:
            with httpx.Client(base_url=base) as client:
                client.get("/api/search?q=Kalyapin&limit=5")
                client.get("/incidents?actor=Kalyapin")
        finally:
            access.removeHandler(handler)
    assert any("GET /api/search HTTP/1.1 401" in line for line in lines), lines
    assert any("GET /incidents HTTP/1.1" in line for line in lines), lines
    assert not any("Kalyapin" in line or "?" in line for line in lines), lines


def test_every_answer_is_no_store_but_static_files(db: Path) -> None:
    with serving(db) as base, httpx.Client(base_url=base) as client:
        for path in ("/login", "/api/incidents", "/incidents", "/nowhere"):
            assert client.get(path).headers["cache-control"] == "no-store", path
        static = client.get("/static/khronika.css")
        assert static.status_code == 200
        assert "no-store" not in static.headers.get("cache-control", "")

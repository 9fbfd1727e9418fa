"""Accounts and roles: every route of the app against no login, viewer, analyst and admin."""

from __future__ import annotations

import re
import shutil
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
from fastapi import FastAPI  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

from khronika.api import create_app  # noqa: E402
from khronika.store import Store  # noqa: E402
from khronika.web.auth import WITHHELD, hash_password  # noqa: E402

PASSWORDS = {"ada": "admin-pass-1", "ann": "analyst-pass-1", "vic": "viewer-pass-1"}
ROLES = {"ada": "admin", "ann": "analyst", "vic": "viewer"}
OPEN = {"/login", "/openapi.json"}


@pytest.fixture(scope="module")
def db(seeded_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("auth") / "auth.db"
    shutil.copy(seeded_path, path)
    with Store(path) as store:
        for name, role in ROLES.items():
            store.add_user(name, role, hash_password(PASSWORDS[name]))
    return path


@pytest.fixture(scope="module")
def app(db: Path) -> FastAPI:
    return create_app(db)


def _client(app: FastAPI, name: str | None) -> TestClient:
    client = TestClient(app, follow_redirects=False)
    if name:
        response = client.post("/login", data={"name": name, "password": PASSWORDS[name]})
        assert response.status_code == 303, response.text
        cookie = response.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=strict" in cookie
    return client


@pytest.fixture(scope="module")
def clients(app: FastAPI) -> Iterator[dict[str | None, TestClient]]:
    made = {name: _client(app, name) for name in (None, "vic", "ann", "ada")}
    yield made
    for client in made.values():
        client.close()


@pytest.fixture(scope="module")
def ids(clients: dict[str | None, TestClient]) -> dict[str, str]:
    admin = clients["ada"]
    incidents = admin.get("/api/incidents").json()["items"]
    doc_id = admin.get(f"/api/incidents/{incidents[0]['incident_id']}").json()["doc_ids"][0]
    actor_id = admin.get("/api/actors").json()["items"][0]["actor_id"]
    place = incidents[0]["location"]["place"] or incidents[0]["location"]["country"]
    return {
        "incident_id": incidents[0]["incident_id"],
        "doc_id": doc_id,
        "actor_id": actor_id,
        "name": place,
    }


def _flatten(routes: list[Any]) -> Iterator[Any]:
    """Every route with a path and methods (this FastAPI wraps included routers lazily)."""
    for route in routes:
        if hasattr(route, "effective_candidates"):
            yield from _flatten(route.effective_candidates())
        elif getattr(route, "methods", None) and getattr(route, "path", None):
            yield route


def _routes(app: FastAPI, ids: dict[str, str]) -> list[tuple[str, str]]:
    found = []
    for route in _flatten(app.routes):
        path = re.sub(r"\{(\w+)\}", lambda m: ids[m.group(1)], route.path)
        for method in sorted(route.methods or ()):
            if method != "HEAD":
                found.append((method, path))
    assert len(found) > 20
    return found


def _call(client: TestClient, method: str, path: str) -> int:
    return client.request(method, path).status_code


def test_no_login_is_refused_everywhere(
    app: FastAPI, clients: dict[str | None, TestClient], ids: dict[str, str]
) -> None:
    client = clients[None]
    for method, path in _routes(app, ids):
        response = client.request(method, path)
        if path in OPEN:
            assert response.status_code not in (401, 403), (method, path)
        elif path.startswith("/api/"):
            assert response.status_code == 401, (method, path)
        else:
            assert response.status_code == 303, (method, path)
            assert response.headers["location"] == "/login", (method, path)
    assert client.get("/static/style.css").status_code in (200, 404)


@pytest.mark.parametrize("name", ["vic", "ann", "ada"])
def test_roles(
    app: FastAPI, clients: dict[str | None, TestClient], ids: dict[str, str], name: str
) -> None:
    client = clients[name]
    for method, path in _routes(app, ids):
        if path == "/logout":
            continue  # would end this client's session; see test_logout_ends_the_session
        status = _call(client, method, path)
        if method == "GET":
            assert status not in (401, 403), (name, method, path, status)
            if status == 303:
                assert client.request(method, path).headers["location"] != "/login"
        elif path in ("/login", "/logout"):
            continue
        elif ROLES[name] == "viewer":
            assert status == 403, (name, method, path, status)
        else:
            assert status not in (401, 403), (name, method, path, status)


def test_viewer_sees_victims_names_withheld(clients: dict[str | None, TestClient]) -> None:
    admin, viewer = clients["ada"], clients["vic"]
    people = []
    for item in admin.get("/api/incidents").json()["items"]:
        people += [
            (item["incident_id"], v["name"]) for v in item["victims"] if v["kind"] == "person"
        ]
    assert people, "the seeds name no victim who is a person"
    incident_id, person = people[0]
    shown = viewer.get(f"/api/incidents/{incident_id}").json()
    names = [v["name"] for v in shown["victims"] if v["kind"] == "person"]
    assert names and set(names) == {WITHHELD}
    listed = viewer.get("/api/incidents").text
    assert person not in listed and WITHHELD in listed
    assert person in admin.get(f"/api/incidents/{incident_id}").text


def test_analyst_merges_via_the_form(db: Path) -> None:
    app = create_app(db)
    with _client(app, "ann") as client:
        items = client.get("/api/incidents").json()["items"]
        first, second = items[0]["incident_id"], items[1]["incident_id"]
        page = client.get(f"/incidents/{first}").text
        match = re.search(r'name="token" value="([0-9a-f]+)"', page)
        assert match
        data = {"other": second, "token": match.group(1), "author": "someone else"}
        response = client.post(f"/incidents/{first}/merge", data=data)
        assert response.status_code == 303, response.text
        history = client.get(response.headers["location"].split("#")[0]).text
        assert "user:ann" in history and "someone else" not in history


def test_wrong_password_is_refused(app: FastAPI) -> None:
    with TestClient(app, follow_redirects=False) as client:
        response = client.post("/login", data={"name": "ann", "password": "nope-nope"})
        assert response.status_code == 401 and "set-cookie" not in response.headers
        response = client.post("/login", data={"name": "nobody", "password": "nope-nope"})
        assert response.status_code == 401
        assert client.get("/api/incidents").status_code == 401


def test_password_stored_only_as_argon2id(db: Path) -> None:
    with Store(db) as store:
        for name, password in PASSWORDS.items():
            found = store.user(name)
            assert found is not None
            assert found[1].startswith("$argon2id$") and password not in found[1]
    assert all(p.encode() not in db.read_bytes() for p in PASSWORDS.values())


def test_logout_ends_the_session(app: FastAPI) -> None:
    client = _client(app, "vic")
    assert client.get("/api/actors").status_code == 200
    assert client.post("/logout").status_code == 303
    assert client.get("/api/actors").status_code == 401


def test_cli_adds_an_account_and_serve_warns_without_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn
    from click.testing import CliRunner

    from khronika.cli import main

    db = tmp_path / "cli.db"
    Store(db).close()
    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: None)
    served = CliRunner().invoke(main, ["--db", str(db), "serve"])
    assert served.exit_code == 0 and "single-user local mode" in served.output
    monkeypatch.setenv("KHRONIKA_USER_PASSWORD", "a long password")
    added = CliRunner().invoke(main, ["--db", str(db), "user", "add", "Ana", "--role", "analyst"])
    assert added.exit_code == 0, added.output
    with Store(db) as store:
        found = store.user("Ana")
    assert found is not None and found[0] == "analyst" and found[1].startswith("$argon2id$")
    served = CliRunner().invoke(main, ["--db", str(db), "serve"])
    assert served.exit_code == 0 and "single-user local mode" not in served.output

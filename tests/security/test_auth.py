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

from khronika.accounts import hash_password  # noqa: E402
from khronika.app import create_app  # noqa: E402
from khronika.security.redact import WITHHELD  # noqa: E402
from khronika.store import Store  # noqa: E402

PASSWORDS = {"ada": "admin-pass-1", "ann": "analyst-pass-1", "vic": "viewer-pass-1"}
ROLES = {"ada": "admin", "ann": "analyst", "vic": "viewer"}
OPEN = {"/login", "/openapi.json"}
# Reads refused to a viewer by design: original reports may name witnesses; the form to add
# a report is of no use to an account that cannot add one.
# a merge preview is the first step of a change
VIEWER_REFUSED = {
    "/api/reports/{doc_id}/original",
    "/reports/new",
    "/incidents/{incident_id}/merge",
    "/review",
}
TOKEN = re.compile(r'name="token" value="([0-9a-f]+)"')


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


def login(client: TestClient, name: str, password: str) -> Any:
    """Log in through the form: the login page's token and its pre-session cookie."""
    match = TOKEN.search(client.get("/login").text)
    assert match, "the login page carries no token"
    data = {"name": name, "password": password, "token": match.group(1)}
    return client.post("/login", data=data)


def form_token(client: TestClient, page: str = "/reports/new") -> str:
    match = TOKEN.search(client.get(page).text)
    assert match, f"{page} carries no form token"
    return match.group(1)


def _client(app: FastAPI, name: str | None) -> TestClient:
    client = TestClient(app, follow_redirects=False)
    if name:
        response = login(client, name, PASSWORDS[name])
        assert response.status_code == 303, response.text
        cookie = response.headers["set-cookie"].lower()
        assert "httponly" in cookie
        assert "samesite=strict" in cookie
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
    actors = admin.get("/api/actors").json()["items"]
    # An organisation: a viewer is refused pages that name a person the record protects.
    actor_id = next(a["actor_id"] for a in actors if a.get("kind") != "person")
    place = incidents[0]["location"]["place"] or incidents[0]["location"]["country"]
    return {
        "incident_id": incidents[0]["incident_id"],
        "doc_id": doc_id,
        "actor_id": actor_id,
        "name": place,
        "attachment_id": "att-00001",  # none stored: the route answers 404 once let in
    }


def _flatten(routes: list[Any]) -> Iterator[Any]:
    """Every route with a path and methods (this FastAPI wraps included routers lazily)."""
    for route in routes:
        if hasattr(route, "effective_candidates"):
            yield from _flatten(route.effective_candidates())
        elif getattr(route, "methods", None) and getattr(route, "path", None):
            yield route


def _routes(app: FastAPI, ids: dict[str, str]) -> list[tuple[str, str]]:
    return [(method, path) for method, path, _ in _templated(app, ids)]


def _templated(app: FastAPI, ids: dict[str, str]) -> list[tuple[str, str, str]]:
    """(method, path with ids filled in, the route's path template) of every route."""
    found = []
    for route in _flatten(app.routes):
        path = re.sub(r"\{(\w+)\}", lambda m: ids[m.group(1)], route.path)
        for method in sorted(route.methods or ()):
            if method != "HEAD":
                found.append((method, path, route.path))
    assert len(found) > 20
    assert any(p.startswith("/admin/") for _, p, _ in found), "the admin routes are missing"
    return found


def _call(client: TestClient, method: str, path: str) -> int:
    status: int = client.request(method, path).status_code
    return status


def test_no_login_is_refused_everywhere(
    app: FastAPI, clients: dict[str | None, TestClient], ids: dict[str, str]
) -> None:
    client = clients[None]
    for method, path in _routes(app, ids):
        response = client.request(method, path)
        if (method, path) == ("POST", "/login"):
            assert response.status_code == 403, "a login without the login page's token"
        elif path in OPEN:
            assert response.status_code not in (401, 403), (method, path)
        elif path.startswith("/api/"):
            assert response.status_code == 401, (method, path)
        else:
            assert response.status_code == 303, (method, path)
            assert response.headers["location"] == "/login", (method, path)
    assert client.get("/static/style.css").status_code in (200, 404)


def _expected(role: str, method: str, path: str, template: str) -> str:
    """What a role may do: "allowed", or "403"."""
    if path.startswith("/admin/"):
        return "allowed" if role == "admin" else "403"
    if method == "GET":
        return "403" if role == "viewer" and template in VIEWER_REFUSED else "allowed"
    return "403" if role == "viewer" else "allowed"


@pytest.mark.parametrize("name", ["vic", "ann", "ada"])
def test_roles(
    app: FastAPI, clients: dict[str | None, TestClient], ids: dict[str, str], name: str
) -> None:
    """Every route for every role; POSTs carry this session's form token (and nothing else,
    so that no change is made: a form with its fields missing is a 400)."""
    client = clients[name]
    token = form_token(client, "/incidents")
    for method, path, template in _templated(app, ids):
        if path in ("/login", "/logout"):
            continue  # /logout would end this client's session; see test_logout_ends_...
        data = {"token": token} if method == "POST" else None
        status = client.request(method, path, data=data).status_code
        if _expected(ROLES[name], method, path, template) == "403":
            assert status == 403, (name, method, path, status)
            continue
        assert status not in (401, 403), (name, method, path, status)
        if method == "GET" and status == 303:
            assert client.request(method, path).headers["location"] != "/login"


def test_admin_pages_by_role(clients: dict[str | None, TestClient]) -> None:
    assert clients[None].get("/admin/accounts").headers["location"] == "/login"
    for name in ("vic", "ann"):
        refused = clients[name].get("/admin/accounts")
        assert refused.status_code == 403
        assert "Only an admin" in refused.text
    page = clients["ada"].get("/admin/accounts")
    assert page.status_code == 200
    assert all(f"<td>{name}</td>" in page.text for name in ROLES)
    assert 'href="/admin/accounts"' in page.text  # the layout's "Accounts" link, for admins
    assert 'href="/admin/accounts"' not in clients["ann"].get("/incidents").text


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
    assert names
    assert set(names) == {WITHHELD}
    listed = viewer.get("/api/incidents").text
    assert person not in listed
    assert WITHHELD in listed
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
        assert "user:ann" in history
        assert "someone else" not in history


def test_wrong_password_is_refused(app: FastAPI) -> None:
    with TestClient(app, follow_redirects=False) as client:
        response = login(client, "ann", "nope-nope")
        assert response.status_code == 401
        assert "khronika_session" not in str(response.headers)
        response = login(client, "nobody", "nope-nope")
        assert response.status_code == 401
        assert client.get("/api/incidents").status_code == 401


def test_password_stored_only_as_argon2id(db: Path) -> None:
    with Store(db) as store:
        for name, password in PASSWORDS.items():
            found = store.user(name)
            assert found is not None
            assert found[1].startswith("$argon2id$")
            assert password not in found[1]
    assert all(p.encode() not in db.read_bytes() for p in PASSWORDS.values())


def test_logout_ends_the_session(app: FastAPI) -> None:
    client = _client(app, "vic")
    assert client.get("/api/actors").status_code == 200
    assert client.post("/logout").status_code == 403  # no token: not from khronika's page
    assert client.get("/api/actors").status_code == 200
    response = client.post("/logout", data={"token": form_token(client, "/incidents")})
    assert response.status_code == 303
    assert response.headers["location"] == "/login"
    assert client.get("/api/actors").status_code == 401


def test_cli_adds_an_account_and_serve_warns_without_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn
    from click.testing import CliRunner

    from khronika.cli import main

    db = tmp_path / "cli.db"
    Store(db, create=True).close()
    monkeypatch.setattr(uvicorn.Server, "run", lambda self, *a, **k: None)
    served = CliRunner().invoke(main, ["--db", str(db), "serve"])
    assert served.exit_code == 0
    assert "single-user local mode" in served.output
    exposed = CliRunner().invoke(main, ["--db", str(db), "serve", "--host", "0.0.0.0"])
    assert exposed.exit_code == 2
    assert "Add an admin first" in " ".join(exposed.output.split())
    monkeypatch.setenv("KHRONIKA_USER_PASSWORD", "a long password")
    added = CliRunner().invoke(main, ["--db", str(db), "user", "add", "Ana", "--role", "analyst"])
    assert added.exit_code == 0, added.output
    with Store(db) as store:
        found = store.user("Ana")
    assert found is not None
    assert found[0] == "analyst"
    assert found[1].startswith("$argon2id$")
    served = CliRunner().invoke(main, ["--db", str(db), "serve"])
    assert served.exit_code == 0
    assert "single-user local mode" not in served.output
    exposed = CliRunner().invoke(main, ["--db", str(db), "serve", "--host", "0.0.0.0"])
    assert exposed.exit_code == 0, exposed.output  # with accounts: the operator's choice
    given: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn.Server, "run", lambda self, *a, **k: given.update(c=self.config))
    args = ["--db", str(db), "serve", "--trusted-proxy", "10.0.0.2", "--trusted-proxy", "10.0.0.3"]
    assert CliRunner().invoke(main, args).exit_code == 0
    assert given["c"].forwarded_allow_ips == "10.0.0.2,10.0.0.3"
    assert given["c"].proxy_headers
    assert CliRunner().invoke(main, ["--db", str(db), "serve"]).exit_code == 0
    assert not given["c"].proxy_headers  # no proxy named: X-Forwarded-For is never believed
    wrong = CliRunner().invoke(main, ["--db", str(db), "serve", "--trusted-proxy", "*"])
    assert wrong.exit_code == 2
    assert "is not an IP address" in wrong.output

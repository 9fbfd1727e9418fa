"""Logging in and out, form tokens bound to the session, login rate limits, account
administration, and the chain entries of every change made through the web app."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import re
import shutil
import warnings
from pathlib import Path
from typing import Any

import pytest

from evidence_writers import photo

warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
from fastapi import FastAPI  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

from khronika.accounts import hash_password  # noqa: E402
from khronika.app import create_app  # noqa: E402
from khronika.security import verify  # noqa: E402
from khronika.store import Change, Store  # noqa: E402
from khronika.web.auth import COOKIE, lockout  # noqa: E402
from khronika.web.formtoken import FORM_EXPIRED, LOGIN_COOKIE  # noqa: E402

PASSWORDS = {"ada": "admin-pass-123", "ann": "analyst-pass-123", "vic": "viewer-pass-123"}
ROLES = {"ada": "admin", "ann": "analyst", "vic": "viewer"}
TOKEN = re.compile(r'name="token" value="([0-9a-f]+)"')
NEW_PASSWORD = "a-new-long-password"


@pytest.fixture
def db(seeded_path: Path, tmp_path: Path) -> Path:
    """A private copy of the seeded store with an admin, an analyst and a viewer."""
    path = tmp_path / "login.db"
    shutil.copy(seeded_path, path)
    with Store(path) as store:
        for name, role in ROLES.items():
            store.add_user(name, role, hash_password(PASSWORDS[name]))
    return path


@pytest.fixture
def app(db: Path) -> FastAPI:
    return create_app(db)


def _client(app: FastAPI, address: str = "testclient") -> TestClient:
    return TestClient(app, follow_redirects=False, client=(address, 50000))


def _login(client: TestClient, name: str, password: str | None = None) -> Any:
    token = _token(client, "/login")
    data = {"name": name, "password": password or PASSWORDS[name], "token": token}
    return client.post("/login", data=data)


def _token(client: TestClient, page: str = "/reports/new") -> str:
    match = TOKEN.search(client.get(page).text)
    assert match, f"{page} carries no token"
    return match.group(1)


def _logged_in(app: FastAPI, name: str, address: str = "testclient") -> TestClient:
    client = _client(app, address)
    assert _login(client, name).status_code == 303
    return client


def _changes(db: Path) -> list[Change]:
    with Store(db) as store:
        return store.changes()


def _new_changes(db: Path, before: int) -> list[tuple[str, str, str]]:
    """(author, action, detail) of the changes after the first ``before``."""
    return [(author, action, detail) for _, author, action, _, detail in _changes(db)[before:]]


# ---- login CSRF, session fixation, session-bound form tokens -----------------------------


def test_login_without_or_with_a_wrong_token_is_refused(app: FastAPI) -> None:
    with _client(app) as client:
        data = {"name": "ann", "password": PASSWORDS["ann"]}
        missing = client.post("/login", data=data)
        assert missing.status_code == 403
        assert FORM_EXPIRED in missing.text
        assert COOKIE not in client.cookies
        _token(client, "/login")  # a pre-session cookie, but a made-up token
        wrong = client.post("/login", data={**data, "token": "0" * 64})
        assert wrong.status_code == 403
        assert COOKIE not in client.cookies
    with _client(app) as other, _client(app) as attacker:
        token = _token(attacker, "/login")  # the attacker's token, without their cookie
        assert other.post("/login", data={**data, "token": token}).status_code == 403
        assert _login(other, "ann").status_code == 303


def test_two_login_pages_open_at_once_both_work(app: FastAPI) -> None:
    with _client(app) as client:
        first = _token(client, "/login")
        second = _token(client, "/login")  # e.g. the favicon's redirect to /login
        assert second != first  # each page carries the token under a fresh mask
        data = {"name": "ann", "password": PASSWORDS["ann"], "token": first}
        assert client.post("/login", data=data).status_code == 303


def test_the_pre_session_cookie_is_strict_and_expires(app: FastAPI) -> None:
    with _client(app) as client:
        cookie = client.get("/login").headers["set-cookie"].lower()
        assert LOGIN_COOKIE in cookie
        assert "httponly" in cookie
        assert "samesite=strict" in cookie
        nonce = "1000.expired-long-ago"  # an expiry in 1970, with its right HMAC
        secret: bytes = app.state.form_secret
        token = hmac.new(secret, b"khronika-login\x00" + nonce.encode(), hashlib.sha256)
        client.cookies.set(LOGIN_COOKIE, nonce, path="/login")
        data = {"name": "ann", "password": PASSWORDS["ann"], "token": token.hexdigest()}
        assert client.post("/login", data=data).status_code == 403


def test_a_login_starts_a_fresh_session(app: FastAPI) -> None:
    with _client(app) as client:
        client.cookies.set(COOKIE, "chosen-by-an-attacker", domain="testserver.local", path="/")
        assert _login(client, "ann").status_code == 303
        first = client.cookies[COOKIE]
        assert first != "chosen-by-an-attacker"
        assert _login(client, "ann").status_code == 303
        second = client.cookies[COOKIE]
        assert second != first
    with _client(app) as replay:
        replay.cookies.set(COOKIE, first)  # the session before the second login has ended
        assert replay.get("/api/actors").status_code == 401


def test_a_form_token_from_another_session_is_refused(app: FastAPI, db: Path) -> None:
    with _logged_in(app, "ann") as ann, _logged_in(app, "ada") as ada:
        incident = ann.get("/api/incidents").json()["items"][0]["incident_id"]
        stolen = _token(ann, f"/incidents/{incident}")
        assert stolen != _token(ada)
        before = len(_changes(db))
        data = {"field": "date", "value": "2001-01-01", "token": stolen}
        refused = ada.post(f"/incidents/{incident}/edit", data=data)
        assert refused.status_code == 403
        assert FORM_EXPIRED in refused.text
        missing = ada.post(f"/incidents/{incident}/edit", data={"field": "date", "value": "2001"})
        assert missing.status_code == 403
        assert len(_changes(db)) == before
        assert ann.post(f"/incidents/{incident}/edit", data=data).status_code == 303


def test_the_layout_names_who_is_logged_in_and_offers_logout(app: FastAPI) -> None:
    with _logged_in(app, "ann") as ann, _logged_in(app, "ada") as ada:
        page = ann.get("/incidents").text
        assert "ann" in page
        assert "(analyst)" in page
        assert re.search(
            r'<form class="account" action="/logout" method="post">\s*<input '
            r'type="hidden" name="token" value="[0-9a-f]{128}">',
            page,
        )
        assert 'href="/admin/accounts"' not in page
        assert 'href="/admin/accounts"' in ada.get("/incidents").text
    with _client(app) as nobody:
        assert 'action="/logout"' not in nobody.get("/login").text


# ---- rate limiting -------------------------------------------------------------------


def test_five_failures_lock_the_account_not_the_others(app: FastAPI, db: Path) -> None:
    with _client(app) as client:
        for _ in range(5):
            assert _login(client, "ann", "wrong-password").status_code == 401
        locked = _login(client, "ann")  # the right password, refused all the same
        assert locked.status_code == 429
        assert COOKIE not in client.cookies
        assert "wait 15 minutes" in locked.text
        assert 880 <= int(locked.headers["retry-after"]) <= 900
        assert _login(client, "ada").status_code == 303  # another account: unaffected
    with _client(app, "10.0.0.9") as elsewhere:  # the account is locked from anywhere
        assert _login(elsewhere, "ann").status_code == 429
    entries = [e for e in _new_changes(db, 0) if e[1] == "login_locked"]
    assert len(entries) == 1
    assert entries[0][0] == "user:ann"
    assert json.loads(entries[0][2]) == {"scope": "account", "failures": 5, "minutes": 15}


def test_twenty_failures_from_one_address_lock_that_address(app: FastAPI) -> None:
    with _client(app, "10.0.0.1") as client:
        for i in range(20):
            assert _login(client, f"guess-{i % 4}", "wrong-password").status_code == 401
        locked = _login(client, "vic")
        assert locked.status_code == 429
        assert "from this address" in locked.text
    with _client(app, "10.0.0.2") as other:
        assert _login(other, "vic").status_code == 303


def test_a_lockout_ends_after_fifteen_minutes(db: Path) -> None:
    now = dt.datetime(2025, 1, 1, 12, 0, tzinfo=dt.UTC)
    with Store(db) as store:
        for minutes in (14, 12, 10, 8, 6):
            at = (now - dt.timedelta(minutes=minutes)).isoformat(timespec="seconds")
            store.add_login_failure("ann", "10.1.1.1", at, "2000-01-01")
        locked = lockout(store, "ann", "10.1.1.1", now)
        # Locked for 15 minutes from the failure that started it (6 minutes ago).
        assert locked is not None
        assert (locked.scope, locked.minutes) == ("account", 9)
        assert lockout(store, "ann", "10.1.1.1", now + dt.timedelta(minutes=9)) is None
        assert lockout(store, "ada", "10.1.1.1", now) is None
        for minutes in (40, 35, 31):  # three more, long before: still five in 15 minutes
            at = (now - dt.timedelta(minutes=minutes)).isoformat(timespec="seconds")
            store.add_login_failure("ann", "10.1.1.1", at, "2000-01-01")
        assert lockout(store, "ann", "10.1.1.1", now) == locked
        assert lockout(store, "ada", "10.1.1.1", now) is None


# ---- the chain: logins, logouts, accounts ------------------------------------------------


def test_login_and_logout_are_in_the_chain(app: FastAPI, db: Path) -> None:
    before = len(_changes(db))
    with _logged_in(app, "ann") as client:
        session = client.cookies[COOKIE]
        response = client.post("/logout", data={"token": _token(client)})
        assert response.status_code == 303
        assert response.headers["location"] == "/login"
        assert client.get("/api/actors").status_code == 401
    entries = _new_changes(db, before)
    assert [(a, c) for a, c, _ in entries] == [("user:ann", "login"), ("user:ann", "logout")]
    assert json.loads(entries[0][2]) == {"role": "analyst"}
    _assert_no_secret(db, [session, *PASSWORDS.values()])
    with Store(db) as store:
        assert verify(store) == []


def _assert_no_secret(db: Path, secrets: list[str]) -> None:
    for _, _, _, _, detail in _changes(db):
        assert not any(secret in detail for secret in secrets), detail
        assert "password" not in detail
        assert "token" not in detail


def _admin_post(client: TestClient, path: str, **data: str) -> Any:
    return client.post(path, data={**data, "token": _token(client, "/admin/accounts")})


def test_accounts_added_changed_and_removed_by_an_admin(app: FastAPI, db: Path) -> None:
    with _logged_in(app, "ada") as ada, _logged_in(app, "ann") as ann:
        before = len(_changes(db))
        added = _admin_post(
            ada, "/admin/accounts", name="Bea", role="analyst", password=NEW_PASSWORD
        )
        assert added.status_code == 303
        assert added.headers["location"] == "/admin/accounts"
        assert (
            _admin_post(ada, "/admin/accounts/role", name="Bea", role="viewer").status_code == 303
        )
        assert _admin_post(ada, "/admin/accounts/remove", name="ann").status_code == 303
        assert ann.get("/api/actors").status_code == 401  # a removed account's sessions end
        page = ada.get("/admin/accounts").text
        assert "<td>Bea</td>" in page
        assert "<td>ann</td>" not in page
    expected = [
        {"change": "add", "name": "Bea", "role": "analyst"},
        {"change": "role", "name": "Bea", "role": "viewer"},
        {"change": "remove", "name": "ann", "role": "analyst"},
    ]
    entries = _new_changes(db, before)
    assert [(a, c) for a, c, _ in entries] == [("user:ada", "account")] * 3
    assert [json.loads(d) for _, _, d in entries] == expected
    _assert_no_secret(db, [NEW_PASSWORD, *PASSWORDS.values()])


def test_account_forms_refuse_with_a_sentence(app: FastAPI, db: Path) -> None:
    with _logged_in(app, "ada") as ada:
        short = _admin_post(ada, "/admin/accounts", name="Cy", role="viewer", password="short")
        assert short.status_code == 400
        assert "at least 12 characters" in short.text
        twice = _admin_post(ada, "/admin/accounts", name="ann", role="admin", password=NEW_PASSWORD)
        assert twice.status_code == 400
        assert "already exists" in twice.text
        demote = _admin_post(ada, "/admin/accounts/role", name="ada", role="analyst")
        assert demote.status_code == 400
        assert "ada is the last admin" in demote.text
        remove = _admin_post(ada, "/admin/accounts/remove", name="ada")
        assert remove.status_code == 400
        assert "last admin" in remove.text
        assert ada.post("/admin/accounts/remove", data={"name": "ann"}).status_code == 403
    with Store(db) as store:
        assert store.users() == sorted(ROLES.items())
    with _logged_in(app, "ann") as ann:
        refused = ann.post("/admin/accounts/remove", data={"name": "vic", "token": _token(ann)})
        assert refused.status_code == 403


def test_the_last_admin_can_go_once_there_is_another(app: FastAPI, db: Path) -> None:
    with _logged_in(app, "ada") as ada:
        assert _admin_post(ada, "/admin/accounts/role", name="ann", role="admin").status_code == 303
        response = _admin_post(ada, "/admin/accounts/role", name="ada", role="viewer")
        assert response.status_code == 303
        assert response.headers["location"] == "/"
        assert ada.get("/admin/accounts").status_code == 403
    with Store(db) as store:
        assert dict(store.users()) == {"ada": "viewer", "ann": "admin", "vic": "viewer"}


def test_single_user_local_mode_has_no_account_page(seeded_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "local.db"
    shutil.copy(seeded_path, path)
    with _client(create_app(path)) as client:
        refused = client.get("/admin/accounts")
        assert refused.status_code == 403
        assert "khronika user add" in refused.text


def test_the_cli_records_account_changes(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from khronika.cli import main

    def run(*args: str) -> Any:
        return CliRunner().invoke(main, ["--db", str(db), "user", *args])

    monkeypatch.setenv("KHRONIKA_AUTHOR", "maria")
    monkeypatch.setenv("KHRONIKA_USER_PASSWORD", NEW_PASSWORD)
    before = len(_changes(db))
    assert run("add", "Dee", "--role", "viewer").exit_code == 0
    assert run("role", "Dee", "analyst").exit_code == 0
    listed = run("list")
    assert listed.exit_code == 0
    assert "Dee" in listed.output
    assert "analyst" in listed.output
    assert run("remove", "Dee").exit_code == 0
    last = run("remove", "ada")
    assert last.exit_code == 2
    assert "last admin" in last.output
    monkeypatch.setenv("KHRONIKA_USER_PASSWORD", "short")
    assert "at least 12" in run("add", "Eve", "--role", "viewer").output
    entries = _new_changes(db, before)
    assert [(a, c) for a, c, _ in entries] == [("maria", "account")] * 3
    assert [json.loads(d)["change"] for _, _, d in entries] == ["add", "role", "remove"]
    _assert_no_secret(db, [NEW_PASSWORD])


# ---- every POST route is logged in the chain ---------------------------------------------


def _post_routes(app: FastAPI) -> set[str]:
    found: set[str] = set()

    def walk(routes: list[Any]) -> None:
        for route in routes:
            if hasattr(route, "effective_candidates"):
                walk(route.effective_candidates())
            elif "POST" in (getattr(route, "methods", None) or ()):
                found.add(route.path)

    walk(app.routes)
    return found


# POST routes that change nothing in the record: the name a reviewer gives in single-user
# mode (a cookie; with accounts the account is the author).
NOT_A_CHANGE = {"/reviewer"}


def _valid_posts(client: TestClient) -> dict[str, tuple[str, str, dict[str, Any]]]:
    """For each POST route: (who, path, form) of one valid request, in the order run."""
    items = client.get("/api/incidents").json()["items"]
    by_type = {item["event_type"]: item["incident_id"] for item in items}
    two = next(i for i in items if len(i["doc_ids"]) > 1)
    page = client.get(f"/incidents/{two['incident_id']}").text
    fact = re.findall(r'name="fact" value="(\d+:[0-9a-f]+)"', page)[0]
    text = "Police detained two journalists in Izmir on 8 March 2021, their lawyer said."
    return {
        "/incidents/{incident_id}/review": (
            "ann",
            f"/incidents/{two['incident_id']}/review",
            {"fact": fact, "decision": "confirmed"},
        ),
        "/incidents/{incident_id}/edit": (
            "ann",
            f"/incidents/{two['incident_id']}/edit",
            {"field": "date", "value": "2015-06"},
        ),
        "/incidents/{incident_id}/split": (
            "ann",
            f"/incidents/{two['incident_id']}/split",
            {"docs": [two["doc_ids"][0]]},
        ),
        "/incidents/{incident_id}/merge": (
            "ann",
            f"/incidents/{by_type['arson']}/merge",
            {"other": by_type["raid_or_search"]},
        ),
        "/incidents/{incident_id}/unmerge": (
            "ann",
            f"/incidents/{by_type['arson']}/unmerge",
            {"other": by_type["raid_or_search"]},
        ),
        "/actors/{actor_id}/edit": (
            "ann",
            "/actors/nhc/edit",
            {"name": "Norwegian Helsinki Committee", "kind": "organization"},
        ),
        "/actors/{actor_id}/merge": ("ann", "/actors/council-of-europe/merge", {"other": "eu"}),
        "/reviewer": ("ann", "/reviewer", {"author": "Ann", "next": "/incidents"}),
        "/incidents/{incident_id}/reviewed": (
            "ann",
            f"/incidents/{two['incident_id']}/reviewed",
            {"next": "/review"},
        ),
        "/reports/new": ("ann", "/reports/new", {"text": text, "doc_id": "izmir-1"}),
        "/people/public": ("ann", "/people/public", {"who": "ella-pamfilova"}),
        "/attachments/new": (
            "ann",
            "/attachments/new",
            {"doc_id": two["doc_ids"][0], "upload": ("scene.jpg", photo(), "image/jpeg")},
        ),
        "/admin/accounts": (
            "ada",
            "/admin/accounts",
            {"name": "Flo", "role": "viewer", "password": NEW_PASSWORD},
        ),
        "/admin/accounts/role": ("ada", "/admin/accounts/role", {"name": "Flo", "role": "analyst"}),
        "/admin/accounts/remove": ("ada", "/admin/accounts/remove", {"name": "Flo"}),
        "/login": ("ann", "/login", {"name": "ann", "password": PASSWORDS["ann"]}),
        "/logout": ("ann", "/logout", {}),
    }


def test_every_post_route_checks_its_token_and_appends_to_the_chain(app: FastAPI, db: Path) -> None:
    """Every POST route of the app: refused without its token; with it, as an analyst (or
    an admin for the admin routes), a valid request appends to the chain as user:NAME."""
    with _logged_in(app, "ann") as ann, _logged_in(app, "ada") as ada:
        clients = {"ann": ann, "ada": ada}
        calls = _valid_posts(ann)
        assert set(calls) == _post_routes(app), "a POST route this test does not know"
        for template, (who, path, data) in calls.items():
            client = clients[who]
            token = _token(client, "/login" if path == "/login" else "/reports/new")
            before = len(_changes(db))
            files = {k: v for k, v in data.items() if isinstance(v, tuple)} or None
            data = {k: v for k, v in data.items() if not isinstance(v, tuple)}
            refused = client.post(path, data=data, files=files)  # the form without its token
            assert refused.status_code == 403, template
            assert FORM_EXPIRED in refused.text, template
            assert len(_changes(db)) == before, template
            response = client.post(path, data={**data, "token": token}, files=files)
            assert response.status_code == 303, (template, response.text[:500])
            if template in NOT_A_CHANGE:
                assert len(_changes(db)) == before, template
                continue
            authors = {author for author, _, _ in _new_changes(db, before)}
            assert f"user:{who}" in authors, (template, authors)
    with Store(db) as store:
        assert verify(store) == []


def test_tokens_are_masked_afresh_and_pages_travel_compressed(app: FastAPI) -> None:
    from khronika.web.formtoken import mask, unmask

    raw = "ab" * 32
    one, two = mask(raw), mask(raw)
    assert one != two
    assert unmask(one) == unmask(two) == raw
    assert unmask("zz") == ""
    assert unmask("") == ""
    with _logged_in(app, "ann") as ann:
        first, second = _token(ann, "/incidents"), _token(ann, "/incidents")
        assert first != second
        assert unmask(first) == unmask(second)
        page = ann.get("/incidents", headers={"Accept-Encoding": "gzip"})
        assert page.headers["content-encoding"] == "gzip"
        assert "Incidents" in page.text

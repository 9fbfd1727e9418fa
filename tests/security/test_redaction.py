"""Viewers read the record with witness-identifying names withheld, on every route.

The seed store plus one report written for these tests: a perpetrator who is a person
(stays readable), a victim and a witness (both withheld). A viewer then walks every GET route
of the app, and every byte it receives is scanned for every name of every withheld person;
an analyst walking the same routes does see them (so the scan can fail).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import json
import re
import secrets
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
from khronika.api import create_app  # noqa: E402
from khronika.security.redact import WITHHELD, Redactor, fold, name_terms  # noqa: E402
from khronika.service import Record  # noqa: E402
from khronika.store import Store  # noqa: E402
from khronika.web.auth import COOKIE, token_digest  # noqa: E402

TEXT = (
    "On 12 March 2019, police officer Viktor Zhukov beat the journalist Anna Smirnova in Kazan. "
    '"They dragged her out of the car," said a neighbour, Oleg Sidorov, who saw the attack.'
)
ROLES = {"vic": "viewer", "ann": "analyst"}


# ---- the redactor ---------------------------------------------------------------------------
def test_names_are_withheld_whole_in_part_in_any_case_and_spelling() -> None:
    redactor = Redactor.for_people([("bj-rn-engesland", ["Bjørn Engesland"])])
    assert redactor.text("Bjørn Engesland said") == f"{WITHHELD} said"
    assert (
        redactor.text("ENGESLAND's office; Bjorn, too") == f"{WITHHELD}'s office; {WITHHELD}, too"
    )
    assert redactor.text("see /actors/bj-rn-engesland") == f"see /actors/bj-rn-{WITHHELD}"
    assert redactor.text("q=Bj%C3%B8rn") == f"q={WITHHELD}"
    assert redactor.text("Engeslandia and Bjørnstad") == "Engeslandia and Bjørnstad"


def test_particles_and_short_parts_alone_are_not_withheld() -> None:
    assert name_terms("Abu al Said") == {"Said"}
    assert not name_terms("Al") & {"Al", "al"}
    redactor = Redactor.for_people([("x", ["Mr Li Van der Berg"])])
    assert redactor.text("Mr Li met the van") == "Mr Li met the van"
    assert redactor.text("Berg") == WITHHELD


def test_html_text_and_attributes_but_not_markup() -> None:
    redactor = Redactor.for_people([("mark-span", ["Mark Span"])])
    page = '<p class="x"><mark>Mark</mark> <span title="Span">Span</span> <a href="/a/mark-span">'
    out = redactor.html(page)
    assert out == (
        f'<p class="x"><mark>{WITHHELD}</mark> <span title="{WITHHELD}">{WITHHELD}</span>'
        f' <a href="/a/{WITHHELD}-{WITHHELD}">'
    )


def test_json_values_and_keys() -> None:
    redactor = Redactor.for_people([("a", ["Anna Smirnova"])])
    value = {"Anna Smirnova": [{"name": "Anna Smirnova", "n": 2, "ok": None}]}
    assert redactor.value(value) == {WITHHELD: [{"name": WITHHELD, "n": 2, "ok": None}]}
    assert Redactor.for_people([]).text("Anna Smirnova") == "Anna Smirnova"


def test_fold() -> None:
    assert fold("Dadaév Bjørn Łódź") == "Dadaev Bjorn Lodz"


# ---- who is withheld ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def db(seeded_path: Path, tmp_path_factory: pytest.TempPathFactory, make_incoming: Any) -> Path:
    path = tmp_path_factory.mktemp("redaction") / "redaction.db"
    shutil.copy(seeded_path, path)
    report = make_incoming("kazan-2019", TEXT, published=dt.date(2019, 3, 13))
    with Store(path) as store:
        result = Record(store).ingest([report])
        assert not result.errors
        for name, role in ROLES.items():
            store.add_user(name, role, hash_password(f"{name}-password-long"))
    return path


@pytest.fixture(scope="module")
def withheld(db: Path) -> dict[str, list[str]]:
    with Store(db) as store:
        return dict(store.people_to_withhold())


def test_victims_witnesses_and_speakers_are_withheld_perpetrators_are_not(
    withheld: dict[str, list[str]],
) -> None:
    assert {"anna-smirnova", "oleg-sidorov"} <= set(withheld)  # victim, witness
    assert {"igor-kalyapin", "dzhabrail-dadaev"} <= set(withheld)  # seed victims
    assert "bj-rn-engesland" in withheld  # quoted, not a perpetrator
    assert "viktor-zhukov" not in withheld  # a person named as perpetrator
    assert not {"joint-mobile-group", "committee-against-torture"} & set(withheld)
    assert "Kadyrov" in withheld["ramzan-kadyrov"]  # every alias


# ---- every route, as a viewer ---------------------------------------------------------------
def _session(app: FastAPI, db: Path, name: str) -> TestClient:
    token = secrets.token_urlsafe(32)
    expires = (dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)).isoformat(timespec="seconds")
    with Store(db) as store:
        store.add_session(token_digest(token), name, expires)
    client = TestClient(app, follow_redirects=False)
    client.cookies.set(COOKIE, token)
    return client


@pytest.fixture(scope="module")
def clients(db: Path) -> Iterator[dict[str, TestClient]]:
    app = create_app(db)
    made = {name: _session(app, db, name) for name in ROLES}
    yield made
    for client in made.values():
        client.close()


def _get_paths(clients: dict[str, TestClient]) -> list[str]:
    """Every GET route of the app, filled with every id the record holds."""
    analyst = clients["ann"]
    app: Any = analyst.app
    incidents = [i["incident_id"] for i in analyst.get("/api/incidents?limit=100").json()["items"]]
    reports = sorted({d for i in incidents for d in _doc_ids(analyst, i)})
    places = ["Kazan", "Grozny", "Russia"]
    fill = {"incident_id": incidents, "doc_id": reports, "name": places, "actor_id": ["nhc"]}
    paths = ["/", "/incidents?place=Russia", "/search?q=attack", "/api/search?q=beat"]
    for route in _routes(app.routes):
        if "GET" not in (route.methods or ()) or route.path.startswith("/static"):
            continue
        names = re.findall(r"\{(\w+)\}", route.path)
        if not names:
            paths.append(route.path)
            continue
        for value in fill[names[0]]:
            paths.append(route.path.replace("{" + names[0] + "}", value))
    return paths


def _doc_ids(client: TestClient, incident_id: str) -> list[str]:
    ids: list[str] = client.get(f"/api/incidents/{incident_id}").json()["doc_ids"]
    return ids


def _routes(routes: list[Any]) -> Iterator[Any]:
    for route in routes:
        if hasattr(route, "effective_candidates"):
            yield from _routes(route.effective_candidates())
        elif getattr(route, "methods", None) and getattr(route, "path", None):
            yield route


def _readable(body: bytes) -> str:
    """The body as a reader sees it: HTML entities and JSON escapes undone."""
    text = body.decode("utf-8", errors="replace")
    with contextlib.suppress(ValueError):
        text += json.dumps(json.loads(text), ensure_ascii=False)
    return html.unescape(text)


def _leaks(body: bytes, withheld: dict[str, list[str]]) -> set[str]:
    """Every part of a withheld name found in the body, as written or without diacritics."""
    readable = _readable(body)
    text = f"{readable.lower()} {fold(readable).lower()}"
    found = set()
    for names in withheld.values():
        for name in names:
            for term in name_terms(name) | {fold(t) for t in name_terms(name)}:
                if re.search(rf"(?<![^\W_]){re.escape(term.lower())}(?![^\W_])", text):
                    found.add(term)
    return found


def test_a_viewer_receives_no_withheld_name_on_any_route(
    clients: dict[str, TestClient], withheld: dict[str, list[str]]
) -> None:
    paths = _get_paths(clients)
    assert len(paths) > 25
    seen_by_analyst: set[str] = set()
    for path in paths:
        viewer = clients["vic"].get(path)
        assert viewer.status_code in (200, 403), (path, viewer.status_code)
        assert not _leaks(viewer.content, withheld), (path, _leaks(viewer.content, withheld))
        seen_by_analyst |= _leaks(clients["ann"].get(path).content, withheld)
    assert {"Smirnova", "Sidorov", "Kalyapin", "Engesland"} <= seen_by_analyst


def test_viewer_pages_still_read_with_the_names_withheld(clients: dict[str, TestClient]) -> None:
    viewer, analyst = clients["vic"], clients["ann"]
    incident = viewer.get("/api/incidents?place=Kazan").json()["items"][0]
    assert incident["perpetrators"][0]["name"] == "Viktor Zhukov"
    assert incident["victims"][0]["name"] == WITHHELD
    page = viewer.get("/reports/kazan-2019")
    assert page.status_code == 200 and "Viktor Zhukov" in page.text
    assert page.text.count(WITHHELD) >= 2
    assert "withheld from viewer accounts" in page.text
    assert "/original" in analyst.get("/reports/kazan-2019").text


@pytest.mark.parametrize(
    "path",
    [
        "/search?q=Smirnova",
        "/api/search?q=%22oleg+sidorov%22",
        "/api/incidents?actor=smirnova",
        "/incidents?actor=Kalyapin",
        "/actors/anna-smirnova",
    ],
)
def test_a_viewer_cannot_ask_who_a_withheld_name_is(
    clients: dict[str, TestClient], path: str
) -> None:
    response = clients["vic"].get(path)
    assert response.status_code == 403
    assert "name of a person the record protects" in response.text
    assert clients["ann"].get(path).status_code == 200


def test_a_viewer_cannot_download_originals(clients: dict[str, TestClient]) -> None:
    response = clients["vic"].get("/api/reports/kazan-2019/original")
    assert response.status_code == 403
    assert "cannot download original reports" in response.json()["error"]
    assert clients["ann"].get("/api/reports/kazan-2019/original").content == TEXT.encode()


def test_a_viewers_export_is_redacted_and_logged(
    clients: dict[str, TestClient], db: Path, withheld: dict[str, list[str]]
) -> None:
    body = clients["vic"].get("/api/export.json")
    assert body.status_code == 200 and not _leaks(body.content, withheld)
    assert json.loads(body.content)["incidents"]
    with Store(db) as store:
        entry = store.chain_entries()[-1]
    assert entry[2] == "user:vic" and entry[3] == "export"
    assert json.loads(entry[5])["names_withheld"] is True


def test_an_export_for_sharing_withholds_the_same_names(
    db: Path, withheld: dict[str, list[str]], tmp_path: Path
) -> None:
    from click.testing import CliRunner

    from khronika.cli import main

    copy = tmp_path / "copy.db"
    shutil.copy(db, copy)
    for fmt in ("json", "csv"):
        out = tmp_path / f"shared.{fmt}"
        args = ["--db", str(copy), "export", "--format", fmt, "--withhold-names", "--out", str(out)]
        result = CliRunner().invoke(main, args, catch_exceptions=False)
        assert result.exit_code == 0, result.output
        assert not _leaks(out.read_bytes(), withheld)
        assert "Viktor Zhukov" in out.read_text() and WITHHELD in out.read_text()
    full = CliRunner().invoke(main, ["--db", str(copy), "export"], catch_exceptions=False)
    assert {"Smirnova", "Sidorov"} <= _leaks(full.stdout.encode(), withheld)
    with Store(copy) as store:
        exports = [json.loads(e[5]) for e in store.chain_entries() if e[3] == "export"]
    assert [e.get("names_withheld") for e in exports] == ["true", "true", None]

"""Viewers read the record with witness-identifying names withheld, on every route.

The seed store plus two reports written for these tests: one with a perpetrator who is a
person (stays readable), a victim and a witness (both withheld); one whose people the
gazetteer would misfile as places (Kheda Saratova as Kheda, India and Saratov; Madina as
Madinah), filed under a doc_id that carries a name, with common words ("human rights
defender", "National Park") and a publisher that must stay readable. A viewer then walks every
GET route of the app and every link its pages offer, and every byte it receives is scanned for
every name of every withheld person; an analyst walking the same routes does see them (so the
scan can fail). An attacker's probes (prefixes, infixes, wildcards, case, diacritics, counts,
order) through every filter and search learn nothing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import json
import re
import secrets
import shutil
import urllib.parse
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
from khronika.model import IncomingReport, ReportMeta  # noqa: E402
from khronika.security.redact import WITHHELD, Redactor, fold, name_terms  # noqa: E402
from khronika.service import Record  # noqa: E402
from khronika.store import Store  # noqa: E402
from khronika.web.auth import COOKIE, token_digest  # noqa: E402

TEXT = (
    "On 12 March 2019, police officer Viktor Zhukov beat the journalist Anna Smirnova in Kazan. "
    '"They dragged her out of the car," said a neighbour, Oleg Sidorov, who saw the attack.'
)
MISFILED_ID = "fld-saratova"
MISFILED = (
    "On 2 April 2019 police in Grozny detained the human rights defender Kheda Saratova and"
    " her sister Madina at their home near Prielbrusye National Park. Madina Saratova was"
    " released the next day, her lawyer said."
)
MISFILED_PUBLISHER = "Caucasian Knot"
# Read as people by the language model, as places by the gazetteer (Madina is no actor).
MISFILED_NAMES = {"kheda-saratova": ["Kheda Saratova", "Madina"]}
# A report in Russian is read for names: viewers read it with every case of them withheld.
RUSSIAN_ID = "ru-statement"
RUSSIAN = (
    "Правозащитница Хеда Саратова задержана полицией в Грозном 2 апреля 2019 года."
    " Её сестра Мадина Саратова рассказала, что сотрудники полиции угрожали семье."
)
RUSSIAN_NAMES = {"ru": ["Хеда Саратова", "Мадина Саратова"]}
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
    redactor = Redactor.for_people([("marek-span", ["Marek Span"])])
    page = '<p class="x"><mark>Marek</mark> <span title="Span">Span</span> <a href="/a/marek-span">'
    out = redactor.html(page)
    assert out == (
        f'<p class="x"><mark>{WITHHELD}</mark> <span title="{WITHHELD}">{WITHHELD}</span>'
        f' <a href="/a/{WITHHELD}-{WITHHELD}">'
    )
    linked = redactor.html(page, opaque=lambda value: "~" + str(len(value)))
    assert '<a href="/a/~10">' in linked
    assert 'title="[withheld]"' in linked
    outside = '<a href="https://example.org/marek-span?q=Span&amp;x=1">'
    assert redactor.html(outside, opaque=lambda v: "~") == (
        f'<a href="https://example.org/{WITHHELD}-{WITHHELD}?q={WITHHELD}&amp;x=1">'
    )
    query = '<a href="/incidents?actor=marek-span&amp;type=arson">'
    assert redactor.html(query, opaque=lambda v: "~t") == (
        '<a href="/incidents?actor=~t&amp;type=arson">'
    )


def test_common_words_are_never_name_words() -> None:
    assert name_terms("human rights defender Ivan Petrov") == {"Ivan", "Petrov"}
    redactor = Redactor.for_people([("x", ["Mark Petrov"]), ("y", ["Grace White"])])
    assert redactor.text("Mark Petrov met Mark; mark it") == f"{WITHHELD} met Mark; mark it"
    assert redactor.text("PETROV, Mark") == f"{WITHHELD}, Mark"
    assert redactor.text("Grace White said the white walls") == f"{WITHHELD} said the white walls"
    assert redactor.text("a human rights defender") == "a human rights defender"
    assert not redactor.mentions("mark")
    assert redactor.mentions("petrov")


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
    misfiled = make_incoming(
        MISFILED_ID, MISFILED, published=dt.date(2019, 4, 3), publisher=MISFILED_PUBLISHER
    )
    meta = ReportMeta(RUSSIAN_ID, title="Задержана Хеда Саратова", published=dt.date(2019, 4, 3))
    raw = RUSSIAN.encode("utf-8")
    russian = IncomingReport(meta, raw, RUSSIAN, "text/plain", "test:ru")
    with Store(path) as store:
        result = Record(store).ingest([report, misfiled, russian])
        assert not result.errors
        for name, role in ROLES.items():
            store.add_user(name, role, hash_password(f"{name}-password-long"))
        _attach_photo(store, path.parent)
    return path


def _attach_photo(store: Store, folder: Path) -> None:
    """A photo whose EXIF names the victim as its owner, attached to her report: a viewer's
    attachment pages, thumbnail and cleaned download must not name her."""
    from evidence_writers import photo
    from khronika.evidence import attach

    (folder / "kazan.jpg").write_bytes(photo(owner="Anna Smirnova"))
    assert attach(store, folder / "kazan.jpg", "analyst", doc_id="kazan-2019").attachment_id == (
        "att-00001"
    )


@pytest.fixture(scope="module")
def withheld(db: Path) -> dict[str, list[str]]:
    with Store(db) as store:
        return {**dict(store.people_to_withhold()), **MISFILED_NAMES, **RUSSIAN_NAMES}


def test_victims_witnesses_and_speakers_are_withheld_perpetrators_are_not(
    withheld: dict[str, list[str]],
) -> None:
    assert {"anna-smirnova", "oleg-sidorov"} <= set(withheld)  # victim, witness
    assert {"igor-kalyapin", "dzhabrail-dadaev"} <= set(withheld)  # seed victims
    assert "bj-rn-engesland" in withheld  # quoted, not a perpetrator
    assert "viktor-zhukov" not in withheld  # a person named as perpetrator
    assert not {"joint-mobile-group", "committee-against-torture"} & set(withheld)
    assert "Kadyrov" in withheld["ramzan-kadyrov"]  # every alias


def test_names_the_gazetteer_misfiles_are_withheld_common_words_are_not(db: Path) -> None:
    with Store(db) as store:
        redactor = Redactor.for_store(store)
        places = {p.place.name for p in store.extraction(MISFILED_ID).places}
    assert {"kheda", "saratova", "madina"} <= redactor.terms
    assert not {"Kheda", "Madinah", "Saratov"} & places  # people, not places
    common = {"human", "rights", "defender", "national", "park", "caucasian", "knot", "grozny"}
    assert not common & (redactor.terms | redactor.capitalised)
    assert not {"viktor", "zhukov"} & redactor.terms  # a named perpetrator
    text = redactor.text(MISFILED)
    assert "human rights defender" in text
    assert "Prielbrusye National Park" in text
    assert "Kheda" not in text
    assert "Madina" not in text
    assert "Saratova" not in text


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
    found = (d for i in incidents for d in _doc_ids(analyst, i))
    reports = sorted({MISFILED_ID, RUSSIAN_ID, *found})
    places = ["Kazan", "Grozny", "Russia"]
    fill = {
        "incident_id": incidents,
        "doc_id": reports,
        "name": places,
        "actor_id": ["nhc"],
        "attachment_id": ["att-00001"],
    }
    paths = ["/", "/incidents?place=Russia", "/search?q=attack", "/api/search?q=beat"]
    paths += ["/search?q=задержана", "/api/search?q=полиции"]
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


_HREF = re.compile(r'(?:href|src|action)="(/[^"]*)"')


def _links(body: bytes) -> set[str]:
    """The links within the site a page offers (not static files, not logging out)."""
    found = {html.unescape(h).split("#")[0] for h in _HREF.findall(body.decode("utf-8", "replace"))}
    skipped = ("/static/", "/logout", "/login")
    return {h for h in found if not h.startswith(skipped) and "lang=" not in h}


def test_a_viewer_receives_no_withheld_name_on_any_route(
    clients: dict[str, TestClient], withheld: dict[str, list[str]], db: Path
) -> None:
    with Store(db) as store:
        head = store.chain_head()
    paths = _get_paths(clients)
    assert len(paths) > 25
    seen_by_analyst: set[str] = set()
    offered: dict[str, str] = {}  # link -> the page offering it
    for path in paths:
        viewer = clients["vic"].get(path)
        assert viewer.status_code in (200, 403), (path, viewer.status_code)
        assert not _leaks(viewer.content, withheld), (path, _leaks(viewer.content, withheld))
        if path != "/map/countries.geojson":  # the world's borders: nothing of the record
            assert viewer.headers["cache-control"] == "no-store", path
        if viewer.status_code == 200 and path != "/login":  # /login does not know who asks
            offered.update(dict.fromkeys(_links(viewer.content) - set(offered), path))
        seen_by_analyst |= _leaks(clients["ann"].get(path).content, withheld)
    assert {"Smirnova", "Sidorov", "Kalyapin", "Engesland", "Kheda", "Madina"} <= seen_by_analyst
    assert {"Хеда", "Саратова"} <= seen_by_analyst
    # Every link a viewer is offered works and carries no name, withheld or not.
    assert not [h for h in offered if "withheld" in urllib.parse.unquote(h)]
    assert any(h.startswith("/reports/~") for h in offered)  # fld-saratova, opaque
    for link in sorted(offered):
        viewer = clients["vic"].get(link)
        assert viewer.status_code == 200, (link, offered[link], viewer.status_code)
        assert not _leaks(viewer.content, withheld), (link, _leaks(viewer.content, withheld))
    with Store(db) as store:
        assert store.chain_head() == head  # reading never writes the chain


def test_viewer_pages_still_read_with_the_names_withheld(clients: dict[str, TestClient]) -> None:
    viewer, analyst = clients["vic"], clients["ann"]
    incident = viewer.get("/api/incidents?place=Kazan").json()["items"][0]
    assert incident["perpetrators"][0]["name"] == "Viktor Zhukov"
    assert incident["victims"][0]["name"] == WITHHELD
    page = viewer.get("/reports/kazan-2019")
    assert page.status_code == 200
    assert "Viktor Zhukov" in page.text
    assert page.text.count(WITHHELD) >= 2
    assert "withheld from viewer accounts" in page.text
    assert "/original" in analyst.get("/reports/kazan-2019").text
    found = viewer.get("/api/search?q=Prielbrusye").json()["items"]
    assert found
    assert found[0]["doc_id"].startswith("~")
    report = viewer.get(f"/api/reports/{found[0]['doc_id']}").json()
    assert report["publisher"] == MISFILED_PUBLISHER
    assert report["doc_id"].startswith("~")
    assert "human rights defender" in report["text"]
    assert "National Park" in report["text"]
    assert viewer.get("/reports/~not-a-token").status_code == 404
    russian = viewer.get(f"/api/reports/{RUSSIAN_ID}").json()  # read for names: shown, withheld
    assert russian["title"] == f"Задержана {WITHHELD}"
    assert "задержана полицией" in russian["text"]
    assert "Хеда" not in russian["text"]
    assert "Саратов" not in russian["text"]
    hits = viewer.get("/api/search?q=задержана").json()["items"]
    assert hits
    assert "Хеда" not in hits[0]["snippet"]
    assert hits[0]["title"] == russian["title"]
    assert "Хеда" in analyst.get(f"/api/reports/{RUSSIAN_ID}").json()["text"]


# ---- an attacker with a viewer account ------------------------------------------------------
PROBED = ("Smirnova", "Saratova")  # a victim the record resolved; a name only the model saw
CONTROL_LETTERS = "qzxjvwkqzxjvwkqz"


def _probes(name: str) -> list[str]:
    """Parts of a withheld name, wildcards around them, and the name in other cases and with
    diacritics (the last three name it whole)."""
    parts = [name[:3], name[:5], name[:-1], name[1:], name[2:6], name[:4] + "%", "%" + name[2:]]
    parts += [name[:2] + "_" + name[3:], "%", "_", name[:3] + "%" + name[-2:]]
    return parts + [name.upper(), name.lower(), name[:2] + "í" + name[3:].replace("a", "á")]


FILTERS = [
    "/api/incidents?actor={}",
    "/incidents?actor={}",
    "/timeline?actor={}",
    "/map?actor={}",
    "/api/incidents?place={}",
    "/api/incidents?country={}",
    "/api/incidents?region={}",
    "/incidents?place={}",
    "/api/search?q={}",
    "/search?q={}",
    "/places/{}",
    "/actors/{}",
]


def _control(probe: str) -> str:
    """The probe's shape with letters found nowhere in the record ("Smir%" -> "qzxj%")."""
    letters = iter(CONTROL_LETTERS * 4)
    return "".join(next(letters) if c.isalpha() else c for c in probe)


def _answer(client: TestClient, route: str, probe: str) -> tuple[int, str]:
    """The status and the body, with the probe itself (as echoed, in any encoding) blanked."""
    value = urllib.parse.quote(probe, safe="")
    response = client.get(route.format(value))
    text = html.unescape(response.text)
    for shown in (value, urllib.parse.quote_plus(probe), probe, json.dumps(probe)[1:-1]):
        text = text.replace(shown, "PROBE")
    return response.status_code, re.sub(r'name="token" value="[^"]*"', "", text)


@pytest.mark.parametrize("name", PROBED)
def test_no_filter_search_or_count_rebuilds_a_withheld_name(
    clients: dict[str, TestClient], name: str
) -> None:
    """Each probe gets exactly the answer a string of letters found nowhere gets (the same
    status, the same counts, the same page), except a probe naming a withheld word whole,
    which is refused outright whatever the record holds."""
    viewer = clients["vic"]
    for route in FILTERS:
        for probe in _probes(name):
            control = _control(probe)
            got, expected = _answer(viewer, route, probe), _answer(viewer, route, control)
            if "actor=" in route:
                assert got == expected, (route, probe)
                assert got[0] == 400, (route, probe)
            elif fold(probe).lower() == name.lower():
                assert got[0] == 403, (route, probe)
                assert REFUSED in got[1], (route, probe)
            else:
                assert got == expected, (route, probe, got[0], expected[0])
    for wildcard in ("%", "_", "%%", "%_%"):  # match nothing, not everything
        for facet in ("place", "country", "region"):
            answer = viewer.get("/api/incidents", params={facet: wildcard}).json()
            assert answer["total"] == 0, (facet, wildcard)
        assert viewer.get("/api/search", params={"q": wildcard}).json()["total"] == 0


REFUSED = "name of a person the record protects"


def test_lists_sorted_by_name_leave_withheld_people_out(
    clients: dict[str, TestClient], withheld: dict[str, list[str]]
) -> None:
    """A withheld person's place in a list sorted by id or name would tell where the name
    falls in the alphabet."""
    viewer = clients["vic"]
    listed = viewer.get("/api/actors").json()["items"]
    assert listed
    assert not [a for a in listed if a["actor_id"] in withheld]
    assert not [a for a in listed if WITHHELD in a["name"] or a["actor_id"].startswith("~")]
    exported = viewer.get("/api/export.json").json()["actors"]
    assert [a["actor_id"] for a in exported] == [a["actor_id"] for a in listed]
    page = viewer.get("/actors")
    assert WITHHELD not in page.text
    assert "Viktor Zhukov" in page.text
    assert "anna-smirnova" in {
        a["actor_id"] for a in clients["ann"].get("/api/actors").json()["items"]
    }


@pytest.mark.parametrize(
    "path",
    [
        "/search?q=Smirnova",
        "/api/search?q=%22oleg+sidorov%22",
        "/api/incidents?place=SMIRNOVA",
        "/places/Madina",
        "/actors/anna-smirnova",
    ],
)
def test_a_viewer_cannot_ask_who_a_withheld_name_is(
    clients: dict[str, TestClient], path: str
) -> None:
    response = clients["vic"].get(path)
    assert response.status_code == 403
    assert REFUSED in response.text
    assert clients["ann"].get(path).status_code in (200, 404)


@pytest.mark.parametrize("actor", ["smirnova", "Kalyapin", "anna-smirnova", "kalyap", "nobody"])
def test_a_viewer_filters_by_actor_ids_only(clients: dict[str, TestClient], actor: str) -> None:
    refused = clients["vic"].get("/api/incidents", params={"actor": actor})
    assert refused.status_code == 400
    assert "with the id of an actor" in refused.json()["error"]
    assert clients["vic"].get("/api/incidents?actor=committee-against-torture").status_code == 200


def test_a_viewer_cannot_download_originals(clients: dict[str, TestClient]) -> None:
    response = clients["vic"].get("/api/reports/kazan-2019/original")
    assert response.status_code == 403
    assert "cannot download original reports" in response.json()["error"]
    assert clients["ann"].get("/api/reports/kazan-2019/original").content == TEXT.encode()


def test_a_viewers_export_is_redacted_and_not_written_to_the_chain(
    clients: dict[str, TestClient], db: Path, withheld: dict[str, list[str]]
) -> None:
    with Store(db) as store:
        head = store.chain_head()
    body = clients["vic"].get("/api/export.json")
    assert body.status_code == 200
    assert not _leaks(body.content, withheld)
    assert json.loads(body.content)["incidents"]
    assert "human rights defender" in body.text
    with Store(db) as store:
        assert store.chain_head() == head


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
        text = out.read_text()
        assert "Viktor Zhukov" in text
        assert WITHHELD in text
        if fmt == "json":  # quotes keep the words around a withheld name
            assert "human rights defender" in text
    shared = json.loads((tmp_path / "shared.json").read_text())
    assert not [a for a in shared["actors"] if a["actor_id"] in withheld or WITHHELD in a["name"]]
    full = CliRunner().invoke(main, ["--db", str(copy), "export"], catch_exceptions=False)
    assert {"Smirnova", "Sidorov", "Kheda"} <= _leaks(full.stdout.encode(), withheld)
    with Store(copy) as store:
        exports = [json.loads(e[5]) for e in store.chain_entries() if e[3] == "export"]
    assert [e.get("names_withheld") for e in exports] == ["true", "true", None]


# ---- marking a person public ----------------------------------------------------------------
def test_an_analyst_marks_a_person_public_and_it_is_in_the_chain(db: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from khronika.cli import main

    copy = tmp_path / "public.db"
    shutil.copy(db, copy)
    app = create_app(copy)
    viewer, analyst = _session(app, copy, "vic"), _session(app, copy, "ann")
    assert "Ella Pamfilova" not in viewer.get("/actors/ella-pamfilova").text
    page = analyst.get("/actors/ella-pamfilova")
    token = re.search(r'name="token" value="([^"]+)"', page.text)
    assert token
    assert "Mark public" in page.text
    form = {"token": token.group(1), "who": "ella-pamfilova"}
    assert viewer.post("/people/public", data=form).status_code == 403  # a viewer cannot
    marked = analyst.post("/people/public", data=form)
    assert marked.status_code == 303, marked.text
    assert "Ella Pamfilova" in viewer.get("/actors/ella-pamfilova").text
    assert "Ella Pamfilova" in viewer.get("/api/export.json").text
    assert "Smirnova" not in viewer.get("/reports/kazan-2019").text  # only her
    name = ["--db", str(copy), "public", "mark", "Kheda Saratova"]
    assert CliRunner().invoke(main, name, catch_exceptions=False).exit_code == 0
    by_name = ["--db", str(copy), "public", "mark", "Oleg Sidorov"]  # a name, not an id
    assert CliRunner().invoke(main, by_name, catch_exceptions=False).exit_code == 0
    assert "Oleg Sidorov" in viewer.get("/reports/kazan-2019").text
    listed = CliRunner().invoke(main, ["--db", str(copy), "public", "list"])
    assert "Kheda Saratova" in listed.output
    assert "user:ann" in listed.output
    undo = ["--db", str(copy), "public", "unmark", "ella-pamfilova"]
    assert CliRunner().invoke(main, undo, catch_exceptions=False).exit_code == 0
    assert "Ella Pamfilova" not in viewer.get("/actors/ella-pamfilova").text
    with Store(copy) as store:
        changes = [(e[2], e[3]) for e in store.chain_entries()[-4:]]
    assert changes[0] == ("user:ann", "mark_public")
    assert [c[1] for c in changes[1:]] == ["mark_public", "mark_public", "unmark_public"]
    wrong = CliRunner().invoke(
        main, ["--db", str(copy), "public", "mark", "committee-against-torture"]
    )
    assert wrong.exit_code != 0
    assert "never withheld" in wrong.output


def test_a_store_made_before_names_were_read_is_rescanned(db: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from khronika.cli import main

    copy = tmp_path / "old.db"
    shutil.copy(db, copy)
    with Store(copy) as store, store.transaction():
        for doc_id in (MISFILED_ID, "kazan-2019"):
            store.save_person_names(doc_id, [])  # as a store from before migration 0012
        # (the Russian report names Madina Saratova as a person: "madina" stays withheld)
    result = CliRunner().invoke(main, ["--db", str(copy), "public", "rescan"])
    assert result.exit_code == 0, result.output
    assert "read again in 4 reports" in result.output, result.output
    with Store(copy) as store:
        assert {"kheda", "saratova", "madina"} <= Redactor.for_store(store).terms

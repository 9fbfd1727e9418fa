"""The JSON API over the seed reports: filters, details, originals, search, errors."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from khronika.store import Store


def _incidents(client: TestClient, **params: Any) -> dict[str, Any]:
    response = client.get("/api/incidents", params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _june_attack(client: TestClient) -> dict[str, Any]:
    items = _incidents(client, type="attack_on_premises")["items"]
    return next(i for i in items if (i["date"]["value"] or "").startswith("2015-06"))


def test_list_has_contract_fields_and_total(client: TestClient) -> None:
    body = _incidents(client)
    assert body["total"] == len(body["items"]) >= 2
    first = body["items"][0]
    for key in (
        "incident_id",
        "event_type",
        "secondary_event_types",
        "date",
        "location",
        "victims",
        "perpetrators",
        "doc_ids",
        "facts",
    ):
        assert key in first


def test_type_filter_gives_the_arson(client: TestClient) -> None:
    items = _incidents(client, type="arson")["items"]
    assert items
    assert all("arson" in [i["event_type"], *i["secondary_event_types"]] for i in items)
    assert any(i["date"]["value"] == "2014-12" for i in items)


def test_date_from_filters_out_the_older_incidents(client: TestClient) -> None:
    everything = _incidents(client)["items"]
    recent = _incidents(client, date_from="2015-01-01")["items"]
    assert 0 < len(recent) < len(everything)
    assert all(i["date"]["latest"] is None or i["date"]["latest"] >= "2015-01-01" for i in recent)
    assert not any(i["event_type"] == "arson" for i in recent)


def test_country_and_region_filters_are_exact_levels(client: TestClient) -> None:
    everything = _incidents(client)["items"]
    chechnya = _incidents(client, region="chechnya")["items"]  # any case
    assert chechnya
    assert all(i["location"]["region"] == "Chechnya" for i in chechnya)
    assert len(chechnya) < len(everything)  # the Moscow assault is not in Chechnya
    russia = _incidents(client, country="Russia")["items"]
    assert len(russia) == len([i for i in everything if i["location"]["country"] == "Russia"])
    assert _incidents(client, country="Chechnya")["total"] == 0  # a region is not a country
    assert _incidents(client, region="Grozny")["total"] == 0  # nor is a city a region
    both = _incidents(client, country="Russia", region="Chechnya", type="arson")["items"]
    assert both
    assert all(i["event_type"] == "arson" for i in both)


def test_paging_and_status(client: TestClient) -> None:
    total = _incidents(client)["total"]
    page = _incidents(client, limit=1, offset=1)
    assert page["total"] == total
    assert len(page["items"]) == 1
    corroborated = _incidents(client, status="corroborated")["items"]
    assert any(i["incident_id"] == _june_attack(client)["incident_id"] for i in corroborated)


def test_a_total_beyond_the_limit_says_more(client: TestClient, monkeypatch: Any) -> None:
    from khronika.webcommon import queries

    every = _incidents(client)
    assert every["more"] is False
    assert every["total"] >= 2
    monkeypatch.setattr(queries, "TOTAL_LIMIT", every["total"] - 1)
    capped = _incidents(client, limit=1)
    assert (capped["total"], capped["more"]) == (every["total"] - 1, True)
    assert len(capped["items"]) == 1
    monkeypatch.setattr(queries, "TOTAL_LIMIT", every["total"])
    assert (_incidents(client)["total"], _incidents(client)["more"]) == (every["total"], False)


def test_incident_facts_quote_the_report_text(client: TestClient, seeded_path: Path) -> None:
    june = _june_attack(client)
    detail = client.get(f"/api/incidents/{june['incident_id']}").json()
    assert set(detail["doc_ids"]) == {"crd-jmg-attack", "nhc-jmg-attack"}
    assert detail["evidence"]
    assert "history" in detail
    texts: dict[str, str] = {}
    with Store(seeded_path) as store:
        for doc_id in detail["doc_ids"]:
            texts[doc_id] = store.report(doc_id).text
    sources = [s for fact in detail["facts"] for s in fact["sources"]]
    assert sources
    for s in sources:
        assert texts[s["doc_id"]][s["start"] : s["end"]] == s["quote"]


def test_report_endpoint(client: TestClient) -> None:
    body = client.get("/api/reports/nhc-jmg-attack").json()
    assert body["doc_id"] == "nhc-jmg-attack"
    assert body["publisher"] == "Norwegian Helsinki Committee"
    assert body["published"] == "2015-06-03"
    assert "masked men" in body["text"]
    assert body["incidents"]
    assert body["primary_incident"] in {i["incident_id"] for i in body["incidents"]}


def test_original_bytes_and_sha(client: TestClient, seeds_dir: Path) -> None:
    response = client.get("/api/reports/nhc-jmg-attack/original")
    assert response.status_code == 200
    original = (seeds_dir / "nhc-jmg-attack.txt").read_bytes()
    assert response.content == original
    assert response.headers["x-content-sha256"] == hashlib.sha256(original).hexdigest()
    assert response.headers["content-disposition"].startswith("attachment")
    assert response.headers["content-type"].startswith("text/plain")


def test_search_masked_men_finds_both_seeds(client: TestClient) -> None:
    body = client.get("/api/search", params={"q": "masked men"}).json()
    assert body["total"] == 2
    assert {h["doc_id"] for h in body["items"]} == {"crd-jmg-attack", "nhc-jmg-attack"}
    assert all("[masked]" in h["snippet"] for h in body["items"])
    assert client.get("/api/search", params={"q": ""}).json()["total"] == 0


def test_a_search_total_beyond_the_limit_says_more(client: TestClient, monkeypatch: Any) -> None:
    from khronika.webcommon import queries

    assert client.get("/api/search", params={"q": "masked men"}).json()["more"] is False
    monkeypatch.setattr(queries, "TOTAL_LIMIT", 1)
    body = client.get("/api/search", params={"q": "masked men"}).json()
    assert (body["total"], body["more"], len(body["items"])) == (1, True, 2)


def test_actors_and_exports(client: TestClient) -> None:
    actors = client.get("/api/actors").json()["items"]
    assert any(a["name"] == "Joint Mobile Group" for a in actors)
    exported = client.get("/api/export.json")
    assert exported.headers["content-disposition"].startswith("attachment")
    data = json.loads(exported.content)
    assert set(data) >= {"documents", "incidents", "actors"}
    csv = client.get("/api/export.csv")
    assert csv.headers["content-type"].startswith("text/csv")
    assert csv.text.splitlines()[0].startswith("incident_id,event_type")


def test_openapi_lists_the_routes(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in (
        "/api/incidents",
        "/api/incidents/{incident_id}",
        "/api/reports/{doc_id}",
        "/api/reports/{doc_id}/original",
        "/api/search",
        "/api/actors",
        "/api/export.json",
        "/api/export.csv",
    ):
        assert path in paths
    assert client.get("/docs").status_code == 404  # the CDN-backed docs page is off


def test_bad_values_are_4xx_json_with_a_message(client: TestClient) -> None:
    for params in (
        {"date_from": "notadate"},
        {"limit": 9999},
        {"type": "picnic"},
        {"status": "maybe"},
        {"date_from": "2016-01-01", "date_to": "2015-01-01"},
    ):
        response = client.get("/api/incidents", params=params)
        assert 400 <= response.status_code < 500, params
        body = response.json()
        assert set(body) == {"error"}
        assert len(body["error"]) > 10
        assert "Traceback" not in response.text
    assert "YYYY-MM-DD" in client.get("/api/incidents?date_from=notadate").json()["error"]


def test_unknown_ids_are_404_json(client: TestClient, seeded_path: Path) -> None:
    for url in (
        "/api/incidents/inc-99999",
        "/api/reports/nope",
        "/api/reports/nope/original",
        "/api/nowhere",
    ):
        response = client.get(url)
        assert response.status_code == 404
        assert "error" in response.json()
        assert str(seeded_path) not in response.text  # no server paths shown


def test_a_web_export_is_a_read_logged_by_the_server_not_the_chain(
    seeded_copy_path: Path,
) -> None:
    import logging

    from khronika.app import create_app

    with Store(seeded_copy_path) as store:
        before = store.chain_head()
    logged: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: logged.append(record.getMessage())  # type: ignore[method-assign]
    log = logging.getLogger("khronika.web")
    log.addHandler(handler)
    level, disabled = log.level, log.disabled
    log.setLevel(logging.INFO)
    log.disabled = False  # (another test's logging set-up may have disabled it)
    try:
        with TestClient(create_app(seeded_copy_path)) as client:
            assert client.get("/api/export.json").status_code == 200
            assert client.get("/api/export.csv").status_code == 200
    finally:
        log.removeHandler(handler)
        log.setLevel(level)
        log.disabled = disabled
    with Store(seeded_copy_path) as store:
        assert store.chain_head() == before
    assert len(logged) == 2
    assert logged[0].startswith("export json by web:anonymous")

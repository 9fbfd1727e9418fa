"""The pages over the seed reports: list, facets, incident, report, search, actors."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient


def _june_id(client: TestClient) -> str:
    items = client.get("/api/incidents", params={"type": "attack_on_premises"}).json()["items"]
    return str(next(i["incident_id"] for i in items if i["date"]["value"] == "2015-06-03"))


def test_list_and_facets(seeded_client: TestClient) -> None:
    home = seeded_client.get("/")
    assert home.status_code == 200
    assert '<form class="facets" action="/incidents" method="get">' in home.text
    arson = seeded_client.get("/incidents", params={"type": "arson"}).text
    assert "2014-12" in arson
    assert '<option value="arson" selected>' in arson
    assert "attack on premises" not in arson.split("<tbody>")[1]


def test_country_and_region_facets(seeded_client: TestClient) -> None:
    home = seeded_client.get("/").text
    assert re.search(
        r'<select name="country">.*<option value="Russia">Russia \(6\)</option>', home, re.S
    )
    assert re.search(
        r'<select name="region">.*<option value="Chechnya">Chechnya \(\d\)</option>', home, re.S
    )
    chechnya = seeded_client.get("/incidents", params={"region": "Chechnya"}).text
    rows = chechnya.split("<tbody>")[-1]  # the list, after the chart's table
    assert "Moscow" not in rows
    assert "Grozny" in rows
    assert '<option value="Chechnya" selected>' in chechnya
    for page in ("/map", "/timeline"):
        shown = seeded_client.get(page, params={"country": "Russia"}).text
        assert '<option value="Russia" selected>' in shown


def test_incident_page_links_quotes_to_spans(seeded_client: TestClient) -> None:
    june = _june_id(seeded_client)
    page = seeded_client.get(f"/incidents/{june}").text
    assert "crd-jmg-attack" in page
    assert "nhc-jmg-attack" in page
    assert "corroborated" in page
    links = re.findall(r'href="/reports/([\w-]+)#span-(\d+)-(\d+)"', page)
    assert links
    doc_id, start, end = links[0]
    report = seeded_client.get(f"/reports/{doc_id}").text
    assert f'id="span-{start}-{end}"' in report


def test_report_page(seeded_client: TestClient) -> None:
    page = seeded_client.get("/reports/nhc-jmg-attack").text
    assert "Norwegian Helsinki Committee" in page
    assert "/api/reports/nhc-jmg-attack/original" in page
    assert re.search(r"<code class=\"sha\">[0-9a-f]{64}</code>", page)
    assert 'class="event' in page
    assert 'class="actor' in page


def test_search_and_actors_pages(seeded_client: TestClient) -> None:
    page = seeded_client.get("/search", params={"q": "masked men"}).text
    assert page.count("<mark>masked</mark>") == 2
    assert "/reports/crd-jmg-attack" in page
    assert "/reports/nhc-jmg-attack" in page
    actors = seeded_client.get("/actors").text
    assert "Joint Mobile Group" in actors


def test_a_search_page_beyond_the_counted_total(
    seeded_client: TestClient, monkeypatch: Any
) -> None:
    from khronika.webcommon import queries

    monkeypatch.setattr(queries, "TOTAL_LIMIT", 1)  # counted to 1: "1+", and a next page
    page = seeded_client.get("/search", params={"q": "masked men"}).text
    assert "1–1 of 1+" in page
    assert 'rel="next"' in page


def test_static_css_is_served_locally(seeded_client: TestClient) -> None:
    css = seeded_client.get("/static/khronika.css")
    assert css.status_code == 200
    assert "mark" in css.text
    page = seeded_client.get("/incidents").text
    assert "http://" not in page
    assert "https://" not in page


def test_a_quote_is_marked_with_the_language_of_its_report(tmp_path: Path) -> None:
    """A Russian report's quotes are shown as written, marked Russian."""
    from khronika.app import create_app
    from khronika.model import IncomingReport, ReportMeta
    from khronika.service import Record
    from khronika.store import Store

    text = "Полиция задержала журналиста Ивана Петрова в Казани 12 марта 2019 года."
    meta = ReportMeta("ru-kazan", published=dt.date(2019, 3, 13), language="ru")
    incoming = IncomingReport(meta, text.encode(), text, "text/plain", "test:ru-kazan")
    db = tmp_path / "ru.db"
    with Store(db, create=True) as store:
        assert not Record(store).ingest([incoming]).errors
        incident_id = store.primary_incident("ru-kazan")
    assert incident_id is not None
    with TestClient(create_app(db)) as client:
        page = client.get(f"/incidents/{incident_id}").text
    assert 'lang="ru"' in page
    assert '<span class="lang">[ru]</span>' in page

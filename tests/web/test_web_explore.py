"""Timeline, map, actor and place pages, related incidents, over the seed reports; and that no
page loads anything from elsewhere or allows an inline script."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from khronika.store import Store
from khronika.web import geo

GROZNY = (43.31, 45.69)
BAR = re.compile(r'<g class="bar" data-month="([\d-]+)" data-count="(\d+)">')
CIRCLE = re.compile(r"<circle [^>]*>")
ATTR = re.compile(r'([\w-]+)="([^"]*)"')


def bars(page: str) -> dict[str, int]:
    return {month: int(count) for month, count in BAR.findall(page)}


def markers(page: str) -> list[dict[str, str]]:
    return [dict(ATTR.findall(tag)) for tag in CIRCLE.findall(page) if "data-incident-id" in tag]


def june_id(client: TestClient) -> str:
    items = client.get("/api/incidents", params={"type": "attack_on_premises"}).json()["items"]
    return str(next(i["incident_id"] for i in items if i["date"]["value"] == "2015-06-03"))


@pytest.mark.parametrize("url", ["/timeline", "/incidents"])
def test_timeline_has_bars_for_the_seed_months(seeded_client: TestClient, url: str) -> None:
    page = seeded_client.get(url).text
    found = bars(page)
    assert found["2014-12"] >= 2
    assert found["2015-06"] >= 1
    assert found["2015-03"] == 0  # the months between are drawn, empty
    assert '<svg class="timeline-svg"' in page
    assert '<title id="timeline-title">' in page
    assert '<desc id="timeline-desc">' in page
    assert 'href="/incidents?date_from=2015-06-01&amp;date_to=2015-06-30"' in page


def test_timeline_follows_the_facets(seeded_client: TestClient) -> None:
    arson = bars(seeded_client.get("/timeline", params={"type": "arson"}).text)
    assert arson == {"2014-12": 1}
    page = seeded_client.get("/timeline", params={"type": "arson", "place": "Grozny"}).text
    assert "type=arson&amp;place=Grozny&amp;date_from=2014-12-01" in page
    assert bars(seeded_client.get("/timeline", params={"date_from": "2015-01-01"}).text) == {
        "2015-06": 1
    }


def test_map_marker_in_grozny_for_the_june_attack(seeded_client: TestClient) -> None:
    june = june_id(seeded_client)
    page = seeded_client.get("/map").text
    marker = next(m for m in markers(page) if m["data-incident-id"] == june)
    assert abs(float(marker["data-lat"]) - GROZNY[0]) < 0.2
    assert abs(float(marker["data-lon"]) - GROZNY[1]) < 0.2
    linked = rf'<a href="/incidents/{june}"[^>]*><circle [^>]*data-incident-id="{june}"'
    link = re.search(linked, page)
    assert link, "the marker links to its incident"
    title = re.search(rf'data-incident-id="{june}"[^>]*><title>([^<]+)</title>', page)
    assert title
    assert "attack on premises" in title[1]
    assert "2015-06-03" in title[1]
    assert "Grozny" in title[1]


def test_map_filters_change_the_markers(seeded_client: TestClient) -> None:
    everything = {m["data-incident-id"] for m in markers(seeded_client.get("/map").text)}
    arson = markers(seeded_client.get("/map", params={"type": "arson"}).text)
    moscow = markers(seeded_client.get("/map", params={"place": "Moscow"}).text)
    assert len(everything) >= 3
    assert len(arson) == 1
    assert {m["data-incident-id"] for m in arson} < everything
    assert moscow
    assert all(abs(float(m["data-lat"]) - 55.75) < 0.2 for m in moscow)
    page = seeded_client.get("/map", params={"date_from": "2030-01-01"}).text
    assert not markers(page)
    assert "No incident matching these filters" in page


def test_map_works_without_scripts_or_npm_assets(
    seeded_client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(geo, "BORDERS_FILE", geo.VENDOR_DIR / "missing.json")
    monkeypatch.setattr(geo, "LEAFLET_JS", geo.VENDOR_DIR / "missing.js")
    page = seeded_client.get("/map").text
    assert "<script" not in page
    assert '<g class="graticule"' in page
    assert len(markers(page)) >= 3
    assert seeded_client.get("/map/countries.geojson").json()["features"] == []


@pytest.mark.skipif(not geo.leaflet_available(), reason="npm assets not installed (npm ci)")
def test_map_uses_the_installed_assets(seeded_client: TestClient) -> None:
    page = seeded_client.get("/map").text
    assert '<g class="borders"' in page
    scripts = re.findall(r'<script src="([^"]+)"', page)
    assert scripts == ["/static/vendor/leaflet/leaflet.js", "/static/khronika-map.js"]
    for url in scripts:
        assert seeded_client.get(url).status_code == 200
    borders = seeded_client.get("/map/countries.geojson").json()
    assert any(f["properties"]["name"] == "Russia" for f in borders["features"])


def test_actor_page_lists_incidents_by_role(seeded_client: TestClient) -> None:
    page = seeded_client.get("/actors/joint-mobile-group").text
    assert "<h1>Joint Mobile Group" in page
    victim = page.split('<section class="role-victim">')[1].split("</section>")[0]
    assert "arson" in victim
    assert "attack on premises" in victim
    assert victim.index("2014-12") < victim.index("2015-06-03")  # over time
    assert bars(page)["2014-12"] == 1
    assert bars(page)["2015-06"] == 1
    assert "actor=joint-mobile-group&amp;date_from=" in page
    assert seeded_client.get("/actors/no-such-actor").status_code == 404


def test_place_page_takes_in_places_within(seeded_client: TestClient) -> None:
    page = seeded_client.get("/places/Chechnya").text
    rows = page.split("<tbody>")[-1]
    assert "Grozny" in rows
    assert "attack on premises" in rows
    assert "killing" in rows
    assert ">region</td>" in rows
    assert bars(page)["2015-06"] == 1
    missing = seeded_client.get("/places/Atlantis")
    assert missing.status_code == 404
    assert "Atlantis" in missing.text


def test_incident_page_links_actors_places_and_related(seeded_client: TestClient) -> None:
    june = june_id(seeded_client)
    page = seeded_client.get(f"/incidents/{june}").text
    assert 'href="/actors/joint-mobile-group">Joint Mobile Group</a>' in page
    assert 'href="/places/Grozny">Grozny</a>' in page
    related = page.split('<ul class="related">')[1].split("</ul>")[0]
    assert "arson" in related
    assert "same victim: Joint Mobile Group" in related
    assert "same place: Grozny" in related


PAGES = ["/incidents", "/timeline", "/map", "/actors", "/actors/joint-mobile-group",
         "/places/Chechnya", "/search?q=masked+men", "/reports/nhc-jmg-attack"]  # fmt: skip
EXTERNAL = re.compile(r'(?:src|href|action|xlink:href)\s*=\s*"\s*(?:https?:)?//', re.I)


@pytest.mark.parametrize("url", PAGES)
def test_no_page_fetches_from_elsewhere(seeded_client: TestClient, url: str) -> None:
    page = seeded_client.get(url).text
    if url.startswith("/reports/"):  # the report's own source address, in its metadata
        page = re.sub(r"<tr><th>Address</th>.*?</tr>", "", page, flags=re.S)
    assert not EXTERNAL.search(page), EXTERNAL.search(page)
    assert "url(" not in page
    assert "@import" not in page


def test_own_scripts_and_styles_name_no_other_origin(seeded_client: TestClient) -> None:
    for url in ["/static/khronika.css", "/static/khronika-map.js"]:
        body = seeded_client.get(url).text
        assert not re.search(r"https?://", body), url


@pytest.mark.parametrize("url", ["/map", "/incidents", "/timeline"])
def test_csp_allows_only_own_scripts(seeded_client: TestClient, url: str) -> None:
    response = seeded_client.get(url)
    header = response.headers["content-security-policy"]
    policy = dict(part.strip().split(" ", 1) for part in header.split(";"))
    assert policy["script-src"] == "'self'"
    assert "unsafe-inline" not in response.headers["content-security-policy"]
    assert "http" not in response.headers["content-security-policy"]
    assert not re.search(r"<script(?![^>]*\ssrc=\"/static/)", response.text)  # none inline


def test_the_chart_from_dates_alone_is_the_chart_from_incidents(seeded: Store) -> None:
    from khronika.web.timeline import build_timeline

    def link(first: str, last: str) -> str:
        return f"/incidents?date_from={first}&date_to={last}"

    whole = build_timeline(seeded.incidents(), link)
    assert whole.total >= 3
    assert build_timeline(seeded.incident_dates(), link) == whole


def test_a_big_map_draws_the_most_recent_and_says_so(
    seeded: Store, seeded_client: Any, monkeypatch: Any
) -> None:
    from khronika.web import mapview, render

    placed = mapview.build_map(seeded.incidents())
    assert len(placed.markers) >= 3
    assert placed.omitted == 0
    monkeypatch.setattr(mapview, "MAX_MARKERS", 2)
    capped = mapview.build_map(seeded.incidents())
    assert len(capped.markers) == 2
    assert capped.omitted == len(placed.markers) - 2
    located = [i.incident_id for i in seeded.incidents() if i.location.lat is not None]
    assert {m.incident_id for m in capped.markers} == set(located[-2:])  # the most recent
    for templates in render.TEMPLATES.values():
        monkeypatch.setitem(templates.env.globals, "LISTED", 1)
    page = seeded_client.get("/map").text
    assert f"shows the 2 most recent of {len(placed.markers)} incidents" in page
    assert "more: narrow the filters, or see them all as a list." in page
    russia = seeded_client.get("/places/Russia").text
    rows = russia.split("<tbody>")[-1].split("</tbody>")[0]
    assert rows.count("<tr>") == 1
    assert "/incidents?place=Russia" in russia


def test_the_map_from_places_alone_is_the_map_from_incidents(seeded: Store) -> None:
    from khronika.web.mapview import Located, build_map

    whole = build_map(seeded.incidents())
    light = build_map([Located.of(row) for row in seeded.incident_places()])
    assert light.markers == whole.markers
    assert light.bbox == whole.bbox
    assert [i.incident_id for i in light.unplaced] == [i.incident_id for i in whole.unplaced]

"""The list, exports of the current filter, the reports list and the paste form (issue 15),
over a copy of the seeded store."""

from __future__ import annotations

import csv
import io
import re

from fastapi.testclient import TestClient


def test_list_has_headlines_perpetrators_and_newest_first(seeded_client: TestClient) -> None:
    page = seeded_client.get("/incidents").text
    assert "What happened" in page
    assert "Perpetrators</th>" in page
    assert "Attack on premises of Joint Mobile Group in Grozny" in page
    ids = re.findall(r'<td><a href="/incidents/(inc-\d+)">', page)
    dated = seeded_client.get("/api/incidents").json()["items"]
    by_id = {i["incident_id"]: i["date"]["latest"] or "" for i in dated}
    latest = [by_id[i] for i in ids if by_id[i]]
    assert latest == sorted(latest, reverse=True)  # newest first by default
    oldest = seeded_client.get("/incidents?sort=oldest").text
    assert re.findall(r'<td><a href="/incidents/(inc-\d+)">', oldest) != ids
    bad = seeded_client.get("/incidents?sort=sideways")
    assert bad.status_code == 400
    assert "Sort by newest" in bad.text


def test_exports_give_exactly_the_filtered_list(seeded_client: TestClient) -> None:
    query = "?place=Grozny"
    listed = set(
        re.findall(
            r'<td><a href="/incidents/(inc-\d+)">', seeded_client.get("/incidents" + query).text
        )
    )
    assert listed
    assert len(listed) < len(seeded_client.get("/api/incidents").json()["items"])
    rows = list(csv.DictReader(io.StringIO(seeded_client.get("/incidents.csv" + query).text)))
    assert {r["incident_id"] for r in rows} == listed
    data = seeded_client.get("/incidents.json" + query).json()
    assert {i["incident_id"] for i in data["incidents"]} == listed
    assert data["filters"] == {"place": "Grozny"}
    geo = seeded_client.get("/incidents.geojson" + query)
    assert geo.headers["content-type"].startswith("application/geo+json")
    assert "attachment" in geo.headers["content-disposition"]
    features = geo.json()["features"]
    assert {f["id"] for f in features} == listed
    lon, lat = features[0]["geometry"]["coordinates"]
    assert abs(lat - 43.3) < 0.3
    assert abs(lon - 45.7) < 0.3


def test_reports_list_and_why_a_report_feeds_nothing(seeded_client: TestClient) -> None:
    page = seeded_client.get("/reports").text
    assert "/reports/crd-jmg-attack" in page
    assert "/reports/nhc-jmg-attack" in page
    token = re.search(r'name="token" value="([0-9a-f]+)"', seeded_client.get("/reports/new").text)
    assert token
    text = "The weather in the mountains was fine all week, the farmers said on Monday."
    added = seeded_client.post(
        "/reports/new",
        data={"text": text, "title": "A calm week", "token": token.group(1)},
    )
    assert added.status_code == 200
    assert "?added=1" in str(added.url)
    assert "A calm week</h1>" in added.text
    assert "The report was added." in added.text
    assert "no event of the kinds the record keeps" in added.text
    listed = seeded_client.get("/reports").text
    assert "A calm week" in listed
    assert "no event of the kinds the record keeps" in listed
    empty = seeded_client.post(
        "/reports/new", data={"text": " ", "title": "Kept title", "token": token.group(1)}
    )
    assert empty.status_code == 422
    assert 'value="Kept title"' in empty.text


def test_the_incident_page_prints_as_a_dossier(seeded_client: TestClient) -> None:
    incident = seeded_client.get("/api/incidents").json()["items"][0]["incident_id"]
    page = seeded_client.get(f"/incidents/{incident}").text
    assert "SHA-256 <code>" in page
    css = seeded_client.get("/static/khronika.css").text
    assert "@media print" in css
    assert "form" in css.split("@media print", 1)[1]


def test_map_clusters_overlapping_markers_with_counts(seeded_client: TestClient) -> None:
    page = seeded_client.get("/map").text
    counts = [int(n) for n in re.findall(r'<g class="cluster" data-count="(\d+)"', page)]
    grozny = re.search(
        r'<g class="cluster" data-count="(\d+)"[^>]*href="/incidents\?place=Grozny"', page
    )
    assert grozny
    assert int(grozny.group(1)) >= 2
    assert counts
    assert all(n >= 2 for n in counts)
    assert page.count('class="marker') >= sum(counts)  # every incident keeps its marker


def test_the_needs_review_queue_empties_as_incidents_are_marked(
    seeded_client: TestClient,
) -> None:
    page = seeded_client.get("/review").text
    queued = re.findall(r'<td><a href="/incidents/(inc-\d+)">', page)
    assert queued
    token = re.search(r'name="token" value="([0-9a-f]+)"', page)
    assert token
    done = seeded_client.post(
        f"/incidents/{queued[0]}/reviewed", data={"token": token.group(1), "next": "/review"}
    )
    assert done.status_code == 200
    assert str(done.url).endswith("/review")
    assert queued[0] not in re.findall(r'<td><a href="/incidents/(inc-\d+)">', done.text)
    history = seeded_client.get(f"/incidents/{queued[0]}").text
    assert f'marked <a href="/incidents/{queued[0]}">{queued[0]}</a> reviewed' in history

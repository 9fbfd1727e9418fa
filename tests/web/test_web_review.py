"""Review in the browser's forms: who and when in the history, tokens, uploads."""

from __future__ import annotations

import re
import shutil
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
from fastapi.testclient import TestClient  # noqa: E402

from khronika.app import create_app  # noqa: E402
from khronika.store import Store  # noqa: E402


@pytest.fixture
def client(seeded_path: Path, tmp_path: Path) -> Iterator[TestClient]:
    db = tmp_path / "review.db"
    shutil.copy(seeded_path, db)
    with TestClient(create_app(db), raise_server_exceptions=False) as test_client:
        test_client.db = db
        yield test_client


def _token(client: TestClient, path: str) -> str:
    match = re.search(r'name="token" value="([0-9a-f]+)"', client.get(path).text)
    assert match, "the page carries no form token"
    return match.group(1)


def _ids(client: TestClient) -> dict[str, str]:
    items = client.get("/api/incidents").json()["items"]
    return {i["event_type"]: i["incident_id"] for i in items}


def test_merge_form_records_who_and_when(client: TestClient) -> None:
    ids = _ids(client)
    page = f"/incidents/{ids['arson']}"
    data = {"other": ids["raid_or_search"], "token": _token(client, page), "author": "Ana"}
    response = client.post(f"{page}/merge", data=data, follow_redirects=True)
    assert response.status_code == 200
    assert "web:Ana" in response.text
    assert "merge" in response.text
    assert (
        client.get(f"/incidents/{ids['raid_or_search']}", follow_redirects=False).status_code == 301
    )


def test_a_form_without_the_token_changes_nothing(client: TestClient) -> None:
    ids = _ids(client)
    before = client.get("/api/incidents").json()
    response = client.post(
        f"/incidents/{ids['arson']}/merge", data={"other": ids["raid_or_search"], "token": "0" * 64}
    )
    assert response.status_code == 403
    assert "reload the page" in response.text
    assert "Traceback" not in response.text
    assert client.get("/api/incidents").json() == before


def test_review_and_edit_forms(client: TestClient) -> None:
    ids = _ids(client)
    page = f"/incidents/{ids['attack_on_premises']}"
    token = _token(client, page)
    html = client.get(page).text
    row = re.search(
        r'<li class="fact automatic"><strong[^>]*>masked men</strong>.*?</li>', html, re.S
    )
    assert row, "no row for the perpetrator masked men"
    keys = re.findall(r'name="fact" value="(\d+:[0-9a-f]+)"', row.group(0))
    assert len(keys) == 1
    client.post(
        f"{page}/review",
        data={"fact": keys[0], "decision": "confirmed", "token": token, "author": "Ib"},
    )
    stale = client.post(
        f"{page}/review", data={"fact": "0:0000", "decision": "confirmed", "token": token}
    )
    assert stale.status_code == 422
    assert "reload it" in stale.text
    client.post(f"{page}/edit", data={"field": "date", "value": "2015-06", "token": token})
    record = client.get(f"/api{page}").json()
    assert record["date"]["value"] == "2015-06"
    reviews = {f["value"]: f.get("review") for f in record["facts"]}
    assert reviews["masked men"].startswith("confirmed by web:Ib")
    bad = client.post(f"{page}/edit", data={"field": "date", "value": "soon", "token": token})
    assert bad.status_code == 422
    assert "YYYY-MM-DD" in bad.text
    assert 'value="soon"' in bad.text  # what was typed is kept


def test_add_a_report_by_paste_and_refuse_a_pdf(client: TestClient) -> None:
    token = _token(client, "/reports/new")
    text = "Police detained two journalists in Izmir on 8 March 2021, their lawyer said."
    added = client.post(
        "/reports/new",
        data={"text": text, "doc_id": "izmir-1", "publisher": "Monitor", "token": token},
    )
    assert added.status_code == 200
    assert "izmir-1" in str(added.url)
    with Store(client.db) as store:
        assert store.report("izmir-1").text == text
    pdf = client.post(
        "/reports/new",
        data={"token": token},
        files={"upload": ("report.pdf", b"%PDF-1.4 binary", "application/pdf")},
    )
    assert pdf.status_code == 422
    assert "report.pdf" in pdf.text
    fake = client.post(
        "/reports/new",
        data={"token": token},
        files={"upload": ("report.txt", b"%PDF-1.4\x00\x01", "text/plain")},
    )
    assert fake.status_code == 422
    assert "PDF" in fake.text

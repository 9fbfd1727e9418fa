"""Report texts are untrusted: they are shown as text and never run; errors are pages a
person can act on, never stack traces."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from khronika.app import create_app
from khronika.web.highlight import highlight, snippet_html

HOSTILE_ID = "hostile"  # as in conftest.py

RAW_SCRIPT = re.compile(r"<\s*script", re.I)
HANDLER_IN_TAG = re.compile(r"<[^>]*\son\w+\s*=", re.I)
JS_LINK = re.compile(r"<[^>]*(href|src)\s*=\s*[\"']?\s*javascript:", re.I)


def assert_inert(body: str) -> None:
    assert not RAW_SCRIPT.search(body), "a raw <script> tag"
    assert not HANDLER_IN_TAG.search(body), "an event handler attribute in a tag"
    assert not JS_LINK.search(body), "a javascript: link"
    assert "Traceback" not in body


def test_report_page_shows_hostile_text_escaped(hostile_client: TestClient) -> None:
    response = hostile_client.get(f"/reports/{HOSTILE_ID}")
    assert response.status_code == 200
    body = response.text
    assert_inert(body)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "&lt;img src=x onerror=alert(1)&gt;" in body
    assert "javascript:alert(document.cookie)" in body  # shown as text, not linked
    assert "&lt;b&gt;Evil&lt;/b&gt; &amp; Co" in body
    assert '<mark id="span-' in body  # the spans are still highlighted


def test_search_page_escapes_snippets(hostile_client: TestClient) -> None:
    for q in ("script alert", "onerror", "javascript", "masked men"):
        response = hostile_client.get("/search", params={"q": q})
        assert response.status_code == 200
        assert_inert(response.text)
        assert HOSTILE_ID in response.text
    reflected = hostile_client.get("/search", params={"q": "<script>alert(9)</script>"})
    assert_inert(reflected.text)


@pytest.mark.parametrize(
    "url",
    [
        "/api/reports/hostile",
        "/api/search?q=script",
        "/api/search?q=onerror",
        "/api/export.json",
        "/api/incidents",
        "/incidents",
        "/actors",
    ],
)
def test_every_response_is_inert(hostile_client: TestClient, url: str) -> None:
    response = hostile_client.get(url)
    assert response.status_code == 200
    assert_inert(response.text)


def test_api_json_still_carries_the_exact_text(hostile_client: TestClient) -> None:
    body = hostile_client.get(f"/api/reports/{HOSTILE_ID}").json()
    assert "<script>alert(1)</script>" in body["text"]  # exact data, escaped only on the wire


def test_incident_pages_are_inert(hostile_client: TestClient) -> None:
    items = hostile_client.get("/api/incidents").json()["items"]
    assert items
    for item in items:
        response = hostile_client.get(f"/incidents/{item['incident_id']}")
        assert response.status_code == 200
        assert_inert(response.text)


def test_pages_forbid_scripts_by_policy(hostile_client: TestClient) -> None:
    response = hostile_client.get(f"/reports/{HOSTILE_ID}")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self';" in policy  # khronika's own files only: no inline, no origin
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert response.headers["x-content-type-options"] == "nosniff"


def test_original_download_is_an_attachment(hostile_client: TestClient) -> None:
    response = hostile_client.get(f"/api/reports/{HOSTILE_ID}/original")
    assert response.headers["content-disposition"] == 'attachment; filename="hostile.txt"'
    assert response.headers["x-content-type-options"] == "nosniff"


def test_unknown_incident_is_a_404_page_and_json(hostile_client: TestClient) -> None:
    page = hostile_client.get("/incidents/inc-99999")
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert "No incident with id" in page.text
    assert "incidents list" in page.text
    assert "Traceback" not in page.text
    api = hostile_client.get("/api/incidents/inc-99999")
    assert api.status_code == 404
    assert api.json() == {"error": "No incident with id 'inc-99999'."}


def test_bad_filter_is_a_400_page(hostile_client: TestClient) -> None:
    page = hostile_client.get("/incidents", params={"date_from": "notadate"})
    assert page.status_code == 400
    assert "YYYY-MM-DD" in page.text
    assert "Traceback" not in page.text
    empty = hostile_client.get("/incidents", params={"date_from": "", "type": ""})
    assert empty.status_code == 200  # an untouched form field is no filter


def _broken_app(path: Path) -> FastAPI:
    app = create_app(path)

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("secret internals /etc/passwd")

    @app.get("/api/boom")
    def api_boom() -> None:
        raise RuntimeError("secret internals /etc/passwd")

    return app


def test_unexpected_errors_show_no_internals(hostile_path: Path) -> None:
    with TestClient(_broken_app(hostile_path), raise_server_exceptions=False) as client:
        page = client.get("/boom")
        api = client.get("/api/boom")
    assert page.status_code == api.status_code == 500
    for body in (page.text, api.text):
        assert "Traceback" not in body
        assert "secret internals" not in body
    assert "try again" in api.json()["error"]


def test_highlight_escapes_and_nests() -> None:
    text = "a <b>bold</b> & c"
    html = str(highlight(text, [(2, 13, "detail"), (5, 9, "actor"), (7, 15, "time")]))
    assert "<b>" not in html
    assert "&lt;b&gt;" in html
    assert "&amp;" in html
    assert '<mark id="span-2-13" class="detail">' in html
    assert '<mark id="span-5-9" class="actor">' in html
    assert '<span id="span-7-15" class="anchor"></span>' in html  # crossing: an anchor
    assert html.count("<mark") == html.count("</mark>")
    assert str(highlight("x", [(0, 5, "actor"), (0, 1, 'evil" onclick="x')])) == "x"


def test_snippet_marks_only_matches() -> None:
    html = str(snippet_html("… <img src=x onerror=alert(1)> [masked] [men] …"))
    assert "<img" not in html
    assert "<mark>masked</mark> <mark>men</mark>" in html

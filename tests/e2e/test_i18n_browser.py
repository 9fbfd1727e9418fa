"""The language switcher in a real browser: plain links, the choice kept in a cookie, and
Arabic laid out right to left (screenshots for a reviewer under tests/artifacts/)."""

from __future__ import annotations

from typing import Any


def _box(page: Any, selector: str) -> dict[str, float]:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return dict(box)


def test_switch_to_russian_then_arabic(server: str, page: Any, screenshot: Any) -> None:
    page.goto(f"{server}/incidents")
    assert page.get_attribute("html", "lang") == "en"
    page.click("nav.languages a[hreflang=ru]")
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == "ru"
    assert page.inner_text("main h1") == "Инциденты"
    assert "Тип" in page.inner_text("form.facets")
    screenshot(page, "incident-list-ru")

    page.goto(f"{server}/search")  # the cookie keeps the choice without ?lang=
    assert page.get_attribute("html", "lang") == "ru"
    page.goto(f"{server}/incidents")

    page.click("nav.languages a[hreflang=ar]")
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == "ar"
    assert page.get_attribute("html", "dir") == "rtl"
    assert page.inner_text("main h1") == "الحوادث"
    width = page.viewport_size["width"]
    brand, search = _box(page, ".top .brand"), _box(page, ".quick-search")
    assert brand["x"] > width / 2 > search["x"]  # the header reads from the right
    heading = _box(page, "main h1")
    assert heading["x"] + heading["width"] > width / 2  # headings start on the right
    chart = _box(page, ".timeline-svg")
    axis = _box(page, ".timeline-svg .axis text")
    assert axis["x"] < chart["x"] + 40  # the chart itself is not mirrored: time runs left to right
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, "incident-list-ar")
    page.goto(f"{server}/incidents?lang=en")
    assert page.get_attribute("html", "dir") == "ltr"

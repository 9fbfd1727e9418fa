"""End to end in a real browser: search, open an incident, see its sources (issue 5)."""

from __future__ import annotations

from typing import Any

from khronika.store import Store


def _june_incident(store: Store) -> str:
    primaries = set(store.primary_incidents().values())
    assert len(primaries) == 1
    return str(primaries.pop())


def test_search_then_open_the_june_attack_with_both_sources(
    server: str, page: Any, seeded: Store, screenshot: Any
) -> None:
    page.goto(f"{server}/incidents")
    screenshot(page, "incident-list")
    page.fill("input[name=q]", "masked men")
    page.press("input[name=q]", "Enter")
    page.wait_for_load_state()
    hrefs = {a.get_attribute("href") for a in page.locator("main a[href^='/reports/']").all()}
    assert {"/reports/crd-jmg-attack", "/reports/nhc-jmg-attack"} <= hrefs, hrefs
    assert "masked men" in page.inner_text("main")
    screenshot(page, "search")
    june = _june_incident(seeded)
    page.goto(f"{server}/incidents/{june}")
    text = page.inner_text("body")
    assert "attack_on_premises" in text.replace(" ", "_") or "attack on premises" in text.lower()
    assert "crd-jmg-attack" in text and "nhc-jmg-attack" in text
    assert "2015-06-03" in text
    screenshot(page, "incident")


def test_a_quote_link_lands_on_the_highlighted_span(
    server: str, page: Any, seeded: Store, screenshot: Any
) -> None:
    june = _june_incident(seeded)
    page.goto(f"{server}/incidents/{june}")
    link = page.locator("a[href*='/reports/nhc-jmg-attack#span-']").first
    href = link.get_attribute("href")
    assert href is not None
    link.click()
    page.wait_for_load_state()
    anchor = href.split("#", 1)[1]
    mark = page.locator(f"[id='{anchor}']")
    assert mark.count() >= 1
    start, end = (int(x) for x in anchor.removeprefix("span-").split("-"))
    report_text = seeded.report("nhc-jmg-attack").text
    assert report_text[start:end].split()[0] in page.inner_text("body")
    screenshot(page, "report")


def test_scripts_in_a_report_never_run(server: str, page: Any) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{server}/search?q=attack")
    page.goto(f"{server}/reports/nhc-jmg-attack")
    assert dialogs == []

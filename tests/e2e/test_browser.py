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
    assert "crd-jmg-attack" in text
    assert "nhc-jmg-attack" in text
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

    def dismissed(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismissed)
    page.goto(f"{server}/search?q=attack")
    page.goto(f"{server}/reports/nhc-jmg-attack")
    assert dialogs == []


def test_map_shows_the_june_attack_in_grozny(
    server: str, page: Any, seeded: Store, screenshot: Any
) -> None:
    june = _june_incident(seeded)
    page.goto(f"{server}/map")
    page.wait_for_load_state("networkidle")
    marker = page.locator(f"[data-incident-id='{june}']")
    assert marker.count() == 1
    lat = float(marker.get_attribute("data-lat") or "nan")
    lon = float(marker.get_attribute("data-lon") or "nan")
    assert abs(lat - 43.31) < 0.2
    assert abs(lon - 45.69) < 0.2
    screenshot(page, "map")


def test_merge_two_incidents_and_see_the_history(server: str, page: Any, seeded: Store) -> None:
    by_type = {i.event_type: i.incident_id for i in seeded.incidents()}
    keep, other = by_type["smear_campaign"], by_type["assault"]
    page.goto(f"{server}/incidents/{keep}")
    page.locator("form.reviewer input[name=author]").fill("Maria")
    page.locator("form.reviewer button[type=submit]").click()
    page.wait_for_load_state()
    form = page.locator(f"form[action='/incidents/{keep}/merge']")
    form.locator("input[name=other]").fill(other)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()  # the preview first
    page.locator("button", has_text="Confirm the merge").click()
    page.wait_for_load_state()
    if page.locator("#history").count() == 0:
        raise AssertionError(page.inner_text("body")[:800])
    history = page.inner_text("#history")
    assert f"Maria merged {other} into {keep}" in history
    page.goto(f"{server}/incidents/{other}")
    assert f"/incidents/{keep}" in page.url  # the merged id answers as the kept one

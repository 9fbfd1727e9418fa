"""A monitor's daily work in Chromium (issue 15): review a fact in place, merge with a
preview then undo it, the record's history; axe-core on the pages monitors use.

One server over a copy of the seeded store for the whole module; the tests run in order.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from khronika.store import Store

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
AXE_COUNTS: dict[str, int] = {}


def _ids(store: Store) -> dict[str, str]:
    return {i.event_type: i.incident_id for i in store.incidents()}


def _remember_name(page: Any, name: str) -> None:
    page.locator("form.reviewer input[name=author]").fill(name)
    page.locator("form.reviewer button[type=submit]").click()
    page.wait_for_load_state()


def test_review_a_fact_in_place(server: str, page: Any, seeded: Store, screenshot: Any) -> None:
    june = _ids(seeded)["attack_on_premises"]
    page.goto(f"{server}/incidents/{june}")
    _remember_name(page, "Maria")
    assert page.locator("form.reviewer input[name=author]").count() == 1  # "another name"
    row = page.locator("li.fact", has=page.locator("strong", has_text="masked men")).first
    assert "automatic" in row.inner_text()
    row.locator("button[value=confirmed]").click()
    page.wait_for_load_state()
    row = page.locator("li.fact", has=page.locator("strong", has_text="masked men")).first
    assert "confirmed by Maria" in row.inner_text()
    victim = page.locator("li.fact", has=page.locator("strong", has_text="Two staff members"))
    if victim.count():
        victim.first.locator("button[value=rejected]").click()
        page.wait_for_load_state()
        assert "rejected by Maria" in page.inner_text("main")
    page.locator("tr", has_text="Date").locator("summary").first.click()
    form = page.locator("form[action$='/edit']", has=page.locator("input[name=field][value=date]"))
    form.locator("input[name=value]").fill("2015-31-06")
    form.locator("input[name=note]").fill("court file")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    error = page.locator("[role=alert]").first
    assert "is not a date" in error.inner_text()
    form = page.locator("form[action$='/edit']", has=page.locator("input[name=field][value=date]"))
    assert form.locator("input[name=value]").input_value() == "2015-31-06"  # kept
    assert form.locator("input[name=note]").input_value() == "court file"
    screenshot(page, "review-form-error")
    form.locator("input[name=value]").fill("2015-06")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "set by an analyst (Maria)" in page.inner_text("table.summary")
    screenshot(page, "review-in-place")


def test_merge_from_related_with_preview_then_undo(
    server: str, page: Any, seeded: Store, screenshot: Any
) -> None:
    ids = _ids(seeded)
    keep, other = ids["smear_campaign"], ids["assault"]  # both about Igor Kalyapin
    page.goto(f"{server}/incidents/{keep}")
    _remember_name(page, "Maria")
    page.locator(f"a[href='/incidents/{keep}/merge?other={other}']").click()
    page.wait_for_load_state()
    columns = page.locator(".compare .column")
    assert columns.count() == 3
    result = page.inner_text(".compare .column.result")
    assert "Igor Kalyapin" in result
    assert "Moscow" in result
    screenshot(page, "merge-preview")
    page.goto(f"{server}/incidents/{other}")  # the preview changed nothing
    assert page.url.endswith(f"/incidents/{other}")
    page.go_back()
    page.locator("button", has_text="Confirm the merge").click()
    page.wait_for_load_state()
    assert f"merged {other} into {keep}" in page.inner_text("#history")
    page.goto(f"{server}/incidents/{other}")
    assert page.url.endswith(f"/incidents/{keep}?merged={other}")
    assert f"{other} was merged into this incident" in page.inner_text("main")
    page.locator("#history button", has_text="Undo this merge").click()
    page.wait_for_load_state()
    assert f"undid the merge of {other} into {keep}" in page.inner_text("#history")
    page.goto(f"{server}/incidents/{other}")
    assert page.url.endswith(f"/incidents/{other}")  # its own incident again
    screenshot(page, "merge-undone")


def test_merge_two_incidents_selected_in_the_list(server: str, page: Any, seeded: Store) -> None:
    ids = _ids(seeded)
    first, second = sorted([ids["arson"], ids["raid_or_search"]])
    page.goto(f"{server}/incidents")
    page.locator(f"#pick-{first}").check()
    page.locator("button[name=merge]").click()
    page.wait_for_load_state()
    assert "Choose exactly two incidents" in page.inner_text("[role=alert]")
    assert page.locator(f"#pick-{first}").is_checked()  # the selection is kept
    page.locator(f"#pick-{second}").check()
    page.locator("button[name=merge]").click()
    page.wait_for_load_state()
    assert f"/incidents/{first}/merge?other={second}" in page.url
    assert page.locator(".compare .column").count() == 3


def test_the_record_history_filtered_by_who_and_what(
    server: str, page: Any, screenshot: Any
) -> None:
    page.goto(f"{server}/history")
    page.fill("input[name=who]", "Maria")
    page.select_option("select[name=what]", "merge")
    page.locator("form.facets button[type=submit]").click()
    page.wait_for_load_state()
    items = page.locator("ol.history > li").all_inner_texts()
    assert items
    assert all("Maria" in i for i in items)
    assert any("undid the merge" in i for i in items)
    assert any(" merged " in i for i in items)
    assert not any("confirmed" in i for i in items)  # reviews filtered out
    stamp = page.locator("time.local").first
    assert stamp.get_attribute("datetime", timeout=2000)
    assert "UTC" not in stamp.inner_text()  # shown in the reader's local time
    screenshot(page, "history")


def test_export_the_filtered_list_as_geojson_and_read_it_back(
    server: str, page: Any, seeded: Store, screenshot: Any
) -> None:
    page.goto(f"{server}/incidents")
    page.fill("form.facets input[name=place]", "Grozny")
    page.locator("form.facets button[type=submit]").click()
    page.wait_for_load_state()
    listed = {
        a.inner_text() for a in page.locator("table.list td a[href^='/incidents/inc-']").all()
    }
    screenshot(page, "list-filtered")
    with page.expect_download() as download:
        page.locator("a[href^='/incidents.geojson']").click()
    path = download.value.path()
    data = json.loads(Path(path).read_text("utf-8"))
    assert data["type"] == "FeatureCollection"
    assert {f["id"] for f in data["features"]} == listed
    assert listed
    assert all(
        f["properties"]["place"] == "Grozny" or f["properties"]["region"] for f in data["features"]
    )


def test_print_view_shows_the_dossier_without_forms(
    server: str, page: Any, seeded: Store, screenshot: Any
) -> None:
    june = _ids(seeded)["attack_on_premises"]
    page.goto(f"{server}/incidents/{june}")
    assert page.locator("li.fact form.row-review").first.is_visible()
    page.emulate_media(media="print")
    assert not page.locator("li.fact form.row-review").first.is_visible()
    assert not page.locator("header.top").is_visible()
    assert page.locator("small.sha").first.is_visible()  # the sources' SHA-256
    assert page.locator("a.quote").first.is_visible()  # the quotes
    screenshot(page, "print-dossier")


def test_the_map_clusters_markers_with_counts(server: str, page: Any, screenshot: Any) -> None:
    page.goto(f"{server}/map")
    page.wait_for_load_state("networkidle")
    badges = page.locator("[data-count]")
    assert badges.count() >= 2
    assert all(int(n) >= 2 for n in badges.evaluate_all("els => els.map(e => e.dataset.count)"))
    screenshot(page, "map-clusters")


def test_the_keyboard_reaches_a_skip_link_first(server: str, page: Any) -> None:
    page.goto(f"{server}/incidents")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")


@pytest.fixture(scope="module")
def axe_page(browser: Any) -> Any:
    if not AXE.exists():
        pytest.fail(
            f"axe-core is not installed at {AXE}; `npm ci` (run by scripts/setup.sh) installs it."
        )
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize(
    "path",
    [
        "/incidents",
        "{incident}",
        "/reports/nhc-jmg-attack",
        "/map",
        "{review}",
        "/review",
        "/history",
    ],
)
def test_axe_finds_no_serious_violation(
    server: str, axe_page: Any, seeded: Store, path: str
) -> None:
    ids = _ids(seeded)
    path = path.format(
        incident=f"/incidents/{ids['attack_on_premises']}",
        review=f"/incidents/{ids['attack_on_premises']}/merge?other={ids['arson']}",
    )
    axe_page.goto(server + path)
    axe_page.wait_for_load_state("networkidle")
    axe_page.add_script_tag(path=str(AXE))
    found = axe_page.evaluate("async () => (await axe.run(document)).violations")
    bad = [v for v in found if v["impact"] in ("serious", "critical")]
    AXE_COUNTS[path] = len(bad)
    print(f"axe {path}: {len(found)} violations, {len(bad)} serious or critical")
    assert not bad, json.dumps([(v["id"], v["help"], len(v["nodes"])) for v in bad], indent=1)

"""In a real browser: log in through the form, see who is logged in, log out; a viewer reads
the record with the names of people it protects withheld."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from khronika.accounts import hash_password
from khronika.store import Store

PASSWORD = "analyst-pass-123"


@pytest.fixture(scope="module")
def account_server(
    seeded_path: Path, tmp_path_factory: pytest.TempPathFactory, serve_app: Any
) -> Iterator[str]:
    """The web app over a copy of the seeded store with an analyst and a viewer account."""
    from khronika.app import create_app

    db = tmp_path_factory.mktemp("e2e-login") / "login.db"
    shutil.copy(seeded_path, db)
    with Store(db) as store:
        store.add_user("Maria", "analyst", hash_password(PASSWORD))
        store.add_user("Vera", "viewer", hash_password(PASSWORD))
    with serve_app(create_app(db)) as url:
        yield url


def log_in(page: Any, server: str, name: str) -> None:
    page.goto(f"{server}/incidents")
    assert page.url.endswith("/login")  # no session: the login page
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action='/login'] button[type=submit]")
    page.wait_for_load_state()


def test_log_in_see_the_name_and_log_out(account_server: str, page: Any, screenshot: Any) -> None:
    log_in(page, account_server, "Maria")
    who = page.inner_text("header .account")
    assert "Maria" in who, who
    assert "analyst" in who, who
    assert page.locator("a[href='/admin/accounts']").count() == 0  # not an admin
    screenshot(page, "logged-in")
    page.click("header form[action='/logout'] button[type=submit]")
    page.wait_for_load_state()
    assert page.url.endswith("/login")
    page.goto(f"{account_server}/incidents")
    assert page.url.endswith("/login")  # the session has ended


def test_a_viewer_reads_with_names_withheld(
    account_server: str, page: Any, screenshot: Any
) -> None:
    log_in(page, account_server, "Vera")
    listed = page.inner_text("main")
    assert "Kalyapin" not in listed
    assert "Dadaev" not in listed
    assert "[withheld]" in listed
    assert "Joint Mobile Group" in listed
    page.click("text=inc-00006")
    page.wait_for_load_state()
    shown = page.inner_text("body")
    assert "killing" in shown
    assert "Dadaev" not in shown
    assert "[withheld]" in shown
    assert page.locator("#review").count() == 0  # no forms a viewer cannot use
    assert page.locator("a[href='/reports/new']").count() == 0
    screenshot(page, "viewer-incident")
    page.click("header form[action='/logout'] button[type=submit]")


def test_an_analyst_merges_two_actors(account_server: str, page: Any, screenshot: Any) -> None:
    log_in(page, account_server, "Maria")
    page.goto(f"{account_server}/actors?q=council")
    names = page.locator("table.list td:first-child a").all_inner_texts()
    assert names == ["Council of Europe", "Human Rights Council"]
    page.goto(f"{account_server}/actors/council-of-europe")
    form = page.locator("form[action='/actors/council-of-europe/merge']")
    form.locator("select[name=other]").select_option("eu")
    form.locator("input[name=note]").fill("the same body in these reports")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "Also known as: EU" in page.inner_text("main")
    page.goto(f"{account_server}/actors/eu")
    assert page.url.endswith("/actors/council-of-europe?merged=eu")
    assert "eu was merged into this actor" in page.inner_text("main")
    screenshot(page, "actor-merged")
    page.goto(f"{account_server}/history?what=actors")
    assert "Maria merged the actor EU into Council of Europe." in page.inner_text("main")


def test_mark_a_person_public_then_read_as_a_viewer(
    account_server: str, page: Any, screenshot: Any
) -> None:
    log_in(page, account_server, "Maria")
    page.goto(f"{account_server}/actors/igor-kalyapin")
    page.locator("#public button[type=submit]").click()
    page.wait_for_load_state()
    assert "it is marked public" in page.inner_text("#public")
    page.click("header form[action='/logout'] button[type=submit]")
    page.wait_for_load_state()
    log_in(page, account_server, "Vera")
    listed = page.inner_text("main")
    assert "Igor Kalyapin" in listed  # public now: shown to viewers
    assert "Dadaev" not in listed
    assert "[withheld]" in listed
    page.goto(f"{account_server}/actors")
    assert "Igor Kalyapin" in page.inner_text("main")
    screenshot(page, "viewer-after-mark-public")

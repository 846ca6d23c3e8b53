"""The built site in headless Chromium, as a seller uses it: the funnel, search, a script's flow."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    outside: list[str] = []
    page.on(
        "request",
        lambda request: (
            outside.append(request.url) if not request.url.startswith("http://127.0.0.1") else None
        ),
    )
    yield page
    context.close()
    assert outside == []  # the site loads nothing from third parties


def test_home_shows_the_funnels_as_drawn_diagrams(page: Page, site_url: str) -> None:
    page.goto(site_url)
    diagrams = page.locator("div.playbook-diagram svg")
    diagrams.first.wait_for()
    assert diagrams.count() == 2  # sales and complaints
    assert "1. Лидогенерация" in str(diagrams.first.text_content())
    assert page.locator("pre.playbook-diagram").count() == 0  # every source was drawn


def test_clicking_a_funnel_node_opens_the_stage(page: Page, site_url: str) -> None:
    page.goto(site_url)
    node = page.locator("div.playbook-diagram svg a", has_text="4. Работа с возражениями")
    node.click()
    page.wait_for_url("**/stages/objection-handling/")
    assert page.locator("h1").inner_text().startswith("Работа с возражениями")


def _search(page: Page, site_url: str, query: str) -> list[str]:
    page.goto(site_url)
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    # Material searches on key events; a real keyboard sends them, text inserted by a test does not
    box.press("End")
    results = page.locator(".md-search-result__item a")
    results.first.wait_for()
    return [urlsplit(str(results.nth(i).get_attribute("href"))).path for i in range(results.count())]


def test_searching_dorogo_finds_the_objection(page: Page, site_url: str) -> None:
    assert any(href.endswith("objections/too-expensive/") for href in _search(page, site_url, "дорого")[:3])


def test_searching_a_wording_finds_the_objection(page: Page, site_url: str) -> None:
    assert any(
        href.endswith("objections/cheaper-elsewhere/")
        for href in _search(page, site_url, "у конкурентов дешевле")[:3]
    )


def test_an_inflected_word_finds_the_stage(page: Page, site_url: str) -> None:
    assert any("stages/objection-handling/" in href for href in _search(page, site_url, "возражениями"))


@pytest.mark.parametrize("query", ["КП", "НДС", "чек-лист"])
def test_abbreviations_and_hyphenated_words_are_found(page: Page, site_url: str, query: str) -> None:
    assert _search(page, site_url, query)


def test_a_script_page_shows_its_flowchart(page: Page, site_url: str) -> None:
    page.goto(site_url + "scripts/cold-call/")
    chart = page.locator("div.playbook-diagram svg")
    chart.wait_for()
    assert chart.locator("g.node").count() > 10
    assert "Встреча назначена" in str(chart.text_content())


def test_a_printed_checklist_shows_no_navigation(page: Page, site_url: str) -> None:
    page.goto(site_url + "checklists/closing/")
    page.emulate_media(media="print")
    assert not page.locator(".md-sidebar--primary").is_visible()
    assert not page.locator(".md-header").is_visible()
    assert page.locator(".task-list-item").first.is_visible()


def test_the_crm_matrix_marks_are_centred_under_their_stage(page: Page, site_url: str) -> None:
    # centred by the site's stylesheet: a page carries no style attribute for Markdown's alignment
    page.goto(site_url + "crm/")
    mark = page.locator(".playbook-matrix td", has_text="★").first
    assert mark.evaluate("cell => getComputedStyle(cell).textAlign") == "center"
    assert page.locator("[style]", has=page.locator(".playbook-matrix")).count() == 0

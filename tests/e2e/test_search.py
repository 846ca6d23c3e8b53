"""The site's search as a seller uses it, in Chromium: what they type finds the page to open.

The query set (tests/e2e/search_queries.yml) is typed into the search box of the built example;
benchmarks/search.py runs the same queries and reports the score beside Material's own search.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from playwright.sync_api import Browser, Page, sync_playwright

from benchmarks.search import FLOOR, queries, report, run_queries, score, search
from benchmarks.site_weight import CHROMIUM, FLAGS


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def page(browser: Browser, site_url: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.goto(site_url)
    yield page
    context.close()


def test_the_query_set_is_written_the_way_sellers_type() -> None:
    asked = queries()
    assert len(asked) >= 60
    texts = [query.text for query in asked]
    assert all(text == text.lower() for text in texts)
    assert any("е" in text and "ё" not in text for text in texts)  # typed with е where ё is written
    for word in ("скидка", "гарантия", "монтаж", "жалоба", "возврат"):
        assert word in texts


def test_what_sellers_type_finds_the_right_page_first(browser: Browser, site_url: str) -> None:
    outcomes = run_queries(browser, site_url, queries())
    assert score(outcomes) >= FLOOR, report([outcome for outcome in outcomes if not outcome.right])


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("дорогой", "objections/too-expensive/"),  # a word form the page does not have
        ("дорага", "objections/too-expensive/"),  # one typo
        ("счет", "documents/invoice/"),  # е for ё
        ("не сейчас", "objections/not-now/"),  # short words that carry the meaning
        ("нет бюджета", "objections/no-budget/"),
        ("кп", "documents/proposal/"),  # a document by its abbreviation
        ("упд", "documents/upd/"),
    ],
)
def test_what_material_s_search_missed_is_found(page: Page, query: str, first: str) -> None:
    assert search(page, query)[:1] == (first,)


def test_a_result_shows_the_first_thing_to_say(page: Page) -> None:
    search(page, "дорого")
    first = page.locator(".md-search-result__item").first
    assert first.locator("h1").inner_text() == "Дорого"
    teaser = first.inner_text()
    assert "Понимаю, сумма серьёзная" in teaser
    assert "Категория" not in teaser and "Встречается на этапах" not in teaser


def test_enter_opens_the_first_result(page: Page, site_url: str) -> None:
    search(page, "у конкурентов дешевле")
    page.locator("input.md-search__input").press("Enter")
    page.wait_for_url(re.compile(r".*/objections/cheaper-elsewhere/(\?.*)?$"))
    assert "дешевле" in page.locator("h1").inner_text()
    page.goto(site_url)


def test_a_result_is_reached_with_the_arrow_keys(page: Page) -> None:
    search(page, "договор")
    page.keyboard.press("ArrowDown")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused is not None and "documents/contract/" in focused


@settings(max_examples=15, deadline=None)
@given(
    query=st.sampled_from(["счёт на оплату", "ещё не решил", "объём продаж", "вернёмся к этому осенью"]),
    upper=st.lists(st.booleans(), min_size=30, max_size=30),
    yo=st.booleans(),
)
def test_case_and_yo_never_change_what_is_found(page: Page, query: str, upper: list[bool], yo: bool) -> None:
    typed = "".join(c.upper() if up else c for c, up in zip(query, upper, strict=False))
    typed = typed.replace("ё", "е").replace("Ё", "Е") if yo else typed
    assert search(page, typed) == search(page, query)


def test_screenshots_of_the_results(browser: Browser, site_url: str) -> None:
    folder = Path(__file__).parents[2] / "build" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    for width, height in ((390, 844), (1366, 900)):
        context = browser.new_context(viewport={"width": width, "height": height})
        shot = context.new_page()
        shot.goto(site_url)
        found = search(shot, "дорого")
        assert found[:1] == ("objections/too-expensive/",)
        shot.wait_for_timeout(400)  # the search's opening transition
        shot.screenshot(path=str(folder / f"search-{width}.png"))
        context.close()

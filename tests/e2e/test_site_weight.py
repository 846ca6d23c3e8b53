"""The weight budget of the site on a phone (benchmarks/site_weight.py measures the same): a cold
objection page, the search index, and the first search result over emulated 4G — of the search
the site has: the finder's index and worker (generator/site/finder.py) in Material's box."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from benchmarks.site_weight import (
    CHROMIUM,
    FLAGS,
    TARGET_INDEX_KB,
    TARGET_PAGE_KB,
    TARGET_SEARCH_S,
    first_search_result,
    served,
    weigh,
)


@pytest.fixture(scope="module")
def phone(built_example: Path) -> Iterator[tuple[Browser, Path, str]]:
    site = built_example / "site"
    with served(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser, site, url
        browser.close()


def test_a_cold_objection_page_and_the_search_index_are_within_budget(
    phone: tuple[Browser, Path, str],
) -> None:
    weight = weigh(*phone)
    assert weight.page_kb <= TARGET_PAGE_KB, weight.files
    assert weight.index_kb <= TARGET_INDEX_KB
    assert not [path for path, _ in weight.files if path.endswith("mermaid.min.js")]  # no diagram here


def test_the_search_index_is_the_finder_s_in_compact_utf8(built_example: Path) -> None:
    raw = (built_example / "site/search/search_index.json").read_text(encoding="utf-8")
    assert "\\u04" not in raw and "\n" not in raw
    pages = {location: (title, teaser) for location, title, teaser, _ in json.loads(raw)["docs"]["pages"]}
    title, teaser = pages["objections/too-expensive/"]
    assert title == "Дорого" and teaser.startswith("Понимаю, сумма серьёзная.")
    # the worker a phone loads is the finder's, not lunr's with its language files
    workers = list((built_example / "site/assets/javascripts/workers").glob("search.*.min.js"))
    assert len(workers) == 1 and "finder" in workers[0].read_text(encoding="utf-8")


def test_the_first_search_result_on_4g_comes_within_two_seconds(phone: tuple[Browser, Path, str]) -> None:
    browser, _, url = phone
    assert min(first_search_result(browser, url) for _ in range(3)) <= TARGET_SEARCH_S

"""The built site in headless Chromium, as a seller uses it: the funnel, search, a script's flow."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import Browser, Page, expect, sync_playwright

from benchmarks.search import search
from tests.conftest import REPO

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
    return [f"/{path}" for path in search(page, query)]  # the finder's own tests: tests/e2e/test_search.py


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


def test_crm_rules_are_lines_of_a_cell_not_markup(page: Page, site_url: str) -> None:
    page.goto(site_url + "crm/deal/")
    article = page.locator("article")
    assert "<br>" not in article.inner_text()
    assert page.locator("article td br").count() > 0  # several rules of a field: a line each


def test_the_objection_library_lists_each_answer_on_its_own(page: Page, site_url: str) -> None:
    page.goto(site_url + "objections/")
    answers = page.locator("article li", has=page.locator("strong", has_text="Рассрочка."))
    assert answers.count() >= 2
    assert not page.locator("article p", has_text="- **").count()  # no list run into a paragraph


def _standard(path: str) -> Any:
    return yaml.safe_load((REPO / "standards" / path).read_text(encoding="utf-8"))


def _words(text: str) -> str:
    """Text as read: spaces collapsed, without a heading's permalink sign."""
    return " ".join(text.split()).removesuffix("¶")


def test_an_objection_page_opens_with_the_first_answer_to_say(page: Page, site_url: str) -> None:
    first = _standard("objections/not-now.yml")["responses"][0]
    page.goto(site_url + "objections/not-now/")
    opening = page.locator("article h1 ~ *").first  # what follows the title, before anything else
    assert _words(opening.inner_text()) == f"Скажите первым · {first['approach']}"
    said = page.locator("article blockquote").first
    assert _words(said.inner_text()) == _words(first["say"])
    others = page.locator("article h2", has_text="Другие ответы")
    assert said.bounding_box()["y"] < others.bounding_box()["y"]  # type: ignore[index]


def test_the_library_and_navigation_list_objections_in_the_playbook_s_order(
    page: Page, site_url: str
) -> None:
    names = {
        p.stem: _standard(f"objections/{p.name}") for p in (REPO / "standards" / "objections").glob("*.yml")
    }
    expected = []
    for category, declared in _standard("playbook.yml")["objection_categories"].items():
        mine = sorted(
            (i for i, o in names.items() if o["category"] == category), key=lambda i: names[i]["name"]
        )
        order = declared["objections"] if isinstance(declared, dict) else mine
        expected += [f"«{names[i]['name']}»" for i in order]
    page.goto(site_url + "objections/")
    assert [_words(t) for t in page.locator("article h3").all_inner_texts()] == expected
    page.goto(site_url + "stages/closing/")  # a page outside the section: its entries are plain links
    label = page.locator("label.md-nav__link", has_text="Библиотека возражений").get_attribute("id")
    listed = page.locator(f'nav[aria-labelledby="{label}"] > ul > li > a').all_text_contents()
    assert [f"«{_words(t)}»" for t in listed[1:]] == expected  # after the library itself


def test_a_stage_page_starts_with_what_to_do(page: Page, site_url: str) -> None:
    page.goto(site_url + "stages/qualification/")
    assert _words(page.locator("article h2").first.inner_text()) == "Что делать"


@pytest.mark.parametrize("script", ["follow-up-week", "cold-call", "closing-call"])
def test_a_client_s_answer_is_quoted_once(page: Page, site_url: str, script: str) -> None:
    page.goto(site_url + f"scripts/{script}/")
    text = page.locator("article").inner_text()
    assert "««" not in text and "»»" not in text


def test_the_words_to_say_are_as_dark_as_the_text_around_them(page: Page, site_url: str) -> None:
    page.goto(site_url + "scripts/cold-call/")
    said = page.locator("article blockquote").first.evaluate("e => getComputedStyle(e).color")
    hint = page.locator("article > p").first.evaluate("e => getComputedStyle(e).color")
    assert said == hint


def test_kpi_figures_are_written_as_people_write_them(page: Page, site_url: str) -> None:
    page.goto(site_url + "kpis/")
    table = page.locator("article table").first.inner_text()
    assert "185\u00a0000\u00a0₽" in table and "25\u00a0%" in table
    page.goto(site_url + "kpis/complaint-resolution-time/")
    thresholds = page.locator("article li", has_text="Пороги").inner_text().replace("\u00a0", " ")
    assert thresholds == "Пороги: в норме до 3 дн., критично при 5 дн. и выше"  # lower is better
    assert "185000" not in table and "175000" not in table


def test_the_home_page_names_the_site_once_in_the_tab(page: Page, site_url: str) -> None:
    page.goto(site_url)
    assert page.title() == "Стандарты продаж КухняПро"


def test_a_page_shows_no_standards_file_path(page: Page, site_url: str) -> None:
    page.goto(site_url + "stages/closing/")
    text = page.locator("article").inner_text()
    assert "standards/" not in text and "Источник" not in text


def test_the_diagram_library_loads_only_where_there_is_a_diagram(page: Page, site_url: str) -> None:
    loaded: list[str] = []
    page.on("request", lambda request: loaded.append(request.url))
    page.goto(site_url + "objections/too-expensive/")
    page.wait_for_load_state("networkidle")
    assert not [url for url in loaded if url.endswith("mermaid.min.js")]
    page.goto(site_url)
    page.locator("div.playbook-diagram svg").first.wait_for()
    assert [url for url in loaded if url.endswith("mermaid.min.js")]


def test_a_checklist_is_ticked_on_screen_kept_and_cleared(page: Page, site_url: str) -> None:
    page.goto(site_url + "checklists/closing/")
    items = page.locator(".playbook-checklist li.task-list-item")
    boxes = page.locator(".playbook-checklist input[type=checkbox]")
    items.nth(0).click()  # the whole item is the tap target
    items.nth(2).click()
    page.reload()
    assert [boxes.nth(i).is_checked() for i in range(4)] == [True, False, True, False]
    page.get_by_role("button", name="Снять все отметки").click()
    page.reload()
    assert not any(boxes.nth(i).is_checked() for i in range(boxes.count()))


def test_a_printed_checklist_is_one_a4_page_of_empty_boxes(page: Page, site_url: str, tmp_path: Path) -> None:
    page.goto(site_url + "checklists/closing/")
    page.locator(".playbook-checklist li.task-list-item").first.click()  # ticked on screen
    assert page.locator(".playbook-checklist li.task-list-item").count() == 11
    page.emulate_media(media="print")
    box = page.locator(".playbook-checklist .task-list-indicator").first
    drawn = box.evaluate(
        "e => { const s = getComputedStyle(e, '::before'); return [s.maskImage, s.borderTopStyle] }"
    )
    assert drawn == ["none", "solid"]  # an empty box, whatever was ticked on screen
    page.pdf(path=str(tmp_path / "checklist.pdf"), format="A4")
    info = subprocess.run(
        ["pdfinfo", str(tmp_path / "checklist.pdf")], capture_output=True, text=True, check=True
    )
    assert re.search(r"^Pages:\s+1$", info.stdout, re.M), info.stdout


def _pages(site: Path) -> list[str]:
    return sorted(
        "" if page.parent == site else page.parent.relative_to(site).as_posix() + "/"
        for page in site.rglob("index.html")
    )


def test_no_page_is_wider_than_a_phone(page: Page, site_url: str, built_example: Path) -> None:
    page.set_viewport_size({"width": 360, "height": 800})
    wide = []
    for path in _pages(built_example / "site"):
        page.goto(site_url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 360:
            wide.append((path, width))
    assert wide == []


def test_a_wide_table_keeps_its_first_column_in_view(page: Page, site_url: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site_url + "crm/")
    table = page.locator(".playbook-matrix .md-typeset__table").first
    first = page.locator(".playbook-matrix td:first-child").first
    before = first.bounding_box()
    table.evaluate("wrap => { wrap.closest('.md-typeset__scrollwrap').scrollLeft = 400 }")
    after = first.bounding_box()
    assert before and after and before["x"] >= 0
    assert after["x"] >= 0 and after["x"] + after["width"] <= 390  # still in view, not scrolled away


def test_the_crm_matrix_keeps_its_header_in_view_and_shows_every_stage_on_a_laptop(
    page: Page, site_url: str
) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site_url + "crm/")
    box = page.locator(".playbook-matrix .md-typeset__scrollwrap").first
    box.evaluate("box => { box.scrollTop = 600 }")
    header = page.locator(".playbook-matrix thead th").nth(1).bounding_box()
    frame = box.bounding_box()
    assert header and frame and abs(header["y"] - frame["y"]) < 2  # the stage names stay on top
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(site_url + "crm/")
    fits = "box => box.querySelector('table').scrollWidth <= box.clientWidth"
    assert page.locator(".playbook-matrix .md-typeset__scrollwrap").first.evaluate(fits)  # all 7 stages


def test_a_wide_table_is_a_card_per_row_on_a_phone(page: Page, site_url: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site_url + "kpis/")
    row = page.locator("article table tbody tr").first
    target = row.locator("td").nth(3)
    assert target.evaluate("td => getComputedStyle(td).display") == "block"
    assert target.evaluate("td => getComputedStyle(td, '::before').content") == '"Цель: "'
    card = row.bounding_box()
    assert card and card["x"] >= 0 and card["x"] + card["width"] <= 390
    page.set_viewport_size({"width": 1366, "height": 900})
    assert target.evaluate("td => getComputedStyle(td).display") == "table-cell"  # a table again


# the height, in CSS pixels, at which a diagram's first label shows its text
_LABEL_SIZE = """svg => {
  const label = svg.querySelector('.nodeLabel')
  return parseFloat(getComputedStyle(label).fontSize) * svg.getBoundingClientRect().width / svg.viewBox.baseVal.width
}"""


@pytest.mark.parametrize("path", ["", "scripts/cold-call/"])
def test_a_diagram_opens_full_screen_with_text_a_phone_can_read(page: Page, site_url: str, path: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site_url + path)
    page.locator(".playbook-diagram-open").first.click()
    view = page.locator("dialog.playbook-diagram-view")
    assert view.is_visible() and view.get_attribute("aria-label") == "Открыть схему на весь экран"
    box = view.bounding_box()
    assert box == {"x": 0, "y": 0, "width": 390, "height": 844}  # the whole screen
    svg = view.locator("svg")
    drawn = svg.evaluate(_LABEL_SIZE)
    assert drawn >= 12
    view.get_by_role("button", name="Крупнее").click()
    assert svg.evaluate(_LABEL_SIZE) > drawn
    assert page.evaluate("document.documentElement.scrollWidth") == 390  # the view scrolls, not the page
    page.keyboard.press("Escape")
    expect(view).to_have_count(0)
    assert page.locator(".playbook-figure div.playbook-diagram svg").first.is_visible()  # back in the page


def test_a_step_tapped_in_the_full_screen_diagram_is_shown_on_the_page(page: Page, site_url: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site_url + "scripts/cold-call/")
    page.locator(".playbook-diagram-open").click()
    page.locator("dialog.playbook-diagram-view svg a", has_text="Контакт ЛПР").first.click()
    page.wait_for_url("**#*")
    expect(page.locator("dialog.playbook-diagram-view")).to_have_count(0)
    # Material may swap the page's content for the anchor's a moment later: wait for what the seller sees
    expect(page.locator("article h3", has_text="Контакт ЛПР").first).to_be_in_viewport()


# every kind of page, for people to look at: written to build/screenshots/ (not kept in git)
PAGE_TYPES = [
    "", "stages/closing/", "scripts/cold-call/", "objections/", "objections/too-expensive/", "kpis/",
    "kpis/average-deal-size/", "crm/", "crm/deal/", "checklists/closing/", "documents/",
    "documents/contract/", "courses/new-manager-onboarding/", "quizzes/", "quizzes/objections/", "roles/",
    "review/", "tags/", "metrics/",
]  # fmt: skip


@pytest.mark.parametrize("size", [(390, 844), (1366, 900)], ids=["phone", "desktop"])
def test_screenshots_of_every_page_type(browser: Browser, site_url: str, size: tuple[int, int]) -> None:
    folder = Path(__file__).parents[2] / "build" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    shot = context.new_page()
    for path in PAGE_TYPES:
        response = shot.goto(site_url + path)
        assert response is not None and response.ok, path
        shot.wait_for_load_state("networkidle")
        shot.screenshot(path=str(folder / f"{path.strip('/').replace('/', '_') or 'home'}-{size[0]}.png"))
    context.close()

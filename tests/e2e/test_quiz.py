"""Self-tests in headless Chromium, as a new manager takes them on a phone and at a desk: every
question answered right passes, one wrong answer too many fails, the result with its
explanations is shown, the last result is kept in the browser, and nothing is wider than 360 px."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.test_browser import browser  # noqa: F401 - the module's browser fixture

QUIZ = "funnel-and-crm"  # every kind of question but the short answer: order, single, multiple, true-false
PAGE = f"quizzes/{QUIZ}/"
SHOTS = [Path(__file__).parents[2] / "build" / "screenshots", Path("/tmp/shots-training")]


def pool(site: Path, quiz: str = QUIZ) -> dict[str, Any]:
    """A quiz's data as the site serves it to the self-test."""
    text = (site / "self-tests" / f"{quiz}.js").read_text(encoding="utf-8")
    assert text.startswith("playbookQuiz(") and text.endswith(")\n")
    data: dict[str, Any] = json.loads(text.removeprefix("playbookQuiz(").removesuffix(")\n"))
    return data


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:  # noqa: F811
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


@pytest.fixture
def narrow(browser: Browser) -> Iterator[Page]:  # noqa: F811
    context = browser.new_context(viewport={"width": 360, "height": 740})
    yield context.new_page()
    context.close()


@pytest.fixture
def desktop(browser: Browser) -> Iterator[Page]:  # noqa: F811
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    yield context.new_page()
    context.close()


def answer(page: Page, data: dict[str, Any], right: bool) -> None:
    """Answers the question on screen, right or wrong, as a person does (clicks and typing)."""
    form = page.locator("form.playbook-quiz__question")
    question = next(q for q in data["questions"] if q["id"] == form.get_attribute("data-question"))
    kind = question["type"]
    if kind in ("single", "multiple"):
        choices = question["choices"]
        picked = [i for i, c in enumerate(choices) if c["correct"] == right]
        for index in picked if right else picked[:1]:
            form.locator(f"input[value='{index}']").check()
    elif kind == "true-false":
        form.locator(f"input[value='{str(question['answer'] == right).lower()}']").check()
    elif kind == "order" and right:
        for wanted in range(len(question["order"])):  # each step moved up to its place
            while form.locator("li").nth(wanted).get_attribute("data-step") != str(wanted):
                form.locator(f"li[data-step='{wanted}'] button[data-move='-1']").click()
    elif kind == "short":
        box = form.locator("input.playbook-quiz__short")
        box.fill(question["accept"][0] if right else "не знаю")
        box.press("End")
    form.locator("button[type=submit]").click()


def take(page: Page, site_url: str, data: dict[str, Any], wrong: int) -> str:
    """Takes the quiz with ``wrong`` answers wrong, the rest right; the verdict shown."""
    page.goto(site_url + PAGE)
    page.locator("a.playbook-quiz-start.playbook-quiz-ready").click()
    asked = min(data["ask"] or len(data["questions"]), len(data["questions"]))
    for n in range(asked):
        expect(page.locator(".playbook-quiz__progress")).to_contain_text(f"{n + 1} / {asked}")
        answer(page, data, right=n >= wrong)
    return page.locator(".playbook-quiz__verdict").inner_text()


def wrong_allowed(data: dict[str, Any]) -> int:
    asked = min(data["ask"] or len(data["questions"]), len(data["questions"]))
    return max(w for w in range(asked + 1) if (asked - w) * 100 >= data["pass_mark"] * asked)


def test_every_answer_right_passes_and_the_result_is_kept(
    phone: Page, site_url: str, built_example: Path
) -> None:
    data = pool(built_example / "site")
    assert take(phone, site_url, data, wrong=0) == "✓ Тест сдан"
    asked = data["ask"]
    expect(phone.locator(".playbook-quiz__score")).to_have_text(f"Результат: {asked} из {asked} (100 %)")
    reviewed = phone.locator(".playbook-quiz__reviewed")
    expect(reviewed).to_have_count(asked)
    expect(phone.locator(".playbook-quiz--wrong")).to_have_count(0)
    # each question with its explanation and links to what it is about
    first = reviewed.first
    question = next(q for q in data["questions"] if q["id"] == first.get_attribute("data-question"))
    if "explanation" in question:
        expect(first.locator(".playbook-quiz__why")).to_be_visible()
    first.locator("a").first.click()
    phone.wait_for_load_state()
    assert "/quizzes/" not in phone.url  # a page of the standards it is about
    phone.goto(site_url + PAGE)
    expect(phone.locator(".playbook-quiz__last")).to_contain_text(
        f"Последний результат: {asked} из {asked} (100 %) — Тест сдан"
    )


def test_one_wrong_answer_under_the_pass_mark_fails(
    desktop: Page, site_url: str, built_example: Path
) -> None:
    data = pool(built_example / "site")
    allowed = wrong_allowed(data)
    assert take(desktop, site_url, data, wrong=allowed) == "✓ Тест сдан"
    assert take(desktop, site_url, data, wrong=allowed + 1) == "✗ Тест не сдан"
    wrong = desktop.locator(".playbook-quiz--wrong")
    expect(wrong).to_have_count(allowed + 1)
    expect(wrong.first.locator(".playbook-quiz__line", has_text="Правильный ответ")).to_be_visible()
    expect(desktop.locator(".playbook-quiz__need")).to_have_text(f"Проходной балл — {data['pass_mark']} %")
    desktop.reload()
    expect(desktop.locator(".playbook-quiz__last")).to_contain_text("Тест не сдан")


def test_a_short_answer_is_judged_as_a_person_means_it(
    desktop: Page, site_url: str, built_example: Path
) -> None:
    data = pool(built_example / "site", "objections")
    short = next(q for q in data["questions"] if q["type"] == "short")
    assert short["accept"][0] == "5"
    desktop.goto(site_url + "quizzes/objections/")
    desktop.locator("a.playbook-quiz-start.playbook-quiz-ready").click()
    while desktop.locator(".playbook-quiz__question").count():
        form = desktop.locator("form.playbook-quiz__question")
        if form.get_attribute("data-question") == short["id"]:
            box = form.locator("input.playbook-quiz__short")
            box.fill(" 5 % ")
            box.press("End")
            form.locator("button[type=submit]").click()
        else:
            answer(desktop, data, right=True)
    asked = desktop.locator(f".playbook-quiz__reviewed[data-question='{short['id']}']")
    if asked.count():  # drawn into this attempt
        expect(asked).to_have_class("playbook-quiz__reviewed playbook-quiz--right")


def test_the_keyboard_takes_a_question(desktop: Page, site_url: str) -> None:
    desktop.goto(site_url + PAGE)
    start = desktop.locator("a.playbook-quiz-start.playbook-quiz-ready")
    start.focus()
    desktop.keyboard.press("Enter")
    expect(desktop.locator(".playbook-quiz__text")).to_be_focused()
    desktop.keyboard.press("Tab")
    focused = desktop.evaluate("document.activeElement.tagName + ':' + document.activeElement.type")
    assert focused in ("INPUT:radio", "INPUT:checkbox", "BUTTON:button")  # a choice, or a step's move
    desktop.keyboard.press("Space" if focused.startswith("INPUT") else "Enter")
    before = desktop.locator(".playbook-quiz__progress").inner_text()
    desktop.locator("button[type=submit]").focus()
    desktop.keyboard.press("Enter")
    expect(desktop.locator(".playbook-quiz__progress")).not_to_have_text(before)


def _fits(page: Page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    small = page.evaluate(
        """() => Array.from(document.querySelectorAll('.playbook-quiz button, .playbook-quiz label, .playbook-quiz input.playbook-quiz__short'))
            .filter(e => e.getBoundingClientRect().height < 44 || e.getBoundingClientRect().width < 44)
            .map(e => e.outerHTML.slice(0, 80))"""
    )
    assert small == []


def test_the_quiz_fits_a_360_px_phone_with_big_targets(
    narrow: Page, site_url: str, built_example: Path
) -> None:
    data = pool(built_example / "site", "onboarding-certification")  # the longest texts: script steps
    narrow.goto(site_url + "quizzes/onboarding-certification/")
    _fits(narrow, 360)
    narrow.locator("a.playbook-quiz-start.playbook-quiz-ready").click()
    for _ in range(data["ask"]):
        _fits(narrow, 360)
        answer(narrow, data, right=False)
    expect(narrow.locator(".playbook-quiz__verdict")).to_have_text("✗ Тест не сдан")
    _fits(narrow, 360)


@pytest.mark.parametrize("size", [(390, 844), (1366, 900)], ids=["phone", "desktop"])
def test_screenshots_of_a_course_a_question_and_a_result(
    browser: Browser,  # noqa: F811
    site_url: str,
    built_example: Path,
    size: tuple[int, int],
) -> None:
    for folder in SHOTS:
        folder.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    data = pool(built_example / "site")
    shots = []

    def shot(name: str, full: bool = False) -> None:
        path = SHOTS[0] / f"{name}-{size[0]}.png"
        page.screenshot(path=str(path), full_page=full)
        shots.append(path)

    page.goto(site_url + "courses/new-manager-onboarding/")
    page.wait_for_load_state("networkidle")
    shot("course")
    page.goto(site_url + PAGE)
    page.locator("a.playbook-quiz-start.playbook-quiz-ready").click()
    page.locator(".playbook-quiz").scroll_into_view_if_needed()
    shot("quiz-question")
    for n in range(data["ask"]):
        answer(page, data, right=n != 1)
    page.locator(".playbook-quiz__summary").scroll_into_view_if_needed()
    shot("quiz-result")
    context.close()
    for path in shots:
        shutil.copy(path, SHOTS[1] / path.name)


@pytest.mark.parametrize("size", [(390, 844), (1366, 900)], ids=["phone", "desktop"])
def test_no_serious_accessibility_violation_in_a_question_or_the_result(
    browser: Browser,  # noqa: F811
    site_url: str,
    built_example: Path,
    size: tuple[int, int],
) -> None:
    from tests.e2e.test_accessibility import _serious_violations

    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    data = pool(built_example / "site")
    page.goto(site_url + PAGE)
    page.locator("a.playbook-quiz-start.playbook-quiz-ready").click()
    assert _serious_violations(page) == []
    for n in range(data["ask"]):
        answer(page, data, right=n % 2 == 0)
    page.locator(".playbook-quiz__summary").wait_for()
    # a link under the pointer takes the accent colour, and must keep its contrast too
    links = page.locator(".playbook-quiz__line a")
    if links.count():
        links.first.hover()
    assert _serious_violations(page) == []
    context.close()

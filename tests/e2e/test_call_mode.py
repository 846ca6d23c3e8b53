"""Call mode in headless Chromium, as a seller uses it during a call: the cold-call script followed
step by step, by taps on a phone and by keys on a desktop, to the outcomes its YAML names."""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import Browser, Locator, Page, expect

from tests.conftest import REPO
from tests.e2e.test_browser import browser  # noqa: F401 - the module's browser fixture

SCRIPT = yaml.safe_load((REPO / "standards/scripts/cold-call.yml").read_text(encoding="utf-8"))
STEPS: dict[str, dict[str, Any]] = {step["id"]: step for step in SCRIPT["steps"]}
FIRST = SCRIPT["steps"][0]["id"]
PAGE = "scripts/cold-call/"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1366, "height": 900}}
CALL = "Звонок по скрипту"  # the call's dialog, by its name

Move = tuple[str, int | None]  # a step, and the answer taken there (None: its `next`)


def _paths_to_outcomes() -> dict[str, list[Move]]:
    """For each outcome step, the shortest way to it from the first step, as the YAML draws it."""
    ways: dict[str, list[Move]] = {FIRST: []}
    queue = deque([FIRST])
    while queue:
        here = queue.popleft()
        step = STEPS[here]
        moves = [(None, step["next"])] if "next" in step else []
        moves += [(i, option["next"]) for i, option in enumerate(step.get("options", []))]
        for answer, there in moves:
            if there not in ways:
                ways[there] = [*ways[here], (here, answer)]
                queue.append(there)
    return {step_id: ways[step_id] for step_id, step in STEPS.items() if "outcome" in step}


def _text(value: str) -> str:
    return " ".join(value.split())


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:  # noqa: F811
    context = browser.new_context(**PHONE)  # type: ignore[arg-type]
    yield context.new_page()
    context.close()


@pytest.fixture
def desktop(browser: Browser) -> Iterator[Page]:  # noqa: F811
    context = browser.new_context(**DESKTOP)  # type: ignore[arg-type]
    yield context.new_page()
    context.close()


def _start(page: Page, site_url: str) -> Locator:
    page.goto(site_url + PAGE)
    return _start_here(page)


def _start_here(page: Page) -> Locator:
    page.get_by_role("link", name="Начать звонок").click()
    call = page.get_by_role("dialog", name=CALL)
    call.wait_for()
    return call


def _on_step(call: Locator, step_id: str) -> None:
    """The call shows the step (within Playwright's wait): its title and, in large type, what to say."""
    step = STEPS[step_id]
    expect(call.locator(".playbook-call__step")).to_have_text(re.compile(re.escape(step["title"]) + "$"))
    expect(call.locator(".playbook-call__body > .playbook-call__say")).to_have_text(_text(step["say"]))


def test_tapping_the_answers_reaches_each_outcome_the_script_names(phone: Page, site_url: str) -> None:
    paths = _paths_to_outcomes()
    assert len(paths) == 6  # every outcome of cold-call.yml, each by its own path
    for outcome, moves in paths.items():
        call = _start(phone, site_url)
        for step_id, answer in moves:
            _on_step(call, step_id)
            if answer is None:
                call.get_by_role("button", name="Дальше").tap()
            else:
                button = call.locator(".playbook-call__answer").nth(answer)
                assert _text(STEPS[step_id]["options"][answer]["answer"]).strip("«»") in button.inner_text()
                button.tap()
        _on_step(call, outcome)
        result = call.locator(".playbook-call__outcome")
        assert (
            _text(result.locator(".playbook-call__result").inner_text())
            == "Итог: " + STEPS[outcome]["outcome"]
        )
        assert _text(STEPS[outcome]["note"]) in _text(result.inner_text())  # what to record in the CRM
        assert "Что записать в CRM" in result.inner_text()
        titles = call.locator(".playbook-call__path li").all_inner_texts()
        assert titles == [STEPS[step_id]["title"] for step_id, _ in moves] + [STEPS[outcome]["title"]]


def test_keys_choose_continue_go_back_and_leave(desktop: Page, site_url: str) -> None:
    call = _start(desktop, site_url)
    _on_step(call, "greeting")
    desktop.keyboard.press("1")  # «Это я»
    _on_step(call, "reason-for-call")
    desktop.keyboard.press("Enter")  # a step that goes on by itself
    _on_step(call, "current-kitchen")
    desktop.keyboard.press("4")  # «Пришлите КП на почту»
    _on_step(call, "handle-send-proposal")
    desktop.keyboard.press("9")  # no ninth answer: nothing happens
    _on_step(call, "handle-send-proposal")
    desktop.keyboard.press("Backspace")
    _on_step(call, "current-kitchen")
    desktop.keyboard.press("2")
    desktop.keyboard.press("1")
    _on_step(call, "offer-meeting")
    desktop.keyboard.press("n")  # Material's "next page" key does nothing while the call is on
    assert desktop.url.endswith(
        "#call=greeting/reason-for-call/current-kitchen/offer-service-audit/offer-meeting"
    )
    desktop.keyboard.press("Escape")
    call.wait_for(state="detached")
    assert desktop.url == site_url + PAGE
    # the entry has the focus again (Material may show the page anew after the history moves back)
    desktop.wait_for_function("document.activeElement.textContent.trim() === 'Начать звонок'", timeout=5000)


def test_the_next_step_right_after_back_stays_on_a_slow_phone(desktop: Page, site_url: str) -> None:
    """After Back, Material scrolls to the new address a frame or more later; on a slow phone the
    seller's next answer comes first, and must not be undone by it (it once took the call back)."""
    call = _start(desktop, site_url)
    for key in ("1", "Enter", "4"):
        desktop.keyboard.press(key)
    _on_step(call, "handle-send-proposal")
    cdp = desktop.context.new_cdp_session(desktop)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 20})
    desktop.keyboard.press("Backspace")
    _on_step(call, "current-kitchen")
    desktop.keyboard.press("2")
    desktop.keyboard.press("1")
    _on_step(call, "offer-meeting")
    desktop.wait_for_timeout(1000)  # Material's scroll, had it been asked, has come by now
    _on_step(call, "offer-meeting")
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 1})
    assert desktop.url.endswith(
        "#call=greeting/reason-for-call/current-kitchen/offer-service-audit/offer-meeting"
    )


def test_back_restart_reload_and_the_browser_s_back(phone: Page, site_url: str) -> None:
    call = _start(phone, site_url)
    assert not call.get_by_role("button", name="Назад").is_visible()  # nothing to go back to yet
    for answer in ("«Это я»", "Дальше", "«Оборудование старое, думаем менять»"):
        call.get_by_role("button", name=answer).tap()
    _on_step(call, "offer-meeting")
    phone.reload()  # the call is where it was: the path is the address
    call.wait_for()
    _on_step(call, "offer-meeting")
    assert call.locator(".playbook-call__path li").count() == 4
    phone.go_back()  # the browser's back is the step before
    _on_step(call, "current-kitchen")
    call.get_by_role("button", name="Назад").tap()
    _on_step(call, "reason-for-call")
    phone.go_forward()
    _on_step(call, "current-kitchen")
    call.get_by_role("button", name="Начать заново").tap()
    _on_step(call, "greeting")
    assert call.locator(".playbook-call__path").count() == 0
    call.get_by_role("button", name="Выйти").tap()
    call.wait_for(state="detached")
    assert phone.locator("article h1").is_visible()


def test_an_objection_s_best_answer_is_one_tap_away(phone: Page, site_url: str) -> None:
    objection = yaml.safe_load((REPO / "standards/objections/no-time.yml").read_text(encoding="utf-8"))
    best = objection["responses"][0]
    call = _start(phone, site_url)
    disclosure = call.locator("details", has_text="«Мне некогда»")
    answer = disclosure.locator(".playbook-call__say")
    assert not answer.is_visible()
    disclosure.locator("summary").tap()
    assert _text(answer.inner_text()) == _text(best["say"])
    assert _text(disclosure.locator(".playbook-call__approach").inner_text()) == _text(best["approach"])
    every = disclosure.get_by_role("link", name="Все ответы на возражение")
    assert str(every.get_attribute("href")).endswith("/objections/no-time/")
    call.get_by_role("button", name="«Мне некогда»").tap()  # the answer still leads on in the script
    _on_step(call, "handle-no-time")


def test_instant_navigation_brings_the_call_and_takes_it_away(desktop: Page, site_url: str) -> None:
    desktop.goto(site_url + "scripts/")
    desktop.locator("article a", has_text=SCRIPT["name"]).first.click()  # Material loads it in place
    desktop.wait_for_url("**/" + PAGE)
    desktop.get_by_role("link", name="Начать звонок").click()
    call = desktop.get_by_role("dialog", name=CALL)
    desktop.keyboard.press("3")  # «Мне некогда»
    _on_step(call, "handle-no-time")
    call.locator("summary").first.click()
    call.get_by_role("link", name="Все ответы на возражение").click()
    desktop.wait_for_url("**/objections/not-interested/")
    assert call.count() == 0
    assert desktop.evaluate("document.querySelectorAll('[inert]').length") == 0  # the page is usable
    desktop.go_back()
    call.wait_for()
    _on_step(call, "handle-no-time")


STEP_TYPES = {  # each kind of step call mode shows, by the address that reaches it
    "answers": "#call",
    "next": "#call=greeting/reason-for-call",
    "objection": "#call=greeting/reason-for-call/current-kitchen",  # its answer «У нас уже есть поставщик»
    "outcome": "#call=greeting/reason-for-call/current-kitchen/offer-meeting/meeting-confirmed",
}


def _show(page: Page, site_url: str, kind: str) -> Locator:
    page.goto(site_url + PAGE + STEP_TYPES[kind])
    call = page.get_by_role("dialog", name=CALL)
    call.wait_for()
    if kind == "objection":
        call.locator("summary").first.click()
    return call


def test_call_mode_fits_a_360_px_phone(browser: Browser, site_url: str) -> None:  # noqa: F811
    context = browser.new_context(**{**PHONE, "viewport": {"width": 360, "height": 740}})  # type: ignore[arg-type]
    page = context.new_page()
    for kind in STEP_TYPES:
        call = _show(page, site_url, kind)
        widths = page.evaluate(
            "[document.documentElement.scrollWidth, document.querySelector('.playbook-call__body').scrollWidth]"
        )
        assert widths == [360, 360], kind
        say = call.locator(".playbook-call__say").first
        assert float(say.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 20, kind
        for target in call.locator("button:visible, summary:visible, a:visible").all():
            box = target.bounding_box()
            assert box and box["height"] >= 44 and box["x"] >= 0 and box["x"] + box["width"] <= 360, kind
    context.close()


def test_hostile_text_runs_nothing_in_call_mode(desktop: Page, site_url: str) -> None:
    # data the generator made (tests/unit/test_site_calls.py) from a step whose text attacks
    from generator.site.calls import call_files
    from tests.unit.test_site_calls import hostile_playbook

    data = call_files(hostile_playbook(), {}, _labels())["calls/cold-call.js"]
    desktop.route(
        "**/calls/cold-call.js", lambda route: route.fulfill(body=data, content_type="text/javascript")
    )
    dialogs: list[str] = []
    desktop.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    desktop.goto(site_url + PAGE + "#call")
    say = desktop.locator(".playbook-call__body > .playbook-call__say")
    say.wait_for()
    assert "<img src=x onerror=alert(1)>" in say.inner_text()  # shown as the text it is
    assert say.locator("strong").inner_text() == "bold"  # Markdown still works
    assert say.locator("img").count() == 0 and say.locator("[onclick]").count() == 0
    assert [a.get_attribute("href") for a in say.locator("a").all()] == [None, "https://example.com"]
    say.get_by_text("click").click()
    say.locator("strong").click()
    assert dialogs == []


def _labels() -> dict[str, Any]:
    from generator.site.pages import load_labels

    return load_labels([REPO / "templates/site"], "ru")


# for people to look at: each kind of step, on a phone and a desktop, into build/screenshots/
@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_screenshots_of_each_call_step_type(browser: Browser, site_url: str, size: dict[str, Any]) -> None:  # noqa: F811
    folder = Path(__file__).parents[2] / "build" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(**size)
    page = context.new_page()
    for kind in STEP_TYPES:
        call = _show(page, site_url, kind)
        if kind == "objection":  # the opened answer in view
            call.locator("details[open]").scroll_into_view_if_needed()
        page.screenshot(path=str(folder / f"call-{kind}-{size['viewport']['width']}.png"))
    context.close()


def test_the_call_data_loads_only_on_a_script_page(desktop: Page, site_url: str) -> None:
    loaded: list[str] = []
    desktop.on("request", lambda request: loaded.append(request.url))
    desktop.goto(site_url + "objections/too-expensive/")
    desktop.wait_for_load_state("networkidle")
    assert not [url for url in loaded if "/calls/" in url]
    desktop.goto(site_url + PAGE)
    desktop.wait_for_load_state("networkidle")
    assert [url for url in loaded if url.endswith("/calls/cold-call.js")]


def test_call_mode_needs_no_server(desktop: Page, built_example: Path) -> None:
    desktop.goto((built_example / "site" / PAGE / "index.html").as_uri())  # opened from the disk
    call = _start_here(desktop)
    desktop.keyboard.press("1")
    _on_step(call, "reason-for-call")

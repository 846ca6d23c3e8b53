"""axe-core (vendored from npm: tests/e2e/vendor/axe.min.js, 4.14.1, MPL-2.0) on every page type
of the built example, on a phone and on a desktop: no serious or critical violation."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.e2e.test_browser import PAGE_TYPES, browser  # noqa: F401 - the module's browser fixture
from tests.e2e.test_call_mode import PAGE as CALL_PAGE
from tests.e2e.test_call_mode import STEP_TYPES

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")


@pytest.fixture(params=[(390, 844), (1366, 900)], ids=["phone", "desktop"])
def sized(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:  # noqa: F811
    width, height = request.param
    context = browser.new_context(viewport={"width": width, "height": height})
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("path", PAGE_TYPES, ids=[p.strip("/") or "home" for p in PAGE_TYPES])
def test_no_serious_accessibility_violation(sized: Page, site_url: str, path: str) -> None:
    sized.goto(site_url + path)
    sized.wait_for_load_state("networkidle")
    assert _serious_violations(sized) == []


@pytest.mark.parametrize("step", list(STEP_TYPES))
def test_no_serious_accessibility_violation_in_call_mode(sized: Page, site_url: str, step: str) -> None:
    sized.goto(site_url + CALL_PAGE + STEP_TYPES[step])
    call = sized.locator(".playbook-call")
    call.wait_for()
    if step == "objection":
        call.locator("summary").first.click()
    assert _serious_violations(sized) == []


def _serious_violations(page: Page) -> list[str]:
    page.add_script_tag(content=AXE)
    violations: list[str] = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
        ".map(v => `${v.id} (${v.impact}): ${v.nodes.length}× e.g. ${v.nodes[0].target.join(' ')}`)"
    )
    return violations

"""The built example as a head of sales and a trainer use it: the team's certification matrix, the
stage pages that name their certification, and each quiz's LMS exports and printable exam."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import docx
import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from generator.kinds.certification import Certification
from generator.kinds.person import Person
from generator.model import Playbook
from tests.conftest import REPO, standards_of

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
STATUS_WORDS = {"valid": "действует", "expiring": "истекает", "lapsed": "истекла"}


@pytest.fixture(scope="module")
def example() -> Playbook:
    playbook = standards_of(REPO).playbook
    assert playbook is not None
    return playbook


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


def _page(browser: Browser, width: int, height: int) -> Page:
    return browser.new_context(viewport={"width": width, "height": height}).new_page()


def test_the_build_writes_every_quizs_exports(built_example: Path, example: Playbook) -> None:
    quizzes = example.entities["quiz"]
    assert quizzes
    for quiz_id in quizzes:
        folder = built_example / "site" / "downloads" / "quizzes"
        assert (folder / f"{quiz_id}.gift.txt").read_text(encoding="utf-8").startswith("::")
        package = zipfile.ZipFile(folder / f"{quiz_id}.qti.zip")
        assert "imsmanifest.xml" in package.namelist()
        exam = docx.Document(io.BytesIO((folder / f"{quiz_id}-exam.docx").read_bytes()))
        assert "Ключ ответов" in [p.text for p in exam.paragraphs]


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1366, 900)])
def test_the_matrix_shows_each_persons_status_as_of_today(
    browser: Browser, site_url: str, example: Playbook, width: int, height: int
) -> None:
    page = _page(browser, width, height)
    page.goto(f"{site_url}certifications/")
    (certification,) = example.of(Certification).values()
    statuses = set()
    for person in example.of(Person).values():
        row = page.locator("table tr", has_text=person.name)
        record = person.holds(certification.id)
        cell = row.locator("td").nth(2).inner_text()
        if record is None:
            assert cell.strip() == "—"
            continue
        status = record.status(certification.valid_days, date.today())
        statuses.add(status)
        assert STATUS_WORDS[status] in cell
        assert record.expires(certification.valid_days).strftime("%d.%m.%Y") in cell
    assert "lapsed" in statuses  # the example's deliberately lapsed certification
    # the page itself never scrolls sideways: a wide table scrolls in its own box
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.context.close()


def test_a_covered_stage_names_its_certification(browser: Browser, site_url: str) -> None:
    page = _page(browser, 1366, 900)
    page.goto(f"{site_url}stages/qualification/")
    page.get_by_role("article").get_by_role(
        "link", name="Допуск нового менеджера к работе с клиентами"
    ).click()
    page.wait_for_url("**/certifications/new-manager/")
    assert page.locator("h1").inner_text().rstrip("¶") == "Допуск нового менеджера к работе с клиентами"
    page.context.close()

"""The site as an owner reads it: who keeps each page, and what is due for review on the build's day."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from tests.e2e.conftest import copy_example, playbook


class _Text(HTMLParser):
    """The visible text of a page's article, as lines."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article" or self.depth:
            self.depth += 1
        if tag in ("p", "tr", "h1", "h2", "li", "div"):
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.parts.append(data.replace("\n", " "))


def text_of(page: Path) -> list[str]:
    parser = _Text()
    parser.feed(page.read_text(encoding="utf-8"))
    # headings end in a permalink sign that is not part of their text
    lines = (re.sub(r"\s+", " ", line).strip(" ¶") for line in "".join(parser.parts).split("\n"))
    return [line for line in lines if line]


def test_pages_name_their_owner_and_the_review_page_lists_what_is_overdue(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "example")
    result = playbook("build", "--today", "2026-11-28", cwd=root)
    assert result.returncode == 0, result.stderr
    site = root / "site"

    stage = text_of(site / "stages/closing/index.html")
    assert "Владелец: Менеджер по продажам · проверено 26.10.2026" in stage
    objection = text_of(site / "objections/long-delivery/index.html")
    assert (
        "Владелец: Тренер отдела продаж · проверено 22.06.2026 · пора проверить, срок истёк 20.09.2026"
        in objection
    )

    review = text_of(site / "review/index.html")
    assert review[0] == "На проверку"
    assert review[1].endswith("Список составлен на 28.11.2026.")
    # by owner, in the order of the roles; longest overdue first
    assert review[2:] == [
        "Менеджер по продажам",
        "Менеджер по продажам · Команда в git: @kuhnyapro/sales",
        "Название Вид Проверено Срок проверки истёк",
        "Чек-лист послепродажного обслуживания чек-лист 13.04.2026 10.10.2026",
        "Послепродажное обслуживание этап 13.04.2026 10.10.2026",
        "Руководитель отдела продаж",
        "Руководитель отдела продаж · Команда в git: @kuhnyapro/sales-leads",
        "Название Вид Проверено Срок проверки истёк",
        "Доля повторных продаж KPI 18.05.2026 14.11.2026",
        "Тренер отдела продаж",
        "Тренер отдела продаж · Команда в git: @kuhnyapro/sales-training",
        "Название Вид Проверено Срок проверки истёк",
        "Долго ждать доставку возражение 22.06.2026 20.09.2026",
        "Звонок через неделю после покупки скрипт 06.07.2026 04.10.2026",
        "Холодный звонок в заведение общепита скрипт 17.08.2026 15.11.2026",
    ]


def test_nothing_is_due_on_a_day_before_every_review_falls_due(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "example")
    assert playbook("build", "--today", "2026-09-01", cwd=root).returncode == 0
    assert text_of(root / "site/review/index.html")[2:] == ["Просроченных проверок нет."]

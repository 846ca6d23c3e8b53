"""The site as an owner reads it: who keeps each page, and what is due for review on the build's day."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.conftest import copy_example, playbook
from tests.e2e.pagetext import text_of


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

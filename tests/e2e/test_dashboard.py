"""The «Показатели» dashboard of the built example, as its reader sees it: the figures that
`playbook analyze --format json` computes from the same exports, the funnel, the losses and the
data-quality table, charts a phone can read, and each KPI's and stage's latest figure."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from generator.measures import measure
from tests.e2e.conftest import playbook
from tests.e2e.test_browser import browser  # noqa: F401 - the module's browser fixture

SHOTS = Path(__file__).parents[2] / "build" / "screenshots"


@pytest.fixture(scope="module")
def analysis(built_example: Path) -> dict[str, Any]:
    """What `playbook analyze` computes for the latest month, the period the dashboard shows."""
    result = playbook("analyze", "--format", "json", cwd=built_example)
    assert result.returncode in (0, 1), result.stderr  # 1: the example's deliberate data-entry mistakes
    found: dict[str, Any] = json.loads(result.stdout)
    return found


def _rows(page: Page, heading: str) -> list[list[str]]:
    """The cells of the table that follows a heading, row by row."""
    table = page.locator(f"h2:has-text('{heading}') ~ .md-typeset__scrollwrap table").first
    return [
        [cell.strip() for cell in row.locator("td").all_inner_texts()]
        for row in table.locator("tbody tr").all()
    ]


def _money(value: float, unit: str) -> str:
    return measure(value, unit, "ru", "RUB")


def test_each_kpi_shows_the_value_analyze_computes(
    browser: Browser,  # noqa: F811
    site_url: str,
    analysis: dict[str, Any],
) -> None:
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(site_url + "metrics/")
    rows = _rows(page, "KPI за последний период")
    assert len(rows) == len(analysis["kpis"])
    shown = {row[0]: row for row in rows}
    statuses = {"good": "в норме", "warning": "внимание", "critical": "критично", "no-data": "нет данных"}
    for kpi in analysis["kpis"]:
        name = page.locator(f"table a[href$='/kpis/{kpi['id']}/']").first.inner_text()
        _, period, value, target, status, records = shown[name]
        assert period == kpi["period"]
        assert value == (_money(kpi["value"], kpi["unit"]) if kpi["value"] is not None else "нет данных")
        assert target == _money(kpi["target"], kpi["unit"])
        assert status == statuses[kpi["status"]]
        assert records == str(kpi["records"])
    assert analysis["period"] in page.locator("article").inner_text()
    page.close()


def test_the_funnel_losses_and_data_quality_are_those_of_the_exports(
    browser: Browser,  # noqa: F811
    site_url: str,
    analysis: dict[str, Any],
) -> None:
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(site_url + "metrics/")
    funnel = [step for step in analysis["funnel"] if step["entity"] == "deal"]
    assert [(r[0], r[1]) for r in _rows(page, "Воронка")] == [(s["name"], str(s["entered"])) for s in funnel]
    losses = _rows(page, "Почему сделки проигрывают")
    assert losses and all(int(count) > 0 for _, count in losses)
    assert {reason for reason, _ in losses} <= {"Дорого", "Купил у конкурента", "Нет бюджета", "Отложил покупку", "Не устроили сроки поставки", "Не подошли характеристики", "Не выходит на связь"}  # fmt: skip
    quality = _rows(page, "Качество данных в CRM")
    assert {row[0]: int(row[-1]) for row in quality} == analysis["quality"]["by_manager"]
    headers = page.locator(
        "h2:has-text('Качество данных в CRM') ~ .md-typeset__scrollwrap th"
    ).all_inner_texts()
    assert headers[1:-1] == ["Дубли", "Не по формату", "Не заполнено", "Не того типа", "Нет в списке"]
    for column, rule in enumerate(sorted(analysis["quality"]["by_rule"]), start=1):
        by_managers = sum(int(row[column]) for row in quality)
        assert (
            by_managers <= analysis["quality"]["by_rule"][rule]
        )  # a record with no one responsible counts by rule only
    page.close()


def test_a_kpi_page_and_a_stage_page_show_their_latest_figure(
    browser: Browser,  # noqa: F811
    site_url: str,
    analysis: dict[str, Any],
) -> None:
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    kpi = next(k for k in analysis["kpis"] if k["id"] == "average-deal-size")
    page.goto(site_url + "kpis/average-deal-size/")
    text = page.locator("article").inner_text()
    assert (
        f"По данным CRM за {kpi['period']}: {_money(kpi['value'], 'money')} (в норме; записей: {kpi['records']})"
        in text
    )
    step = next(s for s in analysis["funnel"] if s["stage"] == "closing")
    page.goto(site_url + "stages/closing/")
    text = page.locator("article").inner_text()
    expected = f"По данным CRM за {analysis['period']}: до этапа дошли {step['entered']}, дальше перешли {_money(step['conversion'], 'percent')}"
    assert expected in text
    page.close()


@pytest.mark.parametrize("size", [(360, 800), (390, 844), (1366, 900)], ids=["narrow", "phone", "desktop"])
def test_the_charts_are_readable_and_nothing_overflows(
    browser: Browser,  # noqa: F811
    site_url: str,
    size: tuple[int, int],
) -> None:
    page = browser.new_page(viewport={"width": size[0], "height": size[1]})
    page.goto(site_url + "metrics/")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") <= size[0]
    charts = page.evaluate(
        """[...document.querySelectorAll('article img[src$=".svg"]')].map(img => ({
            alt: img.alt, natural: img.naturalWidth, shown: img.getBoundingClientRect().width,
            right: img.getBoundingClientRect().right}))"""
    )
    assert len(charts) == 9 + 2  # a trend per KPI, the funnel, the losses
    for chart in charts:
        assert chart["natural"] > 0, chart["alt"]  # drawn and served: no CDN, no script
        assert chart["right"] <= size[0]
        # the charts' smallest text is 13 px as drawn: shrunk to fit, it stays at 12 px or more
        assert 13 * chart["shown"] / chart["natural"] >= 12, chart["alt"]
        assert any(ch.isdigit() for ch in chart["alt"])  # the alt text states the figures
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"metrics-dashboard-{size[0]}.png"), full_page=True)
    page.close()

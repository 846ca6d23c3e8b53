"""Every example KPI computed again in plain Python over the example exports' text, and compared
with what `playbook analyze` reports: the SQL the measures generate says what the formulas say."""

from __future__ import annotations

import csv
import html
import json
import re
import statistics
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, time, timedelta
from decimal import Decimal
from functools import cache
from typing import Any

import pytest
from click.testing import CliRunner

from generator.cli import cli
from tests.conftest import REPO

EXPORTS = REPO / "examples" / "exports"
NOVEMBER = (datetime(2026, 11, 1), datetime(2026, 12, 1))
WEEK_48 = (datetime(2026, 11, 23), datetime(2026, 11, 30))
Q4 = (datetime(2026, 10, 1), datetime(2027, 1, 1))
Row = dict[str, str]


def _csv(name: str, encoding: str, delimiter: str) -> list[Row]:
    with (EXPORTS / name).open(encoding=encoding, newline="") as stream:
        return list(csv.DictReader(stream, delimiter=delimiter))


def _html(name: str) -> list[Row]:
    text = (EXPORTS / name).read_text(encoding="utf-8")
    rows = [
        [html.unescape(cell) for cell in re.findall(r"<t[dh]>(.*?)</t[dh]>", line)]
        for line in text.splitlines()
        if line.startswith("<tr>")
    ]
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


@cache
def data() -> dict[str, list[Row]]:
    return {
        "deal": _csv("deals.csv", "cp1251", ";"),
        "lead": _csv("leads.csv", "utf-8-sig", ";"),
        "history": _csv("deal-history.csv", "utf-8", ","),
        "complaint": _html("complaints.xls"),
    }


@cache
def report() -> dict[str, Any]:
    arguments = ["analyze", "-C", str(REPO), "--period", "2026-11", "--format", "json"]
    arguments += [
        f"--data=deal={EXPORTS / 'deals.csv'}",
        f"--data=lead={EXPORTS / 'leads.csv'}",
        f"--data=deal_history={EXPORTS / 'deal-history.csv'}",
        f"--data=complaint={EXPORTS / 'complaints.xls'}",
    ]
    result = CliRunner().invoke(cli, arguments)
    assert result.exit_code == 1, result.output  # the example has deliberate mistakes
    found: dict[str, Any] = json.loads(result.output)
    return found


def kpi(kpi_id: str) -> dict[str, Any]:
    return next(k for k in report()["kpis"] if k["id"] == kpi_id)


def money(text: str) -> Decimal | None:
    bare = re.sub(r"\s|руб\.?|RUB|₽", "", text).replace(",", ".")
    try:
        return Decimal(bare)
    except ArithmeticError:
        return None


def moment(text: str) -> datetime | None:
    for form in ("%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%d.%m.%Y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"):
        try:
            return datetime.strptime(text.strip(), form)
        except ValueError:
            pass
    return None


def within(text: str, period: tuple[datetime, datetime]) -> bool:
    found = moment(text)
    return found is not None and period[0] <= found < period[1]


def won(deal: Row, period: tuple[datetime, datetime]) -> bool:
    return deal["Итог сделки"] == "Выиграна" and within(deal["Дата закрытия"], period)


def amounts(deals: Iterable[Row]) -> list[Decimal]:
    return [a for a in (money(d["Сумма сделки"]) for d in deals) if a is not None]


def days(start: str, end: str) -> float | None:
    a, b = moment(start), moment(end)
    return None if a is None or b is None else (b - a).total_seconds() / 86400


def close(reported: float | None, computed: float, place: float) -> bool:
    """Averages of floats: DuckDB and Python may round the last place differently."""
    return reported is not None and abs(reported - computed) <= place


def test_average_deal_size() -> None:
    deals = [d for d in data()["deal"] if won(d, NOVEMBER)]
    values = amounts(deals)
    found = kpi("average-deal-size")
    assert found["value"] == float((sum(values) / len(values)).quantize(Decimal("0.01")))
    assert found["records"] == len(values) and found["status"] == "good"
    by_manager: dict[str, list[Decimal]] = defaultdict(list)
    for deal in deals:
        if money(deal["Сумма сделки"]) is not None:
            by_manager[deal["Ответственный"]].append(money(deal["Сумма сделки"]) or Decimal(0))
    reported = {g["key"]: (g["value"], g["records"]) for g in found["by"]["responsible"]}
    assert reported == {
        name: (float((sum(v) / len(v)).quantize(Decimal("0.01"))), len(v)) for name, v in by_manager.items()
    }


def test_sales_volume_less_refunds() -> None:
    sold = sum(amounts(d for d in data()["deal"] if won(d, NOVEMBER)))
    refunds = sum(
        money(c["Сумма компенсации"]) or Decimal(0)
        for c in data()["complaint"]
        if c["Решение"] == "Возврат денег" and within(c["Дата и время решения"], NOVEMBER)
    )
    assert kpi("sales-volume")["value"] == float(sold - refunds)


def test_time_to_close() -> None:
    spans = [
        d
        for d in (days(x["Дата создания"], x["Дата закрытия"]) for x in data()["deal"] if won(x, NOVEMBER))
        if d is not None
    ]
    assert close(kpi("time-to-close")["value"], statistics.fmean(spans), 0.1)
    assert kpi("time-to-close")["records"] == len(spans)


def test_repeat_sales_share_over_the_quarter() -> None:
    deals = [d for d in data()["deal"] if won(d, Q4)]
    repeat = sum(amounts(d for d in deals if d["Повторная продажа"] == "Да"))
    found = kpi("repeat-sales-share")
    assert found["period"] == "2026-Q4"
    assert found["value"] == float((repeat * 100 / sum(amounts(deals))).quantize(Decimal("0.1")))


def test_lead_to_deal_conversion() -> None:
    from_leads = {lead["Сделка"] for lead in data()["lead"] if lead["Сделка"]}
    wins = [d for d in data()["deal"] if won(d, NOVEMBER) and d["ID"] in from_leads]
    qualified = [
        lead
        for lead in data()["lead"]
        if lead["Статус лида"] == "Квалифицирован" and within(lead["Дата и время создания"], NOVEMBER)
    ]
    found = kpi("lead-to-deal-conversion")
    assert found["value"] == float((Decimal(len(wins) * 100) / len(qualified)).quantize(Decimal("0.1")))
    assert found["records"] == len(qualified)


def working_minutes(start: datetime, end: datetime) -> float:
    """Minutes between two moments inside 9:00–20:00 on Monday to Friday, day by day."""
    total = 0.0
    day = start.date()
    while day <= end.date():
        if day.weekday() < 5:
            opens, closes = datetime.combine(day, time(9)), datetime.combine(day, time(20))
            overlap = (min(end, closes) - max(start, opens)).total_seconds() / 60
            total += max(overlap, 0)
        day += timedelta(days=1)
    return total


def test_lead_response_time_is_the_weekly_median_in_working_hours() -> None:
    minutes = []
    for lead in data()["lead"]:
        created, answered = moment(lead["Дата и время создания"]), moment(lead["Время первого ответа"])
        if lead["Источник"] in ("Холодный звонок", "Выставка") or not within(
            lead["Дата и время создания"], WEEK_48
        ):
            continue
        if created and answered:
            minutes.append(working_minutes(created, answered))
    found = kpi("lead-response-time")
    assert found["period"] == "2026-W48" and found["records"] == len(minutes)
    assert close(found["value"], statistics.median(minutes), 0.1)


def test_complaint_resolution_time_and_satisfaction() -> None:
    resolved = [c for c in data()["complaint"] if within(c["Дата и время решения"], NOVEMBER)]
    spans = [
        d
        for d in (days(c["Дата и время обращения"], c["Дата и время решения"]) for c in resolved)
        if d is not None
    ]
    assert close(kpi("complaint-resolution-time")["value"], statistics.fmean(spans), 0.1)
    marks = [
        int(c["Оценка клиента после обращения"]) for c in resolved if c["Оценка клиента после обращения"]
    ]
    assert close(kpi("customer-satisfaction")["value"], statistics.fmean(marks), 0.01)
    assert kpi("customer-satisfaction")["records"] == len(marks)


def _entries(stage: str) -> dict[str, list[datetime]]:
    found: dict[str, list[datetime]] = defaultdict(list)
    for row in data()["history"]:
        if row["Этап"] == stage:
            found[row["Сделка"]].append(moment(row["Дата перехода"]) or datetime.min)
    return found


def test_stage_conversion_from_the_stage_history() -> None:
    filled = {d["ID"] for d in data()["deal"] if money(d["Сумма сделки"]) is not None}
    presented = {
        deal: min(t for t in times if NOVEMBER[0] <= t < NOVEMBER[1])
        for deal, times in _entries("Презентация").items()
        if deal in filled and any(NOVEMBER[0] <= t < NOVEMBER[1] for t in times)
    }
    closing = _entries("Закрытие сделки")
    went_on = [deal for deal, at in presented.items() if closing.get(deal) and max(closing[deal]) >= at]
    found = kpi("stage-conversion")
    assert found["records"] == len(presented)
    assert found["value"] == float((Decimal(len(went_on) * 100) / len(presented)).quantize(Decimal("0.1")))


def test_the_funnel_follows_the_deals_that_entered_in_the_period() -> None:
    order = [
        "Квалификация",
        "Презентация",
        "Работа с возражениями",
        "Закрытие сделки",
        "Послепродажное обслуживание",
        "Анализ и оптимизация",
    ]
    first: dict[str, datetime] = {}
    furthest: dict[str, int] = {}
    for row in data()["history"]:
        at = moment(row["Дата перехода"]) or datetime.min
        deal = row["Сделка"]
        first[deal] = min(first.get(deal, at), at)
        furthest[deal] = max(furthest.get(deal, -1), order.index(row["Этап"]))
    cohort = [deal for deal, at in first.items() if NOVEMBER[0] <= at < NOVEMBER[1]]
    reached = [sum(1 for deal in cohort if furthest[deal] >= i) for i in range(len(order))]
    steps = report()["funnel"]
    assert [s["name"] for s in steps] == order and all(s["exact"] for s in steps)
    assert [s["entered"] for s in steps] == reached


def test_every_example_kpi_has_a_value() -> None:
    assert [k["id"] for k in report()["kpis"] if k["value"] is None] == []


@pytest.mark.parametrize("entity", ["deal", "lead", "complaint"])
def test_the_example_holds_deliberate_mistakes(entity: str) -> None:
    files = {"deal": "deals.csv", "lead": "leads.csv", "complaint": "complaints.xls"}
    codes = {f["code"] for f in report()["findings"] if f["path"].endswith(files[entity])}
    assert codes & {"crm-required", "crm-format", "crm-type", "crm-value", "crm-duplicate"}


def test_the_example_is_a_year_of_kuhnyapro() -> None:
    created = [moment(d["Дата создания"]) for d in data()["deal"]]
    months = {(m.year, m.month) for m in created if m}
    assert len(months) == 12 and 1000 <= len(created) <= 1500 and len(data()["lead"]) > 2500

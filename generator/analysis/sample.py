"""Seeded example exports of КухняПро's CRM, written as Bitrix24 writes them: a year of leads,
the deals made of them (and of repeat customers) with their stage history, and complaints.

Seasonality (spring and autumn are busy, summer and January slow), managers who differ (speed,
conversion, deal size, care with the data) and a few deliberate data-entry mistakes in every
file — an empty budget, a contract number in the wrong form, a typo in a value, an amount in
words, a client entered twice — so `playbook analyze` has something real to chew on. The same
seed gives the same bytes.

    .venv/bin/python -m generator.analysis.sample examples/exports [--deals N] [--seed S]

Enum values come from the standards (the CRM rules), so the data stays in step with them.
"""

from __future__ import annotations

import argparse
import csv
import html
import io
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

from generator.kinds.crm import CrmEntity
from generator.model import Playbook

END = date(2026, 12, 1)  # the data runs up to the end of November 2026
START = date(2025, 12, 1)
# busy spring and autumn, slow summer and January: leads per month relative to the average
SEASON = {1: 0.6, 2: 0.9, 3: 1.2, 4: 1.3, 5: 1.1, 6: 0.8, 7: 0.7, 8: 0.8, 9: 1.2, 10: 1.3, 11: 1.2, 12: 1.0}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Manager:
    name: str
    response: float  # typical minutes to the first answer
    skill: float  # how often a qualified lead is won, relative
    check: float  # deal size, relative
    sloppy: float  # chance of a data-entry mistake per record


MANAGERS = (
    Manager("Ковалёва Анна", 6, 1.25, 1.15, 0.01),
    Manager("Петров Игорь", 14, 1.0, 1.0, 0.03),
    Manager("Смирнова Ольга", 9, 1.1, 0.9, 0.015),
    Manager("Гусев Дмитрий", 28, 0.75, 1.1, 0.06),
    Manager("Орлова Мария", 11, 0.95, 0.95, 0.02),
)
CARE = ("Белова Татьяна", "Зайцев Роман")
FIRST = ("Ольга", "Сергей", "Марина", "Алексей", "Наталья", "Игорь", "Елена", "Денис", "Ирина", "Павел")
LAST = (
    "Смирнов",
    "Кузнецов",
    "Попов",
    "Волков",
    "Соколов",
    "Лебедев",
    "Морозов",
    "Новиков",
    "Фёдоров",
    "Егоров",
)
PLACES = (
    "Кафе «Брусника»",
    "Ресторан «Шафран»",
    "Столовая «Обед»",
    "Пекарня «Колос»",
    "Кофейня «Зерно»",
    "Отель «Север»",
)


@dataclass
class Exports:
    """The rows of each export, as text cells, headers first."""

    leads: list[list[str]] = field(default_factory=list)
    deals: list[list[str]] = field(default_factory=list)
    history: list[list[str]] = field(default_factory=list)
    complaints: list[list[str]] = field(default_factory=list)


def stamp(moment: datetime) -> str:
    return moment.strftime("%d.%m.%Y %H:%M:%S")


def money(amount: int, rng: random.Random) -> str:
    """As Bitrix24 and people write it: «214500.00», «214 500,00» or «214500 руб.»."""
    form = rng.random()
    if form < 0.6:
        return f"{amount}.00"
    if form < 0.9:
        return f"{amount:,}".replace(",", "\u00a0") + ",00"
    return f"{amount} руб."


def generate(playbook: Playbook, deals_wanted: int = 1200, seed: int = 2026) -> Exports:
    rng = random.Random(seed)
    crm = playbook.of(CrmEntity)
    lead, deal, complaint = crm["lead"], crm["deal"], crm["complaint"]
    values = {f"{e.id}.{f.id}": f.values for e in (lead, deal, complaint) for f in e.fields if f.values}
    out = Exports()
    out.leads.append(["ID", *(f.label for f in lead.fields)])
    out.deals.append(["ID", *(f.label for f in deal.fields)])
    out.complaints.append(["ID", *(f.label for f in complaint.fields)])
    out.history.append([deal.name, "Этап", "Дата перехода"])
    stages = list(values["deal.stage"])
    days = (END - START).days
    leads_wanted = int(deals_wanted * 2.6)
    weights = [SEASON[(START + timedelta(d)).month] for d in range(days)]
    lead_days = sorted(rng.choices(range(days), weights=weights, k=leads_wanted))
    sources = values["lead.source"]
    source_weights = [14, 9, 12, 16, 10, 7, 9, 4, 5, 6, 8]
    phones: list[str] = []
    deal_id = 1000
    contract = {2025: 0, 2026: 0}
    deal_rows: list[tuple[datetime, list[str]]] = []
    won_deals: list[tuple[int, datetime, Manager, int]] = []
    for number, day in enumerate(lead_days, start=1):
        manager = rng.choice(MANAGERS)
        created = _moment(START + timedelta(day), rng)
        source = rng.choices(sources, weights=source_weights[: len(sources)])[0]
        b2b = rng.random() < 0.3
        client_type = values["lead.client_type"][0 if b2b else 1]
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        phone = f"+79{rng.randrange(10**9):09d}"
        if phones and rng.random() < 0.01:
            phone = rng.choice(phones)  # the same client again: a duplicate to merge
        phones.append(phone)
        response = _response(created, manager, rng)
        recent = (datetime.combine(END, time()) - created).days < 10
        qualified = rng.random() < 0.34 * manager.skill**0.3
        status = (
            "Новый"
            if recent and rng.random() < 0.5
            else "Квалифицирован"
            if qualified
            else rng.choice(["Отказ", "Отказ", "Прогрев", "В работе", "Дубль"])
        )
        row = {
            "created_at": stamp(created),
            "source": source,
            "campaign": f"vk_horeca_{created:%Y_%m}"
            if source in ("Реклама в соцсетях", "Контекстная реклама")
            else "",
            "client_type": client_type,
            "contact_name": name,
            "phone": phone,
            "email": f"client{number}@mail.ru" if rng.random() < 0.6 else "",
            "company_name": rng.choice(PLACES) if b2b else "",
            "request": "Нужна посудомоечная машина для кафе на 40 мест"
            if b2b
            else "Подобрать встраиваемую духовку",
            "interest": rng.choice(values["lead.interest"]),
            "purchase_timeframe": rng.choice(values["lead.purchase_timeframe"]),
            "responsible": manager.name,
            "first_response_at": stamp(response) if status != "Новый" else "",
            "status": status,
            "refusal_reason": rng.choice(values["lead.refusal_reason"]) if status == "Отказ" else "",
            "deal": "",
        }
        if status == "Квалифицирован":
            deal_id += 1
            row["deal"] = str(deal_id)
            deal_rows.append(
                _deal(deal_id, response, manager, b2b, False, rng, values, stages, contract, out, won_deals)
            )
        if rng.random() < manager.sloppy:
            _mistake(row, rng, ("phone", "source", "client_type"))
        out.leads.append([str(number), *(row.get(f.id, "") for f in lead.fields)])
    # repeat customers come back without a lead
    for _ in range(deals_wanted - len(deal_rows)):
        deal_id += 1
        opened = _moment(START + timedelta(rng.randrange(days)), rng)
        deal_rows.append(
            _deal(
                deal_id,
                opened,
                rng.choice(MANAGERS),
                rng.random() < 0.6,
                True,
                rng,
                values,
                stages,
                contract,
                out,
                won_deals,
            )
        )
    for _, cells in sorted(deal_rows, key=lambda item: item[0]):
        out.deals.append(cells)
    out.history[1:] = sorted(out.history[1:], key=lambda r: (_parsed(r[2]), int(r[0])))
    _complaints(out, complaint, won_deals, values, rng)
    return out


def _parsed(text: str) -> datetime:
    return datetime.strptime(text, "%d.%m.%Y %H:%M:%S")


def _moment(day: date, rng: random.Random) -> datetime:
    """When something happens on ``day``: mostly in working hours, sometimes at night."""
    hour = rng.choices(
        range(24), weights=[1, 1, 0, 0, 0, 0, 1, 2, 4, 8, 10, 10, 9, 9, 10, 10, 9, 8, 7, 6, 4, 3, 2, 1]
    )[0]
    return datetime.combine(day, time(hour, rng.randrange(60), rng.randrange(60)))


def _response(created: datetime, manager: Manager, rng: random.Random) -> datetime:
    """The first answer: minutes later in working hours (9:00–20:00, Mon–Fri), otherwise the next morning."""
    start = created
    if created.weekday() >= 5 or not time(9) <= created.time() < time(20):
        day = created.date() + timedelta(days=1 if created.time() >= time(20) else 0)
        while day.weekday() >= 5:
            day += timedelta(days=1)
        start = datetime.combine(day, time(9))
    return start + timedelta(minutes=rng.expovariate(1 / manager.response))


def _deal(
    number: int,
    opened: datetime,
    manager: Manager,
    b2b: bool,
    repeat: bool,
    rng: random.Random,
    values: dict[str, tuple[str, ...]],
    stages: list[str],
    contract: dict[int, int],
    out: Exports,
    won: list[tuple[int, datetime, Manager, int]],
) -> tuple[datetime, list[str]]:
    now = datetime.combine(END, time())
    created = min(opened + timedelta(minutes=rng.randrange(5, 240)), now - timedelta(minutes=1))
    # a deal from a lead starts at «Презентация»; a repeat customer's, entered by hand, at «Квалификация»
    at = 0 if repeat else 1
    moment = created
    out.history.append([str(number), stages[at], stamp(moment)])
    base = (420_000 if b2b else 75_000) * manager.check
    amount = int(rng.lognormvariate(0, 0.45) * base / 100) * 100
    win_chance = 0.5 * manager.skill * (1.15 if repeat else 1)
    result, loss = "В работе", ""
    while True:
        step = timedelta(days=rng.expovariate(1 / (5 if b2b else 2)), hours=rng.randrange(1, 8))
        if moment + step >= now:
            break
        moment += step
        ending = rng.random()
        if stages[at] == "Закрытие сделки":
            if ending < min(win_chance * 1.2, 0.95):
                result = "Выиграна"
            else:
                result, loss = "Проиграна", rng.choice(values["deal.loss_reason"])
            break
        if ending < 0.3 / manager.skill and at >= 1:
            result, loss = "Проиграна", rng.choice(values["deal.loss_reason"])
            break
        at += (
            1 if stages[at] != "Презентация" or rng.random() < 0.6 else 2
        )  # objections are not always raised
        out.history.append([str(number), stages[at], stamp(moment)])
    closed = moment if result != "В работе" else None
    if result == "Выиграна" and rng.random() < 0.5:  # after the sale: the deal goes on to after-sales
        at += 1
        moment += timedelta(days=rng.randrange(3, 10))
        if moment < now:
            out.history.append([str(number), stages[at], stamp(moment)])
        else:
            at -= 1
    row = {
        "stage": stages[at],
        "company": str(rng.randrange(1, 400)) if b2b else "",
        "decision_maker": str(rng.randrange(1, 900)),
        "responsible": manager.name,
        "created_at": stamp(created),
        "need": "Посудомоечная машина и монтаж" if b2b else "Духовой шкаф и варочная панель",
        "budget": money(int(amount * rng.uniform(0.8, 1.3) / 1000) * 1000, rng),
        "amount": money(amount, rng) if at >= 1 else "",
        "discount_percent": str(rng.choice([0, 0, 2, 3, 5, 7])),
        "payment_terms": rng.choice(values["deal.payment_terms"]) if at >= 2 else "",
        "next_step_date": (created + timedelta(days=rng.randrange(1, 4))).strftime("%d.%m.%Y"),
        "contract_number": "",
        "closed_at": stamp(closed) if closed else "",
        "result": result,
        "loss_reason": loss,
        "is_repeat": "Да" if repeat else "Нет",
    }
    if stages.index(row["stage"]) >= stages.index("Закрытие сделки"):
        contract[created.year] += 1
        row["contract_number"] = f"Д-{created.year}/{contract[created.year]:04d}"
        if not row["payment_terms"]:
            row["payment_terms"] = rng.choice(values["deal.payment_terms"])
    if rng.random() < manager.sloppy:
        _mistake(row, rng, ("budget", "contract_number", "result", "amount", "payment_terms"))
    if result == "Выиграна" and closed:
        won.append((number, closed, manager, amount))
    return created, [str(number), *row.values()]


def _mistake(row: dict[str, str], rng: random.Random, fields: Sequence[str]) -> None:
    """One data-entry mistake of the kind people make."""
    name = rng.choice([f for f in fields if row.get(f)] or list(fields))
    value = row.get(name, "")
    if name == "phone":
        row[name] = "8 " + value[2:5] + " " + value[5:8] + "-" + value[8:10] + "-" + value[10:]
    elif name == "contract_number" and value:
        row[name] = "Д-" + str(int(value[7:])) + "/" + value[2:6]
    elif name == "amount" and value:
        row[name] = value.split(".")[0].split(",")[0].replace("\u00a0", "")[:-3] + " тыс"
    elif name == "result":
        row[name] = {"Выиграна": "Выйграна", "Проиграна": "Проигранна"}.get(value, "")
    else:
        row[name] = ""  # left empty


def _complaints(
    out: Exports,
    complaint: CrmEntity,
    won: list[tuple[int, datetime, Manager, int]],
    values: dict[str, tuple[str, ...]],
    rng: random.Random,
) -> None:
    now = datetime.combine(END, time())
    number = 0
    for deal_number, closed, _, amount in won:
        if rng.random() > 0.3:
            continue
        created = closed + timedelta(days=rng.randrange(2, 40), hours=rng.randrange(0, 10))
        if created >= now:
            continue
        number += 1
        priority = rng.choices(values["complaint.priority"], weights=[2, 4, 6])[0]
        limit = {"Критичный": 2, "Высокий": 3}.get(priority, 5)
        resolved = created + timedelta(hours=rng.expovariate(1 / (limit * 14)))
        done = resolved < now
        resolution = rng.choice(values["complaint.resolution_type"]) if done else ""
        refused = rng.random() < 0.12
        row = {
            "created_at": stamp(created),
            "channel": rng.choice(values["complaint.channel"]),
            "contact": str(rng.randrange(1, 900)),
            "deal": str(deal_number),
            "category": rng.choice(values["complaint.category"]),
            "priority": priority,
            "description": "Посудомоечная машина не сливает воду, кафе без посуды с утра",
            "serial_number": f"KP-{rng.randrange(10**6):06d}",
            "responsible": rng.choice(CARE),
            "due_at": stamp(created + timedelta(days=limit)),
            "cause": "Засор сливного насоса" if done else "",
            "is_justified": rng.choice(["Да", "Нет"]) if done else "",
            "resolution_type": resolution,
            "compensation_amount": money(int(amount * rng.uniform(0.3, 1.0) / 100) * 100, rng)
            if resolution in ("Возврат денег", "Скидка или компенсация")
            else "",
            "resolved_at": stamp(resolved) if done else "",
            "satisfaction": str(rng.choices([1, 2, 3, 4, 5], weights=[1, 1, 2, 5, 9])[0])
            if done and not refused
            else "",
        }
        if rng.random() < 0.05:
            row["serial_number"] = "kp 12/7"  # not the form the rules give
        out.complaints.append([str(number), *(row.get(f.id, "") for f in complaint.fields)])


def csv_cell(text: str) -> str:
    """A cell a spreadsheet will not run as a formula: one starting with = + - @ is quoted with
    an apostrophe, as OWASP advises, unless it is a plain number (a phone «+79161234567»)."""
    if text.startswith(FORMULA_START) and not text.lstrip("+-").replace(".", "", 1).isdigit():
        return "'" + text
    return text


def csv_text(rows: Iterator[list[str]] | list[list[str]], delimiter: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerows([csv_cell(cell) for cell in row] for row in rows)
    return buffer.getvalue()


def html_table(rows: list[list[str]]) -> str:
    """Bitrix24's "Excel" export: an HTML table saved with the .xls extension."""
    lines = [
        '<html><head><meta http-equiv="Content-type" content="text/html;charset=utf-8" /></head><body>',
        '<table border="1">',
    ]
    for i, row in enumerate(rows):
        tag = "th" if i == 0 else "td"
        lines.append("<tr>" + "".join(f"<{tag}>{html.escape(cell)}</{tag}>" for cell in row) + "</tr>")
    lines.append("</table></body></html>")
    return "\n".join(lines) + "\n"


def write(exports: Exports, folder: Path) -> list[Path]:
    """The four files as Bitrix24 writes them: deals in Windows-1251 with ';', leads in UTF-8
    with a BOM and ';', the stage history as UTF-8 with ',', complaints as the HTML "Excel"."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "deals.csv": csv_text(exports.deals, ";").encode("cp1251"),
        "leads.csv": b"\xef\xbb\xbf" + csv_text(exports.leads, ";").encode("utf-8"),
        "deal-history.csv": csv_text(exports.history, ",").encode("utf-8"),
        "complaints.xls": html_table(exports.complaints).encode("utf-8"),
    }
    for name, content in files.items():
        (folder / name).write_bytes(content)
    return [folder / name for name in files]


def main() -> None:
    from generator.pipeline import read_standards
    from generator.project import Project

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--deals", type=int, default=1200)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("-C", "--project", type=Path, default=Path("."))
    arguments = parser.parse_args()
    playbook = read_standards(Project(arguments.project)).playbook
    if playbook is None:
        raise SystemExit("the standards have errors: run playbook check")
    for path in write(generate(playbook, arguments.deals, arguments.seed), arguments.folder):
        print(path)


if __name__ == "__main__":
    main()

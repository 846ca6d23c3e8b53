"""Generated standards of any size, shaped like the example ones, for the benchmarks."""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

# Shares of each kind among the generated entities.
MIX = {"stages": 0.10, "scripts": 0.20, "objections": 0.25, "kpis": 0.10, "crm": 0.05, "checklists": 0.30}
REVIEWED = date.today().isoformat()  # reviewed today: clean whenever the benchmark runs
SENTENCE = "Менеджер уточняет потребность клиента, фиксирует бюджет и срок покупки в CRM и договаривается о следующем шаге."


def generate(root: Path, entities: int) -> Path:
    """Writes ``entities`` valid standards files (plus playbook.yml) under ``root/standards``."""
    counts = {folder: max(1, round(entities * share)) for folder, share in MIX.items()}
    standards = root / "standards"
    for folder in MIX:
        (standards / folder).mkdir(parents=True, exist_ok=True)
    stages = [f"stage-{i}" for i in range(counts["stages"])]
    (standards / "playbook.yml").write_text(
        textwrap.dedent(
            f"""\
            title: Сгенерированный плейбук
            language: ru
            currency: RUB
            owner: head-of-sales
            reviewed: {REVIEWED}
            company:
              name: ООО «Пример»
            roles:
              sales-manager:
                name: Менеджер по продажам
              head-of-sales:
                name: Руководитель отдела продаж
            objection_categories:
              price: Цена
            pipelines:
              sales:
                name: Воронка
                stages:
            """
        )
        + "".join(f"      - {stage}\n" for stage in stages),
        encoding="utf-8",
    )
    for i, stage in enumerate(stages):
        _write(
            standards / "stages" / f"{stage}.yml",
            f"""\
            name: Этап {i}
            summary: {SENTENCE}
            description: {SENTENCE} {SENTENCE}
            goal: Клиент готов перейти к следующему этапу.
            owner: sales-manager
            reviewed: {REVIEWED}
            entry_criteria:
              - {SENTENCE}
            exit_criteria:
              - {SENTENCE}
              - В CRM заполнены поля «Бюджет» и «Срок покупки».
            steps:
              - {SENTENCE}
              - {SENTENCE}
              - {SENTENCE}
            duration: до 2 рабочих дней
            tips:
              - {SENTENCE}
            mistakes:
              - {SENTENCE}
            tags: [generated, stage-{i % 10}]
            """,
        )
    for i in range(counts["scripts"]):
        _write(
            standards / "scripts" / f"script-{i}.yml",
            f"""\
            name: Скрипт {i}
            owner: sales-manager
            reviewed: {REVIEWED}
            stage: {stages[i % len(stages)]}
            goal: Назначить встречу.
            channel: phone
            steps:
              - id: greeting
                title: Приветствие
                say: Добрый день! Меня зовут Анна, компания «Пример». Удобно говорить?
                options:
                  - answer: Да
                    next: needs
                  - answer: Дорого
                    next: value
                    objection: objection-{i % counts["objections"]}
                  - answer: Нет времени
                    next: callback
              - id: needs
                say: {SENTENCE}
                next: offer
              - id: value
                say: {SENTENCE}
                next: offer
              - id: offer
                say: {SENTENCE}
                options:
                  - answer: Согласен
                    next: booked
                  - answer: Подумаю
                    next: callback
              - id: booked
                say: Отлично, записываю встречу.
                outcome: Встреча назначена
              - id: callback
                say: Когда вам удобно, чтобы я перезвонил?
                outcome: Перезвон запланирован
            """,
        )
    for i in range(counts["objections"]):
        _write(
            standards / "objections" / f"objection-{i}.yml",
            f"""\
            name: Возражение номер {i}
            category: price
            owner: head-of-sales
            reviewed: {REVIEWED}
            aliases:
              - Вариант {i} первый
              - Вариант {i} второй
            meaning: {SENTENCE}
            stages:
              - {stages[i % len(stages)]}
            responses:
              - approach: Разложить цену на выгоды
                say: {SENTENCE}
              - approach: Рассрочка
                say: {SENTENCE}
            avoid:
              - {SENTENCE}
            """,
        )
    for i in range(counts["kpis"]):
        _write(
            standards / "kpis" / f"kpi-{i}.yml",
            f"""\
            name: Показатель {i}
            description: {SENTENCE}
            unit: percent
            direction: higher
            target: 30
            thresholds:
              good: 25
              critical: 15
            period: month
            owner: head-of-sales
            reviewed: {REVIEWED}
            formula: Выигранные сделки / все сделки × 100%
            stage: {stages[i % len(stages)]}
            sources: [entity-{i % counts["crm"]}.amount]
            """,
        )
    for i in range(counts["crm"]):
        _write(
            standards / "crm" / f"entity-{i}.yml",
            f"""\
            name: Сущность {i}
            owner: head-of-sales
            reviewed: {REVIEWED}
            fields:
              - id: amount
                label: Сумма
                type: money
                required_from: {stages[i % len(stages)]}
              - id: phone
                label: Телефон
                type: phone
                format: ^\\+7\\d{{10}}$
                example: "+79991234567"
              - id: source
                label: Источник
                type: enum
                values: [Сайт, Звонок, Выставка]
            rules:
              - {SENTENCE}
            """,
        )
    for i in range(counts["checklists"]):
        _write(
            standards / "checklists" / f"checklist-{i}.yml",
            f"""\
            name: Чек-лист {i}
            stage: {stages[i % len(stages)]}
            owner: sales-manager
            reviewed: {REVIEWED}
            items:
              - text: {SENTENCE}
              - text: {SENTENCE}
                required: false
                hint: {SENTENCE}
              - text: {SENTENCE}
            """,
        )
    return root


def _write(path: Path, text: str) -> None:
    path.write_text(textwrap.dedent(text), encoding="utf-8")

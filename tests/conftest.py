from __future__ import annotations

import os
import shutil
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.documents import Seller, VatRates
from generator.kinds.kind import Kind
from generator.load import Limits, WorkingTree, load
from generator.pipeline import Standards, read_standards
from generator.project import STANDARDS, Project
from generator.source import Source, SourceFile

CASES = Path(__file__).parent / "cases"
REPO = Path(__file__).parent.parent


def pytest_configure(config: pytest.Config) -> None:
    # the PDFs LibreOffice makes are kept for this run alone (every build of the example converts
    # the same samples), never in the user's cache
    os.environ.setdefault("PLAYBOOK_CACHE", tempfile.mkdtemp(prefix="playbook-test-cache-"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-cases",
        action="store_true",
        help="Rewrite each case's expected.txt from the actual output (review the diff!).",
    )


def source_of(root: Path, limits: Limits | None = None) -> Source:
    """What step 1 reads from the project at ``root``."""
    return load(WorkingTree(Project(root)), limits)


def standards_of(root: Path, today: date | None = None) -> Standards:
    """The project at ``root`` read, validated and modelled, as every command reads it."""
    return read_standards(Project(root), today=today)


def entity_of(
    kind: Kind, entity_id: str, data: dict[str, Any], playbook: dict[str, Any] | None = None
) -> Any:
    """An entity of ``kind`` built from a file's ``data``, as the model builds it."""
    path = f"{STANDARDS}/{kind.folder}/{entity_id}.yml"
    return kind.build(SourceFile(path, data, "", kind=kind, id=entity_id), playbook or {})


def seller_of(playbook_text: str) -> Seller:
    """The seller of a playbook.yml, as the model gives it to documents."""
    data = yaml.safe_load(playbook_text)
    vat = VatRates.of(data.get("vat_rate"), data.get("vat_rates", ()))
    return Seller.of(data.get("company", {}), data.get("currency", "RUB"), vat)


def copy_base(target: Path) -> Path:
    """A fresh copy of the smallest valid project, one file of each kind."""
    shutil.copytree(CASES / "base", target)
    return target


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_base(tmp_path / "project")


# --- documents: a project with a Russian playbook, a contract-like document and a deal ---------

RU_PLAYBOOK = """\
title: Стандарты продаж
language: ru
currency: RUB
owner: head
vat_rate: 22
vat_rates: [22, 10, 0]
company:
  name: ООО «КухняПро»
  full_name: Общество с ограниченной ответственностью «КухняПро»
  inn: "7714823651"
  kpp: "771401001"
  ogrn: "1157746058238"
  address: 127015, г. Москва, ул. Бутырская, д. 75
  bank:
    name: ПАО Сбербанк
    bik: "044525225"
    account: "40702810338000047512"
    correspondent_account: "30101810400000000225"
  signatory:
    name: Соколов Андрей Викторович
    position: Генеральный директор
    basis: Устава
roles:
  seller:
    name: Менеджер
  head:
    name: Руководитель
objection_categories:
  price: Цена
pipelines:
  sales:
    name: Продажи
    stages:
      - first-call
      - closing
"""

# A deal for tests.docx_factory.CONTRACT: real public requisites (Сбербанк), a name with XML's
# special characters, a discount, an item without VAT and a fractional quantity.
DEAL: dict[str, Any] = {
    "number": "П-2026/187",
    "date": "2026-11-27",
    "buyer": {
        "kind": "organisation",
        "name": "ООО «Рога & Копыта» <Юг>",
        "full_name": "Общество с ограниченной ответственностью «Рога & Копыта» <Юг>",
        "inn": "7707083893",
        "kpp": "773601001",
        "ogrn": "1027700132195",
        "address": "117312, г. Москва, ул. Вавилова, д. 19",
        "bank": {
            "name": "ПАО Сбербанк",
            "bik": "044525225",
            "account": "40702810338000047512",
            "correspondent_account": "30101810400000000225",
        },
        "signatory": {
            "name": "Белова Марина Сергеевна",
            "position": "Генеральный директор",
            "basis": "Устава",
        },
    },
    "contact": {"name": "Орлова Екатерина Дмитриевна", "position": "Менеджер по закупкам"},
    "items": [
        {"name": "Пароконвектомат Abat ПКА 6-1/1ПП2", "quantity": 1, "unit": "шт.", "price": 318000},
        {
            "name": "Гастроёмкость GN 1/1-65 мм",
            "quantity": 12,
            "unit": "шт.",
            "price": 1149.90,
            "discount_percent": 15,
        },
        {"name": "Доставка по Москве", "quantity": 1, "unit": "усл.", "price": 5000, "vat_rate": "без НДС"},
        {"name": "Нож поварской", "quantity": 1.5, "unit": "шт.", "price": 999.99, "vat_rate": 10},
    ],
    "prepayment": 30,
    "delivery_days": 10,
    "delivery": "до склада покупателя",
    "installation": True,
    "terms": "Оплата в рассрочку на 6 месяцев",
}


def write_yaml(path: Path, data: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def documents_project(tmp_path: Path) -> Path:
    """The base project in Russian with document 'contract' (tests.docx_factory.CONTRACT) and its
    sample deal 'deal' (DEAL)."""
    from tests import docx_factory

    root = copy_base(tmp_path / "project")
    (root / "standards/playbook.yml").write_text(RU_PLAYBOOK, encoding="utf-8")
    write_yaml(
        root / "standards/documents/contract.yml",
        {
            "name": "Договор поставки",
            "kind": "contract",
            "template": "contract.docx",
            "owner": "seller",
            "sample": "deal",
            "fields": docx_factory.CONTRACT_FIELDS,
        },
    )
    write_yaml(root / "standards/samples/deal.yml", {"name": "Кафе", "owner": "seller", "data": DEAL})
    (root / "templates/documents").mkdir(parents=True)
    (root / "templates/documents/contract.docx").write_bytes(docx_factory.build(docx_factory.CONTRACT))
    return root

"""Deal data against a document's fields: every problem named by field and rule; values typed."""

from __future__ import annotations

import copy
import datetime
from decimal import Decimal
from typing import Any

import jsonschema
import pytest

from generator.documents.fields import Form, VatRates
from generator.kinds.document import KIND as DOCUMENT
from tests import docx_factory
from tests.conftest import DEAL, entity_of

CONTRACT = entity_of(
    DOCUMENT,
    "contract",
    {
        "name": "Договор",
        "kind": "contract",
        "template": "contract.docx",
        "fields": docx_factory.CONTRACT_FIELDS,
    },
)
FORM = Form(CONTRACT, VatRates((Decimal(22), Decimal(10), Decimal(0)), Decimal(22)))


def problems(data: Any) -> list[str]:
    return [f.message for f in FORM.check(data).findings]


def changed(path: str, value: Any, base: dict[str, Any] = DEAL) -> dict[str, Any]:
    """A copy of ``base`` with the value at a dotted path replaced (``None`` removes it)."""
    data = copy.deepcopy(base)
    *parents, last = path.split(".")
    target: Any = data
    for key in parents:
        target = target[int(key)] if key.isdigit() else target[key]
    if value is None:
        del target[int(last) if last.isdigit() else last]
    else:
        target[int(last) if last.isdigit() else last] = value
    return data


def test_a_valid_deal_comes_out_typed() -> None:
    checked = FORM.check(DEAL)
    assert checked.findings == ()
    values = checked.values
    assert values["date"] == datetime.date(2026, 11, 27)
    assert values["prepayment"] == Decimal(30)
    assert values["items"][1]["price"] == Decimal("1149.90")
    assert values["items"][2]["vat_rate"] == "без НДС"
    assert values["items"][0]["vat_rate"] == Decimal(22)  # the playbook's default rate
    assert values["items"][3]["quantity"] == Decimal("1.5")
    assert values["items"][0]["kind"] == "goods"  # a line is goods unless it says it is a service
    assert values["terms"] == "Оплата в рассрочку на 6 месяцев"


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ("buyer.inn", "7707083894", "buyer.inn: checksum does not match"),
        ("buyer.kpp", "77360100", "buyer.kpp: КПП must be 9 characters"),
        ("buyer.ogrn", "1027700132196", "buyer.ogrn: checksum does not match"),
        ("buyer.bank.bik", "144525225", "buyer.bank.bik: БИК must start with 04"),
        (
            "buyer.bank.account",
            "40702810338000047513",
            "buyer.bank.account: checksum does not match with the БИК",
        ),
        (
            "buyer.bank.correspondent_account",
            "30101810400000000226",
            "buyer.bank.correspondent_account: checksum does not match with the БИК",
        ),
        ("buyer.kind", "sole-trader", "buyer.inn: ИНН must be 12 digits"),
        ("buyer.kpp", None, "buyer.kpp: required for an organisation"),
        ("buyer.inn", 7707083893, "buyer.inn: must be text, not a whole number (YAML reads it as such"),
        ("buyer.knd", "x", "unknown key 'knd' in buyer (did you mean 'kind'?)"),
        ("date", "2026-02-30", "date: 2026-02-30 is not a real date"),
        ("date", "27.11.2026", "date: '27.11.2026' must be a date written YYYY-MM-DD"),
        ("items.1.price", 1149.905, "items[1].price: 1149.905 has more than two decimal places (kopecks)"),
        ("items.1.price", -1, "items[1].price: must be at least 0, not -1"),
        ("items.0.quantity", 0, "items[0].quantity: must be more than 0, not 0"),
        ("items.0.vat_rate", 20, "items[0].vat_rate: 20 is not one of 22, 10, 0, без НДС"),
        ("items.1.discount_percent", 120, "items[1].discount_percent: must be at most 100, not 120"),
        (
            "items.0.kind",
            "servise",
            "items[0].kind: 'servise' is not one of goods, service (did you mean 'service'?)",
        ),
        ("items", [], "items: needs at least 1 item"),
        ("delivery", "курьером", "delivery: 'курьером' is not one of самовывоз, до склада покупателя"),
        ("prepayment", 101, "prepayment: must be at most 100, not 101"),
        ("delivery_days", 2.5, "delivery_days: must be a whole number, not a number"),
        ("number", "А\nБ", "number: 'А\\nБ' must be one line of text"),
        ("installation", "да", "installation: must be true or false, not text"),
        ("number", None, "missing required key 'number'"),
    ],
)
def test_each_broken_rule_is_named_with_its_field(path: str, value: Any, message: str) -> None:
    found = problems(changed(path, value))
    assert any(p.startswith(message) for p in found), found


def test_every_problem_is_reported_at_once() -> None:
    data = changed("buyer.inn", "7707083894")
    data = changed("date", "2026-02-30", data)
    data = changed("items.0.quantity", -1, data)
    assert problems(data) == [
        "buyer.inn: checksum does not match",
        "date: 2026-02-30 is not a real date",
        "items[0].quantity: must be more than 0, not -1",
    ]


def test_a_sole_trader_has_12_and_15_digits_and_no_kpp() -> None:
    trader = {
        "kind": "sole-trader",
        "name": "ИП Гусев Павел Андреевич",
        "inn": "500100732259",
        "ogrn": "304500116000157",
        "address": "г. Москва",
    }
    assert problems(changed("buyer", trader)) == []
    assert problems(changed("buyer", {**trader, "kpp": "773601001"})) == [
        "buyer.kpp: a sole trader has no КПП: remove it"
    ]


def test_optional_fields_may_be_missing_and_come_out_empty() -> None:
    checked = FORM.check(changed("terms", None))
    assert checked.findings == ()
    assert checked.values["terms"] is None


def test_the_compiled_schema_is_valid_draft_2020_12() -> None:
    jsonschema.Draft202012Validator.check_schema(FORM.schema)
    assert FORM.schema["properties"]["buyer"]["title"] == "Покупатель"


CONSUMER = {
    "kind": "individual",
    "name": "Лебедева Ольга Игоревна",
    "address": "117342, г. Москва, ул. Обручева, д. 28, кв. 41",
    "phone": "+7 (916) 224-18-37",
    "email": "o.lebedeva@mail.ru",
}


def test_a_private_buyer_needs_no_inn_ogrn_or_passport() -> None:
    assert problems(changed("buyer", CONSUMER)) == []
    passport = {
        "series": "4519",
        "number": "803214",
        "issued_by": "ГУ МВД России по г. Москве",
        "issued_on": "2019-06-14",
    }
    checked = FORM.check(changed("buyer", {**CONSUMER, "passport": passport}))
    assert checked.findings == ()
    assert checked.values["buyer"]["passport"]["issued_on"] == datetime.date(2019, 6, 14)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"inn": "770708389312"}, "buyer.inn: checksum does not match"),
        ({"inn": "7707083893"}, "buyer.inn: ИНН must be 12 digits"),
        ({"ogrn": "1027700132195"}, "buyer.ogrn: a private buyer (kind: individual) has no ОГРН: remove it"),
        ({"kpp": "773601001"}, "buyer.kpp: a private buyer (kind: individual) has no КПП: remove it"),
        (
            {
                "passport": {
                    "series": "45 19",
                    "number": "803214",
                    "issued_by": "МВД",
                    "issued_on": "2019-06-14",
                }
            },
            "buyer.passport.series: '45 19' must be the 4 digits of the series",
        ),
        (
            {
                "passport": {
                    "series": "4519",
                    "number": "803214",
                    "issued_by": "МВД",
                    "issued_on": "2019-02-30",
                }
            },
            "buyer.passport.issued_on: 2019-02-30 is not a real date",
        ),
        ({"name": "Ким Саша"}, "buyer.name: the name «Ким Саша» does not tell whether"),
    ],
)
def test_a_private_buyers_details_are_checked_when_given(extra: dict[str, Any], message: str) -> None:
    found = problems(changed("buyer", {**CONSUMER, **extra}))
    assert any(p.startswith(message) for p in found), found


def test_a_private_buyers_inn_with_a_right_checksum_passes_and_a_business_still_needs_its_own() -> None:
    assert problems(changed("buyer", {**CONSUMER, "inn": "500100732259"})) == []
    assert problems(changed("buyer.ogrn", None)) == ["missing required key 'ogrn' in buyer"]
    no_phone = {k: v for k, v in CONSUMER.items() if k != "phone"}
    assert problems(changed("buyer", no_phone)) == ["missing required key 'phone' in buyer"]
    assert problems(changed("buyer.gender", "female")) == [
        "buyer.gender: only a private buyer (kind: individual) has a gender: remove it"
    ]

"""Documents write figures, dates and VAT words as the playbook's language and locale do."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from generator.documents import money
from generator.documents.fields import Form, VatRates
from generator.documents.formats import Formats
from generator.documents.money import NBSP, NO_VAT
from generator.kinds.document import KIND as DOCUMENT
from tests.conftest import entity_of

UK = Formats("GBP", "en_GB")
US = Formats("USD", "en")
RUSSIAN = Formats()
DAY = datetime.date(2026, 11, 27)


def test_english_money_numbers_and_percentages() -> None:
    assert UK.money(Decimal("42900")) == "£42,900.00"
    assert US.money(Decimal("1234567.8")) == "$1,234,567.80"
    assert UK.amount(Decimal("8580")) == "8,580.00"
    assert UK.number(Decimal("1234.5")) == "1,234.5"
    assert UK.number(Decimal("3")) == "3"
    assert UK.percent(Decimal("20")) == "20%"
    assert UK.percent(Decimal("12.5")) == "12.5%"


def test_russian_stays_as_it_was() -> None:
    assert RUSSIAN.money(Decimal("42900")) == f"42{NBSP}900,00{NBSP}₽"
    assert RUSSIAN.percent(Decimal("20")) == f"20{NBSP}%"
    assert RUSSIAN.date_words(DAY) == "«27» ноября 2026 г."
    assert RUSSIAN.date(DAY) == "27.11.2026"
    assert RUSSIAN.vat_label(Decimal(22)) == f"НДС 22{NBSP}%"
    assert RUSSIAN.plain(True) == "да"


def test_a_russian_playbook_in_a_currency_without_russian_words() -> None:
    assert Formats("GBP").money(Decimal("10")) == f"10,00{NBSP}£"
    assert Formats("GBP").amount_words(Decimal("12.5")) == "Двенадцать британских фунтов стерлингов 50/100"
    assert Formats("GBP").currency_name() == ("Британский фунт стерлингов", "826")


def test_english_dates() -> None:
    assert UK.date_words(DAY) == "27 November 2026"
    assert UK.date(DAY) == "27/11/2026"
    assert US.date_words(DAY) == "November 27, 2026"
    assert US.date(DAY) == "11/27/2026"


@pytest.mark.parametrize(
    ("amount", "currency", "words"),
    [
        ("51480", "GBP", "Fifty-one thousand, four hundred and eighty pounds sterling, zero pence"),
        ("1.01", "GBP", "One pound sterling, one penny"),
        ("21.50", "USD", "Twenty-one dollars, fifty cents"),
        ("3", "EUR", "Three euro, zero cents"),
        # num2words has no English words for francs: Babel's name and the cents as a fraction
        ("1234.56", "CHF", "One thousand, two hundred and thirty-four Swiss francs 56/100"),
    ],
)
def test_english_amounts_in_words(amount: str, currency: str, words: str) -> None:
    assert Formats(currency, "en_GB").amount_words(Decimal(amount)) == words


def test_vat_words_come_from_the_labels_of_the_language() -> None:
    lines = [
        (Decimal(20), money.line(Decimal(1), Decimal(100), Decimal(20))),
        (Decimal(5), money.line(Decimal(1), Decimal(100), Decimal(5))),
    ]
    one_rate = money.totals(lines[:1])
    two_rates = money.totals(lines)
    untaxed = money.totals([(NO_VAT, money.line(Decimal(1), Decimal(100), NO_VAT))])
    assert UK.vat_label(Decimal(20)) == "VAT 20%"
    assert UK.vat_label(NO_VAT) == "Exempt"
    assert UK.vat_clause(one_rate, None) == "incl. VAT £20.00"
    assert UK.vat_clause(two_rates, None) == "incl. VAT 20%: £20.00, VAT 5%: £5.00"
    assert UK.vat_clause(untaxed, None) == "no VAT"
    assert UK.vat_clause(untaxed, "the seller is not VAT-registered") == (
        "No VAT charged: the seller is not VAT-registered"
    )
    assert RUSSIAN.vat_clause(one_rate, None) == f"в том числе НДС 20,00{NBSP}₽"
    assert UK.plain(False) == "no"
    assert UK.plain(DAY) == "27/11/2026"
    assert UK.plain(Decimal("1500.5")) == "1,500.5"
    assert UK.currency_name() == ("British Pound", "826")


def test_an_english_deal_writes_an_item_without_vat_as_exempt() -> None:
    order = entity_of(
        DOCUMENT,
        "order",
        {
            "name": "Order",
            "kind": "contract",
            "template": "o.docx",
            "fields": {"items": {"type": "items", "label": "Items"}},
        },
    )
    form = Form(order, VatRates((Decimal(20), Decimal(0)), Decimal(20)))
    item = {"name": "Training course", "quantity": 1, "unit": "pc", "price": 500, "vat_rate": "exempt"}
    checked = form.check({"items": [item]})
    assert checked.findings == ()
    rate = checked.values["items"][0]["vat_rate"]
    assert (rate, UK.vat_label(rate)) == (NO_VAT, "Exempt")
    wrong = form.check({"items": [{**item, "vat_rate": "exmpt"}]})
    assert [f.message for f in wrong.findings] == [
        "items[0].vat_rate: 'exmpt' is not one of 20, 0, без НДС, exempt (did you mean 'exempt'?)"
    ]

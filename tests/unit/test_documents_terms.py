"""The example's documents as legal and accounting sign them: words that agree with the
signatory, VAT by the seller's regime, prices with or without VAT, the payment schedule computed
from the terms, and dates in their order, each said at its place in the deal."""

from __future__ import annotations

import copy
import re
from functools import cache
from typing import Any

import pytest

from generator.documents import Seller, render_document
from generator.documents.fields import Form
from generator.kinds.document import Document
from generator.kinds.sample import Sample
from generator.model import Playbook
from tests import docx_factory
from tests.conftest import REPO, standards_of

BASIS = "п. 1 ст. 145 НК РФ"


@cache
def example() -> Playbook:
    model = standards_of(REPO).playbook
    assert model is not None
    return model


def deal() -> dict[str, Any]:
    return copy.deepcopy(dict(example().of(Sample)["cafe-shafran"].data))


def seller(vat: dict[str, Any] | None = None) -> Seller:
    base = example().seller
    company = {**base.company, **({"vat": vat} if vat else {})}
    return Seller.of(company, base.currency, base.vat)


def text(document: str, data: dict[str, Any], by: Seller | None = None) -> str:
    """The document's text as a reader sees it, spaces made plain."""
    declared = example().of(Document)[document]
    template = (REPO / "templates/documents" / declared.template).read_bytes()
    rendered = render_document(template, declared, data, by or seller())
    return re.sub(r"[ \u00a0]+", " ", docx_factory.text_of(rendered))


def problems(document: str, data: dict[str, Any], by: Seller | None = None) -> list[tuple[str, str]]:
    declared = example().of(Document)[document]
    findings = Form(declared, (by or seller()).vat).check(data).findings
    return [(".".join(map(str, f.path)), f.message) for f in findings]


def sole_trader(name: str, **signatory: str) -> dict[str, Any]:
    buyer = copy.deepcopy(dict(example().of(Sample)["coffee-point-gusev"].data["buyer"]))
    buyer["signatory"] = {**buyer["signatory"], "name": name, **signatory}
    return buyer


# --- the signatory's gender ----------------------------------------------------------------------


def test_a_woman_signing_for_an_organisation_is_acting_in_the_feminine() -> None:
    contract = text("contract", deal())
    assert (
        "в лице Генерального директора Беловой Марины Сергеевны, действующей на основании Устава" in contract
    )
    assert (
        "в лице Генерального директора Соколова Андрея Викторовича, действующего на основании Устава"
        in contract
    )


def test_a_sole_trader_is_named_and_acting_as_the_patronymic_says() -> None:
    woman = text("contract", {**deal(), "buyer": sole_trader("Гусева Анна Игоревна")})
    assert "именуемая в дальнейшем «Покупатель», действующая на основании записи в ЕГРИП" in woman
    man = text("contract", {**deal(), "buyer": sole_trader("Гусев Дмитрий Алексеевич")})
    assert "именуемый в дальнейшем «Покупатель», действующий на основании записи в ЕГРИП" in man
    assert "(-ая)" not in woman + man


def test_a_given_gender_decides_where_the_name_does_not() -> None:
    buyer = deal()["buyer"]
    buyer["signatory"] = {**buyer["signatory"], "name": "Ким Саша", "gender": "female"}
    contract = text("contract", {**deal(), "buyer": buyer})
    assert "в лице Генерального директора Ким Саши, действующей на основании Устава" in contract


def test_a_name_that_does_not_tell_the_gender_asks_for_it_at_the_name() -> None:
    buyer = deal()["buyer"]
    buyer["signatory"]["name"] = "Ким Саша"
    assert problems("contract", {**deal(), "buyer": buyer}) == [
        (
            "buyer.signatory.name",
            "buyer.signatory.name: the name «Ким Саша» does not tell whether the signatory is a woman or a "
            "man, which the document's words agree with («действующей», «действующего»): add gender: female "
            "or gender: male beside the name",
        )
    ]


# --- VAT by the seller's regime ------------------------------------------------------------------


def untaxed_deal() -> dict[str, Any]:
    data = deal()
    for item in data["items"]:
        item.pop("vat_rate", None)
    return data


def test_a_seller_exempt_from_vat_prints_the_basis_and_no_vat_lines() -> None:
    exempt = seller({"regime": "simplified", "exemption": BASIS})
    invoice = text("invoice", untaxed_deal(), exempt)
    assert "Без налога (НДС):\n—" in invoice
    assert "на сумму 924 214,64 ₽" not in invoice  # nothing is added on top of the prices
    assert f"на сумму 757 552,98 ₽, НДС не облагается на основании {BASIS}" in invoice
    assert "НДС 0 %" not in invoice and "Без НДС:" not in invoice and "НДС 22" not in invoice
    contract = text("contract", untaxed_deal(), exempt)
    assert (
        "составляет 757 552,98 ₽ (Семьсот пятьдесят семь тысяч пятьсот пятьдесят два рубля 98 копеек), "
        f"НДС не облагается на основании {BASIS}. 2.2." in contract.replace("\n", " ")
    )
    assert "Итого:\n757 552,98 ₽" in contract


def test_a_seller_exempt_from_vat_refuses_a_rate_with_the_reason() -> None:
    exempt = seller({"regime": "simplified", "exemption": BASIS})
    data = deal()
    data["items"][0]["vat_rate"] = 22
    assert problems("invoice", data, exempt)[0] == (
        "items.0.vat_rate",
        f"items[0].vat_rate: 22 is a VAT rate, and the seller charges no VAT (НДС не облагается на основании "
        f"{BASIS}): leave vat_rate out",
    )


def test_a_simplified_seller_charges_5_or_7_percent_without_a_list_of_rates() -> None:
    reduced = seller({"regime": "simplified", "rate": 5})
    data = untaxed_deal()
    data["items"][0]["vat_rate"] = 7
    assert problems("invoice", data, reduced) == []
    invoice = text("invoice", data, reduced)
    assert "В том числе НДС 7 %:\n22 260,00 ₽" in invoice
    assert "В том числе НДС 5 %:\n" in invoice
    assert "в том числе НДС 7 % — 22 260,00 ₽, НДС 5 % — " in invoice
    data["items"][0]["vat_rate"] = 22
    assert problems("invoice", data, reduced)[0][0] == "items.0.vat_rate"  # 22 % is not a УСН rate


# --- prices with VAT, and the payment schedule ---------------------------------------------------


def test_a_price_with_vat_is_printed_as_given() -> None:
    data = {**deal(), "prices_include_vat": True}
    data["items"] = [{"name": "Кофемолка", "quantity": 1, "unit": "шт.", "price": 9990}]
    invoice = text("invoice", data)
    assert "на сумму 9 990,00 ₽, в том числе НДС 1 801,48 ₽" in invoice
    assert "Девять тысяч девятьсот девяносто рублей 00 копеек" in invoice


def test_the_invoice_asks_for_the_advance_and_says_how_the_rest_is_paid() -> None:
    invoice = text("invoice", deal())
    assert (
        "К оплате по этому счёту — аванс 30 %: 277 264,39 ₽ (Двести семьдесят семь тысяч двести "
        "шестьдесят четыре рубля 39 копеек), не позднее 25.11.2026. Остаток 646 950,25 ₽" in invoice
    )
    assert "ежемесячными платежами по 107 825,04 ₽, последний — 107 825,05 ₽ по графику договора" in invoice
    assert "Товар отгружается после поступления аванса на расчётный счёт Поставщика" in invoice


def test_the_terms_write_the_invoice_text_full_payment() -> None:
    data = deal()
    for term in ("prepayment_percent", "installment_months"):
        del data[term]
    invoice = text("invoice", data)
    assert "Оплатить не позднее 25.11.2026." in invoice
    assert "Товар отгружается после поступления оплаты на расчётный счёт Поставщика" in invoice
    assert "Всего к оплате:\n924 214,64 ₽" in invoice


def test_a_contract_without_advance_pays_after_the_act() -> None:
    data = {**deal(), "prepayment_percent": 0}
    del data["installment_months"]
    contract = text("contract", data)
    assert "2.3. Аванс не предусмотрен." in contract
    assert "2.4. Стоимость Договора оплачивается в течение 3 банковских дней с даты подписания" in contract
    assert "с даты подписания Договора." in contract  # delivery: no advance to wait for


# --- dates in their order ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("document", "change", "expected"),
    [
        (
            "invoice",
            {"payment_due": "2026-11-19"},
            (
                "payment_due",
                "payment_due: 2026-11-19 must be on or after invoice_date (Дата счёта), 2026-11-20",
            ),
        ),
        (
            "act",
            {"act_date": "2026-11-19"},
            (
                "act_date",
                "act_date: 2026-11-19 must be on or after contract_date (Дата договора), 2026-11-20",
            ),
        ),
        (
            "proposal",
            {"valid_until": "2026-11-16"},
            (
                "valid_until",
                "valid_until: 2026-11-16 must be after proposal_date (Дата КП), 2026-11-16",
            ),
        ),
    ],
)
def test_dates_out_of_order_are_refused_at_the_later_date(
    document: str, change: dict[str, str], expected: tuple[str, str]
) -> None:
    assert problems(document, {**deal(), **change}) == [expected]

"""Parties of any country: a Russian one's requisites as before; another's company and VAT numbers,
IBAN, BIC, UK sort code and account number, each wrong one said at its place in plain words; the
playbook's currency from ISO 4217 and its locale, at their positions in playbook.yml."""

from __future__ import annotations

import copy
import string
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from generator.cli import cli
from generator.documents import requisites
from generator.documents.fields import Form, VatRates
from generator.kinds.document import KIND as DOCUMENT
from tests import docx_factory
from tests.conftest import DEAL, entity_of

# Barclays' published example account: sort code 20-20-15, account 55555555
UK_IBAN = "GB33 BUKB 2020 1555 5555 55"
UK_BUYER: dict[str, Any] = {
    "kind": "organisation",
    "country": "GB",
    "name": "Harbour Kitchens Ltd",
    "registration_number": "09876543",
    "vat_id": "GB123456789",
    "address": "12 Quay Street, Bristol BS1 4DJ",
    "bank": {
        "name": "Barclays Bank UK PLC",
        "iban": UK_IBAN,
        "bic": "BUKBGB22",
        "sort_code": "20-20-15",
        "account_number": "55555555",
    },
    "signatory": {"name": "Oliver Bennett", "position": "Director", "basis": "the articles"},
}
FORM = Form(
    entity_of(
        DOCUMENT,
        "contract",
        {
            "name": "Contract",
            "kind": "contract",
            "template": "c.docx",
            "fields": docx_factory.CONTRACT_FIELDS,
        },
    ),
    VatRates((Decimal(20),), Decimal(20)),
)


def problems(buyer: dict[str, Any]) -> list[tuple[str, str]]:
    deal = {**copy.deepcopy(DEAL), "buyer": buyer}
    deal["items"] = [{**item, "vat_rate": 20} for item in deal["items"]]
    return [(".".join(map(str, f.path)), f.message) for f in FORM.check(deal).findings]


def with_(path: str, value: Any) -> dict[str, Any]:
    buyer = copy.deepcopy(UK_BUYER)
    *parents, last = path.split(".")
    target = buyer
    for key in parents:
        target = target[key]
    if value is None:
        del target[last]
    else:
        target[last] = value
    return buyer


def test_a_uk_company_with_its_numbers_and_bank_passes() -> None:
    assert problems(UK_BUYER) == []
    assert problems(with_("bank.sort_code", None)) == []  # an IBAN alone is enough
    assert problems(with_("bank.iban", None)) == []  # and so are a sort code and account number


@pytest.mark.parametrize(
    ("path", "value", "where", "message"),
    [
        (
            "bank.iban",
            "GB33 BUKB 2020 1555 5555 56",
            "buyer.bank.iban",
            "buyer.bank.iban: IBAN GB33 BUKB 2020 1555 5555 56: its check digits are wrong",
        ),
        (
            "bank.iban",
            "GB33BUKB2020155555555",
            "buyer.bank.iban",
            "buyer.bank.iban: IBAN GB33 BUKB 2020 1555 5555 5: it has the wrong number of characters for its country",
        ),
        (
            "bank.sort_code",
            "20-15-56",
            "buyer.bank.iban",
            "buyer.bank.iban: IBAN GB33 BUKB 2020 1555 5555 55 is of sort code 20-20-15, account 55555555, not the "
            "sort code 20-15-56 and account number 55555555 given beside it",
        ),
        (
            "bank.sort_code",
            "2015",
            "buyer.bank.sort_code",
            "buyer.bank.sort_code: sort code 2015: a sort code is six digits, written 20-15-55",
        ),
        (
            "bank.account_number",
            "5555555",
            "buyer.bank.account_number",
            "buyer.bank.account_number: account number 5555555: a UK account number is eight digits",
        ),
        (
            "bank.bic",
            "BUKBGB2",
            "buyer.bank.bic",
            "buyer.bank.bic: BIC BUKBGB2: a BIC is 8 or 11 letters and digits — the bank (4 letters), its "
            "country (2 letters), its place (2) and, optionally, its branch (3), e.g. BUKBGB22",
        ),
        (
            "vat_id",
            "123456789",
            "buyer.vat_id",
            "buyer.vat_id: VAT number 123456789: a UK VAT number is GB and 9 digits, e.g. GB123456789",
        ),
        (
            "registration_number",
            "9876543",
            "buyer.registration_number",
            "buyer.registration_number: company number 9876543: a Companies House number is 8 digits, "
            "or 2 capital letters and 6 digits (SC123456)",
        ),
        (
            "country",
            "UK",
            "buyer.country",
            "buyer.country: 'UK' is not a country's two-letter ISO 3166 code, such as GB, DE or RU "
            "(the United Kingdom's is GB)",
        ),
        (
            "inn",
            "7707083893",
            "buyer.inn",
            "buyer.inn: only a Russian party has a ИНН; this one's country is GB: remove it (a company "
            "outside Russia has a registration_number and a vat_id)",
        ),
    ],
)
def test_each_wrong_requisite_is_said_at_its_place(path: str, value: Any, where: str, message: str) -> None:
    assert problems(with_(path, value)) == [(where, message)]


def test_a_foreign_party_needs_its_registration_number_and_an_account() -> None:
    found = dict(problems(with_("registration_number", None)))
    assert found == {"buyer": "missing required key 'registration_number' in buyer"}
    bank_only_named = with_("bank", {"name": "Barclays Bank UK PLC"})
    assert problems(bank_only_named) == [
        (
            "buyer.bank",
            "buyer.bank: a bank outside Russia needs the account's iban, or its sort_code and account_number",
        )
    ]
    russian_bank = with_("bank", copy.deepcopy(DEAL["buyer"]["bank"]))
    assert [where for where, _ in problems(russian_bank)] == [  # a Russian bank's keys, each said
        "buyer.bank",
        "buyer.bank.account",
        "buyer.bank.bik",
        "buyer.bank.correspondent_account",
    ]


def test_a_russian_party_is_as_before_and_has_no_foreign_numbers() -> None:
    russian = copy.deepcopy(DEAL["buyer"])
    assert problems(russian) == problems({**russian, "country": "RU"}) == []
    assert problems({**russian, "vat_id": "GB123456789"}) == [
        (
            "buyer.vat_id",
            "buyer.vat_id: a Russian party has no VAT number (it has ИНН and ОГРН): remove it, or give the "
            "party's country, e.g. country: GB",
        )
    ]


# --- properties: IBAN check digits and sort codes --------------------------------------------------


def _check_digits(country: str, bban: str) -> str:
    """ISO 13616 check digits, computed here independently of schwifty: 98 - (BBAN, country, 00) mod 97."""
    digits = "".join(str(int(c, 36)) for c in bban + country + "00")
    return f"{98 - int(digits) % 97:02d}"


uk_bban = st.builds(
    lambda bank, sort, account: bank + sort + account,
    st.text(string.ascii_uppercase, min_size=4, max_size=4),
    st.text(string.digits, min_size=6, max_size=6),
    st.text(string.digits, min_size=8, max_size=8),
)


@given(uk_bban)
def test_any_uk_iban_with_right_check_digits_passes(bban: str) -> None:
    value = f"GB{_check_digits('GB', bban)}{bban}"
    assert requisites.iban(value) is None
    code, account = bban[4:10], bban[10:]
    assert requisites.iban_matches_account(value, code, account) is None


@given(uk_bban, st.integers(min_value=4, max_value=21), st.integers(min_value=1, max_value=9))
def test_any_one_changed_digit_of_a_uk_iban_is_caught(bban: str, position: int, change: int) -> None:
    value = f"GB{_check_digits('GB', bban)}{bban}"
    if not value[position].isdigit():
        return  # a letter of the bank's code: changing a digit is the case here
    changed = value[:position] + str((int(value[position]) + change) % 10) + value[position + 1 :]
    assert requisites.iban(changed) == f"IBAN {requisites._spaced(changed)}: its check digits are wrong"


@given(st.text(string.digits, min_size=6, max_size=6), st.booleans())
def test_any_six_digits_are_a_sort_code_with_or_without_hyphens(digits: str, hyphens: bool) -> None:
    written = "-".join((digits[:2], digits[2:4], digits[4:])) if hyphens else digits
    assert requisites.sort_code(written) is None


@given(st.text(string.digits + "- ", max_size=10))
def test_anything_else_is_not_a_sort_code(text: str) -> None:
    plain = text.replace("-", "")
    well_formed = (
        len(plain) == 6 and plain.isdigit() and text in (plain, f"{plain[:2]}-{plain[2:4]}-{plain[4:]}")
    )
    assert (requisites.sort_code(text) is None) == well_formed


# --- playbook.yml: currency, locale and the seller's requisites ------------------------------------


def check(project: Path, replace: dict[str, str]) -> str:
    playbook = project / "standards/playbook.yml"
    text = playbook.read_text(encoding="utf-8")
    for old, new in replace.items():
        assert old in text
        text = text.replace(old, new)
    playbook.write_text(text, encoding="utf-8")
    return CliRunner().invoke(cli, ["check", "-C", str(project)]).output


def test_any_iso_currency_is_accepted_and_a_typo_is_said_at_its_place(project: Path) -> None:
    assert "currency" not in check(project, {"currency: USD": "currency: GBP"})
    output = check(project, {"currency: GBP": "currency: GPB"})
    assert (
        "standards/playbook.yml:4:11: error: currency: 'GPB' is not an ISO 4217 currency code "
        "(did you mean 'GBP'?) [schema]"
    ) in output


def test_a_locale_must_be_of_the_playbooks_language(project: Path) -> None:
    assert "locale" not in check(project, {"currency: USD": "currency: USD\nlocale: en_GB"})
    output = check(project, {"locale: en_GB": "locale: de_DE"})
    assert (
        "standards/playbook.yml:5:9: error: locale: 'de_DE' is not of the language en, e.g. en_GB [schema]"
        in output
    )


def test_the_sellers_own_requisites_are_checked_by_its_country(project: Path) -> None:
    seller = (
        "company:\n  name: Acme Ltd\n  country: GB\n  registration_number: '09876543'\n"
        "  vat_id: GB123456789\n  bank:\n    name: Barclays\n    iban: GB33 BUKB 2020 1555 5555 56\n"
    )
    output = check(project, {"company:\n  name: Acme Ltd\n": seller})
    assert "error: IBAN GB33 BUKB 2020 1555 5555 56: its check digits are wrong [schema]" in output
    line = next(line for line in output.splitlines() if "IBAN" in line)
    assert line.startswith("standards/playbook.yml:14:11:")

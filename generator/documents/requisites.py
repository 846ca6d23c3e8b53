"""Requisites checked: each check returns what is wrong, in words for people, or None.

Russian ones by their checksums, our own implementation from the tax service's and the Bank of
Russia's published algorithms (python-stdnum checks ОГРНИП modulo 11; the register uses modulo
13). A party of another country: its IBAN and BIC by schwifty, a UK sort code and account number,
company number and VAT number by their form.
"""

from __future__ import annotations

import re

import pycountry
from schwifty import BIC, IBAN
from schwifty.exceptions import (
    InvalidBBANChecksum,
    InvalidChecksumDigits,
    InvalidCountryCode,
    InvalidLength,
    SchwiftyException,
)

_INN10_WEIGHTS = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN11_WEIGHTS = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_WEIGHTS = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_ACCOUNT_WEIGHTS = (7, 1, 3) * 8
_KPP = re.compile(r"[0-9]{4}[0-9A-Z]{2}[0-9]{3}")  # [0-9], not \d: \d takes any script's digits
CHECKSUM = "checksum does not match"


def _digits(value: str, lengths: tuple[int, ...], what: str) -> str | None:
    if value.isascii() and value.isdigit() and len(value) in lengths:
        return None
    counts = " or ".join(str(n) for n in lengths)
    return f"{what} must be {counts} digits, got {value!r}"


def _weighted(digits: str, weights: tuple[int, ...]) -> int:
    return sum(int(d) * w for d, w in zip(digits, weights, strict=False))


def inn(value: str, length: int | None = None) -> str | None:
    """ИНН: 10 digits (organisation) or 12 (sole trader, person), with one or two check digits."""
    lengths = (length,) if length else (10, 12)
    wrong = _digits(value, lengths, "ИНН")
    if wrong:
        return wrong
    if len(value) == 10:
        ok = _weighted(value, _INN10_WEIGHTS) % 11 % 10 == int(value[9])
    else:
        ok = _weighted(value, _INN11_WEIGHTS) % 11 % 10 == int(value[10]) and _weighted(
            value, _INN12_WEIGHTS
        ) % 11 % 10 == int(value[11])
    return None if ok else CHECKSUM


def kpp(value: str) -> str | None:
    """КПП: four digits (tax office), two digits or capital Latin letters (reason), three digits."""
    if _KPP.fullmatch(value):
        return None
    return f"КПП must be 9 characters: 4 digits, 2 digits or capital Latin letters, 3 digits; got {value!r}"


def ogrn(value: str, length: int | None = None) -> str | None:
    """ОГРН (13 digits, check digit = first 12 mod 11 mod 10) or ОГРНИП (15, first 14 mod 13 mod 10)."""
    lengths = (length,) if length else (13, 15)
    wrong = _digits(value, lengths, "ОГРНИП" if length == 15 else "ОГРН")
    if wrong:
        return wrong
    modulus = 11 if len(value) == 13 else 13
    return None if int(value[:-1]) % modulus % 10 == int(value[-1]) else CHECKSUM


def bik(value: str) -> str | None:
    """БИК: 9 digits; Russian banks' start with 04 (the country code)."""
    wrong = _digits(value, (9,), "БИК")
    if wrong:
        return wrong
    return None if value.startswith("04") else f"БИК must start with 04, got {value!r}"


def settlement_account(account: str, bank_bik: str) -> str | None:
    """Расчётный счёт: 20 digits whose key with the last three digits of the БИК sums to 0 mod 10."""
    wrong = _digits(account, (20,), "the account")
    if wrong:
        return wrong
    return _keyed(bank_bik[-3:] + account)


def correspondent_account(account: str, bank_bik: str) -> str | None:
    """Корреспондентский счёт: 20 digits starting 301, keyed with "0" and the БИК's 5th and 6th digits."""
    wrong = _digits(account, (20,), "the correspondent account")
    if wrong:
        return wrong
    if not account.startswith("301"):
        return f"a correspondent account starts with 301, got {account!r}"
    return _keyed("0" + bank_bik[4:6] + account)


def _keyed(digits: str) -> str | None:
    return None if _weighted(digits, _ACCOUNT_WEIGHTS) % 10 == 0 else f"{CHECKSUM} with the БИК"


# --- requisites of a party outside Russia ----------------------------------------------------------

RUSSIA = "RU"  # a party's country unless it says another (ISO 3166 alpha-2)
_SORT_CODE = re.compile(r"[0-9]{6}|[0-9]{2}-[0-9]{2}-[0-9]{2}")
_UK_ACCOUNT = re.compile(r"[0-9]{8}")
# A UK company number: 8 digits, or a prefix of 2 capital letters (SC Scotland, NI, OC, …) and 6
_UK_COMPANY = re.compile(r"[0-9]{8}|[A-Z]{2}[0-9]{6}")
_VAT_ID = re.compile(r"[A-Z]{2}[0-9A-Z]{2,13}")
_UK_VAT = re.compile(r"GB([0-9]{9}|[0-9]{12}|GD[0-9]{3}|HA[0-9]{3})")
_IBAN_PROBLEMS: dict[type[SchwiftyException], str] = {
    InvalidChecksumDigits: "its check digits are wrong",
    InvalidLength: "it has the wrong number of characters for its country",
    InvalidCountryCode: "it does not start with a known country's code",
    InvalidBBANChecksum: "the account number inside it fails its national check",
}


def _spaced(value: str) -> str:
    """An IBAN as people read it, in groups of four: GB33 BUKB 2020 1555 5555 55."""
    compact = re.sub(r"\s", "", value).upper()
    return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))


def country(value: str) -> str | None:
    """A country: its ISO 3166 two-letter code (GB, DE, RU)."""
    if pycountry.countries.get(alpha_2=value) is not None:
        return None
    hint = " (the United Kingdom's is GB)" if value == "UK" else ""
    return f"{value!r} is not a country's two-letter ISO 3166 code, such as GB, DE or RU{hint}"


def iban(value: str) -> str | None:
    """An IBAN, by its structure for its country and its check digits (schwifty)."""
    try:
        IBAN(value)
    except SchwiftyException as exc:
        why = next((text for kind, text in _IBAN_PROBLEMS.items() if isinstance(exc, kind)), None)
        return f"IBAN {_spaced(value)}: {why or 'it is not written as an IBAN of its country'}"
    return None


def bic(value: str) -> str | None:
    """A BIC (SWIFT code): 8 or 11 characters, the bank, its country, location and branch."""
    try:
        BIC(value)
    except SchwiftyException:
        return (
            f"BIC {value}: a BIC is 8 or 11 letters and digits — the bank (4 letters), its country "
            "(2 letters), its place (2) and, optionally, its branch (3), e.g. BUKBGB22"
        )
    return None


def sort_code(value: str) -> str | None:
    """A UK sort code: six digits, written 20-15-55 or 201555."""
    if _SORT_CODE.fullmatch(value):
        return None
    return f"sort code {value}: a sort code is six digits, written 20-15-55"


def uk_account_number(value: str) -> str | None:
    """A UK bank account number: eight digits."""
    if _UK_ACCOUNT.fullmatch(value):
        return None
    return f"account number {value}: a UK account number is eight digits"


def iban_matches_account(value: str, code: str, account: str) -> str | None:
    """A UK IBAN holds its sort code and account number: both must be the ones given beside it."""
    try:
        parsed = IBAN(value)
    except SchwiftyException:
        return None  # the IBAN itself is reported
    if parsed.country_code != "GB":
        return None
    if parsed.branch_code != code.replace("-", "") or parsed.account_code != account:
        return (
            f"IBAN {_spaced(value)} is of sort code {_dashed(parsed.branch_code)}, account "
            f"{parsed.account_code}, not the sort code {code} and account number {account} given beside it"
        )
    return None


def _dashed(code: str) -> str:
    return "-".join(code[i : i + 2] for i in range(0, 6, 2))


def company_number(value: str, where: str) -> str | None:
    """A company's registration number; a UK one (Companies House) is checked for its form."""
    if where != "GB" or _UK_COMPANY.fullmatch(value):
        return None
    return (
        f"company number {value}: a Companies House number is 8 digits, or 2 capital letters "
        "and 6 digits (SC123456)"
    )


def vat_id(value: str, where: str) -> str | None:
    """A VAT registration number: the country's prefix (EL for Greece), then its digits; a UK one
    is GB and 9 digits (or 12 for a branch)."""
    prefix = "EL" if where == "GR" else where
    if where == "GB" and not _UK_VAT.fullmatch(value):
        return f"VAT number {value}: a UK VAT number is GB and 9 digits, e.g. GB123456789"
    if not _VAT_ID.fullmatch(value) or not value.startswith(prefix):
        return f"VAT number {value}: it must start with {prefix}, the country's prefix, then its digits"
    return None

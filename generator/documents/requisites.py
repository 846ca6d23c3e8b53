"""Checksums of Russian company requisites: each check returns what is wrong, or None.

Our own implementation from the tax service's and the Bank of Russia's published algorithms
(python-stdnum checks ОГРНИП modulo 11; the register uses modulo 13).
"""

from __future__ import annotations

import re

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

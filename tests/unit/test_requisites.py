"""Checksums of requisites against real, public numbers, and single-digit typos.

Known good: ПАО Сбербанк (ИНН 7707083893, КПП 773601001, ОГРН 1027700132195, БИК 044525225,
к/с 30101810400000000225), the tax service's published sample of a person's ИНН 500100732259 and
a sole trader's ОГРНИП 304500116000157.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.documents import requisites

SBER_BIK = "044525225"
GOOD: list[tuple[str, Callable[[str], str | None], str]] = [
    ("ИНН 10", lambda v: requisites.inn(v, 10), "7707083893"),
    ("ИНН 12", lambda v: requisites.inn(v, 12), "500100732259"),
    ("ОГРН", lambda v: requisites.ogrn(v, 13), "1027700132195"),
    ("ОГРНИП", lambda v: requisites.ogrn(v, 15), "304500116000157"),
    ("р/с", lambda v: requisites.settlement_account(v, SBER_BIK), "40702810338000047512"),
    ("к/с", lambda v: requisites.correspondent_account(v, SBER_BIK), "30101810400000000225"),
]


@pytest.mark.parametrize(("what", "check", "value"), GOOD, ids=[g[0] for g in GOOD])
def test_real_requisites_pass(what: str, check: Callable[[str], str | None], value: str) -> None:
    assert check(value) is None


def test_kpp_and_bik_formats() -> None:
    assert requisites.kpp("773601001") is None
    assert requisites.kpp("7736AB001") is None  # the reason code may be letters
    assert requisites.kpp("77360100") == (
        "КПП must be 9 characters: 4 digits, 2 digits or capital Latin letters, 3 digits; got '77360100'"
    )
    assert requisites.bik(SBER_BIK) is None
    assert requisites.bik("144525225") == "БИК must start with 04, got '144525225'"
    assert requisites.bik("04452522") == "БИК must be 9 digits, got '04452522'"


def test_wrong_lengths_say_what_is_expected() -> None:
    assert requisites.inn("770708389") == "ИНН must be 10 or 12 digits, got '770708389'"
    assert requisites.inn("500100732259", 10) == "ИНН must be 10 digits, got '500100732259'"
    assert requisites.ogrn("1027700132195", 15) == "ОГРНИП must be 15 digits, got '1027700132195'"
    assert (
        requisites.inn("７７０７０８３８９３") == "ИНН must be 10 or 12 digits, got '７７０７０８３８９３'"
    )  # full-width digits


def test_ogrnip_is_checked_modulo_13_not_11() -> None:
    """The register computes an ОГРНИП's check digit modulo 13 (python-stdnum uses 11): for this
    one the two disagree, 9 against 5."""
    assert requisites.ogrn("304770010000009") is None
    assert requisites.ogrn("304770010000005") == requisites.CHECKSUM


def test_accounts_are_keyed_with_the_bik() -> None:
    assert (
        requisites.settlement_account("40702810338000047512", "044525593")
        == "checksum does not match with the БИК"
    )
    assert requisites.correspondent_account("40702810338000047512", SBER_BIK) == (
        "a correspondent account starts with 301, got '40702810338000047512'"
    )


@given(data=st.data())
@pytest.mark.parametrize(("what", "check", "value"), GOOD, ids=[g[0] for g in GOOD])
def test_any_single_digit_typo_fails(
    what: str, check: Callable[[str], str | None], value: str, data: st.DataObject
) -> None:
    """A typo in one digit is caught. (For the modulo-11 and -13 numbers that holds for these
    known-good ones, whose remainders are far from the 0/10 pair that % 10 folds together.)"""
    position = data.draw(st.integers(0, len(value) - 1))
    digit = data.draw(st.sampled_from([d for d in "0123456789" if d != value[position]]))
    typo = value[:position] + digit + value[position + 1 :]
    assert check(typo) is not None


@given(st.text(alphabet="0123456789", min_size=0, max_size=25))
def test_any_digits_give_an_answer_never_an_exception(value: str) -> None:
    for check in (requisites.inn, requisites.ogrn, requisites.kpp, requisites.bik):
        assert check(value) is None or isinstance(check(value), str)
    for keyed in (requisites.settlement_account, requisites.correspondent_account):
        assert keyed(value, SBER_BIK) is None or isinstance(keyed(value, SBER_BIK), str)

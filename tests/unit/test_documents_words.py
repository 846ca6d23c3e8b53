"""Russian in words: amounts (examples and a round trip), dates, genitive names and positions."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.documents.words import (
    addressed,
    agree,
    amount_words,
    date_words,
    gender_of,
    genitive,
    initials,
    number_words,
)


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("1234567.89", "Один миллион двести тридцать четыре тысячи пятьсот шестьдесят семь рублей 89 копеек"),
        ("120000", "Сто двадцать тысяч рублей 00 копеек"),
        ("0", "Ноль рублей 00 копеек"),
        ("0.01", "Ноль рублей 01 копейка"),
        ("1", "Один рубль 00 копеек"),
        ("2.02", "Два рубля 02 копейки"),
        ("5.05", "Пять рублей 05 копеек"),
        ("11.11", "Одиннадцать рублей 11 копеек"),
        ("14.14", "Четырнадцать рублей 14 копеек"),
        ("21.21", "Двадцать один рубль 21 копейка"),
        ("22.22", "Двадцать два рубля 22 копейки"),
        ("111", "Сто одиннадцать рублей 00 копеек"),
        ("1001", "Одна тысяча один рубль 00 копеек"),
        ("2000", "Две тысячи рублей 00 копеек"),
        ("5000000", "Пять миллионов рублей 00 копеек"),
        ("21000000000", "Двадцать один миллиард рублей 00 копеек"),
        ("408919.35", "Четыреста восемь тысяч девятьсот девятнадцать рублей 35 копеек"),
    ],
)
def test_amounts_in_words(amount: str, words: str) -> None:
    assert amount_words(Decimal(amount)) == words


def test_other_currencies() -> None:
    assert amount_words(Decimal("21.5"), "USD") == "Двадцать один доллар США 50 центов"
    assert amount_words(Decimal("3"), "EUR") == "Три евро 00 центов"


_VALUES = {
    **dict.fromkeys(("один", "одна"), 1),
    **dict.fromkeys(("два", "две"), 2),
    "три": 3,
    "четыре": 4,
    "пять": 5,
    "шесть": 6,
    "семь": 7,
    "восемь": 8,
    "девять": 9,
    "десять": 10,
    "одиннадцать": 11,
    "двенадцать": 12,
    "тринадцать": 13,
    "четырнадцать": 14,
    "пятнадцать": 15,
    "шестнадцать": 16,
    "семнадцать": 17,
    "восемнадцать": 18,
    "девятнадцать": 19,
    "двадцать": 20,
    "тридцать": 30,
    "сорок": 40,
    "пятьдесят": 50,
    "шестьдесят": 60,
    "семьдесят": 70,
    "восемьдесят": 80,
    "девяносто": 90,
    "сто": 100,
    "двести": 200,
    "триста": 300,
    "четыреста": 400,
    "пятьсот": 500,
    "шестьсот": 600,
    "семьсот": 700,
    "восемьсот": 800,
    "девятьсот": 900,
    "ноль": 0,
}
_SCALES = {"тысяч": 10**3, "миллион": 10**6, "миллиард": 10**9}


def _read_back(words: str) -> int:
    """The number a Russian reader gets from the words (our oracle for the round trip)."""
    total = group = 0
    for word in words.split():
        scale = next((v for stem, v in _SCALES.items() if word.startswith(stem)), None)
        if scale:
            total += max(group, 1) * scale
            group = 0
        else:
            group += _VALUES[word]
    return total + group


def _form(n: int) -> str:
    return "many" if 11 <= n % 100 <= 14 else {1: "one", 2: "few", 3: "few", 4: "few"}.get(n % 10, "many")


_RUBLES = {"рубль": "one", "рубля": "few", "рублей": "many"}
_KOPECKS = {"копейка": "one", "копейки": "few", "копеек": "many"}


@given(st.integers(0, 999_999_999_999), st.integers(0, 99))
def test_amount_words_round_trip(rubles: int, kopecks: int) -> None:
    text = amount_words(Decimal(rubles) + Decimal(kopecks) / 100)
    match = re.fullmatch(r"(.+) (рубль|рубля|рублей) (\d\d) (копейка|копейки|копеек)", text)
    assert match, text
    spoken, ruble_word, digits, kopeck_word = match.groups()
    assert spoken[0].isupper() and spoken[1:] == spoken[1:].lower()
    assert _read_back(spoken.lower()) == rubles
    assert digits == f"{kopecks:02d}"
    assert _RUBLES[ruble_word] == _form(rubles)
    assert _KOPECKS[kopeck_word] == _form(kopecks)


@given(st.integers(1, 999))
def test_thousands_agree_in_gender(n: int) -> None:
    """Тысяча is feminine: «одна тысяча», «две тысячи», never «один тысяча»."""
    words = number_words(n * 1000).split()
    assert "один" not in words and "два" not in words


@given(st.decimals(min_value=0, max_value=10**9, places=3, allow_nan=False, allow_infinity=False))
def test_amounts_round_half_up_to_kopecks(amount: Decimal) -> None:
    text = amount_words(amount)
    kopecks = int(re.search(r" (\d\d) копе", text).group(1))  # type: ignore[union-attr]
    expected = int((amount * 100).quantize(Decimal(1), rounding="ROUND_HALF_UP")) % 100
    assert kopecks == expected


def test_dates_in_words_use_the_genitive_month() -> None:
    assert date_words(datetime.date(2026, 11, 27)) == "«27» ноября 2026 г."
    assert date_words(datetime.date(2026, 3, 1)) == "«01» марта 2026 г."
    assert date_words(datetime.date(2026, 5, 9)) == "«09» мая 2026 г."


@pytest.mark.parametrize(
    ("nominative", "genitive_case"),
    [
        ("Соколов Андрей Викторович", "Соколова Андрея Викторовича"),
        ("Белова Марина Сергеевна", "Беловой Марины Сергеевны"),
        ("Черных Илья Ильич", "Черных Ильи Ильича"),
        ("Шевчук Анна Ивановна", "Шевчук Анны Ивановны"),
        ("Шевчук Олег Иванович", "Шевчука Олега Ивановича"),
        ("Толстой Лев Николаевич", "Толстого Льва Николаевича"),
        ("Бондаренко Тарас Петрович", "Бондаренко Тараса Петровича"),
        ("Быстрицкая Эльза Ивановна", "Быстрицкой Эльзы Ивановны"),
        ("Крапивина Агния Павловна", "Крапивиной Агнии Павловны"),
        ("Петров-Водкин Кузьма Сергеевич", "Петрова-Водкина Кузьмы Сергеевича"),
        ("Генеральный директор", "Генерального директора"),
        ("Индивидуальный предприниматель", "Индивидуального предпринимателя"),
        ("Старший менеджер по продажам", "Старшего менеджера по продажам"),
        ("Заместитель генерального директора", "Заместителя генерального директора"),
        ("Главный бухгалтер", "Главного бухгалтера"),
        ("Управляющий", "Управляющего"),
    ],
)
def test_genitive(nominative: str, genitive_case: str) -> None:
    assert genitive(nominative) == genitive_case


def test_initials() -> None:
    assert initials("Соколов Андрей Викторович") == "Соколов А. В."
    assert initials("Смит Джон") == "Смит Д."
    assert initials("Иванова Анна-Мария Петровна") == "Иванова А.-М. П."


def test_a_letter_greets_a_person_by_given_name_and_patronymic() -> None:
    assert addressed("Лебедева Ольга Игоревна") == "Ольга Игоревна"
    assert addressed("Смит Джон") == "Смит Джон"  # no patronymic: the name as written
    assert addressed("ООО Ромашка Плюс") == "ООО Ромашка Плюс"


def test_a_name_tells_its_gender_by_the_patronymic_else_the_given_name() -> None:
    assert gender_of("Белова Марина Сергеевна") == "female"
    assert gender_of("Гусева Саша Игоревна") == "female"  # Саша alone says neither
    assert gender_of("Соколов Андрей Викторович") == "male"
    assert gender_of("Шевчук Анна") == "female"
    assert gender_of("Ким Саша") is None
    assert gender_of("Генеральный") is None


def test_the_word_that_agrees_with_a_gender() -> None:
    assert agree("female", "действующего", "действующей") == "действующей"
    assert agree("male", "именуемый", "именуемая") == "именуемый"
    with pytest.raises(ValueError, match="give their gender"):
        agree(None, "действующего", "действующей")


def test_a_given_gender_declines_the_surname() -> None:
    """Ким Саша could be either: the gender given decides, as a woman's surname in a consonant stays."""
    assert genitive("Ким Саша", "female") == "Ким Саши"
    assert genitive("Ким Саша", "male") == "Кима Саши"

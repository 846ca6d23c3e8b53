"""Russian in words: amounts with their currency, dates, names and positions in the genitive case.

Amounts are our own: the rules are short and exact (num2words writes kopecks in words and puts
a comma before them, which Russian invoices do not). Dates come from Babel's CLDR data, whose
month names in a formatted date are already genitive. Names and positions are inflected with
pymorphy3's dictionary, with the regular surname rules for surnames it does not know; a name's
gender (for the surname's ending and the words that agree with it) comes from pytrovich.
"""

from __future__ import annotations

import datetime
import re
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import NamedTuple

import pymorphy3
from babel.dates import format_date
from babel.numbers import get_currency_name
from num2words import num2words
from pytrovich.detector import PetrovichGenderDetector
from pytrovich.enums import Gender

from generator.documents.labels import RUSSIAN, language, parsed


class Forms(NamedTuple):
    """A noun's three forms after a number: 1 (one), 2-4 (few), 5-20 (many)."""

    one: str
    few: str
    many: str


class Currency(NamedTuple):
    unit: Forms
    subunit: Forms


CURRENCIES = {
    "RUB": Currency(Forms("рубль", "рубля", "рублей"), Forms("копейка", "копейки", "копеек")),
    "USD": Currency(Forms("доллар США", "доллара США", "долларов США"), Forms("цент", "цента", "центов")),
    "EUR": Currency(Forms("евро", "евро", "евро"), Forms("цент", "цента", "центов")),
    "KZT": Currency(Forms("тенге", "тенге", "тенге"), Forms("тиын", "тиына", "тиынов")),
    "BYN": Currency(
        Forms("белорусский рубль", "белорусских рубля", "белорусских рублей"),
        Forms("копейка", "копейки", "копеек"),
    ),
}

_ONES_MASC = ("", "один", "два", "три", "четыре", "пять", "шесть", "семь", "восемь", "девять")
_ONES_FEM = ("", "одна", "две", *_ONES_MASC[3:])
_TEENS = (
    "десять",
    "одиннадцать",
    "двенадцать",
    "тринадцать",
    "четырнадцать",
    "пятнадцать",
    "шестнадцать",
    "семнадцать",
    "восемнадцать",
    "девятнадцать",
)
_TENS = (
    "",
    "",
    "двадцать",
    "тридцать",
    "сорок",
    "пятьдесят",
    "шестьдесят",
    "семьдесят",
    "восемьдесят",
    "девяносто",
)
_HUNDREDS = (
    "",
    "сто",
    "двести",
    "триста",
    "четыреста",
    "пятьсот",
    "шестьсот",
    "семьсот",
    "восемьсот",
    "девятьсот",
)
# Powers of a thousand: the noun and whether its numerals are feminine (одна тысяча, две тысячи).
_SCALES = (
    (Forms("", "", ""), False),
    (Forms("тысяча", "тысячи", "тысяч"), True),
    (Forms("миллион", "миллиона", "миллионов"), False),
    (Forms("миллиард", "миллиарда", "миллиардов"), False),
    (Forms("триллион", "триллиона", "триллионов"), False),
    (Forms("квадриллион", "квадриллиона", "квадриллионов"), False),
)


def plural(n: int, forms: Forms) -> str:
    """The form of a noun after the number ``n``: 1, 21 рубль; 2, 34 рубля; 5, 11, 112 рублей."""
    n = abs(n)
    if 11 <= n % 100 <= 14:
        return forms.many
    return {1: forms.one, 2: forms.few, 3: forms.few, 4: forms.few}.get(n % 10, forms.many)


def _triple(n: int, feminine: bool) -> list[str]:
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    words = [_HUNDREDS[hundreds]]
    if tens == 1:
        words.append(_TEENS[ones])
    else:
        words += [_TENS[tens], (_ONES_FEM if feminine else _ONES_MASC)[ones]]
    return [w for w in words if w]


def number_words(n: int) -> str:
    """A whole number in words, masculine: 1234567 → «один миллион двести тридцать четыре тысячи пятьсот шестьдесят семь»."""
    if n == 0:
        return "ноль"
    if n < 0:
        return f"минус {number_words(-n)}"
    if n >= 1000 ** len(_SCALES):
        raise ValueError(f"{n} is too large to write in words")
    words: list[str] = []
    for power in range(len(_SCALES) - 1, -1, -1):
        triple = n // 1000**power % 1000
        if triple:
            forms, feminine = _SCALES[power]
            words += _triple(triple, feminine)
            if power:
                words.append(plural(triple, forms))
    return " ".join(words)


def amount_words(amount: Decimal, currency: str = "RUB", locale: str = RUSSIAN) -> str:
    """«Один миллион двести тридцать четыре тысячи пятьсот шестьдесят семь рублей 89 копеек»;
    in another language by num2words («Fifty-one thousand, four hundred and eighty pounds
    sterling, zero pence»). A currency whose words neither knows is named as Babel names it, with
    its cents as a fraction («… British pounds 50/100»)."""
    cents = int((abs(amount) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    whole, fraction = divmod(cents, 100)
    negative = amount < 0 and cents
    if language(locale) != RUSSIAN:
        text = _foreign_amount_words(Decimal(cents) / 100, whole, fraction, currency, language(locale))
        text = f"minus {text}" if negative else text
    else:
        forms = CURRENCIES.get(currency)
        if forms is None:
            name = get_currency_name(currency, count=whole, locale=parsed(locale))
            words = f"{number_words(whole)} {name} {fraction:02d}/100"
        else:
            words = f"{number_words(whole)} {plural(whole, forms.unit)} {fraction:02d} {plural(fraction, forms.subunit)}"
        text = f"минус {words}" if negative else words
    return text[0].upper() + text[1:]


def _foreign_amount_words(amount: Decimal, whole: int, fraction: int, currency: str, lang: str) -> str:
    try:
        spelled: str = num2words(amount, lang=lang, to="currency", currency=currency)
    except NotImplementedError:  # num2words has no words for this currency in this language
        name = get_currency_name(currency, count=whole, locale=lang)
        return f"{num2words(whole, lang=lang)} {name} {fraction:02d}/100"
    return spelled


def date_words(day: datetime.date, locale: str = RUSSIAN) -> str:
    """«27» ноября 2026 г. — the day in guillemets, the month in the genitive; in another locale
    its long date: 27 November 2026 (en_GB), November 27, 2026 (en)."""
    if language(locale) != RUSSIAN:
        return format_date(day, "long", locale=parsed(locale))
    return format_date(day, "«dd» MMMM y 'г.'", locale="ru")


def date_digits(day: datetime.date, locale: str = RUSSIAN) -> str:
    """27.11.2026; in another locale its short date with the year in full: 27/11/2026, 11/27/2026."""
    if language(locale) != RUSSIAN:
        pattern = parsed(locale).date_formats["short"].pattern
        return format_date(day, re.sub("y+", "y", pattern), locale=parsed(locale))
    return day.strftime("%d.%m.%Y")


def initials(name: str) -> str:
    """«Соколов Андрей Викторович» → «Соколов А. В.» (a double given name keeps its hyphen: А.-М.)."""
    surname, *rest = name.split()
    letters = ["-".join(f"{part[0]}." for part in word.split("-") if part) for word in rest]
    return " ".join([surname, *letters])


def addressed(name: str) -> str:
    """How a letter greets a person: by given name and patronymic, as Russian business letters do
    («Лебедева Ольга Игоревна» → «Ольга Игоревна»); a name without a patronymic as written."""
    words = name.split()
    return " ".join(words[1:]) if len(words) == 3 and _looks_like_name(words) else name


# --- the genitive case ---------------------------------------------------------------------------

_HUSHING = tuple("гкхжшщч")


@cache
def _morph() -> pymorphy3.MorphAnalyzer:
    return pymorphy3.MorphAnalyzer()


def _same_case(original: str, inflected: str) -> str:
    """``inflected`` with the capital letters of ``original`` where they overlap (Генерального, IT-…)."""
    return "".join(
        c.upper() if i < len(original) and original[i].isupper() else c for i, c in enumerate(inflected)
    )


def genitive(text: str, gender: str | None = None) -> str:
    """A full name («Соколов Андрей Викторович» → «Соколова Андрея Викторовича») or a position
    («Генеральный директор» → «Генерального директора») in the genitive case; a name by the
    ``gender`` given (a surname declines by it), else by the one the name tells."""
    words = text.split()
    if not words:
        return text
    if len(words) in (2, 3) and _looks_like_name(words):
        return _name_genitive(words, gender)
    return _position_genitive(words)


_PATRONYMIC = re.compile(r"(вич|ич|вна|чна|ична|оглы|кызы)$", re.IGNORECASE)


def _looks_like_name(words: list[str]) -> bool:
    if not all(w[:1].isupper() for w in words):
        return False
    if len(words) == 3:
        return bool(_PATRONYMIC.search(words[2]))
    return any("Name" in p.tag for p in _morph().parse(words[1]))


FEMALE, MALE = "female", "male"  # a person's gender, as the data writes it
GENDERS = (FEMALE, MALE)
_DETECTED = {Gender.FEMALE: FEMALE, Gender.MALE: MALE}


@cache
def _detector() -> PetrovichGenderDetector:
    return PetrovichGenderDetector()


def gender_of(name: str) -> str | None:
    """A full name's gender (``female``, ``male``) by its patronymic, else its given name, as
    pytrovich tells it; None when the name does not say (Ким Саша, a one-word name)."""
    words = name.split()
    if len(words) < 2:
        return None
    surname, given, *rest = words
    patronymic = rest[0] if rest else None
    detected = _detector().detect(  # type: ignore[no-untyped-call]  # pytrovich leaves it unannotated
        firstname=given, middlename=patronymic, lastname=surname
    )
    return _DETECTED.get(detected)


def agree(gender: str | None, masculine: str, feminine: str) -> str:
    """The word that agrees with a person of ``gender``: «действующего» or «действующей»."""
    if gender not in GENDERS:
        raise ValueError("the person's gender is not known: give their gender (female or male)")
    return feminine if gender == FEMALE else masculine


def _gender(words: list[str]) -> str:
    """pymorphy3's gender tag of a name: femn or masc (masc when the name does not say)."""
    return "femn" if gender_of(" ".join(words)) == FEMALE else "masc"


def _name_genitive(words: list[str], given_gender: str | None) -> str:
    gender = {FEMALE: "femn", MALE: "masc"}.get(given_gender or "") or _gender(words)
    surname = "-".join(_surname_genitive(part, gender) for part in words[0].split("-"))
    given = _given_genitive(words[1], gender)
    result = [surname, given]
    if len(words) == 3:
        result.append(_patronymic_genitive(words[2]))
    return " ".join(result)


def _patronymic_genitive(word: str) -> str:
    lower = word.lower()
    if lower.endswith("ич"):
        return word + "а"
    if lower.endswith("на"):
        return word[:-1] + "ы"
    return word  # оглы, кызы: unchanged


def _given_genitive(word: str, gender: str) -> str:
    for parse in _morph().parse(word):
        if "Name" in parse.tag and parse.tag.gender == gender and parse.tag.case == "nomn":
            inflected = parse.inflect({"gent"})
            if inflected:
                return _same_case(word, inflected.word)
    return _noun_genitive(word, gender)


def _noun_genitive(word: str, gender: str) -> str:
    """The regular first-declension and second-declension endings, for a word the dictionary lacks."""
    lower = word.lower()
    if lower.endswith("ия"):
        return word[:-1] + "и"
    if lower.endswith("а"):
        return word[:-1] + ("и" if lower[:-1].endswith(_HUSHING) else "ы")
    if lower.endswith("я"):
        return word[:-1] + "и"
    if gender == "femn":
        return word[:-1] + "и" if lower.endswith("ь") else word
    if lower.endswith(("й", "ь")):
        return word[:-1] + "я"
    if lower[-1:] in "бвгджзклмнпрстфхцчшщ":
        return word + "а"
    return word


def _surname_genitive(word: str, gender: str) -> str:
    """Russian surnames decline by their ending and the bearer's gender; -ых, -ко, -о and the
    like, and a woman's surname ending in a consonant, do not decline."""
    lower = word.lower()
    if lower.endswith(("ых", "их", "ко", "о", "е", "и", "у", "ю", "э", "ы")):
        return word
    if gender == "femn":
        if lower.endswith(("ова", "ева", "ёва", "ина", "ына")):
            return word[:-1] + "ой"
        if lower.endswith("яя"):
            return word[:-2] + "ей"
        if lower.endswith("ая"):
            return word[:-2] + "ой"
        if lower.endswith(("а", "я")):
            return _noun_genitive(word, gender)
        return word
    if lower.endswith(("ский", "цкий", "ый", "ой")) or (
        lower.endswith("ий") and lower[:-2].endswith(_HUSHING)
    ):
        return word[:-2] + "ого"
    if lower.endswith("ий") and len(lower) > 4:
        return word[:-2] + "его"
    return _noun_genitive(word, gender)


def _position_genitive(words: list[str]) -> str:
    """Inflect the leading adjectives and the head noun («Старший менеджер по продажам» →
    «Старшего менеджера по продажам»); what follows the head is already in its own case."""
    morph = _morph()
    result = list(words)
    for i, word in enumerate(words):
        parses = [
            p for p in morph.parse(word) if p.tag.case == "nomn" and p.tag.POS in ("NOUN", "ADJF", "PRTF")
        ]
        if not parses:
            break
        following = morph.parse(words[i + 1]) if i + 1 < len(words) else []
        before_noun = any(p.tag.case == "nomn" and p.tag.POS in ("NOUN", "ADJF") for p in following)
        preferred = ("ADJF", "PRTF") if before_noun else ("NOUN",)
        parse = next((p for p in parses if p.tag.POS in preferred), parses[0])
        inflected = parse.inflect({"gent"})
        if inflected is None:
            break
        result[i] = _same_case(word, inflected.word)
        if parse.tag.POS == "NOUN":
            break
    return " ".join(result)

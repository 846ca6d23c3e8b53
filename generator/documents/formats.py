"""How a document writes its figures and words: in the playbook's locale, in the seller's currency.

The filters a template uses (``money``, ``date_words``, ``vat_label`` …) and how a value prints
without one are this one record's methods, so every document of a playbook writes the same way.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pycountry
from babel.numbers import get_currency_name

from generator.documents import money, words
from generator.documents.labels import RUSSIAN, labels, language, parsed
from generator.documents.money import Rate, Totals


@dataclass(frozen=True)
class Formats:
    currency: str = "RUB"  # ISO 4217
    locale: str = RUSSIAN  # the playbook's locale, else its language: ru, en, en_GB

    def number(self, value: Decimal, places: int | None = None) -> str:
        return money.format_number(value, places, self.locale)

    def money(self, amount: Decimal) -> str:
        return money.format_money(amount, self.currency, self.locale)

    def amount(self, amount: Decimal) -> str:
        """A form's column of figures: two decimal places, no currency sign."""
        return money.format_number(amount, 2, self.locale)

    def amount_words(self, amount: Decimal) -> str:
        return words.amount_words(amount, self.currency, self.locale)

    def percent(self, value: Decimal) -> str:
        return money.format_percent(value, self.locale)

    def vat_label(self, rate: Rate) -> str:
        return money.vat_label(rate, self.locale)

    def vat_clause(self, totals: Totals, exemption: str | None) -> str:
        return money.vat_clause(totals, exemption, self.currency, self.locale)

    def date(self, day: datetime.date) -> str:
        return words.date_digits(day, self.locale)

    def date_words(self, day: datetime.date) -> str:
        return words.date_words(day, self.locale)

    def currency_name(self) -> tuple[str, str]:
        """The currency's name and its ISO 4217 numeric code (a УПД's ОКВ code): «Российский
        рубль», 643; «British Pound», 826."""
        if language(self.locale) == RUSSIAN and self.currency in money.CURRENCY_NAMES:
            return money.CURRENCY_NAMES[self.currency]
        name = get_currency_name(self.currency, locale=parsed(self.locale))
        known = pycountry.currencies.get(alpha_3=self.currency)
        return name[0].upper() + name[1:], known.numeric if known else ""

    def plain(self, value: Any) -> Any:
        """How a value prints when a template gives no filter: numbers and dates of the locale,
        yes or no in its words, nothing for None."""
        if value is None:
            return ""
        if isinstance(value, bool):
            return labels(self.locale)["yes" if value else "no"]
        if isinstance(value, Decimal):
            return self.number(value)
        if isinstance(value, datetime.date):
            return self.date(value)
        return value


RUSSIAN_FORMATS = Formats()  # a Russian playbook's in roubles: what a template writes unless told

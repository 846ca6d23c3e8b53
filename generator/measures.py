"""A KPI's numbers as people of the playbook's language write them: «185 000 ₽», «25 %»,
«12 дн.»; in English «£185,000», «25%». Babel knows each locale's separators, currency patterns
and unit words, so no language is special here."""

from __future__ import annotations

from decimal import Decimal
from functools import cache

from babel import Locale
from babel.numbers import format_currency, format_decimal, format_percent
from babel.units import format_unit

_DURATIONS = {"days": "duration-day", "hours": "duration-hour", "minutes": "duration-minute"}


def measure(value: int | float | Decimal, unit: str, language: str, currency: str) -> str:
    """``value`` in ``unit`` (a KPI's: money, percent, days, hours, minutes, count, ratio, score)."""
    number = Decimal(str(value))
    locale = _locale(language)
    if unit == "money":
        pattern = locale.currency_formats["standard"].pattern
        if number == number.to_integral_value():
            pattern = pattern.replace(".00", "")  # whole amounts without kopecks or pence
        return format_currency(number, currency, format=pattern, locale=locale, currency_digits=False)
    if unit == "percent":
        return format_percent(number / 100, locale=locale, decimal_quantization=False)
    if unit in _DURATIONS:
        return format_unit(number, _DURATIONS[unit], length="short", locale=locale)
    return format_decimal(number, locale=locale, decimal_quantization=False)


@cache
def _locale(language: str) -> Locale:
    """A language's locale, parsed once: a thousand KPI figures would parse it a thousand times."""
    return Locale.parse(language)

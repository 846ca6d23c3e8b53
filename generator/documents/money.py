"""Money in Decimal: line amounts, VAT and totals, rounded to kopecks as an accountant rounds.

Each line's net and VAT are rounded half up to kopecks; totals are sums of the rounded lines,
so the totals row always equals the sum of the rows printed above it. A price may be given with
VAT or without it, and the amount given is the one kept exact: 9 990,00 ₽ with VAT stays
9 990,00 ₽, its VAT is taken out of it. A payment schedule splits the total exactly: the advance
is rounded, the remainder is what is left, and the last instalment takes the rounding.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from babel.numbers import format_currency, format_decimal, get_currency_symbol
from babel.numbers import format_percent as babel_percent

from generator.documents.labels import RUSSIAN, labels, language, parsed

KOPECK = Decimal("0.01")
HUNDRED = Decimal(100)
NO_VAT = "без НДС"
EXEMPT = "exempt"  # NO_VAT as an English deal writes it

# A VAT rate: a percentage, or NO_VAT for goods and services not subject to VAT.
Rate = Decimal | str


def kopecks(amount: Decimal) -> Decimal:
    """``amount`` rounded half up to two decimal places."""
    return amount.quantize(KOPECK, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Line:
    net: Decimal
    vat: Decimal
    gross: Decimal
    price_net: Decimal  # the unit price without VAT (rounded, when the price was given with VAT)
    price_gross: Decimal  # the unit price with VAT (rounded, when the price was given without VAT)


@dataclass(frozen=True)
class RateTotal:
    rate: Rate
    net: Decimal
    vat: Decimal


@dataclass(frozen=True)
class Totals:
    net: Decimal
    vat: Decimal
    gross: Decimal
    by_rate: tuple[RateTotal, ...]
    count: int


def line(
    quantity: Decimal,
    price: Decimal,
    rate: Rate,
    discount_percent: Decimal = Decimal(0),
    includes_vat: bool = False,
) -> Line:
    """Amounts of one line item: ``price`` is per unit, without VAT or, ``includes_vat``, with it
    (VAT is then taken out of the discounted amount, which stays as given); the discount applies
    to the price as given."""
    amount = kopecks(quantity * price * (HUNDRED - discount_percent) / HUNDRED)
    percent = rate if isinstance(rate, Decimal) else Decimal(0)
    if includes_vat:
        vat = kopecks(amount * percent / (HUNDRED + percent))
        net, gross = amount - vat, amount
        price_net, price_gross = kopecks(price * HUNDRED / (HUNDRED + percent)), kopecks(price)
    else:
        vat = kopecks(amount * percent / HUNDRED)
        net, gross = amount, amount + vat
        price_net, price_gross = kopecks(price), kopecks(price * (HUNDRED + percent) / HUNDRED)
    return Line(net=net, vat=vat, gross=gross, price_net=price_net, price_gross=price_gross)


def totals(lines: Iterable[tuple[Rate, Line]]) -> Totals:
    """Sums of rounded lines, overall and per VAT rate that occurs (highest first); lines without
    VAT count in the sums and have no rate of their own to list."""
    by_rate: dict[Decimal, tuple[Decimal, Decimal]] = {}
    net = vat = Decimal("0.00")
    count = 0
    for rate, amounts in lines:
        count += 1
        net += amounts.net
        vat += amounts.vat
        if isinstance(rate, Decimal):
            rate_net, rate_vat = by_rate.get(rate, (Decimal("0.00"), Decimal("0.00")))
            by_rate[rate] = (rate_net + amounts.net, rate_vat + amounts.vat)
    order = sorted(by_rate, reverse=True)
    return Totals(
        net=net,
        vat=vat,
        gross=net + vat,
        by_rate=tuple(RateTotal(r, *by_rate[r]) for r in order),
        count=count,
    )


@dataclass(frozen=True)
class Schedule:
    """How a total is paid: an advance, the remainder, and the remainder's instalments."""

    advance: Decimal | None  # None: no advance
    remainder: Decimal | None  # None: nothing is left after the advance
    instalments: tuple[Decimal, ...]  # equal, but the last, which takes the rounding; () for none


def schedule(total: Decimal, advance_percent: Decimal | None, instalments: int | None) -> Schedule:
    """``total`` split into an advance of ``advance_percent`` (rounded half up) and the rest, the
    rest into ``instalments`` equal payments (rounded down, the last one takes what is left).
    Without either term nothing is split: the total is paid at once."""
    if advance_percent is None and not instalments:
        return Schedule(None, None, ())  # no terms: the whole total is paid at once
    advance = kopecks(total * advance_percent / HUNDRED) if advance_percent else None
    remainder = total - (advance or 0)
    if not remainder:
        return Schedule(advance, None, ())
    if not instalments or instalments < 2:
        return Schedule(advance, remainder, (remainder,) if instalments else ())
    regular = (remainder / instalments).quantize(KOPECK, rounding=ROUND_DOWN)
    return Schedule(
        advance, remainder, (regular,) * (instalments - 1) + (remainder - regular * (instalments - 1),)
    )


NBSP = "\u00a0"
SYMBOLS = {"RUB": "₽", "USD": "$", "EUR": "€", "KZT": "₸", "BYN": "Br"}
# The name and ОКВ (ISO 4217) code a УПД or счёт-фактура gives its currency by (line 7)
CURRENCY_NAMES = {
    "RUB": ("Российский рубль", "643"),
    "USD": ("Доллар США", "840"),
    "EUR": ("Евро", "978"),
    "KZT": ("Тенге", "398"),
    "BYN": ("Белорусский рубль", "933"),
}


def format_number(value: Decimal, places: int | None = None, locale: str = RUSSIAN) -> str:
    """A number as ``locale`` writes it, to ``places`` decimal places (as many as it has when not
    given). Russian style: thousands grouped by a no-break space, a decimal comma («1 234 567,89»)."""
    if places is not None:
        value = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    elif value == value.to_integral_value():
        value = value.quantize(Decimal(1))
    else:
        value = value.normalize()
    if language(locale) != RUSSIAN:
        fraction = "0" * places if places is not None else "#" * max(0, -int(value.as_tuple().exponent))
        pattern = f"#,##0.{fraction}" if fraction else "#,##0"
        return format_decimal(value, format=pattern, locale=parsed(locale), decimal_quantization=False)
    sign = "-" if value < 0 else ""
    whole, _, fraction = f"{abs(value):f}".partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        whole, group = whole[:-3], whole[-3:]
        groups.insert(0, group)
    grouped = NBSP.join([whole, *groups])
    return f"{sign}{grouped},{fraction}" if fraction else f"{sign}{grouped}"


def format_money(amount: Decimal, currency: str = "RUB", locale: str = RUSSIAN) -> str:
    """An amount with its currency as ``locale`` writes it («£42,900.00»); Russian: two decimal
    places and the currency's sign after a no-break space («1 234 567,89 ₽»)."""
    if language(locale) != RUSSIAN:
        return format_currency(amount, currency, locale=parsed(locale))
    sign = SYMBOLS.get(currency) or get_currency_symbol(currency, locale=parsed(locale))
    return f"{format_number(amount, 2)}{NBSP}{sign}"


def format_percent(value: Decimal, locale: str = RUSSIAN) -> str:
    """«22 %», «12,5 %» (a no-break space before the sign, as Russian typography has it); «20%»."""
    if language(locale) != RUSSIAN:
        return babel_percent(value / HUNDRED, locale=parsed(locale), decimal_quantization=False)
    return f"{format_number(value)}{NBSP}%"


def vat_label(rate: Rate, locale: str = RUSSIAN) -> str:
    """«НДС 22 %», «VAT 20%» for a rate; «Без НДС», «No VAT» for goods not subject to VAT."""
    words = labels(locale)
    return (
        words["vat"].format(rate=format_percent(rate, locale))
        if isinstance(rate, Decimal)
        else words["no_vat"]
    )


def vat_clause(amounts: Totals, exemption: str | None, currency: str = "RUB", locale: str = RUSSIAN) -> str:
    """What follows a total: «в том числе НДС 157 300,00 ₽» (each rate named when there are
    several), «НДС не облагается на основании п. 1 ст. 145 НК РФ» from a seller exempt from VAT,
    «без НДС» when no line carries VAT; in the words of ``locale``'s labels."""
    words = labels(locale)
    if exemption:
        return words["vat_exempt"].format(basis=exemption)
    if not amounts.by_rate:
        return words["untaxed"]
    if len(amounts.by_rate) == 1:
        return words["vat_included"].format(amount=format_money(amounts.vat, currency, locale))
    each = ", ".join(
        words["vat_each"].format(
            label=vat_label(r.rate, locale), amount=format_money(r.vat, currency, locale)
        )
        for r in amounts.by_rate
    )
    return words["vat_included_each"].format(each=each)

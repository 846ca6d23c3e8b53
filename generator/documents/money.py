"""Money in Decimal: line amounts, VAT and totals, rounded to kopecks as an accountant rounds.

Each line's net and VAT are rounded half up to kopecks; totals are sums of the rounded lines,
so the totals row always equals the sum of the rows printed above it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

KOPECK = Decimal("0.01")
HUNDRED = Decimal(100)
NO_VAT = "без НДС"

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


def line(quantity: Decimal, price: Decimal, rate: Rate, discount_percent: Decimal = Decimal(0)) -> Line:
    """Amounts of one line item: ``price`` is per unit without VAT; the discount applies before VAT."""
    net = kopecks(quantity * price * (HUNDRED - discount_percent) / HUNDRED)
    vat = kopecks(net * rate / HUNDRED) if isinstance(rate, Decimal) else Decimal("0.00")
    return Line(net=net, vat=vat, gross=net + vat)


def totals(lines: Iterable[tuple[Rate, Line]]) -> Totals:
    """Sums of rounded lines, overall and per VAT rate (highest rate first, then «без НДС»)."""
    by_rate: dict[Rate, tuple[Decimal, Decimal]] = {}
    net = vat = Decimal("0.00")
    count = 0
    for rate, amounts in lines:
        count += 1
        net += amounts.net
        vat += amounts.vat
        rate_net, rate_vat = by_rate.get(rate, (Decimal("0.00"), Decimal("0.00")))
        by_rate[rate] = (rate_net + amounts.net, rate_vat + amounts.vat)
    order = sorted(by_rate, key=lambda r: (0, -r) if isinstance(r, Decimal) else (1, Decimal(0)))
    return Totals(
        net=net,
        vat=vat,
        gross=net + vat,
        by_rate=tuple(RateTotal(r, *by_rate[r]) for r in order),
        count=count,
    )


NBSP = "\u00a0"
SYMBOLS = {"RUB": "₽", "USD": "$", "EUR": "€", "KZT": "₸", "BYN": "Br"}


def format_number(value: Decimal, places: int | None = None) -> str:
    """Russian style: thousands grouped by a no-break space, a decimal comma («1 234 567,89»)."""
    if places is not None:
        value = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    elif value == value.to_integral_value():
        value = value.quantize(Decimal(1))
    else:
        value = value.normalize()
    sign = "-" if value < 0 else ""
    whole, _, fraction = f"{abs(value):f}".partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        whole, group = whole[:-3], whole[-3:]
        groups.insert(0, group)
    grouped = NBSP.join([whole, *groups])
    return f"{sign}{grouped},{fraction}" if fraction else f"{sign}{grouped}"


def format_money(amount: Decimal, currency: str = "RUB") -> str:
    """«1 234 567,89 ₽»: two decimal places and the currency's sign after a no-break space."""
    return f"{format_number(amount, 2)}{NBSP}{SYMBOLS.get(currency, currency)}"


def format_percent(value: Decimal) -> str:
    """«22 %», «12,5 %» (a no-break space before the sign, as Russian typography has it)."""
    return f"{format_number(value)}{NBSP}%"


def vat_label(rate: Rate) -> str:
    """«НДС 22 %» for a rate, «Без НДС» for goods not subject to VAT."""
    return f"НДС {format_percent(rate)}" if isinstance(rate, Decimal) else "Без НДС"

"""Money: line amounts, VAT and totals in Decimal, rounded half up to kopecks; formats."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given
from hypothesis import strategies as st

from generator.documents.money import (
    NO_VAT,
    format_money,
    format_number,
    format_percent,
    line,
    totals,
    vat_label,
)

NBSP = "\u00a0"


def test_a_line_applies_the_discount_before_vat_and_rounds_half_up() -> None:
    amounts = line(Decimal(12), Decimal("1149.90"), Decimal(22), Decimal(15))
    assert (amounts.net, amounts.vat, amounts.gross) == (
        Decimal("11728.98"),
        Decimal("2580.38"),
        Decimal("14309.36"),
    )
    half = line(Decimal("1.5"), Decimal("999.99"), Decimal(10))  # 1499.985 rounds up
    assert (half.net, half.vat, half.gross) == (Decimal("1499.99"), Decimal("150.00"), Decimal("1649.99"))
    exempt = line(Decimal(1), Decimal(5000), NO_VAT)
    assert (exempt.net, exempt.vat, exempt.gross) == (Decimal("5000.00"), Decimal("0.00"), Decimal("5000.00"))


def test_totals_by_rate_highest_first_then_no_vat() -> None:
    lines = [
        (Decimal(10), line(Decimal(1), Decimal(100), Decimal(10))),
        (NO_VAT, line(Decimal(1), Decimal(50), NO_VAT)),
        (Decimal(22), line(Decimal(2), Decimal(100), Decimal(22))),
        (Decimal(22), line(Decimal(1), Decimal("0.05"), Decimal(22))),
    ]
    result = totals(lines)
    assert [(r.rate, r.net, r.vat) for r in result.by_rate] == [
        (Decimal(22), Decimal("200.05"), Decimal("44.01")),
        (Decimal(10), Decimal("100.00"), Decimal("10.00")),
        (NO_VAT, Decimal("50.00"), Decimal("0.00")),
    ]
    assert (result.net, result.vat, result.gross, result.count) == (
        Decimal("350.05"),
        Decimal("54.01"),
        Decimal("404.06"),
        4,
    )


_rates = st.sampled_from([Decimal(22), Decimal(10), Decimal(0), NO_VAT])
_items = st.lists(
    st.tuples(
        st.decimals(min_value=Decimal("0.001"), max_value=10_000, places=3),
        st.decimals(min_value=0, max_value=10_000_000, places=2),
        _rates,
        st.integers(0, 100).map(Decimal),
    ),
    min_size=1,
    max_size=30,
)


@given(_items)
def test_totals_are_sums_of_the_rounded_lines(
    items: list[tuple[Decimal, Decimal, Decimal | str, Decimal]],
) -> None:
    lines = [(rate, line(quantity, price, rate, discount)) for quantity, price, rate, discount in items]
    result = totals(lines)
    for rate, amounts in lines:
        assert amounts.gross == amounts.net + amounts.vat
        assert amounts.net == amounts.net.quantize(Decimal("0.01"))
        expected_vat = (
            (amounts.net * rate / 100).quantize(Decimal("0.01"), ROUND_HALF_UP)
            if rate != NO_VAT
            else Decimal(0)
        )
        assert amounts.vat == expected_vat
    assert result.net == sum(a.net for _, a in lines)
    assert result.vat == sum(a.vat for _, a in lines)
    assert result.gross == result.net + result.vat == sum(a.gross for _, a in lines)
    assert sum(r.net for r in result.by_rate) == result.net
    assert sum(r.vat for r in result.by_rate) == result.vat
    assert len({r.rate for r in result.by_rate}) == len(result.by_rate)
    assert result.count == len(items)


def test_formats() -> None:
    assert format_money(Decimal("1234567.89")) == f"1{NBSP}234{NBSP}567,89{NBSP}₽"
    assert format_money(Decimal("5")) == f"5,00{NBSP}₽"
    assert format_money(Decimal("999.995")) == f"1{NBSP}000,00{NBSP}₽"
    assert format_money(Decimal("12"), "USD") == f"12,00{NBSP}$"
    assert format_number(Decimal("1.5")) == "1,5"
    assert format_number(Decimal("1000000")) == f"1{NBSP}000{NBSP}000"
    assert format_percent(Decimal("22")) == f"22{NBSP}%"
    assert format_percent(Decimal("12.50")) == f"12,5{NBSP}%"
    assert vat_label(Decimal(22)) == f"НДС 22{NBSP}%"
    assert vat_label(NO_VAT) == "Без НДС"

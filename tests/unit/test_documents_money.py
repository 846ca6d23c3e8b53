"""Money: line amounts, VAT and totals in Decimal, rounded half up to kopecks; formats."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given
from hypothesis import strategies as st

from generator.documents.money import (
    NO_VAT,
    Schedule,
    format_money,
    format_number,
    format_percent,
    line,
    schedule,
    totals,
    vat_clause,
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


def test_totals_list_the_rates_that_occur_highest_first() -> None:
    """A line without VAT counts in the sums and has no rate to list: nothing prints «Без НДС: 0,00 ₽»."""
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
    untaxed = sum(a.net for rate, a in lines if rate == NO_VAT)
    assert sum(r.net for r in result.by_rate) + untaxed == result.net
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


@given(
    st.integers(1, 99_999_999_999).map(lambda k: Decimal(k).scaleb(-2)),
    st.sampled_from([Decimal(22), Decimal(10), Decimal(7), Decimal(5), Decimal(0), NO_VAT]),
)
def test_any_price_with_vat_in_kopecks_is_reached_exactly(price: Decimal, rate: Decimal | str) -> None:
    """A retail price with VAT stays as it is: its VAT is taken out of it, never added on top."""
    amounts = line(Decimal(1), price, rate, includes_vat=True)
    percent = rate if isinstance(rate, Decimal) else Decimal(0)
    assert amounts.gross == price
    assert amounts.vat == (price * percent / (100 + percent)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    assert amounts.net + amounts.vat == price
    assert amounts.price_gross == price


@given(st.integers(1, 99_999_999_999).map(lambda k: Decimal(k).scaleb(-2)))
def test_any_price_without_vat_in_kopecks_stays_exact(price: Decimal) -> None:
    amounts = line(Decimal(1), price, Decimal(22))
    assert amounts.net == amounts.price_net == price
    assert amounts.gross == price + amounts.vat


def test_a_retail_price_of_9990_with_vat() -> None:
    """8 188,52 without VAT gives 9 989,99 with it; given with VAT, 9 990,00 is what is printed."""
    assert line(Decimal(1), Decimal("8188.52"), Decimal(22)).gross == Decimal("9989.99")
    amounts = line(Decimal(1), Decimal("9990.00"), Decimal(22), includes_vat=True)
    assert (amounts.net, amounts.vat, amounts.gross) == (
        Decimal("8188.52"),
        Decimal("1801.48"),
        Decimal("9990.00"),
    )
    assert amounts.price_net == Decimal("8188.52")


def test_a_schedule_of_the_example_deal() -> None:
    """30 % advance and six instalments of 924 214,64 ₽: the last instalment takes the rounding."""
    plan = schedule(Decimal("924214.64"), Decimal(30), 6)
    assert plan.advance == Decimal("277264.39")
    assert plan.remainder == Decimal("646950.25")
    assert plan.instalments == (Decimal("107825.04"),) * 5 + (Decimal("107825.05"),)


def test_schedules_without_an_advance_a_remainder_or_any_terms() -> None:
    assert schedule(Decimal("100.00"), Decimal(100), None) == Schedule(Decimal("100.00"), None, ())
    assert schedule(Decimal("100.00"), Decimal(0), None) == Schedule(None, Decimal("100.00"), ())
    assert schedule(Decimal("100.00"), None, None) == Schedule(None, None, ())  # pay the whole at once
    assert schedule(Decimal("100.00"), None, 3).instalments == (
        Decimal("33.33"),
        Decimal("33.33"),
        Decimal("33.34"),
    )


@given(
    st.integers(1, 99_999_999_999).map(lambda k: Decimal(k).scaleb(-2)),
    st.integers(0, 100).map(Decimal),
    st.none() | st.integers(1, 36),
)
def test_a_schedule_sums_exactly_to_the_total(total: Decimal, percent: Decimal, months: int | None) -> None:
    plan = schedule(total, percent, months)
    assert (plan.advance or 0) + (plan.remainder or 0) == total
    if plan.instalments:
        assert sum(plan.instalments) == plan.remainder
        assert len(plan.instalments) == months
        *regular, last = plan.instalments
        assert all(amount == plan.instalments[0] for amount in regular)
        assert 0 <= last - plan.instalments[0] < Decimal("0.01") * len(plan.instalments)
    for amount in (plan.advance, plan.remainder, *plan.instalments):
        assert amount is None or amount == amount.quantize(Decimal("0.01"))


def test_the_vat_clause_says_what_the_law_wants_printed() -> None:
    taxed = totals([(Decimal(22), line(Decimal(1), Decimal(100), Decimal(22)))])
    assert vat_clause(taxed, None) == f"в том числе НДС 22,00{NBSP}₽"
    mixed = totals(
        [
            (Decimal(22), line(Decimal(1), Decimal(100), Decimal(22))),
            (Decimal(10), line(Decimal(1), Decimal(100), Decimal(10))),
        ]
    )
    assert vat_clause(mixed, None) == (
        f"в том числе НДС 22{NBSP}% — 22,00{NBSP}₽, НДС 10{NBSP}% — 10,00{NBSP}₽"
    )
    untaxed = totals([(NO_VAT, line(Decimal(1), Decimal(100), NO_VAT))])
    assert vat_clause(untaxed, "п. 1 ст. 145 НК РФ") == "НДС не облагается на основании п. 1 ст. 145 НК РФ"
    assert vat_clause(untaxed, None) == "без НДС"

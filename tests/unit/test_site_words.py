"""How the site writes a client's words and a KPI's figures, in each language."""

from __future__ import annotations

from decimal import Decimal

import pytest
from markupsafe import Markup

from generator.markup.markdown import quoted
from generator.measures import measure

RU, EN = ("«", "»"), ("“", "”")


@pytest.mark.parametrize(
    ("text", "quotes", "shown"),
    [
        ("Дорого", RU, "«Дорого»"),
        ("Too expensive", EN, "“Too expensive”"),
        ("«Да, удобно»", RU, "«Да, удобно»"),  # quoted in the standards already
        ("«Перезвоните позже» и назвал время", RU, "«Перезвоните позже» и назвал время"),
        ('"Call me later"', EN, '"Call me later"'),
    ],
)
def test_words_are_quoted_once_in_the_language_s_marks(
    text: str, quotes: tuple[str, str], shown: str
) -> None:
    assert quoted(text, quotes) == shown


def test_quoting_keeps_escaped_text_escaped() -> None:
    shown = quoted(Markup("&lt;b&gt; &amp; Co"), RU)
    assert isinstance(shown, Markup) and str(shown) == "«&lt;b&gt; &amp; Co»"


@pytest.mark.parametrize(
    ("value", "unit", "language", "currency", "shown"),
    [
        (185000, "money", "ru", "RUB", "185\u00a0000\u00a0₽"),
        (Decimal("1499.5"), "money", "ru", "RUB", "1\u00a0499,50\u00a0₽"),
        (185000, "money", "en", "GBP", "£185,000"),
        (25, "percent", "ru", "RUB", "25\u00a0%"),
        (12.5, "percent", "en", "GBP", "12.5%"),
        (12, "days", "ru", "RUB", "12 дн."),
        (10, "minutes", "en", "GBP", "10 min"),
        (3, "ratio", "ru", "RUB", "3"),
        (4.5, "score", "ru", "RUB", "4,5"),
        (1234567, "count", "en", "GBP", "1,234,567"),
    ],
)
def test_kpi_figures_in_the_playbook_s_locale(
    value: int | float | Decimal, unit: str, language: str, currency: str, shown: str
) -> None:
    assert measure(value, unit, language, currency) == shown

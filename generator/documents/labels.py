"""The words documents print around the figures, per language, from labels.yml beside this module.

A locale (``ru``, ``en_GB``) is the playbook's ``locale``, else its ``language``: Babel knows how
each writes numbers, money and dates, and the labels say the words (VAT, yes and no) in its
language.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path

import yaml
from babel import Locale

RUSSIAN = "ru"
_LABELS = Path(__file__).with_name("labels.yml")


@cache
def parsed(locale: str) -> Locale:
    """``locale`` as Babel reads it, parsed once."""
    return Locale.parse(locale)


def language(locale: str) -> str:
    """The language of a locale: ``en`` of ``en_GB``."""
    return parsed(locale).language


@cache
def _all() -> Mapping[str, Mapping[str, str]]:
    with _LABELS.open(encoding="utf-8") as file:
        loaded: dict[str, dict[str, str]] = yaml.safe_load(file)
    return loaded


def labels(locale: str) -> Mapping[str, str]:
    """The document words of ``locale``'s language."""
    return _all()[language(locale)]

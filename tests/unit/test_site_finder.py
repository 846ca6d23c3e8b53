"""The finder's index (generator/site/finder.py): how words are kept, and what a page is found by
and shows. How the browser matches a query against it is tested in tests/e2e/test_search.py."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.site.finder import FILE, indexed, keys, plain, words
from tests.conftest import REPO
from tests.unit.test_site_pages import playbook_of, settings, site_of

# what sellers type: Cyrillic and Latin letters either case, digits, spaces and punctuation
_TYPED = st.text(st.sampled_from("абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВЁЕЖЯabcxyzABCXYZ0123 ,.!?-«»—"))


@given(_TYPED)
def test_case_and_yo_never_change_the_words(text: str) -> None:
    assert words(text.upper()) == words(text) == words(text.replace("ё", "е").replace("Ё", "Е"))


@given(_TYPED)
def test_punctuation_only_separates_words(text: str) -> None:
    assert words(text) == words(" ".join(text.replace("-", " ").replace("«", " ").split()))
    assert all(word.isalnum() for word in words(text))


@pytest.mark.parametrize(
    ("word", "found_by"),
    [
        ("доставку", ("доставку", "доставк")),  # the word, and what its stem keeps
        ("дорогой", ("дорогой", "дорог")),
        ("не", ("не",)),  # a short word is a word of its own, never dropped
        ("нет", ("нет",)),
        ("сейчас", ("сейчас",)),
    ],
)
def test_a_word_is_found_by_itself_and_its_stem(word: str, found_by: tuple[str, ...]) -> None:
    assert keys(word, "ru") == found_by


@given(st.sampled_from(["ru", "en"]), _TYPED)
def test_every_key_is_the_start_of_its_word(language: str, text: str) -> None:
    for word in words(text):
        found = keys(word, language)
        assert found[0] == word and all(word.startswith(key) and key for key in found)


def test_an_english_stem_that_changes_a_letter_keeps_what_the_word_begins_with() -> None:
    assert keys("company", "en") == ("company", "compan")


def test_markup_is_not_text() -> None:
    text = plain('---\ntitle: "X"\n---\n**Сначала** [скажите](../a.md){ .b } :material-folder: <br> `код`')
    assert text == "Сначала скажите код"


@pytest.fixture(scope="module")
def index() -> dict[str, Any]:
    site = indexed(site_of(REPO), playbook_of(REPO), settings(REPO))
    data: dict[str, Any] = json.loads(site.files[FILE])
    return data


def _page(index: dict[str, Any], location: str) -> tuple[int, list[Any]]:
    return next((n, page) for n, page in enumerate(index["pages"]) if page[0] == location)


def test_an_objection_shows_the_first_thing_to_say(index: dict[str, Any]) -> None:
    _, (_, title, teaser, boost) = _page(index, "objections/too-expensive/")
    assert title == "Дорого" and teaser.startswith("Понимаю, сумма серьёзная.")
    assert "Категория" not in teaser and len(teaser) <= 220
    assert boost > 1  # what a client says ranks above the pages that mention it


def test_an_objection_is_found_by_every_wording(index: dict[str, Any]) -> None:
    number, _ = _page(index, "objections/not-now/")
    names = [name for page, name in index["names"] if page == number]
    assert ["не", "сейчас"] in names and ["давайте", "позже"] in names


def test_a_document_is_found_by_its_common_names(index: dict[str, Any]) -> None:
    for location, name in [("documents/proposal/", ["кп"]), ("documents/act/", ["упд"])]:
        number, _ = _page(index, location)
        assert [number, name] in index["names"]


def test_every_word_of_the_page_is_a_key(index: dict[str, Any]) -> None:
    number, _ = _page(index, "objections/not-now/")
    for key in ("не", "сейчас", "позже", "позж"):
        assert number in index["keys"][key][::2]

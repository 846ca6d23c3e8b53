"""Writing standards text into Markdown: HTML is shown as text, never passed on.

The site's templates autoescape every printed value (Markdown's own inline syntax survives HTML
escaping); the filters here fit text to a narrower context — one line, a table cell — so a `<script>` in a stage name renders as the literal characters. What Markdown then
makes of the text is cleaned by the site's allowlist (`generator.markup.html`), not here.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Sequence
from functools import cache
from typing import Any

from markupsafe import Markup, escape


def inline(value: Any) -> Markup:
    """Text for one line: a list item or a heading, with line breaks folded."""
    if isinstance(value, Markup):
        return Markup(" ".join(value.split()))
    text = str(value)
    if _NEEDS_ESCAPE.search(text):
        text = str(escape(text))
    return Markup(" ".join(text.split()))


_NEEDS_ESCAPE = re.compile("[&<>'\"]")


def cell(value: Any) -> Markup:
    """Text for a Markdown table cell: one line, and a `|` that does not end the cell."""
    return Markup(str(inline(value)).replace("|", "\\|"))


def link_text(value: Any) -> str:
    """Text for the inside of a Markdown link: one line, and brackets that do not end it early."""
    return str(inline(value)).replace("[", "\\[").replace("]", "\\]")


def quoted(value: Any, quotes: Sequence[str]) -> Any:
    """``value`` in the language's quotation marks («…» in Russian, “…” in English), unless the
    standards put quotes in it already: a client's words are often written with theirs, or a
    text quotes them («Перезвоните позже» и назвал время), and quotes around it would double."""
    if _QUOTES.search(value):
        return value
    text = f"{quotes[0]}{value}{quotes[1]}"  # the marks are the site's own words: nothing to escape
    return Markup(text) if isinstance(value, Markup) else text


_QUOTES = re.compile('[«»“”„‘’"]')


def html_text(value: Any) -> Markup:
    """Text placed inside an HTML element (the diagram's source), escaped for HTML."""
    return escape(value)


@cache
def relative(source_page: str, target_page: str) -> str:
    """The link from one generated page to another, as MkDocs resolves Markdown links."""
    return _relpath(target_page, posixpath.dirname(source_page))


def _relpath(target: str, start: str) -> str:
    """``posixpath.relpath`` for the site's own paths (relative, normalised, no ``..``), without
    its two calls to ``os.getcwd`` per link: a thousand pages hold some six thousand links."""
    here = [part for part in start.split("/") if part]
    there = [part for part in target.split("/") if part]
    common = 0
    while common < min(len(here), len(there)) and here[common] == there[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:]) or "."


def page_url(source_page: str, target_page: str) -> str:
    """The URL of ``target_page`` from the built HTML of ``source_page`` (directory URLs)."""

    def directory(page: str) -> str:
        stem = page.removesuffix(".md")
        if stem == "index":
            return ""
        return stem.removesuffix("index") if stem.endswith("/index") else stem + "/"

    here, there = directory(source_page), directory(target_page)
    link = _relpath(there, here)
    return "./" if link == "." else link + "/"


def anchor(text: str) -> str:
    """A stable, readable anchor id."""
    return re.sub(r"[^\w-]+", "-", text.lower()).strip("-")

"""The text a person reads on a built page."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path


class _Text(HTMLParser):
    """The visible text of a page's article, as lines."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article" or self.depth:
            self.depth += 1
        if tag in ("p", "tr", "h1", "h2", "li", "div"):
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.parts.append(data.replace("\n", " "))


def text_of(page: Path) -> list[str]:
    parser = _Text()
    parser.feed(page.read_text(encoding="utf-8"))
    # headings end in a permalink sign that is not part of their text
    lines = (re.sub(r"\s+", " ", line).strip(" ¶") for line in "".join(parser.parts).split("\n"))
    return [line for line in lines if line]

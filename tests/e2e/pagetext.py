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
        self.code = False  # inside a script or a style: not text anyone reads
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if (tag == "article" or self.depth) and tag not in _VOID:  # a void element has no end tag
            self.depth += 1
        if tag in ("p", "tr", "h1", "h2", "li", "div"):
            self.parts.append("\n")
        self.code = tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.depth -= 1
        self.code = False

    def handle_data(self, data: str) -> None:
        if self.depth and not self.code:
            self.parts.append(data.replace("\n", " "))


_VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "col", "wbr", "source", "area"})


def text_of(page: Path) -> list[str]:
    parser = _Text()
    parser.feed(page.read_text(encoding="utf-8"))
    # headings end in a permalink sign that is not part of their text
    lines = (re.sub(r"\s+", " ", line).strip(" ¶") for line in "".join(parser.parts).split("\n"))
    return [line for line in lines if line]

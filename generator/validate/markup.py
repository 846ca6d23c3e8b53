"""Text the site would change: each text of the standards rendered as its page renders it, and
whatever the site's HTML allowlist would take out reported at the text's place in the YAML."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from generator.diagnostics import Diagnostic, error
from generator.kinds.kind import Scope
from generator.markup.html import MARKUP_SIGNS, SCHEMES, TextRenderer
from generator.source import SourceFile, texts, where

CODE = "unsafe-markup"


def check_markup(files: Sequence[SourceFile], scope: Scope) -> Iterator[Diagnostic]:
    """An error for each text that Markdown would turn into an attribute, element or link the
    site does not allow (an event handler, a style, a `javascript:` link …)."""
    renderer: TextRenderer | None = None
    for file in files:
        if not MARKUP_SIGNS.search(file.text):
            continue  # one scan of the file's text spares walking the values of most files
        for path, text in texts(file.data):
            if not MARKUP_SIGNS.search(text):
                continue
            renderer = renderer or TextRenderer(scope.source.mkdocs)
            for what in renderer.refused(text):
                yield error(file.path, file.position(path), f"{where(path)}: {what} {_why(what)}", CODE)


def _why(what: str) -> str:
    if what.startswith("a link"):
        allowed = ", ".join(f"{scheme}:" for scheme in sorted(SCHEMES))
        return f"is not allowed: a link goes to {allowed} or a page of the site; the site would drop it"
    if what.startswith("a picture"):
        return "is not allowed: a picture comes from an http(s) address or the site; the site would drop it"
    return "is not allowed: text on the site cannot run code or set its own look; the site would drop it"

"""MkDocs hooks of the generated site (build/mkdocs.yml names this file under ``hooks``).

Every page's HTML is cleaned by the site's allowlist right after Markdown made it, before the
theme, the search index or any other plugin sees it: whatever Markdown, an extension or a
template produced, no event handler, ``style`` or foreign URL scheme reaches ``site/``.
"""

from __future__ import annotations

from typing import Any

from mkdocs.plugins import event_priority

from generator.site.html import clean


@event_priority(100)  # first: the search index and the theme see only the cleaned HTML
def on_page_content(html: str, **_: Any) -> str:
    return clean(html)

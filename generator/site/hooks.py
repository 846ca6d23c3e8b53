"""MkDocs hooks of the generated site (build/mkdocs.yml names this file under ``hooks``).

Every page's HTML is cleaned by the site's allowlist right after Markdown made it, before the
theme, the search index or any other plugin sees it: whatever Markdown, an extension or a
template produced, no event handler, ``style`` or foreign URL scheme reaches ``site/``.

The search index is written again as compact UTF-8: the search plugin writes every Cyrillic
letter as a six-character ``\\u`` escape and indents, which made the index a phone downloads
before its first search two and a half times its size.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mkdocs.plugins import event_priority

from generator.site.html import clean


@event_priority(100)  # first: the search index and the theme see only the cleaned HTML
def on_page_content(html: str, **_: Any) -> str:
    return clean(html)


SEARCH_INDEX = "search/search_index.json"


@event_priority(-100)  # last: after the search plugin has written its index
def on_post_build(config: Any, **_: Any) -> None:
    index = Path(config["site_dir"]) / SEARCH_INDEX
    if index.is_file():
        data = json.loads(index.read_bytes())
        index.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")

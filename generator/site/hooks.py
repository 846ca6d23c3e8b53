"""MkDocs hooks of the generated site (build/mkdocs.yml names this file under ``hooks``).

Every page's HTML is cleaned by the site's allowlist right after Markdown made it, before the
theme, the search index or any other plugin sees it: whatever Markdown, an extension or a
template produced, no event handler, ``style`` or foreign URL scheme reaches ``site/``.

The search box is Material's, what it finds is the site's finder (generator/site/finder.py):
its index takes the place of the search plugin's, and its worker (search-worker.js) the place of
Material's lunr worker, so the seller keeps the box, the result list and the keys they know. The
index is written as compact UTF-8, the Cyrillic letters as they are.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from mkdocs.plugins import event_priority

from generator.markup.html import clean
from generator.site.finder import FILE as FINDER


@event_priority(100)  # first: the search index and the theme see only the cleaned HTML
def on_page_content(html: str, **_: Any) -> str:
    return clean(html)


SEARCH_INDEX = "search/search_index.json"
WORKER = "assets/javascripts/search-worker.js"
MATERIAL_WORKERS = "assets/javascripts/workers/search.*.min.js*"  # the worker and its source map


@event_priority(-100)  # last: after the search plugin has written its index
def on_post_build(config: Any, **_: Any) -> None:
    site = Path(config["site_dir"])
    index, finder, worker = site / SEARCH_INDEX, site / FINDER, site / WORKER
    if not (index.is_file() and finder.is_file() and worker.is_file()):
        return  # no search plugin, or pages not generated with the finder: the search stays as it is
    settings = json.dumps(json.loads(index.read_bytes())["config"], ensure_ascii=False, separators=(",", ":"))
    # the finder's index is compact JSON already: put in as it is, not parsed and written again
    index.write_bytes(b'{"config":' + settings.encode("utf-8") + b',"docs":' + finder.read_bytes() + b"}")
    for theirs in sorted(site.glob(MATERIAL_WORKERS)):
        if theirs.name.endswith(".js"):
            os.replace(worker, theirs)
        else:
            theirs.unlink()
    finder.unlink()

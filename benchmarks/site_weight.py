"""Benchmark: what a seller's phone downloads, and how soon the first search result shows.

Builds the example, serves site/ gzip-compressed as a static host does, and opens it in a
phone-sized Chromium:

* a cold objection page — every file it loads, gzip-compressed, the search index counted apart;
* the search index itself, compressed: the site finder's (generator/site/finder.py), which the
  hook puts in the place of Material's, as a phone downloads it;
* the first search result over an emulated 9 Mbps / 60 ms connection, from navigation to the
  result on screen.

The floor of the weight is Material's own page without anything of ours (its HTML, CSS and JS):
what any site of this theme costs.

    .venv/bin/python benchmarks/site_weight.py [--json]
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from playwright.sync_api import Browser, sync_playwright

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import run

ROOT = Path(__file__).resolve().parent.parent
PLAYBOOK = Path(sys.executable).parent / "playbook"
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
PAGE = "objections/too-expensive/"
QUERY = "дорого"
SEARCH_INDEX = "search/search_index.json"
TARGET_PAGE_KB = 350
TARGET_INDEX_KB = 250
TARGET_SEARCH_S = 2.0
PHONE = {"width": 390, "height": 844}
FOUR_G = {
    "offline": False,
    "latency": 60,
    "downloadThroughput": 9_000_000 / 8,
    "uploadThroughput": 9_000_000 / 8,
}


class _Gzipped(SimpleHTTPRequestHandler):
    """site/ as a static host serves it: text compressed with gzip when the browser accepts it."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")  # every measurement is a cold visit
        super().end_headers()

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if "gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file():
            super().do_GET()
            return
        body = gzip.compress(path.read_bytes())
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def served(site: Path) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Gzipped, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@dataclass(frozen=True)
class Weight:
    page_kb: float  # everything a cold page loads but the search index, gzip-compressed
    theme_kb: float  # of that, Material's own files and the page's HTML: the floor
    index_kb: float  # the search index, gzip-compressed
    files: tuple[tuple[str, float], ...]  # each file the page loaded, with its compressed KB


def _compressed_kb(site: Path, url: str) -> float:
    path = site / unquote(urlsplit(url).path).lstrip("/")
    if path.is_dir() or not path.suffix:
        path = path / "index.html"
    return len(gzip.compress(path.read_bytes())) / 1024 if path.is_file() else 0.0


def weigh(browser: Browser, site: Path, url: str, page_path: str = PAGE) -> Weight:
    """What a cold visit of ``page_path`` loads, by file, from the files in ``site``."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    loaded: list[str] = []
    page.on("requestfinished", lambda request: loaded.append(request.url))
    page.goto(url + page_path)
    page.wait_for_load_state("networkidle")
    context.close()
    files = tuple(
        (urlsplit(u).path, _compressed_kb(site, u)) for u in dict.fromkeys(loaded) if u.startswith(url)
    )
    index = sum(kb for path, kb in files if path.endswith(SEARCH_INDEX))
    page_kb = sum(kb for path, kb in files if not path.endswith(SEARCH_INDEX))
    ours = sum(
        kb for path, kb in files if "/assets/javascripts/playbook" in path or "/stylesheets/playbook" in path
    )
    return Weight(page_kb, page_kb - ours, index, files)


def first_search_result(browser: Browser, url: str, query: str = QUERY) -> float:
    """Seconds from navigation to the first search result on screen, over emulated 4G."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", FOUR_G)
    start = time.perf_counter()
    page.goto(url + PAGE, wait_until="domcontentloaded")
    page.locator("label.md-header__button[for=__search]").click()
    box = page.locator("input.md-search__input")
    box.fill(query)
    box.press("End")  # Material searches on key events
    page.locator(".md-search-result__item").first.wait_for(timeout=60_000)
    seconds = time.perf_counter() - start
    context.close()
    return seconds


def measure() -> tuple[Weight, float]:
    work = Path(tempfile.mkdtemp(prefix="playbook-weight-"))
    try:
        for name in ("standards", "templates"):
            shutil.copytree(ROOT / name, work / name)
        shutil.copy(ROOT / "mkdocs.yml", work / "mkdocs.yml")
        subprocess.run([str(PLAYBOOK), "build"], cwd=work, check=True, capture_output=True)
        site = work / "site"
        with served(site) as url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            weight = weigh(browser, site, url)
            search = min(first_search_result(browser, url) for _ in range(3))
            browser.close()
        return weight, search
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--json", action="store_true", help="end with the table rows as JSON (for run.py)")
    args = parser.parse_args()
    weight, search = measure()
    print(f"cold {PAGE}: {weight.page_kb:.0f} KB compressed (Material's own: {weight.theme_kb:.0f} KB)")
    for path, kb in sorted(weight.files, key=lambda item: -item[1]):
        print(f"  {kb:8.1f} KB  {path}")
    print(f"search index: {weight.index_kb:.0f} KB compressed; first result over 4G: {search:.2f} s")
    if args.json:
        table = [
            run.row(
                "site weight: a cold objection page, gzip (floor: Material's own files)",
                weight.page_kb,
                weight.theme_kb,
                "KB",
                weight.page_kb / weight.theme_kb,
                f"ours ≤ {TARGET_PAGE_KB} KB",
                weight.page_kb <= TARGET_PAGE_KB,
            ),
            run.row(
                "site weight: the search index, gzip",
                weight.index_kb,
                None,
                "KB",
                None,
                f"≤ {TARGET_INDEX_KB} KB",
                weight.index_kb <= TARGET_INDEX_KB,
            ),
            run.row(
                "first search result on a phone over 9 Mbps / 60 ms",
                search,
                None,
                "s",
                None,
                f"≤ {TARGET_SEARCH_S} s",
                search <= TARGET_SEARCH_S,
            ),
        ]
        print(json.dumps({"rows": table}, ensure_ascii=False))


if __name__ == "__main__":
    main()

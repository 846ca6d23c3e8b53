"""Benchmark: does the site's search put the right page first for what sellers type?

Builds the example and runs every query of tests/e2e/search_queries.yml in Chromium, typed into
the site's search box as a seller types it; a query is right when its page is the first result.
The baseline is Material's own search (lunr) on the same pages, built in the same run from the
same generated Markdown without our hooks: what the site found before the finder.

Also weighs the search index a phone downloads, gzip-compressed.

    .venv/bin/python benchmarks/search.py [--json]
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from playwright.sync_api import Browser, Page, sync_playwright

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import run
from benchmarks.site_weight import CHROMIUM, FLAGS, SEARCH_INDEX, served

ROOT = Path(__file__).resolve().parent.parent
PLAYBOOK = Path(sys.executable).parent / "playbook"
QUERIES = ROOT / "tests/e2e/search_queries.yml"
TARGET = 0.95  # right first results; the test fails under FLOOR
FLOOR = 0.90


@dataclass(frozen=True)
class Query:
    text: str
    first: str  # the page that must come first, under the site root


@dataclass(frozen=True)
class Outcome:
    query: Query
    found: tuple[str, ...]  # the results' pages, best first, under the site root

    @property
    def right(self) -> bool:
        return bool(self.found) and self.found[0] == self.query.first


def queries(path: Path = QUERIES) -> list[Query]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Query(str(item["query"]), str(item["first"])) for item in data["queries"]]


# the search has answered once its count line says how many pages it found, or none
_ANSWERED = """() => {
  const text = document.querySelector(".md-search-result__meta").textContent
  const words = JSON.parse(document.getElementById("__config").textContent).translations
  const [before, after] = words["search.result.other"].split("#")
  return text === words["search.result.none"] || text === words["search.result.one"]
    || (text.startsWith(before) && text.endsWith(after) && /\\d/.test(text))
}"""
_PROMPTED = """() => {
  const text = document.querySelector(".md-search-result__meta").textContent
  return text === JSON.parse(document.getElementById("__config").textContent).translations["search.result.placeholder"]
}"""


def search(page: Page, text: str) -> tuple[str, ...]:
    """The pages the open site's search box lists for ``text``, best first, as a seller types it
    (the box is emptied first, so the count line shows the answer to this query, not the last)."""
    box = page.locator("input.md-search__input")
    opener = page.locator("label.md-header__button[for=__search]")  # a phone's: the box is hidden
    if opener.is_visible() and not page.locator("#__search").is_checked():
        opener.click()
    box.fill("")  # focused, which opens the search on a desktop
    box.press("End")  # Material searches on key events; a keyboard sends them, fill does not
    page.wait_for_function(_PROMPTED)
    box.fill(text)
    box.press("End")
    page.wait_for_function(_ANSWERED)
    hrefs = page.locator(".md-search-result__item > a").evaluate_all("links => links.map(a => a.href)")
    root = urlsplit(page.url).path
    return tuple(urlsplit(href).path.removeprefix(root) for href in hrefs)


def run_queries(browser: Browser, url: str, asked: Sequence[Query]) -> list[Outcome]:
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.goto(url)
    outcomes = [Outcome(query, search(page, query.text)) for query in asked]
    context.close()
    return outcomes


def score(outcomes: Sequence[Outcome]) -> float:
    return sum(outcome.right for outcome in outcomes) / len(outcomes)


def material_only(project: Path) -> Path:
    """Material's own search on the same generated pages: build/mkdocs.yml without our hooks."""
    config = yaml.safe_load((project / "build/mkdocs.yml").read_text(encoding="utf-8"))
    config.update(hooks=[], site_dir="../site-material")
    (project / "build/mkdocs-material.yml").write_text(yaml.safe_dump(config, allow_unicode=True))
    subprocess.run(
        [str(PLAYBOOK.parent / "mkdocs"), "build", "-q", "-f", "build/mkdocs-material.yml"],
        cwd=project,
        check=True,
        capture_output=True,
    )
    return project / "site-material"


def index_kb(site: Path) -> float:
    return len(gzip.compress((site / SEARCH_INDEX).read_bytes())) / 1024


@dataclass(frozen=True)
class Measured:
    ours: list[Outcome]
    baseline: list[Outcome]
    index_kb: float
    baseline_index_kb: float


def measure() -> Measured:
    asked = queries()
    work = Path(tempfile.mkdtemp(prefix="playbook-search-"))
    try:
        for name in ("standards", "templates"):
            shutil.copytree(ROOT / name, work / name)
        shutil.copy(ROOT / "mkdocs.yml", work / "mkdocs.yml")
        subprocess.run([str(PLAYBOOK), "build"], cwd=work, check=True, capture_output=True)
        baseline_site = material_only(work)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            with served(work / "site") as url:
                ours = run_queries(browser, url, asked)
            with served(baseline_site) as url:
                baseline = run_queries(browser, url, asked)
            browser.close()
        return Measured(ours, baseline, index_kb(work / "site"), index_kb(baseline_site))
    finally:
        shutil.rmtree(work, ignore_errors=True)


def report(outcomes: Sequence[Outcome]) -> str:
    lines = []
    for outcome in outcomes:
        mark = "ok  " if outcome.right else "MISS"
        got = outcome.found[0] if outcome.found else "(nothing)"
        rank = outcome.found.index(outcome.query.first) + 1 if outcome.query.first in outcome.found else "-"
        lines.append(
            f"  {mark} {outcome.query.text!r:40} -> {got}  (wanted {outcome.query.first}, rank {rank})"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--json", action="store_true", help="end with the table rows as JSON (for run.py)")
    args = parser.parse_args()
    measured = measure()
    ours, baseline = score(measured.ours), score(measured.baseline)
    print(f"right first result, ours: {ours:.1%} of {len(measured.ours)} queries")
    print(report(measured.ours))
    print(f"right first result, Material's own search (baseline): {baseline:.1%}")
    print(report(measured.baseline))
    print(
        f"search index, gzip: ours {measured.index_kb:.0f} KB, Material's {measured.baseline_index_kb:.0f} KB"
    )
    if args.json:
        table = [
            run.row(
                "search: right first result for what sellers type (floor column: Material's own search)",
                ours * 100,
                baseline * 100,
                "%",
                None,
                f"≥ {TARGET:.0%}",
                ours >= TARGET,
            ),
            run.row(
                "search: the index a phone downloads, gzip (floor column: Material's own index)",
                measured.index_kb,
                measured.baseline_index_kb,
                "KB",
                measured.index_kb / measured.baseline_index_kb,
                "informs",
                None,
            ),
        ]
        print(json.dumps({"rows": table}, ensure_ascii=False))


if __name__ == "__main__":
    main()

"""The site's HTML boundary in a real `playbook build`: the allowlist holds after MkDocs, for text
from the standards and for what page templates write; diagrams cannot be steered from a label and
a 300-step script is still drawn."""

from __future__ import annotations

import functools
import os
import re
import shutil
import tempfile
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from playwright.sync_api import sync_playwright

from tests.conftest import REPO, copy_base
from tests.e2e.conftest import _QuietHandler, playbook
from tests.e2e.test_browser import CHROMIUM, FLAGS
from tests.unit.test_markup_html import Page, assert_harmless, hostile_markdown

_CONTENT = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)


def _content(page: Path) -> str:
    match = _CONTENT.search(page.read_text(encoding="utf-8"))
    assert match, page
    return match.group(1)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A copy of the base project, and the URL its site/ is served at once it is built."""
    root = copy_base(tmp_path / "project")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")  # no fonts from the web
    (root / "site").mkdir()
    handler = functools.partial(_QuietHandler, directory=str(root / "site"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_what_a_page_template_writes_is_cleaned_after_rendering(tmp_path: Path) -> None:
    root = copy_base(tmp_path / "project")
    (root / "templates/site").mkdir(parents=True)
    (root / "templates/site/tags.md.j2").write_text(
        "# {{ L.tags }}\n\n"
        '<p onclick="alert(1)" style="color:red">Слова остаются</p>\n\n'
        '<a href="jav&#x61;script:alert(2)" onmouseover="alert(3)">ссылка</a>\n\n'
        "[картинка](data:text/html;base64,PHNjcmlwdD4=) <script>alert(4)</script>\n",
        encoding="utf-8",
    )
    result = playbook("build", cwd=root)
    assert result.returncode == 0, result.stderr
    content = _content(root / "site/tags/index.html")
    assert_harmless(content)
    assert "alert(4)" not in content
    assert {"Слова", "остаются", "ссылка", "картинка"} <= set(Page(content).words)


@settings(
    max_examples=max(3, int(os.environ.get("PLAYBOOK_FUZZ_EXAMPLES", "60")) // 12),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(case=hostile_markdown())
def test_random_markdown_in_the_standards_is_refused_or_built_harmless(
    tmp_path: Path, case: tuple[str, list[str]]
) -> None:
    text, words = case
    root = copy_base(Path(tempfile.mkdtemp(dir=tmp_path)) / "project")  # a fresh one per example
    (root / "mkdocs.yml").write_text(
        "theme: {name: material}\nmarkdown_extensions: [attr_list, md_in_html, tables, admonition]\n",
        encoding="utf-8",
    )
    stage = root / "standards/stages/closing.yml"
    data = yaml.safe_load(stage.read_text(encoding="utf-8"))
    data.update(description=text, steps=[text])
    stage.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = playbook("build", cwd=root)
    if result.returncode == 1:
        lines = (result.stdout + result.stderr).splitlines()
        assert any("[unsafe-markup]" in line for line in lines), lines
        findings = [line for line in lines if not re.match(r"site/ was not rebuilt|\d+ errors? ", line)]
        assert all(re.match(r"\S+:\d+:\d+: (error|warning): .* \[[a-z-]+\]\Z", f) for f in findings), lines
        assert not (root / "site").exists()
        return
    assert result.returncode == 0, result.stdout + result.stderr
    for page in (root / "site").rglob("*.html"):
        assert_harmless(_content(page))
    visible = " ".join(Page(_content(root / "site/stages/closing/index.html")).words)
    assert all(word in visible for word in words), (text, visible)


def _script(steps: int) -> dict[str, object]:
    return {
        "name": "Long call",
        "owner": "seller",
        "stage": "first-call",
        "goal": "Book a meeting.",
        "channel": "phone",
        "steps": [
            {
                "id": f"s{i}",
                "say": f"Step {i} of the call.",
                **(
                    {"outcome": "Meeting booked"}
                    if i == steps - 1
                    else {
                        "options": [
                            {"answer": "Yes", "next": f"s{i + 1}"},
                            {"answer": "Later", "next": f"s{min(i + 2, steps - 1)}"},
                        ]
                    }
                ),
            }
            for i in range(steps)
        ],
    }


def test_a_300_step_script_and_a_label_with_a_mermaid_directive_are_drawn(
    served: tuple[Path, str],
) -> None:
    root, url = served
    (root / "standards/scripts/long-call.yml").write_text(yaml.safe_dump(_script(300)), encoding="utf-8")
    stage = root / "standards/stages/first-call.yml"
    directive = '%%{init: {"theme": "dark"}}%% First call'
    stage.write_text(
        stage.read_text(encoding="utf-8").replace("name: First call", f"name: '{directive}'"),
        encoding="utf-8",
    )
    assert playbook("check", "--strict", cwd=root).returncode == 0  # 600 arrows: within the limit
    result = playbook("build", cwd=root)
    assert result.returncode == 0, result.stderr
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": 1366, "height": 900})
        errors: list[str] = []
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.goto(url + "scripts/long-call/")
        page.locator("div.playbook-diagram svg").wait_for(timeout=120_000)
        assert page.locator("div.playbook-diagram svg .node").count() == 301  # 300 steps and the outcome
        page.goto(url)
        funnel = page.locator("div.playbook-diagram svg").first
        funnel.wait_for()
        assert directive in str(funnel.text_content())  # shown as written, not obeyed
        background = page.evaluate(
            "getComputedStyle(document.querySelector('div.playbook-diagram svg .node rect')).fill"
        )
        assert background != "rgb(31, 32, 32)"  # the dark theme's node colour
        browser.close()
    assert errors == []

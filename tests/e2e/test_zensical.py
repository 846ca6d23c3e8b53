"""`playbook build --engine zensical`: the example built by Zensical, looked at as a seller does,
and the site's allowlist holding without MkDocs' hooks."""

from __future__ import annotations

import functools
import hashlib
import re
import shutil
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from playwright.sync_api import Browser, Page, expect

from generator.cli import cli
from tests.conftest import REPO, copy_base
from tests.e2e.conftest import _QuietHandler, copy_example, playbook
from tests.e2e.pagetext import text_of
from tests.e2e.test_browser import browser  # noqa: F401 - the module's browser fixture

# markup a project's own page template writes: each of these is a way to run script on the page
HOSTILE = """
<p onclick="alert(1)" style="color:red">Our own words</p>

<a href="javascript:alert(2)" onmouseover="alert(3)">a link</a> <script>alert(4)</script>

## <img src="x" onerror="alert(5)"> Heading

### <b onclick="alert(6)">bold</b> second {data-toc-label="<i onclick=alert(7)>label</i>"}
"""
HANDLERS = ("onclick=", "onerror=", "onmouseover=", "javascript:", "alert(", 'style="color')


@pytest.fixture(scope="module")
def zensical_example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example project, built once by Zensical."""
    root = copy_example(tmp_path_factory.mktemp("zensical") / "example")
    result = playbook("build", "--engine", "zensical", cwd=root)
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture(scope="module")
def zensical_url(zensical_example: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(zensical_example / "site"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:  # noqa: F811 - the fixture imported above
    context = browser.new_context(viewport={"width": 390, "height": 844})
    yield context.new_page()
    context.close()


@pytest.fixture
def desktop(browser: Browser) -> Iterator[Page]:  # noqa: F811 - the fixture imported above
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    yield context.new_page()
    context.close()


def _small_project(root: Path, page_template: str | None = None) -> Path:
    """The smallest valid project with the repository's mkdocs.yml (and a page template of its own)."""
    copy_base(root)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    if page_template is not None:
        (root / "templates/site").mkdir(parents=True)
        (root / "templates/site/tags.md.j2").write_text(page_template, encoding="utf-8")
    return root


def test_every_generated_page_is_a_page_of_the_site(zensical_example: Path) -> None:
    docs, site = zensical_example / "build/docs", zensical_example / "site"
    pages = sorted(path.relative_to(docs).with_suffix("") for path in docs.rglob("*.md"))
    assert len(pages) > 60
    for page in pages:
        folder = page.parent if page.name == "index" else page
        assert (site / folder / "index.html").is_file(), page


def _stage_name(stage: str) -> str:
    return str(yaml.safe_load((REPO / f"standards/stages/{stage}.yml").read_text(encoding="utf-8"))["name"])


def test_the_navigation_shows_the_sections_and_their_stages(desktop: Page, zensical_url: str) -> None:
    playbook_file = yaml.safe_load((REPO / "standards/playbook.yml").read_text(encoding="utf-8"))
    desktop.goto(zensical_url + "stages/qualification/")
    navigation = desktop.locator("nav.md-nav--primary")
    for pipeline in playbook_file["pipelines"].values():
        expect(navigation.get_by_text(pipeline["name"], exact=True).first).to_be_visible()
        section = navigation.get_by_role("navigation", name=pipeline["name"], exact=True)
        for stage in pipeline["stages"]:
            expect(section.get_by_role("link", name=_stage_name(stage), exact=True)).to_be_visible()


def test_an_objection_page_reads_as_written(zensical_example: Path) -> None:
    objection = yaml.safe_load((REPO / "standards/objections/too-expensive.yml").read_text(encoding="utf-8"))
    lines = text_of(zensical_example / "site/objections/too-expensive/index.html")
    assert lines[0] == f"«{objection['name']}»"
    text = "\n".join(lines)
    for wording in objection["aliases"]:
        assert f"«{wording}»" in text


def test_search_finds_an_objection_by_a_clients_wording(phone: Page, zensical_url: str) -> None:
    phone.goto(zensical_url)
    phone.locator("label[for=__search]").click()
    search = phone.get_by_role("combobox")  # Zensical's own search, in a dialog of its own
    expect(search).to_be_focused()
    phone.keyboard.type("цена кусается")
    first = phone.get_by_role("option").first
    expect(first).to_contain_text("Цена кусается")
    first.click()
    expect(phone).to_have_url(re.compile(re.escape(f"{zensical_url}objections/too-expensive/") + r"[?#]"))


def test_diagrams_are_drawn_on_every_page_zensical_shows(desktop: Page, zensical_url: str) -> None:
    desktop.goto(zensical_url)
    expect(desktop.locator("div.playbook-diagram svg")).to_have_count(2)  # the two funnels
    desktop.goto(zensical_url + "stages/lead-generation/")
    # instant navigation: the next page's diagram is drawn through Zensical's document$
    desktop.locator("article").get_by_role("link", name="Холодный звонок в заведение общепита").click()
    expect(desktop).to_have_url(f"{zensical_url}scripts/cold-call/")
    expect(desktop.locator("div.playbook-diagram svg")).to_have_count(1)
    expect(desktop.locator("pre.playbook-diagram")).to_have_count(0)


def test_a_hostile_page_template_runs_nothing_on_the_site(tmp_path: Path) -> None:
    built_in = (REPO / "templates/site/tags.md.j2").read_text(encoding="utf-8")
    root = _small_project(tmp_path / "project", built_in + HOSTILE)
    result = playbook("build", "--engine", "zensical", cwd=root)
    assert result.returncode == 0, result.stderr
    site = root / "site"
    for page in [*site.rglob("*.html"), site / "search.json"]:
        text = page.read_text(encoding="utf-8")
        assert [handler for handler in HANDLERS if handler in text] == [], page
    tags = (site / "tags/index.html").read_text(encoding="utf-8")
    # the words stay, and the table of contents keeps its label's markup that is allowed
    for kept in ("<p>Our own words</p>", "<a>a link</a>", "<b>bold</b> second", "<i>label</i>"):
        assert kept in tags


def test_a_failing_zensical_build_leaves_the_site_as_it_was(tmp_path: Path) -> None:
    root = _small_project(tmp_path / "project")
    assert playbook("build", "--engine", "zensical", cwd=root).returncode == 0
    before = {
        path: hashlib.sha256(path.read_bytes()).digest()
        for path in (root / "site").rglob("*")
        if path.is_file()
    }
    (root / "templates/site").mkdir(parents=True)
    (root / "templates/site/roles.md.j2").write_text("# Roles\n\n[gone](missing-page.md)\n", encoding="utf-8")
    result = playbook("build", "--engine", "zensical", cwd=root)
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert lines[0].startswith("playbook: error: ")
    assert "missing-page.md" in result.stderr
    assert lines[-1] == "zensical: Aborted because --strict flag is set"
    after = {
        path: hashlib.sha256(path.read_bytes()).digest()
        for path in (root / "site").rglob("*")
        if path.is_file()
    }
    assert after == before
    assert not (root / ".site.new").exists() and not (root / "build/.site.zensical").exists()


def test_without_zensical_the_build_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib.util

    find_spec = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "zensical" else find_spec(name, *a)
    )
    root = _small_project(tmp_path / "project")
    result = CliRunner().invoke(cli, ["build", "--engine", "zensical", "-C", str(root)])
    assert result.exit_code == 2
    assert result.output == "playbook: error: Zensical is not installed: pip install 'playbook[zensical]'\n"
    assert not (root / "build").exists()  # said before a page was generated

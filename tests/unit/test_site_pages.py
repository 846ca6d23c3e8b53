"""The generated Markdown, page by page, against golden files, in both languages."""

from __future__ import annotations

import dataclasses
import posixpath
import shutil
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.errors import PlaybookError
from generator.model import Playbook
from generator.project import Project
from generator.site.dashboard import analyze_exports
from generator.site.downloads import render_downloads
from generator.site.pages import Site, SiteOptions, load_labels, render_site
from tests.conftest import CASES, REPO, standards_of

SITE_TESTS = REPO / "tests" / "site"
TODAY = date(2026, 4, 11)  # the fixtures' reviews are judged on a fixed day
FIXTURES = {"en": CASES / "base", "ru": SITE_TESTS / "fixture-ru"}


def settings(root: Path, mkdocs: dict[str, str] | None = None) -> SiteOptions:
    """The project's options without the compiled-template cache, which would write into the fixture."""
    return dataclasses.replace(SiteOptions.for_project(Project(root), mkdocs or {}, TODAY), cache_dir=None)


def playbook_of(root: Path) -> Playbook:
    standards = standards_of(root, TODAY)
    assert standards.playbook is not None, standards.errors
    return standards.playbook


def site_of(root: Path) -> Site:
    standards = standards_of(root, TODAY)
    # the site shows what is overdue or has no owner: those warnings are what it is built from
    assert [d for d in standards.diagnostics if d.code not in ("review-overdue", "owner-missing")] == []
    playbook = playbook_of(root)
    downloads = render_downloads(playbook, standards.source, pdf=False)
    metrics, absent = analyze_exports(Project(root), playbook, standards.source.playbook)
    assert absent == []
    return render_site(playbook, settings(root, dict(standards.source.mkdocs)), downloads, metrics=metrics)


@pytest.mark.parametrize("language", sorted(FIXTURES))
def test_pages_match_the_golden_markdown(language: str, request: pytest.FixtureRequest) -> None:
    site = site_of(FIXTURES[language])
    golden = SITE_TESTS / "golden" / language
    if request.config.getoption("--update-cases"):
        shutil.rmtree(golden, ignore_errors=True)
        for path, text in site.pages.items():
            (golden / path).parent.mkdir(parents=True, exist_ok=True)
            (golden / path).write_text(text, encoding="utf-8")
    expected = {p.relative_to(golden).as_posix(): p.read_text(encoding="utf-8") for p in golden.rglob("*.md")}
    assert sorted(site.pages) == sorted(expected)
    for path, text in site.pages.items():
        assert text == expected[path], path


def test_html_in_standards_is_shown_as_text(project: Path) -> None:
    stage = project / "standards/stages/closing.yml"
    stage.write_text(
        stage.read_text()
        .replace("name: Closing", "name: <script>alert('x')</script> & Co")
        .replace("summary: Sign the contract.", 'summary: "<img src=x onerror=alert(1)> **bold**"')
    )
    page = site_of(project).pages["stages/closing.md"]
    # the title, which MkDocs prints unescaped, cannot hold a tag at all
    assert page.startswith("---\ntitle: \"‹script›alert('x')‹/script› &amp; Co\"\n---\n")
    assert "# &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co\n" in page
    assert "&lt;img src=x onerror=alert(1)&gt; **bold**" in page
    assert "<script>" not in page and "<img" not in page
    home = site_of(project).pages["index.md"]
    # in a diagram: Mermaid's own entity codes, inside HTML-escaped source
    assert "n1[&#34;2. #60;script#62;alert#40;&#39;x&#39;#41;#60;/script#62; #38; Co&#34;]" in home
    assert "<script>" not in home


def test_a_big_section_lists_only_its_index_in_the_navigation(project: Path) -> None:
    site = render_site(playbook_of(project), dataclasses.replace(settings(project), nav_limit=0))
    assert {"Objection library": ["objections/index.md"]} in site.nav
    assert "objections/too-expensive.md" in site.pages


def test_every_page_links_an_edit_when_the_repository_is_known_and_shows_no_file_path(project: Path) -> None:
    playbook = playbook_of(project)
    plain = render_site(playbook, settings(project))
    # the standards file's path is for editors, who reach it through the edit link
    assert "standards/scripts/cold-call.yml" not in plain.pages["scripts/cold-call.md"]
    assert "Suggest an edit" not in plain.pages["scripts/cold-call.md"]
    linked = render_site(
        playbook,
        SiteOptions.for_project(
            Project(project), {"repo_url": "https://git.example/acme/standards", "edit_uri": "edit/main/"}
        ),
    )
    for path, page in linked.pages.items():
        if path.count("/") == 1 and not path.endswith("index.md"):
            assert (
                "[:material-pencil: Suggest an edit](https://git.example/acme/standards/edit/main/standards/"
                in page
            ), path


def test_a_regeneration_renders_again_only_the_downloads_whose_inputs_changed(
    documents_project: Path,
) -> None:
    from generator.site.generate import generate
    from tests.docx_factory import text_of

    project = Project(documents_project)
    first = generate(project)
    sample = "downloads/contract-deal.docx"
    assert first.site is not None and "ООО «Рога & Копыта» <Юг>" in text_of(first.site.files[sample])

    stage = documents_project / "standards/stages/closing.yml"
    stage.write_text(stage.read_text().replace("Sign the contract.", "Sign the contract today."))
    second = generate(project, previous=first)
    assert second.site is not None
    downloads = [path for path in first.site.files if path.startswith("downloads/")]
    assert downloads and all(second.site.files[path] == first.site.files[path] for path in downloads)

    deal = documents_project / "standards/samples/deal.yml"
    deal.write_text(
        deal.read_text(encoding="utf-8").replace("Рога & Копыта", "Рога и Копыта"), encoding="utf-8"
    )
    third = generate(project, previous=second)
    assert third.site is not None and "ООО «Рога и Копыта» <Юг>" in text_of(third.site.files[sample])


_PART = st.sampled_from(["a", "b", "stages", "index.md", "closing.md", "changes"])


@given(st.lists(_PART, max_size=4), st.lists(_PART, max_size=4))
def test_links_between_pages_are_the_relative_paths_posix_gives(target: list[str], start: list[str]) -> None:
    from generator.markup.markdown import _relpath

    assert _relpath("/".join(target), "/".join(start)) == posixpath.relpath(
        "/".join(target) or ".", "/".join(start) or "."
    )


def test_a_projects_labels_change_only_the_words_they_name(project: Path) -> None:
    own = project / "templates/site/labels.yml"
    own.parent.mkdir(parents=True)
    own.write_text("en:\n  scripts: Call scripts\n  kinds: {stage: step}\n", encoding="utf-8")
    site = site_of(project)
    assert site.pages["scripts/index.md"].startswith('---\ntitle: "Call scripts"\n---\n\n# Call scripts\n')
    # the words it does not name are still the built-in ones, a mapping merged word by word
    assert {"Objection library": ["objections/index.md", "objections/too-expensive.md"]} in site.nav
    labels = load_labels(settings(project).template_dirs, "en")
    assert labels["kinds"]["stage"] == "step" and labels["kinds"]["script"] == "script"


def test_a_broken_labels_file_is_one_line_that_says_where(project: Path) -> None:
    own = project / "templates/site/labels.yml"
    own.parent.mkdir(parents=True)
    own.write_text("en:\n  scripts: [unclosed\n", encoding="utf-8")
    with pytest.raises(PlaybookError, match=r"templates/site/labels.yml:3:1: "):
        site_of(project)

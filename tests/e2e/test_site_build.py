"""`playbook build` as a user runs it: a strict build, links that resolve, safety, atomicity."""

from __future__ import annotations

import hashlib
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.conftest import copy_base
from tests.e2e.conftest import playbook


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        if tag == "a" and values.get("href"):
            self.links.append(str(values["href"]))


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def test_the_example_builds_strict_without_warnings(built_example: Path) -> None:
    assert (built_example / "site" / "index.html").is_file()
    assert (built_example / "site" / "stages" / "objection-handling" / "index.html").is_file()
    assert (built_example / "site" / "objections" / "too-expensive" / "index.html").is_file()


def test_every_internal_link_and_anchor_resolves(built_example: Path) -> None:
    site = built_example / "site"
    pages = {p: _parse(p) for p in site.rglob("*.html") if "assets" not in p.parts}
    broken = []
    for path, page in pages.items():
        for href in page.links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith(("mailto:", "tel:")):
                continue
            if parts.path:
                base = site if parts.path.startswith("/") else path.parent  # 404.html links from the root
                target = (base / unquote(parts.path).lstrip("/")).resolve()
                if target.is_dir():
                    target = target / "index.html"
            else:
                target = path
            if not target.is_file():
                broken.append(f"{path.relative_to(site)}: {href}")
            elif parts.fragment and target in pages and unquote(parts.fragment) not in pages[target].ids:
                broken.append(f"{path.relative_to(site)}: {href} (no such anchor)")
    assert broken == []
    assert sum(len(p.links) for p in pages.values()) > 1000  # the walk saw the real site


def test_two_builds_give_byte_identical_markdown(built_example: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    shutil.copytree(built_example, again, ignore=shutil.ignore_patterns("site", "build"))
    assert playbook("build", cwd=again).returncode == 0

    def digest(root: Path) -> dict[str, str]:
        docs = root / "build" / "docs"
        # LibreOffice stamps its PDFs with the time; the Markdown and the .docx files are ours
        return {
            p.relative_to(docs).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in docs.rglob("*")
            if p.is_file() and p.suffix != ".pdf"
        }

    assert digest(again) == digest(built_example)


def test_html_in_the_standards_never_reaches_the_page(tmp_path: Path) -> None:
    root = copy_base(tmp_path / "project")
    stage = root / "standards/stages/closing.yml"
    stage.write_text(
        stage.read_text()
        .replace("name: Closing", "name: </title><script>alert('name')</script>")
        .replace("summary: Sign the contract.", 'summary: "<img src=x onerror=alert(1)>"')
    )
    result = playbook("build", cwd=root)
    assert result.returncode == 0, result.stderr
    html = (root / "site" / "stages" / "closing" / "index.html").read_text(encoding="utf-8")
    assert (
        "&lt;script&gt;alert(&#39;name&#39;)&lt;/script&gt;" in html
        or "&lt;script&gt;alert('name')&lt;/script&gt;" in html
    )
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    for page in (root / "site").rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "<script>alert(" not in text and "<img src=x" not in text and "</title><" not in text, page


def _snapshot(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in site.rglob("*")
        if p.is_file()
    }


@pytest.fixture
def built_base(tmp_path: Path) -> Path:
    root = copy_base(tmp_path / "project")
    assert playbook("build", cwd=root).returncode == 0
    return root


def test_standards_with_errors_leave_the_site_as_it_was(built_base: Path) -> None:
    before = _snapshot(built_base / "site")
    stage = built_base / "standards/stages/closing.yml"
    stage.write_text(stage.read_text().replace("owner: seller", "owner: nobody"))
    result = playbook("build", cwd=built_base)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "standards/stages/closing.yml:4:8: error: unknown role 'nobody'; declare it under 'roles' in standards/playbook.yml [ref]",
        "1 error in 1 of 9 files",
        "site/ was not rebuilt: fix the errors above",
    ]
    assert _snapshot(built_base / "site") == before


def test_a_failing_mkdocs_build_leaves_the_site_as_it_was(built_base: Path) -> None:
    before = _snapshot(built_base / "site")
    override = built_base / "templates" / "site"
    override.mkdir(parents=True)
    (override / "roles.md.j2").write_text("# Roles\n\n[gone](missing-page.md)\n")
    result = playbook("build", cwd=built_base)
    assert result.returncode == 2
    assert "missing-page.md" in result.stderr
    assert _snapshot(built_base / "site") == before
    assert not (built_base / ".site.new").exists()


def test_an_interrupted_swap_is_recovered(built_base: Path) -> None:
    (built_base / "site").rename(built_base / ".site.old")  # killed between the two renames
    assert playbook("build", cwd=built_base).returncode == 0
    assert (built_base / "site" / "index.html").is_file()
    assert not (built_base / ".site.old").exists()


def test_a_build_stopped_by_errors_still_puts_the_site_back(built_base: Path) -> None:
    (built_base / "site").rename(built_base / ".site.old")  # killed between the two renames
    stage = built_base / "standards/stages/closing.yml"
    stage.write_text(stage.read_text().replace("owner: seller", "owner: nobody"))
    assert playbook("build", cwd=built_base).returncode == 1
    assert (built_base / "site" / "index.html").is_file()


def test_project_templates_override_the_built_in_ones(built_base: Path) -> None:
    override = built_base / "templates" / "site"
    override.mkdir(parents=True)
    (override / "tags.md.j2").write_text("# {{ L.tags }}\n\nOur own tag page.\n")
    assert playbook("build", cwd=built_base).returncode == 0
    assert "Our own tag page." in (built_base / "site" / "tags" / "index.html").read_text(encoding="utf-8")


def test_documents_offer_their_template_and_filled_sample(built_example: Path) -> None:
    from tests.docx_factory import text_of

    site = built_example / "site"
    html = (site / "documents" / "contract" / "index.html").read_text(encoding="utf-8")
    for download in ("contract.docx", "contract-cafe-shafran.docx", "contract-cafe-shafran.pdf"):
        assert f'href="../../downloads/{download}"' in html
        assert (site / "downloads" / download).is_file()
    sample = text_of((site / "downloads" / "contract-cafe-shafran.docx").read_bytes())
    assert "ООО «Шафран»" in sample and "{{" not in sample and "{%" not in sample
    assert (site / "downloads" / "contract-cafe-shafran.pdf").read_bytes().startswith(b"%PDF")
    checklist = (site / "checklists" / "closing" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../downloads/checklist-closing.docx"' in checklist
    form = text_of((site / "downloads" / "checklist-closing.docx").read_bytes())
    assert "☐" in form and "Чек-лист закрытия сделки" in form

"""The playbook site: Markdown pages from the model (`pages`), then MkDocs (`publish`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from generator.diagnostics import Diagnostic, Severity
from generator.history import releases
from generator.load import Source, load
from generator.model import build_model
from generator.site.downloads import Downloads, render_downloads
from generator.site.pages import Site, SiteSettings, render_site
from generator.site.publish import write_config, write_docs
from generator.validate import validate


@dataclass(frozen=True)
class Generation:
    """What one generation produced: the findings, and the pages when there were no errors."""

    source: Source
    diagnostics: list[Diagnostic]
    site: Site | None
    changed: list[str]
    downloads: Downloads | None = None

    @property
    def ok(self) -> bool:
        return self.site is not None


def generate(
    root: Path, pdf: bool = False, today: date | None = None, previous: Generation | None = None
) -> Generation:
    """load → validate → model → pages and downloads, written into build/ (only what changed);
    nothing on errors. ``pdf``: also the samples as PDF, when LibreOffice is installed (slow).
    Reviews are judged as of ``today`` (the real date unless given); the release tags in git, when
    there are any, make the «Что изменилось» pages. ``previous``: the last generation of a
    long-running `serve`, whose unchanged downloads are reused."""
    today = today or date.today()
    source = load(root)
    diagnostics = validate(source, today)
    if any(d.severity is Severity.ERROR for d in diagnostics):
        return Generation(source, diagnostics, None, [])
    playbook = build_model(source)
    downloads = render_downloads(source, playbook, pdf, previous.downloads if previous else None)
    settings = SiteSettings.for_project(root, source.mkdocs, today)
    site = render_site(playbook, settings, downloads, releases(root, source))
    changed = write_docs(root, site)
    write_config(root, site, playbook, source.mkdocs)
    return Generation(source, diagnostics, site, changed, downloads)

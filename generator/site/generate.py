"""One generation of the site: the standards read through the pipeline, then the pages and the
downloads written into build/ (only what changed); MkDocs is `publish.build_site`'s job."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from generator.changes.history import releases
from generator.diagnostics import Diagnostic, Summary, summarize
from generator.pipeline import Standards, read_standards
from generator.project import Project
from generator.site.dashboard import analyze_exports
from generator.site.downloads import Downloads, render_downloads
from generator.site.finder import indexed
from generator.site.pages import PageFailed, Site, SiteOptions, render_site
from generator.site.publish import write_config, write_docs


@dataclass(frozen=True)
class Generation:
    """What one generation produced: the standards with their findings, and the pages when
    there were no errors."""

    standards: Standards
    site: Site | None
    changed: list[str]
    downloads: Downloads | None = None
    problems: tuple[Diagnostic, ...] = ()  # what stopped it after the standards passed; or warnings

    @property
    def ok(self) -> bool:
        return self.site is not None

    @property
    def diagnostics(self) -> tuple[Diagnostic, ...]:
        """Every finding: the standards', and what the pages or downloads ran into."""
        return (*self.standards.diagnostics, *self.problems)

    @property
    def summary(self) -> Summary:
        return summarize(self.diagnostics, self.standards.source.file_count)


def generate(
    project: Project, pdf: bool = False, today: date | None = None, previous: Generation | None = None
) -> Generation:
    """load → validate → model → pages and downloads, written into build/ (only what changed);
    nothing on errors. ``pdf``: also the samples as PDF, when LibreOffice is installed (slow).
    Reviews are judged as of ``today`` (the real date unless given); the release tags in git, when
    there are any, make the «Что изменилось» pages. ``previous``: the last generation of a
    long-running `serve`, whose unchanged downloads are reused."""
    today = today or date.today()
    standards = read_standards(project, today=today)
    playbook = standards.playbook
    if playbook is None:
        return Generation(standards, None, [])
    downloads = render_downloads(playbook, standards.source, pdf, previous.downloads if previous else None)
    if downloads.problems:
        return Generation(standards, None, [], problems=downloads.problems)
    options = SiteOptions.for_project(project, standards.source.mkdocs, today)
    metrics, absent = analyze_exports(project, playbook, standards.source.playbook)
    try:
        site = indexed(
            render_site(playbook, options, downloads, releases(project, standards), metrics),
            playbook,
            options,
        )
    except PageFailed as failed:
        return Generation(standards, None, [], problems=(failed.diagnostic,))
    changed = write_docs(project, site)
    write_config(project, site, playbook, standards.source.mkdocs)
    return Generation(standards, site, changed, downloads, problems=tuple(absent))

"""`playbook build`: validate, generate the Markdown, and build site/ with MkDocs or Zensical (strict)."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from datetime import date

from generator.project import SITE, Project
from generator.report.diagnostics import TextReporter
from generator.site import zensical
from generator.site.generate import generate
from generator.site.publish import build_site, one_build, recover_site


@dataclass(frozen=True)
class BuildOptions:
    project: Project
    color: bool = False
    today: date | None = None  # the day the site's review dates are judged by; None for the real date
    engine: str = "mkdocs"  # one of generator.site.ENGINES


def execute(options: BuildOptions) -> int:
    """0 when site/ was rebuilt; 1 when the standards have errors (site/ is left as it was)."""
    started = time.perf_counter()
    if options.engine == "zensical":
        zensical.require()  # before the pages are generated, not after
    with one_build(options.project):  # from the first file written to the swap
        recover_site(options.project)  # first: even a build that stops on errors leaves a site/
        generation = generate(options.project, pdf=True, today=options.today)
        if generation.diagnostics:
            TextReporter(sys.stderr, options.color).report(generation.diagnostics, generation.summary)
        if generation.site is None:
            print(f"{SITE}/ was not rebuilt: fix the errors above", file=sys.stderr)
            return 1
        build_site(options.project, options.engine)
    pages = len(generation.site.pages)
    took = time.perf_counter() - started
    files = generation.standards.source.file_count
    print(f"built {SITE}/: {pages} pages from {files} files in {took:.1f} s")
    return 0

"""`playbook build`: validate, generate the Markdown, and build site/ with MkDocs (strict)."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from generator.diagnostics import summarize
from generator.report import TextReporter
from generator.site import generate
from generator.site.publish import BUILD_DIR, SITE_DIR, build_site, recover_site


@dataclass(frozen=True)
class BuildOptions:
    root: Path
    color: bool = False
    today: date | None = None  # the day the site's review dates are judged by; None for the real date


def execute(options: BuildOptions) -> int:
    """0 when site/ was rebuilt; 1 when the standards have errors (site/ is left as it was)."""
    started = time.perf_counter()
    recover_site(options.root)  # first: even a build that stops on errors leaves a site/
    generation = generate(options.root, pdf=True, today=options.today)
    if generation.diagnostics:
        summary = summarize(generation.diagnostics, generation.source.file_count)
        TextReporter(sys.stderr, options.color).report(generation.diagnostics, summary)
    if generation.site is None:
        print(f"{SITE_DIR}/ was not rebuilt: fix the errors above", file=sys.stderr)
        return 1
    build_site(options.root, options.root / BUILD_DIR / "mkdocs.yml")
    pages = len(generation.site.pages)
    print(
        f"built {SITE_DIR}/: {pages} pages from {generation.source.file_count} files in {time.perf_counter() - started:.1f} s"
    )
    return 0

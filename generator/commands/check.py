"""`playbook check`: validate the standards and report every finding."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import date

from generator.changes.recertify import invalidated
from generator.diagnostics import summarize
from generator.pipeline import read_standards
from generator.project import Project
from generator.report.diagnostics import REPORTERS


@dataclass(frozen=True)
class CheckOptions:
    project: Project
    format: str = "text"
    strict: bool = False
    color: bool = False
    today: date | None = None  # the date reviews are judged by; None for the real date
    ignore: frozenset[str] = frozenset()  # codes left out of the report and the exit code


def execute(options: CheckOptions) -> int:
    """0 when clean, 1 when there are errors (or warnings under ``strict``)."""
    standards = read_standards(options.project, today=options.today)
    found = [*standards.diagnostics, *invalidated(options.project, standards, options.today or date.today())]
    diagnostics = sorted(
        (d for d in found if d.code not in options.ignore), key=lambda d: (d.path, d.line, d.column)
    )
    summary = summarize(diagnostics, standards.source.file_count)
    REPORTERS[options.format](sys.stdout, options.color).report(diagnostics, summary)
    return 1 if summary.failed(options.strict) else 0

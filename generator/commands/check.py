"""`playbook check`: validate the standards and report every finding."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from generator.diagnostics import summarize
from generator.load import load
from generator.report import REPORTERS
from generator.validate import validate


@dataclass(frozen=True)
class CheckOptions:
    root: Path
    format: str = "text"
    strict: bool = False
    color: bool = False
    today: date | None = None  # the date reviews are judged by; None for the real date
    ignore: frozenset[str] = frozenset()  # codes left out of the report and the exit code


def execute(options: CheckOptions) -> int:
    """0 when clean, 1 when there are errors (or warnings under ``strict``)."""
    source = load(options.root)
    diagnostics = [d for d in validate(source, options.today) if d.code not in options.ignore]
    summary = summarize(diagnostics, source.file_count)
    REPORTERS[options.format](sys.stdout, options.color).report(diagnostics, summary)
    return 1 if summary.failed(options.strict) else 0
